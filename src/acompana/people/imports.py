"""Import of mentors and mentees from spreadsheets, all-or-nothing, updating by ``code``."""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from acompana.accounts.models import Membership, Role, User
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
    parse_bool,
    parse_count,
    parse_decimal,
    parse_email,
    parse_languages,
)
from acompana.common.spreadsheets import Row, Table, fold, read_table
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.imports import (
    REGION_LENGTH,
    SCHOOL_COLUMNS,
    RegionResolver,
    import_schools,
)
from acompana.programs.models import Cohort, Program, School

MENTOR_COLUMNS = [
    "code", "first_name", "last_name", "email", "region", "highest_degree", "teaching_years",
    "management_years", "accompaniment_experience", "technical_assistance", "programs_served",
    "languages", "capacity", "cohort",
]  # fmt: skip
MENTEE_COLUMNS = [
    "code", "first_name", "last_name", "email", "position", "school_code", "region",
    "years_in_position", "languages", "modality", "connectivity", "cohort",
    "subject", "grade_level", "career_stage", "teaching_philosophy",
]  # fmt: skip
# Optional mentee columns for forming circles of teachers: a file without one of them leaves
# what the profiles hold in that field as it is.
CIRCLE_COLUMNS = ("subject", "grade_level", "career_stage", "teaching_philosophy")
PERSON_REQUIRED = ["code", "first_name", "last_name", "email"]
CODE_LENGTH = MentorProfile._meta.get_field("code").max_length
NAME_LENGTH = User._meta.get_field("first_name").max_length
EMAIL_LENGTH = User._meta.get_field("email").max_length
PHILOSOPHY_LENGTH = 5000  # characters of an imported teaching philosophy
SUBJECT_LENGTH = MenteeProfile._meta.get_field("subject").max_length
GRADE_LENGTH = MenteeProfile._meta.get_field("grade_level").max_length

parse_degree = choice_parser(
    {
        "bachelor": ["bachiller", "bachillerato", "ba", "bs", "bsc"],
        "licensed": [
            "licenciado",
            "licenciada",
            "licenciatura",
            "licensed (licenciatura)",
            "licentiate",
            "titulo",
            "título profesional",
        ],
        "master": ["masters", "master's", "maestria", "magister", "magíster", "ma", "msc"],
        "doctorate": ["doctorado", "doctor", "doctora", "phd"],
    },
    label=_("degree"),
)
parse_position = choice_parser(
    {
        "principal": ["director", "directora", "head teacher", "school head"],
        "assistant_principal": [
            "assistant principal",
            "vice principal",
            "subdirector",
            "subdirectora",
            "deputy head",
        ],
        "teacher": ["docente", "profesor", "profesora", "maestro", "maestra"],
        "coordinator": [
            "coordinador",
            "coordinadora",
            "pedagogical coordinator",
            "coordinador pedagogico",
            "coordinadora pedagogica",
        ],
    },
    label=_("position"),
)
parse_modality = choice_parser(
    {
        "in_person": ["in person", "in-person", "presencial", "face to face"],
        "virtual": ["remote", "online", "a distancia", "remoto"],
        "hybrid": ["hibrido", "hibrida", "blended", "semipresencial", "mixed", "mixto"],
    },
    label=_("modality"),
)
parse_career_stage = choice_parser(
    {
        "beginning": ["principiante", "inicial", "novel", "beginner"],
        "proficient": ["competente"],
        "highly_proficient": ["altamente competente", "highly proficient"],
        "distinguished": ["distinguido", "distinguida", "destacado", "destacada"],
    },
    label=_("career stage"),
)
parse_connectivity = choice_parser(
    {
        "none": ["ninguna", "sin conexion", "sin", "no"],
        "low": [
            "baja",
            "poor",
            "limited",
            "limitada",
            "intermitente",
            "media",
            "regular",
            "medium",
        ],
        "good": ["buena", "alta", "high", "yes", "si"],
    },
    label=_("connectivity"),
)


def circle_fields(row: RowReader) -> dict[str, Any]:
    """The circle columns the file has (see ``CIRCLE_COLUMNS``)."""
    limits = {"subject": SUBJECT_LENGTH, "grade_level": GRADE_LENGTH}
    fields: dict[str, Any] = {}
    for name in CIRCLE_COLUMNS:
        if name not in row.cells:
            continue
        if name == "career_stage":
            fields[name] = row.get(name, parse_career_stage) or ""
        elif name == "teaching_philosophy":
            fields[name] = row.get(name, max_length=PHILOSOPHY_LENGTH)
        else:
            fields[name] = row.get(name, max_length=limits[name])
    return fields


