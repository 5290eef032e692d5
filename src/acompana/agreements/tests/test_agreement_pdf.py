"""The agreement as a PDF: the terms and the three acknowledgements (who and when)."""

import pytest
from django.utils import timezone, translation

from acompana.agreements import services
from acompana.agreements.documents import agreement_document_context
from acompana.common.pdf import document_text, render_document


@pytest.fixture
def agreement(world):
    template = services.template_defaults_ensure(program=world.program)[0]
    partnership = world.mentee_profile.partnerships.get()
    agreement = services.agreement_issue(
        partnership=partnership, template=template, actor=world.coordinator, notify=False
    )
    for party, user in [
        ("mentor", world.mentor),
        ("mentee", world.mentee),
        ("coordinator", world.coordinator),
    ]:
        services.agreement_acknowledge(agreement=agreement, number=1, party=party, user=user)
    agreement.refresh_from_db()
    return agreement


def test_the_agreement_pdf_shows_the_three_acknowledgements(world, agreement):
    for user in (world.mentor, world.mentee, world.coordinator):
        user.first_name, user.last_name = "Ñusta", f"Quispe{user.pk}"
        user.save()
    with translation.override("es"):
        document = render_document(
            "agreements/agreement_pdf.html", agreement_document_context(agreement=agreement)
        )
        text = document_text(document)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert text.count("conformidad dada por") == 3  # one per party
    for user in (world.mentor, world.mentee, world.coordinator):
        assert f"Quispe{user.pk}" in text
    assert today in text
    assert "pendiente" not in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("mentor", 200),
        ("mentee", 200),
        ("specialist", 403),
        ("outsider", 404),
    ],
)
def test_the_parties_and_coordinators_download_the_agreement(
    as_persona, world, agreement, persona, status
):
    response = as_persona(persona).get(
        f"/p/{world.program.slug}/agreements/{agreement.pk}/agreement.pdf"
    )
    assert response.status_code == status
    if status == 200:
        assert response.content.startswith(b"%PDF-")
        assert "attachment" in response["Content-Disposition"]
