"""Reads of the surveys app: permission-checked getters, response rates, results, exports.

Only coordinators build, distribute and see results; anyone sees and answers their own
invitations. Outsiders get 404 (``require_member``), other members 403.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import require_member, require_role
from acompana.programs.models import Cohort, Modality, Program
from acompana.surveys.models import (
    LIKERT,
    Answer,
    Distribution,
    Invitation,
    Question,
    Questionnaire,
    Response,
    bilingual,
)

# Breakdown cells with fewer respondents than this are not shown (see the docs).
MIN_CELL = 3
BREAKDOWNS = ("cohort", "modality", "role")


def require_coordinator(user: Any, program: Program) -> None:
    require_role(user, program, [Role.COORDINATOR])


def questionnaire_list(*, user: Any, program: Program) -> QuerySet[Questionnaire]:
    require_coordinator(user, program)
    return (
        Questionnaire.objects.filter(program=program)
        .annotate(
            distribution_count=Count("distributions", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .order_by("title_es", "title_en", "version")
    )


def get_questionnaire_for_user(*, user: Any, program: Program, pk: int) -> Questionnaire:
    require_coordinator(user, program)
    return get_object_or_404(
        Questionnaire.objects.filter(program=program)
        .annotate(distribution_count=Count("distributions"))
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("options"))
        ),
        pk=pk,
    )


def with_rates(distributions: QuerySet[Distribution]) -> QuerySet[Distribution]:
    return distributions.annotate(
        invited=Count("invitations"),
        answered_count=Count("invitations", filter=Q(invitations__answered=True)),
    ).select_related("questionnaire", "cohort")


def distribution_list(*, user: Any, program: Program) -> QuerySet[Distribution]:
    require_coordinator(user, program)
    return with_rates(Distribution.objects.filter(program=program)).order_by("-opens_on", "-pk")


def get_distribution_for_user(*, user: Any, program: Program, pk: int) -> Distribution:
    require_coordinator(user, program)
    return get_object_or_404(with_rates(Distribution.objects.filter(program=program)), pk=pk)


def response_rate(distribution: Distribution) -> dict[str, Any]:
    invited = getattr(distribution, "invited", None)
    answered = getattr(distribution, "answered_count", None)
    if invited is None or answered is None:
        invited = distribution.invitations.count()
        answered = distribution.invitations.filter(answered=True).count()
    return {
        "invited": invited,
        "answered": answered,
        "rate": round(100 * answered / invited) if invited else None,
    }


def named_invitations(*, distribution: Distribution) -> QuerySet[Invitation]:
    """Who answered a named survey. Anonymous surveys show counts only, never this list."""
    if distribution.anonymous:
        return Invitation.objects.none()
    return distribution.invitations.select_related("user", "visit").order_by("user__email", "pk")


def invitations_for_user(*, user: Any, program: Program) -> dict[str, list[Invitation]]:
    """The caller's own invitations in ``program``: open to answer, and the rest."""
    require_member(user, program)
    today = timezone.localdate()
    mine = list(
        Invitation.objects.filter(user=user, distribution__program=program)
        .select_related("distribution__questionnaire", "distribution__cohort", "visit")
        .order_by("distribution__closes_on", "pk")
    )
    to_answer = [i for i in mine if not i.answered and i.distribution.is_open_on(today)]
    return {"to_answer": to_answer, "others": [i for i in mine if i not in to_answer]}


def open_invitations(*, user: Any, program: Program) -> list[Invitation]:
    """For the home page: the caller's unanswered invitations of surveys open today."""
    today = timezone.localdate()
    return list(
        Invitation.objects.filter(
            user=user,
            answered=False,
            distribution__program=program,
            distribution__opens_on__lte=today,
            distribution__closes_on__gte=today,
        )
        .select_related("distribution__questionnaire")
        .order_by("distribution__closes_on", "pk")[:10]
    )


