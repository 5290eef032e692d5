"""Forming circles from a cohort, like a match run: start a run (kind, size bounds, criteria),
execute it (in the background), review the proposed circles with their explanations, move
and lock people, set each mentoring circle's mentor, re-run keeping the locks, and publish
(the proposed circles become ``Circle`` records with their members).

The proposal itself is ``acompana_core.circles.form_circles``. Every action is audited under
``circles.forming.*``. Who may call these is decided by ``get_run_for_user`` (coordinators of
the run's program).
"""

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_role
from acompana.circles import notifications
from acompana.circles.forming_models import (
    FormingAttribute,
    FormingMode,
    FormingRun,
    Placement,
    ProposedCircle,
)
from acompana.circles.models import SIZE_BOUNDS, Circle, Kind
from acompana.circles.services import StaleVersion, circle_create
from acompana.circles.tasks import forming_run_task
from acompana.common import audit
from acompana.people.models import CareerStage, MenteeProfile, MentorProfile
from acompana.people.selectors import active_partnerships
from acompana.programs.models import Cohort, Program
from acompana_core import circles as core

MAX_CRITERIA = len(FormingAttribute.values)
MAX_APART = 200  # pairs kept apart in one run
# Up to this many teachers a run executes at once, in the request; more go to the worker.
INLINE_LIMIT = 200
DEFAULT_CRITERIA = [
    {"attribute": "subject", "mode": "group", "weight": 3},
    {"attribute": "grade_level", "mode": "group", "weight": 2},
    {"attribute": "career_stage", "mode": "balance", "weight": 2},
    {"attribute": "school", "mode": "balance", "weight": 1},
]


# --- Reading ---------------------------------------------------------------------------------


def get_run_for_user(*, user: Any, program: Program, pk: int) -> FormingRun:
    """The run of ``program`` if ``user`` coordinates it (403 for other roles, 404 outsiders)."""
    roles = require_role(user, program, (Role.COORDINATOR,))
    if Role.COORDINATOR not in roles:
        raise PermissionDenied
    return get_object_or_404(
        FormingRun.objects.select_related("cohort", "program"), program=program, pk=pk
    )


def runs_of_program(*, program: Program) -> QuerySet[FormingRun]:
    return (
        FormingRun.objects.filter(program=program)
        .select_related("cohort")
        .annotate(circle_count=Count("proposed"))
        .order_by("-created_at", "-pk")
    )


def run_circles(*, run: FormingRun) -> list[ProposedCircle]:
    """The run's proposed circles with their placements, mentees and mentors (3 queries)."""
    placements = Placement.objects.select_related("mentee__user", "mentee__school").order_by(
        "mentee__code"
    )
    return list(
        run.proposed.select_related("mentor__user")
        .prefetch_related(Prefetch("placements", queryset=placements))
        .order_by("number")
    )


def run_unplaced(*, run: FormingRun) -> list[Placement]:
    return list(
        run.placements.filter(proposed__isnull=True)
        .select_related("mentee__user")
        .order_by("mentee__code")
    )


def cohort_mentors(*, run: FormingRun) -> QuerySet[MentorProfile]:
    return (
        MentorProfile.objects.filter(program=run.program, cohorts=run.cohort, active=True)
        .select_related("user")
        .order_by("code")
    )


def _participants(cohort: Cohort) -> QuerySet[MenteeProfile]:
    return (
        MenteeProfile.objects.filter(program=cohort.program_id, cohorts=cohort, active=True)
        .select_related("school__region", "region")
        .order_by("code")
    )


# --- Starting and executing a run ------------------------------------------------------------


def criteria_clean(criteria: Sequence[Any]) -> list[dict[str, Any]]:
    """A list of {attribute, mode, weight 0-10}, each attribute once; else ValidationError."""
    if not isinstance(criteria, list | tuple) or len(criteria) > MAX_CRITERIA:
        raise ValidationError(_("Give at most %(n)d criteria.") % {"n": MAX_CRITERIA})
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in criteria:
        if not isinstance(item, dict):
            raise ValidationError(_("Each criterion has an attribute, a mode and a weight."))
        attribute, mode, weight = item.get("attribute"), item.get("mode"), item.get("weight")
        if attribute not in FormingAttribute.values or attribute in seen:
            raise ValidationError(
                _("Unknown or repeated criterion “%(key)s”.") % {"key": attribute}
            )
        if mode not in FormingMode.values:
            raise ValidationError(_("The mode of a criterion is “group” or “balance”."))
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 10:
            raise ValidationError(
                _("The weight of “%(key)s” must be a whole number from 0 to 10.")
                % {"key": attribute}
            )
        seen.add(str(attribute))
        clean.append({"attribute": attribute, "mode": mode, "weight": weight})
    return clean


