import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from acompana.visits import services
from acompana.visits.instruments import instrument_response_save, results_over_time
from acompana.visits.models import Instrument, ItemAnswer


def visit_at(world, days):
    return services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now() + datetime.timedelta(days=days),
        mode="in_person",
        actor=world.mentor,
    )


def test_the_shipped_instruments_are_minedu_rubrics_and_the_principal_performances(db):
    rubric = Instrument.objects.get(slug="rubricas-aula-2022")
    assert [i.code for i in rubric.items.all()] == ["R1", "R2", "R3", "R4", "R5"]
    assert [level["label"] for level in rubric.levels][2:] == ["III · Suficiente", "IV · Destacado"]
    assert [level["verification"] for level in rubric.levels] == ["P", "P", "V", "V"]
    principal = Instrument.objects.get(slug="desempenos-directivo")
    assert principal.items.count() == 21


def test_a_mentor_fills_a_rubric_with_evidence_and_the_results_chart_follows_visits(
    world, as_persona
):
    rubric = Instrument.objects.get(slug="rubricas-aula-2022")
    first, second = visit_at(world, -30), visit_at(world, -2)
    client = as_persona("mentor")
    r1 = rubric.items.get(code="R1")
    for visit, level in ((first, 2), (second, 3)):
        response = client.post(
            reverse("visits:instrument", args=[world.program.slug, visit.pk, rubric.slug]),
            {f"level-{r1.pk}": level, f"evidence-{r1.pk}": "15 de 28 estudiantes participan"},
        )
        assert response.status_code == 302
    assert ItemAnswer.objects.filter(item=r1).count() == 2
    series = results_over_time(mentee=world.mentee_profile, instrument=rubric)
    assert [level for _when, level in series["R1"]] == [2, 3]
    page = as_persona("mentee").get(
        reverse("hub:mentee", args=[world.program.slug, world.mentee_profile.code])
    )
    assert "<polyline" in page.content.decode()


def test_levels_outside_the_rubric_are_refused(world):
    rubric = Instrument.objects.get(slug="rubricas-aula-2022")
    visit = visit_at(world, -1)
    with pytest.raises(ValidationError):
        instrument_response_save(
            visit=visit,
            instrument=rubric,
            answers={rubric.items.first().pk: {"level": 7}},
            actor=world.mentor,
        )


@pytest.mark.parametrize(
    ("persona", "get_status", "post_status"),
    [
        ("mentor", 200, 302),
        ("specialist", 200, 403),
        ("coordinator", 200, 403),
        ("mentee", 403, 403),
        ("trainer", 403, 403),
        ("outsider", 404, 404),
    ],
)
def test_instrument_pages_follow_the_visit_rules(
    world, as_persona, persona, get_status, post_status
):
    rubric = Instrument.objects.get(slug="rubricas-aula-2022")
    visit = visit_at(world, -1)
    url = reverse("visits:instrument", args=[world.program.slug, visit.pk, rubric.slug])
    client = as_persona(persona)
    assert client.get(url).status_code == get_status
    assert client.post(url, {}).status_code == post_status


def test_the_specialist_observes_a_visit_and_the_mentor_answers(world, as_persona):
    visit = visit_at(world, -3)
    specialist = as_persona("specialist")
    specialist.post(
        reverse("visits:observe", args=[world.program.slug, visit.pk]),
        {"did_well": "Preguntas abiertas", "agreements": "Registrar evidencias"},
    )
    observation = visit.observations.get()
    mentor = as_persona("mentor")
    mentor.post(
        reverse("visits:observation_reply", args=[world.program.slug, visit.pk, observation.pk]),
        {"reply": "De acuerdo"},
    )
    observation.refresh_from_db()
    assert observation.mentor_reply == "De acuerdo" and observation.replied_at
    page = mentor.get(reverse("hub:mentor", args=[world.program.slug, world.mentor_profile.code]))
    assert "Registrar evidencias" in page.content.decode()
    mentee_view = (
        as_persona("mentee")
        .get(reverse("visits:detail", args=[world.program.slug, visit.pk]))
        .content.decode()
    )
    assert "Registrar evidencias" not in mentee_view


