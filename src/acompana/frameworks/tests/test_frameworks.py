from django.urls import reverse

from acompana.common.models import AuditEntry
from acompana.frameworks.models import Competency, Domain, Framework, Performance


def test_the_principals_framework_ships_with_2_domains_6_competencies_and_21_performances(db):
    framework = Framework.objects.get(slug="mbddir")
    assert Domain.objects.filter(framework=framework).count() == 2
    assert Competency.objects.filter(domain__framework=framework).count() == 6
    performances = Performance.objects.filter(competency__domain__framework=framework)
    assert [
        p.code
        for p in performances.order_by(
            "competency__domain__position", "competency__position", "position"
        )
    ] == [f"D{n}" for n in range(1, 22)]
    assert performances.get(code="D20").verification == "V"
    assert performances.get(code="D1").to_verify


def test_the_teachers_framework_ships_its_four_domains(db):
    assert list(Domain.objects.filter(framework__slug="mbdd").values_list("code", flat=True)) == [
        "D1",
        "D2",
        "D3",
        "D4",
    ]


def test_items_not_verified_are_marked_to_verify_on_the_page(world, as_persona):
    body = as_persona("mentor").get(reverse("frameworks:detail", args=["mbddir"])).content.decode()
    assert "to verify" in body
    # The shipped statement shows in the reader's language (English here).
    assert "Monitors and guides the use of teaching strategies" in body


def test_coordinators_edit_a_competency_and_the_old_wording_is_audited(world, as_persona):
    competency = Competency.objects.get(code="C1", domain__framework__slug="mbddir")
    url = reverse("frameworks:item_edit", args=["mbddir", "competency", competency.pk])
    response = as_persona("coordinator").post(
        url,
        {
            "code": "C1",
            "name": "Planificación",
            "name_en": "Planning",
            "statement": "Texto",
            "verification": "V",
        },
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert (competency.name, competency.verification) == ("Planificación", "V")
    entry = AuditEntry.objects.get(action="frameworks.item.updated")
    assert entry.data["before"]["name"] == "Planificación institucional"


def test_only_coordinators_may_edit_frameworks(world, as_persona):
    competency = Competency.objects.get(code="C1", domain__framework__slug="mbddir")
    url = reverse("frameworks:item_edit", args=["mbddir", "competency", competency.pk])
    for persona in ["mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]:
        assert as_persona(persona).get(url).status_code == 403
    assert as_persona("coordinator").get(url).status_code == 200


def test_the_ppst_ships_7_domains_37_strands_and_4_career_stages(db):
    from acompana.frameworks.models import CareerStage

    framework = Framework.objects.get(slug="ppst")
    assert Domain.objects.filter(framework=framework).count() == 7
    strands = Competency.objects.filter(domain__framework=framework)
    assert strands.count() == 37
    assert [strands.filter(domain__code=f"D{n}").count() for n in range(1, 8)] == [
        7,
        6,
        5,
        5,
        5,
        4,
        5,
    ]
    assert strands.get(code="1.3").name_en == "Positive use of ICT"
    assert all(s.to_verify for s in strands)  # a secondary copy: "to verify"
    stages = CareerStage.objects.filter(framework=framework).order_by("position")
    assert [s.name_en for s in stages] == [
        "Beginning",
        "Proficient",
        "Highly Proficient",
        "Distinguished",
    ]
    assert all(s.description for s in stages)


def test_the_ppssh_ships_5_domains_with_strands_and_4_career_stages_all_to_verify(db):
    from acompana.frameworks.models import CareerStage

    framework = Framework.objects.get(slug="ppssh")
    assert [d.name_en for d in Domain.objects.filter(framework=framework)] == [
        "Leading Strategically",
        "Managing School Operations and Resources",
        "Focusing on Teaching and Learning",
        "Developing Self and Others",
        "Building Connections",
    ]
    strands = Competency.objects.filter(domain__framework=framework)
    assert strands.count() == 33
    assert all(s.verification == "U" for s in strands)
    assert CareerStage.objects.filter(framework=framework).count() == 4


def test_the_teachers_framework_ships_9_competencies_in_spanish_and_english(db):
    competencies = Competency.objects.filter(domain__framework__slug="mbdd")
    assert [c.code for c in competencies.order_by("domain__position", "position")] == [
        f"C{n}" for n in range(1, 10)
    ]
    assert all(c.name and c.name_en and c.statement for c in competencies)


def test_loading_the_defaults_again_adds_nothing_and_keeps_edits(db):
    from acompana.frameworks.defaults import load_frameworks
    from acompana.frameworks.models import CareerStage

    stage = CareerStage.objects.get(framework__slug="ppst", code="CS1")
    stage.name = "Inicial"
    stage.save()
    before = (Competency.objects.count(), CareerStage.objects.count())
    load_frameworks(Framework, Domain, Competency, Performance, CareerStage)
    assert (Competency.objects.count(), CareerStage.objects.count()) == before
    stage.refresh_from_db()
    assert stage.name == "Inicial"


def test_shipped_strand_titles_show_in_the_readers_language(db):
    from django.utils import translation

    from acompana.common.shipped import in_reader_language

    with translation.override("en"):
        assert in_reader_language("Uso positivo de las TIC") == "Positive use of ICT"
