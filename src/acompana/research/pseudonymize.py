"""Field-notebook entries and reflective dialogues turned into study documents without the
names of people and schools.

Every mentor and mentee of the program is replaced by their code (e.g. "Rosa Quispe Huamán"
becomes "1A"), other members of the program (specialists, coordinators...) by "[person]", and
every school of the program by "[school of D05]" (its principal's code) or "[school]", its
modular code included. Full names, first name (or first given name) plus first surname or full
surname, and the full surname are replaced wherever they appear as whole words, regardless of
case, accents and spacing; given names and first surnames alone only for the visit's own
mentor and mentee (alone they are too common to attribute otherwise).
"""

import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from acompana.accounts.models import Membership
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Program, School
from acompana.visits import services as visit_services
from acompana.visits.models import Dialogue, FieldNote


def _name_forms(first: str, last: str) -> list[str]:
    """The ways a person is written: "Rosa María Quispe Huamán", "Rosa María Quispe",
    "Rosa Quispe Huamán", "Rosa Quispe" and "Quispe Huamán" (first given name, first surname)."""
    forms = []
    first, last = " ".join(first.split()), " ".join(last.split())
    if first and last:
        given, surname = first.split()[0], last.split()[0]
        forms += [f"{first} {last}", f"{first} {surname}", f"{given} {last}", f"{given} {surname}"]
    if last:
        forms.append(last)
    return list(dict.fromkeys(forms))


def program_replacements(*, program: Program, visit: Any = None) -> list[tuple[str, str]]:
    """(name, replacement) pairs for the people and schools of ``program``."""
    pairs: list[tuple[str, str]] = []
    coded: set[int] = set()
    profiles: list[Any] = [
        *MentorProfile.objects.filter(program=program).select_related("user"),
        *MenteeProfile.objects.filter(program=program).select_related("user", "school"),
    ]
    for profile in profiles:
        user = profile.user
        coded.add(user.pk)
        for form in _name_forms(user.first_name, user.last_name):
            pairs.append((form, profile.code))
        if user.email:
            pairs.append((user.email, profile.code))
    if visit is not None:
        # The visit's own mentor and mentee are also written by one given name or the first
        # surname alone ("Nélida", "Rocío", "la profesora Cusi"): in this text those are
        # theirs. Particles ("de", "la", "del") are not names.
        for profile in (visit.mentor, visit.mentee):
            first, last = profile.user.first_name.split(), profile.user.last_name.split()
            for word in [*first, *last[:1]]:
                if len(word) > 2 and word[:1].isupper():
                    pairs.append((word, profile.code))
            if first:
                pairs.append((" ".join(first), profile.code))
    person = "[" + _("person") + "]"
    staff = Membership.objects.filter(program=program).exclude(user_id__in=coded)
    for membership in staff.select_related("user"):
        user = membership.user
        for form in _name_forms(user.first_name, user.last_name):
            pairs.append((form, person))
        if user.email:
            pairs.append((user.email, person))
    principal_of: dict[int, str] = {}
    for profile in profiles:
        school_id = getattr(profile, "school_id", None)
        if isinstance(profile, MenteeProfile) and school_id:
            principal_of.setdefault(school_id, profile.code)
    for school in School.objects.filter(program=program):
        code = principal_of.get(school.pk)
        label = (
            "[" + _("school of %(code)s") % {"code": code} + "]"
            if code
            else "[" + _("school") + "]"
        )
        if school.name.strip():
            pairs.append((school.name.strip(), label))
        if school.code.strip():
            pairs.append((school.code.strip(), label))
    return pairs


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _fold(name: str) -> str:
    """A name as compared: no accents, any case, single spaces ("Huamán" = "HUAMAN")."""
    return " ".join(_strip_marks(name).casefold().split())


COMBINING = "[\\u0300-\\u036f]*"
# Every Latin letter with its accented forms, so "Huaman" also finds "Huamán" and the reverse.
_ACCENTED: dict[str, set[str]] = {}
for _code in range(0x41, 0x250):
    _ch = chr(_code)
    if _ch.isalpha():
        _ACCENTED.setdefault(_fold(_ch), set()).update({_ch, _ch.lower(), _ch.upper()})


def _name_pattern(folded: str) -> str:
    """A regular expression for a folded name: accents optional (precomposed, or combining
    marks after the letter) and any run of white space between words."""
    parts = []
    for ch in folded:
        if ch == " ":
            parts.append(r"\s+")
        elif ch in _ACCENTED:
            variants = "".join(sorted(_ACCENTED[ch] | {ch}))
            parts.append(f"[{re.escape(variants)}]{COMBINING}")
        else:
            parts.append(re.escape(ch) + COMBINING)
    return "".join(parts)


def pseudonymize(text: str, replacements: list[tuple[str, str]]) -> str:
    """``text`` with every name of ``replacements`` (as a whole word, in any case, with or
    without accents) replaced; longer names first, so a full name is replaced before its
    surname. A name inside another word ("Ana" in "Mariana") is left alone."""
    table: dict[str, str] = {}
    for name, replacement in replacements:
        folded = _fold(name or "")
        if folded:
            table.setdefault(folded, replacement)
    if not table:
        return text
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(f"(?P<n{index}>{_name_pattern(name)})" for index, name in enumerate(names))
        + r")(?!\w)",
        re.IGNORECASE,
    )

    def replace(match: re.Match[str]) -> str:
        index = int((match.lastgroup or "n0")[1:])
        return table[names[index]]

    return pattern.sub(replace, unicodedata.normalize("NFC", text))


def visit_part_text(*, visit: Any, part: str) -> str:
    """The notebook entry or the whole dialogue of a visit, with a heading per section (the
    sections the visits app defines: ``NOTE_FIELDS``, ``DIALOGUE_FIELDS``)."""
    fields: tuple[str, ...]
    record: Any
    if part == "notebook":
        record = FieldNote.objects.filter(visit=visit).first()
        fields = visit_services.NOTE_FIELDS
    elif part == "dialogue":
        record = Dialogue.objects.filter(visit=visit).first()
        fields = visit_services.DIALOGUE_FIELDS
    else:
        raise ValueError(part)
    if record is None:  # the visit has no notebook entry or dialogue yet
        return ""
    sections = []
    for name in fields:
        value = (getattr(record, name) or "").strip()
        if value:
            label = str(record._meta.get_field(name).verbose_name)
            sections.append(f"{label[:1].upper()}{label[1:]}:\n{value}")
    return "\n\n".join(sections)
