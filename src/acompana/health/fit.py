"""The pairing-fit question: after a pair's first done visit, a short named survey (three Likert
items and an open question, in Spanish and English) to the mentor and to the mentee, once per
pair and side, through the surveys engine (one named distribution per program and side,
"Pairing fit", with an invitation per pair pointing at the pair's first done visit).

Poor fit: any of the three Likert answers at 2 or below (of 5). A pair with a poor answer from
either side is on the health page's ``refit`` list ("consider re-matching").

The engine keeps, for a named response, the respondent but not the invitation. So that each
response belongs to one pair, a person has at most one unanswered fit invitation at a time: a
mentor with several new pairs is asked about the next one once they answered the previous one.
``fit_collect`` links each answered invitation to its person's one response not yet linked.

``fit_tick`` (``acompana health_tick``, run it like the reminders) collects, then sends.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from acompana.accounts.models import Role
from acompana.health.models import FitCheck
from acompana.people.models import Partnership
from acompana.programs.models import Program
from acompana.surveys.models import Answer, Distribution, Invitation, Question, Questionnaire
from acompana.surveys.models import Response as SurveyResponse
from acompana.surveys.services import invitation_token
from acompana.visits.models import Visit

FIT_KEY = "pairing_fit"
POOR_AT_MOST = 2
BATCH = 500
SIDES = (Role.MENTOR, Role.MENTEE)

FIT_QUESTIONNAIRE: dict[str, Any] = {
    "title_es": "Ajuste de la pareja de mentoría",
    "title_en": "Pairing fit",
    "description_es": "Tres preguntas breves después de la primera visita realizada.",
    "description_en": "Three short questions after your first visit together.",
    "questions": [
        (
            Question.Kind.LIKERT,
            "Nos comunicamos bien y con confianza.",
            "We communicate well and with trust.",
            True,
        ),
        (
            Question.Kind.LIKERT,
            "Nuestros objetivos y expectativas coinciden.",
            "Our goals and expectations match.",
            True,
        ),
        (
            Question.Kind.LIKERT,
            "Quiero seguir trabajando con esta pareja.",
            "I want to keep working with this partner.",
            True,
        ),
        (
            Question.Kind.TEXT,
            "¿Algo que la coordinación deba saber sobre esta pareja?",
            "Anything the coordination should know about this pairing?",
            False,
        ),
    ],
}


def fit_questionnaire(*, program: Program) -> Questionnaire:
    """The program's pairing-fit questionnaire, made from the shipped one on first use."""
    found = Questionnaire.objects.filter(program=program, template_key=FIT_KEY).first()
    if found is not None:
        return found
    spec = FIT_QUESTIONNAIRE
    questionnaire = Questionnaire.objects.create(
        program=program,
        title_es=spec["title_es"],
        title_en=spec["title_en"],
        description_es=spec["description_es"],
        description_en=spec["description_en"],
        template_key=FIT_KEY,
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            position=n,
            kind=kind,
            text_es=es,
            text_en=en,
            required=required,
        )
        for n, (kind, es, en, required) in enumerate(spec["questions"], start=1)
    )
    return questionnaire


def fit_distribution(*, program: Program, role: str, today: datetime.date) -> Distribution:
    questionnaire = fit_questionnaire(program=program)
    found = Distribution.objects.filter(questionnaire=questionnaire, role=role).first()
    if found is not None:
        return found
    return Distribution.objects.create(
        program=program,
        questionnaire=questionnaire,
        role=role,
        trigger=Distribution.Trigger.MID_PROGRAM,
        anonymous=False,
        opens_on=today,
        closes_on=today + datetime.timedelta(days=3650),
    )


def _pending(role: str) -> Q:
    """A fit check of the same person still unanswered (by ``user_id`` of the outer row)."""
    return Q(invitation__answered=False, role=role)


def fit_send(*, today: datetime.date | None = None) -> int:
    """Invite each side of every active pair with a done visit and no fit check yet, unless
    that person still has a fit invitation to answer; the number of invitations made."""
    today = today or timezone.localdate()
    made = 0
    done = Visit.objects.filter(
        mentor_id=OuterRef("mentor_id"), mentee_id=OuterRef("mentee_id"), status=Visit.Status.DONE
    )
    for role in SIDES:
        person = "mentor__user_id" if role == Role.MENTOR else "mentee__user_id"
        waiting = FitCheck.objects.filter(_pending(role), invitation__user_id=OuterRef(person))
        pairs = (
            Partnership.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=today),
                paused_since__isnull=True,
            )
            .filter(Exists(done))
            .exclude(Exists(FitCheck.objects.filter(partnership=OuterRef("pk"), role=role)))
            .exclude(Exists(waiting))
            .select_related("program", "mentor__user", "mentee__user", "cohort")
            .order_by("pk")
        )
        last = 0
        asked: set[int] = set()
        while True:
            batch = list(pairs.filter(pk__gt=last)[:BATCH])
            if not batch:
                break
            last = batch[-1].pk
            for pair in batch:
                user = pair.mentor.user if role == Role.MENTOR else pair.mentee.user
                if user.pk in asked:
                    continue  # one unanswered fit invitation at a time
                asked.add(user.pk)
                made += _invite(pair, role=role, user=user, today=today)
    return made


def _invite(pair: Partnership, *, role: str, user: Any, today: datetime.date) -> int:
    first = (
        Visit.objects.filter(mentor=pair.mentor, mentee=pair.mentee, status=Visit.Status.DONE)
        .order_by("scheduled_at", "pk")
        .first()
    )
    distribution = fit_distribution(program=pair.program, role=role, today=today)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            distribution=distribution,
            user=user,
            visit=first,
            cohort=pair.cohort,
            token=invitation_token(),
        )
        FitCheck.objects.create(partnership=pair, role=role, invitation=invitation)
    from acompana.surveys.reminders import invitations_send

    pk = distribution.pk
    transaction.on_commit(lambda: invitations_send(distribution_id=pk))
    return 1


def fit_collect() -> int:
    """Link each answered fit invitation to its response and judge it; the number judged."""
    judged = 0
    open_checks = (
        FitCheck.objects.filter(response__isnull=True, invitation__answered=True)
        .select_related("invitation")
        .order_by("pk")
    )
    linked = FitCheck.objects.filter(response__isnull=False).values("response_id")
    for check in open_checks[:BATCH]:
        inv = check.invitation
        response = (
            SurveyResponse.objects.filter(
                distribution_id=inv.distribution_id, respondent_id=inv.user_id
            )
            .exclude(pk__in=linked)
            .order_by("submitted_on")
            .first()
        )
        if response is None:
            continue
        lowest = Answer.objects.filter(
            response=response, question__kind=Question.Kind.LIKERT
        ).aggregate(m=Min("number"))["m"]
        check.response = response
        check.poor = lowest is not None and lowest <= POOR_AT_MOST
        check.save(update_fields=["response", "poor"])
        judged += 1
    return judged


def fit_tick() -> dict[str, int]:
    return {"fit_judged": fit_collect(), "fit_invited": fit_send()}
