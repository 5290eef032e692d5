# ruff: noqa: F811  (pytest fixtures imported from other test modules)
"""The research app uses the definitions other apps own instead of copies of them."""

import pytest
from django.urls import reverse

from acompana.research import services
from acompana.research.pseudonymize import visit_part_text
from acompana.research.tests.test_services import visit  # noqa: F401
from acompana.research.tests.test_services_setup import study  # noqa: F401
from acompana.visits import services as visit_services

pytestmark = pytest.mark.django_db


def test_a_notebook_document_has_the_sections_the_visits_app_defines(
    study, world, visit, monkeypatch
):
    visit_services.field_note_save(
        visit=visit,
        data={"interpretation": "Hay liderazgo distribuido."},
        base_version=1,
        actor=world.mentor,
    )
    # the visits app's list of notebook sections, in its order, is the one used
    monkeypatch.setattr(visit_services, "NOTE_FIELDS", ("interpretation", "events"))
    services.study_update(study=study, actor=world.coordinator, fieldwork_documents_allowed=True)
    document = services.document_from_visit(
        study=study, actor=world.researcher, visit=visit, part="notebook"
    )
    assert document.text.startswith("Interpretation and analysis:\nHay liderazgo distribuido.")
    monkeypatch.setattr(visit_services, "NOTE_FIELDS", ("events",))
    assert "liderazgo" not in visit_part_text(visit=visit, part="notebook")


# --- One view per action ----------------------------------------------------------------------

ACTIONS = [
    ("study_update", False),
    ("study_member_add", False),
    ("study_identity_access", False),
    ("study_fieldwork", False),
    ("participant_save", True),
    ("participant_refresh", True),
    ("guide_create", False),
    ("interview_create", False),
    ("document_upload", False),
    ("document_type", False),
    ("document_from_visit", False),
    ("segment_code", True),
    ("segment_uncode", True),
    ("document_memo", True),
    ("code_edit", True),
    ("code_move", True),
    ("code_merge", True),
    ("code_split", True),
    ("code_memo", True),
    ("import_start", False),
]


def action_url(name, study, with_pk):
    pk = {
        "participant": study.participants.first().pk,
        "document": 1,
        "code": study.codes.first().pk,
    }
    args = [study.program.slug, study.slug]
    if with_pk:
        kind = (
            "participant"
            if name.startswith("participant")
            else "code"
            if name.startswith("code")
            else "document"
        )
        args.append(pk[kind])
    return reverse(f"research:{name}", args=args)


@pytest.mark.parametrize("persona,status", [("mentor", 403), ("outsider", 404)])
def test_every_action_of_the_research_pages_is_denied_to_people_outside_the_study(
    study, as_persona, persona, status
):
    client = as_persona(persona)
    for name, with_pk in ACTIONS:
        assert client.post(action_url(name, study, with_pk), {}).status_code == status, name


@pytest.mark.parametrize("name", ["study", "participant", "interviews", "documents", "code"])
def test_pages_are_only_read_and_their_forms_post_to_their_own_addresses(study, as_persona, name):
    client = as_persona("researcher")
    with_pk = name in {"participant", "code"}
    address = action_url(name, study, with_pk)
    page = client.get(address)
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()
    assert client.post(address, {"action": "update"}).status_code == 405
