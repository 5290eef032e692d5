"""A proposed pair's page writes its score in the reader's language, in its title too."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from acompana.matching.tests.test_matching_app import cohort, run_now  # noqa: F401  (fixture)


@pytest.mark.parametrize(("language", "mark"), [("es", ","), ("en", ".")])
def test_the_score_in_the_title_uses_the_reader_s_decimal_mark(
    world,
    cohort,  # noqa: F811
    as_persona,
    django_capture_on_commit_callbacks,
    language,
    mark,
):
    run = run_now(world, cohort, django_capture_on_commit_callbacks)
    proposal = run.proposals.first()
    proposal.score = Decimal("0.87") if isinstance(proposal.score, Decimal) else 0.87
    proposal.save(update_fields=["score"])
    world.coordinator.preferred_language = language
    world.coordinator.save(update_fields=["preferred_language"])

    page = as_persona("coordinator").get(
        reverse("matching:pair", args=[world.program.slug, run.pk, proposal.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )

    title = re.search(r"<title>(.*?)</title>", page.content.decode(), re.S).group(1)
    assert f"(0{mark}87)" in title
