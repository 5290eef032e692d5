"""The change chart's rows, without a database."""

from acompana.growth.chart import Stage, Strand, change_rows

STAGES = [
    Stage(id=30, position=2, label="C"),
    Stage(id=10, position=0, label="A"),
    Stage(id=20, position=1, label="B"),
]
STRANDS = [
    Strand(id=1, code="1.1", label="Uno", domain_code="D1", domain_label="Dominio 1"),
    Strand(id=2, code="1.2", label="Dos", domain_code="D1", domain_label="Dominio 1"),
    Strand(id=3, code="2.1", label="Tres", domain_code="D2", domain_label="Dominio 2"),
    Strand(id=4, code="2.2", label="Cuatro", domain_code="D2", domain_label="Dominio 2"),
]


def test_stages_are_ordered_by_their_position_in_the_framework_not_by_id_or_label():
    chart = change_rows(strands=STRANDS, stages=STAGES, start={}, end={})
    assert [s.label for s in chart.stages] == ["A", "B", "C"]


def test_rows_are_grouped_by_domain_in_the_order_of_the_strands():
    chart = change_rows(strands=STRANDS, stages=STAGES, start={}, end={})
    assert [(g.code, [r.strand.code for r in g.rows]) for g in chart.domains] == [
        ("D1", ["1.1", "1.2"]),
        ("D2", ["2.1", "2.2"]),
    ]
    assert chart.empty


def test_change_counts_stages_moved_by_position():
    chart = change_rows(
        strands=STRANDS, stages=STAGES, start={1: 10, 2: 30, 3: 20}, end={1: 30, 2: 20, 3: 20}
    )
    changes = {r.strand.id: r.change for r in chart.rows}
    assert changes == {1: 2, 2: -1, 3: 0, 4: None}
    assert (chart.moved_up, chart.moved_down) == (1, 1)
    assert not chart.empty


def test_a_strand_missing_at_start_or_end_keeps_its_row_without_a_change():
    chart = change_rows(strands=STRANDS, stages=STAGES, start={1: 10, 2: None}, end={2: 20, 3: 30})
    rows = {r.strand.id: r for r in chart.rows}
    assert (rows[1].start.label, rows[1].end, rows[1].change) == ("A", None, None)
    assert (rows[2].start, rows[2].end.label, rows[2].change) == (None, "B", None)
    assert (rows[3].start, rows[3].end.label) == (None, "C")
    assert rows[4].start is None and rows[4].end is None


def test_a_stage_not_of_the_framework_counts_as_not_rated():
    chart = change_rows(strands=STRANDS[:1], stages=STAGES, start={1: 999}, end={1: 10})
    assert chart.rows[0].start is None
    assert chart.rows[0].change is None
