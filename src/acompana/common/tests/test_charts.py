"""Charts people can read: whole labels, numbers in the reader's language, one colour per
series with a legend, and the same figures as a table."""

from django.utils import translation
from lxml import html

from acompana.common import charts

LONG = "Ronda 3 · cierre 2026 del acompañamiento en la región Cusco"


def parse(chart) -> html.HtmlElement:
    return html.fragment_fromstring(str(chart), create_parent="div")


def test_numbers_are_written_in_the_readers_language_with_at_most_two_decimals():
    with translation.override("es"):
        assert charts.number(2.5) == "2,5"
        assert charts.number(3.2142857) == "3,21"
        assert charts.number(4.0) == "4"
        assert charts.number(1234.5) in {"1.234,5", "1\xa0234,5", "1 234,5"}
    with translation.override("en"):
        assert charts.number(2.5) == "2.5"
        assert charts.number(1234) == "1,234"


def test_a_bar_chart_writes_values_in_spanish_and_the_whole_label_over_several_lines():
    with translation.override("es"):
        tree = parse(charts.bars([(LONG, 3.2142857), ("Ronda 4", 2.5)], title="Visitas"))
    texts = [t.text_content() for t in tree.xpath("//svg//text")]
    assert texts == [LONG, "3,21", "Ronda 4", "2,5"]
    assert len(tree.xpath("//svg//text[1]/tspan")) > 1  # the long label wraps
    assert "3.21429" not in html.tostring(tree, encoding="unicode")


def test_every_chart_is_followed_by_a_table_of_the_same_figures():
    with translation.override("es"):
        tree = parse(
            charts.bars(
                [("Ana", 2.5), ("Luis", 1)],
                title="Carga",
                label_header="Mentor",
                value_header="Horas",
            )
        )
    table = tree.xpath("//details/table")[0]
    assert table.xpath("caption")[0].text_content() == "Carga"
    assert [th.text_content() for th in table.xpath("thead//th")] == ["Mentor", "Horas"]
    rows = [[c.text_content() for c in tr] for tr in table.xpath("tbody/tr")]
    assert rows == [["Ana", "2,5"], ["Luis", "1"]]


def test_budget_and_spent_are_drawn_in_different_colours_named_in_a_legend():
    tree = parse(
        charts.grouped_bars(
            [("Transporte", [100.0, 80.5]), ("Viáticos", [50.0, 60.0])],
            series=["Budget", "Spent"],
            title="Spent against budget",
            wide=True,
        )
    )
    bars = tree.xpath("//svg/rect[@height='14']")
    colours = [bar.get("fill") for bar in bars]
    assert colours[0] != colours[1] and colours[0::2] == [colours[0]] * 2
    legend = tree.xpath("//svg/rect[@height='12']")
    assert [r.get("fill") for r in legend] == colours[:2]
    assert {"Budget", "Spent"} <= {t.text_content() for t in tree.xpath("//svg/text")}
    assert tree.xpath("//div[contains(@class, 'chart-wide')]")
    assert [th.text_content() for th in tree.xpath("//thead//th")][1:] == ["Budget", "Spent"]


def test_a_histogram_and_a_line_chart_carry_tables_with_localised_figures():
    with translation.override("es"):
        histogram = parse(charts.histogram([0.25, 0.35], bins=4, title="Puntajes"))
        lines = parse(
            charts.lines(
                {"C1": [(0, 1.5), (1, 2.0)]},
                x_labels=["01/03", "01/04"],
                low=1,
                high=4,
                title="Niveles",
            )
        )
    first = [c.text_content() for c in histogram.xpath("//tbody/tr[2]/*")]
    assert first == ["0,25 \u2013 0,5", "2"]
    assert [[c.text_content() for c in tr] for tr in lines.xpath("//tbody/tr")] == [
        ["01/03", "1,5"],
        ["01/04", "2"],
    ]


def test_a_line_charts_legend_shortens_long_names_and_keeps_them_whole_on_hover_and_in_the_table():
    name = "Plan de mejora de los aprendizajes"
    tree = parse(charts.lines({name: [(0, 1.0)]}, x_labels=["2026-04"], low=0, high=4, title="T"))
    legend = tree.xpath("//svg/text[title]")[0]
    assert legend.text == "Plan de mejor…"
    assert legend.xpath("title")[0].text_content() == name
    assert tree.xpath("//thead//th")[1].text_content() == name
