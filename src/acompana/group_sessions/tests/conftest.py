import datetime
from zoneinfo import ZoneInfo

import pytest

from acompana.common.choices import MeetingMode
from acompana.group_sessions import services
from acompana.group_sessions.models import Kind

LIMA = ZoneInfo("America/Lima")


def at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LIMA)


@pytest.fixture
def cohort(world):
    return world.mentor_profile.cohorts.get()


@pytest.fixture
def session(world, cohort):
    """A counseling session of the cohort facilitated by the specialist, with both mentors
    invited."""
    return services.session_create(
        program=world.program,
        cohort=cohort,
        kind=Kind.COUNSELING,
        title="Consejería grupal",
        starts_at=at(datetime.date(2026, 5, 8)),
        duration_minutes=180,
        mode=MeetingMode.IN_PERSON,
        facilitator=world.specialist,
        place="UGEL Huancané, sala 2",
        agenda="Dificultades de la primera ronda",
        actor=world.coordinator,
    )
