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
