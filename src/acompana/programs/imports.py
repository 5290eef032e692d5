"""Import of schools from a spreadsheet: code,name,region,level,area,latitude,longitude."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.importing import (
    BATCH_ROWS,
    CellError,
    ErrorLog,
    ImportRejected,
    ImportSummary,
    RowError,
    RowReader,
    batched,
    check_columns,
    check_unique,
    choice_parser,
    field_differs,
)
from acompana.common.spreadsheets import Table, fold
from acompana.programs.models import Program, Region, School

SCHOOL_COLUMNS = ["code", "name", "region", "level", "area", "latitude", "longitude"]
SCHOOL_REQUIRED = ["code", "name", "region"]
CODE_LENGTH = School._meta.get_field("code").max_length
NAME_LENGTH = School._meta.get_field("name").max_length
REGION_LENGTH = Region._meta.get_field("name").max_length

parse_level = choice_parser(
    {
        "initial": ["inicial", "early childhood", "preschool", "kindergarten"],
        "primary": ["primaria", "elementary"],
        "secondary": ["secundaria", "high school"],
        "multi": ["several", "multiple", "varios", "polidocente", "ebr"],
        "other": ["otro", "otra"],
    },
    label=_("school level"),
)
parse_area = choice_parser({"urban": ["urbana", "urbano"], "rural": []}, label=_("area"))


def _coordinate(limit: int) -> Any:
    def parse(text: str) -> Decimal:
        try:
            value = Decimal(text.replace(",", "."))
        except ArithmeticError:
            raise CellError(_("“%(value)s” is not a number") % {"value": text}) from None
        if not value.is_finite() or abs(value) > limit:
            raise CellError(
                _("%(value)s is outside the range -%(limit)s to %(limit)s")
                % {"value": text, "limit": limit}
            )
        return value.quantize(Decimal("0.000001"))

    return parse


class RegionResolver:
    """Finds a program's regions by name (accents and case ignored), creating new ones on write."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.known = {fold(r.name): r for r in Region.objects.filter(program=program)}
        self.new: dict[str, str] = {}

    def note(self, name: str | None) -> None:
        if name and fold(name) not in self.known:
            self.new.setdefault(fold(name), name)

    def create_new(self) -> list[str]:
        """Create the regions noted since the last call; their names, sorted."""
        for key, name in self.new.items():
            self.known[key] = Region.objects.create(program=self.program, name=name)
        created, self.new = sorted(self.new.values()), {}
        return created

    def get(self, name: str | None) -> Region | None:
        return self.known[fold(name)] if name else None


def _read_school(
    line: int, cells: dict[str, str], errors: list[RowError], *, lat: Any, lon: Any
) -> dict[str, Any]:
    row = RowReader(line, cells, errors)
    values = {
        "code": row.get("code", required=True, max_length=CODE_LENGTH),
        "name": row.get("name", required=True, max_length=NAME_LENGTH),
        "region": row.get("region", required=True, max_length=REGION_LENGTH),
        "level": row.get("level", parse_level) or "",
        "area": row.get("area", parse_area) or "",
        "latitude": row.get("latitude", lat),
        "longitude": row.get("longitude", lon),
    }
    if (values["latitude"] is None) != (values["longitude"] is None) and not any(
        e.line == line and e.column in {"latitude", "longitude"} for e in errors
    ):
        row.error(
            "longitude" if values["longitude"] is None else "latitude",
            _("give both latitude and longitude, or neither"),
        )
    return values


def _write_schools(
    parsed: list[dict[str, Any]], *, program: Program, summary: ImportSummary
) -> None:
    codes = [values["code"] for values in parsed]
    existing = {s.code: s for s in School.objects.filter(program=program, code__in=codes)}
    to_create, to_update = [], []
    for values in parsed:
        school = existing.get(values["code"])
        if school is None:
            to_create.append(School(program=program, **values))
            continue
        changed = [k for k, v in values.items() if field_differs(school, k, v)]
        if changed:
            for key in changed:
                setattr(school, key, values[key])
            to_update.append(school)
        else:
            summary.unchanged += 1
    School.objects.bulk_create(to_create, batch_size=BATCH_ROWS)
    fields = [c for c in SCHOOL_COLUMNS if c != "code"]
    School.objects.bulk_update(to_update, fields, batch_size=BATCH_ROWS)
    summary.created += len(to_create)
    summary.updated += len(to_update)


def import_schools(*, program: Program, table: Table, actor: Any) -> ImportSummary:
    """Check and write the schools batch by batch in one transaction; any error undoes all."""
    header_errors, ignored = check_columns(
        table.header, required=SCHOOL_REQUIRED, known=SCHOOL_COLUMNS
    )
    if header_errors:
        raise ImportRejected(header_errors)
    errors = ErrorLog()
    lat, lon = _coordinate(90), _coordinate(180)
    regions = RegionResolver(program)
    summary = ImportSummary(kind="schools", ignored_columns=ignored)
    seen_codes: dict[str, int] = {}
    with transaction.atomic():
        for batch in batched(table.rows()):
            batch_errors: list[RowError] = []
            parsed = []
            for line, cells in batch:
                values = _read_school(line, cells, batch_errors, lat=lat, lon=lon)
                regions.note(values["region"])
                parsed.append((line, values))
            check_unique(
                ((line, v["code"]) for line, v in parsed),
                column="code",
                errors=batch_errors,
                first_line=seen_codes,
            )
            errors.add_batch(batch_errors)
            summary.rows += len(parsed)
            if errors:
                continue  # keep checking the rest, write nothing more
            summary.regions_created += regions.create_new()
            for _line, values in parsed:
                values["region"] = regions.get(values["region"])
            _write_schools([v for _line, v in parsed], program=program, summary=summary)
        if errors:
            raise ImportRejected.from_log(errors)  # rolls back what earlier batches wrote
        summary.regions_created.sort()
        audit.log("programs.import.schools", actor=actor, program=program, data=summary.as_dict())
    return summary


__all__ = ["SCHOOL_COLUMNS", "RegionResolver", "RowError", "import_schools"]
