"""Server-side SVG charts: no JavaScript, printable, and allowed by the strict CSP.

Only presentation attributes are used (no ``style``), so the charts render under
``style-src 'self'``. Every chart is followed by the same figures as a table (in a
``<details>``), numbers are written in the reader's language (``2,5`` in Spanish), labels wrap
instead of being cut, and charts with more than one series draw each in its own colour with a
legend. A ``wide`` chart is drawn for the full width of the page (many things compared)."""

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

WIDTH, HEIGHT, MARGIN = 560, 220, 36
WIDE = 960
BAR = "#0b6e4f"
AXIS = "#5b6775"
# Colour-blind-safe and distinct on white (Okabe-Ito, darkened where the contrast needed it).
PALETTE = ["#0b6e4f", "#b35806", "#2166ac", "#8e3b8e", "#7a6a00", "#b2182b", "#4d4d4d"]
LINE_HEIGHT = 15
CHAR_WIDTH = 6.8  # an average character at 12 px, to wrap labels to the room they have
LEGEND_CHARS = 14  # what fits beside a line chart


def number(value: float | int | None) -> str:
    """``value`` in the reader's language, with at most two decimals and none when whole:
    ``2,5`` and ``1 234`` in Spanish, ``2.5`` and ``1,234`` in English."""
    if value is None:
        return "—"
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        return number_format(int(rounded), 0, force_grouping=True)
    decimals = 1 if round(rounded, 1) == rounded else 2
    return number_format(rounded, decimals, force_grouping=True)


def abbreviate(label: str, width: int) -> str:
    """The label cut to ``width`` characters with an ellipsis (where there is no room to wrap,
    as in a legend; the whole label goes in the element's ``<title>``)."""
    text = str(label)
    return text if len(text) <= width else text[: width - 1] + "…"


def wrap(label: str, width: int) -> list[str]:
    """The label in lines of at most ``width`` characters (long words are broken, nothing is
    dropped)."""
    return textwrap.wrap(str(label), width=max(width, 4), break_long_words=True) or [""]


def _tspans(lines: list[str], x: float) -> SafeString:
    """Lines of one ``<text>``: the text content stays the whole label (each later line starts
    with the space that separated it)."""
    return format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        (
            (x, 0 if i == 0 else LINE_HEIGHT, line if i == 0 else " " + line)
            for i, line in enumerate(lines)
        ),
    )


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> SafeString:
    """The chart's figures as a table (first column the labels), folded under the chart."""
    head = format_html(
        '<th scope="col">{}</th>{}',
        header[0],
        format_html_join("", '<th scope="col" class="num">{}</th>', ((h,) for h in header[1:])),
    )
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html(
                    '<th scope="row">{}</th>{}',
                    row[0],
                    format_html_join("", '<td class="num">{}</td>', ((cell,) for cell in row[1:])),
                ),
            )
            for row in rows
        ),
    )
    return format_html(
        '<details class="chart-table"><summary>{summary}</summary>'
        "<table><caption>{title}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
        "</table></details>",
        summary=_("The figures of the chart, as a table"),
        title=title,
        head=head,
        body=body,
    )


def _figure(svg: SafeString, data: SafeString, *, wide: bool) -> SafeString:
    return format_html(
        '<div class="chart-block{}">{}{}</div>', " chart-wide" if wide else "", svg, data
    )


