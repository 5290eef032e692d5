"""All-or-nothing imports of spreadsheet rows, with a plain message for every bad cell.

An importer walks the file's rows in batches inside one transaction: each batch is checked,
and written only while no row so far has failed; at the end any error rolls everything back.
One bad row means nothing is written, and every bad row is reported with its line, its column
and the reason (the first ``MAX_REPORTED_ERRORS`` of them, with the count of the rest).
Batches keep memory flat and every ``IN (...)`` lookup below SQLite's variable limit.
"""

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from acompana.common.spreadsheets import OverlongCell, fold

# Rows checked and written together; also the size of every IN (...) lookup, below the 999
# variables older SQLite builds allow in one statement.
BATCH_ROWS = 500
MAX_REPORTED_ERRORS = 1000

T = TypeVar("T")


def batched(items: Iterable[T], size: int = BATCH_ROWS) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column or "-",
            "message": self.message,
        }


@dataclass
class ImportSummary:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    regions_created: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "regions_created": self.regions_created,
            "ignored_columns": self.ignored_columns,
        }


class ErrorLog(list[RowError]):
    """The row errors of one import: the first ``limit`` kept in line order, the rest counted."""

    def __init__(self, errors: Iterable[RowError] = (), *, limit: int | None = None) -> None:
        super().__init__()
        self.limit = MAX_REPORTED_ERRORS if limit is None else limit
        self.total = 0
        self.extend(errors)

    def append(self, error: RowError) -> None:
        self.total += 1
        if len(self) < self.limit:
            super().append(error)

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.append(error)

    def add_batch(self, errors: list[RowError]) -> None:
        """Errors found while checking one batch, sorted by line and column."""
        self.extend(sorted(errors, key=lambda e: (e.line, e.column)))

    def __bool__(self) -> bool:
        return self.total > 0


class ImportRejected(Exception):
    """Nothing was written; ``errors`` says why, row by row (``total`` counts them all)."""

    def __init__(self, errors: list[RowError], *, total: int | None = None) -> None:
        self.errors = list(errors)
        self.total = len(self.errors) if total is None else max(total, len(self.errors))
        super().__init__(f"{self.total} error(s)")

    @property
    def more(self) -> int:
        """How many errors were found beyond those listed."""
        return self.total - len(self.errors)

    @classmethod
    def from_log(cls, log: "ErrorLog") -> "ImportRejected":
        return cls(list(log), total=log.total)


class CellError(ValueError):
    pass


def too_long_message(length: int) -> str:
    limit = getattr(settings, "IMPORT_MAX_CELL_CHARS", 10_000)
    return _("the cell has %(length)s characters, more than the %(max)s one import reads") % {
        "length": number_format(length, force_grouping=True),
        "max": number_format(limit, force_grouping=True),
    }


class RowReader:
    """Parses the cells of one row, collecting a RowError per bad cell instead of stopping."""

    def __init__(self, line: int, cells: Mapping[str, str], errors: list[RowError]) -> None:
        self.line = line
        self.cells = cells
        self.errors = errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def get(
        self,
        column: str,
        parse: Callable[[str], Any] | None = None,
        *,
        required: bool = False,
        max_length: int | None = None,
    ) -> Any:
        raw = self.cells.get(column, "")
        if isinstance(raw, OverlongCell):
            self.error(column, too_long_message(raw.length))
            return None if parse is not None else ""
        text = raw.strip()
        if max_length is not None and len(text) > max_length:
            self.error(
                column,
                _("%(length)s characters, more than the %(max)s this column holds")
                % {"length": number_format(len(text), force_grouping=True), "max": max_length},
            )
            return None if parse is not None else ""
        if not text:
            if required:
                self.error(column, _("a value is required"))
            return None if parse is not None else ""
        if parse is None:
            return text
        try:
            return parse(text)
        except CellError as exc:
            self.error(column, str(exc))
            return None


# --- Cell parsers: each takes non-empty text and returns a value or raises CellError ---------

