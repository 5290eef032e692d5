"""The annual program report of a cohort as a PDF: on the demo's 2021 cohort, through the
command `acompana report annual`, with Spanish text (accents laid out in the DejaVu font
installed on the machine) and its charts as SVG; the download for coordinators only.

The file the command writes is read back with PDFium (pypdfium2): every page is drawn as an
image and must carry ink, the charts must draw in colour, and the text extracted from the file
keeps its accents. The layout is also checked as WeasyPrint builds it: the text of every page
box, the SVG pictures placed on the pages, and the fonts embedded in the PDF."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404
from django.utils import timezone, translation

from acompana.common.pdf import document_svg_count, document_text, render_document
from acompana.hub.annual import annual_report, find_cohort
from acompana.programs.models import Program
from acompana.programs.tests.factories import CohortFactory


def _check_pages_as_images(data: bytes) -> None:
    """Draw every page of the PDF at 50 dpi: each has ink on it, some page has the charts'
    colours, and the text read from the file keeps its accents."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    coloured_pages = 0
    text = ""
    for page in pdf:
        image = page.render(scale=50 / 72).to_pil().convert("RGB")
        pixels = list(image.getdata())
        ink = sum(1 for r, g, b in pixels if r + g + b < 600)
        assert ink > len(pixels) // 500, "a blank page"
        colour = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 60)
        coloured_pages += colour > 50
        text += page.get_textpage().get_text_range()
    assert coloured_pages >= 1, "no chart drawn in colour"
    assert "Mentoría a directivos" in text
    assert "Página 1 de" in text


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    return Program.objects.get(slug="mentoria-directivos")


def test_the_annual_report_of_the_demos_2021_cohort(demo, tmp_path):
    out = tmp_path / "informe.pdf"
    call_command(
        "report",
        "annual",
        "--program",
        demo.slug,
        "--cohort",
        "2021",
        "--format",
        "pdf",
        "--out",
        str(out),
        stdout=None,
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    _check_pages_as_images(data)

    cohort = find_cohort(program=demo, name_or_year="2021")
    with translation.override("es"):
        report = annual_report(cohort=cohort)
        document = render_document(
            "hub/annual_report_pdf.html",
            {"program": demo, "report": report, "generated_at": timezone.localtime()},
        )
        uncompressed = document.write_pdf(uncompressed_pdf=True)
    text = document_text(document)
    for spanish in (
        "Informe anual del programa",
        "Mentoría a directivos",
        "Cobertura de las rondas",
    ):
        assert spanish in text
    assert "Página 1 de" in text
    # The coverage, modes and cost charts are laid out as SVG pictures.
    assert document_svg_count(document) >= 3
    assert len(document.pages) >= 1
    # The text is set in the machine's DejaVu font, embedded (never fetched from the web).
    assert re.search(rb"/FontName /[A-Z]{6}\+DejaVu-?Sans", uncompressed)
    # The people and the cost come from the cohort's own data.
    assert report.mentees > 0 and report.coverage and report.cost.mentees > 0


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 200), ("mentor", 403)])
def test_coordinators_download_the_annual_report_from_the_cohort_page(
    as_persona, world, persona, status
):
    cohort = world.program.cohorts.get()
    client = as_persona(persona)
    response = client.get(f"/p/{world.program.slug}/cohorts/{cohort.pk}/annual-report.pdf")
    assert response.status_code == status
    if status == 200:
        assert response.content.startswith(b"%PDF-")
        page = client.get(f"/p/{world.program.slug}/cohorts/{cohort.pk}/")
        assert b"annual-report.pdf" in page.content


def test_a_cohort_is_found_by_name_or_by_its_only_year(world):
    cohort = world.program.cohorts.get()
    cohort.name = "Primera"
    cohort.save()
    assert find_cohort(program=world.program, name_or_year=str(cohort.year)) == cohort
    CohortFactory(program=world.program, year=cohort.year, name="Segunda")
    assert find_cohort(program=world.program, name_or_year="segunda").name == "Segunda"
    with pytest.raises(Http404):
        find_cohort(program=world.program, name_or_year=str(cohort.year))
    with pytest.raises(Http404):
        find_cohort(program=world.program, name_or_year="1999")


def test_the_command_refuses_an_unknown_cohort(world, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "report",
            "annual",
            "--program",
            world.program.slug,
            "--cohort",
            "1999",
            "--out",
            str(tmp_path / "x.pdf"),
        )
