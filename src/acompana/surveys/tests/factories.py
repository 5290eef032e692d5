import datetime

import factory
from django.test import TestCase
from django.utils import timezone

from acompana.programs.tests.factories import ProgramFactory
from acompana.surveys import services
from acompana.surveys.models import Distribution, Questionnaire


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    program = factory.SubFactory(ProgramFactory)
    title_es = factory.Sequence(lambda n: f"Encuesta {n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")


def template_questionnaire(program, key="mentee_satisfaction"):
    return services.questionnaire_from_template(program=program, key=key, actor=None)


def send(questionnaire, *, role="mentee", cohort=None, anonymous=True, trigger=None, days=14):
    today = timezone.localdate()
    # Invitations are emailed on commit: run those callbacks as if the request had committed.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.distribution_create(
            questionnaire=questionnaire,
            role=role,
            cohort=cohort,
            trigger=trigger or Distribution.Trigger.MID_PROGRAM,
            anonymous=anonymous,
            opens_on=today,
            closes_on=today + datetime.timedelta(days=days),
            actor=None,
        )


def full_answers(questionnaire, likert=4, text="Me ayuda mucho"):
    """Valid answers to every question of ``questionnaire``."""
    answers = {}
    for q in questionnaire.questions.prefetch_related("options"):
        if q.kind == "likert":
            answers[q.pk] = likert
        elif q.kind == "single":
            answers[q.pk] = q.options.all()[0].pk
        elif q.kind == "multiple":
            answers[q.pk] = [o.pk for o in q.options.all()[:2]]
        elif q.kind == "number":
            answers[q.pk] = 7
        else:
            answers[q.pk] = text
    return answers
