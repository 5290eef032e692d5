"""Match runs: start, execute (in the background), review by hand, and publish."""

import datetime
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.matching import engine, notifications
from acompana.matching.models import MUST, Criterion, MatchProposal, MatchRun, PairRule
from acompana.matching.selectors import REVIEW_KEY, totals_to_save
from acompana.matching.tasks import match_run_publish_task, match_run_task
from acompana.people import services as people_services
from acompana.programs.models import Cohort, Program
from acompana.training.selectors import readiness_gate_check
from acompana_core.matching.problem import ProblemError
from acompana_core.matching.solvers import solve


def criteria_clean(criteria: dict[str, Any]) -> dict[str, int | str]:
    """Weights 0-10 or "must" for known criteria; anything else is a ValidationError."""
    clean: dict[str, int | str] = {}
    for key, weight in criteria.items():
        if key not in Criterion.values:
            raise ValidationError(_("Unknown criterion “%(key)s”.") % {"key": key})
        if weight == MUST:
            clean[key] = MUST
            continue
        try:
            number = int(weight)
        except (TypeError, ValueError):
            number = -1
        if not 0 <= number <= 10 or str(weight).strip() not in {str(number), f"{number}.0"}:
            raise ValidationError(
                _("The weight of “%(key)s” must be a whole number from 0 to 10 or “must”.")
                % {"key": key}
            )
        clean[key] = number
    return clean


def match_run_start(
    *,
    program: Program,
    cohort: Cohort,
    kind: str,
    objective: str,
    criteria: dict[str, Any],
    options: dict[str, Any] | None = None,
    actor: Any,
) -> MatchRun:
    """Queue a run for ``cohort``; the background worker executes it."""
    if cohort.program_id != program.pk:
        raise ValidationError(_("The cohort is not in this program."))
    run = MatchRun.objects.create(
        program=program,
        cohort=cohort,
        kind=kind,
        objective=objective,
        criteria=criteria_clean(criteria),
        options=options or {},
        created_by=actor,
        stage=_("Waiting for the worker"),
    )
    audit.log(
        "matching.run.started",
        actor=actor,
        target=run,
        program=program,
        data={"cohort": cohort.pk, "kind": kind, "objective": objective, "criteria": run.criteria},
    )
    transaction.on_commit(lambda: match_run_task.enqueue(run.pk))
    return run


def _progress(run: MatchRun, progress: int, stage: str) -> None:
    run.progress, run.stage = progress, stage
    run.save(update_fields=["progress", "stage", "updated_at"])


def match_run_execute(*, run_id: int) -> MatchRun:
    """Score every allowed pair, solve, and store the proposals with their explanations."""
    run = MatchRun.objects.select_related("program", "cohort").get(pk=run_id)
    if run.status != MatchRun.Status.QUEUED:
        return run  # already executed (a task delivered twice)
    run.status, run.started_at = MatchRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at", "updated_at"])
    started = time.perf_counter()
    try:
        _progress(run, 10, _("Reading profiles"))
        pool = engine.pool_for_run(run)
        _progress(run, 35, _("Scoring candidate pairs"))
        problem = pool.problem(objective=run.objective)
        _progress(run, 60, _("Solving: %(n)s candidate pairs") % {"n": pool.pair_count})
        result = solve(problem)
        _progress(run, 85, _("Saving proposals"))
        with transaction.atomic():
            engine.save_proposals(run, pool.proposals(result.assignments))
            run.unmatched = [
                {"id": pid, "code": pool.person_code(pid), "reason": result.reasons.get(pid, "")}
                for pid in result.unmatched
            ]
            run.summary = {
                "mentees": len(problem.mentees),
                "mentors": len(problem.mentors),
                "pairs": pool.pair_count,
                "candidates": pool.candidates,
                "matched": result.matched,
                "unmatched": len(result.unmatched),
                "kept": len(pool.kept),
                "total_score": round(result.total_score, 6),
                "min_score": None if result.min_score is None else round(result.min_score, 6),
                "seconds": round(time.perf_counter() - started, 3),
                REVIEW_KEY: totals_to_save(run=run),
            }
            run.status, run.progress, run.stage = MatchRun.Status.DONE, 100, _("Done")
            run.finished_at = timezone.now()
            run.save()
    except (ProblemError, ValidationError) as exc:
        _fail(run, str(exc))
    except Exception as exc:  # the run must not stay "running" forever
        _fail(run, repr(exc))
        raise
    audit.log("matching.run.finished", target=run, program=run.program, data=run.summary)
    return run


