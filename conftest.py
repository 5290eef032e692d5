"""Persona fixtures shared by every test: one program and one person per role, plus an outsider.

The program has two partnerships: ``mentor`` accompanies ``mentee``, and ``other_mentor``
accompanies ``other_mentee``; ``specialist`` accompanies ``mentor`` only. Tests of the
permission matrix check that each persona sees exactly what DESIGN.md §1 allows.
"""

import os
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from acompana.accounts.models import Role, User
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    PartnershipFactory,
    SpecialistAssignmentFactory,
)
from acompana.programs.models import Program
from acompana.programs.tests.factories import CohortFactory, ProgramFactory


def test_clock(value: str, *, today: datetime | None = None) -> datetime:
    """The moment ``ACOMPANA_TEST_CLOCK`` names: ``"23:30 America/Lima"`` is half past eleven at
    night on today's date in Lima; ``"2026-04-04T23:30 America/Santiago"`` is that exact night."""
    moment, _, zone = value.strip().partition(" ")
    tz = ZoneInfo(zone or "UTC")
    if "T" in moment:
        return datetime.fromisoformat(moment).replace(tzinfo=tz)
    day = (today or datetime.now(tz)).astimezone(tz).date()
    return datetime.combine(day, time.fromisoformat(moment), tzinfo=tz)


def pytest_configure(config):
    """Run the whole suite at a chosen wall-clock time (the clock keeps ticking from there), so
    that code and tests which disagree about "today" in the program's time zone fail at once
    instead of every evening."""
    value = os.environ.get("ACOMPANA_TEST_CLOCK")
    if value:
        moment = test_clock(value)
        time_machine.travel(moment, tick=True).start()
        config.stash[_CLOCK] = moment


_CLOCK = pytest.StashKey[datetime]()


def pytest_report_header(config):
    moment = config.stash.get(_CLOCK, None)
    return f"clock: {moment.isoformat()} ({moment.tzinfo})" if moment else None


# The API tests of every app share token-signed clients and builders.
pytest_plugins = ["acompana.api.testing"]

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LANGUAGE_CODE = "en"
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class World:
    program: Program
    coordinator: User
    mentor: User
    mentee: User
    specialist: User
    trainer: User
    researcher: User
    outsider: User
    mentor_profile: MentorProfile
    mentee_profile: MenteeProfile
    other_mentor_profile: MentorProfile
    other_mentee_profile: MenteeProfile

    def persona(self, name: str) -> User:
        return getattr(self, name)


@pytest.fixture
def world(db) -> World:
    program = ProgramFactory(slug="test-program", name="Programa de prueba")
    cohort = CohortFactory(program=program, year=2026)
    people = {
        role: UserFactory(email=f"{role}@example.org")
        for role in ["coordinator", "specialist", "trainer", "researcher", "outsider"]
    }
    for role in ["coordinator", "specialist", "trainer", "researcher"]:
        MembershipFactory(user=people[role], program=program, role=role)
    pair = PartnershipFactory(
        program=program,
        mentor__user=UserFactory(email="mentor@example.org"),
        mentee__user=UserFactory(email="mentee@example.org"),
        cohort=cohort,
    )
    other = PartnershipFactory(program=program, cohort=cohort)
    SpecialistAssignmentFactory(
        program=program, specialist=people["specialist"], mentor=pair.mentor
    )
    for profile in (pair.mentor, pair.mentee, other.mentor, other.mentee):
        profile.cohorts.add(cohort)
    return World(
        program=program,
        mentor=pair.mentor.user,
        mentee=pair.mentee.user,
        mentor_profile=pair.mentor,
        mentee_profile=pair.mentee,
        other_mentor_profile=other.mentor,
        other_mentee_profile=other.mentee,
        **people,
    )


@pytest.fixture
def as_persona(client, world):
    """``as_persona("mentor")`` signs the test client in as that persona."""

    def sign_in(name: str):
        client.force_login(world.persona(name))
        return client

    return sign_in


__all__ = ["PERSONAS", "MenteeProfileFactory", "MentorProfileFactory", "Role"]
