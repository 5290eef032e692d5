import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from acompana.common.models import AuditEntry
from acompana.people.tests.factories import MenteeProfileFactory
from acompana.surveys import services
from acompana.surveys.defaults import TEMPLATES
from acompana.surveys.models import Answer, Distribution, Invitation, Question, Response, bilingual
from acompana.surveys.selectors import MIN_CELL, export_table, results
from acompana.surveys.tests.factories import full_answers, send, template_questionnaire
from acompana.visits.services import visit_schedule, visit_status_change


def cohort_of(world):
    return world.program.cohorts.get()


def test_every_template_copies_with_bilingual_texts(world):
    for key in TEMPLATES:
        questionnaire = template_questionnaire(world.program, key)
        questions = list(questionnaire.questions.all())
        assert questions and all(q.text_es and q.text_en for q in questions)
        for q in questions:
            if q.has_options:
                assert q.options.count() >= 2
                assert all(o.text_es and o.text_en for o in q.options.all())


def test_texts_follow_the_active_language_and_fall_back_to_the_other(settings):
    from django.utils import translation

    with translation.override("es"):
        assert bilingual("Hola", "Hello") == "Hola"
        assert bilingual("", "Hello") == "Hello"
    with translation.override("en"):
        assert bilingual("Hola", "Hello") == "Hello"
        assert bilingual("Hola", "") == "Hola"


def test_a_sent_questionnaire_is_locked_and_a_new_version_is_editable(world):
    questionnaire = template_questionnaire(world.program)
    send(questionnaire, cohort=cohort_of(world))
    first = questionnaire.questions.first()
    with pytest.raises(ValidationError):
        services.question_save(
            questionnaire=questionnaire,
            question=first,
            kind="text",
            text_es="x",
            text_en="",
            actor=None,
        )
    with pytest.raises(ValidationError):
        services.question_delete(question=first, actor=None)
    copy = services.questionnaire_new_version(questionnaire=questionnaire, actor=None)
    assert copy.version == 2 and copy.based_on == questionnaire
    assert copy.questions.count() == questionnaire.questions.count()
    services.question_delete(question=copy.questions.first(), actor=None)
    assert list(copy.questions.values_list("position", flat=True)) == list(
        range(1, questionnaire.questions.count())
    )
    assert questionnaire.questions.count() == len(TEMPLATES["mentee_satisfaction"]["questions"])


def test_questions_are_added_moved_and_checked(world):
    questionnaire = services.questionnaire_create(
        program=world.program, title_es="Prueba", title_en="", actor=world.coordinator
    )
    a = services.question_save(
        questionnaire=questionnaire, kind="likert", text_es="Uno", text_en="One", actor=None
    )
    b = services.question_save(
        questionnaire=questionnaire,
        kind="single",
        text_es="Dos",
        text_en="Two",
        options=[("Sí", "Yes"), ("No", "No")],
        actor=None,
    )
    services.question_move(question=b, offset=-1, actor=None)
    assert list(questionnaire.questions.values_list("text_en", flat=True)) == ["Two", "One"]
    with pytest.raises(ValidationError):
        services.question_save(
            questionnaire=questionnaire,
            kind="single",
            text_es="x",
            text_en="",
            options=[("a", "")],
            actor=None,
        )
    with pytest.raises(ValidationError):
        services.question_save(
            questionnaire=questionnaire,
            kind="number",
            text_es="n",
            text_en="",
            min_value=Decimal(5),
            max_value=Decimal(1),
            actor=None,
        )
    assert a.pk


def test_a_milestone_survey_invites_the_role_in_the_cohort_and_emails_them(world, _third_mentee):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=cohort_of(world))
    invited = set(distribution.invitations.values_list("user__email", flat=True))
    assert invited == {
        world.mentee.email,
        world.other_mentee_profile.user.email,
        _third_mentee.user.email,
    }
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(invited)


