"""The form to edit a code starts from its definition as the code page shows it: a shipped
Table 2 definition still unedited in the reader's language, an edited one as typed."""

import pytest
from django.urls import reverse
from lxml import html

from acompana.research import services
from acompana.research.defaults import DEFINITIONS_ES
from acompana.research.models import Code

ENGLISH = "Group counseling: collective sessions where mentors share cases and practices."


@pytest.fixture
def study(world):
    return services.study_create(
        program=world.program,
        actor=world.researcher,
        title="Formación de mentores",
        slug="formacion",
        with_demo_codebook=True,
    )


def definition_in_form(client, world, study, code, language):
    world.researcher.preferred_language = language
    world.researcher.save(update_fields=["preferred_language"])
    url = reverse("research:code", args=[world.program.slug, study.slug, code.pk])
    tree = html.fromstring(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())
    return " ".join(tree.xpath('//textarea[@name="definition"]')[0].text_content().split())


def test_a_shipped_definition_is_offered_for_editing_in_the_reader_s_language(
    world, study, as_persona
):
    client = as_persona("researcher")
    code = Code.objects.get(study=study, definition=ENGLISH)

    spanish = definition_in_form(client, world, study, code, "es")
    english = definition_in_form(client, world, study, code, "en")

    assert spanish == " ".join(DEFINITIONS_ES[ENGLISH].split())
    assert english == ENGLISH


def test_a_definition_someone_typed_is_offered_as_typed(world, study, as_persona):
    client = as_persona("researcher")
    code = Code.objects.get(study=study, definition=ENGLISH)
    code.definition = "Sesiones grupales, según el equipo de Cusco."
    code.save(update_fields=["definition"])

    assert definition_in_form(client, world, study, code, "en") == code.definition
