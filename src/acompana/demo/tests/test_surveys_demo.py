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
    # the four shipped questionnaires and the pairing-fit question of the health page
    assert program.questionnaires.filter(template_key__gt="").count() == 5
    induction = program.questionnaires.get(template_key="mentor_induction")
    # three years of induction, and the follow-up survey open on the load day (health demo)
    assert induction.distributions.count() == 4
    # The demo's surveys are anonymous; only the pairing-fit question (health) is named.
    named = Response.objects.exclude(distribution__questionnaire__template_key="pairing_fit")
    assert named.filter(distribution__anonymous=False).count() == 0
    assert not named.exclude(respondent=None).exists()
    outcome = results(questionnaire=induction, by="modality")
    prepared = outcome.questions[0]
    means = {g["name"]: g["mean"] for g in prepared.groups if not g["suppressed"]}
    assert means["In person"] > means["Virtual"]
    satisfaction = program.questionnaires.get(template_key="mentee_satisfaction")
    assert results(questionnaire=satisfaction).responses >= 5
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    assert _counts() == first
