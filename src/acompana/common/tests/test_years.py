import datetime

from django.utils import timezone

from acompana.common.years import shift_date, shift_datetime, shift_span, shift_text

D = datetime.date


def test_a_date_moves_by_whole_years():
    assert shift_date(D(2021, 4, 12), 1) == D(2022, 4, 12)
    assert shift_date(D(2022, 4, 12), -1) == D(2021, 4, 12)


def test_a_leap_day_becomes_february_28_in_a_common_year():
    assert shift_date(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert shift_date(D(2024, 2, 29), 4) == D(2028, 2, 29)


def test_a_span_crossing_a_year_end_keeps_its_order_and_length():
    start, end = shift_span(D(2021, 12, 6), D(2022, 2, 18), 1)
    assert (start, end) == (D(2022, 12, 6), D(2023, 2, 18))
    assert start < end


def test_a_span_over_a_leap_day_keeps_its_number_of_days():
    start, end = shift_span(D(2023, 12, 1), D(2024, 3, 1), 1)
    assert start == D(2024, 12, 1)
    assert end - start == D(2024, 3, 1) - D(2023, 12, 1)


def test_a_moment_keeps_its_local_wall_clock_time():
    zone = timezone.get_default_timezone()
    moment = datetime.datetime(2021, 3, 8, 9, 30, tzinfo=zone)
    moved = shift_datetime(moment.astimezone(datetime.UTC), 1)
    assert timezone.localtime(moved).replace(tzinfo=None) == datetime.datetime(2022, 3, 8, 9, 30)


def test_a_title_naming_the_year_names_the_new_year():
    assert shift_text("Ronda 1 · diagnóstico 2021", 2021, 1) == "Ronda 1 · diagnóstico 2022"
    assert shift_text("Plan 20210", 2021, 1) == "Plan 20210"
