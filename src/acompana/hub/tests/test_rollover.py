"""Rolling the demo's 2021 cohort into 2022 (issue 12, item 2)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from acompana.accounts.models import User
from acompana.common.models import AuditEntry
from acompana.costs.models import BudgetLine
from acompana.group_sessions.models import GroupSession, Kind, SessionSeries
from acompana.group_sessions.services import series_create
from acompana.people.models import Partnership
from acompana.people.services import partnership_end
from acompana.programs.models import Cohort, Program
from acompana.selection.models import Call
from acompana.surveys.models import Distribution, Invitation, Response
from acompana.training.models import Attendance, ReadinessItem, TrainingPlan, TrainingSession
from acompana.training.services import readiness_item_add
from acompana.visits.models import Round
from acompana.visits.services import protocol_revise

ROLL = ["--program", "mentoria-directivos", "--from", "2021", "--to", "2022", "--year", "2022"]
MODELS = [Cohort, TrainingPlan, TrainingSession, Attendance, ReadinessItem, Round, Call]
MODELS += [SessionSeries, GroupSession, Distribution, Invitation, Response, BudgetLine, Partnership]


def _rows(model, **where):
    return [model_to_dict(row) for row in model._default_manager.filter(**where).order_by("pk")]


def _counts():
    return {model.__name__: model._default_manager.count() for model in MODELS}


def _roll(*options):
    out = StringIO()
    call_command("rollover", *ROLL, *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    """The demo with, in 2021, a readiness checklist and a weekly group-session series (the
    demo's 2021 has neither), and a protocol revised since the 2021 rounds."""
    call_command("demo", "--password", "demo-pass-123", stdout=StringIO())
    program = Program.objects.get(slug="mentoria-directivos")
    cohort = program.cohorts.get(year=2021)
    coordinator = User.objects.get(email="coordinator@demo.example.org")
    readiness_item_add(cohort=cohort, title="Leyó el protocolo 2021", actor=coordinator)
    readiness_item_add(cohort=cohort, title="Probó la videollamada", actor=coordinator)
    series_create(
        program=program,
        cohort=cohort,
        kind=Kind.COUNSELING,
        title="Intercambio de los viernes 2021",
        weekday=4,
        time=datetime.time(16, 0),
        duration_minutes=60,
        mode="video",
        starts_on=datetime.date(2021, 12, 3),
        ends_on=datetime.date(2022, 1, 28),
        actor=coordinator,
    )
    version = Round.objects.get(cohort=cohort, name__startswith="Ronda 1").protocol_version
    assert version is not None
    protocol = version.protocol
    steps = [(s.title, s.guidance) for s in protocol.versions.get(number=1).steps.all()]
    protocol_revise(protocol=protocol, steps=[*steps, ("Cierre", "")], actor=coordinator)
    return cohort


def test_a_dry_run_lists_what_the_rollover_creates_and_writes_nothing(demo):
    before = _counts()
    audits = AuditEntry.objects.count()
    output = _roll("--dry-run", "--mentors", "all")
    assert _counts() == before
    assert AuditEntry.objects.count() == audits
    assert "Training plan: Inducción de mentores 2022 (5 sessions)" in output
    assert "Round: Ronda 1 · diagnóstico 2022 (04/01/2022 to 05/28/2022)" in output
    assert "Readiness item: Leyó el protocolo 2021" in output
    assert "Call for mentors: Convocatoria de mentores 2022" in output
    assert "Group-session series: Intercambio de los viernes 2022" in output
    assert "Budget line: 2022 · Travel: 3,000.00" in output
    assert "Returning mentor: 1A (capacity" in output
    assert "Instrument in use: Desempeños del directivo" in output
    assert "nothing was written" in output


def test_the_dry_run_lists_exactly_what_the_real_run_creates(demo):
    planned = _roll("--dry-run", "--mentors", "all").splitlines()[:-1]
    done = _roll("--mentors", "all").splitlines()[:-1]
    assert planned == done


def test_rolling_2021_into_2022_copies_the_design_a_year_later(demo):
    old = {model.__name__: _rows(model, **{"cohort": demo}) for model in [Round, Call]}
    old_plan = _rows(TrainingSession, plan__cohort=demo)
    old_budget = _rows(BudgetLine, year=2021)
    old_series = _rows(GroupSession, cohort=demo)
    output = _roll("--mentors", "1A,2B")
    new = Cohort.objects.get(program=demo.program, year=2022)
    assert new.rolled_over_from == demo and new.modality == demo.modality
    assert (new.starts_on, new.ends_on) == (datetime.date(2022, 4, 1), datetime.date(2022, 12, 15))

    def a_year_later(moment):
        local = timezone.localtime(moment)
        return local.replace(year=local.year + 1)

    sessions = TrainingSession.objects.filter(plan__cohort=new).order_by("starts_at")
    olds = TrainingSession.objects.filter(plan__cohort=demo).order_by("starts_at")
    assert [timezone.localtime(s.starts_at) for s in sessions] == [
        a_year_later(s.starts_at) for s in olds
    ]
    assert not Attendance.objects.filter(session__plan__cohort=new).exists()
    rounds = Round.objects.filter(cohort=new).order_by("starts_on")
    old_rounds = Round.objects.filter(cohort=demo).order_by("starts_on")
    assert [(r.starts_on, r.ends_on) for r in rounds] == [
        (r.starts_on.replace(year=r.starts_on.year + 1), r.ends_on.replace(year=r.ends_on.year + 1))
        for r in old_rounds
    ]
    # the protocol's current version; the 2021 rounds keep theirs
    # (the follow-up round of the health demo follows no protocol, in both years)
    assert set(rounds.values_list("protocol_version__number", flat=True)) - {None} == {2}
    assert set(old_rounds.values_list("protocol_version__number", flat=True)) - {None} == {1}
    call = Call.objects.get(cohort=new)
    assert call.rubric == Call.objects.get(cohort=demo).rubric
    assert call.opens_on == datetime.date(2022, 1, 11)
    titles = list(ReadinessItem.objects.filter(cohort=new).values_list("title", flat=True))
    assert titles == list(
        ReadinessItem.objects.filter(cohort=demo, active=True).values_list("title", flat=True)
    )
    assert titles[-2:] == ["Leyó el protocolo 2021", "Probó la videollamada"]
    series = SessionSeries.objects.get(cohort=new)
    assert (series.starts_on, series.ends_on) == (
        datetime.date(2022, 12, 3),
        datetime.date(2023, 1, 28),
    )
    assert series.sessions.count() == 8  # the Fridays from 9 December to 27 January
    assert {d.opens_on for d in Distribution.objects.filter(cohort=new)} == {
        d.opens_on.replace(year=d.opens_on.year + 1)
        for d in Distribution.objects.filter(cohort=demo)
    }
    assert not Response.objects.filter(distribution__cohort=new).exists()
    assert dict(BudgetLine.objects.filter(year=2022).values_list("category", "amount")) == dict(
        BudgetLine.objects.filter(year=2021).values_list("category", "amount")
    )
    assert set(new.mentors.values_list("code", flat=True)) == {"1A", "2B"}
    assert not new.mentees.exists()
    # nothing of 2021 changed
    assert {m.__name__: _rows(m, cohort=demo) for m in [Round, Call]} == old
    assert _rows(TrainingSession, plan__cohort=demo) == old_plan
    assert _rows(BudgetLine, year=2021) == old_budget
    assert _rows(GroupSession, cohort=demo) == old_series
    assert "Rolled 2021 into 2022" in output
    assert AuditEntry.objects.filter(action="hub.rollover.done", target_id=str(new.pk)).exists()


def test_returning_pairs_go_on_without_two_open_partnerships(demo):
    pairs = Partnership.objects.filter(cohort=demo, mentor__code="1A", ended_on=None)
    ended, still_open = pairs.order_by("pk")[0], pairs.order_by("pk")[1]
    partnership_end(partnership=ended, effective_on=datetime.date(2021, 12, 15), actor=None)
    output = _roll("--mentors", "1A", "--mentees", "all", "--continue-partnerships")
    new = Cohort.objects.get(program=demo.program, year=2022)
    continued = Partnership.objects.get(cohort=new)
    assert (continued.mentor, continued.mentee) == (ended.mentor, ended.mentee)
    assert continued.started_on == datetime.date(2022, 4, 1) and continued.ended_on is None
    assert f"Partnership goes on: {still_open}" in output
    assert Partnership.objects.filter(mentee=still_open.mentee, ended_on=None).count() == 1
    assert not Partnership.objects.filter(cohort=new).exclude(mentor__code="1A").exists()


def test_a_second_rollover_into_the_same_cohort_is_refused(demo):
    _roll()
    counts = _counts()
    with pytest.raises(CommandError, match="already exists: it was rolled over from 2021"):
        _roll()
    with pytest.raises(CommandError, match="already exists"):
        _roll("--dry-run")
    assert _counts() == counts


def test_an_unknown_mentor_code_is_refused_before_anything_is_written(demo):
    with pytest.raises(CommandError, match="not mentors of the cohort: ZZ"):
        _roll("--mentors", "1A,ZZ")
    assert not Cohort.objects.filter(year=2022).exists()