def cohort_parser(program: Program) -> Callable[[str], int]:
    """A parser of the optional ``cohort`` column: a cohort's name, or its year when one
    cohort of the program has that year. Unknown cohorts are a row error, never created."""
    by_name: dict[str, int] = {}
    by_year: dict[str, list[int]] = {}
    for pk, name, year in Cohort.objects.filter(program=program).values_list("pk", "name", "year"):
        if name:
            by_name[fold(name)] = pk
        by_year.setdefault(str(year), []).append(pk)

    def parse(text: str) -> int:
        found = by_name.get(fold(text))
        if found is None and len(by_year.get(text.strip(), [])) == 1:
            found = by_year[text.strip()][0]
        if found is None:
            raise CellError(
                _("no cohort “%(cohort)s” in this program (create it first)") % {"cohort": text}
            )
        return found

    return parse


def _link_cohorts(
    rows: list["PersonRow"],
    *,
    model: type[MentorProfile] | type[MenteeProfile],
    program: Program,
    cohort_of: dict[int, int],
) -> None:
    """Add each row's person to the cohort of its ``cohort`` cell (never removes any)."""
    if not cohort_of:
        return
    codes = [r.code for r in rows if r.line in cohort_of]
    ids = dict(model.objects.filter(program=program, code__in=codes).values_list("code", "pk"))
    through: Any = model.cohorts.through  # MentorProfile_cohorts or MenteeProfile_cohorts
    source = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        [
            through(**{source: ids[r.code], "cohort_id": cohort_of[r.line]})
            for r in rows
            if r.line in cohort_of
        ],
        ignore_conflicts=True,
        batch_size=BATCH_ROWS,
    )


@dataclass
class PersonRow:
    line: int
    code: str
    email: str
    first_name: str
    last_name: str
    fields: dict[str, Any]


@dataclass
class _SeenValues:
    """Codes and emails met in earlier batches of the file, with their first line."""

    codes: dict[str, int] = dataclass_field(default_factory=dict)
    emails: dict[str, int] = dataclass_field(default_factory=dict)


def _read_people(
    batch: list[Row],
    *,
    parse_fields: Callable[[RowReader], dict[str, Any]],
    errors: list[RowError],
    seen: _SeenValues,
) -> list[PersonRow]:
    rows = []
    for line, cells in batch:
        reader = RowReader(line, cells, errors)
        rows.append(
            PersonRow(
                line=line,
                code=reader.get("code", required=True, max_length=CODE_LENGTH),
                first_name=reader.get("first_name", required=True, max_length=NAME_LENGTH),
                last_name=reader.get("last_name", required=True, max_length=NAME_LENGTH),
                email=reader.get("email", parse_email, required=True, max_length=EMAIL_LENGTH)
                or "",
                fields=parse_fields(reader),
            )
        )
    check_unique(
        ((r.line, r.code) for r in rows), column="code", errors=errors, first_line=seen.codes
    )
    check_unique(
        ((r.line, r.email) for r in rows), column="email", errors=errors, first_line=seen.emails
    )
    return rows


def _check_identities(
    rows: list[PersonRow],
    *,
    model: type[MentorProfile] | type[MenteeProfile],
    program: Program,
    errors: list[RowError],
) -> tuple[dict[str, Any], dict[str, User]]:
    """Profiles by code and users by email, reporting emails that belong to someone else.

    ``rows`` is one batch, so each ``IN (...)`` stays below SQLite's variable limit.
    """
    profiles = {
        p.code: p
        for p in model.objects.filter(
            program=program, code__in=[r.code for r in rows if r.code]
        ).select_related("user")
    }
    users = {u.email: u for u in User.objects.filter(email__in=[r.email for r in rows if r.email])}
    holders = {
        p.user_id: p.code
        for p in model.objects.filter(program=program, user__in=users.values()).only("code", "user")
    }
    for row in rows:
        user = users.get(row.email)
        profile = profiles.get(row.code)
        if user is None or (profile is not None and profile.user_id == user.pk):
            continue
        other_code = holders.get(user.pk)
        if other_code is not None:
            message = _("%(email)s already belongs to %(code)s") % {
                "email": row.email,
                "code": other_code,
            }
            errors.append(RowError(row.line, "email", message))
    return profiles, users


