"""Evidence of a review point: a typed reference (kind + object id) to something of the
cohort's program, shown as a link with a one-line figure that the source app's selector
computes. Each kind knows what objects it refers to, how to offer them in a form, and how to
read their figures for many references at once (a fixed number of queries per kind)."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acompana.group_sessions.report import cohort_comparison
from acompana.programs.models import Cohort, ReviewEvidence
from acompana.surveys.review_figures import questionnaire_response_counts
from acompana.training.review_figures import feedback_by_modality
from acompana.visits.selectors import coverage_by_round

Kind = ReviewEvidence.Kind
Ref = tuple[str, int]  # (kind, object id)

MAX_PER_POINT = 10


@dataclass(frozen=True)
class Figure:
    """A piece of evidence as a page shows it: what it is, a one-line figure, a link."""

    kind: str
    object_id: int
    kind_label: str
    text: str
    url: str

    @property
    def value(self) -> str:
        """The form's value of this reference ("round_coverage:12")."""
        return f"{self.kind}:{self.object_id}"


def parse_ref(value: str) -> Ref:
    """ "kind:id" as a reference; ValidationError when it is not one."""
    kind, _sep, object_id = value.partition(":")
    if kind not in Kind.values or not object_id.isdigit() or len(object_id) > 12:
        raise ValidationError(_("Not a piece of evidence: %(value)s.") % {"value": value[:60]})
    return kind, int(object_id)


def _number(value: float, decimals: int = 0) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _coverage(cohort: Cohort, wanted: dict[str, set[int]]) -> dict[Ref, Figure]:
    """Coverage and cancellation reasons of the wanted rounds, from one reading of
    ``coverage_by_round``."""
    slug = cohort.program.slug
    url = reverse("visits:coverage", kwargs={"slug": slug})
    out: dict[Ref, Figure] = {}
    coverage = wanted.get(Kind.ROUND_COVERAGE, set())
    reasons_of = wanted.get(Kind.CANCELLATION_REASONS, set())
    for row in coverage_by_round(program=cohort.program):
        rnd = row["round"]
        if rnd.pk in coverage:
            text = _("%(round)s: %(percent)s %% of planned visits done (%(done)s of %(planned)s)")
            text %= {
                "round": rnd.name,
                "percent": _number(row["percent"]),
                "done": _number(row["done"]),
                "planned": _number(row["planned"]),
            }
            kind = Kind.ROUND_COVERAGE
            out[(kind, rnd.pk)] = Figure(kind, rnd.pk, str(kind.label), text, url)
        if rnd.pk in reasons_of:
            reasons = ", ".join(
                f"{label} {_number(n)}"
                for label, n in sorted(row["reasons"].items(), key=lambda r: (-r[1], str(r[0])))
            )
            text = _("%(round)s: %(cancelled)s cancelled, %(rescheduled)s rescheduled") % {
                "round": rnd.name,
                "cancelled": _number(row["cancelled"]),
                "rescheduled": _number(row["rescheduled"]),
            }
            given = _("reasons: %(reasons)s") % {"reasons": reasons}
            text += "; " + (given if reasons else _("no reason given"))
            kind = Kind.CANCELLATION_REASONS
            out[(kind, rnd.pk)] = Figure(kind, rnd.pk, str(kind.label), text, url)
    return out


def _surveys(cohort: Cohort, ids: set[int]) -> dict[Ref, Figure]:
    slug = cohort.program.slug
    out: dict[Ref, Figure] = {}
    counts = questionnaire_response_counts(program=cohort.program, ids=ids, cohort=cohort)
    for pk, row in counts.items():
        text = ngettext(
            "%(title)s: %(total)s response, %(in_cohort)s from cohort %(cohort)s",
            "%(title)s: %(total)s responses, %(in_cohort)s from cohort %(cohort)s",
            row["total"],
        ) % {
            "title": row["title"],
            "total": _number(row["total"]),
            "in_cohort": _number(row["in_cohort"]),
            "cohort": cohort,
        }
        url = reverse("surveys:results", kwargs={"slug": slug, "pk": pk})
        kind = Kind.SURVEY_RESULTS
        out[(kind, pk)] = Figure(kind, pk, str(kind.label), text, url)
    return out


