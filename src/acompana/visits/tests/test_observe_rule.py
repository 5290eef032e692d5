"""Who may record an accompaniment observation of a visit is one rule
(``visit_access(...).observe``): the page's form and the API's endpoint both ask it."""

import datetime

import pytest
from django.utils import timezone

from acompana.visits import services
from acompana.visits.selectors import visit_access


@pytest.fixture
def visit(world):
    return services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now() + datetime.timedelta(days=2),
        mode="in_person",
        actor=world.mentor,
    )


@pytest.mark.parametrize(
    ("persona", "observes"),
    [("specialist", True), ("coordinator", False), ("mentor", False), ("mentee", False)],
)
def test_only_the_specialist_who_accompanies_the_mentor_observes(world, visit, persona, observes):
    assert visit_access(user=world.persona(persona), visit=visit).observe is observes


def test_the_visit_page_offers_the_observation_form_only_to_that_specialist(
    world, visit, as_persona
):
    url = f"/p/{world.program.slug}/visits/{visit.pk}/"

    specialist_page = as_persona("specialist").get(url).content.decode()
    coordinator_page = as_persona("coordinator").get(url).content.decode()

    observe = f"/p/{world.program.slug}/visits/{visit.pk}/observations/"
    assert f'action="{observe}"' in specialist_page
    assert f'action="{observe}"' not in coordinator_page
