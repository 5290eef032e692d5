from decimal import Decimal

from django.core.management import call_command

from acompana.accounts.models import Membership, User
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.programs.models import Program

TABLE3 = {
    "1A": ("licensed", 5, "0", True, True, 1),
    "2B": ("master", 10, "3", False, False, 2),
    "3C": ("licensed", 7, "0", True, False, 2),
    "4D": ("licensed", 20, "0", True, True, 3),
    "5E": ("licensed", 18, "15", True, False, 2),
    "6F": ("master", 15, "5", True, False, 2),
    "7G": ("licensed", 20, "2.5", True, True, 2),
    "8H": ("master", 20, "5.5", True, False, 3),
}


def test_the_demo_program_has_the_eight_mentors_of_table_3_exactly(db):
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    program = Program.objects.get(slug="mentoria-directivos")
    mentors = {m.code: m for m in MentorProfile.objects.filter(program=program)}
    assert set(mentors) == set(TABLE3)
    for code, (degree, teaching, management, accompaniment, assistance, served) in TABLE3.items():
        m = mentors[code]
        assert (m.highest_degree, m.teaching_years, m.management_years) == (
            degree,
            Decimal(teaching),
            Decimal(management),
        )
        assert (m.accompaniment_experience, m.technical_assistance) == (accompaniment, assistance)
        # declared at entry: the program they entered with; the study's "mentoring programs
        # 2019-2021" are the demo's cohorts each mentor served in, ending with 2021
        assert m.programs_served == 1
        assert sorted(c.year for c in m.cohorts.all()) == list(range(2022 - served, 2022))
        assert m.user.email == f"mentor-{code.lower()}@demo.example.org"
    assert [(c.year, c.modality) for c in program.cohorts.order_by("year")] == [
        (2019, "in_person"),
        (2020, "in_person"),
        (2021, "virtual"),
    ]


def test_the_demo_program_has_principals_across_regions_and_every_role(db):
    call_command("demo", "--password", "demo-pass-123")
    program = Program.objects.get(slug="mentoria-directivos")
    mentees = MenteeProfile.objects.filter(program=program)
    assert mentees.count() >= 60
    assert set(mentees.values_list("position", flat=True)) == {"principal", "assistant_principal"}
    assert mentees.values("region").distinct().count() >= 4
    assert User.objects.filter(email="principal-01@demo.example.org").exists()
    roles = set(Membership.objects.filter(program=program).values_list("role", flat=True))
    assert roles == {"coordinator", "mentor", "mentee", "specialist", "trainer", "researcher"}
    for local in ["coordinator", "specialist-1", "specialist-2", "trainer", "researcher"]:
        assert User.objects.get(email=f"{local}@demo.example.org").check_password("demo-pass-123")


def test_loading_the_demo_twice_changes_nothing(db):
    call_command("demo", "--password", "demo-pass-123")
    counts = [
        m.objects.count() for m in (User, MentorProfile, MenteeProfile, Partnership, Membership)
    ]
    call_command("demo", "--password", "demo-pass-123")
    assert counts == [
        m.objects.count() for m in (User, MentorProfile, MenteeProfile, Partnership, Membership)
    ]


def test_demo_if_empty_leaves_a_database_with_programs_alone(db, capsys):
    Program.objects.create(slug="own", name="Own")
    call_command("demo", "--if-empty", "--password", "demo-pass-123")
    assert not Program.objects.filter(slug="mentoria-directivos").exists()


def test_the_demo_has_three_years_of_field_work_with_more_connectivity_trouble_in_2021(db):
    from acompana.visits.models import (
        Commitment,
        Dialogue,
        FieldNote,
        ItemAnswer,
        StatusChange,
        Visit,
    )

    call_command("demo", "--password", "demo-pass-123")
    years = {v.round.cohort.year for v in Visit.objects.select_related("round__cohort")}
    assert years == {2019, 2020, 2021}

    def connectivity_share(year):
        visits = Visit.objects.filter(round__cohort__year=year)
        moved = StatusChange.objects.filter(visit__in=visits, reason="connectivity").count()
        return moved / visits.count()

    assert connectivity_share(2021) > 0.1 > connectivity_share(2020)
    assert FieldNote.objects.exists() and Dialogue.objects.filter(shared_at__isnull=False).exists()
    assert Commitment.objects.filter(status="open").exists()
    assert ItemAnswer.objects.exists()


def test_the_demo_novice_mentor_has_a_buddy_and_logged_meetings(db):
    from acompana.people.models import BuddyPair

    call_command("demo", "--password", "demo-pass-123")
    pair = BuddyPair.objects.get(novice__code="1A")
    assert pair.buddy.code == "8H"
    assert pair.meetings.count() == 3
