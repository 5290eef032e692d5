"""``{% export_links "visits" %}``: the list page's CSV and XLSX download links, carrying the
filters the page is showing (every query parameter but the page number)."""

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("hub/_export_links.html", takes_context=True)
def export_links(context: Any, kind: str) -> dict[str, Any]:
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    slug = context["program"].slug
    return {
        "csv_url": reverse("hub:export", args=[slug, kind, "csv"]) + suffix,
        "xlsx_url": reverse("hub:export", args=[slug, kind, "xlsx"]) + suffix,
    }
