"""The demo program's study "Formación de mentores de directivos" (slug ``formacion-mentores``).

The demo researcher is its lead member (code name INV1, no identity access); a second demo
researcher (researcher-2@demo.example.org, INV2) coded three transcripts independently so that
agreement can be shown; the coordinator sees identities through their role. The eight mentors
are enrolled as participants 1A to 8H with attributes from their profiles, each with an
interview (following the guide) and a transcript written for the demo, coded with the Table 2
codebook. Deterministic and idempotent: loading again changes nothing.
"""

import datetime

from django.db import transaction

from acompana.accounts.models import Membership, Role, User
from acompana.demo import data
from acompana.demo.research_transcripts import CODINGS_INV1, CODINGS_INV2, TRANSCRIPTS
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.research import services
from acompana.research.models import (
    Code,
    Document,
    Interview,
    InterviewGuide,
    Memo,
    Participant,
    Study,
    StudyMember,
)

SLUG = "formacion-mentores"
TITLE = "Formación de mentores de directivos"
SECOND_CODER = ("researcher-2", "Tomás", "Herrera Quispe")
GUIDE_TITLE = "Guía de entrevista semiestructurada a mentores"
GUIDE = [
    {
        "title": "Trayectoria profesional",
        "questions": [
            "¿Podría contarme su trayectoria profesional antes de ser mentor o mentora?",
            "¿Ha ejercido cargos directivos? ¿Cuánto tiempo?",
            "¿Ha trabajado como formador o en asistencia técnica a directivos?",
        ],
    },
    {
        "title": "Inducción",
        "questions": [
            "¿Cómo fue su inducción como mentor o mentora?",
            "¿Qué diferencias notó entre la inducción presencial y la virtual?",
            "¿Qué significó para usted esa formación?",
        ],
    },
    {
        "title": "Acompañamiento",
        "questions": [
            "¿Cómo acompaña a los directivos? ¿En qué temas trabaja con ellos?",
            "¿Quién le acompañó a usted durante el programa y cómo?",
        ],
    },
    {
        "title": "Asesoría grupal",
        "questions": [
            "¿Cómo eran las asesorías grupales entre mentores?",
            "¿Se reunía con otros mentores fuera de los espacios del programa?",
        ],
    },
]
MEMOS = [
    (
        "Primeras impresiones",
        "Los mentores sin experiencia directiva compensan con formación pedagógica y con redes "
        "informales entre pares; contrastar con los años de docencia del perfil.",
        None,
    ),
    (
        "Alcance del código",
        "Incluye tanto el temor inicial como las estrategias para suplir la falta de cargo.",
        "Mentores sin experiencia directiva",
    ),
    (
        "Inducción virtual",
        "La inducción de 2021 aparece en casi todas las entrevistas como punto de quiebre.",
        "Diferencias en la inducción de nuevos mentores",
    ),
]


def _second_coder(program: Program, password_hash: str) -> User:
    local, first, last = SECOND_CODER
    user, _created = User.objects.update_or_create(
        email=f"{local}@{data.DOMAIN}",
        defaults={"first_name": first, "last_name": last, "preferred_language": "es"},
    )
    if password_hash and user.password != password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, program=program, role=Role.RESEARCHER)
    return user


def _member(study: Study, user: User, code_name: str, lead: bool) -> StudyMember:
    member = StudyMember.objects.filter(study=study, user=user).first()
    if member is None:
        member = services.study_member_add(study=study, actor=None, user=user, code_name=code_name)
    if member.is_lead != lead:
        member.is_lead = lead
        member.save(update_fields=["is_lead"])
    return member


def _code(study: Study, name: str) -> Code:
    return Code.objects.get(study=study, name=name, parent__isnull=False)


def _code_passages(
    study: Study, document: Document, user: User, codings: list[tuple[str, str]]
) -> None:
    for passage, code_name in codings:
        start = document.text.index(passage)
        services.segment_code(
            document=document,
            actor=user,
            start=start,
            end=start + len(passage),
            codes=[_code(study, code_name)],
        )


@transaction.atomic
def demo_research_load(*, program: Program, password_hash: str = "") -> Study:
    """Create or complete the demo study; return it."""
    researcher = User.objects.get(email=f"researcher@{data.DOMAIN}")
    second = _second_coder(program, password_hash)
    study = Study.objects.filter(program=program, slug=SLUG).first()
    if study is None:
        study = services.study_create(
            program=program,
            actor=None,
            title=TITLE,
            slug=SLUG,
            questions="¿Cómo se forman los mentores de directivos antes y durante la mentoría? "
            "¿Qué diferencia a los mentores con y sin experiencia directiva?",
            method="Enfoque cualitativo, método fenomenológico hermenéutico. Entrevistas "
            "semiestructuradas por videollamada a ocho mentores con consentimiento informado; "
            "categorías a priori y emergentes; triangulación con el análisis documental de sus "
            "perfiles.",
            ethics_reference="CEI-DEMO-2021-014",
            consent_text="Acepto participar en la entrevista, que será grabada y transcrita. Mi "
            "identidad se protegerá con un nombre en clave.",
        )
    services.codebook_load_table2(study=study, actor=None)
    lead = _member(study, researcher, "INV1", lead=True)
    _member(study, second, "INV2", lead=False)
    guide = InterviewGuide.objects.filter(study=study, title=GUIDE_TITLE).first()
    if guide is None:
        guide = services.guide_save(study=study, actor=None, title=GUIDE_TITLE, sections=GUIDE)

    mentors = MentorProfile.objects.filter(program=program).order_by("code")
    for day, mentor in enumerate(mentors, start=3):
        participant = Participant.objects.filter(study=study, code_name=mentor.code).first()
        if participant is None:
            participant = services.participant_enrol(
                study=study,
                actor=None,
                code_name=mentor.code,
                consent_date=datetime.date(2021, 10, 25),
                consent_version="v1",
                mentor=mentor,
            )
        text = TRANSCRIPTS.get(mentor.code)
        if text is None:
            continue
        held_on = datetime.date(2021, 11, day)
        interview, _created = Interview.objects.get_or_create(
            study=study,
            participant=participant,
            held_on=held_on,
            defaults={
                "mode": Interview.Mode.VIDEO,
                "duration_minutes": 40 + (day * 7) % 25,
                "interviewer": lead,
                "guide": guide,
            },
        )
        name = f"Entrevista {mentor.code}"
        document = Document.objects.filter(study=study, name=name).first()
        if document is not None and document.text != text:
            document.delete()  # the demo text changed: load it and its codings again
            document = None
        if document is None:
            document = services.document_add(
                study=study,
                actor=researcher,
                name=name,
                text=text,
                kind=Document.Kind.TRANSCRIPT,
                participant=participant,
                interview=interview,
            )
        _code_passages(study, document, researcher, CODINGS_INV1.get(mentor.code, []))
        _code_passages(study, document, second, CODINGS_INV2.get(mentor.code, []))

    for title, text, code_name in MEMOS:
        if not Memo.objects.filter(study=study, title=title).exists():
            services.memo_write(
                study=study,
                actor=researcher,
                title=title,
                text=text,
                code=_code(study, code_name) if code_name else None,
            )
    first = Participant.objects.filter(study=study, code_name="1A").first()
    if first and not Memo.objects.filter(study=study, participant=first).exists():
        services.memo_write(
            study=study,
            actor=researcher,
            title="1A y su pareja 8H",
            text="Triangular con el registro de reuniones entre pares (8H como mentor de apoyo).",
            participant=first,
        )
    return study