def _feedback(cohort: Cohort, ids: set[int]) -> dict[Ref, Figure]:
    slug = cohort.program.slug
    out: dict[Ref, Figure] = {}
    for pk, plan in feedback_by_modality(program=cohort.program, plan_ids=ids).items():
        parts = [
            ngettext(
                "%(modality)s %(score)s (%(count)s answer)",
                "%(modality)s %(score)s (%(count)s answers)",
                m["count"],
            )
            % {"modality": m["label"], "score": _number(m["overall"], 1), "count": m["count"]}
            for m in plan["modalities"]
        ]
        if parts:
            text = _("%(title)s: %(scores)s, out of 5") % {
                "title": plan["title"],
                "scores": " · ".join(parts),
            }
        else:
            text = _("%(title)s: no feedback yet") % {"title": plan["title"]}
        url = reverse("training:plan_feedback", kwargs={"slug": slug, "pk": pk})
        kind = Kind.TRAINING_FEEDBACK
        out[(kind, pk)] = Figure(kind, pk, str(kind.label), text, url)
    return out


def _group_hours(cohort: Cohort, ids: set[int]) -> dict[Ref, Figure]:
    slug = cohort.program.slug
    out: dict[Ref, Figure] = {}
    base = reverse("group_sessions:report", kwargs={"slug": slug})
    for row in cohort_comparison(program=cohort.program):
        if row.cohort.pk not in ids:
            continue
        text = _(
            "Cohort %(cohort)s: %(sessions)s group sessions held, %(hours)s h, "
            "%(attendances)s attendances"
        ) % {
            "cohort": row.cohort,
            "sessions": _number(row.sessions),
            "hours": _number(row.minutes / 60, 1),
            "attendances": _number(row.attendances),
        }
        url = f"{base}?{urlencode({'cohort': row.cohort.pk})}"
        kind = Kind.GROUP_SESSION_HOURS
        out[(kind, row.cohort.pk)] = Figure(kind, row.cohort.pk, str(kind.label), text, url)
    return out


def figures(*, cohort: Cohort, refs: Iterable[Ref]) -> dict[Ref, Figure]:
    """The figure of each reference that names an object of ``cohort``'s program; references
    to anything else are left out (``evidence_check`` refuses them when saved)."""
    wanted: dict[str, set[int]] = {}
    for kind, object_id in refs:
        wanted.setdefault(kind, set()).add(object_id)
    out: dict[Ref, Figure] = {}
    if wanted.get(Kind.ROUND_COVERAGE) or wanted.get(Kind.CANCELLATION_REASONS):
        out |= _coverage(cohort, wanted)
    if wanted.get(Kind.SURVEY_RESULTS):
        out |= _surveys(cohort, wanted[Kind.SURVEY_RESULTS])
    if wanted.get(Kind.TRAINING_FEEDBACK):
        out |= _feedback(cohort, wanted[Kind.TRAINING_FEEDBACK])
    if wanted.get(Kind.GROUP_SESSION_HOURS):
        out |= _group_hours(cohort, wanted[Kind.GROUP_SESSION_HOURS])
    return out


def evidence_check(*, cohort: Cohort, refs: Collection[Ref]) -> None:
    """Refuse evidence that does not name an object of ``cohort``'s program, or too much."""
    if len(refs) > MAX_PER_POINT:
        raise ValidationError(
            _("Link at most %(count)d pieces of evidence to a point.") % {"count": MAX_PER_POINT},
            code="too_many",
        )
    found = figures(cohort=cohort, refs=refs)
    missing = [ref for ref in refs if ref not in found]
    if missing:
        kind, object_id = missing[0]
        raise ValidationError(
            _("%(kind)s #%(id)s is not part of this program.")
            % {"kind": Kind(kind).label if kind in Kind.values else kind, "id": object_id},
            code="evidence",
        )


def evidence_option_refs(*, cohort: Cohort) -> list[Ref]:
    """What a coordinator may link in ``cohort``'s review: the program's questionnaires (the
    50 latest), the cohort's rounds (coverage and cancellation reasons), its training plans
    and its group sessions."""
    program = cohort.program
    rounds = list(program.rounds.filter(cohort=cohort).values_list("pk", flat=True))
    plans = list(program.training_plans.filter(cohort=cohort).values_list("pk", flat=True))
    questionnaires = list(program.questionnaires.order_by("-pk").values_list("pk", flat=True)[:50])
    refs: list[Ref] = [(Kind.SURVEY_RESULTS, pk) for pk in questionnaires]
    refs += [(Kind.ROUND_COVERAGE, pk) for pk in rounds]
    refs += [(Kind.CANCELLATION_REASONS, pk) for pk in rounds]
    refs += [(Kind.TRAINING_FEEDBACK, pk) for pk in plans]
    refs.append((Kind.GROUP_SESSION_HOURS, cohort.pk))
    return refs


def evidence_options(*, cohort: Cohort) -> list[Figure]:
    """The options of ``evidence_option_refs`` with their figures."""
    refs = evidence_option_refs(cohort=cohort)
    found = figures(cohort=cohort, refs=refs)
    return [found[ref] for ref in refs if ref in found]
