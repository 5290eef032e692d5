"""The questionnaire builder: each change (save a question, move it up or down, delete it,
make a new version) posts to an address of its own; only those who may edit the
questionnaire get past the checks."""

import pytest
from conftest import PERSONAS
from django.urls import reverse

from acompana.surveys.tests.factories import template_questionnaire

REFUSED = {name: 403 for name in PERSONAS} | {"outsider": 404}


@pytest.fixture
def questionnaire(world):
    return template_questionnaire(world.program)


def action_url(world, questionnaire, name):
    return reverse(f"surveys:{name}", args=[world.program.slug, questionnaire.pk])


def texts(questionnaire):
    return list(questionnaire.questions.order_by("position").values_list("text_es", flat=True))


def test_a_coordinator_adds_a_question_and_moves_it_up(world, questionnaire, as_persona):
    client = as_persona("coordinator")
    before = texts(questionnaire)

    saved = client.post(
        action_url(world, questionnaire, "question_save"),
        {"kind": "text", "text_es": "¿Qué cambiaría?", "text_en": "What would you change?"},
    )
    added = questionnaire.questions.get(text_es="¿Qué cambiaría?")
    moved = client.post(action_url(world, questionnaire, "question_up"), {"question": added.pk})

    assert saved.status_code == moved.status_code == 302
    assert texts(questionnaire) == [*before[:-1], "¿Qué cambiaría?", before[-1]]


def test_a_coordinator_moves_a_question_down_and_deletes_one(world, questionnaire, as_persona):
    client = as_persona("coordinator")
    first, second, *rest = texts(questionnaire)
    questions = {q.text_es: q.pk for q in questionnaire.questions.all()}

    client.post(action_url(world, questionnaire, "question_down"), {"question": questions[first]})
    client.post(
        action_url(world, questionnaire, "question_delete"), {"question": questions[second]}
    )

    assert texts(questionnaire) == [first, *rest]


def test_an_invalid_question_is_refused_with_a_message(world, questionnaire, as_persona):
    before = texts(questionnaire)

    response = as_persona("coordinator").post(
        action_url(world, questionnaire, "question_save"), {"kind": "nonsense"}, follow=True
    )

    assert "Check the question&#x27;s fields." in response.content.decode()
    assert texts(questionnaire) == before


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "coordinator"])
@pytest.mark.parametrize(
    "name", ["question_save", "question_up", "question_down", "question_delete", "new_version"]
)
def test_only_coordinators_change_the_questionnaire(
    world, questionnaire, as_persona, persona, name
):
    first = questionnaire.questions.first()

    response = as_persona(persona).post(
        action_url(world, questionnaire, name), {"question": first.pk, "kind": "text"}
    )

    assert response.status_code == REFUSED[persona]


def test_the_builder_page_accepts_no_post(world, questionnaire, as_persona):
    url = reverse("surveys:questionnaire", args=[world.program.slug, questionnaire.pk])

    assert as_persona("coordinator").post(url, {"action": "delete"}).status_code == 405