def _check_bounds(kind: str, min_size: int, max_size: int) -> None:
    if kind not in SIZE_BOUNDS:
        raise ValidationError(_("Choose the type of circle."), code="kind")
    low, high = SIZE_BOUNDS[kind]
    if not low <= min_size <= max_size <= high:
        raise ValidationError(
            _("Sizes for this type of circle go from %(low)d to %(high)d members.")
            % {"low": low, "high": high},
            code="size",
        )


def forming_run_start(
    *,
    program: Program,
    cohort: Cohort,
    kind: str,
    min_size: int,
    max_size: int,
    criteria: Sequence[Any],
    apart: Sequence[Sequence[int]] = (),
    seed: int = 0,
    previous: FormingRun | None = None,
    actor: Any,
) -> FormingRun:
    """Create a run for ``cohort``; small cohorts execute at once, larger ones in the
    background (the page shows the progress). ``previous``: a run of the same cohort whose
    locked placements (and mentors by circle number) this run keeps."""
    if cohort.program_id != program.pk:
        raise ValidationError(_("The cohort is not in this program."), code="cohort")
    _check_bounds(kind, min_size, max_size)
    clean = criteria_clean(criteria)
    if len(apart) > MAX_APART:
        raise ValidationError(_("Keep apart at most %(n)d pairs.") % {"n": MAX_APART})
    pairs = [[int(a), int(b)] for a, b in apart]
    known = set(
        _participants(cohort)
        .filter(pk__in={i for p in pairs for i in p})
        .values_list("pk", flat=True)
    )
    if any(a not in known or b not in known or a == b for a, b in pairs):
        raise ValidationError(_("Pairs kept apart must be two teachers of the cohort."))
    count = _participants(cohort).count()
    if count > core.MAX_PARTICIPANTS:
        raise ValidationError(
            _("A run forms circles for at most %(n)d teachers.") % {"n": core.MAX_PARTICIPANTS}
        )
    if previous is not None and (
        previous.program_id != program.pk or previous.cohort_id != cohort.pk
    ):
        raise ValidationError(_("The previous run is of another cohort."))
    run = FormingRun.objects.create(
        program=program,
        cohort=cohort,
        kind=kind,
        min_size=min_size,
        max_size=max_size,
        criteria=clean,
        apart=pairs,
        seed=seed,
        previous=previous,
        created_by=actor,
        stage=_("Waiting for the worker"),
    )
    audit.log(
        "circles.forming.started",
        actor=actor,
        target=run,
        program=program,
        data={"cohort": cohort.pk, "kind": kind, "sizes": [min_size, max_size], "criteria": clean},
    )
    if count <= INLINE_LIMIT:
        forming_run_execute(run_id=run.pk)
        run.refresh_from_db()
    else:
        transaction.on_commit(lambda: forming_run_task.enqueue(run.pk))
    return run


def forming_run_rerun(*, run: FormingRun, actor: Any) -> FormingRun:
    """A new run with the same settings that keeps this run's locked placements."""
    run = FormingRun.objects.select_related("program", "cohort").get(pk=run.pk)  # as saved now
    return forming_run_start(
        program=run.program,
        cohort=run.cohort,
        kind=run.kind,
        min_size=run.min_size,
        max_size=run.max_size,
        criteria=run.criteria,
        apart=run.apart,
        seed=run.seed,
        previous=run,
        actor=actor,
    )


def _person(mentee: MenteeProfile) -> core.Person:
    school = mentee.school
    region = mentee.region or (school.region if school else None)
    return core.Person(
        str(mentee.pk),
        {
            "subject": mentee.subject.strip().casefold() or None,
            "grade_level": mentee.grade_level.strip().casefold() or None,
            "school": school.name if school else None,
            "region": region.name if region else None,
            "career_stage": mentee.career_stage or None,
            "philosophy": mentee.teaching_philosophy,
        },
    )


def _criteria(run: FormingRun) -> list[core.Criterion]:
    return [core.Criterion(c["attribute"], c["mode"], c["weight"]) for c in run.criteria]