def get_invitation_for_user(*, user: Any, program: Program, token: str) -> Invitation:
    """The caller's own invitation; someone else's token is a 404, as if it did not exist."""
    require_member(user, program)
    return get_object_or_404(
        Invitation.objects.select_related(
            "distribution__questionnaire", "distribution__program", "distribution__cohort"
        ),
        token=token,
        user=user,
        distribution__program=program,
    )


def get_invitation_by_id_for_user(*, user: Any, program: Program, pk: int) -> Invitation:
    require_member(user, program)
    return get_object_or_404(
        Invitation.objects.select_related("distribution__questionnaire"),
        pk=pk,
        user=user,
        distribution__program=program,
    )


# --- Results ---------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    respondents: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # choices and Likert points
    numbers: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # TEXTS_SHOWN of them, alphabetically
    text_total: int = 0  # every open answer (the export lists them all)
    mean: float | None = None
    groups: list[dict[str, Any]] = field(default_factory=list)  # the breakdown rows


@dataclass
class Results:
    questionnaire: Questionnaire
    responses: int
    by: str
    questions: list[QuestionResult]
    suppressed: int = 0  # breakdown cells hidden because they hold fewer than MIN_CELL people


def _group_key(response: dict[str, Any], by: str, cohorts: dict[int, str]) -> str:
    if by == "cohort":
        return cohorts.get(response["cohort"], "") or _("No cohort")
    if by == "modality":
        return str(Modality(response["modality"]).label) if response["modality"] else _("None")
    return str(Role(response["role"]).label)