def _fail(run: MatchRun, message: str) -> None:
    run.status, run.error, run.finished_at = MatchRun.Status.FAILED, message, timezone.now()
    run.stage = _("Failed")
    run.save(update_fields=["status", "error", "finished_at", "stage", "updated_at"])


def _editable_run(run_id: int) -> MatchRun:
    """The run, freshly read and locked for this transaction, if it may still be changed.

    Reading it again (not trusting the caller's copy) means a run published meanwhile by
    another coordinator is refused rather than silently edited.
    """
    run = MatchRun.objects.select_for_update().select_related("program", "cohort").get(pk=run_id)
    if not run.editable:
        raise ValidationError(_("This run can no longer be changed."))
    return run


def _rule(proposal: MatchProposal, rule: str, actor: Any) -> None:
    PairRule.objects.update_or_create(
        cohort=proposal.run.cohort,
        mentor=proposal.mentor,
        mentee=proposal.mentee,
        novice=proposal.novice,
        defaults={"rule": rule, "created_by": actor},
    )


@transaction.atomic
def proposal_lock(*, proposal: MatchProposal, locked: bool, actor: Any) -> MatchProposal:
    """Lock a pair (kept by later runs) or unlock it."""
    _editable_run(proposal.run_id)
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    if locked:
        _rule(proposal, PairRule.Rule.LOCK, actor)
    else:
        PairRule.objects.filter(
            cohort=proposal.run.cohort,
            mentor=proposal.mentor,
            mentee=proposal.mentee,
            novice=proposal.novice,
            rule=PairRule.Rule.LOCK,
        ).delete()
    audit.log(
        "matching.pair.locked" if locked else "matching.pair.unlocked",
        actor=actor,
        target=proposal.run,
        program=proposal.run.program,
        data={"pair": str(proposal)},
    )
    return proposal


@transaction.atomic
def proposal_exclude(*, proposal: MatchProposal, actor: Any) -> None:
    """Remove a pair from the run and never propose it again for this cohort."""
    run = _editable_run(proposal.run_id)
    _rule(proposal, PairRule.Rule.EXCLUDE, actor)
    person = proposal.person
    run.unmatched = [
        *run.unmatched,
        {"id": str(person.pk), "code": person.code, "reason": _("excluded by hand")},
    ]
    # The counts shown on the run pages follow the edit (the scores are those of the proposals).
    run.summary = {
        **run.summary,
        "matched": run.summary.get("matched", 0) - 1,
        "unmatched": len(run.unmatched),
    }
    proposal.delete()
    run.summary[REVIEW_KEY] = totals_to_save(run=run)
    run.save(update_fields=["unmatched", "summary", "updated_at"])
    audit.log(
        "matching.pair.excluded",
        actor=actor,
        target=run,
        program=run.program,
        data={"pair": str(proposal)},
    )


@transaction.atomic
def proposals_swap(*, first: MatchProposal, second: MatchProposal, actor: Any) -> None:
    """Exchange the mentors of two proposals, re-scoring both new pairs."""
    run = _editable_run(first.run_id)
    if second.run_id != run.pk or first.pk == second.pk:
        raise ValidationError(_("Choose two different pairs of the same run."))
    if first.locked or second.locked:
        raise ValidationError(_("Unlock a pair before swapping it."))
    pool = engine.pool_for_run(run)
    changes = []
    for proposal, mentor in ((first, second.mentor), (second, first.mentor)):
        pair = pool.pair(str(proposal.person.pk), str(mentor.pk))
        if pair is None:
            raise ValidationError(
                _("%(mentor)s cannot be paired with %(person)s: the pair is not allowed.")
                % {"mentor": mentor.code, "person": proposal.person.code}
            )
        changes.append((proposal, mentor, *pair))
    for proposal, mentor, score, explanation in changes:
        proposal.mentor, proposal.score, proposal.explanation = mentor, score, explanation
        proposal.kept = False
        proposal.save(update_fields=["mentor", "score", "explanation", "kept"])
    run.summary = {**run.summary, REVIEW_KEY: totals_to_save(run=run)}
    run.save(update_fields=["summary", "updated_at"])
    audit.log(
        "matching.pair.swapped",
        actor=actor,
        target=run,
        program=run.program,
        data={"pairs": [str(first), str(second)]},
    )


