"""Field work over the API beyond the visit: rounds, protocols, instruments and their answers,
diagnoses and accompaniment observations.

The rules of DESIGN.md §1: rounds, protocols and blank instruments are read by every member;
coordinators create rounds and revise protocols. A visit's instrument answers and observations
are read by the mentor, the specialist who accompanies them and coordinators; the visit's
mentee gets 403 and never receives any of it. Only the visit's mentor saves answers and
replies; only the accompanying specialist observes. Diagnoses are read by whoever may see the
mentee and recorded by the mentee's current mentor.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acompana.api.testing import BASE
from acompana.programs.tests.factories import CohortFactory, ProgramFactory
from acompana.visits import services
from acompana.visits.instruments import LEVELS_I_IV, instrument_response_save
from acompana.visits.models import (
    AccompanimentObservation,
    Diagnosis,
    Instrument,
    InstrumentItem,
    ItemAnswer,
    Protocol,
    Round,
    Visit,
)
from acompana.visits.tests.test_apis import check_error, read_cases, schedule, write_cases

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
MEMBERS_READ = {p: 200 for p in PERSONAS} | {"outsider": 404}
COORDINATORS_WRITE = {p: 403 for p in PERSONAS} | {"coordinator": 201, "outsider": 404}

ROUNDS = f"{BASE}/rounds/"
PROTOCOLS = f"{BASE}/protocols/"
INSTRUMENTS = f"{BASE}/instruments/"

# Texts the mentee must never read.
EVIDENCE_SECRET = "La directora no revisó ninguna programación"
OBSERVATION_SECRET = "Registra poco; pregunta de forma cerrada"
REPLY_SECRET = "Probaré preguntas abiertas"


def visit_url(visit: Visit, rest: str = "") -> str:
    return f"{BASE}/visits/{visit.pk}/{rest}"


# --- Fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def rubric(db) -> Instrument:
    """A shipped rubric with levels I to IV and two criteria."""
    instrument = Instrument.objects.create(
        program=None, slug="rubrica", name="Rúbrica", kind="rubric", levels=LEVELS_I_IV
    )
    for n in (1, 2):
        InstrumentItem.objects.create(
            instrument=instrument,
            position=n,
            code=f"R{n}",
            title=f"Criterio {n}",
            descriptors=[f"Nivel {level} de R{n}" for level in range(1, 5)],
            verification="V" if n == 1 else "U",
        )
    return instrument


@pytest.fixture
def instruments(world, rubric) -> dict[str, Instrument]:
    """The shipped rubric, a checklist of the program and one of another program."""
    own = Instrument.objects.create(
        program=world.program, slug="lista-propia", name="Lista propia", kind="checklist"
    )
    InstrumentItem.objects.create(instrument=own, position=1, code="L1", title="Ítem")
    foreign = Instrument.objects.create(
        program=ProgramFactory(), slug="ajena", name="Ajena", kind="checklist"
    )
    return {"rubric": rubric, "own": own, "foreign": foreign}


@pytest.fixture
def visits(world, rubric) -> dict[str, Visit]:
    """The mentor's visit, with rubric answers, an observation and a reply; and the other
    pair's visit, with answers and an observation by a coordinator-assigned specialist."""
    visit = schedule(world, place="I.E. 50123")
    other = schedule(world, -3, other=True)
    items = list(rubric.items.all())
    for v in (visit, other):
        instrument_response_save(
            visit=v,
            instrument=rubric,
            answers={items[0].pk: {"level": 3, "evidence": EVIDENCE_SECRET}},
            actor=v.mentor.user,
        )
    observation = services.observation_record(
        visit=visit, specialist=world.specialist, did_well=OBSERVATION_SECRET
    )
    services.observation_reply(observation=observation, text=REPLY_SECRET, actor=world.mentor)
    AccompanimentObservation.objects.create(
        visit=other, specialist=world.coordinator, did_well="Observación del otro"
    )
    return {"visit": visit, "other": other}


@pytest.fixture
def protocol(world) -> Protocol:
    protocol = Protocol.objects.create(program=world.program, name="Visita diagnóstica")
    services.protocol_revise(
        protocol=protocol, steps=[("Saludo", ""), ("Observación", "Tomar notas")], actor=None
    )
    return protocol


@pytest.fixture
def framework_competencies(world, competencies):
    """The program works with the competencies of the API tests' framework."""
    world.program.framework = competencies[0].domain.framework
    world.program.save(update_fields=["framework"])
    return competencies


