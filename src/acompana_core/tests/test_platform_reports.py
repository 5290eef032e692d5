"""Reading video platforms' participants reports and matching them to invited people."""

import pytest

from acompana_core import platform_reports as r


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45", 45),
        ("45,5", 45.5),
        ("1:05", 65),
        ("01:05:30", 65.5),
        ("1h 5m 30s", 65.5),
        ("1 hr 5 min", 65),
        ("55 min", 55),
        ("30s", 0.5),
        ("2 horas 3 minutos", 123),
    ],
)
def test_durations_are_read_in_each_platforms_notation(text, minutes):
    assert r.parse_minutes(text) == pytest.approx(minutes)


@pytest.mark.parametrize("text", ["", "abc", "-5", "12 apples", "5000"])
def test_a_duration_that_is_not_minutes_is_refused(text):
    with pytest.raises(ValueError):
        r.parse_minutes(text)


def test_formats_are_recognised_by_their_columns():
    zoom = ["name_(original_name)", "user_email", "join_time", "leave_time", "duration_(minutes)"]
    assert r.recognise(zoom) == r.ZOOM
    teams = ["name", "first_join", "last_leave", "in-meeting_duration", "email", "role"]
    assert r.recognise(teams) == r.TEAMS
    meet = ["first_name", "last_name", "email", "duration", "time_joined", "time_exited"]
    assert r.recognise(meet) == r.MEET
    assert r.recognise(["persona", "minutos"]) is None


def test_names_fold_without_accents_case_or_parenthesised_parts():
    assert r.fold_name("  ROSA  Quíspe (Rosa Q.) ") == "rosa quispe"
    assert r.fold_name("Nuñez, José") == "nunez jose"


def test_rows_match_by_email_then_name_and_reconnections_add_up():
    rows = [
        r.ReportRow(2, "Rosa Q", "ROSA@x.org".lower(), 40),
        r.ReportRow(3, "Rosa Q", "rosa@x.org", 35.5),
        r.ReportRow(4, "josé nuñez", "", 20),
        r.ReportRow(5, "Invitado", "", 10),
        r.ReportRow(6, "Invitado", "", 5),
    ]
    people = [r.Person(1, "Rosa Quispe", "rosa@x.org"), r.Person(2, "José Núñez", "j@x.org")]
    result = r.match(rows, people)
    assert result.minutes == {1: 75.5, 2: 20}
    assert result.by == {1: "email", 2: "name"}
    [guest] = result.unmatched
    assert (guest.name, guest.minutes, guest.lines) == ("Invitado", 15, [5, 6])


def test_a_name_two_people_share_matches_neither():
    people = [r.Person(1, "Ana Díaz", "a1@x.org"), r.Person(2, "Ana Diaz", "a2@x.org")]
    result = r.match([r.ReportRow(2, "ana diaz", "", 30)], people)
    assert result.minutes == {}
    assert len(result.unmatched) == 1


def test_the_minimum_minutes_rule():
    assert r.status_for(None, 60) == r.ABSENT
    assert r.status_for(0, 60) == r.ABSENT
    assert r.status_for(59.9, 60) == r.PARTIAL
    assert r.status_for(60, 60) == r.PRESENT


def test_unreadable_rows_come_back_with_their_lines():
    rows = [
        (2, {"name": "A", "email": "a@x.org", "duration": "10"}),
        (3, {"name": "", "email": "", "duration": "10"}),
        (4, {"name": "B", "email": "not an email", "duration": "10"}),
        (5, {"name": "C", "email": "", "duration": "ten"}),
    ]
    good, errors = r.read_rows(
        r.MAPPED, rows, mapping={"name": "name", "email": "email", "duration": "duration"}
    )
    assert [g.line for g in good] == [2]
    assert [e.line for e in errors] == [3, 4, 5]
