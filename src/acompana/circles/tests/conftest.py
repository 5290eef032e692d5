"""Circles of the persona world: a mentoring circle of ``mentor`` whose members are ``mentee``,
``other_mentee`` and a third teacher; a reciprocal pair of two other teachers (``teacher_a``,
``teacher_b``); each with a meeting."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from acompana.accounts.models import User
from acompana.circles import services
from acompana.circles.models import Circle, Kind, Meeting
from acompana.people.models import MenteeProfile
from acompana.people.tests.factories import MenteeProfileFactory


@dataclass
class Circles:
    mentoring: Circle
    reciprocal: Circle
    third: MenteeProfile
    teacher_a: MenteeProfile
    teacher_b: MenteeProfile
    group_meeting: Meeting
    pair_meeting: Meeting

    def user(self, name: str) -> User:
        return getattr(self, name).user


def teacher(world, **extra) -> MenteeProfile:
    profile = MenteeProfileFactory(
        program=world.program, position=MenteeProfile.Position.TEACHER, **extra
    )
    profile.cohorts.add(world.program.cohorts.get())
    return profile


def last_week() -> datetime.datetime:
    return timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0) - (
        datetime.timedelta(days=7)
    )


@pytest.fixture
def circles(world) -> Circles:
    cohort = world.program.cohorts.get()
    third, teacher_a, teacher_b = teacher(world), teacher(world), teacher(world)
    mentoring = services.circle_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.MENTORING,
        name="Círculo de Matemática",
        mentor=world.mentor_profile,
        mentees=[world.mentee_profile, world.other_mentee_profile, third],
        status=Circle.Status.ACTIVE,
        actor=world.coordinator,
    )
    reciprocal = services.circle_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.RECIPROCAL,
        name="Pareja A-B",
        mentees=[teacher_a, teacher_b],
        status=Circle.Status.ACTIVE,
        actor=world.coordinator,
    )
    group_meeting = services.meeting_create(
        circle=mentoring, starts_at=last_week(), mode="in_person", actor=world.mentor
    )
    pair_meeting = services.meeting_create(
        circle=reciprocal,
        starts_at=last_week(),
        mode="video",
        facilitator=teacher_a,
        actor=teacher_a.user,
    )
    return Circles(mentoring, reciprocal, third, teacher_a, teacher_b, group_meeting, pair_meeting)