def _progress(run: FormingRun, progress: int, stage: str) -> None:
    run.progress, run.stage = progress, stage
    run.save(update_fields=["progress", "stage", "updated_at"])


def _previous_locks(run: FormingRun) -> tuple[dict[str, int], dict[int, int | None]]:
    """Locked placements of the previous run (mentee -> circle position) and its mentors by
    circle number."""
    if run.previous_id is None:
        return {}, {}
    locked = Placement.objects.filter(run_id=run.previous_id, locked=True, proposed__isnull=False)
    fixed = {str(m): n - 1 for m, n in locked.values_list("mentee_id", "proposed__number")}
    mentors: dict[int, int | None] = dict(
        ProposedCircle.objects.filter(run_id=run.previous_id).values_list("number", "mentor_id")
    )
    return fixed, mentors


def forming_run_execute(*, run_id: int) -> FormingRun:
    """Propose the circles of a queued run and store them with their explanations."""
    run = FormingRun.objects.select_related("program", "cohort").get(pk=run_id)
    if run.status != FormingRun.Status.QUEUED:
        return run  # executed already (a task delivered twice)
    run.status = FormingRun.Status.RUNNING
    run.save(update_fields=["status", "updated_at"])
    started = time.perf_counter()
    try:
        _progress(run, 10, _("Reading profiles"))
        mentees = list(_participants(run.cohort))
        present = {str(m.pk) for m in mentees}
        fixed, mentors = _previous_locks(run)
        fixed = {m: c for m, c in fixed.items() if m in present}
        locks = core.Locks(
            apart=[
                (str(a), str(b)) for a, b in run.apart if str(a) in present and str(b) in present
            ],
            fixed=fixed,
        )
        _progress(run, 30, _("Forming circles: %(n)s teachers") % {"n": len(mentees)})
        result = core.form_circles(
            [_person(m) for m in mentees],
            criteria=_criteria(run),
            min_size=run.min_size,
            max_size=run.max_size,
            locks=locks,
            seed=run.seed,
        )
        _progress(run, 80, _("Saving proposals"))
        with transaction.atomic():
            _save(run, result, fixed, mentors)
            run.summary = {
                "teachers": len(mentees),
                "circles": len(result.circles),
                "unplaced": len(result.unplaced),
                "objective": round(result.objective, 6),
                "passes": result.passes,
                "seconds": round(time.perf_counter() - started, 3),
            }
            run.status, run.progress, run.stage = FormingRun.Status.DONE, 100, _("Done")
            run.save()
    except core.FormingError as exc:
        _fail(run, str(exc))
    except Exception as exc:  # the run must not stay "running" forever
        _fail(run, repr(exc))
        raise
    audit.log("circles.forming.finished", target=run, program=run.program, data=run.summary)
    return run


def _fail(run: FormingRun, message: str) -> None:
    run.status, run.error, run.stage = FormingRun.Status.FAILED, message, _("Failed")
    run.save(update_fields=["status", "error", "stage", "updated_at"])


def _save(
    run: FormingRun, result: core.Forming, fixed: dict[str, int], mentors: dict[int, int | None]
) -> None:
    if run.kind == Kind.MENTORING:
        # Mentors kept from the previous run first; suggestions fill the other circles.
        kept = {n: m for n, m in mentors.items() if m is not None and n <= len(result.circles)}
        suggested = {
            n: m
            for n, m in _suggested_mentors(run, result.circles).items()
            if n not in kept and m not in kept.values()
        }
        mentors = {**suggested, **kept}
    circles = ProposedCircle.objects.bulk_create(
        ProposedCircle(
            run=run,
            number=k + 1,
            mentor_id=mentors.get(k + 1) if run.kind == Kind.MENTORING else None,
            explanation=asdict(result.circle_explanations[k]),
        )
        for k in range(len(result.circles))
    )
    rows = [
        Placement(
            run=run,
            proposed=circles[k],
            mentee_id=int(person),
            locked=person in fixed,
            explanation=asdict(result.person_explanations[person]),
        )
        for k, members in enumerate(result.circles)
        for person in members
    ]
    rows += [Placement(run=run, proposed=None, mentee_id=int(p)) for p in result.unplaced]
    Placement.objects.bulk_create(rows, batch_size=500)


