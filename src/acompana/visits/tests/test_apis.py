"""Field work over the API: visits, notebook, dialogue and commitments.

The rules of DESIGN.md §1: coordinators see every visit of their program; the visit's mentor
reads and writes everything of it; the specialist who accompanies the mentor reads everything
and writes nothing; the visit's mentee sees the time, mode, place and status, the dialogue
summary once shared, and the commitments, and never the notebook nor the rest of the dialogue;
trainers and researchers get 403; outsiders 404. Every client here signs in with a token.
"""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acompana.api.testing import BASE
from acompana.common.models import AuditEntry
from acompana.programs.tests.factories import CohortFactory, ProgramFactory
from acompana.visits import services
from acompana.visits.models import Commitment, Dialogue, FieldNote, Round, Visit

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
VISITS = f"{BASE}/visits/"

# Texts the mentee must never read, whatever they ask for.
NOTEBOOK_SECRET = "Observé tensiones con la UGEL; no compartir"
DIALOGUE_SECRET = "Le cuesta delegar en el equipo directivo"
SUMMARY = "Acordamos observar dos aulas antes de la próxima visita"
SECRETS = [NOTEBOOK_SECRET, DIALOGUE_SECRET, "Apertura privada", "Pregunta privada"]

LIST_FIELDS = {
    "id",
    "scheduled_at",
    "duration_minutes",
    "mode",
    "place",
    "status",
    "mentor",
    "mentee",
    "round",
}


