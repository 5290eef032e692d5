"""The mentor and mentee imports' optional cohort column."""

import pytest

from acompana.common.importing import ImportRejected
from acompana.people.imports import spreadsheet_import
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.selectors import mentee_waiting_count
from acompana.programs.models import Cohort
from acompana.programs.tests.factories import CohortFactory, SchoolFactory


@pytest.fixture
def norte(world):
    return CohortFactory(program=world.program, year=2031, name="Norte")


def mentees_csv(*rows: str) -> bytes:
    header = "code,first_name,last_name,email,position,school_code,cohort\n"
    return (header + "".join(r + "\n" for r in rows)).encode()


def test_imported_mentees_join_the_cohort_named_and_wait_for_a_mentor(world, norte):
    SchoolFactory(program=world.program, code="S-1")
    waiting_before = mentee_waiting_count(program=world.program)
    spreadsheet_import(
        program=world.program,
        kind="mentees",
        content=mentees_csv(
            "N-1,Ana,Paz,ana@example.org,director,S-1,norte",
            "N-2,Luis,Ríos,luis@example.org,docente,S-1,2031",
            "N-3,Eva,Sol,eva@example.org,docente,S-1,",
        ),
        filename="m.csv",
        actor=world.coordinator,
    )
    cohorts = {m.code: [c.name for c in m.cohorts.all()] for m in MenteeProfile.objects.all()}
    assert cohorts["N-1"] == cohorts["N-2"] == ["Norte"] and cohorts["N-3"] == []
    assert mentee_waiting_count(program=world.program) == waiting_before + 2


def test_an_unknown_cohort_is_a_row_error_and_nothing_is_created(world, norte):
    SchoolFactory(program=world.program, code="S-1")
    with pytest.raises(ImportRejected) as rejected:
        spreadsheet_import(
            program=world.program,
            kind="mentees",
            content=mentees_csv(
                "N-1,Ana,Paz,ana@example.org,director,S-1,Sur",
                "N-2,Luis,Ríos,luis@example.org,docente,S-1,1999",
            ),
            filename="m.csv",
            actor=None,
        )
    assert [(e.line, e.column) for e in rejected.value.errors] == [(2, "cohort"), (3, "cohort")]
    assert Cohort.objects.filter(program=world.program).count() == 2
    assert not MenteeProfile.objects.filter(code="N-1").exists()


def test_a_year_shared_by_two_cohorts_must_be_named(world, norte):
    CohortFactory(program=world.program, year=2031, name="Sur")
    with pytest.raises(ImportRejected):
        spreadsheet_import(
            program=world.program,
            kind="mentors",
            content=b"code,first_name,last_name,email,cohort\nX-1,Ana,Paz,a@example.org,2031\n",
            filename="m.csv",
            actor=None,
        )


def test_mentors_join_a_cohort_and_reimporting_keeps_their_other_cohorts(world, norte):
    content = b"code,first_name,last_name,email,cohort\nX-1,Ana,Paz,a@example.org,Norte\n"
    for _ in range(2):
        spreadsheet_import(
            program=world.program, kind="mentors", content=content, filename="m.csv", actor=None
        )
    mentor = MentorProfile.objects.get(code="X-1")
    assert [c.name for c in mentor.cohorts.all()] == ["Norte"]


def test_imported_mentors_without_a_capacity_take_their_cohorts_default(world, norte):
    Cohort.objects.filter(pk=norte.pk).update(mentor_capacity=3)
    spreadsheet_import(
        program=world.program,
        kind="mentors",
        content=(
            "code,first_name,last_name,email,capacity,cohort\n"
            "C-1,Ana,Paz,ana@example.org,,Norte\n"
            "C-2,Luis,Ríos,luis@example.org,5,Norte\n"
            "C-3,Eva,Sol,eva@example.org,,\n"
        ).encode(),
        filename="m.csv",
        actor=world.coordinator,
    )
    capacity = dict(MentorProfile.objects.values_list("code", "capacity"))
    assert (capacity["C-1"], capacity["C-2"], capacity["C-3"]) == (3, 5, 8)
