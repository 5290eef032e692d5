"""The accompaniment workflow shipped as an editable default protocol.

The steps follow the Soporte Pedagógico accompaniment protocol (Minedu, 2016) as summarized in
the domain notes; the guidance texts are the platform's own wording, to be adapted.
"""

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