def histogram(
    values: Sequence[float],
    *,
    bins: int = 10,
    low: float = 0.0,
    high: float = 1.0,
    title: str = "",
    x_label: str = "",
) -> SafeString:
    """An SVG histogram of ``values`` between ``low`` and ``high`` (inclusive of ``high``)."""
    counts = [0] * bins
    span = (high - low) or 1.0
    for value in values:
        index = int((min(max(value, low), high) - low) / span * bins)
        counts[min(index, bins - 1)] += 1
    tallest = max(counts) or 1
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    bar_w = plot_w / bins
    bars = []
    ranges = []
    for i, count in enumerate(counts):
        h = plot_h * count / tallest
        x = MARGIN + i * bar_w
        y = MARGIN + plot_h - h
        label = f"{number(low + i * span / bins)} \u2013 {number(low + (i + 1) * span / bins)}"
        ranges.append((label, number(count)))
        bars.append(
            (
                f"{x + 1:.1f}",
                f"{y:.1f}",
                f"{bar_w - 2:.1f}",
                f"{h:.1f}",
                BAR,
                f"{x + bar_w / 2:.1f}",
                f"{y - 4:.1f}",
                number(count) if count else "",
            )
        )
    ticks = [
        (f"{MARGIN + i * plot_w / 5:.1f}", f"{HEIGHT - MARGIN + 16}", number(low + i * span / 5))
        for i in range(6)
    ]
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{title}" class="chart"><title>{title}</title>'
        '<line x1="{m}" y1="{base}" x2="{right}" y2="{base}" stroke="{axis}"/>{bars}{ticks}'
        '<text x="{mid}" y="{bottom}" text-anchor="middle" font-size="12" fill="{axis}">{xl}</text>'
        "</svg>",
        w=WIDTH,
        h=HEIGHT,
        m=MARGIN,
        base=MARGIN + plot_h,
        right=WIDTH - MARGIN,
        axis=AXIS,
        title=title,
        xl=x_label,
        mid=WIDTH / 2,
        bottom=HEIGHT - 2,
        bars=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
            bars,
        ),
        ticks=format_html_join(
            "",
            '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="' + AXIS + '">{}</text>',
            ticks,
        ),
    )
    header = [x_label or pgettext("chart", "Interval"), _("Count")]
    return _figure(svg, table(title, header, ranges), wide=False)


def bars(
    items: Sequence[tuple[str, float]],
    *,
    maximum: float | None = None,
    title: str = "",
    wide: bool = False,
    label_header: str = "",
    value_header: str = "",
) -> SafeString:
    """Horizontal bars, one per (label, value): e.g. each mentor's load against capacity.

    Each bar is one label (wrapped over as many lines as it needs), one bar and its value."""
    return grouped_bars(
        [(label, [value]) for label, value in items],
        series=[value_header or pgettext("chart", "Value")],
        maximum=maximum,
        title=title,
        wide=wide,
        label_header=label_header,
    )


def grouped_bars(
    items: Sequence[tuple[str, Sequence[float]]],
    *,
    series: Sequence[str],
    maximum: float | None = None,
    title: str = "",
    wide: bool = False,
    label_header: str = "",
) -> SafeString:
    """Horizontal bars by label, one bar per series in its own colour with a legend: e.g.
    each budget category's budget and spent amount."""
    width = WIDE if wide else WIDTH
    several = len(series) > 1
    top = maximum or max((v for _label, values in items for v in values), default=1.0) or 1.0
    # The label column is as wide as the longest label needs, up to a limit past which labels wrap.
    longest = max((len(str(label)) for label, _values in items), default=0)
    label_w = min(300 if wide else 170, max(80, int(longest * CHAR_WIDTH) + 12))
    value_w = 70
    bar_room = width - label_w - value_w - 10
    bar_h, gap = 14, 10
    per_line = int(label_w / CHAR_WIDTH) - 1
    legend_h = 24 if several else 0
    rows = []
    y = legend_h + 4
    for label, values in items:
        lines = wrap(label, per_line)
        block = max(len(values) * (bar_h + 2), len(lines) * LINE_HEIGHT)
        texts = []
        for k, value in enumerate(values):
            bar_y = y + k * (bar_h + 2)
            length = bar_room * max(float(value), 0.0) / top
            texts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="11">{}</text>',
                    label_w,
                    bar_y,
                    f"{length:.1f}",
                    bar_h,
                    PALETTE[k % len(PALETTE)] if several else BAR,
                    f"{label_w + length + 4:.1f}",
                    bar_y + 11,
                    number(value),
                )
            )
        rows.append(
            format_html(
                '<text x="0" y="{}" font-size="12">{}</text>{}',
                y + 11,
                _tspans(lines, 0),
                format_html_join("", "{}", ((t,) for t in texts)),
            )
        )
        y += block + gap
    legend = (
        format_html_join(
            "",
            '<rect x="{}" y="4" width="12" height="12" fill="{}"/>'
            '<text x="{}" y="14" font-size="12">{}</text>',
            (
                (label_w + 150 * k, PALETTE[k % len(PALETTE)], label_w + 150 * k + 16, name)
                for k, name in enumerate(series)
            ),
        )
        if several
        else ""
    )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{title}" class="chart"><title>{title}</title>{legend}{rows}</svg>',
        w=width,
        h=y,
        title=title,
        legend=legend,
        rows=format_html_join("", "{}", ((r,) for r in rows)),
    )
    data = table(
        title,
        [label_header or pgettext("chart", "Item"), *series],
        [(label, *(number(v) for v in values)) for label, values in items],
    )
    return _figure(svg, data, wide=wide)


