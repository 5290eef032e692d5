# ruff: noqa: F811  (pytest fixtures imported from other test modules)
"""The research app uses the definitions other apps own instead of copies of them."""

import pytest

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