def test_only_a_specialist_of_the_mentor_may_observe(world):
    visit = visit_at(world, -3)
    with pytest.raises(ValidationError):
        services.observation_record(visit=visit, specialist=world.coordinator, did_well="x")


def test_round_coverage_counts_visits_and_reasons(world, as_persona):
    round_ = services.round_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        name="Ronda 1",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 6, 30),
        actor=world.coordinator,
    )
    visits = [
        services.visit_schedule(
            mentor=world.mentor_profile,
            mentee=world.mentee_profile,
            scheduled_at=timezone.now(),
            mode="video",
            round=round_,
            actor=world.mentor,
        )
        for _ in range(3)
    ]
    services.visit_status_change(visit=visits[0], status="done", actor=world.mentor)
    services.visit_status_change(
        visit=visits[1], status="cancelled", reason="connectivity", actor=world.mentor
    )
    response = as_persona("coordinator").get(reverse("visits:coverage", args=[world.program.slug]))
    row = response.context["rows"][0]
    assert (row["planned"], row["done"], row["cancelled"], row["percent"]) == (3, 1, 1, 33)
    assert row["reasons"] == {"Connectivity problems": 1}
    assert (
        as_persona("mentor").get(reverse("visits:coverage", args=[world.program.slug])).status_code
        == 403
    )


def test_the_mentor_records_a_diagnosis_by_competency(world, as_persona):
    from acompana.frameworks.models import Competency, Framework

    world.program.framework = Framework.objects.get(slug="mbddir")
    world.program.save()
    c1, c2 = Competency.objects.filter(domain__framework__slug="mbddir")[:2]
    url = reverse("visits:diagnosis", args=[world.program.slug, world.mentee_profile.code])
    response = as_persona("mentor").post(
        url, {"made_on": "2026-03-15", "strengths": [c1.pk], "needs": [c2.pk], "summary": "Inicio"}
    )
    assert response.status_code == 302
    diagnosis = world.mentee_profile.diagnoses.get()
    assert list(diagnosis.needs.all()) == [c2]
    page = as_persona("mentee").get(
        reverse("hub:mentee", args=[world.program.slug, world.mentee_profile.code])
    )
    assert escape(str(c2)) in page.content.decode()  # code and name, in the reader's language
    other = reverse("visits:diagnosis", args=[world.program.slug, world.other_mentee_profile.code])
    assert as_persona("mentor").post(other, {"made_on": "2026-03-15"}).status_code == 404


def test_coordinators_create_their_own_rubric_and_mentors_use_it(world, as_persona):
    client = as_persona("coordinator")
    url = reverse("visits:instruments", args=[world.program.slug])
    response = client.post(
        url,
        {
            "name": "Rúbrica de GIA",
            "kind": "rubric",
            "levels": "Inicio\nProceso\nLogrado",
            "items": "G1 | Planifica el GIA | No planifica; Planifica a veces; Planifica siempre\n"
            "G2 | Registra acuerdos",
        },
    )
    assert response.status_code == 302
    rubric = Instrument.objects.get(program=world.program, slug="rubrica-de-gia")
    assert [level["label"] for level in rubric.levels] == ["Inicio", "Proceso", "Logrado"]
    assert rubric.items.get(code="G1").descriptors[2] == "Planifica siempre"
    visit = visit_at(world, -1)
    mentor = as_persona("mentor")
    page = mentor.get(
        reverse("visits:instrument", args=[world.program.slug, visit.pk, rubric.slug])
    )
    assert "Planifica el GIA" in page.content.decode()
    assert mentor.post(url, {"name": "x", "kind": "checklist", "items": "A | b"}).status_code == 403
    assert as_persona("mentee").get(url).status_code == 403
    assert as_persona("outsider").get(url).status_code == 404


def test_an_instrument_without_items_or_with_one_level_is_refused(world, as_persona):
    client = as_persona("coordinator")
    url = reverse("visits:instruments", args=[world.program.slug])
    client.post(url, {"name": "Mala", "kind": "rubric", "levels": "Uno", "items": "A | b"})
    assert not Instrument.objects.filter(program=world.program).exists()
