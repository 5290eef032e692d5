# ruff: noqa: F811  (pytest fixtures imported from the research tests)
"""The optimistic check on researchers' edits holds across a daylight-saving change."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from acompana.research import services
from acompana.research.models import Code
from acompana.research.tests.test_services_setup import code_named, study  # noqa: F401

pytestmark = pytest.mark.django_db
# 23:30 on 4 April 2026 happens twice in Santiago de Chile: clocks go back at midnight.
REPEATED = datetime.datetime(2026, 4, 5, 3, 30, tzinfo=datetime.UTC)


def test_a_fresh_read_in_the_repeated_hour_of_a_dst_change_is_not_taken_for_a_stale_one(
    study, world
):
    code = code_named(study, "Inducción del mentor")
    Code.objects.filter(pk=code.pk).update(updated_at=REPEATED)
    seen_in_santiago = REPEATED.astimezone(ZoneInfo("America/Santiago"))
    assert seen_in_santiago.fold == 1

    services.code_update(
        code=code, actor=world.coordinator, seen_at=seen_in_santiago, definition="Mine"
    )

    code.refresh_from_db()
    assert code.definition == "Mine"


def test_a_read_from_before_someone_elses_save_is_still_refused(study, world):
    code = code_named(study, "Inducción del mentor")
    Code.objects.filter(pk=code.pk).update(updated_at=REPEATED)
    earlier = (REPEATED - datetime.timedelta(hours=1)).astimezone(ZoneInfo("America/Santiago"))

    with pytest.raises(ValidationError):
        services.code_update(code=code, actor=world.coordinator, seen_at=earlier, definition="x")