def _suggested_mentors(run: FormingRun, circles: list[list[str]]) -> dict[int, int | None]:
    """A first mentor for each mentoring circle, from the published matching: the cohort's
    active mentor who already accompanies the most of its members (in an active partnership),
    each mentor for one circle at most, circles with the clearest choice first. Circles whose
    members have no such mentor get none; the coordinator changes any of them on review."""
    member_circle = {int(m): k + 1 for k, members in enumerate(circles) for m in members}
    pairs = (
        active_partnerships(program=run.program)
        .filter(mentee_id__in=member_circle, mentor__in=cohort_mentors(run=run))
        .values_list("mentee_id", "mentor_id")
    )
    counts: Counter[tuple[int, int]] = Counter(
        (member_circle[mentee], mentor) for mentee, mentor in pairs
    )
    chosen: dict[int, int | None] = {}
    used: set[int] = set()
    for (number, mentor), _n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if number not in chosen and mentor not in used:
            chosen[number] = mentor
            used.add(mentor)
    return chosen


def _refresh_explanations(run: FormingRun) -> None:
    """Explain every circle and person again after a hand edit (the objective too)."""
    placements = list(run.placements.select_related("mentee__school__region", "mentee__region"))
    people = sorted((_person(p.mentee) for p in placements), key=lambda p: p.id)
    position = {p.id: k for k, p in enumerate(people)}
    criteria = _criteria(run)
    circles: dict[int, list[str]] = {}
    for p in placements:
        if p.proposed_id is not None:
            circles.setdefault(p.proposed_id, []).append(str(p.mentee_id))
    locks = core.Locks(
        apart=[(str(a), str(b)) for a, b in run.apart if str(a) in position and str(b) in position],
        fixed={str(p.mentee_id): 0 for p in placements if p.locked},
    )
    cosines = core.philosophy_cosines(people, criteria)
    proposed = {c.pk: c for c in run.proposed.all()}
    for pk, circle in proposed.items():
        members = sorted(circles.get(pk, []))
        circle.explanation = asdict(
            core.explain_circle(members, people, criteria, locks, cosines, position)
        )
    ProposedCircle.objects.bulk_update(proposed.values(), ["explanation"])
    for p in placements:
        members = sorted(circles.get(p.proposed_id, [])) if p.proposed_id else []
        p.explanation = (
            asdict(
                core.explain_person(
                    str(p.mentee_id), members, people, criteria, locks, cosines, position
                )
            )
            if members
            else {}
        )
    Placement.objects.bulk_update(placements, ["explanation"], batch_size=500)
    run.summary = {
        **run.summary,
        "objective": round(core.objective(list(circles.values()), people, criteria), 6),
        "unplaced": sum(1 for p in placements if p.proposed_id is None),
    }


# --- Review ------------------------------------------------------------------------------------


def _editable(run_id: int, expected_version: int | None) -> FormingRun:
    run = FormingRun.objects.select_for_update().select_related("program", "cohort").get(pk=run_id)
    if not run.editable:
        raise ValidationError(_("This run can no longer be changed."), code="state")
    if expected_version is not None and run.version != expected_version:
        raise StaleVersion()
    return run


def _bump(run: FormingRun) -> None:
    run.version += 1
    run.save(update_fields=["version", "summary", "updated_at"])


@transaction.atomic
def placement_move(
    *,
    placement: Placement,
    to: ProposedCircle | None,
    expected_version: int | None = None,
    actor: Any,
) -> Placement:
    """Move a teacher to another proposed circle of the run (or leave them out: ``to`` None).
    The moved teacher is locked there, so a re-run keeps them where the coordinator put them."""
    run = _editable(placement.run_id, expected_version)
    if to is not None and to.run_id != run.pk:
        raise ValidationError(_("Choose a circle of this run."), code="circle")
    if to is not None and to.pk != placement.proposed_id and to.placements.count() >= run.max_size:
        raise ValidationError(
            _("Circle %(n)d already has %(max)d members.") % {"n": to.number, "max": run.max_size},
            code="size",
        )
    before = placement.proposed.number if placement.proposed else None
    placement.proposed = to
    placement.locked = to is not None
    placement.save(update_fields=["proposed", "locked"])
    _refresh_explanations(run)
    _bump(run)
    audit.log(
        "circles.forming.moved",
        actor=actor,
        target=run,
        program=run.program,
        data={"mentee": placement.mentee_id, "from": before, "to": to.number if to else None},
    )
    return placement


