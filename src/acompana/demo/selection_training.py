"""The demo program's selection and induction: a call for mentors for 2021 with reviewed
applications (one admitted), and an induction plan per cohort. The 2019 and 2020 sessions
were in person and the 2021 ones virtual; mentors rated the virtual ones lower on clarity and
usefulness, new mentors most of all, as the Peru study reports. Each cohort has the default
readiness checklist: its first item is signed from the attendance of the five modules, the
others by the trainer, so that the mentors who attended every module are ready and those who
missed a session are not."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from acompana.accounts.models import User
from acompana.demo import data
from acompana.people.selectors import novice_flags_in
from acompana.programs.models import Program
from acompana.selection.models import Application, Call, Evidence
from acompana.selection.services import application_decide, call_create, review_save
from acompana.training.models import ReadinessItem, TrainingPlan, TrainingSession
from acompana.training.selectors import readiness_mentors, session_mentors
from acompana.training.services import (
    attendance_record,
    feedback_submit,
    groups_make,
    plan_create,
    readiness_item_set_modules,
    readiness_items_default,
    readiness_sign,
    session_create,
)

CALL_TITLE = "Convocatoria de mentores 2021"
# Rosa Quispe (mentor 1A of Table 3, who served only in 2021) applied to this call with the
# profile of Table 3, and was admitted; the other candidates are new to the program.
# local part, first name, last name, degree, teaching, management, accompaniment,
# technical assistance, programs served, region, languages
CANDIDATES = [
    ("mentor-1a", "Rosa", "Quispe Huamán", "licensed", 5, "0", True, True, 1, "Cusco",
     ["es", "qu"]),
    ("candidate-1", "Fredy", "Choque Ticona", "licensed", 12, "2", True, False, 0, "Puno",
     ["es", "ay"]),
    ("candidate-2", "Maribel", "Sánchez Oré", "licensed", 9, "0", True, False, 0, "Ayacucho",
     ["es", "qu"]),
    ("candidate-3", "Hernán", "Palomino Vera", "doctorate", 22, "8", False, True, 2, "Apurímac",
     ["es"]),
    ("candidate-4", "Delia", "Cárdenas Rojas", "bachelor", 6, "1", False, False, 0,
     "Huancavelica", ["es", "qu"]),
    ("candidate-5", "Alfredo", "Zúñiga Laura", "licensed", 8, "1.5", True, False, 0, "Cusco",
     ["es"]),
]  # fmt: skip
MOTIVATIONS = [
    "Acompañé a directivos en mi UGEL y quiero aportar a una mentoría sistemática.",
    "Quiero compartir lo aprendido en la gestión de una escuela multigrado.",
    "Me interesa fortalecer el liderazgo pedagógico en escuelas rurales.",
]
# Panel scores (0-4) of the two reviewers; candidate-2 shows a clear disagreement.
PANEL = {
    "mentor-1a": ({"openness": 4, "empathy": 4, "motivation": 4, "communication": 3},
                  {"openness": 4, "empathy": 3, "motivation": 4, "communication": 4}),
    "candidate-1": ({"openness": 3, "empathy": 3, "motivation": 3, "communication": 3},
                  {"openness": 3, "empathy": 3, "motivation": 2, "communication": 3}),
    "candidate-2": ({"openness": 4, "empathy": 4, "motivation": 4, "communication": 4},
                  {"openness": 1, "empathy": 2, "motivation": 1, "communication": 2}),
    "candidate-3": ({"openness": 1, "empathy": 2, "motivation": 2, "communication": 2},
                  {"openness": 1, "empathy": 1, "motivation": 2, "communication": 2}),
    "candidate-4": ({"openness": 2, "empathy": 3, "motivation": 2, "communication": 2},
                  {"openness": 3, "empathy": 2, "motivation": 2, "communication": 2}),
    "candidate-5": ({"openness": 3, "empathy": 3, "motivation": 2, "communication": 3},
                  {"openness": 2, "empathy": 3, "motivation": 3, "communication": 2}),
}  # fmt: skip
ADMITTED = "mentor-1a"  # Rosa Quispe (1A, Table 3) was new in 2021
MODULES = [
    ("Enfoque de la mentoría a directivos", TrainingSession.Module.THEORY),
    ("Juego de roles: la reunión de reflexión", TrainingSession.Module.ROLE_PLAY),
    ("Instrumentos de observación y rúbricas", TrainingSession.Module.INSTRUMENTS),
    ("El cuaderno de campo", TrainingSession.Module.FIELD_NOTEBOOK),
    ("Habilidades blandas: escucha y retroalimentación", TrainingSession.Module.SOFT_SKILLS),
]
READINESS_EVIDENCE = "Revisado por la formadora al cierre de la inducción"
COMMENTS = {
    "in_person": ["Muy práctico, el juego de roles ayudó mucho.", "Buen ritmo y ejemplos claros."],
    "virtual": [
        "La conexión se cortó varias veces; perdí parte de la explicación.",
        "Faltó practicar; en la pantalla es difícil participar.",
    ],
}


def _pdf(title: str) -> bytes:
    """A tiny but well-formed one-page PDF."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\n"
    out += b"startxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return out


