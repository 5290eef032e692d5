"""Observation instruments shipped as editable defaults, and their responses.

The classroom observation rubrics follow Minedu's 2022 set (five rubrics, levels I to IV);
level names and descriptors carry the verification marks of the domain notes (V verified,
P secondary copy, U unconfirmed): anything not V is shown "to verify". The principal's
instrument lists the 21 performances of the Marco de Buen Desempeño del Directivo as they
are in the framework tables (edited there, copied here when the defaults load).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.visits.models import (
    Instrument,
    InstrumentItem,
    InstrumentResponse,
    ItemAnswer,
    Visit,
)

LEVELS_I_IV = [
    {"value": 1, "label": "I · Muy deficiente", "verification": "P"},
    {"value": 2, "label": "II · En proceso", "verification": "P"},
    {"value": 3, "label": "III · Suficiente", "verification": "V"},
    {"value": 4, "label": "IV · Destacado", "verification": "V"},
]
LEVEL_I = "No alcanza las condiciones del nivel II."

CLASSROOM_RUBRICS = [
    (
        "R1",
        "Involucra activamente a los estudiantes en el proceso de aprendizaje",
        "V",
        [
            LEVEL_I,
            "El docente involucra al menos a la mitad de los estudiantes en las actividades "
            "propuestas.",
            "El docente involucra a la gran mayoría de los estudiantes en las actividades "
            "propuestas.",
            "El docente involucra activamente a todos o casi todos los estudiantes; además, "
            "promueve que comprendan el sentido de lo que aprenden.",
        ],
    ),
    (
        "R2",
        "Promueve el razonamiento, la creatividad y/o el pensamiento crítico",
        "V",
        [
            LEVEL_I,
            "El docente intenta promover el razonamiento, la creatividad y/o el pensamiento "
            "crítico al menos en una ocasión, pero no lo logra.",
            "El docente promueve efectivamente el razonamiento, la creatividad y/o el pensamiento "
            "crítico al menos en una ocasión.",
            "El docente promueve efectivamente el razonamiento, la creatividad y/o el pensamiento "
            "crítico durante la sesión en su conjunto.",
        ],
    ),
    (
        "R3",
        "Evalúa el progreso de los aprendizajes para retroalimentar a los estudiantes y "
        "adecuar su enseñanza",
        "V",
        [
            LEVEL_I,
            "El docente monitorea activamente a los estudiantes, pero solo les brinda "
            "retroalimentación elemental.",
            "(por verificar) El docente monitorea y brinda retroalimentación descriptiva o adapta "
            "las actividades.",
            "(por verificar) El docente brinda al menos en una ocasión retroalimentación por "
            "descubrimiento o reflexión.",
        ],
    ),
    (
        "R4",
        "Propicia un ambiente de respeto y proximidad",
        "V",
        [
            LEVEL_I,
            "El docente es siempre respetuoso, aunque frío o distante; interviene si nota faltas "
            "de respeto entre estudiantes.",
            "El docente es respetuoso, cordial, transmite calidez y es siempre empático.",
            "Además, el docente muestra consideración hacia la perspectiva de los estudiantes.",
        ],
    ),
    (
        "R5",
        "Regula positivamente el comportamiento de los estudiantes",
        "V",
        [
            LEVEL_I,
            "(por verificar) Usa predominantemente mecanismos formativos y nunca de maltrato, "
            "pero no logra una sesión continua.",
            "(por verificar) Usa predominantemente mecanismos formativos y nunca de maltrato, con "
            "eficacia.",
            "(por verificar) Usa siempre mecanismos formativos, con eficacia.",
        ],
    ),
]
PRINCIPAL_LEVELS = [
    {"value": 1, "label": "I · Inicio", "verification": "U"},
    {"value": 2, "label": "II · En proceso", "verification": "U"},
    {"value": 3, "label": "III · Logrado", "verification": "U"},
    {"value": 4, "label": "IV · Destacado", "verification": "U"},
]


RUBRIC_NAME = "Rúbricas de observación de aula (Minedu, 2022)"
RUBRIC_SOURCE = (
    "Minedu, Monitoreo pedagógico del docente 2022; manual de aplicación 2017. "
    "Niveles I y II y algunos descriptores por verificar."
)
PRINCIPAL_NAME = "Desempeños del directivo (Marco de Buen Desempeño del Directivo)"
PRINCIPAL_SOURCE = (
    "Minedu (2014), Marco de Buen Desempeño del Directivo. Los nombres de "
    "los niveles son del programa (por verificar)."
)
SHIPPED_INSTRUMENT_TEXTS = (RUBRIC_NAME, RUBRIC_SOURCE, PRINCIPAL_NAME, PRINCIPAL_SOURCE)


def instruments_load_defaults(
    instrument_model: Any, item_model: Any, performance_model: Any
) -> None:
    """Create the shipped instruments that are not there yet (never overwrites edits)."""
    rubric, created = instrument_model.objects.get_or_create(
        program=None,
        slug="rubricas-aula-2022",
        defaults={
            "name": RUBRIC_NAME,
            "kind": "rubric",
            "source": RUBRIC_SOURCE,
            "levels": LEVELS_I_IV,
        },
    )
    if created:
        item_model.objects.bulk_create(
            item_model(
                instrument=rubric,
                position=i,
                code=code,
                title=title,
                descriptors=descriptors,
                verification=mark,
            )
            for i, (code, title, mark, descriptors) in enumerate(CLASSROOM_RUBRICS, start=1)
        )
    principal, created = instrument_model.objects.get_or_create(
        program=None,
        slug="desempenos-directivo",
        defaults={
            "name": PRINCIPAL_NAME,
            "kind": "rubric",
            "source": PRINCIPAL_SOURCE,
            "levels": PRINCIPAL_LEVELS,
        },
    )
    if created:
        performances = performance_model.objects.filter(
            competency__domain__framework__slug="mbddir"
        ).order_by("competency__domain__position", "competency__position", "position")
        item_model.objects.bulk_create(
            item_model(
                instrument=principal,
                position=i,
                code=p.code,
                title=p.statement[:300],
                verification=p.verification,
            )
            for i, p in enumerate(performances, start=1)
        )


@transaction.atomic
def instrument_response_save(
    *, visit: Visit, instrument: Instrument, answers: dict[int, dict[str, Any]], actor: Any
) -> InstrumentResponse:
    """Save (or replace) a visit's answers to an instrument, with evidence per item."""
    if instrument.program_id not in (None, visit.program_id):
        raise ValidationError(_("This instrument belongs to another program."))
    items = {item.pk: item for item in instrument.items.all()}
    levels = {level["value"] for level in instrument.levels}
    rows = []
    for item_id, answer in answers.items():
        if item_id not in items:
            raise ValidationError(_("Unknown instrument item."))
        level = answer.get("level")
        if level is not None and level not in levels:
            raise ValidationError(
                _("%(code)s: %(level)s is not a level of this rubric.")
                % {"code": items[item_id].code, "level": level}
            )
        rows.append((item_id, answer))
    response, _created = InstrumentResponse.objects.get_or_create(
        visit=visit, instrument=instrument, defaults={"created_by": actor}
    )
    response.answers.all().delete()
    ItemAnswer.objects.bulk_create(
        ItemAnswer(
            response=response,
            item_id=item_id,
            level=a.get("level"),
            checked=a.get("checked"),
            answer=a.get("answer", ""),
            evidence=a.get("evidence", ""),
        )
        for item_id, a in rows
        if a.get("level") is not None
        or a.get("checked") is not None
        or a.get("answer")
        or a.get("evidence")
    )
    audit.log(
        "visits.instrument.saved",
        actor=actor,
        target=visit,
        data={"instrument": instrument.slug, "answers": len(rows)},
    )
    return response


