"""The pairing-fit question: once per pair and side after the first done visit, one open
question per person at a time, and poor answers put the pair on the re-matching list."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from acompana.health.fit import fit_collect, fit_send, fit_tick
from acompana.health.models import FitCheck
from acompana.health.selectors import health_scope
from acompana.people.tests.factories import PartnershipFactory
from acompana.surveys.models import Invitation, Question
from acompana.surveys.services import response_submit
from acompana.visits.models import Visit

pytestmark = pytest.mark.django_db


def done(pair, days_ago: int = 3, status=Visit.Status.DONE) -> Visit:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return Visit.objects.create(
        program=pair.program,
        mentor=pair.mentor,
        mentee=pair.mentee,
        mode="in_person",
        scheduled_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        status=status,
    )


def pair_of(world, **kwargs):
    return PartnershipFactory(
        program=world.program,
        cohort=world.program.cohorts.get(),
        started_on=timezone.localdate() - datetime.timedelta(days=60),
        **kwargs,
    )


def answer(invitation: Invitation, likert: int) -> None:
    questions = invitation.distribution.questionnaire.questions.all()
    answers = {q.pk: (likert if q.kind == Question.Kind.LIKERT else "Bien") for q in questions}
    response_submit(invitation=invitation, answers=answers, actor=invitation.user)


def test_the_question_goes_to_both_sides_once_after_the_first_done_visit(world):
    pair = pair_of(world)
    done(pair, 10)
    done(pair, 2)

    assert fit_send() == 2
    assert fit_send() == 0
    invited = {c.invitation.user_id for c in FitCheck.objects.filter(partnership=pair)}
    assert invited == {pair.mentor.user_id, pair.mentee.user_id}
    first = FitCheck.objects.filter(partnership=pair).first().invitation.visit
    assert first.scheduled_at < timezone.now() - datetime.timedelta(days=9)


def test_a_pair_with_only_planned_or_cancelled_visits_is_not_asked(world):
    pair = pair_of(world)
    done(pair, -2, status=Visit.Status.PLANNED)
    done(pair, 2, status=Visit.Status.CANCELLED)

    assert fit_send() == 0


def test_a_mentor_is_asked_about_one_pair_at_a_time(world):
    first = pair_of(world, mentor=world.mentor_profile)
    second = pair_of(world, mentor=world.mentor_profile)
    done(first)
    done(second)

    fit_send()
    mine = FitCheck.objects.filter(role="mentor", invitation__user=world.mentor)
    assert mine.count() == 1
    answer(mine.get().invitation, 4)
    fit_tick()

    assert mine.count() == 2
    assert mine.filter(poor=False).count() == 1


def test_a_poor_answer_puts_the_pair_on_the_rematching_list(world, client):
    poor, fine = pair_of(world), pair_of(world)
    done(poor)
    done(fine)
    fit_send()
    answer(FitCheck.objects.get(partnership=poor, role="mentee").invitation, 2)
    answer(FitCheck.objects.get(partnership=fine, role="mentee").invitation, 3)

    assert fit_collect() == 2
    health = health_scope(user=world.coordinator, program=world.program)
    assert set(health.refit()) == {poor}
    client.force_login(world.coordinator)
    page = client.get(reverse("health:list", args=[world.program.slug, "refit"]))
    assert poor.mentee.code in page.content.decode()
    assert reverse("matching:runs", args=[world.program.slug]) in page.content.decode()


def test_the_invitations_are_emailed(world, django_capture_on_commit_callbacks):
    pair = pair_of(world)
    done(pair)

    with django_capture_on_commit_callbacks(execute=True):
        fit_send()

    assert {m.to[0] for m in mail.outbox} >= {pair.mentee.user.email}
