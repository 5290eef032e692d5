"""Analysis pages: two-coder agreement, frequencies by attribute, co-occurrence, network."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from acompana.common import charts
from acompana.common.exports import table_response
from acompana.research import analysis as reads
from acompana.research.forms import AgreementForm
from acompana.research.selectors import member_list
from acompana.research.views.base import place


@login_required
def agreement(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Percent agreement and Cohen's kappa per code between two chosen coders."""
    here = place(request, slug, study)
    members = list(member_list(here.study))
    form = AgreementForm(request.GET if "coder_a" in request.GET else None, members=members)
    result = coders = None
    if form.is_bound and form.is_valid():
        a = get_object_or_404(here.study.members, pk=form.cleaned_data["coder_a"])
        b = get_object_or_404(here.study.members, pk=form.cleaned_data["coder_b"])
        result, coders = reads.coder_agreement(here.study, a, b), (a, b)
    return render(
        request,
        "research/agreement.html",
        here.context(form=form, result=result, coders=coders),
    )


def _attribute(request: HttpRequest, names: list[str]) -> str:
    chosen = request.GET.get("attribute", "")
    if chosen and chosen not in names:
        raise Http404
    return chosen or (names[0] if names else "")


@login_required
def analysis(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Frequencies by a participant attribute, co-occurrence table and network picture."""
    here = place(request, slug, study)
    names = list(here.study.variables.values_list("name", flat=True))
    attribute = _attribute(request, names)
    segments = reads.coded_segments(here.study)  # read once for both tables
    frequencies = (
        reads.frequencies_by_attribute(here.study, attribute, segments) if attribute else None
    )
    charts_by_value = []
    if frequencies:
        for i, value in enumerate(frequencies.values):
            items = [(code.name, counts[i]) for code, counts, _t in frequencies.rows if counts[i]]
            if items:
                charts_by_value.append(
                    (value, charts.bars(items, title=f"{attribute}: {value}", wide=True))
                )
    table = reads.cooccurrence_table(here.study, segments)
    network = reads.network_svg(table, title=_("Code co-occurrence network"))
    return render(
        request,
        "research/analysis.html",
        here.context(
            attributes=names,
            attribute=attribute,
            frequencies=frequencies,
            charts_by_value=charts_by_value,
            table=table,
            # The core writer escapes every text and emits neither script nor style.
            network=mark_safe(network),
        ),
    )


@login_required
def analysis_download(request: HttpRequest, slug: str, study: str, name: str) -> HttpResponse:
    """``cooccurrence.csv``, ``frequencies.csv`` (for ``?attribute=``) or ``network.svg``."""
    here = place(request, slug, study)
    base = here.study.slug
    if name == "network.svg":
        svg = reads.network_svg(
            reads.cooccurrence_table(here.study), title=_("Code co-occurrence network")
        )
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{base}-network.svg"'
        return response
    if name == "cooccurrence.csv":
        table = reads.cooccurrence_table(here.study)
        header = [_("Code"), _("Other code"), _("Co-occurrences"), _("c-coefficient")]
        rows = [(x.name, y.name, n, f"{c:.3f}") for x, y, n, c in table.pairs()]
        return table_response(header, rows, filename=f"{base}-cooccurrence", fmt="csv")
    if name == "frequencies.csv":
        names = list(here.study.variables.values_list("name", flat=True))
        attribute = _attribute(request, names)
        if not attribute:
            raise Http404
        columns, counts = reads.frequencies_by_attribute(here.study, attribute).table()
        return table_response(columns, counts, filename=f"{base}-frequencies", fmt="csv")
    raise Http404