@transaction.atomic
def placement_lock(
    *, placement: Placement, locked: bool, expected_version: int | None = None, actor: Any
) -> Placement:
    """Lock a teacher in their proposed circle (a re-run keeps them there) or unlock them."""
    run = _editable(placement.run_id, expected_version)
    if locked and placement.proposed_id is None:
        raise ValidationError(_("Place the teacher in a circle before locking them."))
    placement.locked = locked
    placement.save(update_fields=["locked"])
    _refresh_explanations(run)
    _bump(run)
    audit.log(
        "circles.forming.locked" if locked else "circles.forming.unlocked",
        actor=actor,
        target=run,
        program=run.program,
        data={"mentee": placement.mentee_id},
    )
    return placement


@transaction.atomic
def apart_set(
    *,
    run: FormingRun,
    first: MenteeProfile,
    second: MenteeProfile,
    apart: bool = True,
    expected_version: int | None = None,
    actor: Any,
) -> FormingRun:
    """Keep two teachers of the run apart in its re-runs (or stop keeping them apart). It
    does not move them now: move one by hand, or run again."""
    run = _editable(run.pk, expected_version)
    ids = set(run.placements.filter(mentee__in=[first, second]).values_list("mentee_id", flat=True))
    if first.pk == second.pk or ids != {first.pk, second.pk}:
        raise ValidationError(_("Pairs kept apart must be two teachers of the cohort."))
    pair = sorted([first.pk, second.pk])
    pairs = [sorted(p) for p in run.apart if sorted(p) != pair]
    if apart:
        if len(pairs) >= MAX_APART:
            raise ValidationError(_("Keep apart at most %(n)d pairs.") % {"n": MAX_APART})
        pairs.append(pair)
    run.apart = pairs
    run.version += 1
    run.save(update_fields=["apart", "version", "updated_at"])
    audit.log(
        "circles.forming.apart" if apart else "circles.forming.not_apart",
        actor=actor,
        target=run,
        program=run.program,
        data={"mentees": pair},
    )
    return run


@transaction.atomic
def proposed_mentor_set(
    *,
    proposed: ProposedCircle,
    mentor: MentorProfile | None,
    expected_version: int | None = None,
    actor: Any,
) -> ProposedCircle:
    """Choose the mentor of a proposed mentoring circle: a mentor of the run's cohort who
    mentors no other circle of the run."""
    run = _editable(proposed.run_id, expected_version)
    if run.kind != Kind.MENTORING:
        raise ValidationError(
            _("Peer circles and reciprocal coaching have no designated mentor."), code="mentor"
        )
    if mentor is not None:
        if not cohort_mentors(run=run).filter(pk=mentor.pk).exists():
            raise ValidationError(_("Choose an active mentor of the cohort."), code="mentor")
        if run.proposed.filter(mentor=mentor).exclude(pk=proposed.pk).exists():
            raise ValidationError(
                _("%(mentor)s already mentors another circle of this run.")
                % {"mentor": mentor.code},
                code="mentor",
            )
    proposed.mentor = mentor
    proposed.save(update_fields=["mentor"])
    _bump(run)
    audit.log(
        "circles.forming.mentor",
        actor=actor,
        target=run,
        program=run.program,
        data={"circle": proposed.number, "mentor": mentor.pk if mentor else None},
    )
    return proposed


@transaction.atomic
def forming_run_publish(
    *, run: FormingRun, expected_version: int | None = None, actor: Any
) -> list[Circle]:
    """Create one active ``Circle`` per proposed circle, with its members (and mentor), in
    one transaction; then email the members and mentors. Refused while a circle is outside
    the size bounds or a mentoring circle has no mentor."""
    run = _editable(run.pk, expected_version)
    proposed = run_circles(run=run)
    for item in proposed:
        size = len(item.placements.all())
        if not run.min_size <= size <= run.max_size:
            raise ValidationError(
                _("Circle %(n)d has %(size)d members; it needs between %(low)d and %(high)d.")
                % {"n": item.number, "size": size, "low": run.min_size, "high": run.max_size},
                code="size",
            )
        if run.kind == Kind.MENTORING and item.mentor_id is None:
            raise ValidationError(
                _("Choose the mentor of circle %(n)d.") % {"n": item.number}, code="mentor"
            )
    kind_label = Kind(run.kind).label
    created = []
    for item in proposed:
        circle = circle_create(
            program=run.program,
            cohort=run.cohort,
            kind=run.kind,
            name=f"{kind_label} {item.number} · {run.cohort}",
            mentees=[p.mentee for p in item.placements.all()],
            mentor=item.mentor,
            status=Circle.Status.ACTIVE,
            actor=actor,
        )
        item.circle = circle
        created.append(circle)
    ProposedCircle.objects.bulk_update(proposed, ["circle"])
    run.status, run.published_at, run.published_by = (
        FormingRun.Status.PUBLISHED,
        timezone.now(),
        actor,
    )
    run.stage = _("Published")
    run.version += 1
    run.save(
        update_fields=["status", "published_at", "published_by", "stage", "version", "updated_at"]
    )
    audit.log(
        "circles.forming.published",
        actor=actor,
        target=run,
        program=run.program,
        data={"circles": [c.pk for c in created]},
    )
    transaction.on_commit(lambda: notifications.notify_formed(circles=created))
    return created


