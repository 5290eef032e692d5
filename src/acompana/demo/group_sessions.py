"""The demo program's group sessions and informal meetings, as the Peru study tells them.

* 2019 and 2020 (in person): a week together in Lima before field work (long daily group
  counseling sessions), then a weekly afternoon of peer exchange on Fridays, a day the mentors
  kept free of visits; one of the 2020 Fridays became a case review.
* 2021 (virtual): one short video briefing on the protocol before each round, on a single day.
* Informal meetings: the mentors new in 2020 sought those of 2019; in 2021 the novice 1A met
  four colleagues at different times ("I met with 4 female mentors at different times").

Deterministic (fixed dates and a seeded generator) and idempotent: nothing is added if the
program already has group sessions.
"""

import datetime
import random
from typing import Any

from django.utils import timezone

from acompana.accounts.models import Role, User
from acompana.common.choices import MeetingMode
from acompana.group_sessions import services
from acompana.group_sessions.models import GroupSession, Kind
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.visits.models import Round, Visit

LIMA_WEEK_TOPICS = [
    "Nos presentamos: trayectorias y expectativas del acompañamiento",
    "Dificultades de las primeras visitas: el director a la defensiva",
    "El cuaderno de campo: qué registrar y cómo sistematizar",
    "Juego de roles: el diálogo reflexivo",
    "Acuerdos del equipo y calendario de visitas",
]
INFORMAL = [
    # year, month, day, novice (logs it), peers, mode, topic, learnt
    (2019, 6, 14, "4D", ["8H"], MeetingMode.IN_PERSON,
     "Registrar evidencias en el cuaderno de campo", "Anotar hechos antes que interpretaciones"),
    (2020, 5, 8, "3C", ["4D"], MeetingMode.IN_PERSON, "Cómo usar los instrumentos de observación",
     "Observar con la rúbrica y conversar con evidencias"),
    (2020, 5, 22, "2B", ["8H"], MeetingMode.PHONE, "Preparar la primera reunión con el director",
     "Empezar por escuchar las preocupaciones del director"),
    (2020, 6, 5, "7G", ["4D"], MeetingMode.IN_PERSON, "Compromisos que sí se cumplen",
     "Pocos compromisos, con fecha y evidencia"),
    (2020, 6, 19, "5E", ["8H", "4D"], MeetingMode.IN_PERSON, "Preguntas reflexivas",
     "Preguntar por los aprendizajes de los estudiantes"),
    (2021, 4, 9, "1A", ["3C"], MeetingMode.VIDEO, "Cómo llenar el cuaderno de campo virtual",
     "Registrar también las condiciones de conexión"),
    (2021, 4, 23, "1A", ["5E"], MeetingMode.PHONE, "El diagnóstico: qué instrumentos usar",
     "No aplicar todos los instrumentos en la primera visita"),
    (2021, 5, 14, "1A", ["7G"], MeetingMode.VIDEO, "El diálogo reflexivo por videollamada",
     "Enviar la agenda antes y cerrar con un compromiso"),
    (2021, 6, 11, "1A", ["4D"], MeetingMode.MESSAGING, "Reprogramar visitas por la conectividad",
     "Acordar con el director un horario con señal"),
    (2021, 7, 2, "6F", ["8H"], MeetingMode.VIDEO, "Acompañar a un director nuevo",
     "Conocer primero el contexto de la comunidad"),
]  # fmt: skip


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _attend(rng: random.Random, session: GroupSession, rate: float, actor: User) -> None:
    invited = list(session.attendances.order_by("mentor__code").values_list("mentor", flat=True))
    present = {pk for pk in invited if rng.random() < rate}
    services.attendance_record(session=session, present=present, actor=actor)


