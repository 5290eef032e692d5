"""Offsets, coder agreement, co-occurrence and the network picture (no Django)."""

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acompana_core.qualitative import (
    Coding,
    CoSegment,
    NetworkNode,
    agreement,
    code_points_to_utf16,
    cooccurrence,
    network_layout,
    network_svg,
    speaker_at,
    speaker_turns,
    utf16_length,
    utf16_to_code_points,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_utf16_offsets_of_accented_and_emoji_text_map_to_code_points():
    text = "👍🏽 sí, señora"
    # Two emoji (surrogate pairs) take four UTF-16 units but two code points.
    assert utf16_length(text) == len(text) + 2
    assert utf16_to_code_points(text, 4) == 2
    assert utf16_to_code_points(text, 5) == 3
    assert text[utf16_to_code_points(text, 5) : utf16_to_code_points(text, 7)] == "sí"
    assert code_points_to_utf16(text, 3) == 5
    assert utf16_to_code_points(text, utf16_length(text)) == len(text)


def test_an_offset_inside_a_surrogate_pair_or_outside_the_text_is_refused():
    with pytest.raises(ValueError, match="inside a character"):
        utf16_to_code_points("👍 a", 1)
    with pytest.raises(ValueError, match="past the end"):
        utf16_to_code_points("sí", 3)
    with pytest.raises(ValueError, match="negative"):
        utf16_to_code_points("sí", -1)
    with pytest.raises(ValueError):
        code_points_to_utf16("sí", 3)


@given(st.text(), st.data())
def test_code_point_offsets_survive_a_round_trip_through_utf16(text, data):
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    units = code_points_to_utf16(text, offset)
    assert units == len(text[:offset].encode("utf-16-le")) // 2
    assert utf16_to_code_points(text, units) == offset


def test_identical_coding_agrees_fully_and_opposite_coding_not_at_all():
    lengths = {"d": 10}
    same = [Coding("d", 0, 5, "X")]
    (result,) = agreement(lengths, same, same, ["X"])
    assert (result.both, result.neither, result.percent, result.kappa) == (5, 5, 100.0, 1.0)
    (opposite,) = agreement(lengths, same, [Coding("d", 5, 10, "X")], ["X"])
    assert opposite.percent == 0.0
    assert opposite.kappa == pytest.approx(-1.0)


def test_agreement_counts_code_points_and_merges_overlapping_spans():
    lengths = {"d1": 20, "d2": 10}
    a = [Coding("d1", 0, 10, "X"), Coding("d1", 5, 12, "X"), Coding("d2", 0, 4, "X")]
    b = [Coding("d1", 2, 12, "X"), Coding("other", 0, 5, "X")]
    (result,) = agreement(lengths, a, b, ["X"])
    assert result.units == 30
    assert (result.both, result.only_a, result.only_b) == (10, 6, 0)
    assert result.neither == 14
    assert result.percent == pytest.approx(80.0)
    pa, pb = 16 / 30, 10 / 30
    expected = pa * pb + (1 - pa) * (1 - pb)
    assert result.kappa == pytest.approx((0.8 - expected) / (1 - expected))


def test_kappa_is_undefined_and_explained_when_chance_agreement_is_complete():
    (unused,) = agreement({"d": 8}, [], [], ["X"])
    assert unused.percent == 100.0
    assert unused.kappa is None
    assert "neither coder" in unused.kappa_note
    everything = [Coding("d", 0, 8, "X")]
    (full,) = agreement({"d": 8}, everything, everything, ["X"])
    assert full.kappa is None
    assert "all the text" in full.kappa_note
    (empty,) = agreement({}, everything, everything, ["X"])
    assert empty.percent is None
    assert empty.kappa is None


spans = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["X", "Y"])).map(
        lambda t: Coding("d", min(t[0], t[1]), max(t[0], t[1]), t[2])
    ),
    max_size=6,
)


@given(spans, spans)
def test_kappa_stays_between_minus_one_and_one_and_the_counts_add_up(a, b):
    for result in agreement({"d": 40}, a, b, ["X", "Y"]):
        assert result.both + result.only_a + result.only_b + result.neither == 40
        assert result.percent is not None
        assert 0.0 <= result.percent <= 100.0
        if result.kappa is None:
            assert result.kappa_note
        else:
            assert -1.0 - 1e-9 <= result.kappa <= 1.0 + 1e-9


def test_codes_cooccur_on_the_same_segment_or_on_overlapping_segments_of_one_document():
    result = cooccurrence(
        [
            CoSegment("d1", 0, 10, frozenset({"A", "B"})),
            CoSegment("d1", 5, 15, frozenset({"C"})),
            CoSegment("d1", 15, 20, frozenset({"A"})),  # touches, does not overlap
            CoSegment("d2", 0, 10, frozenset({"C"})),  # another document
            CoSegment("d2", 20, 30, frozenset({"A", "C"})),
        ]
    )
    assert result.frequencies == {"A": 3, "B": 1, "C": 3}
    assert result.count("A", "B") == 1
    assert result.count("A", "C") == 2
    assert result.count("B", "C") == 1
    assert result.count("A", "A") == 0
    assert result.coefficient("A", "C") == pytest.approx(2 / 4)
    assert result.coefficient("A", "missing") == 0.0


