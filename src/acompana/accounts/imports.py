"""Import a program's staff (any role) from a CSV or XLSX file: all rows or none."""

from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from acompana.accounts.models import Membership, Role, User
from acompana.accounts.services import member_add
from acompana.common import audit
from acompana.common.importing import (
    ErrorLog,
    ImportRejected,
    ImportSummary,
    RowError,
    RowReader,
    check_columns,
    choice_parser,
    parse_email,
)
from acompana.common.spreadsheets import read_table

STAFF_COLUMNS = ["email", "first_name", "last_name", "role"]
STAFF_REQUIRED = ["email", "role"]

ROLE_SYNONYMS = {
    Role.COORDINATOR.value: ["coordinador", "coordinadora", "coordinación"],
    Role.TRAINER.value: ["formador", "formadora", "capacitador", "capacitadora"],
    Role.SPECIALIST.value: ["especialista", "acompañante"],
    Role.RESEARCHER.value: ["investigador", "investigadora"],
    Role.MENTOR.value: ["mentora"],
    Role.MENTEE.value: ["mentorado", "mentorada"],
}


def staff_import(
    *, program: Any, content: bytes | IO[bytes], filename: str, actor: Any
) -> ImportSummary:
    """Give each row's person (``email,first_name,last_name,role``) that role in ``program``.

    People new to the platform get an account without a password (invite them). One person
    may appear on several lines with different roles. The file is read within the
    ``IMPORT_*`` limits (SpreadsheetError otherwise); any bad row rejects the whole file
    (ImportRejected, every bad row with its line and column) and nothing is written."""
    parse_role = choice_parser(ROLE_SYNONYMS, label=_("role"))
    with read_table(content, filename) as table:
        header_errors, ignored = check_columns(
            table.header, required=STAFF_REQUIRED, known=STAFF_COLUMNS
        )
        if header_errors:
            raise ImportRejected(header_errors)
        log = ErrorLog()
        rows: list[dict[str, str]] = []
        first_line: dict[tuple[str, str], int] = {}
        for line, cells in table.rows():
            errors: list[RowError] = []
            reader = RowReader(line, cells, errors)
            row = {
                "email": reader.get("email", parse_email, required=True, max_length=254),
                "first_name": reader.get("first_name", max_length=150),
                "last_name": reader.get("last_name", max_length=150),
                "role": reader.get("role", parse_role, required=True),
            }
            key = (row["email"] or "", row["role"] or "")
            if all(key) and key in first_line:
                reader.error(
                    "role",
                    _("“%(value)s” already appears on line %(other)s")
                    % {"value": f"{key[0]} · {key[1]}", "other": first_line[key]},
                )
            elif all(key):
                first_line[key] = line
            log.extend(errors)
            rows.append(row)
    if log:
        raise ImportRejected.from_log(log)
    summary = ImportSummary(kind="staff", rows=len(rows), ignored_columns=ignored)
    with transaction.atomic():
        existing = set(
            Membership.objects.filter(program=program).values_list("user__email", "role")
        )
        known = set(
            User.objects.filter(email__in=[r["email"] for r in rows]).values_list(
                "email", flat=True
            )
        )
        for row in rows:
            if (row["email"], row["role"]) in existing:
                summary.unchanged += 1
                continue
            member_add(program=program, actor=actor, **row)
            if row["email"] in known:
                summary.updated += 1
            else:
                summary.created += 1
                known.add(row["email"])
        audit.log("accounts.import.staff", actor=actor, program=program, data=summary.as_dict())
    return summary