def _staff(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{data.DOMAIN}").first()


def _selection_load(*, program: Program, cohort: Any, coordinator: Any, trainer: Any) -> None:
    if Call.objects.filter(program=program, title=CALL_TITLE).exists():
        return
    call = call_create(
        program=program,
        cohort=cohort,
        title=CALL_TITLE,
        opens_on=datetime.date(2021, 1, 11),
        closes_on=datetime.date(2021, 2, 12),
        actor=coordinator,
    )
    password = coordinator.password if coordinator is not None else "!"
    applications = {}
    for index, row in enumerate(CANDIDATES):
        local, first, last, degree, teaching, management, accompaniment, assistance = row[:8]
        served, region, languages = row[8:]
        user, _created = User.objects.update_or_create(
            email=f"{local}@{data.DOMAIN}",
            defaults={"first_name": first, "last_name": last, "preferred_language": "es"},
        )
        if user.password != password:
            user.password = password
            user.save(update_fields=["password"])
        # The call closed in 2021, so the applications are created as they were submitted
        # then (the service only accepts them while the call is open).
        application = Application.objects.create(
            call=call,
            candidate=user,
            highest_degree=degree,
            teaching_years=Decimal(teaching),
            management_years=Decimal(management),
            accompaniment_experience=accompaniment,
            technical_assistance=assistance,
            programs_served=served,
            region=region,
            languages=languages,
            motivation=MOTIVATIONS[index % len(MOTIVATIONS)],
            references=f"Especialista de la UGEL {region}",
        )
        Evidence.objects.create(
            application=application,
            file=SimpleUploadedFile(
                f"titulo-{local}.pdf",
                _pdf(f"Titulo profesional - {first} {last}"),
                content_type="application/pdf",
            ),
            original_name=f"titulo-{local}.pdf",
            kind=Evidence.Kind.DEGREE,
        )
        applications[local] = application
    reviewers = [r for r in (coordinator, trainer) if r is not None]
    for local, panels in PANEL.items():
        for reviewer, scores in zip(reviewers, panels, strict=False):
            review_save(
                application=applications[local],
                reviewer=reviewer,
                scores={code: float(value) for code, value in scores.items()},
                comment="Entrevista realizada por videollamada.",
            )
    application_decide(
        application=applications[ADMITTED],
        status=Application.Status.ADMITTED,
        reason="Primer puesto: experiencia en gestión y acompañamiento, panel unánime.",
        actor=coordinator,
    )
    for local in ("candidate-4",):
        application_decide(
            application=applications[local],
            status=Application.Status.DECLINED,
            reason="Puntaje por debajo del mínimo de la convocatoria.",
            actor=coordinator,
        )


def _rating(rng: random.Random, *, virtual: bool, new: bool) -> dict[str, int]:
    if not virtual:
        base = {"clarity": 4.5, "usefulness": 4.6, "pace": 4.0, "participation": 4.4}
    else:
        drop = 1.6 if new else 0.8
        base = {
            "clarity": 4.2 - drop,
            "usefulness": 4.3 - drop,
            "pace": 3.6 - drop / 2,
            "participation": 3.8 - drop,
        }
    return {
        key: max(1, min(5, round(value + rng.uniform(-0.5, 0.5)))) for key, value in base.items()
    }


def _training_load(*, program: Program, cohorts: dict[int, Any], trainer: Any) -> None:
    if TrainingPlan.objects.filter(program=program).exists():
        return
    rng = random.Random(2020)
    for year, cohort in sorted(cohorts.items()):
        virtual = year >= 2021
        modality = (
            TrainingSession.Modality.VIRTUAL if virtual else TrainingSession.Modality.IN_PERSON
        )
        plan = plan_create(
            program=program,
            cohort=cohort,
            title=f"Inducción de mentores {year}",
            induction=True,
            days_before_field_work=14,
            actor=trainer,
        )
        checklist = _readiness_checklist(cohort=cohort)
        # Sessions in February and March: they end well before the first round (April).
        for index, (title, module) in enumerate(MODULES):
            day = datetime.date(year, 2, 15) + datetime.timedelta(days=7 * index)
            session = session_create(
                plan=plan,
                title=title,
                module=module,
                modality=modality,
                starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
                duration_minutes=120 if virtual else 240,
                trainer=trainer,
                materials="Presentación y guía del participante"
                + (" (enlace de videoconferencia)" if virtual else " (aula de la UGEL)"),
                actor=trainer,
            )
            invited = list(session_mentors(session=session))
            if not invited:
                continue
            present = [m for m in invited if rng.random() > (0.2 if virtual else 0.08)] or invited
            attendance_record(session=session, present=[m.pk for m in present], actor=trainer)
            if len(present) >= 2:
                groups_make(
                    session=session,
                    min_size=2,
                    max_size=4,
                    seed=year * 10 + index,
                    actor=trainer,
                )
            novice = novice_flags_in(cohort=plan.cohort, mentor_ids=[m.pk for m in present])
            for mentor in present:
                scores = _rating(rng, virtual=virtual, new=novice[mentor.pk])
                feedback_submit(
                    session=session,
                    mentor=mentor,
                    comment=rng.choice(COMMENTS[modality]),
                    actor=mentor.user,
                    **scores,
                )
        _readiness_signed(cohort=cohort, items=checklist[1:], trainer=trainer)


def _readiness_checklist(*, cohort: Any) -> list[ReadinessItem]:
    """The default checklist, its first item ("attended the induction modules") signed from
    the attendance of the five modules as attendance is recorded."""
    items = readiness_items_default(cohort=cohort, actor=_staff("coordinator"))
    readiness_item_set_modules(
        item=items[0], modules=[module for _title, module in MODULES], actor=_staff("coordinator")
    )
    return items


def _readiness_signed(*, cohort: Any, items: list[ReadinessItem], trainer: Any) -> None:
    """The trainer signs the other items for every mentor of the cohort: those who attended
    every module are ready; those who missed a session still miss the first item."""
    for mentor in readiness_mentors(cohort=cohort):
        for item in items:
            readiness_sign(item=item, mentor=mentor, evidence=READINESS_EVIDENCE, actor=trainer)


def demo_selection_training_load(*, program: Program, cohorts: dict[int, Any]) -> None:
    """Add the selection and the induction once (nothing is added if they already exist)."""
    coordinator = _staff("coordinator")
    trainer = _staff("trainer")
    if 2021 in cohorts:
        _selection_load(
            program=program, cohort=cohorts[2021], coordinator=coordinator, trainer=trainer
        )
    _training_load(program=program, cohorts=cohorts, trainer=trainer)
