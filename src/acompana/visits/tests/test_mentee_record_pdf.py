"""A mentee's record of visits as a PDF: the shared summary and the commitments, never the
field notebook nor the private part of the dialogue; for the mentee, their mentor and
coordinators."""

import datetime

import pytest
from django.utils import timezone, translation

from acompana.common.pdf import document_text, render_document
from acompana.visits.models import Commitment, Dialogue, FieldNote, MeetingMode, Visit
from acompana.visits.record import mentee_record

NOTEBOOK = "CUADERNO-PRIVADO-7731"
PRIVATE_DIALOGUE = "FORTALEZA-PRIVADA-5512"


@pytest.fixture
def visits(world):
    when = timezone.now() - datetime.timedelta(days=10)
    shared = Visit.objects.create(
        program=world.program,
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        mode=MeetingMode.IN_PERSON,
        scheduled_at=when,
        status=Visit.Status.DONE,
    )
    FieldNote.objects.create(visit=shared, context=NOTEBOOK, interpretation=NOTEBOOK)
    Dialogue.objects.create(
        visit=shared,
        strengths=PRIVATE_DIALOGUE,
        summary="Acordamos revisar la planificación con el equipo docente.",
        shared_at=when,
    )
    Commitment.objects.create(
        visit=shared,
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        text="Reunión de reflexión con los docentes de matemática",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    unshared = Visit.objects.create(
        program=world.program,
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        mode=MeetingMode.VIDEO,
        scheduled_at=when + datetime.timedelta(days=3),
        status=Visit.Status.DONE,
    )
    Dialogue.objects.create(visit=unshared, summary="Resumen aún no compartido 9981")
    return shared, unshared


def test_the_record_shows_shared_summaries_and_commitments_and_never_the_notebook(world, visits):
    with translation.override("es"):
        document = render_document(
            "visits/mentee_record_pdf.html",
            {
                "program": world.program,
                "mentee": world.mentee_profile,
                "rows": mentee_record(mentee=world.mentee_profile),
                "limit": 500,
                "generated_at": timezone.localtime(),
            },
        )
    text = document_text(document)
    assert "Acordamos revisar la planificación" in text
    assert "Reunión de reflexión con los docentes de matemática" in text
    assert "Registro de visitas" in text
    for secret in (NOTEBOOK, PRIVATE_DIALOGUE, "9981"):
        assert secret not in text


@pytest.mark.parametrize("persona", ["mentee", "mentor", "coordinator"])
def test_the_mentee_their_mentor_and_coordinators_download_the_record(
    as_persona, world, visits, persona
):
    response = as_persona(persona).get(
        f"/p/{world.program.slug}/mentees/{world.mentee_profile.code}/visits.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF-")
    assert NOTEBOOK.encode() not in body


@pytest.mark.parametrize(("persona", "status"), [("specialist", 403), ("outsider", 404)])
def test_others_cannot_download_the_record(as_persona, world, persona, status):
    response = as_persona(persona).get(
        f"/p/{world.program.slug}/mentees/{world.mentee_profile.code}/visits.pdf"
    )
    assert response.status_code == status


def test_another_mentor_cannot_download_the_record(client, world):
    client.force_login(world.other_mentor_profile.user)
    response = client.get(f"/p/{world.program.slug}/mentees/{world.mentee_profile.code}/visits.pdf")
    assert response.status_code == 404
