"""Selection pages on the design system: an application's status is a state badge, and a call
nobody has applied to yet shows, in its empty ranking, the public link to share."""

import pytest
from django.urls import reverse

from acompana.selection.tests.test_rubric_and_list import make_call
from acompana.selection.tests.test_selection import apply


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_applications_status_is_a_badge_in_the_list_and_on_its_page(world, as_persona):
    application = apply(make_call(world), world.outsider)
    client = as_persona("coordinator")
    listed = client.get(reverse("selection:applications", args=[world.program.slug]))
    assert '<span class="badge warning">Submitted</span>' in listed.content.decode()
    page = client.get(reverse("selection:application", args=[world.program.slug, application.pk]))
    assert '<span class="badge warning" id="status">Submitted</span>' in page.content.decode()


def test_a_call_without_applications_shows_the_public_link_to_share(world, as_persona):
    call = make_call(world)
    body = as_persona("coordinator").get(
        reverse("selection:call", args=[world.program.slug, call.pk])
    )
    ranking = body.content.decode().split('id="ranking"', 1)[1].split("</table>", 1)[0]
    empty = ranking.split('class="empty"', 1)[1].split("</td>", 1)[0]
    assert "No applications yet." in empty
    assert reverse("selection:call_public", args=[world.program.slug, call.pk]) in empty
