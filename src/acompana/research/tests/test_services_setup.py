"""Shared set-up of the research tests (services, exchange, commands, API).

``study``: a study of the test program created by the researcher (lead member R1) with the
Table 2 codebook and the program's two mentors enrolled; the mentors have known real names
(``REAL_NAMES``) so that tests can search every output for them.
"""

import datetime

import pytest

from acompana.research import services
from acompana.research.models import Code, Document, Study

MENTOR_NAME = ("Marleny", "Yupanqui Soto")
OTHER_MENTOR_NAME = ("Óscar", "Chávez Ñaupa")
REAL_NAMES = ["Marleny", "Yupanqui", "Óscar", "Chávez", "mentor@example.org"]

TRANSCRIPT = (
    "Entrevistadora: ¿Cómo fue su inducción?\n"
    "7G: En 2021 fue virtual 👍🏽 sí, por Zoom; no tuve experiencia directiva.\n"
    "Entrevistadora: ¿Y el acompañamiento?\n"
    "7G: La asesoría pedagógica fue lo más significativo para mí.\n"
)


def span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def code_named(study: Study, name: str) -> Code:
    return Code.objects.get(study=study, name=name)


@pytest.fixture
def study(world) -> Study:
    for profile, (first, last) in [
        (world.mentor_profile, MENTOR_NAME),
        (world.other_mentor_profile, OTHER_MENTOR_NAME),
    ]:
        profile.user.first_name, profile.user.last_name = first, last
        profile.user.save()
    world.mentor_profile.code = "7G"
    world.mentor_profile.save()
    return services.study_create(
        program=world.program,
        actor=world.researcher,
        title="Formación de mentores",
        slug="formacion",
        questions="¿Cómo se forman los mentores?",
        with_demo_codebook=True,
        enrol_mentors=True,
    )


@pytest.fixture
def transcript(study, world) -> Document:
    participant = study.participants.get(code_name="7G")
    return services.document_add(
        study=study,
        actor=world.researcher,
        name="Entrevista 7G",
        text=TRANSCRIPT,
        kind="transcript",
        participant=participant,
    )


@pytest.fixture
def coded(study, transcript, world) -> Document:
    """The transcript with two segments (one a priori, one emergent code, one after an emoji),
    a memo on each kind of target and an interview."""
    induction = code_named(study, "Inducción del mentor")
    advice = code_named(study, "Asesoría pedagógica")
    difference = code_named(study, "Diferencias en la inducción de nuevos mentores")
    start, end = span(TRANSCRIPT, "En 2021 fue virtual 👍🏽 sí")
    first = services.segment_code(
        document=transcript, actor=world.researcher, start=start, end=end, codes=[induction]
    )
    services.segment_code(
        document=transcript, actor=world.researcher, start=start, end=end, codes=[difference]
    )
    start, end = span(TRANSCRIPT, "sí, por Zoom")
    services.segment_code(
        document=transcript, actor=world.researcher, start=start, end=end, codes=[difference]
    )
    start, end = span(TRANSCRIPT, "La asesoría pedagógica fue lo más significativo")
    services.segment_code(
        document=transcript, actor=world.researcher, start=start, end=end, codes=[advice]
    )
    participant = study.participants.get(code_name="7G")
    services.memo_write(study=study, actor=world.researcher, title="Estudio", text="Memo general")
    services.memo_write(
        study=study, actor=world.researcher, title="Código", text="Sobre el código", code=advice
    )
    services.memo_write(
        study=study, actor=world.researcher, title="Doc", text="Sobre la entrevista",
        document=transcript,
    )  # fmt: skip
    services.memo_write(
        study=study, actor=world.researcher, title="Segmento", text="Sobre el pasaje",
        segment=first,
    )  # fmt: skip
    services.memo_write(
        study=study, actor=world.researcher, title="7G", text="Sobre 7G", participant=participant
    )
    services.interview_record(
        study=study,
        actor=world.researcher,
        participant=participant,
        held_on=datetime.date(2021, 11, 5),
        mode="video",
        duration_minutes=45,
    )
    return transcript
