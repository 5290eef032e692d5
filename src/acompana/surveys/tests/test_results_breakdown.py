"""The results broken down by cohort, modality or role are counted in SQL; they must be what
the previous implementation (every closed answer read into Python, kept below for reference
only) gave, small-cell suppression included, on a generated set of responses."""

import random
import statistics
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

from acompana.accounts.models import Role
from acompana.programs.models import Modality
from acompana.programs.tests.factories import CohortFactory
from acompana.surveys.models import LIKERT, Answer, Question, Response
from acompana.surveys.selectors import MIN_CELL, complementary_suppression, results
from acompana.surveys.tests.factories import send, template_questionnaire

# --- The previous implementation, for reference -------------------------------------------------


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def _group_key(response: dict[str, Any], by: str, cohorts: dict[int, str]) -> str:
    if by == "cohort":
        return cohorts.get(response["cohort"], "") or "No cohort"
    if by == "modality":
        return str(Modality(response["modality"]).label) if response["modality"] else "None"
    return str(Role(response["role"]).label)


def reference_breakdown(questionnaire, by: str) -> tuple[list[list[dict[str, Any]]], int]:
    """Each closed question's groups and the suppressed cells, as computed before."""
    from acompana.programs.models import Cohort

    responses = list(
        Response.objects.filter(distribution__questionnaire=questionnaire).values(
            "id", "cohort", "modality", "role"
        )
    )
    cohorts = {c.pk: str(c) for c in Cohort.objects.filter(pk__in={r["cohort"] for r in responses})}
    group_of = {r["id"]: _group_key(dict(r), by, cohorts) for r in responses}
    group_sizes: dict[str, int] = defaultdict(int)
    for name in group_of.values():
        group_sizes[name] += 1
    by_question: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(response__distribution__questionnaire=questionnaire)
        .exclude(question__kind=Question.Kind.TEXT)
        .values("response_id", "question_id", "option_id", "number")
    ):
        by_question[answer["question_id"]].append(dict(answer))
    out, suppressed = [], 0
    for question in questionnaire.questions.exclude(kind=Question.Kind.TEXT):
        per_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in by_question.get(question.pk, []):
            per_group[group_of[row["response_id"]]].append(row)
        counts = {
            name: len({row["response_id"] for row in per_group.get(name, [])})
            for name in group_sizes
        }
        small = {
            name
            for name in group_sizes
            if group_sizes[name] < MIN_CELL or 0 < counts[name] < MIN_CELL
        }
        hidden_names = complementary_suppression(counts, small)
        groups = []
        for name in sorted(group_sizes):
            group_rows = per_group.get(name, [])
            if name in hidden_names:
                groups.append({"name": name, "suppressed": True})
                suppressed += 1
                continue
            entry: dict[str, Any] = {"name": name, "suppressed": False, "respondents": counts[name]}
            if question.kind in {Question.Kind.LIKERT, Question.Kind.NUMBER}:
                numbers = [float(row["number"]) for row in group_rows]
                entry["mean"] = _mean(numbers)
                if question.kind == Question.Kind.LIKERT:
                    entry["counts"] = [
                        sum(1 for v in numbers if v == value) for value, *_ in LIKERT
                    ]
            else:
                entry["counts"] = [
                    sum(1 for row in group_rows if row["option_id"] == o.pk)
                    for o in question.options.all()
                ]
            groups.append(entry)
        out.append(groups)
    return out, suppressed


# --- The generated data set ----------------------------------------------------------------------


@pytest.fixture
def answered(world):
    """120 responses over four cohorts (one of them tiny), three modalities and none, four
    roles (one of them tiny), some skipping questions; Likert, numbers with decimals, single
    and multiple choices."""
    rng = random.Random(19)
    program = world.program
    cohorts = [world.program.cohorts.get()] + [
        CohortFactory(program=program, year=2020 + i, name=f"G{i}") for i in range(3)
    ]
    questionnaire = template_questionnaire(program)
    questions = list(questionnaire.questions.prefetch_related("options"))
    kinds = {q.kind for q in questions}
    assert {"likert", "single", "text"} <= kinds
    distribution = send(questionnaire, cohort=cohorts[0])
    modalities = ["in_person", "virtual", "hybrid", ""]
    roles = ["mentee", "mentor", "specialist"]
    answers = []
    for i in range(120):
        tiny = i % 60 == 0  # two responses in the last cohort, as researchers
        response = Response.objects.create(
            distribution=distribution,
            cohort=cohorts[3] if tiny else rng.choice([*cohorts[:3], None]),
            modality="virtual" if tiny else rng.choice(modalities),
            role="researcher" if tiny else rng.choices(roles, weights=[20, 6, 1])[0],
        )
        for q in questions:
            if rng.random() < 0.15:
                continue  # skipped
            options = list(q.options.all())
            if q.kind == "likert":
                answers.append(Answer(response=response, question=q, number=rng.randint(1, 5)))
            elif q.kind == "number":
                value = Decimal(rng.randint(0, 2000)) / 100
                answers.append(Answer(response=response, question=q, number=value))
            elif q.kind == "single":
                answers.append(Answer(response=response, question=q, option=rng.choice(options)))
            elif q.kind == "multiple":
                for option in rng.sample(options, rng.randint(1, len(options))):
                    answers.append(Answer(response=response, question=q, option=option))
            else:
                answers.append(Answer(response=response, question=q, text=f"t{i}"))
    Answer.objects.bulk_create(answers)
    return questionnaire


@pytest.mark.parametrize("by", ["cohort", "modality", "role"])
def test_the_breakdown_counted_in_sql_is_the_one_computed_before(answered, by):
    expected, suppressed = reference_breakdown(answered, by)
    outcome = results(questionnaire=answered, by=by)
    got = [r.groups for r in outcome.questions if r.question.kind != Question.Kind.TEXT]
    assert got == expected
    assert outcome.suppressed == suppressed
    assert outcome.responses == 120
    # The overall figures, summed from the groups' here, are those counted without groups.
    plain = results(questionnaire=answered)
    fields = ("respondents", "counts", "numbers", "mean", "texts", "text_total")
    assert [[getattr(r, f) for f in fields] for r in outcome.questions] == [
        [getattr(r, f) for f in fields] for r in plain.questions
    ]
    if by != "modality":  # a tiny cohort and a tiny role: some cells are hidden
        assert suppressed > 0


def test_the_breakdown_takes_the_same_queries_however_many_answers(
    answered, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        results(questionnaire=answered, by="cohort")
