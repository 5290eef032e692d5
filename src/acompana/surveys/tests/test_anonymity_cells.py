"""Small breakdown cells stay hidden even when the total is shown: neither the results nor the
exports let a coordinator recover one person's anonymous answers by subtraction."""

from acompana.programs.tests.factories import CohortFactory
from acompana.surveys.models import Answer, Response
from acompana.surveys.selectors import export_table, results
from acompana.surveys.tests.factories import send, template_questionnaire


def anonymous_survey_with_cohorts(world, sizes):
    """An anonymous survey to every cohort, with ``sizes[i]`` responses from cohort i (each
    answering the first question with its cohort's number, so a leak is easy to spot)."""
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire)
    first = questionnaire.questions.get(position=1)
    cohorts = [world.program.cohorts.get()] + [
        CohortFactory(program=world.program, year=2020 + i) for i in range(len(sizes) - 1)
    ]
    for i, (cohort, size) in enumerate(zip(cohorts, sizes, strict=True)):
        for _n in range(size):
            response = Response.objects.create(
                distribution=distribution,
                cohort=cohort,
                modality=cohort.modality,
                role="mentee",
            )
            Answer.objects.create(response=response, question=first, number=i + 1)
    return questionnaire, cohorts


def test_a_lone_small_group_cannot_be_recovered_from_the_total_minus_the_groups_shown(world):
    questionnaire, _cohorts = anonymous_survey_with_cohorts(world, [4, 1])
    outcome = results(questionnaire=questionnaire, by="cohort")
    groups = outcome.questions[0].groups
    # The overall counts are shown; if the group of four were shown too, the lone person's
    # answer would be the overall counts minus theirs.
    assert [n for _label, n in outcome.questions[0].counts] == [4, 1, 0, 0, 0]
    assert len(groups) == 2 and all(g["suppressed"] for g in groups)


def test_groups_hidden_together_with_enough_people_leave_the_others_shown(world):
    questionnaire, cohorts = anonymous_survey_with_cohorts(world, [5, 2, 2])
    groups = {
        g["name"]: g for g in results(questionnaire=questionnaire, by="cohort").questions[0].groups
    }
    assert not groups[str(cohorts[0])]["suppressed"]
    assert groups[str(cohorts[1])]["suppressed"] and groups[str(cohorts[2])]["suppressed"]


def test_the_export_does_not_name_the_cohort_of_a_lone_anonymous_respondent(world):
    questionnaire, cohorts = anonymous_survey_with_cohorts(world, [4, 1])
    header, rows = export_table(questionnaire=questionnaire)
    columns = [header.index(name) for name in ("Cohort", "Modality", "Role")]
    table = list(rows)
    assert len(table) == 5
    for row in table:
        assert [row[c] for c in columns] == ["", "", ""]
    assert not any(str(cohorts[1]) in map(str, row) for row in table)


def test_the_export_keeps_the_cohort_when_enough_anonymous_respondents_share_it(world):
    questionnaire, cohorts = anonymous_survey_with_cohorts(world, [4, 3])
    header, rows = export_table(questionnaire=questionnaire)
    cohort_column = header.index("Cohort")
    shown = sorted(row[cohort_column] for row in rows)
    assert shown == sorted([str(cohorts[0])] * 4 + [str(cohorts[1])] * 3)