def lines(
    series: dict[str, list[tuple[int, float]]],
    *,
    x_labels: Sequence[str],
    low: float,
    high: float,
    y_labels: Sequence[str] = (),
    title: str = "",
    value_format: Callable[[float], str] = number,
) -> SafeString:
    """One line per series of (x position, value) points over shared x labels (e.g. each
    rubric criterion's level, visit by visit), each in its own colour named in the legend."""
    plot_w, plot_h = WIDTH - 2 * MARGIN - 90, HEIGHT - 2 * MARGIN
    n = max(len(x_labels), 1)
    step = plot_w / max(n - 1, 1)
    span = (high - low) or 1.0

    def point(i: int, value: float) -> str:
        return f"{MARGIN + i * step:.1f},{MARGIN + plot_h - (value - low) / span * plot_h:.1f}"

    drawn = [(name, values) for name, values in series.items() if values]
    polylines = [
        (
            " ".join(point(i, v) for i, v in values),
            PALETTE[k % len(PALETTE)],
            name,
            f"{WIDTH - MARGIN - 80}",
            f"{MARGIN + 16 * k + 1}",
            PALETTE[k % len(PALETTE)],
            f"{WIDTH - MARGIN - 66}",
            f"{MARGIN + 16 * k + 10}",
            abbreviate(name, LEGEND_CHARS),
            name,
        )
        for k, (name, values) in enumerate(drawn)
    ]
    y_ticks = [
        (f"{MARGIN - 4}", f"{MARGIN + plot_h - (low + j - low) / span * plot_h + 4:.1f}", label)
        for j, label in enumerate(y_labels)
    ]
    x_ticks = [
        (f"{MARGIN + i * step:.1f}", f"{HEIGHT - MARGIN + 16}", label)
        for i, label in enumerate(x_labels)
    ]
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{title}" class="chart"><title>{title}</title>'
        '<line x1="{m}" y1="{base}" x2="{right}" y2="{base}" stroke="{axis}"/>{lines}{yt}{xt}'
        "</svg>",
        w=WIDTH,
        h=HEIGHT,
        m=MARGIN,
        base=MARGIN + plot_h,
        right=MARGIN + plot_w,
        axis=AXIS,
        title=title,
        lines=format_html_join(
            "",
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"><title>{}</title>'
            '</polyline><rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
            '<text x="{}" y="{}" font-size="11">{}<title>{}</title></text>',
            polylines,
        ),
        yt=format_html_join(
            "", '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>', y_ticks
        ),
        xt=format_html_join(
            "", '<text x="{}" y="{}" text-anchor="middle" font-size="10">{}</text>', x_ticks
        ),
    )
    values = [dict(points) for _name, points in drawn]
    rows = [
        (label, *(value_format(v[i]) if i in v else "—" for v in values))
        for i, label in enumerate(x_labels)
    ]
    data = table(title, [pgettext("chart", "When"), *(name for name, _p in drawn)], rows)
    return _figure(svg, data, wide=False)
