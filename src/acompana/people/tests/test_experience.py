"""Experience over time: programs served in a cohort's year = declared at entry + the cohorts of
this program completed before that year; novice while that is at most one."""

import datetime

import pytest

from acompana.people.selectors import (
    ProgramsServed,
    experienced_in,
    is_novice_in,
    novice_flags_in,
    novices_in,
    programs_served_in,
)
from acompana.people.tests.factories import MentorProfileFactory, PartnershipFactory
from acompana.programs.tests.factories import CohortFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def years():
    program = ProgramFactory()
    return {y: CohortFactory(program=program, year=y) for y in (2019, 2020, 2021, 2022)}


def _both_ways(mentor, cohort):
    """The number from the SQL annotation and from the many-years reader (they must agree)."""
    sql = programs_served_in(cohort=cohort)[mentor.pk]
    python = ProgramsServed(cohort.program).served_in(mentor.pk, cohort.year)
    assert sql == python
    return sql


def test_programs_served_are_the_declared_number_plus_the_cohorts_completed_before(years):
    mentor = MentorProfileFactory(program=years[2019].program, programs_served=1)
    mentor.cohorts.set([years[2019], years[2020], years[2021]])
    assert [_both_ways(mentor, years[y]) for y in (2019, 2020, 2021, 2022)] == [1, 2, 3, 4]
    assert is_novice_in(mentor, years[2019])
    assert not is_novice_in(mentor, years[2020])


def test_a_mentor_joining_in_2020_is_a_novice_in_2020_and_experienced_in_2021(years):
    mentor = MentorProfileFactory(program=years[2019].program, programs_served=1)
    mentor.cohorts.set([years[2020], years[2021]])
    assert [_both_ways(mentor, years[y]) for y in (2019, 2020, 2021)] == [1, 1, 2]
    assert list(novices_in(cohort=years[2020])) == [mentor]
    assert list(experienced_in(cohort=years[2021])) == [mentor]
    assert novice_flags_in(cohort=years[2021]) == {mentor.pk: False}


def test_cohorts_of_another_program_do_not_count(years):
    mentor = MentorProfileFactory(program=years[2019].program, programs_served=0)
    elsewhere = CohortFactory(year=2019)
    mentor.cohorts.set([elsewhere, years[2020]])
    assert _both_ways(mentor, years[2021]) == 1
    assert is_novice_in(mentor, years[2021])


def test_a_partnership_in_a_cohort_counts_that_cohort_once(years):
    program = years[2019].program
    partnership = PartnershipFactory(program=program, cohort=years[2019])
    mentor = partnership.mentor
    mentor.programs_served = 0
    mentor.save(update_fields=["programs_served"])
    PartnershipFactory(program=program, cohort=years[2019], mentor=mentor)
    assert _both_ways(mentor, years[2020]) == 1
    mentor.cohorts.add(years[2019])
    assert _both_ways(mentor, years[2020]) == 1


def test_a_declared_experience_makes_a_mentor_experienced_from_the_first_cohort(years):
    mentor = MentorProfileFactory(program=years[2019].program, programs_served=2)
    mentor.cohorts.set([years[2021]])
    assert _both_ways(mentor, years[2021]) == 2
    assert not is_novice_in(mentor, years[2021])


def test_the_numbers_of_many_mentors_are_read_in_one_query(years, django_assert_num_queries):
    for n in range(5):
        MentorProfileFactory(program=years[2019].program, programs_served=n).cohorts.set(
            [years[2019], years[2020]]
        )
    with django_assert_num_queries(1):
        served = programs_served_in(cohort=years[2021])
    assert sorted(served.values()) == [2, 3, 4, 5, 6]


def test_a_buddy_pair_checks_experience_in_its_cohort(years):
    from django.core.exceptions import ValidationError

    from acompana.accounts.tests.factories import UserFactory
    from acompana.training.services import buddy_pair_create

    program = years[2019].program
    returning = MentorProfileFactory(program=program, programs_served=1)
    returning.cohorts.set([years[2019], years[2020]])
    newcomer = MentorProfileFactory(program=program, programs_served=1)
    newcomer.cohorts.set([years[2020]])
    pair = dict(program=program, started_on=years[2020].starts_on or datetime.date(2020, 4, 1))
    with pytest.raises(ValidationError, match="must be an experienced"):  # 2019: both novices
        buddy_pair_create(
            novice=newcomer, buddy=returning, cohort=years[2019], actor=UserFactory(), **pair
        )
    made = buddy_pair_create(
        novice=newcomer, buddy=returning, cohort=years[2020], actor=UserFactory(), **pair
    )
    assert (made.novice, made.buddy) == (newcomer, returning)