def _write_people(
    rows: list[PersonRow],
    *,
    model: type[MentorProfile] | type[MenteeProfile],
    role: str,
    program: Program,
    profiles: dict[str, Any],
    users: dict[str, User],
    summary: ImportSummary,
) -> None:
    """Write one batch of checked rows (every query is one statement for the batch)."""
    new_users = []
    for row in rows:
        if row.email not in users:
            user = User(email=row.email, first_name=row.first_name, last_name=row.last_name)
            user.set_unusable_password()  # they choose one through an invitation
            new_users.append(user)
    for user in User.objects.bulk_create(new_users, batch_size=BATCH_ROWS):
        users[user.email] = user
    if new_users and users[new_users[0].email].pk is None:  # SQLite < 3.35 returns no ids
        users.update({u.email: u for u in User.objects.filter(email__in=[r.email for r in rows])})

    changed_users: list[User] = []
    new_profiles: list[Any] = []
    changed_profiles: list[Any] = []
    unchanged = 0
    for row in rows:
        user = users[row.email]
        if (user.first_name, user.last_name) != (row.first_name, row.last_name):
            user.first_name, user.last_name = row.first_name, row.last_name
            changed_users.append(user)
        profile = profiles.get(row.code)
        if profile is None:
            new_profiles.append(model(program=program, user=user, code=row.code, **row.fields))
            continue
        changes = {k: v for k, v in row.fields.items() if field_differs(profile, k, v)}
        if profile.user_id != user.pk:
            profile.user = user
            changes["user"] = user
        for key, value in changes.items():
            setattr(profile, key, value)
        if changes:
            changed_profiles.append(profile)
        elif user not in changed_users:
            unchanged += 1
    User.objects.bulk_update(changed_users, ["first_name", "last_name"], batch_size=BATCH_ROWS)
    model.objects.bulk_create(new_profiles, batch_size=BATCH_ROWS)
    fields = sorted({k for r in rows for k in r.fields} | {"user"})
    model.objects.bulk_update(changed_profiles, fields, batch_size=BATCH_ROWS)
    Membership.objects.bulk_create(
        [Membership(user=users[r.email], program=program, role=role) for r in rows],
        ignore_conflicts=True,
        batch_size=BATCH_ROWS,
    )
    summary.created += len(new_profiles)
    summary.unchanged += unchanged
    summary.updated += len(rows) - len(new_profiles) - unchanged


def _import_people(
    *,
    program: Program,
    table: Table,
    actor: Any,
    kind: str,
    model: type[MentorProfile] | type[MenteeProfile],
    role: str,
    parse_fields: Callable[[RowReader], dict[str, Any]],
    regions: RegionResolver,
    ignored: list[str],
) -> ImportSummary:
    """Check and write the rows batch by batch in one transaction; any error undoes all.

    Once a row fails nothing more is written, but the rest of the file is still checked so
    that every bad row is reported; the error then rolls back the batches already written.
    """
    errors = ErrorLog()
    seen = _SeenValues()
    summary = ImportSummary(kind=kind, ignored_columns=ignored)
    with transaction.atomic():
        for batch in batched(table.rows()):
            batch_errors: list[RowError] = []
            rows = _read_people(batch, parse_fields=parse_fields, errors=batch_errors, seen=seen)
            profiles, users = _check_identities(
                rows, model=model, program=program, errors=batch_errors
            )
            errors.add_batch(batch_errors)
            summary.rows += len(rows)
            if errors:
                continue
            summary.regions_created += regions.create_new()
            cohort_of: dict[int, int] = {}
            for row in rows:
                row.fields["region"] = regions.get(row.fields["region"])
                cohort = row.fields.pop("cohort", None)
                if cohort is not None:
                    cohort_of[row.line] = cohort
            _write_people(
                rows,
                model=model,
                role=role,
                program=program,
                profiles=profiles,
                users=users,
                summary=summary,
            )
            _link_cohorts(rows, model=model, program=program, cohort_of=cohort_of)
        if errors:
            raise ImportRejected.from_log(errors)  # rolls back what earlier batches wrote
        summary.regions_created.sort()
        audit.log(f"people.import.{kind}", actor=actor, program=program, data=summary.as_dict())
    return summary


