"""Downloads of the program's lists: columns, filters, who may download, formula injection,
streaming and the ``acompana export`` command."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from acompana.hub.exports import EXPORTS, ExportTable, export_kind, export_table
from acompana.hub.exports.registry import get_export_kind
from acompana.people.tests.factories import PartnershipFactory
from acompana.visits import services as visit_services

KINDS = [
    "mentors",
    "mentees",
    "pairs",
    "visits",
    "coverage",
    "commitments",
    "attendance",
    "agreements",
    "applications",
]
INJECTION = '=HYPERLINK("http://x")'


def url(kind, fmt="csv", query=""):
    return reverse("hub:export", args=["test-program", kind, fmt]) + query


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(data):
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def schedule(world, *, mentee=None, mentor=None, mode="in_person", round_=None):
    return visit_services.visit_schedule(
        mentor=mentor or world.mentor_profile,
        mentee=mentee or world.mentee_profile,
        scheduled_at=timezone.now(),
        mode=mode,
        round=round_,
        actor=world.coordinator,
    )


def commit(world, visit, text):
    return visit_services.commitment_add(
        visit=visit, text=text, owner="mentee", due_on=None, actor=world.coordinator
    )


def test_the_nine_kinds_are_registered():
    assert set(KINDS) <= set(EXPORTS)


def test_a_new_kind_is_one_decorated_function(world):
    @export_kind("test-rooms", title="Rooms")
    def rooms(*, program, user, filters):
        return ExportTable(["Room"], iter([["A"]]))

    try:
        table = export_table(kind="test-rooms", program=world.program, user=None, params={})
        assert list(table.rows) == [["A"]]
    finally:
        del EXPORTS["test-rooms"]


def test_a_formula_typed_into_a_commitment_and_a_school_name_is_neutralised_in_csv(
    as_persona, world
):
    school = world.mentee_profile.school
    school.name = INJECTION
    school.save()
    commit(world, schedule(world), INJECTION)
    client = as_persona("coordinator")
    rows = read_csv(client.get(url("commitments")))
    assert rows[1][rows[0].index("Commitment")] == "'" + INJECTION
    assert rows[1][rows[0].index("School")] == "'" + INJECTION
    mentees = read_csv(client.get(url("mentees")))
    assert "'" + INJECTION in [r[mentees[0].index("School")] for r in mentees[1:]]


def test_a_formula_is_neutralised_in_xlsx_and_numbers_stay_numbers(as_persona, world):
    school = world.mentee_profile.school
    school.name = INJECTION
    school.save()
    visit = schedule(world)
    commit(world, visit, "-1+2")
    response = as_persona("coordinator").get(url("commitments", "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(b"".join(response.streaming_content))
    header, row = rows[0], rows[1]
    assert row[header.index("Commitment")] == "'-1+2"
    assert row[header.index("School")] == "'" + INJECTION
    assert row[header.index("Visit")] == visit.pk  # a number, not text


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_downloads_as_csv_and_xlsx_for_the_coordinator(as_persona, world, kind):
    schedule(world)
    client = as_persona("coordinator")
    csv_rows = read_csv(client.get(url(kind)))
    xlsx_rows = read_xlsx(b"".join(client.get(url(kind, "xlsx")).streaming_content))
    assert csv_rows[0] == xlsx_rows[0]
    assert len(csv_rows) == len(xlsx_rows)


def test_an_unknown_kind_or_format_is_not_found(as_persona, world):
    client = as_persona("coordinator")
    assert client.get(url("zoom-rooms")).status_code == 404
    assert client.get(url("visits", "pdf")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("mentor", 200),
        ("mentee", 200),
        ("specialist", 200),
        ("trainer", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_visits_are_downloaded_by_those_who_see_the_list(as_persona, world, persona, status):
    schedule(world)
    schedule(world, mentor=world.other_mentor_profile, mentee=world.other_mentee_profile)
    response = as_persona(persona).get(url("visits"))
    assert response.status_code == status
    if status == 200:
        rows = read_csv(response)
        expected = 2 if persona == "coordinator" else 1
        assert len(rows) - 1 == expected


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("coverage", {"coordinator"}),
        ("applications", {"coordinator"}),
        ("mentees", {"coordinator", "mentor", "mentee", "specialist"}),
        ("attendance", {"coordinator", "mentor", "specialist", "trainer"}),
        ("pairs", {"coordinator", "mentor", "mentee", "specialist"}),
    ],
)
def test_each_kind_follows_its_list_page_rules(as_persona, world, kind, allowed):
    for persona in ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher"]:
        status = as_persona(persona).get(url(kind)).status_code
        assert (status == 200) is (persona in allowed), (persona, status)
    assert as_persona("outsider").get(url(kind)).status_code == 404


def test_emails_are_only_in_the_coordinators_people_lists(as_persona, world):
    assert "Email" in read_csv(as_persona("coordinator").get(url("mentors")))[0]
    assert "Email" not in read_csv(as_persona("specialist").get(url("mentors")))[0]


def test_the_pages_filters_apply_to_the_download(as_persona, world):
    client = as_persona("coordinator")
    schedule(world, mode="video")
    schedule(world, mode="in_person")
    visits = read_csv(client.get(url("visits", query="?mode=video")))
    assert [r[visits[0].index("Mode")] for r in visits[1:]] == ["Video call"]
    region = world.mentee_profile.region
    mentees = read_csv(client.get(url("mentees", query=f"?region={region.pk}")))
    codes = {r[0] for r in mentees[1:]}
    assert world.mentee_profile.code in codes
    assert all(
        m.region_id == region.pk for m in type(world.mentee_profile).objects.filter(code__in=codes)
    )
    mentor = read_csv(client.get(url("pairs", query=f"?mentor={world.mentor_profile.code}")))
    assert [r[0] for r in mentor[1:]] == [world.mentor_profile.code]


def test_pairs_show_current_pairs_and_with_history_the_ended_ones(as_persona, world):
    PartnershipFactory(
        program=world.program,
        mentor=world.mentor_profile,
        started_on=datetime.date(2025, 3, 1),
        ended_on=datetime.date(2025, 12, 1),
    )
    client = as_persona("coordinator")
    current = read_csv(client.get(url("pairs")))
    history = read_csv(client.get(url("pairs", query="?history=on")))
    assert len(history) == len(current) + 1
    assert "Ended" in [r[current[0].index("State")] for r in history[1:]]
    assert "Ended" not in [r[current[0].index("State")] for r in current[1:]]


def test_visits_never_carry_the_field_notebook(as_persona, world):
    header = read_csv(as_persona("coordinator").get(url("visits")))[0]
    lowered = " ".join(header).lower()
    assert "note" not in lowered and "interpretation" not in lowered


def test_a_download_streams_rows_from_an_iterator_not_a_list(world):
    table = export_table(kind="visits", program=world.program, user=world.coordinator, params={})
    assert not isinstance(table.rows, list | tuple)


def test_a_download_reads_the_rows_in_a_fixed_number_of_queries(
    as_persona, world, django_assert_max_num_queries
):
    client = as_persona("coordinator")
    for _ in range(3):
        commit(world, schedule(world), "Leer")
    with django_assert_max_num_queries(12):
        few = read_csv(client.get(url("commitments")))
    for _ in range(30):
        commit(
            world,
            schedule(world, mentor=world.other_mentor_profile, mentee=world.other_mentee_profile),
            "Leer",
        )
    with django_assert_max_num_queries(12):
        many = read_csv(client.get(url("commitments")))
    assert len(many) - len(few) == 30


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_command_writes_the_whole_program(world, tmp_path, fmt):
    commit(world, schedule(world), INJECTION)
    out = tmp_path / f"c.{fmt}"
    call_command(
        "export", "commitments", "--program", "test-program", "--format", fmt, "--out", str(out)
    )
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    else:
        rows = read_xlsx(out.read_bytes())
    assert rows[0][6] == "Compromiso"  # Spanish labels by default
    assert rows[1][6] == "'" + INJECTION


def test_the_command_knows_exactly_the_registered_kinds(world, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("export", "nothing", "--program", "test-program", "--out", str(tmp_path / "x"))
    assert get_export_kind("agreements").name == "agreements"


API = "/api/v1/programs/test-program/exports"


def test_the_api_lists_the_kinds_with_their_filters(api_as, world):
    body = api_as("coordinator").get(f"{API}/").json()
    by_name = {k["name"]: k for k in body}
    assert set(KINDS) <= set(by_name)
    assert "mode" in by_name["visits"]["filters"]
    assert api_as("outsider").get(f"{API}/").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_api_downloads_a_kind_with_filters_and_neutralised_cells(api_as, world, fmt):
    commit(world, schedule(world), INJECTION)
    commit(world, schedule(world, mode="video"), "Leer")
    response = api_as("coordinator").get(f"{API}/commitments/download/?to={fmt}&status=open")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        rows = read_xlsx(data)
    texts = {r[rows[0].index("Commitment")] for r in rows[1:]}
    assert texts == {"'" + INJECTION, "Leer"}


def test_the_api_download_follows_the_list_rules(api_as, world):
    assert api_as("trainer").get(f"{API}/visits/download/").status_code == 403
    assert api_as("outsider").get(f"{API}/visits/download/").status_code == 404
    assert api_as("coordinator").get(f"{API}/nothing/download/").status_code == 404
    assert api_as("coordinator").get(f"{API}/visits/download/?to=pdf").status_code == 400


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("people:mentors", "mentors"),
        ("people:mentees", "mentees"),
        ("visits:coverage", "coverage"),
        ("agreements:list", "agreements"),
    ],
)
def test_each_list_page_links_its_download_with_the_filters_shown(as_persona, world, page, kind):
    schedule(world)
    html = (
        as_persona("coordinator")
        .get(reverse(page, args=["test-program"]) + "?status=&page=2")
        .content.decode()
    )
    assert url(kind, "csv", "?status=") in html
    assert url(kind, "xlsx", "?status=") in html


def test_an_id_filter_beyond_any_id_is_ignored_not_an_error(as_persona, world):
    schedule(world)
    client = as_persona("coordinator")
    response = client.get(url("visits", query="?round=99999999999999999999999"))
    assert response.status_code == 200
    assert len(read_csv(response)) == 2


def test_a_streamed_download_keeps_the_readers_language_to_the_last_row(as_persona, world):
    schedule(world)
    client = as_persona("coordinator")
    client.cookies["django_language"] = "es"
    rows = read_csv(client.get(url("visits")))
    assert rows[0][rows[0].index("Estado")] == "Estado"
    assert rows[1][rows[0].index("Estado")] == "Programada"
