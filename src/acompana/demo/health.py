"""Demo data for the program health page: a follow-up round under way on the day the demo is
loaded, and a follow-up survey open with few answers.

The rest of the health lists fill from the demo as it is (its 2021 partnerships without recent
visits, open commitments past due, agreements awaiting acknowledgement, mentors missing
readiness items, mentees waiting). The follow-up round of the 2021 cohort runs from three weeks
before the load day to three weeks after it: a third of the mentees already visited, a few with
a visit planned or rescheduled for connectivity (status changes recorded as events), one
cancelled for a strike, the rest not yet visited. The follow-up survey to the cohort's mentees
opened ten days ago and a fifth of them answered; six principals answered the pairing-fit
question, two of them poorly (the first Likert questionnaire of the
program; its Likert items only). Loading again changes nothing.
"""

import datetime
import random

from django.utils import timezone

from acompana.health.fit import fit_distribution
from acompana.health.models import FitCheck
from acompana.people.models import Partnership
from acompana.programs.models import Cohort, Program
from acompana.surveys.models import (
    Answer,
    Distribution,
    Invitation,
    Question,
    Questionnaire,
    Response,
)
from acompana.surveys.services import invitation_token
from acompana.visits.models import Round, StatusChange, Visit

ROUND_NAME = "Visitas de seguimiento"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def demo_health_load(*, program: Program, cohort: Cohort) -> None:
    today = timezone.localdate()
    if Round.objects.filter(program=program, cohort=cohort, name=ROUND_NAME).exists():
        return
    rng = random.Random(13)
    round_ = Round.objects.create(
        program=program,
        cohort=cohort,
        name=ROUND_NAME,
        purpose="Seguimiento de compromisos y del plan de mejora.",
        starts_on=today - datetime.timedelta(days=21),
        ends_on=today + datetime.timedelta(days=21),
    )
    pairs = list(
        Partnership.objects.filter(program=program, cohort=cohort, ended_on__isnull=True)
        .select_related("mentor__user", "mentee__school")
        .order_by("mentee__code")
    )
    for n, pair in enumerate(pairs):
        share = n % 6
        if share >= 4:
            continue  # not visited yet in this round
        day = today - datetime.timedelta(days=rng.randint(1, 20))
        status = Visit.Status.DONE
        if share == 3:
            day = today + datetime.timedelta(days=rng.randint(2, 15))
            status = Visit.Status.RESCHEDULED if n % 4 == 3 else Visit.Status.PLANNED
        visit = Visit.objects.create(
            program=program,
            round=round_,
            mentor=pair.mentor,
            mentee=pair.mentee,
            mode="video",
            scheduled_at=_at(day, rng.choice([9, 10, 15])),
            status=status,
        )
        if status == Visit.Status.RESCHEDULED:
            StatusChange.objects.create(
                visit=visit,
                from_status=Visit.Status.PLANNED,
                to_status=Visit.Status.RESCHEDULED,
                reason=StatusChange.Reason.CONNECTIVITY,
                actor=pair.mentor.user,
            )
    if len(pairs) > 5:
        pair = pairs[5]
        visit = Visit.objects.create(
            program=program,
            round=round_,
            mentor=pair.mentor,
            mentee=pair.mentee,
            mode="in_person",
            scheduled_at=_at(today - datetime.timedelta(days=8), 10),
            status=Visit.Status.CANCELLED,
        )
        StatusChange.objects.create(
            visit=visit,
            from_status=Visit.Status.PLANNED,
            to_status=Visit.Status.CANCELLED,
            reason=StatusChange.Reason.STRIKE,
            actor=pair.mentor.user,
        )
    _follow_up_survey(program=program, cohort=cohort, pairs=pairs, today=today)
    _fit_answers(program=program, pairs=pairs[:6], today=today)


def _fit_answers(*, program: Program, pairs: list[Partnership], today: datetime.date) -> None:
    """The pairing-fit question answered by six principals: two of them are not at ease with
    their mentor (an item at 2 of 5), so their pairs show for re-matching."""
    distribution = fit_distribution(program=program, role="mentee", today=today)
    questions = list(distribution.questionnaire.questions.order_by("position"))
    for n, pair in enumerate(pairs):
        poor = n in (1, 4)
        invitation = Invitation.objects.create(
            distribution=distribution,
            user=pair.mentee.user,
            cohort=pair.cohort,
            token=invitation_token(),
            emailed_on=today - datetime.timedelta(days=12),
            answered=True,
        )
        response = Response.objects.create(
            distribution=distribution,
            respondent=pair.mentee.user,
            submitted_on=today - datetime.timedelta(days=9),
            cohort=pair.cohort,
            modality=pair.cohort.modality if pair.cohort else "",
            role="mentee",
        )
        scores = [3, 2, 2] if poor else [4, 5, 4]
        rows = [
            Answer(response=response, question=q, number=score)
            for q, score in zip(questions[:3], scores, strict=True)
        ]
        if poor:
            rows.append(
                Answer(
                    response=response,
                    question=questions[3],
                    text="Las visitas se sienten como una supervisión, no como un acompañamiento.",
                )
            )
        Answer.objects.bulk_create(rows)
        FitCheck.objects.create(
            partnership=pair, role="mentee", invitation=invitation, response=response, poor=poor
        )


def _follow_up_survey(
    *, program: Program, cohort: Cohort, pairs: list[Partnership], today: datetime.date
) -> None:
    questionnaire = Questionnaire.objects.filter(program=program).order_by("pk").first()
    if questionnaire is None or not pairs:
        return
    distribution = Distribution.objects.create(
        program=program,
        questionnaire=questionnaire,
        cohort=cohort,
        role="mentee",
        trigger=Distribution.Trigger.MID_PROGRAM,
        anonymous=True,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=10),
    )
    Invitation.objects.bulk_create(
        Invitation(
            distribution=distribution,
            user=pair.mentee.user,
            cohort=cohort,
            token=invitation_token(),
            emailed_on=distribution.opens_on,
            answered=n % 5 == 0,
        )
        for n, pair in enumerate(pairs)
    )
    rng = random.Random(31)
    likert = list(questionnaire.questions.filter(kind=Question.Kind.LIKERT))
    answers: list[Answer] = []
    for _n in range(0, len(pairs), 5):
        response = Response.objects.create(
            distribution=distribution, cohort=cohort, modality=cohort.modality, role="mentee"
        )
        answers.extend(
            Answer(response=response, question=q, number=rng.choice([3, 4, 4, 5])) for q in likert
        )
    Answer.objects.bulk_create(answers)
