"""acompana import staff: email,first_name,last_name,role; all rows or none."""

import pytest
from django.core.management import CommandError, call_command

from acompana.accounts.imports import staff_import
from acompana.accounts.models import Membership, User
from acompana.common.importing import ImportRejected
from acompana.common.models import AuditEntry


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "staff.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_staff_are_imported_with_their_roles_and_no_password(world, tmp_path, capsys):
    path = write(
        tmp_path,
        "email,first_name,last_name,role\n"
        "Formadora@Example.org,Ana,Paz,formadora\n"
        "formadora@example.org,Ana,Paz,researcher\n"
        "trainer@example.org,,,coordinator\n",
    )
    call_command("import", "staff", str(path), "--program", "test-program")
    out = capsys.readouterr().out
    assert "1 created, 2 updated, 0 unchanged" in out
    ana = User.objects.get(email="formadora@example.org")
    assert not ana.has_usable_password() and ana.first_name == "Ana"
    roles = set(Membership.objects.filter(user=ana).values_list("role", flat=True))
    assert roles == {"trainer", "researcher"}
    assert Membership.objects.filter(user=world.trainer, role="coordinator").exists()
    assert AuditEntry.objects.filter(action="accounts.import.staff").exists()
    call_command("import", "staff", str(path), "--program", "test-program")
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_a_bad_row_rejects_the_whole_file(world, tmp_path):
    path = write(
        tmp_path,
        "email;first_name;last_name;role\n"
        "nueva@example.org;Luz;Ríos;trainer\n"
        "no-es-correo;Luz;Ríos;trainer\n"
        "otra@example.org;;;jefa\n"
        "nueva@example.org;Luz;Ríos;trainer\n",
        encoding="cp1252",
    )
    with open(path, "rb") as content, pytest.raises(ImportRejected) as rejected:
        staff_import(program=world.program, content=content, filename="staff.csv", actor=None)
    lines = sorted((e.line, e.column) for e in rejected.value.errors)
    assert lines == [(3, "email"), (4, "role"), (5, "role")]
    assert not User.objects.filter(email="nueva@example.org").exists()


def test_a_missing_role_column_is_reported_and_the_command_fails(world, tmp_path):
    path = write(tmp_path, "email,first_name\nx@example.org,X\n")
    with pytest.raises(CommandError):
        call_command("import", "staff", str(path), "--program", "test-program")
    assert not User.objects.filter(email="x@example.org").exists()