def cohort_of(world):
    return world.mentor_profile.cohorts.get()


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


# --- Rounds ------------------------------------------------------------------------------------


def add_rounds(world, protocol: Protocol, n: int) -> None:
    for i in range(n):
        services.round_create(
            program=world.program,
            cohort=cohort_of(world),
            name=f"Ronda {Round.objects.count() + 1}",
            starts_on=timezone.localdate() + datetime.timedelta(days=i),
            ends_on=timezone.localdate() + datetime.timedelta(days=i + 30),
            protocol=protocol if i % 2 else None,
            actor=world.coordinator,
        )


@pytest.mark.parametrize(("persona", "status"), MEMBERS_READ.items())
def test_every_member_reads_the_rounds(api_as, world, protocol, persona, status):
    add_rounds(world, protocol, 2)
    elsewhere = ProgramFactory()
    Round.objects.create(
        program=elsewhere,
        cohort=CohortFactory(program=elsewhere, year=2026),
        name="Ajena",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )

    response = api_as(persona).get(ROUNDS)

    if status != 200:
        check_error(response, status)
        return
    rows = response.json()["results"]
    assert {row["name"] for row in rows} == {"Ronda 1", "Ronda 2"}
    assert set(rows[0]) == {
        "id",
        "name",
        "cohort",
        "purpose",
        "starts_on",
        "ends_on",
        "protocol",
        "protocol_version",
    }
    assert [(r["protocol"], r["protocol_version"]) for r in rows] == [
        (None, None),
        (protocol.pk, 1),
    ]


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_WRITE.items())
def test_only_coordinators_create_rounds(api_as, world, protocol, persona, status):
    body = {
        "name": "Visitas de abril",
        "cohort": cohort_of(world).pk,
        "starts_on": "2026-04-01",
        "ends_on": "2026-05-15",
        "purpose": "Diagnóstico",
        "protocol": protocol.pk,
    }

    response = api_as(persona).post(ROUNDS, body, format="json")

    if status != 201:
        check_error(response, status)
        assert not Round.objects.exists()
        return
    assert response.status_code == 201, response.content
    created = Round.objects.get()
    assert response.json()["id"] == created.pk
    assert response.json()["protocol_version"] == 1
    assert created.protocol_version == protocol.current


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2026-03-01"}, "ends_on"),
        ({"cohort": 999999}, "cohort"),
        ({"protocol": 999999}, "protocol"),
        ({"starts_on": "abril"}, "starts_on"),
    ],
)
def test_a_bad_round_gives_400_naming_the_field(api_as, world, change, field):
    body = {
        "name": "Ronda",
        "cohort": cohort_of(world).pk,
        "starts_on": "2026-04-01",
        "ends_on": "2026-05-15",
        **change,
    }

    response = api_as("coordinator").post(ROUNDS, body, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert not Round.objects.exists()


def test_a_round_cannot_use_a_cohort_of_another_program(api_as, world):
    foreign = CohortFactory(program=ProgramFactory(), year=2026)
    body = {"name": "R", "cohort": foreign.pk, "starts_on": "2026-04-01", "ends_on": "2026-05-01"}

    response = api_as("coordinator").post(ROUNDS, body, format="json")

    assert list(response.json()["error"]["fields"]) == ["cohort"]


@pytest.mark.parametrize("persona", ["coordinator", "mentee"])
def test_the_round_list_costs_the_same_queries_for_few_and_many_rounds(
    api_as, world, protocol, persona
):
    client = api_as(persona)
    add_rounds(world, protocol, 3)
    few = queries(client, ROUNDS)

    add_rounds(world, protocol, 27)
    many = queries(client, ROUNDS)

    assert client.get(ROUNDS).json()["count"] == 30
    assert many == few <= 5  # token, program, membership, count, rows


# --- Protocols ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), MEMBERS_READ.items())
def test_every_member_reads_the_protocols_and_their_current_steps(
    api_as, protocol, persona, status
):
    services.protocol_revise(protocol=protocol, steps=[("Nuevo paso", "Guía")], actor=None)
    client = api_as(persona)

    listed = client.get(PROTOCOLS)
    detail = client.get(f"{PROTOCOLS}{protocol.pk}/")

    if status != 200:
        check_error(listed, status)
        check_error(detail, status)
        return
    assert listed.json()["results"] == [
        {"id": protocol.pk, "name": "Visita diagnóstica", "current_version": 2}
    ]
    assert detail.json()["current_version"] == 2
    assert detail.json()["steps"] == [{"position": 1, "title": "Nuevo paso", "guidance": "Guía"}]


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_WRITE.items())
def test_only_coordinators_revise_a_protocol(api_as, protocol, persona, status):
    body = {"steps": [{"title": "Acogida", "guidance": "Cinco minutos"}, {"title": "Cierre"}]}

    response = api_as(persona).post(f"{PROTOCOLS}{protocol.pk}/versions/", body, format="json")

    if status != 201:
        check_error(response, status)
        assert protocol.versions.count() == 1
        return
    assert response.status_code == 201, response.content
    assert response.json()["current_version"] == 2
    assert [s["title"] for s in response.json()["steps"]] == ["Acogida", "Cierre"]
    # The earlier version keeps its steps for the rounds that follow it.
    assert list(protocol.versions.get(number=1).steps.values_list("title", flat=True)) == [
        "Saludo",
        "Observación",
    ]