cosegments = st.lists(
    st.builds(
        CoSegment,
        st.sampled_from(["d1", "d2"]),
        st.integers(0, 30),
        st.integers(0, 30),
        st.frozensets(st.sampled_from("ABCD"), max_size=3),
    ),
    max_size=25,
)


@given(cosegments)
def test_cooccurrence_matches_the_pairwise_definition(segments):
    """Every pair {s, t} (s may be t) of one document that share a code point counts once."""
    frequencies: dict = {}
    pairs: dict = {}
    for s in segments:
        for code in s.codes:
            frequencies[code] = frequencies.get(code, 0) + 1
    for i, s in enumerate(segments):
        for j in range(i, len(segments)):
            t = segments[j]
            same = i == j
            overlap = (
                s.document == t.document
                and s.start < s.end
                and t.start < t.end
                and max(s.start, t.start) < min(s.end, t.end)
            )
            if not (same or overlap):
                continue
            for pair in {frozenset((x, y)) for x in s.codes for y in t.codes if x != y}:
                pairs[pair] = pairs.get(pair, 0) + 1
    result = cooccurrence(segments)
    assert result.frequencies == frequencies
    assert result.pairs == pairs


def test_the_network_layout_is_deterministic_and_keeps_nodes_apart():
    first = network_layout(6, width=800, height=600, margin_x=200, margin_y=100)
    assert first == network_layout(6, width=800, height=600, margin_x=200, margin_y=100)
    assert first[0] == (400.0, 100.0)
    square = network_layout(4, width=800, height=600, margin_x=200, margin_y=100)
    assert square == [(400.0, 100.0), (600.0, 300.0), (400.0, 500.0), (200.0, 300.0)]
    assert len(set(first)) == 6
    assert network_layout(1, width=600, height=400, margin_x=9, margin_y=9) == [(300.0, 200.0)]


def test_the_network_svg_is_accessible_escaped_and_weighted():
    nodes = [
        NetworkNode("a", "Liderazgo <pedagógico>", 4, "#112233"),
        NetworkNode("b", "Resiliencia & empatía", 2, "red; x"),
        NetworkNode("c", "Sola", 1),
    ]
    svg = network_svg(
        nodes,
        {frozenset({"a", "b"}): 3, frozenset({"a", "missing"}): 9},
        title="Red de códigos",
        description="Dos códigos co-ocurren",
        id_prefix="n1",
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "n1-title n1-desc"
    assert root.find(f"{SVG}title").text == "Red de códigos"
    assert root.find(f"{SVG}desc").text == "Dos códigos co-ocurren"
    circles = root.findall(f"{SVG}circle")
    assert len(circles) == 3
    assert float(circles[0].get("r")) > float(circles[1].get("r")) > float(circles[2].get("r"))
    assert circles[1].get("fill") == "#4A6FA5"  # an unsafe colour falls back
    (line,) = root.findall(f"{SVG}line")
    assert line.find(f"{SVG}title").text == "Liderazgo <pedagógico> — Resiliencia & empatía: 3"
    assert "style" not in svg and "script" not in svg
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert "Liderazgo <pedagógico> (4)" in texts


def test_long_code_names_are_shortened_in_the_picture_but_kept_in_the_tooltip():
    name = "Diferencias en la inducción de nuevos mentores"
    root = ET.fromstring(
        network_svg([NetworkNode("a", name, 2)], {}, title="t", description="d", label_chars=20)
    )
    assert root.find(f"{SVG}circle/{SVG}title").text == f"{name} (2)"
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert "Diferencias en la i… (2)" in labels
    assert network_svg([], {}, title="t", description="d").startswith("<svg")


def test_speaker_turns_run_from_each_label_to_the_next_and_ignore_colons_inside_a_line():
    text = (
        "Entrevistadora: ¿Cómo fue la inducción?\n"
        "7G: Virtual 👍🏽. Nota: poca práctica\nY más.\n7G: Fin"
    )
    turns = speaker_turns(text)
    assert [t.speaker for t in turns] == ["Entrevistadora", "7G", "7G"]
    assert [text[t.start : t.label_end] for t in turns] == ["Entrevistadora: ", "7G: ", "7G: "]
    assert "".join(text[t.start : t.end] for t in turns) == text
    assert speaker_at(turns, text.index("poca")) == "7G"
    assert speaker_turns("Texto corrido sin etiquetas.") == []
    assert speaker_at([], 0) is None