def at(days: int, hour: int = 10) -> datetime.datetime:
    """An aware datetime ``days`` from today at ``hour`` in the program's time zone."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def schedule(world, days: int = -7, *, other: bool = False, **kwargs) -> Visit:
    mentor = world.other_mentor_profile if other else world.mentor_profile
    mentee = world.other_mentee_profile if other else world.mentee_profile
    return services.visit_schedule(
        mentor=mentor,
        mentee=mentee,
        scheduled_at=at(days),
        mode=kwargs.pop("mode", "in_person"),
        actor=mentor.user,
        **kwargs,
    )


@pytest.fixture
def visit(world) -> Visit:
    """The mentor's visit to the mentee, with a private notebook, an unshared dialogue and a
    commitment."""
    visit = schedule(world, place="I.E. 50123")
    services.field_note_save(
        visit=visit, data={"events": NOTEBOOK_SECRET}, base_version=0, actor=world.mentor
    )
    services.dialogue_save(
        visit=visit,
        data={
            "opening": "Apertura privada",
            "improvements": DIALOGUE_SECRET,
            "questions": "Pregunta privada",
            "summary": SUMMARY,
        },
        base_version=0,
        actor=world.mentor,
    )
    services.commitment_add(
        visit=visit,
        text="Revisar el PAT con el equipo",
        owner="mentee",
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        actor=world.mentor,
    )
    return visit


@pytest.fixture
def other_visit(world) -> Visit:
    """A visit of the other mentor to the other mentee: only coordinators see it."""
    visit = schedule(world, -3, other=True)
    services.field_note_save(
        visit=visit,
        data={"events": "Nota del otro mentor"},
        base_version=0,
        actor=visit.mentor.user,
    )
    services.commitment_add(
        visit=visit, text="Otro compromiso", owner="both", due_on=None, actor=visit.mentor.user
    )
    return visit


@pytest.fixture
def visits(visit, other_visit) -> dict[str, Visit]:
    return {"visit": visit, "other": other_visit}


def check_error(response, status: int) -> None:
    """The status, in the one error format, with nothing but a code and a message."""
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message"}
    if status in {403, 404}:
        assert error["code"] == {403: "permission_denied", 404: "not_found"}[status]


def url(visit: Visit, rest: str = "") -> str:
    return f"{VISITS}{visit.pk}/{rest}"


def state(visit: Visit) -> tuple:
    """Everything a write could change, to check that a refused write changed nothing."""
    visit.refresh_from_db()
    note = FieldNote.objects.get(visit=visit)
    dialogue = Dialogue.objects.filter(visit=visit).first()
    commitments = list(Commitment.objects.filter(visit=visit).values_list("text", "status"))
    return (
        visit.status,
        visit.scheduled_at,
        note.version,
        note.events,
        dialogue and (dialogue.version, dialogue.summary, dialogue.shared_at),
        commitments,
    )


# --- The permission matrix: reading ------------------------------------------------------------

# persona -> (status, the visits they see)
LIST = {
    "coordinator": (200, {"visit", "other"}),
    "mentor": (200, {"visit"}),
    "mentee": (200, {"visit"}),
    "specialist": (200, {"visit"}),
    "trainer": (403, None),
    "researcher": (403, None),
    "outsider": (404, None),
}
# Who reads the notebook and the whole dialogue of a visit they see.
PRIVATE_READERS = {"coordinator", "mentor", "specialist"}


def read_cases(private: bool):
    """(persona, target, status) for a read of one visit: the list's status for those refused
    the list, 404 for a visit outside their list, 403 for the mentee on private parts."""
    for persona, (status, visible) in LIST.items():
        for target in ("visit", "other"):
            if status != 200:
                yield persona, target, status
            elif target not in visible:
                yield persona, target, 404
            elif private and persona not in PRIVATE_READERS:
                yield persona, target, 403
            else:
                yield persona, target, 200


@pytest.mark.parametrize(("persona", "status", "visible"), [(p, *v) for p, v in LIST.items()])
def test_the_visit_list_holds_only_the_visits_a_persona_may_see(
    api_as, visits, persona, status, visible
):
    response = api_as(persona).get(VISITS)

    if status != 200:
        check_error(response, status)
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {visits[name].pk for name in visible}


@pytest.mark.parametrize(("persona", "target", "status"), list(read_cases(private=False)))
def test_a_visit_opens_only_for_those_who_may_see_it(api_as, visits, persona, target, status):
    response = api_as(persona).get(url(visits[target]))

    if status != 200:
        check_error(response, status)
        return
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == visits[target].pk
    assert body["access"]["private"] == (persona in PRIVATE_READERS)
    assert body["access"]["write"] == (persona == "mentor")
    assert body["access"]["mentee"] == (persona == "mentee")


@pytest.mark.parametrize(("persona", "target", "status"), list(read_cases(private=True)))
def test_the_notebook_is_read_only_by_the_mentor_their_specialist_and_coordinators(
    api_as, visits, persona, target, status
):
    response = api_as(persona).get(url(visits[target], "notebook/"))

    if status != 200:
        check_error(response, status)
        assert NOTEBOOK_SECRET not in response.content.decode()
        return
    assert response.status_code == 200
    expected = FieldNote.objects.get(visit=visits[target])
    assert response.json()["events"] == expected.events
    assert response.json()["version"] == expected.version


@pytest.mark.parametrize(("persona", "target", "status"), list(read_cases(private=True)))
def test_the_whole_dialogue_is_read_only_by_the_mentor_their_specialist_and_coordinators(
    api_as, visits, persona, target, status
):
    response = api_as(persona).get(url(visits[target], "dialogue/"))

    if status != 200:
        check_error(response, status)
        assert DIALOGUE_SECRET not in response.content.decode()
        return
    assert response.status_code == 200
    dialogue = Dialogue.objects.filter(visit=visits[target]).first()
    assert response.json()["improvements"] == (dialogue.improvements if dialogue else "")


@pytest.mark.parametrize(("persona", "target", "status"), list(read_cases(private=False)))
def test_the_commitments_of_a_visit_show_to_everyone_who_sees_the_visit(
    api_as, visits, persona, target, status
):
    response = api_as(persona).get(url(visits[target], "commitments/"))

    if status != 200:
        check_error(response, status)
        return
    assert response.status_code == 200
    expected = list(visits[target].commitments.values_list("text", flat=True))
    assert [row["text"] for row in response.json()] == expected


# --- The permission matrix: writing ------------------------------------------------------------


def write_cases():
    """(persona, target, status) for a write to one visit: only its mentor may."""
    for persona, target, status in read_cases(private=False):
        if status == 200 and persona != "mentor":
            status = 403
        yield persona, target, status


def writes(visit: Visit) -> list[tuple[str, str, dict, int]]:
    """(method, url, body, success status) of every write endpoint of a visit."""
    note = FieldNote.objects.get(visit=visit).version
    dialogue = Dialogue.objects.filter(visit=visit).first()
    commitment = Commitment.objects.filter(visit=visit).first()
    return [
        ("post", url(visit, "status/"), {"status": "done"}, 200),
        ("put", url(visit, "notebook/"), {"version": note, "events": "Escrito"}, 200),
        (
            "put",
            url(visit, "dialogue/"),
            {"version": dialogue.version if dialogue else 0, "summary": "Resumen nuevo"},
            200,
        ),
        ("post", url(visit, "dialogue/share/"), {"shared": True}, 200),
        ("post", url(visit, "commitments/"), {"text": "Nuevo compromiso"}, 201),
        ("post", url(visit, f"commitments/{commitment.pk}/status/"), {"status": "done"}, 200),
    ]


WRITE_NAMES = ["status", "notebook", "dialogue", "share", "commitment", "commitment-status"]


@pytest.mark.parametrize("endpoint", range(len(WRITE_NAMES)), ids=WRITE_NAMES)
@pytest.mark.parametrize(("persona", "target", "status"), list(write_cases()))
def test_only_the_visits_mentor_may_write_and_a_refused_write_changes_nothing(
    api_as, visits, persona, target, status, endpoint
):
    visit = visits[target]
    if target == "other":
        services.dialogue_save(
            visit=visit, data={"summary": "Resumen"}, base_version=0, actor=visit.mentor.user
        )
    method, address, body, success = writes(visit)[endpoint]
    before = state(visit)

    response = getattr(api_as(persona), method)(address, body, format="json")

    if status == 200:
        assert response.status_code == success, response.content
        assert state(visit) != before
    else:
        check_error(response, status)
        assert state(visit) == before


SCHEDULE = {
    "coordinator": 403,
    "mentor": 201,
    "mentee": 403,
    "specialist": 403,
    "trainer": 403,
    "researcher": 403,
    "outsider": 404,
}


@pytest.mark.parametrize(("persona", "status"), SCHEDULE.items())
def test_only_a_mentor_schedules_visits(api_as, world, persona, status):
    body = {
        "mentee": world.mentee_profile.code,
        "scheduled_at": at(5).isoformat(),
        "mode": "video",
    }

    response = api_as(persona).post(VISITS, body, format="json")

    if status != 201:
        check_error(response, status)
        assert not Visit.objects.exists()
        return
    assert response.status_code == 201, response.content
    created = Visit.objects.get()
    assert response.json()["id"] == created.pk
    assert (created.mentor, created.mentee) == (world.mentor_profile, world.mentee_profile)


def test_another_mentor_cannot_see_or_change_a_visit_that_is_not_theirs(api, world, visit):
    api.force_authenticate(world.other_mentor_profile.user)

    assert api.get(url(visit)).status_code == 404
    assert api.get(url(visit, "notebook/")).status_code == 404
    response = api.put(url(visit, "notebook/"), {"version": 1, "events": "x"}, format="json")

    check_error(response, 404)
    assert FieldNote.objects.get(visit=visit).events == NOTEBOOK_SECRET


# --- The mentee never reads the notebook nor the unshared dialogue ----------------------------


def everything_the_mentee_can_ask(client, visit: Visit) -> list[str]:
    """The bodies of every endpoint the mentee may call about their visit, reads and writes."""
    bodies = [
        client.get(VISITS),
        client.get(VISITS, {"mentee": visit.mentee.code}),
        client.get(url(visit)),
        client.get(url(visit, "notebook/")),
        client.get(url(visit, "dialogue/")),
        client.get(url(visit, "commitments/")),
        # A stale version would get 409 with the saved text: the mentee must get 403 first.
        client.put(url(visit, "notebook/"), {"version": 0, "events": "x"}, format="json"),
        client.put(url(visit, "dialogue/"), {"version": 0, "summary": "x"}, format="json"),
        client.put(url(visit, "notebook/"), {"version": 99}, format="json"),
        client.post(url(visit, "dialogue/share/"), {"shared": True}, format="json"),
        client.post(url(visit, "status/"), {"status": "done"}, format="json"),
        client.post(url(visit, "commitments/"), {"text": "x"}, format="json"),
    ]
    return [response.content.decode() for response in bodies]


def test_the_mentee_never_obtains_the_notebook_or_the_unshared_dialogue(api_as, visit):
    for body in everything_the_mentee_can_ask(api_as("mentee"), visit):
        for secret in [*SECRETS, SUMMARY]:
            assert secret not in body


def test_the_mentee_reads_the_summary_once_shared_and_never_the_rest(api_as, world, visit):
    services.dialogue_share(visit=visit, shared=True, actor=world.mentor)
    client = api_as("mentee")

    for body in everything_the_mentee_can_ask(client, visit):
        for secret in SECRETS:
            assert secret not in body
    detail = client.get(url(visit)).json()
    assert detail["shared_summary"] == SUMMARY
    assert detail["shared_at"] is not None


def test_the_summary_is_hidden_again_when_the_mentor_stops_sharing_it(api_as, world, visit):
    services.dialogue_share(visit=visit, shared=True, actor=world.mentor)
    api_as("mentor").post(url(visit, "dialogue/share/"), {"shared": False}, format="json")

    detail = api_as("mentee").get(url(visit)).json()

    assert detail["shared_summary"] is None
    assert detail["shared_at"] is None


def test_the_mentee_sees_time_mode_place_status_and_commitments_of_their_visit(
    api_as, world, visit
):
    services.visit_status_change(
        visit=visit, status="done", note="Nota del mentor", actor=world.mentor
    )
    client = api_as("mentee")

    row = client.get(VISITS).json()["results"][0]
    detail = client.get(url(visit)).json()

    assert set(row) == LIST_FIELDS
    assert (detail["mode"], detail["place"], detail["status"]) == (
        "in_person",
        "I.E. 50123",
        "done",
    )
    assert [c["text"] for c in detail["commitments"]] == ["Revisar el PAT con el equipo"]
    assert detail["access"] == {"write": False, "private": False, "mentee": True}
    assert detail["shared_summary"] is None
    # The history carries the mentor's notes on why a visit changed: private.
    assert detail["status_changes"] is None
    assert "Nota del mentor" not in json.dumps(detail)


def test_the_list_shows_no_private_text_to_anyone(api_as, visit):
    body = api_as("coordinator").get(VISITS).content.decode()

    for secret in [*SECRETS, SUMMARY]:
        assert secret not in body


# --- Reading and writing what the mentor writes ------------------------------------------------


def test_a_visit_shows_when_how_where_and_who(api_as, world, visit):
    detail = api_as("mentor").get(url(visit)).json()

    assert {key: detail[key] for key in LIST_FIELDS} == {
        "id": visit.pk,
        "scheduled_at": visit.scheduled_at.isoformat(),
        "duration_minutes": 90,
        "mode": "in_person",
        "place": "I.E. 50123",
        "status": "planned",
        "mentor": {
            "code": world.mentor_profile.code,
            "name": world.mentor.get_full_name(),
        },
        "mentee": {
            "code": world.mentee_profile.code,
            "name": world.mentee.get_full_name(),
        },
        "round": None,
    }
    assert detail["status_changes"] == []


def test_the_specialist_reads_the_notebook_and_the_whole_dialogue(api_as, visit):
    client = api_as("specialist")

    notebook = client.get(url(visit, "notebook/")).json()
    dialogue = client.get(url(visit, "dialogue/")).json()

    assert notebook["events"] == NOTEBOOK_SECRET
    assert dialogue["improvements"] == DIALOGUE_SECRET
    assert dialogue["summary"] == SUMMARY
    assert dialogue["shared_at"] is None


def test_an_empty_notebook_reads_as_version_zero(api_as, world):
    visit = schedule(world)

    response = api_as("mentor").get(url(visit, "notebook/"))

    assert response.json() == {
        "context": "",
        "events": "",
        "interpretation": "",
        "notes": "",
        "version": 0,
        "updated_at": None,
    }


def test_saving_the_notebook_returns_the_new_version_and_keeps_sections_left_out(
    api_as, world, visit
):
    response = api_as("mentor").put(
        url(visit, "notebook/"), {"version": 1, "context": "Escuela rural"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    note = FieldNote.objects.get(visit=visit)
    assert (note.context, note.events, note.version) == ("Escuela rural", NOTEBOOK_SECRET, 2)
    assert AuditEntry.objects.filter(action="visits.notebook.saved", actor=world.mentor).exists()


def test_a_notebook_save_without_a_version_is_refused(api_as, visit):
    response = api_as("mentor").put(url(visit, "notebook/"), {"events": "x"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["version"]


@pytest.mark.parametrize(
    ("resource", "field", "first_version"), [("notebook", "events", 1), ("dialogue", "summary", 1)]
)
def test_two_saves_from_the_same_version_give_one_200_and_one_409_and_lose_nothing(
    api_as, world, visit, resource, field, first_version
):
    # Two devices of the mentor loaded the same version.
    laptop, phone = api_as("mentor"), APIClient()
    phone.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=world.mentor).key}")
    address = url(visit, f"{resource}/")

    first = laptop.put(address, {"version": first_version, field: "Desde la laptop"}, format="json")
    second = phone.put(
        address, {"version": first_version, field: "Desde el teléfono"}, format="json"
    )

    assert first.status_code == 200
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "conflict"
    assert error["message"]
    # The phone gets what the laptop saved, to merge with its own text.
    assert error["current"][field] == "Desde la laptop"
    assert error["current"]["version"] == first.json()["version"] == first_version + 1
    model = FieldNote if resource == "notebook" else Dialogue
    assert getattr(model.objects.get(visit=visit), field) == "Desde la laptop"

    merged = phone.put(
        address,
        {"version": error["current"]["version"], field: "Desde la laptop\nDesde el teléfono"},
        format="json",
    )

    assert merged.status_code == 200
    assert merged.json()["version"] == first_version + 2
    saved = getattr(model.objects.get(visit=visit), field)
    assert saved == "Desde la laptop\nDesde el teléfono"


def test_a_version_from_the_future_is_a_conflict_too(api_as, visit):
    response = api_as("mentor").put(
        url(visit, "notebook/"), {"version": 7, "events": "x"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["current"]["events"] == NOTEBOOK_SECRET


def test_the_mentor_saves_and_shares_the_dialogue(api_as, world):
    visit = schedule(world)
    client = api_as("mentor")

    saved = client.put(
        url(visit, "dialogue/"),
        {"version": 0, "strengths": "Lidera el GIA", "summary": "Observar aulas"},
        format="json",
    )
    shared = client.post(url(visit, "dialogue/share/"), {"shared": True}, format="json")

    assert saved.status_code == 200
    assert saved.json()["version"] == 1
    assert shared.status_code == 200
    assert shared.json()["shared_at"] is not None
    assert api_as("mentee").get(url(visit)).json()["shared_summary"] == "Observar aulas"
    assert AuditEntry.objects.filter(action="visits.dialogue.shared").exists()


def test_an_empty_summary_cannot_be_shared(api_as, world):
    visit = schedule(world)

    response = api_as("mentor").post(url(visit, "dialogue/share/"), {"shared": True}, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"non_field_errors": ["Write the summary before sharing it."]}
    assert not Dialogue.objects.filter(visit=visit, shared_at__isnull=False).exists()


def test_sharing_needs_a_yes_or_no(api_as, visit):
    response = api_as("mentor").post(url(visit, "dialogue/share/"), {}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["shared"]


# --- Scheduling and status ---------------------------------------------------------------------


def test_the_mentor_schedules_a_visit_with_a_mentee_given_by_code(api_as, world):
    cohort = world.mentor_profile.cohorts.get()
    round_ = Round.objects.create(
        program=world.program,
        cohort=cohort,
        name="Diagnóstico",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    body = {
        "mentee": world.mentee_profile.code,
        "scheduled_at": "2030-04-02T09:30:00",
        "mode": "phone",
        "place": "+51 999 000 000",
        "duration_minutes": 45,
        "round": round_.pk,
    }

    response = api_as("mentor").post(VISITS, body, format="json")

    assert response.status_code == 201, response.content
    visit = Visit.objects.get()
    # Without an offset, the time is read in the program's time zone (America/Lima, UTC-5).
    assert visit.scheduled_at == datetime.datetime(2030, 4, 2, 14, 30, tzinfo=datetime.UTC)
    assert (visit.mode, visit.place, visit.duration_minutes) == ("phone", "+51 999 000 000", 45)
    assert response.json()["round"] == {"id": round_.pk, "name": "Diagnóstico"}
    assert response.json()["access"]["write"] is True
    assert AuditEntry.objects.filter(action="visits.visit.scheduled", actor=world.mentor).exists()


@pytest.mark.parametrize("code", ["other_mentee", "NO-SUCH-CODE"])
def test_a_mentor_cannot_schedule_with_someone_elses_mentee_nor_learn_whether_it_exists(
    api_as, world, code
):
    mentee = world.other_mentee_profile.code if code == "other_mentee" else code
    body = {"mentee": mentee, "scheduled_at": at(3).isoformat(), "mode": "video"}

    response = api_as("mentor").post(VISITS, body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"mentee": ["None of your mentees has this code."]}
    assert not Visit.objects.exists()


def test_a_round_of_another_program_is_refused(api_as, world):
    elsewhere = ProgramFactory()
    round_ = Round.objects.create(
        program=elsewhere,
        cohort=CohortFactory(program=elsewhere),
        name="Ajena",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    body = {
        "mentee": world.mentee_profile.code,
        "scheduled_at": at(3).isoformat(),
        "mode": "video",
        "round": round_.pk,
    }

    response = api_as("mentor").post(VISITS, body, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["round"]


def test_scheduling_lists_the_missing_fields(api_as, world):
    response = api_as("mentor").post(VISITS, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"mentee", "scheduled_at", "mode"}


def test_a_visit_is_rescheduled_with_a_reason_and_a_new_time(api_as, world, visit):
    new_time = at(10, hour=15)
    body = {
        "status": "rescheduled",
        "reason": "connectivity",
        "note": "Sin señal en la zona",
        "new_time": new_time.isoformat(),
    }

    response = api_as("mentor").post(url(visit, "status/"), body, format="json")

    assert response.status_code == 200, response.content
    detail = response.json()
    assert detail["status"] == "rescheduled"
    assert detail["scheduled_at"] == new_time.isoformat()
    [change] = detail["status_changes"]
    assert (change["from_status"], change["to_status"], change["reason"]) == (
        "planned",
        "rescheduled",
        "connectivity",
    )
    coordinator_view = api_as("coordinator").get(url(visit)).json()
    assert coordinator_view["status_changes"][0]["note"] == "Sin señal en la zona"


@pytest.mark.parametrize(
    "body",
    [
        {"status": "cancelled"},
        {"status": "rescheduled", "reason": "weather"},
    ],
    ids=["cancel-without-reason", "reschedule-without-time"],
)
def test_a_status_change_the_service_refuses_gives_400(api_as, visit, body):
    response = api_as("mentor").post(url(visit, "status/"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["non_field_errors"]
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_an_unknown_status_names_the_field(api_as, visit):
    response = api_as("mentor").post(url(visit, "status/"), {"status": "lost"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]


# --- Commitments -------------------------------------------------------------------------------


def test_the_mentor_adds_a_commitment(api_as, world, visit):
    body = {"text": "Observar dos aulas", "owner": "both", "due_on": "2030-05-01"}

    response = api_as("mentor").post(url(visit, "commitments/"), body, format="json")

    assert response.status_code == 201, response.content
    created = response.json()
    assert {key: created[key] for key in ["visit", "text", "owner", "due_on", "status"]} == {
        "visit": visit.pk,
        "text": "Observar dos aulas",
        "owner": "both",
        "due_on": "2030-05-01",
        "status": "open",
    }
    texts = [row["text"] for row in api_as("mentee").get(url(visit, "commitments/")).json()]
    assert "Observar dos aulas" in texts


def test_a_commitment_needs_its_text(api_as, visit):
    response = api_as("mentor").post(url(visit, "commitments/"), {"text": ""}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["text"]


def test_a_commitment_is_followed_up_and_closed_in_the_next_visit(api_as, world, visit):
    commitment = visit.commitments.get()
    later = schedule(world, 7)

    earlier = api_as("mentee").get(url(later)).json()["earlier_commitments"]
    response = api_as("mentor").post(
        url(later, f"commitments/{commitment.pk}/status/"), {"status": "done"}, format="json"
    )

    assert [c["id"] for c in earlier] == [commitment.pk]
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    assert response.json()["followed_up_in"] == later.pk
    assert response.json()["closed_at"] is not None
    assert api_as("mentor").get(url(later)).json()["earlier_commitments"] == []


def test_a_commitment_of_another_pair_is_not_found(api_as, world, visit, other_visit):
    foreign = other_visit.commitments.get()

    response = api_as("mentor").post(
        url(visit, f"commitments/{foreign.pk}/status/"), {"status": "done"}, format="json"
    )

    check_error(response, 404)
    foreign.refresh_from_db()
    assert foreign.status == "open"


def test_an_unknown_commitment_status_names_the_field(api_as, visit):
    commitment = visit.commitments.get()

    response = api_as("mentor").post(
        url(visit, f"commitments/{commitment.pk}/status/"), {"status": "maybe"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]


# --- Filters -----------------------------------------------------------------------------------


@pytest.fixture
def spread(world) -> dict[str, Visit]:
    """Visits of the mentor a week ago, today and in a week; one done. And the other pair's."""
    past = schedule(world, -7)
    services.visit_status_change(visit=past, status="done", actor=world.mentor)
    return {
        "past": past,
        "today": schedule(world, 0),
        "next": schedule(world, 7),
        "other": schedule(world, 0, other=True),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_visits_are_filtered_by_status_dates_and_mentee(api_as, world, spread):
    client = api_as("coordinator")
    today = timezone.localdate().isoformat()

    assert ids(client.get(VISITS, {"status": "done"})) == {spread["past"].pk}
    assert ids(client.get(VISITS, {"from": today})) == {
        spread["today"].pk,
        spread["next"].pk,
        spread["other"].pk,
    }
    assert ids(client.get(VISITS, {"to": today})) == {
        spread["past"].pk,
        spread["today"].pk,
        spread["other"].pk,
    }
    assert ids(client.get(VISITS, {"from": today, "to": today})) == {
        spread["today"].pk,
        spread["other"].pk,
    }
    assert ids(client.get(VISITS, {"mentee": world.other_mentee_profile.code})) == {
        spread["other"].pk
    }


def test_visits_are_listed_latest_first(api_as, spread):
    rows = api_as("mentor").get(VISITS).json()["results"]

    assert [row["id"] for row in rows] == [spread[n].pk for n in ("next", "today", "past")]


def test_a_filter_never_widens_what_a_persona_may_see(api_as, world, spread):
    response = api_as("mentee").get(VISITS, {"mentee": world.other_mentee_profile.code})

    assert ids(response) == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "lost"}, "status"), ({"from": "yesterday"}, "from"), ({"to": "2026-13-01"}, "to")],
)
def test_a_bad_filter_gives_400_naming_the_field(api_as, world, params, field):
    response = api_as("coordinator").get(VISITS, params)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_empty_filters_are_ignored(api_as, spread):
    client = api_as("coordinator")
    empty = {"status": "", "from": "", "to": "", "mentee": ""}

    assert ids(client.get(VISITS, empty)) == ids(client.get(VISITS))


