"""The accompaniment workflow shipped as an editable default protocol.

The steps follow the Soporte Pedagógico accompaniment protocol (Minedu, 2016) as summarized in
the domain notes; the guidance texts are the platform's own wording, to be adapted. The
protocol and the instruments are stored in Spanish; ``SHIPPED_TEXTS`` pairs each text with its
English, shown to English readers while the text is unedited (``common.shipped``).
"""

from acompana.visits import instruments

ACCOMPANIMENT_PROTOCOL = (
    "Protocolo de acompañamiento",
    [
        (
            "Presentación del acompañante en la institución educativa",
            "Presentarse al directivo y a la comunidad; acordar propósito, roles y calendario.",
        ),
        (
            "Observación diagnóstica",
            "Observar la gestión y la práctica sin intervenir; registrar evidencias en el "
            "cuaderno de campo.",
        ),
        (
            "Identificación de aspectos a atender",
            "Con el directivo, priorizar fortalezas y aspectos a mejorar a partir de la evidencia.",
        ),
        (
            "Plan de acompañamiento individualizado",
            "Metas, acciones y fechas acordadas con el directivo.",
        ),
        ("Visitas", "Observación, registro y diálogo reflexivo en cada visita."),
        (
            "Reuniones de reflexión sobre la práctica",
            "Diálogo reflexivo: apertura, desarrollo con preguntas potentes, cierre y compromisos.",
        ),
        ("Reportes de progreso", "Seguimiento de compromisos y metas; informe breve."),
        ("Reunión de cierre", "Balance de logros y compromisos con el directivo."),
        ("Informe final", "Informe del acompañamiento para el programa."),
    ],
)

