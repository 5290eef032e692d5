from django.core.management import call_command

from acompana.programs.models import Program
from acompana.surveys.models import Answer, Distribution, Invitation, Questionnaire, Response
from acompana.surveys.selectors import results


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Questionnaire, Distribution, Invitation, Response, Answer)
    )


def test_the_demo_surveys_show_the_in_person_and_virtual_contrast_and_load_idempotently(db):
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    program = Program.objects.get(slug="mentoria-directivos")
    first = _counts()
    assert program.questionnaires.filter(template_key__gt="").count() == 4
    induction = program.questionnaires.get(template_key="mentor_induction")
    assert induction.distributions.count() == 3
    assert Response.objects.filter(distribution__anonymous=False).count() == 0
    assert not Response.objects.exclude(respondent=None).exists()
    outcome = results(questionnaire=induction, by="modality")
    prepared = outcome.questions[0]
    means = {g["name"]: g["mean"] for g in prepared.groups if not g["suppressed"]}
    assert means["In person"] > means["Virtual"]
    satisfaction = program.questionnaires.get(template_key="mentee_satisfaction")
    assert results(questionnaire=satisfaction).responses >= 5
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    assert _counts() == first
