"""PDF documents from HTML templates, laid out by WeasyPrint (Debian's Pango underneath).

A document is an ordinary Django template extending ``pdf/base.html`` (the print stylesheet:
A4 pages, margins, running header and page numbers, DejaVu fonts installed on the machine).
Charts are inline SVG from ``acompana.common.charts``; nothing is fetched while laying out: the
URL fetcher refuses every URL but ``data:`` ones, so a document never reaches the network or
the file system.
"""

import logging
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

# WeasyPrint reports each layout step at INFO level; a document is not worth a log line each.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _fetcher() -> Any:
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)


def render_document(template_name: str, context: dict[str, Any]) -> Any:
    """The laid-out document (a ``weasyprint.Document``: pages and their boxes)."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).render()


def render_pdf(template_name: str, context: dict[str, Any], **options: Any) -> bytes:
    """The PDF of the template rendered with ``context``."""
    data: bytes = render_document(template_name, context).write_pdf(**options)
    return data


def document_text(document: Any) -> str:
    """Every piece of text laid out in ``document``, in reading order (for tests and checks)."""
    parts: list[str] = []

    def walk(box: Any) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            parts.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(parts)


def document_svg_count(document: Any) -> int:
    """How many SVG pictures (the charts) are laid out in ``document``."""
    from weasyprint.svg import SVG

    found = 0

    def walk(box: Any) -> None:
        nonlocal found
        image = getattr(box, "replacement", None)
        if image is not None and isinstance(getattr(image, "_svg", None), SVG):
            found += 1
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found


def pdf_response(data: bytes, *, name: str) -> HttpResponse:
    """A download of ``data`` as ``<name>.pdf`` (the name made safe for a file name)."""
    response = HttpResponse(data, content_type="application/pdf")
    filename = (slugify(name) or "document")[:120]
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
