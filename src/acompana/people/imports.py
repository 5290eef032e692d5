"""Import of mentors and mentees from spreadsheets, all-or-nothing, updating by ``code``."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from acompana.accounts.models import Membership, Role, User
from acompana.common import audit
from acompana.common.importing import (
    CellError,
    ImportRejected,
    ImportSummary,
    RowError,
    RowReader,
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
from acompana.common.spreadsheets import Table, read_table
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.imports import SCHOOL_COLUMNS, RegionResolver, import_schools
from acompana.programs.models import Program, School

MENTOR_COLUMNS = [
    "code", "first_name", "last_name", "email", "region", "highest_degree", "teaching_years",
    "management_years", "accompaniment_experience", "technical_assistance", "programs_served",
    "languages", "capacity",
]  # fmt: skip
MENTEE_COLUMNS = [
    "code", "first_name", "last_name", "email", "position", "school_code", "region",
    "years_in_position", "languages", "modality", "connectivity",
]  # fmt: skip
PERSON_REQUIRED = ["code", "first_name", "last_name", "email"]

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


@dataclass
class PersonRow:
    line: int
    code: str
    email: str
    first_name: str
    last_name: str
    fields: dict[str, Any]


def _read_people(
    table: Table,
    *,
    parse_fields: Callable[[RowReader], dict[str, Any]],
    errors: list[RowError],
) -> list[PersonRow]:
    rows = []
    for line, cells in table.rows:
        reader = RowReader(line, cells, errors)
        rows.append(
            PersonRow(
                line=line,
                code=reader.get("code", required=True),
                first_name=reader.get("first_name", required=True),
                last_name=reader.get("last_name", required=True),
                email=reader.get("email", parse_email, required=True) or "",
                fields=parse_fields(reader),
            )
        )
    check_unique(((r.line, r.code) for r in rows), column="code", errors=errors)
    check_unique(((r.line, r.email) for r in rows), column="email", errors=errors)
    return rows


def _check_identities(
    rows: list[PersonRow],
    *,
    model: type[MentorProfile] | type[MenteeProfile],
    program: Program,
    errors: list[RowError],
) -> tuple[dict[str, Any], dict[str, User]]:
    """Profiles by code and users by email, reporting emails that belong to someone else."""
    profiles = {
        p.code: p
        for p in model.objects.filter(
            program=program, code__in=[r.code for r in rows]
        ).select_related("user")
    }
    users = {u.email: u for u in User.objects.filter(email__in=[r.email for r in rows])}
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
    new_users = []
    for row in rows:
        if row.email not in users:
            user = User(email=row.email, first_name=row.first_name, last_name=row.last_name)
            user.set_unusable_password()  # they set one through the password-reset email
            new_users.append(user)
    for user in User.objects.bulk_create(new_users, batch_size=500):
        users[user.email] = user
    if not new_users or users[new_users[0].email].pk is None:  # SQLite < 3.35 returns no ids
        users.update({u.email: u for u in User.objects.filter(email__in=[r.email for r in rows])})

    changed_users: list[User] = []
    new_profiles: list[Any] = []
    changed_profiles: list[Any] = []
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
            summary.unchanged += 1
    User.objects.bulk_update(changed_users, ["first_name", "last_name"], batch_size=500)
    model.objects.bulk_create(new_profiles, batch_size=500)
    fields = sorted({k for r in rows for k in r.fields} | {"user"})
    model.objects.bulk_update(changed_profiles, fields, batch_size=500)
    Membership.objects.bulk_create(
        [Membership(user=users[r.email], program=program, role=role) for r in rows],
        ignore_conflicts=True,
        batch_size=500,
    )
    summary.created = len(new_profiles)
    summary.updated = len(rows) - summary.created - summary.unchanged


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
    errors: list[RowError],
    ignored: list[str],
) -> ImportSummary:
    """Check every row, then write them all in one transaction (or nothing at all)."""
    rows = _read_people(table, parse_fields=parse_fields, errors=errors)
    profiles, users = _check_identities(rows, model=model, program=program, errors=errors)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.line, e.column)))
    summary = ImportSummary(kind=kind, rows=len(rows), ignored_columns=ignored)
    with transaction.atomic():
        summary.regions_created = regions.create_new()
        for row in rows:
            row.fields["region"] = regions.get(row.fields["region"])
        _write_people(
            rows,
            model=model,
            role=role,
            program=program,
            profiles=profiles,
            users=users,
            summary=summary,
        )
        audit.log(f"people.import.{kind}", actor=actor, program=program, data=summary.as_dict())
    return summary


def import_mentors(*, program: Program, table: Table, actor: Any) -> ImportSummary:
    errors, ignored = check_columns(table.header, required=PERSON_REQUIRED, known=MENTOR_COLUMNS)
    if errors:
        raise ImportRejected(errors)
    regions = RegionResolver(program)

    def parse_fields(row: RowReader) -> dict[str, Any]:
        region = row.get("region")
        regions.note(region)
        capacity = row.get("capacity", lambda t: parse_count(t, maximum=500))
        return {
            "region": region,
            "highest_degree": row.get("highest_degree", parse_degree) or "",
            "teaching_years": row.get("teaching_years", parse_decimal) or 0,
            "management_years": row.get("management_years", parse_decimal) or 0,
            "accompaniment_experience": bool(row.get("accompaniment_experience", parse_bool)),
            "technical_assistance": bool(row.get("technical_assistance", parse_bool)),
            "programs_served": row.get("programs_served", parse_count) or 0,
            "languages": row.get("languages", parse_languages) or [],
            "capacity": MentorProfile._meta.get_field("capacity").default
            if capacity is None
            else capacity,
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
        errors=errors,
        ignored=ignored,
    )


def import_mentees(*, program: Program, table: Table, actor: Any) -> ImportSummary:
    errors, ignored = check_columns(table.header, required=PERSON_REQUIRED, known=MENTEE_COLUMNS)
    if errors:
        raise ImportRejected(errors)
    regions = RegionResolver(program)
    schools = {s.code.lower(): s for s in School.objects.filter(program=program)}

    def parse_school(text: str) -> School:
        school = schools.get(text.lower())
        if school is None:
            raise CellError(
                _("no school with code “%(code)s” in this program (import schools first)")
                % {"code": text}
            )
        return school

    def parse_fields(row: RowReader) -> dict[str, Any]:
        school = row.get("school_code", parse_school)
        region = row.get("region") or (school.region.name if school else None)
        regions.note(region)
        return {
            "position": row.get("position", parse_position, required=True) or "",
            "school": school,
            "region": region,
            "years_in_position": row.get("years_in_position", parse_decimal) or 0,
            "languages": row.get("languages", parse_languages) or [],
            "preferred_modality": row.get("modality", parse_modality) or "",
            "connectivity": row.get("connectivity", parse_connectivity) or "",
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
        errors=errors,
        ignored=ignored,
    )


IMPORTERS: dict[str, tuple[list[str], Callable[..., ImportSummary]]] = {
    "schools": (SCHOOL_COLUMNS, import_schools),
    "mentors": (MENTOR_COLUMNS, import_mentors),
    "mentees": (MENTEE_COLUMNS, import_mentees),
}


def spreadsheet_import(
    *, program: Program, kind: str, content: bytes, filename: str, actor: Any
) -> ImportSummary:
    """Import ``kind`` (schools, mentors or mentees) from a CSV or XLSX file's bytes.

    Raises ImportRejected with every bad row, or SpreadsheetError if the file is not a table.
    """
    _columns, importer = IMPORTERS[kind]
    return importer(program=program, table=read_table(content, filename), actor=actor)