# --- Errors and authentication -----------------------------------------------------------------


def every_endpoint(visit: Visit) -> list[tuple[str, str]]:
    commitment = visit.commitments.get()
    return [
        ("get", VISITS),
        ("post", VISITS),
        ("get", url(visit)),
        ("post", url(visit, "status/")),
        ("get", url(visit, "notebook/")),
        ("put", url(visit, "notebook/")),
        ("get", url(visit, "dialogue/")),
        ("put", url(visit, "dialogue/")),
        ("post", url(visit, "dialogue/share/")),
        ("get", url(visit, "commitments/")),
        ("post", url(visit, "commitments/")),
        ("post", url(visit, f"commitments/{commitment.pk}/status/")),
    ]


def test_every_endpoint_refuses_an_anonymous_caller_with_401(api, visit):
    for method, address in every_endpoint(visit):
        response = getattr(api, method)(address, {}, format="json")

        assert response.status_code == 401, (method, address)
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["error"]["code"] == "not_authenticated"


def test_a_made_up_token_is_refused_everywhere(api, visit):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    for method, address in every_endpoint(visit):
        response = getattr(api, method)(address, {}, format="json")

        assert response.status_code == 401, (method, address)
        assert response.json()["error"]["code"] == "authentication_failed"


def test_a_token_obtained_with_the_password_reads_and_writes_the_notebook(api, visit):
    token = api.post(
        "/api/v1/auth/token/",
        {"email": "mentor@example.org", "password": "pass-word-123"},
        format="json",
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    read = api.get(url(visit, "notebook/"))
    written = api.put(url(visit, "notebook/"), {"version": 1, "notes": "Con token"}, format="json")

    assert read.status_code == 200
    assert written.status_code == 200
    assert FieldNote.objects.get(visit=visit).notes == "Con token"


def test_a_browser_session_cannot_write_without_the_csrf_token(world, visit):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(world.mentor)

    read = browser.get(url(visit, "notebook/"))
    written = browser.put(url(visit, "notebook/"), {"version": 1, "events": "x"}, format="json")

    assert read.status_code == 200
    check_error(written, 403)
    assert FieldNote.objects.get(visit=visit).events == NOTEBOOK_SECRET


@pytest.mark.parametrize(
    "address",
    [
        f"{VISITS}999999/",
        f"{VISITS}not-a-number/",
        f"{VISITS}not-a-number/notebook/",
        f"{VISITS}999999/dialogue/",
    ],
)
def test_a_visit_that_does_not_exist_gives_404_in_the_error_format(api_as, world, address):
    response = api_as("coordinator").get(address)

    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_an_unknown_commitment_id_gives_404(api_as, visit):
    for commitment in ["999999", "abc"]:
        response = api_as("mentor").post(
            url(visit, f"commitments/{commitment}/status/"), {"status": "done"}, format="json"
        )

        check_error(response, 404)


def test_a_visit_cannot_be_deleted_or_replaced(api_as, visit):
    client = api_as("mentor")

    assert client.delete(url(visit)).status_code == 405
    assert client.put(url(visit), {}, format="json").json()["error"]["code"] == (
        "method_not_allowed"
    )
    assert Visit.objects.filter(pk=visit.pk).exists()


# --- Query budgets -----------------------------------------------------------------------------

FEW, MANY = 3, 30
# Token, program, roles, count, rows (mentor, mentee and round joined in).
LIST_BUDGET = 5


def add_visits(world, n: int) -> None:
    round_ = Round.objects.create(
        program=world.program,
        cohort=world.mentor_profile.cohorts.get(),
        name=f"Ronda {Round.objects.count() + 1}",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    for day in range(n):
        visit = schedule(world, day, round=round_)
        services.commitment_add(
            visit=visit, text=f"Compromiso {day}", owner="mentee", due_on=None, actor=world.mentor
        )


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "mentee", "specialist"])
def test_the_visit_list_costs_the_same_queries_for_few_and_many_visits(api_as, world, persona):
    client = api_as(persona)
    add_visits(world, FEW)
    few = queries(client, VISITS)

    add_visits(world, MANY - FEW)
    many = queries(client, VISITS)

    assert client.get(VISITS).json()["count"] == MANY
    assert many == few <= LIST_BUDGET


