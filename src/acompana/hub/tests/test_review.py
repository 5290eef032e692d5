"""The design review of a cohort: points with evidence checked against the program, versioned
edits, audited deletion, the year-over-year diff after a rollover, the page and its export."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from acompana.common.models import AuditEntry
from acompana.hub.review.selectors import cohort_review, year_diffs
from acompana.hub.review.services import (
    review_point_create,
    review_point_delete,
    review_point_update,
)
from acompana.hub.rollover import cohort_rollover
from acompana.programs.models import ReviewPoint
from acompana.programs.tests.factories import CohortFactory, ProgramFactory
from acompana.selection.models import Call
from acompana.surveys.tests.factories import QuestionnaireFactory
from acompana.training.models import TrainingSession
from acompana.training.services import plan_create, session_create
from acompana.visits.models import Round
from acompana.visits.services import round_create


@pytest.fixture
def year(world):
    """The world's 2026 cohort with a plan of two sessions, a round and a call."""
    cohort = world.program.cohorts.get()
    plan = plan_create(program=world.program, cohort=cohort, title="Inducción 2026", actor=None)
    for day, title in ((2, "Teoría 2026"), (3, "Juego de roles")):
        session_create(
            plan=plan,
            title=title,
            module=TrainingSession.Module.THEORY,
            modality=TrainingSession.Modality.IN_PERSON,
            starts_at=timezone.make_aware(datetime.datetime(2026, 3, day, 9, 0)),
            duration_minutes=180,
            actor=None,
        )
    round_create(
        program=world.program,
        cohort=cohort,
        name="Ronda 1",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 5, 31),
        actor=None,
    )
    Call.objects.create(
        program=world.program,
        cohort=cohort,
        title="Convocatoria 2026",
        opens_on=datetime.date(2026, 1, 5),
        closes_on=datetime.date(2026, 1, 31),
    )
    return cohort


def _add(cohort, world, **options):
    values = {"kind": "learned", "area": "rounds", "text": "La ronda 1 se quedó corta."}
    return review_point_create(cohort=cohort, actor=world.coordinator, **(values | options))


def test_a_point_links_evidence_of_its_own_program(world, year):
    rnd = Round.objects.get(cohort=year)
    point = _add(
        year, world, evidence=[("round_coverage", rnd.pk), ("group_session_hours", year.pk)]
    )
    assert sorted(point.evidence.values_list("kind", flat=True)) == [
        "group_session_hours",
        "round_coverage",
    ]
    [view] = cohort_review(cohort=year).points
    texts = [f.text for f in view.evidence]
    assert "Ronda 1: 0 % of planned visits done (0 of 0)" in texts
    assert AuditEntry.objects.filter(action="hub.review.point_added").count() == 1


def test_evidence_of_another_program_is_refused(world, year):
    other = ProgramFactory(slug="otro")
    elsewhere = QuestionnaireFactory(program=other)
    other_cohort = CohortFactory(program=other, year=2026)
    for ref in (("survey_results", elsewhere.pk), ("group_session_hours", other_cohort.pk)):
        with pytest.raises(ValidationError) as refused:
            _add(year, world, evidence=[ref])
        assert "is not part of this program" in str(refused.value)
    assert not ReviewPoint.objects.exists()


def test_more_than_ten_pieces_of_evidence_are_refused(world, year):
    questionnaires = [QuestionnaireFactory(program=world.program) for _ in range(11)]
    with pytest.raises(ValidationError, match="at most 10"):
        _add(year, world, evidence=[("survey_results", q.pk) for q in questionnaires])


def test_an_edit_on_an_older_version_is_refused_and_nothing_changes(world, year):
    point = _add(year, world)
    review_point_update(
        point=point,
        kind="change",
        area="rounds",
        text="Ronda 1 de diez semanas.",
        expected_version=1,
        actor=world.coordinator,
    )
    stale = ReviewPoint.objects.get(pk=point.pk)
    stale.version = 1
    with pytest.raises(ValidationError, match="Someone saved this point"):
        review_point_update(
            point=stale,
            kind="learned",
            area="other",
            text="Otra cosa.",
            expected_version=1,
            actor=world.coordinator,
        )
    point.refresh_from_db()
    assert (point.kind, point.text, point.version) == ("change", "Ronda 1 de diez semanas.", 2)


def test_a_deleted_point_stays_in_the_audit_log(world, year):
    point = _add(year, world)
    review_point_delete(point=point, expected_version=1, actor=world.coordinator)
    assert not ReviewPoint.objects.exists()
    entry = AuditEntry.objects.get(action="hub.review.point_deleted")
    assert entry.data["text"] == "La ronda 1 se quedó corta."


