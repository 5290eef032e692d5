"""Server-side SVG charts: no JavaScript, printable, and allowed by the strict CSP.

Only presentation attributes are used (no ``style``), so the charts render under
``style-src 'self'``.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, MARGIN = 560, 220, 36
BAR = "#0b6e4f"
AXIS = "#5b6775"


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
    for i, count in enumerate(counts):
        h = plot_h * count / tallest
        x = MARGIN + i * bar_w
        y = MARGIN + plot_h - h
        label = f"{low + i * span / bins:.1f}-{low + (i + 1) * span / bins:.1f}: {count}"
        bars.append(
            (
                f"{x + 1:.1f}",
                f"{y:.1f}",
                f"{bar_w - 2:.1f}",
                f"{h:.1f}",
                BAR,
                label,
                f"{x + bar_w / 2:.1f}",
                f"{y - 4:.1f}",
                count if count else "",
            )
        )
    ticks = [
        (f"{MARGIN + i * plot_w / 5:.1f}", f"{HEIGHT - MARGIN + 16}", f"{low + i * span / 5:.1f}")
        for i in range(6)
    ]
    return format_html(
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
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
            bars,
        ),
        ticks=format_html_join(
            "",
            '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="' + AXIS + '">{}</text>',
            ticks,
        ),
    )


def bars(
    items: Sequence[tuple[str, float]], *, maximum: float | None = None, title: str = ""
) -> SafeString:
    """Horizontal bars, one per (label, value): e.g. each mentor's load against capacity."""
    top = maximum or max((v for _label, v in items), default=1.0) or 1.0
    row_h, label_w = 22, 150
    height = row_h * len(items) + 10
    rows = [
        (
            f"{i * row_h + 15}",
            label,
            label_w,
            f"{i * row_h + 4}",
            f"{(WIDTH - label_w - 50) * value / top:.1f}",
            BAR,
            f"{label_w + (WIDTH - label_w - 50) * value / top + 4:.1f}",
            f"{i * row_h + 15}",
            f"{value:g}",
        )
        for i, (label, value) in enumerate(items)
    ]
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{title}" class="chart"><title>{title}</title>{rows}</svg>',
        w=WIDTH,
        h=height,
        title=title,
        rows=format_html_join(
            "",
            '<text x="0" y="{}" font-size="12">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="14" fill="{}"/>'
            '<text x="{}" y="{}" font-size="11">{}</text>',
            rows,
        ),
    )


PALETTE = ["#0b6e4f", "#c0392b", "#2e86c1", "#b9770e", "#7d3c98", "#117a65", "#566573"]


def lines(
    series: dict[str, list[tuple[int, float]]],
    *,
    x_labels: Sequence[str],
    low: float,
    high: float,
    y_labels: Sequence[str] = (),
    title: str = "",
) -> SafeString:
    """One line per series of (x position, value) points over shared x labels (e.g. each
    rubric criterion's level, visit by visit)."""
    plot_w, plot_h = WIDTH - 2 * MARGIN - 90, HEIGHT - 2 * MARGIN
    n = max(len(x_labels), 1)
    step = plot_w / max(n - 1, 1)
    span = (high - low) or 1.0

    def point(i: int, value: float) -> str:
        return f"{MARGIN + i * step:.1f},{MARGIN + plot_h - (value - low) / span * plot_h:.1f}"

    polylines = [
        (
            " ".join(point(i, v) for i, v in values),
            PALETTE[k % len(PALETTE)],
            name,
            f"{WIDTH - MARGIN - 80}",
            f"{MARGIN + 14 * k + 10}",
            PALETTE[k % len(PALETTE)],
            name,
        )
        for k, (name, values) in enumerate(series.items())
        if values
    ]
    y_ticks = [
        (f"{MARGIN - 4}", f"{MARGIN + plot_h - (low + j - low) / span * plot_h + 4:.1f}", label)
        for j, label in enumerate(y_labels)
    ]
    x_ticks = [
        (f"{MARGIN + i * step:.1f}", f"{HEIGHT - MARGIN + 16}", label)
        for i, label in enumerate(x_labels)
    ]
    return format_html(
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
            '</polyline><text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
            polylines,
        ),
        yt=format_html_join(
            "", '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>', y_ticks
        ),
        xt=format_html_join(
            "", '<text x="{}" y="{}" text-anchor="middle" font-size="10">{}</text>', x_ticks
        ),
    )
