"""The Django side of the analysis: reads of one study handed to ``acompana_core.qualitative``."""

import pytest

from acompana.research import analysis
from acompana.research.models import Code, Participant, Segment, Study, StudyMember


@pytest.fixture
def study(world):
    study = Study.objects.create(program=world.program, slug="s", title="Estudio")
    StudyMember.objects.create(study=study, user=world.researcher, code_name="R1", is_lead=True)
    StudyMember.objects.create(study=study, user=world.coordinator, code_name="C1")
    return study


def make_code(study, name, parent=None, codable=True, order=0):
    return Code.objects.create(
        study=study, name=name, parent=parent, is_codable=codable, order=order
    )


def coded(document, member, start, end, *codes):
    segment = Segment.objects.create(document=document, start=start, end=end, coder=member)
    segment.codes.set(codes)
    return segment


def test_the_code_tree_lists_categories_before_their_codes_depth_first(study):
    b = make_code(study, "B", codable=False, order=2)
    a = make_code(study, "A", codable=False, order=1)
    a2 = make_code(study, "a2", parent=a, order=2)
    a1 = make_code(study, "a1", parent=a, order=1)
    b1 = make_code(study, "b1", parent=b)
    deep = make_code(study, "a1x", parent=a1)
    rows = analysis.code_tree(study)
    assert [(r.code, r.depth) for r in rows] == [
        (a, 0),
        (a1, 1),
        (deep, 2),
        (a2, 1),
        (b, 0),
        (b1, 1),
    ]


def test_highlight_runs_cut_the_text_at_every_boundary_and_rebuild_it(study):
    document = study.documents.create(name="d", text="👍🏽 sí, claro que sí")
    member = study.members.get(code_name="R1")
    x, y = make_code(study, "x"), make_code(study, "y")
    first = coded(document, member, 3, 10, x)
    second = coded(document, member, 6, 14, y)
    runs = analysis.highlight_runs(document.text, [first, second])
    assert "".join(r.text for r in runs) == document.text
    assert [(r.text, r.depth) for r in runs] == [
        ("👍🏽 ", 0),
        ("sí,", 1),
        (" cla", 2),
        ("ro q", 1),
        ("ue sí", 0),
    ]
    assert runs[2].segments == (first.pk, second.pk)


def test_frequencies_split_segments_by_the_participants_attribute_value(study):
    novice = Participant.objects.create(study=study, code_name="1A", attributes={"exp": "novice"})
    expert = Participant.objects.create(study=study, code_name="2B", attributes={"exp": "expert"})
    Participant.objects.create(study=study, code_name="3C", attributes={"exp": "expert"})
    member = study.members.get(code_name="R1")
    cat = make_code(study, "Cat", codable=False)
    x = make_code(study, "x", parent=cat)
    d1 = study.documents.create(name="d1", text="a" * 20, participant=novice)
    d2 = study.documents.create(name="d2", text="a" * 20, participant=expert)
    d3 = study.documents.create(name="d3", text="a" * 20)
    coded(d1, member, 0, 5, x)
    coded(d2, member, 0, 5, x)
    coded(d2, member, 6, 9, x)
    coded(d3, member, 0, 5, x)
    result = analysis.frequencies_by_attribute(study, "exp")
    assert result.values == ["(no value)", "expert", "novice"]
    assert result.columns == [("(no value)", 0), ("expert", 2), ("novice", 1)]
    assert result.rows == [(x, [1, 2, 1], 4)]  # the category is not a row
    header, rows = result.table()
    assert header == ["Code", "(no value)", "expert", "novice", "Total"]
    assert rows == [["x", 1, 2, 1, 4]]


def test_the_cooccurrence_table_and_network_use_the_study_codes(study):
    member = study.members.get(code_name="R1")
    x, y, z = make_code(study, "x"), make_code(study, "y <&>"), make_code(study, "z")
    document = study.documents.create(name="d", text="a" * 30)
    coded(document, member, 0, 10, x, y)
    coded(document, member, 5, 15, z)
    coded(document, member, 20, 25, x)
    table = analysis.cooccurrence_table(study)
    assert table.codes == [x, y, z]
    assert table.matrix() == [(x, [0, 1, 1]), (y, [1, 0, 1]), (z, [1, 1, 0])]
    assert [(a.name, b.name, n) for a, b, n, _c in table.pairs()] == [
        ("x", "y <&>", 1),
        ("x", "z", 1),
        ("y <&>", "z", 1),
    ]
    svg = analysis.network_svg(table, title="Red")
    assert svg.count("<circle") == 3
    assert svg.count("<line") == 3
    assert "y &lt;&amp;&gt;" in svg


def test_agreement_compares_only_the_documents_both_coders_coded(study):
    r1, c1 = study.members.get(code_name="R1"), study.members.get(code_name="C1")
    x = make_code(study, "x")
    unused = make_code(study, "unused")
    shared = study.documents.create(name="shared", text="a" * 10)
    alone = study.documents.create(name="alone", text="a" * 10)
    coded(shared, r1, 0, 5, x)
    coded(shared, c1, 0, 4, x)
    coded(alone, r1, 0, 10, x)
    result = analysis.coder_agreement(study, r1, c1)
    assert result.documents == [shared]
    ((code, row),) = result.results
    assert code == x and unused not in [c for c, _r in result.results]
    assert (row.units, row.both, row.only_a, row.only_b, row.neither) == (10, 4, 1, 0, 5)
    assert row.percent == pytest.approx(90.0)
    assert row.kappa == pytest.approx((0.9 - 0.5) / 0.5)