def _in_person_year(
    rng: random.Random,
    program: Program,
    cohort: Any,
    year: int,
    coordinator: User,
    specialists: list[User],
) -> None:
    first_monday = datetime.date(year, 3, 16) + datetime.timedelta(
        days=(0 - datetime.date(year, 3, 16).weekday()) % 7
    )
    for day, topic in enumerate(LIMA_WEEK_TOPICS):
        session = services.session_create(
            program=program,
            cohort=cohort,
            kind=Kind.COUNSELING,
            title=f"Semana de consejería en Lima · {topic}",
            agenda=topic,
            starts_at=_at(first_monday + datetime.timedelta(days=day), 9),
            duration_minutes=360,
            mode=MeetingMode.IN_PERSON,
            facilitator=specialists[day % len(specialists)],
            place="Lima, sede del programa",
            actor=coordinator,
        )
        _attend(rng, session, 0.95, coordinator)
    services.session_update(
        session=session,
        kind=session.kind,
        title=session.title,
        agenda=session.agenda,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        mode=session.mode,
        facilitator=session.facilitator,
        place=session.place,
        round=None,
        notes="Los mentores con más experiencia compartieron cómo organizan sus visitas.",
        agreements="Reunirnos los viernes por la tarde y no programar visitas ese día.",
        actor=coordinator,
    )
    series = services.series_create(
        program=program,
        cohort=cohort,
        kind=Kind.PEER_EXCHANGE,
        title="Intercambio entre mentores de los viernes",
        weekday=4,
        time=datetime.time(15),
        duration_minutes=240,
        mode=MeetingMode.IN_PERSON,
        starts_on=datetime.date(year, 4, 20),
        occurrences=8,
        facilitator=coordinator,
        place="UGEL, sala de reuniones",
        agenda="Dificultades de la semana y buenas prácticas",
        actor=coordinator,
    )
    for session in series.sessions.order_by("starts_at"):
        _attend(rng, session, 0.85, coordinator)
    if year == 2020:
        _case_review(program, series.sessions.order_by("starts_at")[4], coordinator)


def _case_review(program: Program, session: GroupSession, coordinator: User) -> None:
    """One Friday of 2020 became a case review: only that session changes."""
    services.session_update(
        session=session,
        kind=Kind.CASE_REVIEW,
        title="Revisión de casos de la ronda 1",
        agenda="Dos casos de la ronda de diagnóstico",
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        mode=session.mode,
        facilitator=session.facilitator,
        place=session.place,
        round=None,
        notes="Se discutieron dos casos de directores con mucha carga administrativa.",
        agreements="Priorizar dos visitas de aula al mes con cada director.",
        actor=coordinator,
    )
    attending = session.attendances.filter(present=True).order_by("mentor__code")
    for attendance in attending[:2]:
        visit = (
            Visit.objects.filter(
                program=program,
                mentor_id=attendance.mentor_id,
                status=Visit.Status.DONE,
                scheduled_at__lt=session.starts_at,
            )
            .order_by("scheduled_at", "pk")
            .first()
        )
        if visit is not None:
            services.case_add(session=session, visit=visit, actor=coordinator)


def _virtual_year(rng: random.Random, program: Program, cohort: Any, coordinator: User) -> None:
    """2021: a short video briefing on the protocol on the day before each round."""
    for round_ in Round.objects.filter(program=program, cohort=cohort).order_by("starts_on"):
        session = services.session_create(
            program=program,
            cohort=cohort,
            kind=Kind.PROTOCOL_BRIEFING,
            title=f"Socialización del protocolo · {round_.name}",
            agenda="Protocolo e instrumentos de la ronda; preguntas",
            starts_at=_at(round_.starts_on - datetime.timedelta(days=1), 9),
            duration_minutes=120,
            mode=MeetingMode.VIDEO,
            facilitator=coordinator,
            place="Zoom",
            round=round_,
            actor=coordinator,
        )
        _attend(rng, session, 0.9, coordinator)


def demo_group_sessions_load(*, program: Program, cohorts: dict[int, Any]) -> None:
    """Add the group sessions and informal meetings once."""
    if GroupSession.objects.filter(program=program).exists():
        return
    rng = random.Random(7)
    coordinator = User.objects.filter(
        memberships__program=program, memberships__role=Role.COORDINATOR
    ).order_by("email")[0]
    specialists = list(
        User.objects.filter(
            memberships__program=program, memberships__role=Role.SPECIALIST
        ).order_by("email")
    )
    for year in (2019, 2020):
        _in_person_year(rng, program, cohorts[year], year, coordinator, specialists)
    _virtual_year(rng, program, cohorts[2021], coordinator)
    mentors = {m.code: m for m in MentorProfile.objects.filter(program=program)}
    for year, month, day, novice, peers, mode, topic, learnt in INFORMAL:
        services.informal_meeting_log(
            program=program,
            logged_by=mentors[novice],
            participants=[mentors[p] for p in peers],
            met_on=datetime.date(year, month, day),
            mode=mode,
            topic=topic,
            learnt=learnt,
            actor=mentors[novice].user,
        )
