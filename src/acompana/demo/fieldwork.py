"""The demo program's field work: rounds, three years of visits, notebooks, dialogues,
commitments and rubric results. The virtual year (2021) has more visits cancelled or moved
for connectivity, as the Peru study reports."""

import datetime
import random
from typing import Any

from django.utils import timezone

from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.programs.models import Program
from acompana.visits.models import (
    Commitment,
    Dialogue,
    FieldNote,
    Instrument,
    InstrumentResponse,
    ItemAnswer,
    Round,
    StatusChange,
    Visit,
)
from acompana.visits.services import protocol_create_default

ROUNDS = [
    ("Ronda 1 · diagnóstico", 4, 5, "Presentación, observación diagnóstica y plan"),
    ("Ronda 2 · acompañamiento", 7, 8, "Visitas y reuniones de reflexión"),
    ("Ronda 3 · cierre", 10, 11, "Reportes de progreso y reunión de cierre"),
]
CONTEXTS = [
    "Llegué a la I.E. a las 8:00; la directora estaba atendiendo a padres de familia por la "
    "matrícula. Aula multigrado, 18 estudiantes.",
    "Reunión virtual: la señal se cortó dos veces; el director se conectó desde su celular en "
    "la plaza del pueblo.",
    "Día de faena comunal; la mitad de los docentes llegó tarde.",
]
EVENTS = [
    "Revisamos juntos el PAT; la directora reconoce que el monitoreo a docentes quedó de lado.",
    "Observamos una sesión de comunicación; el docente involucró a la mayoría de estudiantes.",
    "El director presentó el avance del GIA y los compromisos de la última reunión.",
]
INTERPRETATIONS = [
    "La carga administrativa desplaza el acompañamiento pedagógico; conviene priorizar dos "
    "visitas de aula al mes.",
    "Hay apertura a la reflexión; falta usar evidencias al retroalimentar.",
]
STRENGTHS = [
    "Buena relación con las familias",
    "Lidera el GIA con regularidad",
    "Conoce a sus docentes y sus necesidades",
]
IMPROVEMENTS = [
    "Monitoreo de la práctica docente con evidencias",
    "Uso del tiempo en las reuniones",
    "Seguimiento de compromisos",
]
QUESTIONS = [
    "¿Qué evidencias tiene de que los estudiantes aprendieron?",
    "¿Cómo sabría que el GIA está cambiando la práctica?",
]
COMMITMENTS = [
    "Observar dos sesiones de aula con la rúbrica",
    "Revisar el PAT con el CONEI",
    "Registrar los acuerdos del GIA",
    "Retroalimentar a dos docentes con evidencias",
]