def test_emails_follow_each_persons_preferred_language(world):
    world.mentee.preferred_language = "es"
    world.mentee.save()
    questionnaire = template_questionnaire(world.program)
    send(questionnaire, cohort=cohort_of(world))
    spanish = next(m for m in mail.outbox if m.to == [world.mentee.email])
    english = next(m for m in mail.outbox if m.to != [world.mentee.email])
    assert "Satisfacción del directivo" in spanish.subject
    assert "Mentee satisfaction" in english.subject


def test_reminders_go_to_those_who_have_not_answered_and_stop_after_the_maximum(
    world, settings, _third_mentee
):
    settings.SURVEY_REMINDER_EVERY_DAYS = 0
    settings.SURVEY_REMINDER_MAX = 1
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=cohort_of(world))
    mine = distribution.invitations.get(user=world.mentee)
    services.response_submit(
        invitation=mine, answers=full_answers(questionnaire), actor=world.mentee
    )
    mail.outbox.clear()
    call_command("send_survey_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.other_mentee_profile.user.email, _third_mentee.user.email]
    )
    call_command("send_survey_reminders")
    assert len(mail.outbox) == 2


def test_a_survey_opening_later_is_emailed_by_the_command_on_its_day(world):
    questionnaire = template_questionnaire(world.program)
    today = timezone.localdate()
    distribution = services.distribution_create(
        questionnaire=questionnaire,
        role="mentor",
        cohort=cohort_of(world),
        trigger="after_induction",
        anonymous=False,
        opens_on=today + datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=9),
        actor=None,
    )
    assert mail.outbox == []
    call_command("send_survey_reminders")
    assert mail.outbox == []
    Distribution.objects.filter(pk=distribution.pk).update(opens_on=today)
    call_command("send_survey_reminders")
    assert len(mail.outbox) == 2


def test_an_anonymous_response_has_no_link_to_the_person(world):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=cohort_of(world))
    invitation = distribution.invitations.get(user=world.mentee)
    before = AuditEntry.objects.count()
    response = services.response_submit(
        invitation=invitation, answers=full_answers(questionnaire), actor=world.mentee
    )
    assert response.respondent is None and response.submitted_on is None
    assert response.cohort == cohort_of(world) and response.role == "mentee"
    invitation.refresh_from_db()
    assert invitation.answered
    # No field of the invitation points at the response, and nothing was audited.
    assert not any(
        f.is_relation and f.related_model is Response for f in Invitation._meta.get_fields()
    )
    assert AuditEntry.objects.count() == before
    _header, rows = export_table(questionnaire=questionnaire)
    for row in rows:
        assert world.mentee.email not in row and str(world.mentee) not in row


def test_a_named_response_names_the_respondent_and_is_audited(world):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=cohort_of(world), anonymous=False)
    invitation = distribution.invitations.get(user=world.mentee)
    response = services.response_submit(
        invitation=invitation, answers=full_answers(questionnaire), actor=world.mentee
    )
    assert response.respondent == world.mentee
    assert response.submitted_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="surveys.response.submitted").exists()
    _header, rows = export_table(questionnaire=questionnaire)
    assert world.mentee.email in next(iter(rows))


def test_answers_are_validated_and_given_once(world):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=cohort_of(world))
    invitation = distribution.invitations.get(user=world.mentee)
    likert = questionnaire.questions.filter(kind="likert").first()
    number = questionnaire.questions.get(kind="number")
    answers = full_answers(questionnaire)
    with pytest.raises(ValidationError) as exc:
        services.response_submit(
            invitation=invitation,
            answers={**answers, likert.pk: 9, number.pk: 11},
            actor=world.mentee,
        )
    assert set(exc.value.message_dict) == {str(likert.pk), str(number.pk)}
    with pytest.raises(ValidationError) as exc:
        services.response_submit(
            invitation=invitation, answers={**answers, likert.pk: ""}, actor=world.mentee
        )
    assert str(likert.pk) in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.response_submit(invitation=invitation, answers=answers, actor=world.mentor)
    services.response_submit(invitation=invitation, answers=answers, actor=world.mentee)
    with pytest.raises(ValidationError):
        services.response_submit(invitation=invitation, answers=answers, actor=world.mentee)
    assert Response.objects.count() == 1


