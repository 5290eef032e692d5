"""Self-assessments over the API: the same rules as the pages."""

from acompana.frameworks.models import CareerStage, Competency, Framework
from acompana.growth.models import SelfAssessment, StrandEvidence


def start(client, world):
    cohort = world.program.cohorts.get()
    return client.post(f"{base(world)}/", {"cohort": cohort.pk, "moment": "start"}, format="json")


def base(world):
    return f"/api/v1/programs/{world.program.slug}/self-assessments"


def test_a_mentee_starts_saves_and_submits_over_the_api(world, api_as):
    client = api_as("mentee")
    cohort = world.program.cohorts.get()
    created = client.post(
        f"{base(world)}/", {"cohort": cohort.pk, "moment": "start"}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["framework"] == "ppssh" and body["revision"] == 1
    strand = Competency.objects.filter(domain__framework__slug="ppssh").order_by("pk").first()
    stage = CareerStage.objects.get(framework__slug="ppssh", code="CS2")
    url = f"{base(world)}/{body['id']}/save/"
    payload = {"revision": 1, "ratings": [{"strand": strand.pk, "stage": stage.pk, "note": "x"}]}
    saved = client.post(url, payload, format="json")
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    stale = client.post(url, {**payload, "submit": True}, format="json")
    assert stale.status_code == 409
    done = client.post(url, {**payload, "revision": 2, "submit": True}, format="json")
    assert done.status_code == 200 and done.json()["submitted"] is True
    detail = api_as("coordinator").get(f"{base(world)}/{body['id']}/").json()
    assert detail["ratings"] == [{"strand": strand.pk, "stage": stage.pk, "note": "x"}]
    row = next(r for r in detail["chart"]["rows"] if r["strand"] == strand.pk)
    assert (row["start"], row["end"], row["change"]) == (stage.pk, None, None)
    corrected = client.post(f"{base(world)}/{body['id']}/correct/")
    assert corrected.status_code == 201 and corrected.json()["version"] == 2


def test_only_the_mentee_starts_and_only_the_mentor_adds_evidence(world, api_as):
    cohort = world.program.cohorts.get()
    refused = api_as("coordinator").post(
        f"{base(world)}/", {"cohort": cohort.pk, "moment": "start"}, format="json"
    )
    assert refused.status_code == 403
    api_as("mentee").post(
        f"{base(world)}/", {"cohort": cohort.pk, "moment": "start"}, format="json"
    )
    assessment = SelfAssessment.objects.get()
    strand = Competency.objects.filter(domain__framework=assessment.framework).first()
    url = f"{base(world)}/{assessment.pk}/evidence/"
    assert api_as("mentee").post(url, {"strand": strand.pk, "text": "a"}).status_code == 403
    added = api_as("mentor").post(url, {"strand": strand.pk, "text": "Observado"}, format="json")
    assert added.status_code == 201
    assert StrandEvidence.objects.get().text == "Observado"
    assert [e["text"] for e in api_as("specialist").get(url).json()] == ["Observado"]
    assert api_as("researcher").get(url).status_code == 403
    assert api_as("outsider").get(url).status_code == 404


def test_the_list_follows_the_roles(world, api_as):
    cohort = world.program.cohorts.get()
    api_as("mentee").post(
        f"{base(world)}/", {"cohort": cohort.pk, "moment": "start"}, format="json"
    )
    for persona, count in (("coordinator", 1), ("mentor", 1), ("specialist", 1), ("mentee", 1)):
        assert api_as(persona).get(f"{base(world)}/").json()["count"] == count, persona
    assert api_as("trainer").get(f"{base(world)}/").status_code == 403
    assert Framework.objects.get(slug="ppssh").self_assessments.count() == 1