def import_mentors(*, program: Program, table: Table, actor: Any) -> ImportSummary:
    errors, ignored = check_columns(table.header, required=PERSON_REQUIRED, known=MENTOR_COLUMNS)
    if errors:
        raise ImportRejected(errors)
    regions = RegionResolver(program)
    parse_cohort = cohort_parser(program)
    cohort_capacity = dict(
        Cohort.objects.filter(program=program, mentor_capacity__isnull=False).values_list(
            "pk", "mentor_capacity"
        )
    )

    def parse_fields(row: RowReader) -> dict[str, Any]:
        region = row.get("region", max_length=REGION_LENGTH)
        regions.note(region)
        capacity = row.get("capacity", lambda t: parse_count(t, maximum=500))
        cohort = row.get("cohort", parse_cohort)
        if capacity is None:  # the cohort's default, else the profile's
            capacity = cohort_capacity.get(
                cohort, MentorProfile._meta.get_field("capacity").default
            )
        return {
            "region": region,
            "highest_degree": row.get("highest_degree", parse_degree) or "",
            "teaching_years": row.get("teaching_years", parse_decimal) or 0,
            "management_years": row.get("management_years", parse_decimal) or 0,
            "accompaniment_experience": bool(row.get("accompaniment_experience", parse_bool)),
            "technical_assistance": bool(row.get("technical_assistance", parse_bool)),
            "programs_served": row.get("programs_served", parse_count) or 0,
            "languages": row.get("languages", parse_languages) or [],
            "capacity": capacity,
            "cohort": cohort,
        }

    return _import_people(
        program=program,
        table=table,
        actor=actor,
        kind="mentors",
        model=MentorProfile,
        role=Role.MENTOR,
        parse_fields=parse_fields,
        regions=regions,
        ignored=ignored,
    )


def import_mentees(*, program: Program, table: Table, actor: Any) -> ImportSummary:
    errors, ignored = check_columns(table.header, required=PERSON_REQUIRED, known=MENTEE_COLUMNS)
    if errors:
        raise ImportRejected(errors)
    regions = RegionResolver(program)
    # Codes, ids and region names only (not model instances): a national program has tens of
    # thousands of schools, and their regions are needed without a query per row.
    schools = {
        code.lower(): (pk, region_name)
        for pk, code, region_name in School.objects.filter(program=program).values_list(
            "pk", "code", "region__name"
        )
    }

    parse_cohort = cohort_parser(program)

    def parse_school(text: str) -> tuple[School, str]:
        found = schools.get(text.lower())
        if found is None:
            raise CellError(
                _("no school with code “%(code)s” in this program (import schools first)")
                % {"code": text}
            )
        return School(pk=found[0]), found[1]

    def parse_fields(row: RowReader) -> dict[str, Any]:
        school, school_region = row.get("school_code", parse_school) or (None, None)
        region = row.get("region", max_length=REGION_LENGTH) or school_region
        regions.note(region)
        return {
            "position": row.get("position", parse_position, required=True) or "",
            "school": school,
            "region": region,
            "years_in_position": row.get("years_in_position", parse_decimal) or 0,
            "languages": row.get("languages", parse_languages) or [],
            "preferred_modality": row.get("modality", parse_modality) or "",
            "connectivity": row.get("connectivity", parse_connectivity) or "",
            "cohort": row.get("cohort", parse_cohort),
            **circle_fields(row),
        }

    return _import_people(
        program=program,
        table=table,
        actor=actor,
        kind="mentees",
        model=MenteeProfile,
        role=Role.MENTEE,
        parse_fields=parse_fields,
        regions=regions,
        ignored=ignored,
    )


IMPORTERS: dict[str, tuple[list[str], Callable[..., ImportSummary]]] = {
    "schools": (SCHOOL_COLUMNS, import_schools),
    "mentors": (MENTOR_COLUMNS, import_mentors),
    "mentees": (MENTEE_COLUMNS, import_mentees),
}


def spreadsheet_import(
    *, program: Program, kind: str, content: bytes | IO[bytes], filename: str, actor: Any
) -> ImportSummary:
    """Import ``kind`` (schools, mentors or mentees) from a CSV or XLSX file.

    ``content`` is the file's bytes or a seekable binary file (an upload, an open path); it is
    read within the ``IMPORT_*`` limits. Raises ImportRejected with every bad row (the first
    thousand, and the count), or SpreadsheetError if the file is over a limit or not a table.
    """
    _columns, importer = IMPORTERS[kind]
    with read_table(content, filename) as table:
        return importer(program=program, table=table, actor=actor)
