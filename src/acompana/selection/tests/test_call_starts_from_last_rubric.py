"""A new call for mentors starts from the rubric of the program's last call (issue 12)."""

import datetime

from acompana.selection import services
from acompana.selection.rubric_json import default_rubric_json
from acompana.selection.tests.test_rubric_and_list import make_call


def test_a_programs_first_call_starts_from_the_default_rubric(world):
    assert make_call(world).rubric == default_rubric_json()


def test_a_new_call_starts_from_the_last_calls_edited_rubric(world):
    first = make_call(world, title="Convocatoria 2026")
    code = first.rubric["criteria"][0]["code"]
    services.rubric_criterion_remove(call=first, code=code, actor=world.coordinator)
    first.refresh_from_db()
    later = services.call_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title="Convocatoria 2027",
        opens_on=first.opens_on + datetime.timedelta(days=365),
        closes_on=first.closes_on + datetime.timedelta(days=365),
        actor=world.coordinator,
    )
    assert later.rubric == first.rubric
    assert code not in {item["code"] for item in later.rubric["criteria"]}
