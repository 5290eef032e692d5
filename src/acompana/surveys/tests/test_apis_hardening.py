"""A questionnaire created over the API is created whole or not at all."""

from acompana.api.testing import BASE
from acompana.surveys.models import Questionnaire


def test_a_refused_question_leaves_no_half_built_questionnaire(world, api_as):
    body = {
        "title_es": "Encuesta a medias",
        "questions": [
            {"kind": "likert", "text_es": "Me siento acompañado"},
            {"kind": "single", "text_es": "Elige", "options": [{"text_es": "Solo una"}]},
        ],
    }
    response = api_as("coordinator").post(f"{BASE}/surveys/questionnaires/", body, format="json")
    assert response.status_code == 400
    assert not Questionnaire.objects.filter(title_es="Encuesta a medias").exists()
