"""The readiness checklist a cohort starts from, in Spanish (stored) and English (shown to
English readers while an item is unedited, ``common.shipped``)."""

READINESS_ITEMS: list[tuple[str, str]] = [
    ("Asistió a los módulos de inducción", "Attended the induction modules"),
    ("Revisó los estudios de caso", "Reviewed the case studies"),
    (
        "Acompañó la visita de un mentor experimentado",
        "Went along on an experienced mentor's visit",
    ),
    ("Practicó el cuaderno de campo", "Practised the field notebook"),
]

DEFAULT_READINESS_ITEMS: tuple[str, ...] = tuple(spanish for spanish, _english in READINESS_ITEMS)

SHIPPED_TEXTS: list[tuple[str, str]] = list(READINESS_ITEMS)
