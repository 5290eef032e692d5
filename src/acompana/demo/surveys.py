"""The demo program's surveys: the four shipped templates, an induction feedback survey for
each cohort, and a mentee satisfaction survey, all anonymous and answered.

The answers follow the Peru study: the in-person inductions of 2019 and 2020 (role-play, the
field notebook, instruments) were meaningful; the virtual induction of 2021 was "dense and
heavy" and expository, and the mentors new that year felt lost and turned to experienced
colleagues. Deterministic (one seed per survey) and idempotent: a survey already there is
left as it is. Rows are written directly (the surveys are closed, and no email is sent).
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from acompana.accounts.models import Role
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.selectors import novice_flags_in
from acompana.programs.models import Cohort, Program
from acompana.surveys.defaults import TEMPLATES
from acompana.surveys.models import Answer, Distribution, Invitation, Questionnaire, Response
from acompana.surveys.services import invitation_token, questionnaire_from_template

INDUCTION_TEXTS = {
    "in_person": [
        "El juego de roles me dio seguridad para el diálogo reflexivo.",
        "Aprender a usar el cuaderno de campo fue lo más valioso.",
        "Nos dijeron 'créanselo, son mentores', y nos lo creímos.",
        "Más días de práctica con los instrumentos antes de salir al campo.",
    ],
    "virtual": [
        "Fue denso y pesado: demasiadas horas frente a la cámara.",
        "En la sala principal hablaban los mentores antiguos; los nuevos solo escuchábamos.",
        "Tuve que buscar a mentoras con más experiencia para que me explicaran.",
        "Grupos más pequeños y tiempo para practicar, no solo exposiciones.",
    ],
}
SATISFACTION_TEXTS = [
    "Que me escucha primero y me transmite tranquilidad.",
    "Las preguntas que me hace me obligan a pensar en mis evidencias.",
    "Aunque la señal falle, siempre encuentra la manera de comunicarse.",
    "Me siento acompañada en la gestión.",
    "Los compromisos me ayudan a ordenar el trabajo con los docentes.",
]


def _questionnaires(program: Program) -> dict[str, Questionnaire]:
    found = {}
    for key in TEMPLATES:
        existing = Questionnaire.objects.filter(program=program, template_key=key, version=1)
        found[key] = existing.first() or questionnaire_from_template(
            program=program, key=key, actor=None
        )
    return found


def _answer_rows(
    questionnaire: Questionnaire, response: Response, pick: Callable[[Any], Any]
) -> list[Answer]:
    rows = []
    for question in questionnaire.questions.prefetch_related("options"):
        value = pick(question)
        if value is None or value == "" or value == []:
            continue
        if question.kind in {"likert", "number"}:
            rows.append(Answer(response=response, question=question, number=Decimal(value)))
        elif question.kind == "text":
            rows.append(Answer(response=response, question=question, text=value))
        else:
            options = list(question.options.all())
            chosen = value if isinstance(value, list) else [value]
            rows.extend(
                Answer(response=response, question=question, option=options[i]) for i in chosen
            )
    return rows


def _survey(
    *,
    program: Program,
    questionnaire: Questionnaire,
    cohort: Cohort,
    role: str,
    trigger: str,
    opens_on: datetime.date,
    people: list[Any],
    answer: Callable[[Any, Any, random.Random], Any],
    seed: int,
) -> Distribution:
    """A closed, anonymous survey: every person invited; those for whom ``answer`` gives a
    picker answer, the rest do not."""
    existing = Distribution.objects.filter(
        program=program, questionnaire=questionnaire, cohort=cohort, trigger=trigger
    ).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    distribution = Distribution.objects.create(
        program=program,
        questionnaire=questionnaire,
        cohort=cohort,
        role=role,
        trigger=trigger,
        anonymous=True,
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=14),
    )
    answers: list[Answer] = []
    for person in people:
        pick = answer(person, questionnaire, rng)
        Invitation.objects.create(
            distribution=distribution,
            user=person.user,
            cohort=cohort,
            token=invitation_token(),
            emailed_on=opens_on,
            answered=pick is not None,
        )
        if pick is None:
            continue
        response = Response.objects.create(
            distribution=distribution, cohort=cohort, modality=cohort.modality, role=role
        )
        answers.extend(_answer_rows(questionnaire, response, pick))
    Answer.objects.bulk_create(answers)
    return distribution


def _induction_answer(cohort: Cohort) -> Callable[[MentorProfile, Any, random.Random], Any]:
    virtual = cohort.modality == "virtual"
    novices = novice_flags_in(cohort=cohort)  # new mentors in that cohort (people.selectors)

    def answer(mentor: MentorProfile, questionnaire: Any, rng: random.Random) -> Any:
        if rng.random() < 0.1:
            return None  # did not answer
        novice = virtual and novices.get(mentor.pk, True)
        base = 2 if novice else (3 if virtual else 4)
        texts = INDUCTION_TEXTS["virtual" if virtual else "in_person"]

        def pick(question: Any) -> Any:
            if question.kind == "likert":
                return max(1, min(5, base + rng.choice([0, 0, 1, -1 if virtual else 1])))
            if question.kind == "single":
                return 0 if virtual and rng.random() < 0.7 else 1
            if question.kind == "multiple":
                return [0, 4] if virtual else [1, 3]
            if question.kind == "number":
                return rng.randint(2, 4) if novice else rng.randint(0, 1)
            return rng.choice(texts) if rng.random() < 0.6 else ""

        return pick

    return answer


def _satisfaction_answer(mentee: MenteeProfile, questionnaire: Any, rng: random.Random) -> Any:
    if rng.random() < 0.2:
        return None

    def pick(question: Any) -> Any:
        if question.kind == "likert":
            return rng.choice([3, 4, 4, 5, 5])
        if question.kind == "single":
            return rng.choice([1, 1, 2, 3])  # mostly video calls and phone in 2021
        if question.kind == "number":
            return rng.randint(6, 10)
        return rng.choice(SATISFACTION_TEXTS) if rng.random() < 0.5 else ""

    return pick


def demo_surveys_load(*, program: Program, cohorts: dict[int, Cohort]) -> None:
    """Load (once) the demo program's questionnaires and answered surveys."""
    questionnaires = _questionnaires(program)
    for year, cohort in sorted(cohorts.items()):
        mentors = list(cohort.mentors.filter(program=program).order_by("code"))
        _survey(
            program=program,
            questionnaire=questionnaires["mentor_induction"],
            cohort=cohort,
            role=Role.MENTOR,
            trigger=Distribution.Trigger.AFTER_INDUCTION,
            opens_on=(cohort.starts_on or datetime.date(year, 4, 1)),
            people=mentors,
            answer=_induction_answer(cohort),
            seed=year,
        )
    latest = cohorts[max(cohorts)]
    mentees = list(latest.mentees.filter(program=program).order_by("code"))
    _survey(
        program=program,
        questionnaire=questionnaires["mentee_satisfaction"],
        cohort=latest,
        role=Role.MENTEE,
        trigger=Distribution.Trigger.END_OF_PROGRAM,
        opens_on=(latest.ends_on or datetime.date(latest.year, 12, 1))
        - datetime.timedelta(days=20),
        people=mentees,
        answer=_satisfaction_answer,
        seed=7,
    )
