"""What profile pages show of field work: rubric results over time, accompaniment history."""

from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from acompana.accounts.models import Role
from acompana.accounts.permissions import roles_in
from acompana.common import charts
from acompana.common.shipped import in_reader_language
from acompana.visits.instruments import results_over_time
from acompana.visits.models import AccompanimentObservation, Instrument, InstrumentResponse


def _level_name(levels: list[dict[str, Any]], value: float) -> str:
    """The rubric level a value stands for, else the number."""
    names = {level.get("value"): level.get("label") for level in levels}
    name = names.get(int(value)) if value == int(value) else None
    return in_reader_language(str(name)) if name else charts.number(value)


def mentee_result_charts(*, mentee: Any) -> list[tuple[Instrument, SafeString]]:
    """One line chart per rubric the mentee was observed with: each criterion's level by visit."""
    used = Instrument.objects.filter(
        kind=Instrument.Kind.RUBRIC,
        pk__in=InstrumentResponse.objects.filter(visit__mentee=mentee).values("instrument_id"),
    )
    result = []
    for instrument in used:
        series = results_over_time(mentee=mentee, instrument=instrument)
        dates = sorted({when for points in series.values() for when, _level in points})
        position = {when: i for i, when in enumerate(dates)}
        chart = charts.lines(
            {
                code: [(position[when], float(level)) for when, level in points]
                for code, points in series.items()
            },
            x_labels=[date_format(d, "SHORT_DATE_FORMAT") for d in dates],
            low=1,
            high=max(len(instrument.levels), 2),
            y_labels=[str(level["label"]).split(" ")[0] for level in instrument.levels],
            title=in_reader_language(instrument.name),
            value_format=partial(_level_name, instrument.levels),
        )
        result.append((instrument, chart))
    return result


def observations_of_mentor(*, user: Any, mentor: Any) -> QuerySet[AccompanimentObservation]:
    """The accompaniment history of a mentor: for the mentor, their specialists, coordinators."""
    allowed = (
        mentor.user_id == user.pk
        or Role.COORDINATOR in roles_in(user, mentor.program)
        or mentor.specialist_assignments.filter(specialist=user).exists()
    )
    if not allowed:
        return AccompanimentObservation.objects.none()
    return AccompanimentObservation.objects.filter(visit__mentor=mentor).select_related(
        "visit__mentee__user", "specialist"
    )
