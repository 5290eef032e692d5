import pytest
from conftest import PERSONAS
from django.urls import reverse
from django.utils import timezone

from acompana.surveys.models import Invitation, Response
from acompana.surveys.tests.factories import full_answers, send, template_questionnaire

COORDINATOR_ONLY = {name: 403 for name in PERSONAS} | {"coordinator": 200, "outsider": 404}
EVERY_MEMBER = {name: 200 for name in PERSONAS} | {"outsider": 404}


@pytest.fixture
def sent(world):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, cohort=world.program.cohorts.get())
    return questionnaire, distribution


def pages(world, questionnaire, distribution):
    slug = world.program.slug
    return {
        "index": (reverse("surveys:index", args=[slug]), COORDINATOR_ONLY),
        "questionnaire": (
            reverse("surveys:questionnaire", args=[slug, questionnaire.pk]),
            COORDINATOR_ONLY,
        ),
        "send": (reverse("surveys:send", args=[slug, questionnaire.pk]), COORDINATOR_ONLY),
        "results": (reverse("surveys:results", args=[slug, questionnaire.pk]), COORDINATOR_ONLY),
        "export": (
            reverse("surveys:export", args=[slug, questionnaire.pk, "csv"]),
            COORDINATOR_ONLY,
        ),
        "distribution": (
            reverse("surveys:distribution", args=[slug, distribution.pk]),
            COORDINATOR_ONLY,
        ),
        "mine": (reverse("surveys:mine", args=[slug]), EVERY_MEMBER),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_answers_each_persona_as_the_permission_matrix_says(
    world, as_persona, sent, persona
):
    client = as_persona(persona)
    for name, (url, expected) in pages(world, *sent).items():
        assert client.get(url).status_code == expected[persona], (name, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_invited_person_opens_their_answer_form(world, as_persona, sent, persona):
    _questionnaire, distribution = sent
    token = distribution.invitations.get(user=world.mentee).token
    url = reverse("surveys:answer", args=[world.program.slug, token])
    expected = {"mentee": 200, "outsider": 404}.get(persona, 404)
    assert as_persona(persona).get(url).status_code == expected


def test_only_coordinators_copy_templates(world, as_persona):
    url = reverse("surveys:template_copy", args=[world.program.slug])
    assert as_persona("mentor").post(url, {"key": "mentor_induction"}).status_code == 403
    assert as_persona("outsider").post(url, {"key": "mentor_induction"}).status_code == 404
    response = as_persona("coordinator").post(url, {"key": "mentor_induction"})
    assert response.status_code == 302
    assert world.program.questionnaires.get().template_key == "mentor_induction"


def test_the_coordinator_sends_a_template_a_mentee_answers_and_the_chart_shows_it(world, client):
    slug = world.program.slug
    cohort = world.program.cohorts.get()
    client.force_login(world.coordinator)
    client.post(reverse("surveys:template_copy", args=[slug]), {"key": "mentee_satisfaction"})
    questionnaire = world.program.questionnaires.get()
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:send", args=[slug, questionnaire.pk]),
        {
            "cohort": cohort.pk,
            "role": "mentee",
            "trigger": "mid_program",
            "anonymous": "on",
            "opens_on": today.isoformat(),
            "closes_on": today.isoformat(),
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    client.force_login(world.mentee)
    mine = client.get(reverse("surveys:mine", args=[slug]))
    assert questionnaire.title_en in mine.content.decode()
    invitation = Invitation.objects.get(user=world.mentee)
    answers = full_answers(questionnaire, likert=5, text="Escucha antes de proponer")
    data = {}
    for pk, value in answers.items():
        data[f"q_{pk}"] = value
    response = client.post(reverse("surveys:answer", args=[slug, invitation.token]), data)
    assert response.status_code == 302
    assert Response.objects.get().respondent is None
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:results", args=[slug, questionnaire.pk])).content.decode()
    assert "<svg" in page and "Strongly agree: 1" not in page  # bars carry the label and count
    assert "Escucha antes de proponer" in page
    assert ">1</text>" in page
    assert world.mentee.email not in page and str(world.mentee) not in page


def test_anonymous_answers_cannot_be_traced_through_pages_or_exports(world, client, sent):
    questionnaire, distribution = sent
    invitation = distribution.invitations.get(user=world.mentee)
    client.force_login(world.mentee)
    data = {f"q_{pk}": v for pk, v in full_answers(questionnaire, text="secreto").items()}
    client.post(reverse("surveys:answer", args=[world.program.slug, invitation.token]), data)
    client.force_login(world.coordinator)
    slug = world.program.slug
    names = {world.mentee.email, str(world.mentee), world.mentee_profile.code}
    for url in [
        reverse("surveys:index", args=[slug]),
        reverse("surveys:distribution", args=[slug, distribution.pk]),
        reverse("surveys:results", args=[slug, questionnaire.pk]) + "?by=cohort",
        reverse("surveys:results", args=[slug, questionnaire.pk]) + "?by=role",
        reverse("surveys:export", args=[slug, questionnaire.pk, "csv"]),
    ]:
        body = client.get(url).content.decode("utf-8-sig")
        assert not any(name in body for name in names), url
    csv = client.get(reverse("surveys:export", args=[slug, questionnaire.pk, "csv"]))
    assert "secreto" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("surveys:export", args=[slug, questionnaire.pk, "xlsx"]))
    assert xlsx.status_code == 200 and world.mentee.email.encode() not in xlsx.content


def test_the_home_page_lists_surveys_to_answer(world, client, sent):
    client.force_login(world.mentee)
    page = client.get(reverse("hub:home")).content.decode()
    assert "Surveys to answer" in page and sent[0].title_en in page


def test_a_sent_questionnaire_cannot_be_edited_from_the_builder(world, client, sent):
    questionnaire, _distribution = sent
    client.force_login(world.coordinator)
    args = [world.program.slug, questionnaire.pk]
    first = questionnaire.questions.first()
    client.post(reverse("surveys:question_delete", args=args), {"question": first.pk})
    assert questionnaire.questions.filter(pk=first.pk).exists()
    response = client.post(reverse("surveys:new_version", args=args), follow=True)
    assert 'id="question-form"' in response.content.decode()  # the new version is editable
    assert world.program.questionnaires.count() == 2


def test_the_survey_list_runs_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    for key in ["mentor_induction", "mentee_satisfaction", "end_of_program"]:
        send(template_questionnaire(world.program, key), cohort=world.program.cohorts.get())
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("surveys:index", args=[world.program.slug])).status_code == 200


def test_the_people_invited_to_a_named_survey_are_listed_a_hundred_at_a_time(
    world, as_persona, django_assert_max_num_queries
):
    from acompana.people.tests.factories import MenteeProfileFactory

    for n in range(120):
        MenteeProfileFactory(program=world.program, user__email=f"invitee-{n:03}@example.org")
    distribution = send(template_questionnaire(world.program), anonymous=False)
    assert distribution.invitations.count() > 100
    url = reverse("surveys:distribution", args=[world.program.slug, distribution.pk])
    client = as_persona("coordinator")

    def rows(body):
        return body.split('id="invitations"')[1].split("</table>")[0].count("<tr><td>")

    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert rows(body) == 100
    assert "Page 1 of 2" in body
    assert (
        rows(client.get(url + "?page=2").content.decode()) == distribution.invitations.count() - 100
    )