def _at(year: int, month: int, day: int, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def demo_fieldwork_load(*, program: Program, cohorts: dict[int, Any]) -> None:
    """Add the field work once (nothing is added if the program already has visits)."""
    if Visit.objects.filter(program=program).exists():
        return
    rng = random.Random(2019)
    protocol = protocol_create_default(program=program)
    version = protocol.current
    rubric = Instrument.objects.get(program=None, slug="desempenos-directivo")
    items = list(rubric.items.order_by("position")[:6])
    mentors = list(MentorProfile.objects.filter(program=program).order_by("code"))
    mentees = list(MenteeProfile.objects.filter(program=program).order_by("code"))
    pairs: dict[int, list[tuple[MentorProfile, MenteeProfile]]] = {}
    # Earlier cohorts: the mentors who served then accompanied the first principals.
    for year in (2019, 2020):
        served = [m for m in mentors if cohorts[year] in m.cohorts.all()]
        pairs[year] = []
        for k, mentee in enumerate(mentees[: 3 * len(served)]):
            mentor = served[k % len(served)]
            mentee.cohorts.add(cohorts[year])
            Partnership.objects.get_or_create(
                program=program,
                mentor=mentor,
                mentee=mentee,
                cohort=cohorts[year],
                defaults={
                    "started_on": datetime.date(year, 4, 1),
                    "ended_on": datetime.date(year, 12, 15),
                },
            )
            pairs[year].append((mentor, mentee))
    pairs[2021] = [
        (p.mentor, p.mentee)
        for p in Partnership.objects.filter(program=program, cohort=cohorts[2021])
        .select_related("mentor", "mentee")
        .order_by("mentee__code")
    ]
    for year, year_pairs in pairs.items():
        virtual = year == 2021
        for r, (name, first_month, last_month, purpose) in enumerate(ROUNDS):
            round_ = Round.objects.create(
                program=program,
                cohort=cohorts[year],
                name=f"{name} {year}",
                purpose=purpose,
                starts_on=datetime.date(year, first_month, 1),
                ends_on=datetime.date(year, last_month, 28),
                protocol_version=version,
            )
            for mentor, mentee in year_pairs:
                _visit(
                    rng,
                    program,
                    round_,
                    mentor,
                    mentee,
                    year,
                    first_month,
                    r,
                    virtual,
                    rubric,
                    items,
                )


def _visit(
    rng: random.Random,
    program: Program,
    round_: Round,
    mentor: MentorProfile,
    mentee: MenteeProfile,
    year: int,
    month: int,
    r: int,
    virtual: bool,
    rubric: Instrument,
    items: list[Any],
) -> None:
    mode = rng.choice(["video", "phone", "messaging"]) if virtual else "in_person"
    visit = Visit.objects.create(
        program=program,
        round=round_,
        mentor=mentor,
        mentee=mentee,
        mode=mode,
        protocol_version=round_.protocol_version,
        status=Visit.Status.DONE,
        scheduled_at=_at(year, month, rng.randint(2, 27), rng.choice([8, 9, 10, 15])),
        place="" if virtual else (mentee.school.name if mentee.school else ""),
    )
    roll = rng.random()
    if roll < (0.22 if virtual else 0.04):
        reason = "connectivity" if virtual else rng.choice(["strike", "weather"])
        status = Visit.Status.CANCELLED if rng.random() < 0.5 else Visit.Status.RESCHEDULED
        StatusChange.objects.create(
            visit=visit, from_status="planned", to_status=status, reason=reason, actor=mentor.user
        )
        if status == Visit.Status.CANCELLED:
            Visit.objects.filter(pk=visit.pk).update(status=status)
            return
        StatusChange.objects.create(
            visit=visit, from_status=status, to_status="done", actor=mentor.user
        )
    elif roll < (0.27 if virtual else 0.08):
        StatusChange.objects.create(
            visit=visit,
            from_status="planned",
            to_status="cancelled",
            reason="mentee_unavailable",
            actor=mentor.user,
        )
        Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.CANCELLED)
        return
    FieldNote.objects.create(
        visit=visit,
        context=rng.choice(CONTEXTS),
        events=rng.choice(EVENTS),
        interpretation=rng.choice(INTERPRETATIONS),
        version=1,
        updated_by=mentor.user,
    )
    Dialogue.objects.create(
        visit=visit,
        opening="Recordamos los acuerdos de la visita anterior.",
        development="Analizamos la evidencia de la observación con preguntas.",
        closing="Acordamos compromisos y la fecha de la próxima visita.",
        strengths=rng.choice(STRENGTHS),
        improvements=rng.choice(IMPROVEMENTS),
        questions=rng.choice(QUESTIONS),
        summary=f"Fortaleza: {rng.choice(STRENGTHS)}. A mejorar: {rng.choice(IMPROVEMENTS)}.",
        shared_at=visit.scheduled_at + datetime.timedelta(days=1),
        version=1,
    )
    last_round = r == len(ROUNDS) - 1
    for text in rng.sample(COMMITMENTS, 2):
        open_now = year == 2021 and last_round
        Commitment.objects.create(
            visit=visit,
            mentor=mentor,
            mentee=mentee,
            text=text,
            owner="mentee",
            due_on=(visit.scheduled_at + datetime.timedelta(days=30)).date(),
            status=Commitment.Status.OPEN if open_now else rng.choice(["done", "done", "dropped"]),
        )
    response = InstrumentResponse.objects.create(
        visit=visit, instrument=rubric, created_by=mentor.user
    )
    ItemAnswer.objects.bulk_create(
        ItemAnswer(
            response=response,
            item=item,
            level=min(4, max(1, 1 + r + rng.choice([0, 0, 1, -1]))),
            evidence="Registro en el cuaderno de campo",
        )
        for item in items
    )
