"""Group session pages on the design system: a cancelled session is marked with a badge in the
lists and says so under its title, cancelling is a danger button, and an empty list of informal
meetings tells a mentor how to log the first."""

import datetime

from django.urls import reverse
from django.utils import timezone

from acompana.common.choices import MeetingMode
from acompana.group_sessions import services
from acompana.group_sessions.models import Kind


def _session(world):
    return services.session_create(
        program=world.program,
        cohort=world.mentor_profile.cohorts.get(),
        kind=Kind.COUNSELING,
        title="Consejería grupal",
        starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=5),
        duration_minutes=120,
        mode=MeetingMode.IN_PERSON,
        actor=world.coordinator,
    )


def test_a_cancelled_session_is_marked_in_the_list_and_under_its_title(world, as_persona):
    session = _session(world)
    coordinator = as_persona("coordinator")
    detail = reverse("group_sessions:detail", args=[world.program.slug, session.pk])
    page = coordinator.get(detail).content.decode()
    assert '<button type="submit" class="danger">Cancel this session</button>' in page
    services.session_cancel(session=session, actor=world.coordinator)

    listed = coordinator.get(reverse("group_sessions:list", args=[world.program.slug]))
    upcoming = listed.content.decode().split('id="upcoming"', 1)[1].split("</section>", 1)[0]
    assert '<span class="badge neutral">Cancelled</span>' in upcoming
    header = coordinator.get(detail).content.decode().split('class="page-header"', 1)[1]
    header = header.split("</header>", 1)[0]
    assert "<h1>Consejería grupal</h1>" in header and '<p class="lead">Cancelled</p>' in header
    assert "Cancel this session" not in coordinator.get(detail).content.decode()


def test_an_empty_list_of_informal_meetings_tells_a_mentor_how_to_log_one(world, as_persona):
    url = reverse("group_sessions:meetings", args=[world.program.slug])
    empty = as_persona("mentor").get(url).content.decode().split('class="empty"', 1)[1]
    empty = empty.split("</div>", 1)[0]
    assert "No informal meetings yet." in empty and "Log a meeting with peers" in empty
