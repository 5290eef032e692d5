"""The selection rubric a call starts from (``acompana_core.rubrics.default_mentor_rubric``),
in both languages: its labels are written in English and Spanish sits beside them in the core
module, so that an unedited criterion shows in the reader's language (``common.shipped``)."""

from acompana_core.rubrics import DEFAULT_MENTOR_RUBRIC_SPANISH, default_mentor_rubric_texts

SHIPPED_TEXTS: list[tuple[str, str]] = [
    (DEFAULT_MENTOR_RUBRIC_SPANISH.get(label, ""), label)
    for label in dict.fromkeys(default_mentor_rubric_texts())
]