_YES = {"yes", "y", "si", "s", "x", "true", "1", "verdadero"}
_NO = {"no", "n", "false", "0", "falso", "-"}


def parse_bool(text: str) -> bool:
    value = fold(text)
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(
        _("“%(value)s” is not yes or no (use yes/no, sí/no, x or empty)") % {"value": text}
    )


def parse_decimal(text: str, *, maximum: Decimal = Decimal("80")) -> Decimal:
    """``2,5``, ``2.5`` and ``2½`` all mean two and a half."""
    cleaned = text.replace("½", ".5").replace(" ", "").replace(",", ".")
    if cleaned.startswith("."):
        cleaned = "0" + cleaned
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number") % {"value": text}) from None
    if not value.is_finite() or value < 0 or value > maximum:
        raise CellError(
            _("%(value)s is outside the range 0 to %(max)s") % {"value": text, "max": maximum}
        )
    return value.quantize(Decimal("0.1"))


def parse_count(text: str, *, maximum: int = 1000) -> int:
    value = parse_decimal(text, maximum=Decimal(maximum))
    if value != value.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number") % {"value": text})
    return int(value)


def parse_email(text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("“%(value)s” is not a valid email address") % {"value": text}) from None
    return text.lower()


_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def parse_languages(text: str) -> list[str]:
    codes = [c for c in re.split(r"[\s,;/]+", text.strip().lower()) if c]
    bad = [c for c in codes if not _LANGUAGE.match(c)]
    if bad:
        raise CellError(
            _("“%(codes)s” are not ISO 639 language codes (write them like “es qu”)")
            % {"codes": " ".join(bad)}
        )
    return list(dict.fromkeys(codes))


def choice_parser(synonyms: Mapping[str, Iterable[str]], *, label: str) -> Callable[[str], str]:
    """A parser accepting each choice's value and its synonyms (accents and case ignored)."""
    lookup = {fold(word): value for value, words in synonyms.items() for word in (value, *words)}
    allowed = ", ".join(synonyms)

    def parse(text: str) -> str:
        folded = fold(text).replace("_", " ")
        value = lookup.get(fold(text)) or lookup.get(folded)
        if value is None:
            # "Licenciatura en Educación", "Director(a)": a known word followed by more text.
            found = {v for word, v in lookup.items() if len(word) >= 4 and folded.startswith(word)}
            value = found.pop() if len(found) == 1 else None
        if value is None:
            raise CellError(
                _("“%(value)s” is not a valid %(label)s (expected one of: %(allowed)s)")
                % {"value": text, "label": label, "allowed": allowed}
            )
        return value

    return parse


def check_columns(
    header: list[str], *, required: Iterable[str], known: Iterable[str]
) -> tuple[list[RowError], list[str]]:
    """Errors for missing required columns, and the unknown columns that will be ignored."""
    missing = [c for c in required if c not in header]
    errors = [RowError(1, c, _("required column is missing")) for c in missing]
    known_set = set(known)
    return errors, [c for c in header if c not in known_set]


def check_unique(
    rows: Iterable[tuple[int, str]],
    *,
    column: str,
    errors: list[RowError],
    first_line: dict[str, int] | None = None,
) -> None:
    """Report values of ``column`` that appear on more than one line of the file.

    ``first_line`` carries the values seen in earlier batches of the same file.
    """
    first_line = {} if first_line is None else first_line
    for line, value in rows:
        if not value:
            continue
        key = value.lower()
        if key in first_line:
            errors.append(
                RowError(
                    line,
                    column,
                    _("“%(value)s” already appears on line %(other)s")
                    % {"value": value, "other": first_line[key]},
                )
            )
        else:
            first_line[key] = line


def field_differs(instance: Any, name: str, value: Any) -> bool:
    """Whether a field differs from its new value; relations by id, so no query per row."""
    field = instance._meta.get_field(name)
    if field.is_relation:
        return bool(getattr(instance, field.attname) != (value.pk if value is not None else None))
    return bool(getattr(instance, name) != value)
