"""The design review over the API: points (list, create, edit and delete with the version
read), the diff and the Markdown export, with the page's roles."""

import datetime

import pytest

from acompana.hub.review.services import review_point_create
from acompana.hub.rollover import cohort_rollover
from acompana.programs.models import ReviewPoint
from acompana.programs.tests.factories import ProgramFactory
from acompana.surveys.tests.factories import QuestionnaireFactory
from acompana.visits.models import Round
from acompana.visits.services import round_create


def _base(world, cohort):
    return f"/api/v1/programs/{world.program.slug}/cohorts/{cohort.pk}/review/"


@pytest.fixture
def cohort(world):
    cohort = world.program.cohorts.get()
    round_create(
        program=world.program,
        cohort=cohort,
        name="Ronda 1 2026",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 5, 29),
        actor=None,
    )
    return cohort


def _body(cohort, **extra):
    rnd = Round.objects.get(cohort=cohort)
    return {
        "kind": "change",
        "area": "rounds",
        "text": "Una ronda más larga.",
        "evidence": [{"kind": "round_coverage", "object_id": rnd.pk}],
    } | extra


def test_a_coordinator_adds_a_point_and_reads_its_evidence(api_as, world, cohort):
    client = api_as("coordinator")
    answer = client.post(_base(world, cohort) + "points/", _body(cohort), format="json")
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    assert data["version"] == 1
    [evidence] = data["evidence"]
    assert evidence["figure"] == "Ronda 1 2026: 0 % of planned visits done (0 of 0)"
    assert evidence["url"] == f"/p/{world.program.slug}/visits/coverage/"
    listed = api_as("researcher").get(_base(world, cohort) + "points/").json()
    assert [p["text"] for p in listed] == ["Una ronda más larga."]


def test_evidence_of_another_program_is_a_400(api_as, world, cohort):
    elsewhere = QuestionnaireFactory(program=ProgramFactory(slug="otro"))
    body = _body(cohort, evidence=[{"kind": "survey_results", "object_id": elsewhere.pk}])
    answer = api_as("coordinator").post(_base(world, cohort) + "points/", body, format="json")
    assert answer.status_code == 400
    assert "not part of this program" in answer.json()["error"]["fields"]["evidence"][0]
    assert not ReviewPoint.objects.exists()


def test_an_edit_or_deletion_on_an_older_version_is_a_409(api_as, world, cohort):
    point = review_point_create(
        cohort=cohort, kind="learned", area="other", text="Uno", actor=world.coordinator
    )
    url = _base(world, cohort) + f"points/{point.pk}/"
    client = api_as("coordinator")
    saved = client.patch(url, _body(cohort, version=1), format="json")
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = client.patch(url, _body(cohort, text="Otro", version=1), format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["text"] == "Una ronda más larga."
    assert client.delete(url + "?version=1").status_code == 409
    assert client.delete(url + "?version=2").status_code == 204
    assert not ReviewPoint.objects.exists()


@pytest.mark.parametrize("persona", ["specialist", "trainer", "researcher"])
def test_readers_read_but_do_not_write(api_as, world, cohort, persona):
    client = api_as(persona)
    assert client.get(_base(world, cohort) + "points/").status_code == 200
    assert client.get(_base(world, cohort) + "diff/").status_code == 200
    answer = client.post(_base(world, cohort) + "points/", _body(cohort), format="json")
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"), [("mentor", 403), ("mentee", 403), ("outsider", 404)]
)
def test_mentors_mentees_and_outsiders_are_refused(api_as, world, cohort, persona, status):
    for path in ("points/", "diff/", "export/"):
        assert api_as(persona).get(_base(world, cohort) + path).status_code == status


def test_the_diff_and_the_export_after_a_rollover(api_as, world, cohort):
    new = cohort_rollover(source=cohort, name="2027", year=2027, actor=world.coordinator).target
    rnd = Round.objects.get(cohort=new)
    rnd.ends_on = datetime.date(2027, 6, 15)
    rnd.save()
    [diff] = api_as("coordinator").get(_base(world, cohort) + "diff/").json()
    assert (diff["from_year"], diff["to_year"], diff["to_cohort"]) == (2026, 2027, new.pk)
    [rounds] = [s for s in diff["sections"] if s["key"] == "round"]
    [change] = rounds["changes"]
    assert change["change"] == "changed" and change["fields"][0]["field"] == "Dates"
    export = api_as("trainer").get(_base(world, cohort) + "export/")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/markdown")
    assert "## Design from 2026 to 2027" in export.content.decode()
