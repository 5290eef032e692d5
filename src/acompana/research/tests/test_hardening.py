"""Defects found in review: names that survived pseudonymization, malformed posts that were
500s, and edits that silently overwrote someone else's."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from acompana.research import services
from acompana.research.models import Segment
from acompana.research.pseudonymize import pseudonymize
from acompana.research.tests.test_services import visit  # noqa: F401
from acompana.research.tests.test_services_setup import (  # noqa: F401
    code_named,
    coded,
    study,
    transcript,
)

pytestmark = pytest.mark.django_db

PAIRS = [("Rosa María Quispe Huamán", "1A"), ("Quispe Huamán", "1A"), ("Ana", "2B")]


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Hablé con rosa maria quispe huaman ayer.", "Hablé con 1A ayer."),
        ("Hablé con ROSA MARÍA QUISPE HUAMÁN.", "Hablé con 1A."),
        ("La profesora Quispe  Huaman\nllegó.", "La profesora 1A\nllegó."),
        # decomposed accents (NFD), as some keyboards and PDFs produce them
        ("Visité a Quispe Huama\u0301n.", "Visité a 1A."),
        ("Mariana y Ana, y Anabel.", "Mariana y 2B, y Anabel."),
        ("ÁNA llegó.", "2B llegó."),
    ],
)
def test_names_are_replaced_whatever_their_case_accents_and_spacing_but_not_inside_words(
    written, expected
):
    assert pseudonymize(written, PAIRS) == expected


def test_a_notebook_names_people_by_first_given_name_and_first_surname_without_accents(
    study,  # noqa: F811
    world,
    visit,  # noqa: F811
):
    from acompana.visits import services as visit_services

    mentor = world.mentor_profile.user
    mentor.first_name, mentor.last_name = "Marleny Rocío", "Yupanqui Soto"
    mentor.save()
    visit_services.field_note_save(
        visit=visit,
        data={
            "events": "Marleny Yupanqui llegó tarde; la directora NELIDA CUSI la esperó. "
            "La profesora Cusi habló con Rocio y con Oscar Chavez."
        },
        base_version=1,
        actor=world.mentor,
    )
    services.study_update(study=study, actor=world.coordinator, fieldwork_documents_allowed=True)
    document = services.document_from_visit(
        study=study, actor=world.researcher, visit=visit, part="notebook"
    )
    text = document.text.casefold()
    for secret in ["marleny", "yupanqui", "nelida", "cusi", "rocio", "oscar", "chavez"]:
        assert secret not in text, document.text
    assert f"la directora {world.mentee_profile.code} la esperó" in document.text


# --- Malformed posts --------------------------------------------------------------------------


def page(name, of, *args):
    return reverse(f"research:{name}", args=[of.program.slug, of.slug, *args])


@pytest.mark.parametrize(
    "posted",
    [
        {"segment": "abc", "code": "1"},
        {"segment": "SEGMENT", "code": "x"},
        {"segment": "²"},
    ],
)
def test_removing_a_code_with_a_malformed_id_is_a_404_not_a_500(
    client,
    world,
    study,  # noqa: F811
    coded,  # noqa: F811
    posted,
):
    client.force_login(world.researcher)
    segment = Segment.objects.filter(document=coded).first()
    data = {k: str(segment.pk) if v == "SEGMENT" else v for k, v in posted.items()}
    response = client.post(page("segment_uncode", study, coded.pk), data)
    assert response.status_code == 404
    assert Segment.objects.filter(pk=segment.pk).exists()


def test_granting_identity_access_to_a_malformed_member_id_is_a_404(
    client,
    world,
    study,  # noqa: F811
):
    client.force_login(world.coordinator)
    response = client.post(page("study_identity_access", study), {"member": "x"})
    assert response.status_code == 404


# --- Concurrent edits -------------------------------------------------------------------------


def test_a_code_edited_by_someone_else_since_it_was_opened_is_not_overwritten(
    world,
    study,  # noqa: F811
):
    code = code_named(study, "Inducción del mentor")
    opened = code.updated_at
    services.code_update(code=code, actor=world.coordinator, definition="Theirs")
    with pytest.raises(ValidationError) as refused:
        services.code_update(code=code, actor=world.researcher, seen_at=opened, definition="Mine")
    assert refused.value.code == "stale"
    code.refresh_from_db()
    assert code.definition == "Theirs"
    services.code_update(
        code=code, actor=world.researcher, seen_at=code.updated_at, definition="Mine"
    )
    code.refresh_from_db()
    assert code.definition == "Mine"


def test_the_code_page_refuses_a_save_over_someone_elses_change(client, world, study):  # noqa: F811
    code = code_named(study, "Inducción del mentor")
    client.force_login(world.researcher)
    form = client.get(page("code", study, code.pk)).context["edit_form"]
    seen = form["seen"].value()
    assert seen == code.updated_at.isoformat()
    services.code_update(code=code, actor=world.coordinator, definition="Theirs")
    posted = {
        "name": code.name,
        "origin": code.origin,
        "is_codable": "on",
        "definition": "Mine",
        "color": code.color,
        "seen": seen,
    }
    response = client.post(page("code_edit", study, code.pk), posted)
    assert response.status_code == 200
    code.refresh_from_db()
    assert code.definition == "Theirs"
    posted["seen"] = code.updated_at.isoformat()
    assert client.post(page("code_edit", study, code.pk), posted).status_code == 302
    code.refresh_from_db()
    assert code.definition == "Mine"


def test_a_guide_and_a_participant_are_not_overwritten_either(world, study):  # noqa: F811
    guide = services.guide_save(study=study, actor=world.researcher, title="Guía", sections=[])
    opened = guide.updated_at
    services.guide_save(
        study=study, actor=world.coordinator, title="Guía 2", sections=[], guide=guide
    )
    with pytest.raises(ValidationError):
        services.guide_save(
            study=study,
            actor=world.researcher,
            title="Mía",
            sections=[],
            guide=guide,
            seen_at=opened,
        )
    participant = study.participants.get(code_name="7G")
    opened = participant.updated_at
    services.participant_update(
        participant=participant, actor=world.coordinator, consent_version="2"
    )
    with pytest.raises(ValidationError):
        services.participant_update(
            participant=participant, actor=world.researcher, consent_version="3", seen_at=opened
        )
    participant.refresh_from_db()
    assert participant.consent_version == "2"


def test_an_attribute_name_longer_than_a_variable_name_is_refused(world, study):  # noqa: F811
    participant = study.participants.get(code_name="7G")
    with pytest.raises(ValidationError):
        services.participant_update(
            participant=participant, actor=world.researcher, attributes={"x" * 121: "y"}
        )
