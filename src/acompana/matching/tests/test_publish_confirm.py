"""Publishing a match emails many people: the coordinator first sees how many, then confirms."""

import pytest
from django.core import mail
from django.urls import reverse

from acompana.matching import services
from acompana.matching.models import MatchRun
from acompana.matching.selectors import publish_recipients
from acompana.people.models import Partnership


def url(world, run, name="matching:publish"):
    return reverse(name, args=[world.program.slug, run.pk])


def test_the_run_page_offers_no_one_click_publication(world, run, as_persona):
    body = as_persona("coordinator").get(url(world, run, "matching:run")).content.decode()
    assert f'action="{url(world, run)}"' not in body
    assert f'href="{url(world, run)}"' in body


def test_the_check_page_counts_who_will_be_emailed_and_publishes_nothing(world, run, as_persona):
    partnerships = Partnership.objects.count()
    recipients = publish_recipients(run=run)
    assert recipients.pairs == run.proposals.filter(kept=False).count() > 0
    body = as_persona("coordinator").get(url(world, run)).content.decode()
    assert f'<dd id="publish-emails"><strong>{recipients.emails}</strong></dd>' in body
    assert f'<dd id="publish-mentors">{recipients.mentors}</dd>' in body
    assert f'action="{url(world, run)}"' in body and 'id="confirm-publish"' in body
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    assert Partnership.objects.count() == partnerships and not mail.outbox


def test_confirming_sends_exactly_the_emails_the_check_page_announced(
    world, run, as_persona, django_capture_on_commit_callbacks
):
    announced = publish_recipients(run=run).emails
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("coordinator").post(url(world, run))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    assert len(mail.outbox) == announced


def test_a_published_run_has_nothing_left_to_confirm(
    world, run, as_persona, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.match_run_publish(run=run, actor=world.coordinator)
    body = as_persona("coordinator").get(url(world, run)).content.decode()
    assert 'id="not-publishable"' in body and 'id="confirm-publish"' not in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor", 403), ("mentee", 403), ("specialist", 403), ("trainer", 403), ("outsider", 404)],
)
def test_only_coordinators_open_the_check_page(world, run, as_persona, persona, status):
    assert as_persona(persona).get(url(world, run)).status_code == status
