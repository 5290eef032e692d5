"""The Zoom pre-assignment file of the demo's 2021 virtual induction, column by column."""

import csv
import io

from django.core.management import call_command
from django.utils import translation

from acompana.programs.models import Program
from acompana.training.models import BreakoutGroup, TrainingSession
from acompana.training.virtual import zoom_rooms_csv


def test_the_zoom_file_of_the_2021_virtual_induction_column_by_column(db, tmp_path):
    call_command("demo", "--password", "demo-pass-123", stdout=io.StringIO())
    program = Program.objects.get(slug="mentoria-directivos")
    session = TrainingSession.objects.filter(
        plan__program=program,
        plan__cohort__year=2021,
        modality=TrainingSession.Modality.VIRTUAL,
        module=TrainingSession.Module.ROLE_PLAY,
    ).get()
    groups = list(BreakoutGroup.objects.filter(session=session).order_by("number"))
    assert groups, "the demo forms breakout groups for its virtual induction"
    with translation.override("es"):
        text = zoom_rooms_csv(session=session)
    assert text.encode("utf-8").decode("utf-8") == text  # UTF-8 throughout
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header, body = rows[0], rows[1:]
    # Column by column: exactly Zoom's two headers, then one row per participant.
    assert header == ["Pre-assign Room Name", "Email Address"]
    assert all(len(row) == 2 for row in rows)
    expected = [
        (f"Sala {g.number}", m.user.email)
        for g in groups
        for m in g.members.select_related("user").order_by("code")
    ]
    assert [row[0] for row in body] == [room for room, _email in expected]
    assert [row[1] for row in body] == [email for _room, email in expected]
    assert len({row[1] for row in body}) == len(body)  # nobody in two rooms
    assert all("@" in row[1] and " " not in row[1] for row in body)
    assert len({row[0] for row in body}) == len(groups) <= 100

    out = tmp_path / "zoom.csv"
    call_command(
        "export",
        "zoom-rooms",
        "--program",
        program.slug,
        "--session",
        str(session.pk),
        "--format",
        "csv",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    assert list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))) == rows
