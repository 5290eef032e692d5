# ruff: noqa: F811  (pytest fixtures imported from the research tests)
"""Research studies over the API: the permission matrix, pseudonymity, and each endpoint.

Coordinators see every study of their program and who the participants are; a researcher
sees the studies they are members of, by code names only unless a coordinator granted them
identity access; every other role gets 403 and outsiders 404.
"""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.api.testing import BASE
from acompana.research import services
from acompana.research.models import Code, Document, Memo, Segment, StudyMember
from acompana.research.tests.test_services_setup import (  # noqa: F401
    REAL_NAMES,
    TRANSCRIPT,
    coded,
    span,
    study,
    transcript,
)

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
CONTENT_READ = {p: 403 for p in PERSONAS} | {"coordinator": 200, "researcher": 200, "outsider": 404}
STUDY = f"{BASE}/studies/formacion"


def urls(study, coded) -> list[str]:
    segment = Segment.objects.filter(document=coded).first()
    code = Code.objects.filter(study=study).first()
    participant = study.participants.first()
    return [
        f"{STUDY}/",
        f"{STUDY}/export-qdpx/",
        f"{STUDY}/export-qdc/",
        f"{STUDY}/participants/",
        f"{STUDY}/participants/{participant.pk}/",
        f"{STUDY}/documents/",
        f"{STUDY}/documents/{coded.pk}/",
        f"{STUDY}/codes/",
        f"{STUDY}/codes/?view=tree",
        f"{STUDY}/codes/{code.pk}/",
        f"{STUDY}/codings/?document={coded.pk}",
        f"{STUDY}/codings/?code={code.pk}",
        f"{STUDY}/codings/{segment.pk}/",
        f"{STUDY}/memos/",
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_read_endpoint_follows_the_permission_matrix(api_as, study, coded, persona):
    client = api_as(persona)
    for url in urls(study, coded):
        response = client.get(url)
        assert response.status_code == CONTENT_READ[persona], (url, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_of_studies_shows_each_persona_what_they_may_see(api_as, study, persona):
    response = api_as(persona).get(f"{BASE}/studies/")
    expected = CONTENT_READ[persona]
    assert response.status_code == expected
    if expected == 200:
        assert [s["slug"] for s in response.json()["results"]] == ["formacion"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_write_endpoint_follows_the_permission_matrix(api_as, study, coded, persona):
    client = api_as(persona)
    code = Code.objects.get(study=study, name="Asesoría pedagógica")
    participant = study.participants.get(code_name="7G")
    writes = [
        (f"{STUDY}/documents/", {"name": "N", "text": "Texto", "kind": "other"}, 201),
        (f"{STUDY}/codes/", {"name": f"Nuevo {persona}"}, 201),
        (
            f"{STUDY}/codings/",
            {"document": coded.pk, "start": 0, "end": 5, "codes": [code.pk]},
            201,
        ),
        (f"{STUDY}/memos/", {"title": "t", "text": "m"}, 201),
    ]
    for url, body, ok in writes:
        response = client.post(url, body, format="json")
        expected = ok if CONTENT_READ[persona] == 200 else CONTENT_READ[persona]
        assert response.status_code == expected, (url, response.content)
    response = client.patch(
        f"{STUDY}/participants/{participant.pk}/", {"consent_version": "v2"}, format="json"
    )
    assert response.status_code == CONTENT_READ[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_creating_a_study_is_for_coordinators_and_researchers(api_as, world, persona):
    response = api_as(persona).post(
        f"{BASE}/studies/",
        {"title": "Nuevo", "slug": "nuevo", "with_demo_codebook": True},
        format="json",
    )
    expected = {p: 403 for p in PERSONAS} | {
        "coordinator": 201,
        "researcher": 201,
        "outsider": 404,
    }
    assert response.status_code == expected[persona]
    if response.status_code == 201:
        assert response.json()["member_code_name"] == "R1"


def test_a_researcher_who_is_not_a_member_cannot_see_the_study(api, study, coded):
    other = UserFactory()
    MembershipFactory(user=other, program=study.program, role="researcher")
    api.force_authenticate(other)
    assert api.get(f"{BASE}/studies/").json()["results"] == []
    for url in urls(study, coded):
        assert api.get(url).status_code == 403


def everything(client, study, coded) -> str:
    """Every read response of the API about the study, as one text."""
    parts = []
    for url in urls(study, coded):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith("export-qdpx/"):
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                parts += [archive.read(n).decode("utf-8") for n in archive.namelist()]
        else:
            parts.append(response.content.decode("utf-8"))
    return "\n".join(parts)


def test_a_researcher_without_identity_access_gets_no_real_name_from_any_endpoint(
    api_as, study, coded, world
):
    text = everything(api_as("researcher"), study, coded)
    for name in REAL_NAMES:
        assert name not in text
    for user in (world.mentor, world.researcher):
        for secret in (user.first_name, user.last_name, user.email):
            assert secret not in text
    assert "real_name" not in text
    assert "7G" in text and "R1" in text


def test_identity_access_shows_real_names_to_coordinators_and_granted_members(
    api_as, study, coded, world
):
    url = f"{STUDY}/participants/"
    names = {
        p["code_name"]: p["real_name"] for p in api_as("coordinator").get(url).json()["results"]
    }
    assert names["7G"] == "Marleny Yupanqui Soto"
    member = StudyMember.objects.get(study=study, user=world.researcher)
    services.study_identity_access_set(member=member, actor=world.coordinator, granted=True)
    results = api_as("researcher").get(url).json()["results"]
    assert {p["code_name"]: p["real_name"] for p in results}["7G"] == "Marleny Yupanqui Soto"


# --- Endpoints --------------------------------------------------------------------------------


def test_documents_are_listed_without_text_and_retrieved_with_it(api_as, study, coded):
    client = api_as("researcher")
    listed = client.get(f"{STUDY}/documents/").json()["results"]
    assert listed[0]["participant"] == "7G" and "text" not in listed[0]
    assert listed[0]["length"] == len(TRANSCRIPT)
    detail = client.get(f"{STUDY}/documents/{coded.pk}/").json()
    assert detail["text"] == TRANSCRIPT


def test_a_transcript_is_uploaded_as_multipart(api_as, study):
    participant = study.participants.get(code_name="7G")
    upload = SimpleUploadedFile("entrevista-7g.txt", "7G: sí 👍🏽\r\nfin".encode("utf-16"))
    response = api_as("researcher").post(
        f"{STUDY}/documents/",
        {"upload": upload, "kind": "transcript", "participant": participant.pk},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["text"], body["participant"]) == (
        "entrevista-7g",
        "7G: sí 👍🏽\nfin",
        "7G",
    )


def test_an_unsupported_upload_is_a_400_with_the_reason(api_as, study):
    response = api_as("researcher").post(
        f"{STUDY}/documents/",
        {"upload": SimpleUploadedFile("a.pdf", b"%PDF"), "kind": "transcript"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "Only plain text" in json.dumps(response.json())
    assert not Document.objects.exists()


def test_codes_come_flat_with_parents_or_as_a_tree(api_as, study):
    client = api_as("researcher")
    flat = client.get(f"{STUDY}/codes/", {"page_size": 100}).json()["results"]
    assert len(flat) == 16
    assert flat[0]["parent"] is None and flat[1]["parent"] == flat[0]["id"]
    tree = client.get(f"{STUDY}/codes/?view=tree").json()["results"]
    assert len(tree) == 3
    assert tree[1]["children"][0]["name"] == "Inducción del mentor"
    assert all(not c["is_codable"] for c in tree)


def test_codes_are_created_moved_merged_and_split(api_as, study, coded):
    client = api_as("researcher")
    category = Code.objects.get(study=study, name="Procesos formativos previos")
    created = client.post(
        f"{STUDY}/codes/",
        {"name": "Inducción virtual", "parent": category.pk, "origin": "emergent"},
        format="json",
    ).json()
    assert created["parent"] == category.pk and created["origin"] == "emergent"
    moved = client.post(
        f"{STUDY}/codes/{created['id']}/move/", {"parent": None, "position": 0}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["parent"] is None
    cycle = client.post(
        f"{STUDY}/codes/{category.pk}/move/",
        {"parent": Code.objects.get(study=study, name="Inducción del mentor").pk},
        format="json",
    )
    assert cycle.status_code == 400
    source = Code.objects.get(study=study, name="Inducción del mentor")
    merged = client.post(
        f"{STUDY}/codes/{source.pk}/merge/", {"target": created["id"]}, format="json"
    )
    assert merged.status_code == 200 and merged.json()["segment_count"] == 1
    target = Code.objects.get(pk=created["id"])
    segment = target.segments.get()
    split = client.post(
        f"{STUDY}/codes/{target.pk}/split/",
        {"new_name": "Otra", "segments": [segment.pk]},
        format="json",
    )
    assert split.status_code == 201 and split.json()["segment_count"] == 1
    renamed = client.patch(f"{STUDY}/codes/{target.pk}/", {"color": "#abc"}, format="json")
    assert renamed.json()["color"] == "#AABBCC"


def test_codings_are_listed_per_code_with_passage_and_participant_code_name(api_as, study, coded):
    code = Code.objects.get(study=study, name="Inducción del mentor")
    results = api_as("researcher").get(f"{STUDY}/codings/?code={code.pk}").json()["results"]
    assert len(results) == 1
    assert results[0]["passage"] == "En 2021 fue virtual 👍🏽 sí"
    assert (results[0]["participant"], results[0]["coder"]) == ("7G", "R1")
    start, end = span(TRANSCRIPT, "En 2021 fue virtual 👍🏽 sí")
    assert (results[0]["start"], results[0]["end"]) == (start, end)


def test_a_coding_is_created_in_code_points_and_its_codes_removed(api_as, study, coded):
    client = api_as("researcher")
    code = Code.objects.get(study=study, name="Habilidades sociales empáticas")
    start, end = span(TRANSCRIPT, "👍🏽 sí")
    response = client.post(
        f"{STUDY}/codings/",
        {"document": coded.pk, "start": start, "end": end, "codes": [code.pk]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["passage"] == "👍🏽 sí"
    pk = response.json()["id"]
    outside = client.post(
        f"{STUDY}/codings/",
        {"document": coded.pk, "start": 0, "end": len(TRANSCRIPT) + 1, "codes": [code.pk]},
        format="json",
    )
    assert outside.status_code == 400
    category = Code.objects.get(study=study, name="Procesos formativos previos")
    refused = client.post(
        f"{STUDY}/codings/",
        {"document": coded.pk, "start": 0, "end": 3, "codes": [category.pk]},
        format="json",
    )
    assert refused.status_code == 400
    removed = client.post(f"{STUDY}/codings/{pk}/remove-code/", {"code": code.pk}, format="json")
    assert removed.status_code == 204
    assert not Segment.objects.filter(pk=pk).exists()


def test_memos_are_written_on_one_target_with_the_author_by_code_name(api_as, study, coded):
    client = api_as("researcher")
    participant = study.participants.get(code_name="7G")
    response = client.post(
        f"{STUDY}/memos/",
        {"title": "Sobre 7G", "text": "Inducción virtual", "participant": participant.pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["author"] == "R1"
    assert Memo.objects.get(pk=response.json()["id"]).participant == participant
    two = client.post(
        f"{STUDY}/memos/",
        {"text": "x", "participant": participant.pk, "document": coded.pk},
        format="json",
    )
    assert two.status_code == 400


def test_the_exports_are_files(api_as, study, coded):
    client = api_as("researcher")
    qdpx = client.get(f"{STUDY}/export-qdpx/")
    assert qdpx["Content-Type"] == "application/zip"
    assert 'filename="formacion.qdpx"' in qdpx["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(qdpx.content)).read("project.qde").startswith(b"<?xml")
    qdc = client.get(f"{STUDY}/export-qdc/")
    assert b"urn:QDA-XML:codebook:1.0" in qdc.content


def test_lists_take_a_fixed_number_of_queries(api_as, study, coded, django_assert_max_num_queries):
    client = api_as("researcher")
    for n in range(5):
        services.document_add(
            study=study, actor=None, name=f"Doc {n}", text="Texto largo", kind="other"
        )
    code = Code.objects.get(study=study, name="Asesoría pedagógica")
    for url in [
        f"{BASE}/studies/",
        f"{STUDY}/participants/",
        f"{STUDY}/documents/",
        f"{STUDY}/codes/",
        f"{STUDY}/codes/?view=tree",
        f"{STUDY}/codings/?code={code.pk}",
        f"{STUDY}/memos/",
    ]:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