def test_the_diff_after_a_rollover_shows_only_what_was_changed(world, year):
    rolled = cohort_rollover(source=year, name="2027", year=2027, actor=world.coordinator)
    new = rolled.target
    assert [d.changes for d in year_diffs(cohort=year)] == [0]
    session = TrainingSession.objects.get(plan__cohort=new, title="Juego de roles")
    session.title = "Juego de roles con casos"
    session.save()
    call = Call.objects.get(cohort=new)
    call.rubric["criteria"][0]["weight"] = 25
    call.save()
    [diff] = year_diffs(cohort=new)
    lines = {s.key: s.lines for s in diff.sections}
    [renamed] = lines["session"]
    assert (renamed.old_item, renamed.item) == ("Juego de roles", "Juego de roles con casos")
    [weight] = lines["criterion"]
    assert weight.item == "Highest degree"
    assert [(f.label, f.old, f.new) for f in weight.fields] == [("Weight", "15", "25")]
    assert lines["round"] == [] and lines["plan"] == []


def test_the_page_shows_points_and_the_diff_and_exports_markdown(world, year, as_persona):
    rnd = Round.objects.get(cohort=year)
    _add(year, world, evidence=[("round_coverage", rnd.pk)])
    cohort_rollover(source=year, name="2027", year=2027, actor=world.coordinator)
    url = reverse("hub:review", args=[world.program.slug, year.pk])
    html = as_persona("coordinator").get(url).content.decode()
    assert "La ronda 1 se quedó corta." in html
    assert "Ronda 1: 0 % of planned visits done" in html
    assert "From 2026 to 2027" in html
    export = as_persona("coordinator").get(url + "?format=md")
    assert export["Content-Type"].startswith("text/markdown")
    text = export.content.decode()
    assert text.startswith("# Design review of cohort 2026")
    assert "http://testserver/p/test-program/visits/coverage/" in text
    assert "## Design from 2026 to 2027" in text


def test_the_coordinator_adds_edits_and_deletes_a_point_on_the_page(world, year, as_persona):
    client = as_persona("coordinator")
    url = reverse("hub:review", args=[world.program.slug, year.pk])
    rnd = Round.objects.get(cohort=year)
    data = {
        "kind": "change",
        "area": "rounds",
        "text": "Alargar la ronda 1.",
        "evidence": [f"cancellation_reasons:{rnd.pk}"],
    }
    assert client.post(url, data).status_code == 302
    point = ReviewPoint.objects.get()
    edit = reverse("hub:review_point_edit", args=[world.program.slug, year.pk, point.pk])
    assert client.post(edit, data | {"text": "Diez semanas.", "version": "1"}).status_code == 302
    again = client.post(edit, data | {"text": "Ocho semanas.", "version": "1"})
    assert "Someone saved this point" in again.content.decode()
    point.refresh_from_db()
    assert (point.text, point.version) == ("Diez semanas.", 2)
    delete = reverse("hub:review_point_delete", args=[world.program.slug, year.pk, point.pk])
    assert client.post(delete, {"version": "2"}).status_code == 302
    assert not ReviewPoint.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("specialist", 200), ("trainer", 200), ("researcher", 200), ("mentor", 403), ("mentee", 403)],
)
def test_who_reads_the_review(world, year, as_persona, persona, status):
    url = reverse("hub:review", args=[world.program.slug, year.pk])
    page = as_persona(persona).get(url)
    assert page.status_code == status
    if status == 200:
        assert 'id="review-point-form"' not in page.content.decode()
        assert as_persona(persona).post(url, {"text": "x"}).status_code == 403


def test_the_page_keeps_its_queries_whatever_the_points(
    world, year, as_persona, django_assert_max_num_queries
):
    rnd = Round.objects.get(cohort=year)
    questionnaire = QuestionnaireFactory(program=world.program)
    cohort_rollover(source=year, name="2027", year=2027, actor=world.coordinator)
    for n in range(30):
        _add(
            year,
            world,
            text=f"Punto {n}",
            evidence=[("round_coverage", rnd.pk), ("survey_results", questionnaire.pk)],
        )
    url = reverse("hub:review", args=[world.program.slug, year.pk])
    client = as_persona("coordinator")
    with django_assert_max_num_queries(38):
        assert client.get(url).status_code == 200


def test_a_criterion_saved_again_unchanged_is_no_change(world, year):
    """A form stores a shipped label in the other language and 15 as 15.0: both read the
    same, so the diff shows nothing."""
    new = cohort_rollover(source=year, name="2027", year=2027, actor=world.coordinator).target
    call = Call.objects.get(cohort=new)
    criterion = call.rubric["criteria"][0]
    criterion["label"] = "Grado académico más alto"
    criterion["weight"] = float(criterion["weight"])
    criterion["options"] = {k: float(v) for k, v in criterion["options"].items()}
    call.save()
    assert [d.changes for d in year_diffs(cohort=new)] == [0]