TEXTS_SHOWN = 50  # open answers shown per question; the export has every one


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def results(
    *, questionnaire: Questionnaire, distribution: Distribution | None = None, by: str = ""
) -> Results:
    """Aggregated answers per question, optionally only of one ``distribution``, with a
    breakdown ``by`` cohort, modality or role, counted in SQL. Open texts: at most
    TEXTS_SHOWN per question, picked by their random ids (so in no order of arrival) and sorted
    alphabetically (``text_total`` counts them all), only overall, never within a breakdown
    group."""
    by = by if by in BREAKDOWNS else ""
    responses_qs = Response.objects.filter(distribution__questionnaire=questionnaire)
    if distribution is not None:
        responses_qs = responses_qs.filter(distribution=distribution)
    group_sizes: dict[str, int] = defaultdict(int)  # responses per group
    name_of: dict[Any, str] = {}  # the response's cohort id, modality or role -> group name
    if by:  # responses counted per group in SQL; groups named as the page shows them
        sizes = list(responses_qs.order_by().values_list(by).annotate(n=Count("pk")))
        cohorts = (
            {c.pk: str(c) for c in Cohort.objects.filter(pk__in={key for key, _n in sizes})}
            if by == "cohort"
            else {}
        )
        for key, n in sizes:
            name_of[key] = _group_key({by: key}, by, cohorts)
            group_sizes[name_of[key]] += n
        total = sum(n for _key, n in sizes)
    else:
        total = responses_qs.count()
    answers = Answer.objects.filter(response__in=responses_qs).order_by()
    closed = answers.exclude(question__kind=Question.Kind.TEXT)
    respondents: dict[int, int] = defaultdict(int)  # per question
    tallies: dict[int, list[tuple[Any, Any, int]]] = defaultdict(list)  # (option, number, n)
    # The breakdown: per question and group, the respondents and the tally.
    respondents_by: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_question: dict[int, dict[str, list[tuple[Any, Any, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    if by:
        # Counted in SQL per group, question, option and point (a few hundred rows whatever
        # the number of answers); the overall figures are the sums of the groups' (a response
        # is in one group), so the answers are read twice, not four times.
        for key, question_id, n in (
            answers.values_list(f"response__{by}", "question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        ):
            respondents_by[question_id][name_of[key]] += n
            respondents[question_id] += n
        merged: dict[tuple[int, Any, Any], int] = defaultdict(int)
        for key, question_id, option_id, number, n in (
            closed.values_list(f"response__{by}", "question_id", "option_id", "number")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            by_question[question_id][name_of[key]].append((option_id, number, n))
            merged[(question_id, option_id, number)] += n
        for (question_id, option_id, number), n in merged.items():
            tallies[question_id].append((option_id, number, n))
    else:
        respondents.update(
            answers.values_list("question_id").annotate(n=Count("response_id", distinct=True))
        )
        for question_id, option_id, number, n in closed.values_list(
            "question_id", "option_id", "number"
        ).annotate(n=Count("pk")):
            tallies[question_id].append((option_id, number, n))
    latest = (
        answers.filter(question__kind=Question.Kind.TEXT)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").desc())
        )
        .filter(rank__lte=TEXTS_SHOWN)
        .values_list("question_id", "text")
    )
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in latest:
        texts[question_id].append(text)
    out: list[QuestionResult] = []
    suppressed = 0
    for question in questionnaire.questions.all():
        result = QuestionResult(question=question, respondents=respondents.get(question.pk, 0))
        tally = tallies.get(question.pk, [])
        if question.kind == Question.Kind.TEXT:
            result.texts = sorted(texts.get(question.pk, []))
            result.text_total = result.respondents
        elif question.kind in {Question.Kind.LIKERT, Question.Kind.NUMBER}:
            points = sorted((float(number), n) for _o, number, n in tally if number is not None)
            result.numbers = [value for value, n in points for _ in range(n)]
            result.mean = _mean(result.numbers)
            if question.kind == Question.Kind.LIKERT:
                result.counts = [
                    (bilingual(es, en), sum(n for v, n in points if v == value))
                    for value, es, en in LIKERT
                ]
        else:
            chosen: dict[int, int] = defaultdict(int)
            for option_id, _number, n in tally:
                chosen[option_id] += n
            result.counts = [(o.text, chosen[o.pk]) for o in question.options.all()]
        if by and question.kind != Question.Kind.TEXT:
            result.groups, hidden = _breakdown(
                question, by_question[question.pk], respondents_by[question.pk], group_sizes
            )
            suppressed += hidden
        out.append(result)
    return Results(
        questionnaire=questionnaire,
        responses=total,
        by=by,
        questions=out,
        suppressed=suppressed,
    )


def complementary_suppression(sizes: dict[Any, int], small: set[Any]) -> set[Any]:
    """The cells to hide: the ``small`` ones, plus as many of the smallest other cells as it
    takes for the hidden ones to hold at least MIN_CELL people together (or all of them).

    Hiding one small cell is not enough: the total, which is shown, minus the cells shown
    gives the hidden cells together, so one person alone in a hidden cell would be exposed."""
    hidden = set(small)
    if not hidden:
        return hidden
    shown = sorted((key for key in sizes if key not in hidden), key=lambda k: (sizes[k], str(k)))
    while shown and sum(sizes[key] for key in hidden) < MIN_CELL:
        hidden.add(shown.pop(0))
    return hidden


def _breakdown(
    question: Question,
    tallies: dict[str, list[tuple[Any, Any, int]]],
    respondents: dict[str, int],
    group_sizes: dict[str, int],
) -> tuple[list[dict[str, Any]], int]:
    """One row per group: respondents, counts per option or point, mean. ``tallies`` holds,
    per group, how many answers chose each (option, number); ``respondents`` the people who
    answered the question in each group. Groups with fewer than MIN_CELL respondents in the
    whole survey are shown as suppressed, without numbers, with enough other groups that the
    hidden ones cannot be recovered from the total."""
    counts = {name: respondents.get(name, 0) for name in group_sizes}
    small = {
        name for name in group_sizes if group_sizes[name] < MIN_CELL or 0 < counts[name] < MIN_CELL
    }
    hidden_names = complementary_suppression(counts, small)
    groups = []
    hidden = 0
    for name in sorted(group_sizes):
        tally = tallies.get(name, [])
        if name in hidden_names:
            groups.append({"name": name, "suppressed": True})
            hidden += 1
            continue
        entry: dict[str, Any] = {"name": name, "suppressed": False, "respondents": counts[name]}
        if question.kind in {Question.Kind.LIKERT, Question.Kind.NUMBER}:
            numbers = [float(number) for _option, number, n in tally for _ in range(n)]
            entry["mean"] = _mean(numbers)
            if question.kind == Question.Kind.LIKERT:
                entry["counts"] = [
                    sum(1 for v in numbers if v == value) for value, _es, _en in LIKERT
                ]
        else:
            chosen: dict[Any, int] = defaultdict(int)
            for option_id, _number, n in tally:
                chosen[option_id] += n
            entry["counts"] = [chosen[o.pk] for o in question.options.all()]
        groups.append(entry)
    return groups, hidden


def _cell(question: Question, answers: list[Answer]) -> Any:
    if not answers:
        return ""
    if question.kind == Question.Kind.TEXT:
        return answers[0].text
    if question.kind in {Question.Kind.LIKERT, Question.Kind.NUMBER}:
        number = answers[0].number
        return int(number) if number is not None and number == int(number) else number
    return "; ".join(a.option.text for a in answers if a.option is not None)


def export_table(
    *, questionnaire: Questionnaire, distribution: Distribution | None = None
) -> tuple[list[str], Iterator[list[Any]]]:
    """The responses as a table, one row per response, one column per question. Rows of
    anonymous distributions have no respondent and no date, come in random order, and show
    their cohort, modality and role only when these are shared by at least MIN_CELL of them."""
    questions = list(questionnaire.questions.all())
    header = [
        _("Survey"),
        _("Anonymous"),
        _("Respondent"),
        _("Email"),
        _("Submitted on"),
        _("Cohort"),
        _("Modality"),
        _("Role"),
        *[f"{q.position}. {q.text}" for q in questions],
    ]
    responses = Response.objects.filter(distribution__questionnaire=questionnaire)
    if distribution is not None:
        responses = responses.filter(distribution=distribution)
    # An anonymous row keeps its cohort, modality and role only when at least MIN_CELL
    # anonymous rows share them (with complementary suppression): otherwise a person alone in
    # their cohort or role would be named by those columns.
    cells: dict[tuple[Any, ...], int] = defaultdict(int)
    for key in responses.filter(distribution__anonymous=True).values_list(
        "cohort", "modality", "role"
    ):
        cells[tuple(key)] += 1
    masked = complementary_suppression(cells, {k for k, n in cells.items() if n < MIN_CELL})
    responses = responses.select_related("distribution", "cohort", "respondent").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("option"))
    )

    def rows() -> Iterator[list[Any]]:
        for response in responses.order_by("id"):
            anonymous = response.distribution.anonymous
            person = None if anonymous else response.respondent
            hide = anonymous and (response.cohort_id, response.modality, response.role) in masked
            by_question: dict[int, list[Answer]] = defaultdict(list)
            for answer in sorted(
                response.answers.all(), key=lambda a: a.option.position if a.option else 0
            ):
                by_question[answer.question_id].append(answer)
            yield [
                response.distribution.get_trigger_display(),
                _("yes") if anonymous else _("no"),
                (person.get_full_name() if person else ""),
                (person.email if person else ""),
                ("" if anonymous or not response.submitted_on else response.submitted_on),
                "" if hide or not response.cohort else str(response.cohort),
                "" if hide else response.get_modality_display(),
                "" if hide else response.get_role_display(),
                *[_cell(q, by_question.get(q.pk, [])) for q in questions],
            ]

    return header, rows()


def number_range(question: Question, numbers: list[float]) -> tuple[float, float]:
    low = float(question.min_value) if question.min_value is not None else min(numbers, default=0)
    high = float(question.max_value) if question.max_value is not None else max(numbers, default=1)
    if high <= low:
        high = low + 1
    return low, high