def test_a_closed_survey_takes_no_answers(world):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=cohort_of(world))
    Distribution.objects.filter(pk=distribution.pk).update(
        opens_on=timezone.localdate() - datetime.timedelta(days=20),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    invitation = distribution.invitations.get(user=world.mentee)
    with pytest.raises(ValidationError):
        services.response_submit(
            invitation=invitation, answers=full_answers(questionnaire), actor=world.mentee
        )


def test_marking_a_visit_done_invites_the_mentee_to_after_visit_surveys(world):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, trigger=Distribution.Trigger.AFTER_VISIT)
    assert distribution.invitations.count() == 0
    visit = visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now() - datetime.timedelta(days=1),
        mode="in_person",
        place="I.E. 50123",
        actor=world.mentor,
    )
    visit_status_change(visit=visit, status="done", actor=world.mentor)
    invitation = distribution.invitations.get()
    assert invitation.user == world.mentee and invitation.visit == visit
    assert invitation.cohort == cohort_of(world)


def test_after_visit_surveys_go_to_mentees_only(world):
    questionnaire = template_questionnaire(world.program)
    with pytest.raises(ValidationError):
        send(questionnaire, role="mentor", trigger=Distribution.Trigger.AFTER_VISIT)


def test_results_count_answers_and_suppress_small_breakdown_groups(world):
    cohort = cohort_of(world)
    MenteeProfileFactory(program=world.program).cohorts.add(cohort)  # with the third: four
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=cohort)
    invitations = list(distribution.invitations.select_related("user"))
    assert len(invitations) == 4
    for i, invitation in enumerate(invitations[:3]):
        services.response_submit(
            invitation=invitation,
            answers=full_answers(questionnaire, likert=5 - i, text=f"texto {2 - i}"),
            actor=invitation.user,
        )
    outcome = results(questionnaire=questionnaire, by="cohort")
    assert outcome.responses == 3
    first = outcome.questions[0]
    assert first.question.kind == Question.Kind.LIKERT
    assert [n for _label, n in first.counts] == [0, 0, 1, 1, 1]
    assert first.mean == 4.0
    assert first.groups == [
        {
            "name": str(cohort),
            "suppressed": False,
            "respondents": 3,
            "counts": [0, 0, 1, 1, 1],
            "mean": 4.0,
        }
    ]
    texts = next(r for r in outcome.questions if r.question.kind == "text")
    assert texts.texts == ["texto 0", "texto 1", "texto 2"]  # sorted, not in order given
    # A fourth response in another group of one person: that group is suppressed.
    other = Response.objects.create(distribution=distribution, role="mentor", modality="")
    Answer.objects.create(response=other, question=first.question, number=1)
    outcome = results(questionnaire=questionnaire, by="role")
    assert {"name": "Mentor", "suppressed": True} in outcome.questions[0].groups
    assert outcome.suppressed >= 1
    assert MIN_CELL == 3


def test_results_show_a_capped_number_of_open_answers_alphabetically_and_count_them_all(
    world, monkeypatch
):
    from acompana.surveys import selectors

    monkeypatch.setattr(selectors, "TEXTS_SHOWN", 2)
    cohort = cohort_of(world)
    MenteeProfileFactory(program=world.program).cohorts.add(cohort)
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=cohort)
    for i, invitation in enumerate(distribution.invitations.select_related("user")[:3]):
        services.response_submit(
            invitation=invitation,
            answers=full_answers(questionnaire, likert=5 - i, text=f"texto {2 - i}"),
            actor=invitation.user,
        )
    outcome = results(questionnaire=questionnaire)
    texts = next(r for r in outcome.questions if r.question.kind == "text")
    assert len(texts.texts) == 2 and texts.texts == sorted(texts.texts)
    assert set(texts.texts) < {"texto 0", "texto 1", "texto 2"}
    assert texts.text_total == 3 and outcome.responses == 3
    assert [n for _label, n in outcome.questions[0].counts] == [0, 0, 1, 1, 1]
