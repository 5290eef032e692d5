# ruff: noqa: F811  (pytest fixtures imported from the research tests)
"""Malformed payloads and concurrent edits over the research API."""

import pytest

from acompana.api.testing import BASE
from acompana.research import services
from acompana.research.models import Code, Segment
from acompana.research.tests.test_services_setup import (  # noqa: F401
    code_named,
    coded,
    study,
    transcript,
)

pytestmark = pytest.mark.django_db
STUDY = f"{BASE}/studies/formacion"
HUGE = 10**30


def test_ids_too_large_for_the_database_are_a_400_not_a_500(api_as, study, coded):
    client = api_as("researcher")
    code = Code.objects.filter(study=study, is_codable=True).first()
    segment = Segment.objects.filter(document=coded).first()
    before = Segment.objects.filter(document=coded).count()
    requests = [
        ("get", f"{STUDY}/codings/?code={HUGE}", None),
        ("get", f"{STUDY}/codings/?document={HUGE}", None),
        (
            "post",
            f"{STUDY}/codings/",
            {"document": coded.pk, "start": 0, "end": 3, "codes": [HUGE]},
        ),
        ("post", f"{STUDY}/codings/", {"document": HUGE, "start": 0, "end": 3, "codes": [code.pk]}),
        ("post", f"{STUDY}/codes/{code.pk}/split/", {"new_name": "x", "segments": [HUGE]}),
        ("post", f"{STUDY}/codes/{code.pk}/merge/", {"target": HUGE}),
        ("post", f"{STUDY}/memos/", {"text": "t", "segment": HUGE}),
        ("post", f"{STUDY}/codings/{segment.pk}/remove-code/", {"code": HUGE}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 400, (url, data)
    assert Segment.objects.filter(document=coded).count() == before


@pytest.mark.parametrize("pk", ["²", "٣", "1" + "0" * 30])
def test_a_malformed_id_in_the_path_is_a_404(api_as, study, pk):
    response = api_as("researcher").get(f"{STUDY}/codes/{pk}/")
    assert response.status_code == 404


def test_a_code_patched_with_an_old_updated_at_is_a_409_and_keeps_the_other_change(
    api_as, study, world
):
    code = code_named(study, "Inducción del mentor")
    client = api_as("researcher")
    read = client.get(f"{STUDY}/codes/{code.pk}/").json()
    services.code_update(code=code, actor=world.coordinator, definition="Theirs")
    response = client.patch(
        f"{STUDY}/codes/{code.pk}/",
        {"definition": "Mine", "updated_at": read["updated_at"]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["error"]["current"]["definition"] == "Theirs"
    fresh = client.get(f"{STUDY}/codes/{code.pk}/").json()
    response = client.patch(
        f"{STUDY}/codes/{code.pk}/",
        {"definition": "Mine", "updated_at": fresh["updated_at"]},
        format="json",
    )
    assert response.status_code == 200 and response.json()["definition"] == "Mine"


def test_a_participant_patched_with_an_old_updated_at_is_a_409(api_as, study, world):
    participant = study.participants.get(code_name="7G")
    client = api_as("researcher")
    read = client.get(f"{STUDY}/participants/{participant.pk}/").json()
    services.participant_update(
        participant=participant, actor=world.coordinator, consent_version="2"
    )
    response = client.patch(
        f"{STUDY}/participants/{participant.pk}/",
        {"consent_version": "3", "updated_at": read["updated_at"]},
        format="json",
    )
    assert response.status_code == 409
    assert "real_name" not in response.json()["error"]["current"]
    participant.refresh_from_db()
    assert participant.consent_version == "2"
