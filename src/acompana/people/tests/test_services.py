"""The partnership lifecycle, written only by people's services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from acompana.common.models import AuditEntry
from acompana.people import services
from acompana.people.models import BuddyPair, Partnership
from acompana.people.tests.factories import MenteeProfileFactory, MentorProfileFactory
from acompana.programs.tests.factories import CohortFactory, ProgramFactory

START = datetime.date(2026, 3, 1)  # PartnershipFactory's start


def pair_of(world) -> Partnership:
    return Partnership.objects.get(mentor=world.mentor_profile, mentee=world.mentee_profile)


def test_a_partnership_starts_between_two_people_of_the_program_and_is_audited(world):
    mentee = MenteeProfileFactory(program=world.program)
    partnership = services.partnership_start(
        program=world.program,
        mentor=world.mentor_profile,
        mentee=mentee,
        started_on=START,
        actor=world.coordinator,
    )
    assert partnership.ended_on is None
    assert AuditEntry.objects.filter(action="people.partnership.started").count() == 1


def test_a_partnership_does_not_start_with_someone_of_another_program(world):
    stranger = MenteeProfileFactory(program=ProgramFactory())
    with pytest.raises(ValidationError):
        services.partnership_start(
            program=world.program,
            mentor=world.mentor_profile,
            mentee=stranger,
            started_on=START,
            actor=world.coordinator,
        )


def test_a_paused_partnership_stays_active_and_resumes_once(world):
    pair = pair_of(world)
    paused = services.partnership_pause(
        partnership=pair, since=START + datetime.timedelta(days=10), actor=world.coordinator
    )
    assert paused.paused_since == START + datetime.timedelta(days=10)
    assert paused.ended_on is None
    with pytest.raises(ValidationError, match="already paused"):
        services.partnership_pause(partnership=pair, since=START, actor=world.coordinator)
    resumed = services.partnership_resume(
        partnership=pair, on=START + datetime.timedelta(days=20), actor=world.coordinator
    )
    assert resumed.paused_since is None
    with pytest.raises(ValidationError, match="not paused"):
        services.partnership_resume(partnership=pair, on=START, actor=world.coordinator)
    assert AuditEntry.objects.filter(action__startswith="people.partnership.").count() == 2


def test_an_ended_partnership_lasts_through_the_day_before_and_cannot_change_later(world):
    pair = pair_of(world)
    services.partnership_pause(partnership=pair, since=START, actor=world.coordinator)
    ended = services.partnership_end(
        partnership=pair, effective_on=datetime.date(2026, 6, 1), actor=world.coordinator
    )
    assert ended.ended_on == datetime.date(2026, 5, 31)
    assert ended.paused_since is None
    with pytest.raises(ValidationError, match="already ended"):
        services.partnership_end(
            partnership=pair, effective_on=datetime.date(2026, 7, 1), actor=world.coordinator
        )


def test_no_change_takes_effect_before_the_partnership_started(world):
    with pytest.raises(ValidationError, match="before the partnership started"):
        services.partnership_end(
            partnership=pair_of(world),
            effective_on=START - datetime.timedelta(days=1),
            actor=world.coordinator,
        )


def test_reassigning_ends_the_partnership_and_starts_one_with_the_new_mentor(world):
    pair = pair_of(world)
    on = datetime.date(2026, 6, 1)
    new = services.partnership_reassign(
        partnership=pair, new_mentor=world.other_mentor_profile, effective_on=on, actor=None
    )
    pair.refresh_from_db()
    assert pair.ended_on == datetime.date(2026, 5, 31)
    assert (new.mentor, new.mentee, new.started_on) == (
        world.other_mentor_profile,
        world.mentee_profile,
        on,
    )
    assert new.cohort_id == pair.cohort_id
    [entry] = AuditEntry.objects.filter(action__startswith="people.partnership.")
    assert (entry.action, entry.target_id) == ("people.partnership.reassigned", str(pair.pk))
    assert entry.data == {
        "effective_on": "2026-06-01",
        "reason": "",
        "ended_on": "2026-05-31",
        "new_partnership": new.pk,
    }


def test_the_new_mentor_is_someone_else_active_in_the_same_program(world):
    pair = pair_of(world)
    on = datetime.date(2026, 6, 1)
    for mentor, message in [
        (world.mentor_profile, "someone else"),
        (MentorProfileFactory(program=world.program, active=False), "no longer active"),
        (MentorProfileFactory(), "from this program"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.partnership_reassign(
                partnership=pair, new_mentor=mentor, effective_on=on, actor=None
            )
    assert Partnership.objects.filter(mentee=world.mentee_profile).count() == 1


def test_publishing_pairs_keeps_active_ones_ends_replaced_ones_and_starts_the_rest(world):
    cohort = CohortFactory(program=world.program, year=2027)
    newcomer = MenteeProfileFactory(program=world.program)
    on = datetime.date(2026, 8, 1)
    created, ended = services.partnerships_publish(
        program=world.program,
        cohort=cohort,
        pairs=[
            (world.mentee_profile, world.mentor_profile),  # already active: kept
            (world.other_mentee_profile, world.mentor_profile),  # mentor changed
            (newcomer, world.other_mentor_profile),
        ],
        on=on,
        actor=world.coordinator,
    )
    assert (created, ended) == (2, 1)
    old = Partnership.objects.get(
        mentee=world.other_mentee_profile, mentor=world.other_mentor_profile
    )
    assert old.ended_on == on
    assert Partnership.objects.filter(program=world.program, ended_on__isnull=True).count() == 3
    assert AuditEntry.objects.filter(action="people.partnerships.published").exists()


def test_publishing_buddy_pairs_starts_them(world):
    novice = MentorProfileFactory(program=world.program, programs_served=0)
    created, ended = services.buddy_pairs_publish(
        program=world.program,
        cohort=None,
        pairs=[(novice, world.mentor_profile)],
        on=START,
        actor=world.coordinator,
    )
    assert (created, ended) == (1, 0)
    assert BuddyPair.objects.get(novice=novice).buddy == world.mentor_profile


def test_an_admitted_mentor_gets_a_profile_once_and_is_active_again_when_readmitted(world):
    cohort = CohortFactory(program=world.program, year=2027)
    user = world.outsider
    fields = {"teaching_years": 7, "programs_served": 0, "languages": ["es"]}
    profile = services.mentor_profile_admit(
        program=world.program, user=user, cohorts=[cohort], fields=fields, region=None, actor=None
    )
    assert profile.code == f"M-{user.pk}"
    profile.active = False
    profile.save(update_fields=["active"])
    again = services.mentor_profile_admit(
        program=world.program,
        user=user,
        cohorts=[cohort],
        fields={**fields, "teaching_years": 8},
        region=None,
        actor=None,
    )
    assert again.pk == profile.pk
    assert again.active
    assert again.teaching_years == 8
    assert list(again.cohorts.all()) == [cohort]


def test_a_novice_has_one_current_buddy_and_a_pair_ends_once_not_before_it_started(world):
    novice = MentorProfileFactory(program=world.program, programs_served=0)
    pair = services.buddy_pair_start(
        program=world.program,
        novice=novice,
        buddy=world.mentor_profile,
        started_on=START,
        actor=world.coordinator,
    )
    with pytest.raises(ValidationError, match="already has a buddy"):
        services.buddy_pair_start(
            program=world.program,
            novice=novice,
            buddy=world.other_mentor_profile,
            started_on=START,
            actor=world.coordinator,
        )
    with pytest.raises(ValidationError, match="before it started"):
        services.buddy_pair_end(
            pair=pair, ended_on=START - datetime.timedelta(days=1), actor=world.coordinator
        )
    services.buddy_pair_end(pair=pair, ended_on=START, actor=world.coordinator)
    with pytest.raises(ValidationError, match="already ended"):
        services.buddy_pair_end(pair=pair, ended_on=START, actor=world.coordinator)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"people.buddy_pair.started", "people.buddy_pair.ended"} <= actions


def test_a_specialist_accompanies_a_mentor_once_and_the_end_removes_the_assignment(world):
    mentor = world.other_mentor_profile
    assignment = services.specialist_assignment_start(
        program=world.program,
        specialist=world.specialist,
        mentor=mentor,
        discipline="sociology",
        actor=world.coordinator,
    )
    with pytest.raises(ValidationError, match="already accompanies"):
        services.specialist_assignment_start(
            program=world.program,
            specialist=world.specialist,
            mentor=mentor,
            discipline="sociology",
            actor=world.coordinator,
        )
    services.specialist_assignment_end(assignment=assignment, actor=world.coordinator)
    assert not mentor.specialist_assignments.exists()
    assert AuditEntry.objects.filter(action="people.specialist_assignment.ended").count() == 1
