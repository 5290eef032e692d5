"""Sample REFI-QDA files and a sample study for the tests of ``acompana_core.qda``.

See README.md in this folder for where each file comes from.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from acompana_core.qda import (
    Case,
    Code,
    Note,
    Project,
    Selection,
    Set,
    TextSource,
    User,
    Variable,
    VariableType,
    VariableValue,
    stable_guid,
)

FIXTURES = Path(__file__).resolve().parent


def zip_folder(folder: Path) -> bytes:
    """A ``.qdpx`` archive of ``folder``, entries named relative to it (in a stable order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def zip_entries(entries: dict[str, bytes]) -> bytes:
    """A ZIP archive holding ``entries`` (name -> contents)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def folder_entries(folder: Path) -> dict[str, bytes]:
    """The files of ``folder`` as archive entries, to alter before zipping."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def span(text: str, passage: str) -> tuple[int, int]:
    """Code-point offsets of the first occurrence of ``passage`` in ``text``."""
    start = text.index(passage)
    return start, start + len(passage)


# -- a study as the research app would export it --------------------------------------------

STUDY = "study-7"

REFLECTION = (
    "Reflexión 12/03 👍🏽: Ñahui, acompañamiento. La directora novel y yo revisamos el plan "
    "de mejora 👍🏽 juntas.\nSentí que mi rol fue más de escucha que de consejo.\n"
)
INTERVIEW = (
    "Entrevista 3F\r\nP: ¿Cómo acompañas?\r\nR: Escucho primero 👂🏽 y después pregunto.\r\n"
)


def guid(kind: str, *ids: str) -> str:
    """GUIDs as the app derives them: from the study and the row's identifiers."""
    return stable_guid(kind, STUDY, *ids)


def selection(
    row: str, text: str, passage: str, codes: list[str], coder: str, notes: tuple[str, ...] = ()
) -> Selection:
    start, end = span(text, passage)
    return Selection(
        guid=guid("segment", row),
        start=start,
        end=end,
        name=passage,
        codings=tuple(guid("code", code) for code in codes),
        coder=guid("coder", coder),
        notes=notes,
    )


def build_study() -> Project:
    """A small study using every part of the model: categories, codes, coders by code name,
    participants as cases with variables of all six types, transcripts with coded segments
    (accented text and emoji before and inside segments) and memos."""
    variables = {
        "rol": Variable(guid("variable", "rol"), "Rol", VariableType.TEXT),
        "cohorte": Variable(guid("variable", "cohorte"), "Cohorte", VariableType.INTEGER),
        "horas": Variable(guid("variable", "horas"), "Horas semanales", VariableType.FLOAT),
        "consiente": Variable(
            guid("variable", "consiente"), "Consentimiento", VariableType.BOOLEAN
        ),
        "ingreso": Variable(guid("variable", "ingreso"), "Ingreso", VariableType.DATE),
        "visita": Variable(
            guid("variable", "visita"),
            "Última visita",
            VariableType.DATETIME,
            description="Fecha y hora de la última visita de acompañamiento",
        ),
    }
    memo_segment = guid("memo", "1")
    memo_case = guid("memo", "2")
    memo_study = guid("memo", "3")
    memo_code = guid("memo", "4")
    codes = (
        Code(
            guid("category", "a-priori"),
            "Funciones del mentor",
            is_codable=False,
            description="Categoría a priori (de la literatura)",
            children=(
                Code(guid("code", "escucha"), "Escucha activa", color="#1F77B4"),
                Code(guid("code", "consejo"), "Consejo", color="#FF7F0E", notes=(memo_code,)),
                Code(
                    guid("category", "andamiaje"),
                    "Andamiaje",
                    is_codable=False,
                    children=(Code(guid("code", "pregunta"), "Pregunta abierta"),),
                ),
            ),
        ),
        Code(
            guid("category", "emergentes"),
            "Emergentes",
            is_codable=False,
            children=(
                Code(
                    guid("code", "tension"),
                    "Tensión de rol",
                    color="#2CA02C",
                    description="Entre escuchar y aconsejar",
                ),
            ),
        ),
    )
    reflection = TextSource(
        guid=guid("transcript", "1"),
        name="Reflexión 2025-03-12 (4D)",
        text=REFLECTION,
        creating_user=guid("coder", "4D"),
        description="Reflexión escrita después de la visita",
        selections=(
            selection("1", REFLECTION, "Ñahui, acompañamiento", ["escucha"], "4D"),
            selection("2", REFLECTION, "plan de mejora 👍🏽 juntas", ["consejo", "tension"], "K3"),
            selection(
                "3",
                REFLECTION,
                "mi rol fue más de escucha que de consejo",
                ["escucha", "tension"],
                "4D",
                notes=(memo_segment,),
            ),
        ),
        variable_values=(VariableValue(variables["cohorte"].guid, 2025),),
    )
    interview = TextSource(
        guid=guid("transcript", "2"),
        name="Entrevista 3F",
        text=INTERVIEW,
        notes=(memo_study,),
        selections=(
            selection("4", INTERVIEW, "Escucho primero 👂🏽", ["escucha"], "K3"),
            selection("5", INTERVIEW, "y después pregunto", ["pregunta"], "K3"),
        ),
    )
    cases = (
        Case(
            guid("participant", "4D"),
            "4D",
            variable_values=(
                VariableValue(variables["rol"].guid, "mentora"),
                VariableValue(variables["cohorte"].guid, 2025),
                VariableValue(variables["horas"].guid, 2.5),
                VariableValue(variables["consiente"].guid, True),
                VariableValue(variables["ingreso"].guid, date(2024, 3, 1)),
                VariableValue(variables["visita"].guid, datetime(2025, 3, 12, 10, 30, tzinfo=UTC)),
            ),
            sources=(reflection.guid,),
            selections=(reflection.selections[2].guid,),
            description="Participante de la cohorte 2025",
        ),
        Case(
            guid("participant", "3F"),
            "3F",
            variable_values=(
                VariableValue(variables["rol"].guid, "directora"),
                VariableValue(variables["consiente"].guid, False),
            ),
            sources=(interview.guid,),
        ),
    )
    notes = (
        Note(
            memo_segment,
            "Memo analítico",
            "Posible tensión entre escuchar y aconsejar; revisar en otras entrevistas.",
            creating_user=guid("coder", "4D"),
        ),
        Note(
            memo_case,
            "Memo sobre 3F",
            "3F pide más observación de clases 👍🏽.\r\nVolver a preguntar en la ronda 2.",
            targets=(guid("participant", "3F"), interview.guid),
            creating_user=guid("coder", "K3"),
        ),
        Note(memo_study, "Diario del estudio", "Primera ronda de codificación: 5 segmentos."),
        Note(memo_code, "Definición de consejo", "Propuesta concreta de la mentora."),
    )
    return Project(
        name="Acompañamiento de directoras noveles",
        origin="Acompaña",
        creation_datetime=datetime(2025, 3, 12, 10, 0, tzinfo=UTC),
        creating_user=guid("coder", "4D"),
        users=(User(guid("coder", "4D"), "4D"), User(guid("coder", "K3"), "K3")),
        codes=codes,
        variables=tuple(variables.values()),
        cases=cases,
        sources=(reflection, interview),
        notes=notes,
        sets=(
            Set(
                guid("set", "ronda-1"),
                "Ronda 1",
                description="Fuentes de la primera ronda",
                codes=(guid("code", "escucha"),),
                sources=(reflection.guid, interview.guid),
                notes=(memo_segment,),
            ),
        ),
        description="Estudio de acompañamiento (exportación de prueba)",
        note_refs=(memo_study,),
    )