# The English of the protocol and of the shipped instruments (``visits.instruments``), shown to
# English readers while a text is unedited (``common.shipped``).
ENGLISH: dict[str, str] = {
    "Protocolo de acompañamiento": "Accompaniment protocol",
    "Presentación del acompañante en la institución educativa": (
        "The mentor introduces themselves at the school"
    ),
    "Presentarse al directivo y a la comunidad; acordar propósito, roles y calendario.": (
        "Introduce yourself to the principal and the school community; agree the purpose, "
        "roles and calendar."
    ),
    "Observación diagnóstica": "Diagnostic observation",
    "Observar la gestión y la práctica sin intervenir; registrar evidencias en el "
    "cuaderno de campo.": (
        "Observe how the school is led and taught without stepping in; record evidence in the "
        "field notebook."
    ),
    "Identificación de aspectos a atender": "Identifying what to work on",
    "Con el directivo, priorizar fortalezas y aspectos a mejorar a partir de la evidencia.": (
        "With the principal, prioritise strengths and areas to improve from the evidence."
    ),
    "Plan de acompañamiento individualizado": "Individual accompaniment plan",
    "Metas, acciones y fechas acordadas con el directivo.": (
        "Goals, actions and dates agreed with the principal."
    ),
    "Visitas": "Visits",
    "Observación, registro y diálogo reflexivo en cada visita.": (
        "Observation, notes and reflective dialogue at every visit."
    ),
    "Reuniones de reflexión sobre la práctica": "Meetings to reflect on practice",
    "Diálogo reflexivo: apertura, desarrollo con preguntas potentes, cierre y compromisos.": (
        "Reflective dialogue: opening, development with powerful questions, closing and "
        "commitments."
    ),
    "Reportes de progreso": "Progress reports",
    "Seguimiento de compromisos y metas; informe breve.": (
        "Follow-up of commitments and goals; a short report."
    ),
    "Reunión de cierre": "Closing meeting",
    "Balance de logros y compromisos con el directivo.": (
        "Review of achievements and commitments with the principal."
    ),
    "Informe final": "Final report",
    "Informe del acompañamiento para el programa.": "Report of the accompaniment for the program.",
    # Instruments.
    "Rúbricas de observación de aula (Minedu, 2022)": (
        "Classroom observation rubrics (Minedu, 2022)"
    ),
    "Minedu, Monitoreo pedagógico del docente 2022; manual de aplicación 2017. "
    "Niveles I y II y algunos descriptores por verificar.": (
        "Minedu, teacher monitoring 2022; application manual 2017. Levels I and II and some "
        "descriptors to verify."
    ),
    "Desempeños del directivo (Marco de Buen Desempeño del Directivo)": (
        "Principal's performances (Good School Leadership Framework)"
    ),
    "Minedu (2014), Marco de Buen Desempeño del Directivo. Los nombres de "
    "los niveles son del programa (por verificar).": (
        "Minedu (2014), Good School Leadership Framework. The level names are the program's own "
        "(to verify)."
    ),
    "I · Muy deficiente": "I · Very poor",
    "II · En proceso": "II · In progress",
    "III · Suficiente": "III · Sufficient",
    "IV · Destacado": "IV · Outstanding",
    "I · Inicio": "I · Beginning",
    "III · Logrado": "III · Achieved",
    "Involucra activamente a los estudiantes en el proceso de aprendizaje": (
        "Actively involves students in the learning process"
    ),
    "Promueve el razonamiento, la creatividad y/o el pensamiento crítico": (
        "Promotes reasoning, creativity and/or critical thinking"
    ),
    "Evalúa el progreso de los aprendizajes para retroalimentar a los estudiantes y "
    "adecuar su enseñanza": (
        "Assesses learning progress to give students feedback and adapt the teaching"
    ),
    "Propicia un ambiente de respeto y proximidad": (
        "Fosters an environment of respect and closeness"
    ),
    "Regula positivamente el comportamiento de los estudiantes": (
        "Regulates students' behaviour positively"
    ),
    "No alcanza las condiciones del nivel II.": "Does not meet the conditions of level II.",
    "El docente involucra al menos a la mitad de los estudiantes en las actividades "
    "propuestas.": "The teacher involves at least half of the students in the activities.",
    "El docente involucra a la gran mayoría de los estudiantes en las actividades "
    "propuestas.": "The teacher involves the great majority of the students in the activities.",
    "El docente involucra activamente a todos o casi todos los estudiantes; además, "
    "promueve que comprendan el sentido de lo que aprenden.": (
        "The teacher actively involves all or nearly all students and also helps them "
        "understand the point of what they learn."
    ),
    "El docente intenta promover el razonamiento, la creatividad y/o el pensamiento "
    "crítico al menos en una ocasión, pero no lo logra.": (
        "The teacher tries to promote reasoning, creativity and/or critical thinking at least "
        "once, but does not succeed."
    ),
    "El docente promueve efectivamente el razonamiento, la creatividad y/o el pensamiento "
    "crítico al menos en una ocasión.": (
        "The teacher effectively promotes reasoning, creativity and/or critical thinking at "
        "least once."
    ),
    "El docente promueve efectivamente el razonamiento, la creatividad y/o el pensamiento "
    "crítico durante la sesión en su conjunto.": (
        "The teacher effectively promotes reasoning, creativity and/or critical thinking "
        "throughout the session."
    ),
    "El docente monitorea activamente a los estudiantes, pero solo les brinda "
    "retroalimentación elemental.": (
        "The teacher actively monitors the students but gives them only basic feedback."
    ),
    "(por verificar) El docente monitorea y brinda retroalimentación descriptiva o adapta "
    "las actividades.": (
        "(to verify) The teacher monitors and gives descriptive feedback or adapts the activities."
    ),
    "(por verificar) El docente brinda al menos en una ocasión retroalimentación por "
    "descubrimiento o reflexión.": (
        "(to verify) At least once, the teacher gives feedback that leads students to discover "
        "or reflect."
    ),
    "El docente es siempre respetuoso, aunque frío o distante; interviene si nota faltas "
    "de respeto entre estudiantes.": (
        "The teacher is always respectful, though cold or distant, and steps in on noticing "
        "disrespect between students."
    ),
    "El docente es respetuoso, cordial, transmite calidez y es siempre empático.": (
        "The teacher is respectful, cordial, warm and always empathetic."
    ),
    "Además, el docente muestra consideración hacia la perspectiva de los estudiantes.": (
        "In addition, the teacher shows consideration for the students' point of view."
    ),
    "(por verificar) Usa predominantemente mecanismos formativos y nunca de maltrato, "
    "pero no logra una sesión continua.": (
        "(to verify) Mostly uses formative means and never mistreatment, but the session does "
        "not run continuously."
    ),
    "(por verificar) Usa predominantemente mecanismos formativos y nunca de maltrato, con "
    "eficacia.": "(to verify) Mostly uses formative means and never mistreatment, effectively.",
    "(por verificar) Usa siempre mecanismos formativos, con eficacia.": (
        "(to verify) Always uses formative means, effectively."
    ),
}


def protocol_texts() -> list[str]:
    name, steps = ACCOMPANIMENT_PROTOCOL
    return [name, *(text for step in steps for text in step)]


def instrument_texts() -> list[str]:
    """The names, sources, level labels, item titles and descriptors ``visits.instruments``
    ships (the principal's items are the framework's statements, paired there)."""
    texts = [*instruments.SHIPPED_INSTRUMENT_TEXTS]
    levels = [*instruments.LEVELS_I_IV, *instruments.PRINCIPAL_LEVELS]
    texts += [str(level["label"]) for level in levels]
    for _code, title, _mark, descriptors in instruments.CLASSROOM_RUBRICS:
        texts += [title, *descriptors]
    return list(dict.fromkeys(texts))


SHIPPED_TEXTS: list[tuple[str, str]] = [
    (text, ENGLISH.get(text, ""))
    for text in dict.fromkeys([*protocol_texts(), *instrument_texts()])
]