@transaction.atomic
def match_run_publish(*, run: MatchRun, actor: Any) -> MatchRun:
    """Queue the publication of a run: the worker turns its proposals into partnerships (or
    buddy pairs) and notifies the people involved (``match_run_publish_execute``).

    From now on the run can no longer be changed, nor published twice. Where readiness is a
    gate, a run of mentees whose mentors miss readiness items is refused (buddy runs are part
    of the mentors' preparation and pass).
    """
    run = _editable_run(run.pk)
    if run.kind != MatchRun.Kind.BUDDIES:
        mentor_ids = set(run.proposals.values_list("mentor_id", flat=True))
        readiness_gate_check(program=run.program, cohort=run.cohort, mentor_ids=mentor_ids)
    run.status, run.published_by = MatchRun.Status.PUBLISHING, actor
    run.progress, run.stage = 0, _("Waiting for the worker")
    run.save(update_fields=["status", "published_by", "progress", "stage", "updated_at"])
    audit.log("matching.run.publishing", actor=actor, target=run, program=run.program)
    transaction.on_commit(lambda: match_run_publish_task.enqueue(run.pk))
    return run


def _publish_pairs(run: MatchRun, proposals: list[MatchProposal], on: datetime.date) -> None:
    """One batch of pairs made active; People owns partnerships and buddy pairs (and ends a
    person's pair with another mentor)."""
    common = {"program": run.program, "cohort": run.cohort, "on": on, "actor": run.published_by}
    if run.kind == MatchRun.Kind.BUDDIES:
        created, ended = people_services.buddy_pairs_publish(
            pairs=[(p.novice, p.mentor) for p in proposals if p.novice is not None], **common
        )
    else:
        created, ended = people_services.partnerships_publish(
            pairs=[(p.mentee, p.mentor) for p in proposals if p.mentee is not None], **common
        )
    state = run.summary.get("publication", {})
    run.summary = {
        **run.summary,
        "publication": {
            **state,
            "through": proposals[-1].pk,
            "created": state.get("created", 0) + created,
            "ended": state.get("ended", 0) + ended,
        },
    }


def match_run_publish_execute(*, run_id: int, on: datetime.date | None = None) -> MatchRun:
    """Publish a run queued for publication, a batch at a time, saving the progress.

    Pairs already active are left alone; a person whose mentor changed has the old pair
    ended ``on`` (default today). Each batch of pairs is saved with the point reached, and
    emails go a batch of mentors at a time, so a task delivered twice, or run again after a
    failure, resumes where the last one stopped: no pair is made twice, nobody is emailed
    twice.
    """
    run = MatchRun.objects.select_related("program", "cohort", "published_by").get(pk=run_id)
    if run.status != MatchRun.Status.PUBLISHING:
        return run  # published already (a task delivered twice)
    today = on or timezone.localdate()
    pending = run.proposals.select_related("mentor", "mentee", "novice").order_by("pk")
    total = pending.count() or 1
    state = run.summary.get("publication", {})
    done = run.proposals.filter(pk__lte=state.get("through", 0)).count()
    while batch := list(pending.filter(pk__gt=state.get("through", 0))[: engine.BATCH]):
        done += len(batch)
        with transaction.atomic():
            _publish_pairs(run, batch, today)
            run.progress = 5 + 45 * done // total
            run.stage = _("Partnerships: %(done)s of %(total)s pairs") % {
                "done": done,
                "total": total,
            }
            run.save(update_fields=["summary", "progress", "stage", "updated_at"])
        state = run.summary["publication"]

    def sent(mentor: str, emails: int, mentors: int, of: int) -> None:
        state = run.summary.get("publication", {})
        run.summary = {
            **run.summary,
            "publication": {
                **state,
                "notified_through": mentor,
                "emails": state.get("emails", 0) + emails,
            },
        }
        run.progress = 50 + 50 * mentors // of
        run.stage = _("Emails: %(done)s of %(total)s mentors and their people") % {
            "done": mentors,
            "total": of,
        }
        run.save(update_fields=["summary", "progress", "stage", "updated_at"])

    notifications.notify_published(
        run=run, after=run.summary.get("publication", {}).get("notified_through", ""), sent=sent
    )
    run.status, run.published_at = MatchRun.Status.PUBLISHED, timezone.now()
    run.progress, run.stage = 100, _("Published")
    run.save(update_fields=["status", "published_at", "progress", "stage", "updated_at"])
    audit.log(
        "matching.run.published",
        actor=run.published_by,
        target=run,
        program=run.program,
        data=run.summary.get("publication", {}),
    )
    return run