def instruments_for_program(program: Any) -> Any:
    from django.db.models import Q

    return Instrument.objects.filter(Q(program=None) | Q(program=program)).order_by("name")


def results_over_time(*, mentee: Any, instrument: Instrument) -> dict[str, list[tuple[Any, int]]]:
    """Per item code: the (visit date, level) pairs of the mentee's visits, oldest first."""
    series: dict[str, list[tuple[Any, int]]] = {item.code: [] for item in instrument.items.all()}
    answers = (
        ItemAnswer.objects.filter(
            response__instrument=instrument, response__visit__mentee=mentee, level__isnull=False
        )
        .select_related("item", "response__visit")
        .order_by("response__visit__scheduled_at")
    )
    for answer in answers:
        if answer.level is not None:
            series.setdefault(answer.item.code, []).append(
                (answer.response.visit.scheduled_at, answer.level)
            )
    return series


@transaction.atomic
def instrument_create(
    *,
    program: Any,
    name: str,
    kind: str,
    levels: list[str],
    items: list[tuple[str, str, list[str]]],
    actor: Any,
) -> Instrument:
    """A program's own instrument: items (code, title, descriptors per level) and, for
    rubrics, the names of its levels from lowest to highest."""
    if kind not in Instrument.Kind.values:
        raise ValidationError(_("Unknown kind of instrument."))
    if kind == Instrument.Kind.RUBRIC and len(levels) < 2:
        raise ValidationError(_("A rubric needs at least two levels."))
    if not items:
        raise ValidationError(_("Add at least one item."))
    codes = [code for code, _title, _descriptors in items]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Each item needs its own code."))
    slug = slugify(name)[:50] or "instrumento"
    if Instrument.objects.filter(program=program, slug=slug).exists():
        raise ValidationError(_("This program already has an instrument with that name."))
    instrument = Instrument.objects.create(
        program=program,
        slug=slug,
        name=name,
        kind=kind,
        levels=[
            {"value": i, "label": label, "verification": "V"}
            for i, label in enumerate(levels, start=1)
        ]
        if kind == "rubric"
        else [],
    )
    InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=instrument,
            position=i,
            code=code,
            title=title,
            descriptors=descriptors,
            verification="V",
        )
        for i, (code, title, descriptors) in enumerate(items, start=1)
    )
    audit.log(
        "visits.instrument.created",
        actor=actor,
        target=instrument,
        data={"items": len(items), "kind": kind},
    )
    return instrument
