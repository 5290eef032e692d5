"""Field work: scheduling, the private notebook, dialogue, commitments, protocols."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from acompana.visits import services
from acompana.visits.models import Commitment, FieldNote, Visit

SECRET = "Observé tensiones con la UGEL; no compartir"


def at(days: int) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)


@pytest.fixture
def visit(world):
    visit = services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=at(-7),
        mode="in_person",
        place="I.E. 50123",
        actor=world.mentor,
    )
    services.field_note_save(
        visit=visit, data={"events": SECRET}, base_version=0, actor=world.mentor
    )
    services.dialogue_save(
        visit=visit,
        data={"strengths": "Lidera el GIA", "summary": "Acordamos observar aulas"},
        base_version=0,
        actor=world.mentor,
    )
    return visit


def test_a_mentor_schedules_visits_only_with_their_own_mentees(world):
    with pytest.raises(ValidationError):
        services.visit_schedule(
            mentor=world.mentor_profile,
            mentee=world.other_mentee_profile,
            scheduled_at=at(3),
            mode="video",
            actor=world.mentor,
        )


def test_the_mentee_never_reads_the_notebook_and_sees_the_summary_only_once_shared(
    world, visit, as_persona
):
    url = reverse("visits:detail", args=[world.program.slug, visit.pk])
    body = as_persona("mentee").get(url).content.decode()
    assert SECRET not in body
    assert "Lidera el GIA" not in body
    assert "Acordamos observar aulas" not in body
    services.dialogue_share(visit=visit, shared=True, actor=world.mentor)
    body = as_persona("mentee").get(url).content.decode()
    assert "Acordamos observar aulas" in body
    assert SECRET not in body and "Lidera el GIA" not in body


@pytest.mark.parametrize(
    ("persona", "status", "sees_notebook"),
    [
        ("coordinator", 200, True),
        ("mentor", 200, True),
        ("specialist", 200, True),
        ("mentee", 200, False),
        ("trainer", 403, False),
        ("researcher", 403, False),
        ("outsider", 404, False),
    ],
)
def test_each_persona_sees_exactly_its_part_of_a_visit(
    world, visit, as_persona, persona, status, sees_notebook
):
    client = as_persona(persona)
    response = client.get(reverse("visits:detail", args=[world.program.slug, visit.pk]))
    assert response.status_code == status
    if status == 200:
        assert (SECRET in response.content.decode()) is sees_notebook
    listing = client.get(reverse("visits:list", args=[world.program.slug]))
    assert listing.status_code == status


@pytest.mark.parametrize("persona", ["coordinator", "specialist", "mentee", "trainer", "outsider"])
def test_only_the_visit_mentor_writes_the_notebook(world, visit, as_persona, persona):
    response = as_persona(persona).post(
        reverse("visits:notebook", args=[world.program.slug, visit.pk]),
        {"version": 1, "events": "overwritten"},
    )
    assert response.status_code in {403, 404}
    assert FieldNote.objects.get(visit=visit).events == SECRET


def test_other_mentors_and_specialists_of_other_mentors_cannot_open_the_visit(world, visit, client):
    from acompana.people.tests.factories import SpecialistAssignmentFactory

    other = SpecialistAssignmentFactory(program=world.program, mentor=world.other_mentor_profile)
    client.force_login(other.specialist)
    from acompana.accounts.tests.factories import MembershipFactory

    MembershipFactory(user=other.specialist, program=world.program, role="specialist")
    assert (
        client.get(reverse("visits:detail", args=[world.program.slug, visit.pk])).status_code == 404
    )
    client.force_login(world.other_mentor_profile.user)
    assert (
        client.get(reverse("visits:detail", args=[world.program.slug, visit.pk])).status_code == 404
    )


def test_two_saves_from_the_same_version_give_one_success_and_one_conflict(
    world, visit, as_persona
):
    client = as_persona("mentor")
    url = reverse("visits:notebook", args=[world.program.slug, visit.pk])
    json = {"HTTP_ACCEPT": "application/json"}
    first = client.post(url, {"version": 1, "events": "desde el teléfono"}, **json)
    second = client.post(url, {"version": 1, "events": "desde la laptop"}, **json)
    assert first.status_code == 200 and first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["saved"]["events"] == "desde el teléfono"
    assert FieldNote.objects.get(visit=visit).events == "desde el teléfono"
    page = client.post(url, {"version": 1, "events": "desde la laptop"})
    assert page.status_code == 409
    body = page.content.decode()
    assert "desde la laptop" in body and "desde el teléfono" in body


def test_cancelling_needs_a_reason_and_the_history_keeps_it(world, visit):
    with pytest.raises(ValidationError):
        services.visit_status_change(visit=visit, status="cancelled", actor=world.mentor)
    services.visit_status_change(
        visit=visit, status="rescheduled", reason="connectivity", new_time=at(2), actor=world.mentor
    )
    visit.refresh_from_db()
    assert visit.status == Visit.Status.RESCHEDULED
    assert visit.status_changes.get().reason == "connectivity"


def test_the_next_visit_lists_the_open_commitments_of_the_pair_first(world, visit, as_persona):
    services.commitment_add(
        visit=visit,
        text="Observar dos aulas",
        owner="mentee",
        due_on=datetime.date(2026, 1, 10),
        actor=world.mentor,
    )
    services.commitment_add(
        visit=visit, text="Revisar el PAT", owner="both", due_on=None, actor=world.mentor
    )
    later = services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=at(1),
        mode="phone",
        actor=world.mentor,
    )
    client = as_persona("mentor")
    body = client.get(
        reverse("visits:detail", args=[world.program.slug, later.pk])
    ).content.decode()
    assert body.index("Observar dos aulas") < body.index("Reflective dialogue")
    first = Commitment.objects.get(text="Observar dos aulas")
    client.post(
        reverse("visits:commitment_status", args=[world.program.slug, later.pk, first.pk]),
        {"status": "done"},
    )
    first.refresh_from_db()
    assert (first.status, first.followed_up_in) == ("done", later)
    mentee_body = (
        as_persona("mentee")
        .get(reverse("visits:detail", args=[world.program.slug, visit.pk]))
        .content.decode()
    )
    assert "Revisar el PAT" in mentee_body


def test_editing_a_protocol_creates_a_version_and_rounds_keep_theirs(world):
    protocol = services.protocol_create_default(program=world.program)
    first = protocol.current
    assert first.steps.count() == 9
    cohort = world.program.cohorts.get()
    round_ = services.round_create(
        program=world.program,
        cohort=cohort,
        name="Visitas diagnósticas",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 5, 31),
        protocol=protocol,
        actor=world.coordinator,
    )
    services.protocol_revise(
        protocol=protocol, steps=[("Uno", ""), ("Dos", "")], actor=world.coordinator
    )
    protocol.refresh_from_db()
    assert protocol.current.number == 2
    assert round_.protocol_version == first
    visit = services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=at(5),
        mode="in_person",
        round=round_,
        actor=world.mentor,
    )
    assert visit.protocol_version == first


def test_scheduling_from_the_page(world, as_persona):
    client = as_persona("mentor")
    url = reverse("visits:list", args=[world.program.slug])
    response = client.post(
        url,
        {
            "mentee": world.mentee_profile.pk,
            "scheduled_at": "2026-12-01T09:30",
            "mode": "in_person",
            "place": "I.E. 50123",
            "duration_minutes": 90,
        },
    )
    visit = Visit.objects.get()
    assert response["Location"] == reverse("visits:detail", args=[world.program.slug, visit.pk])
    assert timezone.localtime(visit.scheduled_at).hour == 9


def test_the_visit_list_keeps_its_query_count_flat(
    world, as_persona, django_assert_max_num_queries
):
    for day in range(30):
        services.visit_schedule(
            mentor=world.mentor_profile,
            mentee=world.mentee_profile,
            scheduled_at=at(day),
            mode="video",
            actor=world.mentor,
        )
    client = as_persona("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("visits:list", args=[world.program.slug]))
    assert response.context["page"].paginator.count == 30


def test_coordinators_create_rounds_and_revise_protocols_from_the_pages(world, as_persona):
    protocol = services.protocol_create_default(program=world.program)
    client = as_persona("coordinator")
    cohort = world.program.cohorts.get()
    response = client.post(
        reverse("visits:rounds", args=[world.program.slug]),
        {
            "cohort": cohort.pk,
            "name": "Ronda 1",
            "purpose": "Diagnóstico",
            "starts_on": "2026-04-01",
            "ends_on": "2026-05-31",
            "protocol": protocol.pk,
        },
    )
    assert response.status_code == 302
    round_ = cohort.rounds.get()
    assert round_.protocol_version == protocol.current
    url = reverse("visits:protocol", args=[world.program.slug, protocol.pk])
    client.post(url, {"steps": "Presentación | Acordar roles\nObservación\n"})
    protocol.refresh_from_db()
    assert protocol.current.number == 2
    assert [s.title for s in protocol.current.steps.all()] == ["Presentación", "Observación"]
    round_.refresh_from_db()
    assert round_.protocol_version.number == 1


@pytest.mark.parametrize("persona", ["mentor", "mentee", "specialist", "trainer", "researcher"])
def test_other_members_read_rounds_and_protocols_but_do_not_change_them(world, as_persona, persona):
    protocol = services.protocol_create_default(program=world.program)
    client = as_persona(persona)
    rounds_url = reverse("visits:rounds", args=[world.program.slug])
    protocol_url = reverse("visits:protocol", args=[world.program.slug, protocol.pk])
    assert client.get(rounds_url).status_code == 200
    assert client.get(protocol_url).status_code == 200
    assert client.post(protocol_url, {"steps": "Uno"}).status_code == 403
    assert client.post(rounds_url, {"name": "x"}).status_code == 403
    assert protocol.versions.count() == 1


def test_outsiders_do_not_see_rounds_or_protocols(world, as_persona):
    protocol = services.protocol_create_default(program=world.program)
    client = as_persona("outsider")
    assert client.get(reverse("visits:rounds", args=[world.program.slug])).status_code == 404
    url = reverse("visits:protocol", args=[world.program.slug, protocol.pk])
    assert client.get(url).status_code == 404


def test_marking_a_visit_done_calls_the_registered_hooks_once_and_other_changes_do_not(
    world, visit, monkeypatch
):
    seen = []
    monkeypatch.setattr(services, "VISIT_DONE_HOOKS", [lambda *, visit: seen.append(visit.pk)])
    services.visit_status_change(
        visit=visit,
        status="rescheduled",
        reason="connectivity",
        new_time=timezone.now(),
        actor=world.mentor,
    )
    assert seen == []
    services.visit_status_change(visit=visit, status="done", actor=world.mentor)
    assert seen == [visit.pk]