def test_a_visit_costs_the_same_queries_for_few_and_many_commitments(api_as, world, visit):
    client = api_as("mentor")
    later = schedule(world, 7)
    few = queries(client, url(later))

    for n in range(MANY):
        services.commitment_add(
            visit=visit, text=f"Antes {n}", owner="mentee", due_on=None, actor=world.mentor
        )
        services.commitment_add(
            visit=later, text=f"Ahora {n}", owner="mentee", due_on=None, actor=world.mentor
        )
    many = queries(client, url(later))

    assert len(client.get(url(later)).json()["earlier_commitments"]) == MANY + 1
    assert many == few


# --- Schema ------------------------------------------------------------------------------------

VISIT_PATHS = {
    "/api/v1/programs/{program_slug}/visits/": {"get", "post"},
    "/api/v1/programs/{program_slug}/visits/{id}/": {"get"},
    "/api/v1/programs/{program_slug}/visits/{id}/status/": {"post"},
    "/api/v1/programs/{program_slug}/visits/{id}/notebook/": {"get", "put"},
    "/api/v1/programs/{program_slug}/visits/{id}/dialogue/": {"get", "put"},
    "/api/v1/programs/{program_slug}/visits/{id}/dialogue/share/": {"post"},
    "/api/v1/programs/{program_slug}/visits/{id}/commitments/": {"get", "post"},
    "/api/v1/programs/{program_slug}/visits/{id}/commitments/{commitment_id}/status/": {"post"},
}


@pytest.fixture
def schema(client, db) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_documents_every_field_work_endpoint(schema):
    for path, methods in VISIT_PATHS.items():
        assert path in schema["paths"]
        assert set(schema["paths"][path]) - {"parameters"} == methods


def test_the_schema_documents_the_visit_filters_and_the_conflicts(schema):
    visits = schema["paths"]["/api/v1/programs/{program_slug}/visits/"]["get"]
    query = {p["name"] for p in visits["parameters"] if p["in"] == "query"}
    notebook = schema["paths"]["/api/v1/programs/{program_slug}/visits/{id}/notebook/"]["put"]
    conflict = notebook["responses"]["409"]["content"]["application/json"]["schema"]

    assert {"status", "from", "to", "mentee"} <= query
    assert conflict == {"$ref": "#/components/schemas/NotebookConflict"}
    assert {"400", "401", "403", "404"} <= set(notebook["responses"])
