"""The change chart as an inline SVG (``common.charts`` conventions: presentation attributes
only, labels wrapped, the same figures as a table under it).

Drawn 360 units wide so that it is read at its natural size on a 390 px phone: each strand is
its label on its own line(s) across the chart, then a track with one column per career stage,
a hollow dot at the start stage, a filled dot at the end stage and a line between them."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from acompana.common.charts import AXIS, LINE_HEIGHT, PALETTE, table, wrap
from acompana.growth.chart import ChangeChart, ChangeRow

WIDTH = 360
PAD = 8
LABEL_CHARS = 50  # of a 12 px label across the chart
TRACK = 26  # height of a strand's track
HEADER = 44  # the stage names above the first domain
DOMAIN_GAP = 30
START, END = PALETTE[1], PALETTE[0]


INSET = 48  # room for half a stage name at either end of the track
STAGE_CHARS = 13


def _x(index: int, count: int) -> float:
    usable = WIDTH - 2 * INSET
    return INSET + (usable * index / max(count - 1, 1))


def _dash(value: object) -> str:
    return str(value) if value else "—"


def change_svg(chart: ChangeChart, *, title: str) -> SafeString:
    """The chart and its table; an empty chart (no stages) gives an empty string."""
    stages = chart.stages
    if not stages:
        return SafeString("")
    index = {stage.id: i for i, stage in enumerate(stages)}
    parts: list[SafeString] = []
    y = 14.0
    for i, stage in enumerate(stages):
        for n, line in enumerate(wrap(stage.label, STAGE_CHARS)[:2]):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                    f"{_x(i, len(stages)):.1f}",
                    f"{y + n * 12:.1f}",
                    AXIS,
                    line,
                )
            )
    y = HEADER
    for group in chart.domains:
        y += 14
        for n, line in enumerate(wrap(f"{group.code} · {group.label}", 44)):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="13" font-weight="bold">{}</text>',
                    PAD,
                    f"{y + n * LINE_HEIGHT:.1f}",
                    line,
                )
            )
        y += LINE_HEIGHT * len(wrap(f"{group.code} · {group.label}", 44)) - 4
        for row in group.rows:
            parts.append(_row(row, index, len(stages), y))
            y += LINE_HEIGHT * len(wrap(f"{row.strand.code} {row.strand.label}", LABEL_CHARS))
            y += TRACK
        y += DOMAIN_GAP - TRACK / 2
    height = y + 28
    legend = format_html(
        '<circle cx="{x1}" cy="{ly}" r="5" fill="white" stroke="{s}" stroke-width="2"/>'
        '<text x="{t1}" y="{ty}" font-size="12">{start}</text>'
        '<circle cx="{x2}" cy="{ly}" r="5" fill="{e}"/>'
        '<text x="{t2}" y="{ty}" font-size="12">{end}</text>',
        x1=PAD + 6,
        t1=PAD + 16,
        x2=PAD + 130,
        t2=PAD + 140,
        ly=f"{height - 14:.1f}",
        ty=f"{height - 10:.1f}",
        s=START,
        e=END,
        start=_("Start of the cycle"),
        end=_("End of the cycle"),
    )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{title}" class="chart growth-chart"><title>{title}</title>'
        "{parts}{legend}</svg>",
        w=WIDTH,
        h=f"{height:.0f}",
        title=title,
        parts=format_html_join("", "{}", ((p,) for p in parts)),
        legend=legend,
    )
    rows = [
        (
            f"{row.strand.code} {row.strand.label}",
            _dash(row.start.label if row.start else ""),
            _dash(row.end.label if row.end else ""),
            _dash(f"{row.change:+d}" if row.change else ("0" if row.change == 0 else "")),
        )
        for row in chart.rows
    ]
    data = table(
        title, [_("Strand"), _("Start of the cycle"), _("End of the cycle"), _("Change")], rows
    )
    return format_html('<div class="chart-block">{}{}</div>', svg, data)


def _row(row: ChangeRow, index: dict[int, int], count: int, y: float) -> SafeString:
    label = f"{row.strand.code} {row.strand.label}"
    lines = wrap(label, LABEL_CHARS)
    text = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="12">{}</text>',
        ((PAD, f"{y + 12 + n * LINE_HEIGHT:.1f}", line) for n, line in enumerate(lines)),
    )
    track_y = y + LINE_HEIGHT * len(lines) + 8
    ticks = format_html_join(
        "",
        '<line x1="{x}" y1="{a}" x2="{x}" y2="{b}" stroke="{c}"/>',
        (
            {"x": f"{_x(i, count):.1f}", "a": track_y - 4, "b": track_y + 4, "c": AXIS}
            for i in range(count)
        ),
    )
    base = format_html(
        '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#d0d5db"/>',
        f"{_x(0, count):.1f}",
        f"{_x(count - 1, count):.1f}",
        y=f"{track_y:.1f}",
    )
    marks: list[SafeString] = []
    start_x = _x(index[row.start.id], count) if row.start else None
    end_x = _x(index[row.end.id], count) if row.end else None
    if start_x is not None and end_x is not None and start_x != end_x:
        marks.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{c}" stroke-width="3"/>',
                f"{start_x:.1f}",
                f"{end_x:.1f}",
                y=f"{track_y:.1f}",
                c=END,
            )
        )
    if start_x is not None:
        marks.append(
            format_html(
                '<circle cx="{}" cy="{}" r="6" fill="white" stroke="{}" stroke-width="2.5"/>',
                f"{start_x:.1f}",
                f"{track_y:.1f}",
                START,
            )
        )
    if end_x is not None:
        marks.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4.5" fill="{}"/>',
                f"{end_x:.1f}",
                f"{track_y:.1f}",
                END,
            )
        )
    summary = _("%(strand)s: start %(start)s, end %(end)s") % {
        "strand": label,
        "start": _dash(row.start.label if row.start else ""),
        "end": _dash(row.end.label if row.end else ""),
    }
    return format_html(
        "<g><title>{}</title>{}{}{}{}</g>",
        summary,
        text,
        base,
        ticks,
        format_html_join("", "{}", ((m,) for m in marks)),
    )