# --- Explanations in words -------------------------------------------------------------------


def _value_label(attribute: str, value: str) -> str:
    if attribute == FormingAttribute.CAREER_STAGE:
        return str(dict(CareerStage.choices).get(value, value))
    return value


def _attribute_label(attribute: str) -> str:
    return str(dict(FormingAttribute.choices).get(attribute, attribute))


def _lock_words(locks: Sequence[str], names: Mapping[str, str]) -> list[str]:
    words = []
    for lock in locks:
        kind, _sep, ids = lock.partition(":")
        who = ", ".join(names.get(i, i) for i in ids.split(","))
        if kind == "apart":
            words.append(_("kept apart: %(who)s") % {"who": who})
        elif kind == "fixed":
            words.append(_("locked in this circle: %(who)s") % {"who": who})
        else:
            words.append(_("kept together: %(who)s") % {"who": who})
    return words


def circle_sentences(explanation: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """What a proposed circle has in common, what it mixes and which locks apply, in words."""
    lines = []
    common = [
        _("%(attribute)s %(value)s (%(count)d)")
        % {
            "attribute": _attribute_label(s["attribute"]),
            "value": _value_label(s["attribute"], s["value"]),
            "count": s["count"],
        }
        for s in explanation.get("common", [])
    ]
    if common:
        lines.append(_("In common: %(list)s.") % {"list": "; ".join(common)})
    for attribute, counts in explanation.get("mixes", {}).items():
        if counts:
            values = ", ".join(f"{_value_label(attribute, v)} {n}" for v, n in counts.items())
            lines.append(
                _("Mixes %(attribute)s: %(values)s.")
                % {"attribute": _attribute_label(attribute).lower(), "values": values}
            )
    if explanation.get("philosophy") is not None:
        lines.append(
            _("Teaching philosophies alike: %(score).2f (0 to 1).")
            % {"score": explanation["philosophy"]}
        )
    fixed = [lock for lock in explanation.get("locks", []) if not lock.startswith("fixed:")]
    locked = [
        lock.partition(":")[2] for lock in explanation.get("locks", []) if lock.startswith("fixed:")
    ]
    words = _lock_words(fixed, names)
    if locked:
        words += _lock_words(["fixed:" + ",".join(locked)], names)
    if words:
        lines.append(_("Locks: %(list)s.") % {"list": "; ".join(words)})
    return lines


def person_sentence(explanation: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Why a teacher is in their circle: "same subject taught (math) as Ana, Luis; mixed
    career stage: Proficient (2)" (the number of circle-mates with each other value)."""
    parts = []
    for attribute, (value, mates) in explanation.get("alike", {}).items():
        parts.append(
            _("same %(attribute)s (%(value)s) as %(who)s")
            % {
                "attribute": _attribute_label(attribute).lower(),
                "value": _value_label(attribute, value),
                "who": ", ".join(names.get(m, m) for m in mates),
            }
        )
    for attribute, others in explanation.get("mixed", {}).items():
        mixed = ", ".join(f"{_value_label(attribute, v)} ({len(who)})" for v, who in others.items())
        parts.append(
            _("mixed %(attribute)s: %(values)s")
            % {"attribute": _attribute_label(attribute).lower(), "values": mixed}
        )
    closest = explanation.get("closest")
    if closest:
        parts.append(
            _("closest philosophy: %(who)s (%(score).2f)")
            % {"who": names.get(closest[0], closest[0]), "score": closest[1]}
        )
    return "; ".join(parts)