@pytest.mark.parametrize("body", [{"steps": []}, {}, {"steps": [{"guidance": "sin título"}]}])
def test_a_protocol_revision_needs_titled_steps(api_as, protocol, body):
    response = api_as("coordinator").post(
        f"{PROTOCOLS}{protocol.pk}/versions/", body, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["steps"]
    assert protocol.versions.count() == 1


def test_a_protocol_of_another_program_is_not_found(api_as, world):
    foreign = Protocol.objects.create(program=ProgramFactory(), name="Ajeno")

    for address in [f"{PROTOCOLS}{foreign.pk}/", f"{PROTOCOLS}abc/"]:
        check_error(api_as("coordinator").get(address), 404)
    response = api_as("coordinator").post(
        f"{PROTOCOLS}{foreign.pk}/versions/", {"steps": [{"title": "x"}]}, format="json"
    )
    check_error(response, 404)


# --- Instruments -------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), MEMBERS_READ.items())
def test_every_member_reads_the_shipped_instruments_and_the_programs_own(
    api_as, instruments, persona, status
):
    response = api_as(persona).get(INSTRUMENTS)

    if status != 200:
        check_error(response, status)
        return
    rows = {row["slug"]: row for row in response.json()["results"]}
    shipped = set(Instrument.objects.filter(program=None).values_list("slug", flat=True))
    assert "rubrica" in shipped
    assert set(rows) == shipped | {"lista-propia"}
    rubric = rows["rubrica"]
    assert rubric["shipped"] is True
    assert rows["lista-propia"]["shipped"] is False
    assert [level["value"] for level in rubric["levels"]] == [1, 2, 3, 4]
    assert rubric["levels"][0] == {"value": 1, "label": "I · Muy deficiente", "verification": "P"}
    first = rubric["items"][0]
    assert (first["code"], first["title"], first["verification"]) == ("R1", "Criterio 1", "V")
    assert first["descriptors"][2] == "Nivel 3 de R1"
    assert [item["code"] for item in rubric["items"]] == ["R1", "R2"]


def test_the_instrument_list_costs_the_same_queries_for_few_and_many_instruments(
    api_as, world, instruments
):
    client = api_as("mentor")
    few = queries(client, INSTRUMENTS)

    for n in range(20):
        own = Instrument.objects.create(
            program=world.program, slug=f"lista-{n}", name=f"Lista {n}", kind="checklist"
        )
        for i in range(5):
            InstrumentItem.objects.create(instrument=own, position=i, code=f"L{i}", title="x")
    many = queries(client, INSTRUMENTS)

    shipped = Instrument.objects.filter(program=None).count()
    assert client.get(INSTRUMENTS).json()["count"] == shipped + 21
    assert many == few <= 6  # token, program, membership, count, rows, items


# --- A visit's instrument answers --------------------------------------------------------------


@pytest.mark.parametrize(("persona", "target", "status"), list(read_cases(private=True)))
def test_a_visits_instrument_answers_are_read_only_with_private_access(
    api_as, visits, rubric, persona, target, status
):
    response = api_as(persona).get(visit_url(visits[target], "instruments/rubrica/"))

    if status != 200:
        check_error(response, status)
        assert EVIDENCE_SECRET not in response.content.decode()
        return
    body = response.json()
    assert body["instrument"]["slug"] == "rubrica"
    first = rubric.items.get(code="R1")
    assert body["answers"] == [
        {"item": first.pk, "level": 3, "checked": None, "answer": "", "evidence": EVIDENCE_SECRET}
    ]
    assert body["can_write"] == (persona == "mentor")


def saved_answers(visit: Visit) -> list[tuple]:
    return list(
        ItemAnswer.objects.filter(response__visit=visit)
        .order_by("item__position")
        .values_list("item__code", "level", "evidence")
    )


@pytest.mark.parametrize(("persona", "target", "status"), list(write_cases()))
def test_only_the_visits_mentor_saves_instrument_answers(
    api_as, visits, rubric, persona, target, status
):
    visit = visits[target]
    second = rubric.items.get(code="R2")
    before = saved_answers(visit)
    body = {"answers": [{"item": second.pk, "level": 4, "evidence": "Nueva evidencia"}]}

    response = api_as(persona).put(visit_url(visit, "instruments/rubrica/"), body, format="json")

    if status != 200:
        check_error(response, status)
        assert saved_answers(visit) == before
        return
    assert response.status_code == 200, response.content
    # The answers given replace those saved.
    assert saved_answers(visit) == [("R2", 4, "Nueva evidencia")]
    assert [a["level"] for a in response.json()["answers"]] == [4]


@pytest.mark.parametrize("level", [0, 5, 99])
def test_a_level_outside_the_rubric_gives_400_and_saves_nothing(api_as, visits, rubric, level):
    visit = visits["visit"]
    before = saved_answers(visit)
    item = rubric.items.get(code="R1")

    response = api_as("mentor").put(
        visit_url(visit, "instruments/rubrica/"),
        {"answers": [{"item": item.pk, "level": level}]},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["answers"]
    assert saved_answers(visit) == before


def test_an_item_of_another_instrument_or_twice_gives_400(api_as, visits, instruments, rubric):
    visit = visits["visit"]
    before = saved_answers(visit)
    foreign_item = instruments["own"].items.get()
    item = rubric.items.get(code="R1")
    client = api_as("mentor")

    for answers in [
        [{"item": foreign_item.pk, "checked": True}],
        [{"item": item.pk, "level": 2}, {"item": item.pk, "level": 3}],
        [{"item": item.pk, "level": "alto"}],
    ]:
        response = client.put(
            visit_url(visit, "instruments/rubrica/"), {"answers": answers}, format="json"
        )

        assert response.status_code == 400, answers
        assert list(response.json()["error"]["fields"]) == ["answers"]
    assert saved_answers(visit) == before


def test_an_instrument_of_another_program_or_unknown_is_not_found(api_as, visits, instruments):
    for slug in ["ajena", "no-existe"]:
        check_error(api_as("mentor").get(visit_url(visits["visit"], f"instruments/{slug}/")), 404)


# --- Observations ------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "target", "status"), list(read_cases(private=True)))
def test_observations_are_read_only_with_private_access(api_as, visits, persona, target, status):
    response = api_as(persona).get(visit_url(visits[target], "observations/"))

    if status != 200:
        check_error(response, status)
        assert OBSERVATION_SECRET not in response.content.decode()
        return
    expected = list(visits[target].observations.values_list("did_well", flat=True))
    assert [row["did_well"] for row in response.json()] == expected


def observe_cases():
    """Only the specialist who accompanies the mentor observes; the rest of those who see the
    visit get 403, the others as when reading it."""
    for persona, target, status in read_cases(private=False):
        if status == 200:
            status = 201 if persona == "specialist" else 403
        yield persona, target, status


@pytest.mark.parametrize(("persona", "target", "status"), list(observe_cases()))
def test_only_the_accompanying_specialist_records_an_observation(
    api_as, world, visits, persona, target, status
):
    visit = visits[target]
    before = visit.observations.count()
    body = {"did_well": "Buena apertura", "agreements": "Registrar citas textuales"}

    response = api_as(persona).post(visit_url(visit, "observations/"), body, format="json")

    if status != 201:
        check_error(response, status)
        assert visit.observations.count() == before
        return
    assert response.status_code == 201, response.content
    created = visit.observations.get(pk=response.json()["id"])
    assert (created.specialist, created.did_well) == (world.specialist, "Buena apertura")


def test_an_empty_observation_gives_400(api_as, visits):
    visit = visits["visit"]

    response = api_as("specialist").post(
        visit_url(visit, "observations/"), {"did_well": "  "}, format="json"
    )

    assert response.status_code == 400
    assert visit.observations.count() == 1


@pytest.mark.parametrize(("persona", "target", "status"), list(write_cases()))
def test_only_the_visits_mentor_replies_to_an_observation(api_as, visits, persona, target, status):
    observation = visits[target].observations.get()
    before = (observation.mentor_reply, observation.replied_at)

    response = api_as(persona).post(
        visit_url(visits[target], f"observations/{observation.pk}/reply/"),
        {"reply": "Gracias, lo aplicaré"},
        format="json",
    )

    observation.refresh_from_db()
    if status != 200:
        check_error(response, status)
        assert (observation.mentor_reply, observation.replied_at) == before
        return
    assert response.status_code == 200, response.content
    assert observation.mentor_reply == "Gracias, lo aplicaré"
    assert response.json()["mentor_reply"] == "Gracias, lo aplicaré"


def test_a_reply_must_say_something_and_name_an_observation_of_the_visit(api_as, visits):
    visit, other = visits["visit"], visits["other"]
    mine = visit.observations.get()
    client = api_as("mentor")

    empty = client.post(visit_url(visit, f"observations/{mine.pk}/reply/"), {"reply": " "})
    foreign = other.observations.get()
    misplaced = client.post(
        visit_url(visit, f"observations/{foreign.pk}/reply/"), {"reply": "x"}, format="json"
    )

    assert list(empty.json()["error"]["fields"]) == ["reply"]
    check_error(misplaced, 404)
    check_error(client.post(visit_url(visit, "observations/abc/reply/"), {"reply": "x"}), 404)


# --- The mentee never receives answers, notebook or observations ------------------------------


def test_the_mentee_never_obtains_instrument_answers_or_observations(api_as, visits, rubric):
    visit = visits["visit"]
    client = api_as("mentee")
    observation = visit.observations.get()
    item = rubric.items.get(code="R1")

    bodies = [
        client.get(visit_url(visit, "instruments/rubrica/")),
        client.put(
            visit_url(visit, "instruments/rubrica/"),
            {"answers": [{"item": item.pk, "level": 9}]},
            format="json",
        ),
        client.get(visit_url(visit, "observations/")),
        client.post(visit_url(visit, "observations/"), {"did_well": "x"}, format="json"),
        client.post(
            visit_url(visit, f"observations/{observation.pk}/reply/"), {"reply": ""}, format="json"
        ),
        client.get(visit_url(visit, "notebook/")),
        client.get(visit_url(visit)),
        client.get(INSTRUMENTS),
        client.get(ROUNDS),
    ]

    for response in bodies:
        body = response.content.decode()
        for secret in [EVIDENCE_SECRET, OBSERVATION_SECRET, REPLY_SECRET]:
            assert secret not in body


# --- Diagnoses ---------------------------------------------------------------------------------

# persona -> status for the mentor's mentee and for the other pair's mentee
DIAGNOSES_READ = {
    "coordinator": (200, 200),
    "mentor": (200, 404),
    "mentee": (200, 404),
    "specialist": (200, 404),
    "trainer": (403, 403),
    "researcher": (403, 403),
    "outsider": (404, 404),
}
DIAGNOSES_WRITE = {
    "coordinator": (403, 403),
    "mentor": (201, 404),
    "mentee": (403, 404),
    "specialist": (403, 404),
    "trainer": (403, 403),
    "researcher": (403, 403),
    "outsider": (404, 404),
}


def diagnoses_url(code: str) -> str:
    return f"{BASE}/mentees/{code}/diagnoses/"


@pytest.fixture
def diagnosed(world, framework_competencies) -> dict[str, str]:
    """A diagnosis of each mentee; the mentee codes by name."""
    for mentor, mentee in [
        (world.mentor_profile, world.mentee_profile),
        (world.other_mentor_profile, world.other_mentee_profile),
    ]:
        services.diagnosis_record(
            mentee=mentee,
            mentor=mentor,
            made_on=timezone.localdate(),
            strengths=framework_competencies[:1],
            needs=framework_competencies[1:],
            summary=f"Diagnóstico de {mentee.code}",
            actor=mentor.user,
        )
    return {"mine": world.mentee_profile.code, "other": world.other_mentee_profile.code}


@pytest.mark.parametrize("target", ["mine", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_diagnoses_are_read_by_whoever_may_see_the_mentee(api_as, diagnosed, persona, target):
    status = DIAGNOSES_READ[persona][target == "other"]

    response = api_as(persona).get(diagnoses_url(diagnosed[target]))

    if status != 200:
        check_error(response, status)
        return
    (row,) = response.json()
    assert row["summary"] == f"Diagnóstico de {diagnosed[target]}"
    assert [c["code"] for c in row["strengths"]] == ["C1"]
    assert [c["code"] for c in row["needs"]] == ["C2", "C3"]


@pytest.mark.parametrize("target", ["mine", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_mentees_current_mentor_records_a_diagnosis(
    api_as, world, diagnosed, persona, target
):
    status = DIAGNOSES_WRITE[persona][target == "other"]
    before = Diagnosis.objects.count()
    body = {"made_on": "2026-03-10", "strengths": ["C3"], "needs": ["C1"], "summary": "Nuevo"}

    response = api_as(persona).post(diagnoses_url(diagnosed[target]), body, format="json")

    if status != 201:
        check_error(response, status)
        assert Diagnosis.objects.count() == before
        return
    assert response.status_code == 201, response.content
    created = Diagnosis.objects.get(pk=response.json()["id"])
    assert (created.mentee, created.mentor) == (world.mentee_profile, world.mentor_profile)
    assert [c.code for c in created.strengths.all()] == ["C3"]
    assert response.json()["mentor"]["code"] == world.mentor_profile.code


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"strengths": ["C9"]}, "strengths"),
        ({"needs": ["C1", "nope"]}, "needs"),
        ({"made_on": "ayer"}, "made_on"),
    ],
)
def test_a_bad_diagnosis_gives_400_naming_the_field(api_as, world, diagnosed, change, field):
    body = {"made_on": "2026-03-10", "strengths": ["C1"], "needs": ["C2"], **change}

    response = api_as("mentor").post(diagnoses_url(diagnosed["mine"]), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert Diagnosis.objects.count() == 2


def test_a_competency_of_another_framework_is_refused(api_as, world, diagnosed):
    world.program.framework = None
    world.program.save(update_fields=["framework"])

    response = api_as("mentor").post(
        diagnoses_url(diagnosed["mine"]), {"made_on": "2026-03-10", "needs": ["C1"]}, format="json"
    )

    assert list(response.json()["error"]["fields"]) == ["needs"]


# --- Authentication and schema -----------------------------------------------------------------


def test_every_endpoint_refuses_an_anonymous_caller_with_401(api, visits, protocol, world):
    visit = visits["visit"]
    observation = visit.observations.get()
    for method, address in [
        ("get", ROUNDS),
        ("post", ROUNDS),
        ("get", PROTOCOLS),
        ("get", f"{PROTOCOLS}{protocol.pk}/"),
        ("post", f"{PROTOCOLS}{protocol.pk}/versions/"),
        ("get", INSTRUMENTS),
        ("get", visit_url(visit, "instruments/rubrica/")),
        ("put", visit_url(visit, "instruments/rubrica/")),
        ("get", visit_url(visit, "observations/")),
        ("post", visit_url(visit, "observations/")),
        ("post", visit_url(visit, f"observations/{observation.pk}/reply/")),
        ("get", diagnoses_url(world.mentee_profile.code)),
        ("post", diagnoses_url(world.mentee_profile.code)),
    ]:
        response = getattr(api, method)(address, {}, format="json")

        assert response.status_code == 401, (method, address)
        assert response.json()["error"]["code"] == "not_authenticated"


FIELDWORK_PATHS = {
    "/api/v1/programs/{program_slug}/rounds/": {"get", "post"},
    "/api/v1/programs/{program_slug}/protocols/": {"get"},
    "/api/v1/programs/{program_slug}/protocols/{id}/": {"get"},
    "/api/v1/programs/{program_slug}/protocols/{id}/versions/": {"post"},
    "/api/v1/programs/{program_slug}/instruments/": {"get"},
    "/api/v1/programs/{program_slug}/visits/{id}/instruments/{slug}/": {"get", "put"},
    "/api/v1/programs/{program_slug}/visits/{id}/observations/": {"get", "post"},
    "/api/v1/programs/{program_slug}/visits/{id}/observations/{observation_id}/reply/": {"post"},
    "/api/v1/programs/{program_slug}/mentees/{code}/diagnoses/": {"get", "post"},
}


def test_the_schema_documents_every_endpoint_and_only_those(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]

    for path, methods in FIELDWORK_PATHS.items():
        assert set(paths[path]) - {"parameters"} == methods, path
    # Registering actions on the visits and mentees prefixes adds no list nor detail route.
    assert set(paths["/api/v1/programs/{program_slug}/visits/"]) - {"parameters"} == {
        "get",
        "post",
    }
    assert "/api/v1/programs/{program_slug}/rounds/{id}/" not in paths
