"""Each role's home starts with the page header and shows its next step first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from acompana.people.tests.factories import MenteeProfileFactory
from acompana.research.models import Document, Participant, Segment, Study, StudyMember
from acompana.visits import services as visits


def home(as_persona, persona: str):
    response = as_persona(persona).get(reverse("hub:home"))
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def primary_action(tree) -> tuple[str, str]:
    button = tree.xpath("//header[@class='page-header']//a[@class='button']")[0]
    return button.text_content().strip(), button.get("href")


@pytest.mark.parametrize(
    "persona", ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher"]
)
def test_every_home_opens_with_the_page_header_and_a_private_free_title(world, as_persona, persona):
    tree = home(as_persona, persona)
    header = tree.xpath("//header[@class='page-header']")[0]
    assert world.program.name in header.text_content()
    assert "Welcome" in header.xpath(".//h1")[0].text_content()
    assert tree.xpath("//title")[0].text_content().startswith("Home")


def test_the_coordinators_six_figures_sit_in_one_list_of_figures(world, as_persona):
    tree = home(as_persona, "coordinator")
    figures = tree.xpath("//ul[contains(@class, 'figures')]/li")
    assert len(figures) == 6
    assert all(li.xpath(".//a[contains(@class, 'figure')]") for li in figures)


def test_a_mentor_with_a_visit_today_is_offered_to_record_it(world, as_persona):
    today = visits.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now(),
        mode="in_person",
        actor=world.mentor,
    )
    url = reverse("visits:detail", args=[world.program.slug, today.pk])
    assert primary_action(home(as_persona, "mentor")) == ("Record today's visit", f"{url}#during")
    assert primary_action(home(as_persona, "mentee")) == ("Open today's visit", url)


def test_a_mentor_without_a_visit_today_prepares_the_next_one(world, as_persona):
    later = visits.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now() + datetime.timedelta(days=2),
        mode="in_person",
        actor=world.mentor,
    )
    url = reverse("visits:detail", args=[world.program.slug, later.pk])
    assert primary_action(home(as_persona, "mentor")) == ("Prepare the next visit", f"{url}#before")


def test_a_mentor_reads_the_next_visit_dates_in_their_language(world, as_persona):
    when = timezone.localtime() + datetime.timedelta(days=2)
    visits.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=when,
        mode="in_person",
        actor=world.mentor,
    )
    client = as_persona("mentor")
    client.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    text = html.fromstring(client.get("/").content.decode()).xpath("//ul[@id='next-visits']")
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
    months += ["septiembre", "octubre", "noviembre", "diciembre"]
    assert f"{when.day} de {months[when.month - 1]}" in text[0].text_content()


def test_a_researcher_sees_their_studies_with_counts_and_links(world, as_persona):
    study = Study.objects.create(program=world.program, slug="voces", title="Voces de aula")
    member = StudyMember.objects.create(study=study, user=world.researcher, code_name="R1")
    participant = Participant.objects.create(study=study, code_name="P1")
    document = Document.objects.create(
        study=study, participant=participant, name="Entrevista", text="Una clase abierta."
    )
    Document.objects.create(study=study, name="Notas", text="Otra nota.")
    Segment.objects.create(document=document, start=0, end=3, coder=member)
    Study.objects.create(program=world.program, slug="ajeno", title="Estudio ajeno")

    tree = home(as_persona, "researcher")
    studies = tree.xpath("//ul[@id='my-studies']/li")
    assert [li.xpath(".//h4")[0].text_content() for li in studies] == ["Voces de aula"]
    text = " ".join(studies[0].text_content().split())
    assert "2 documents · 1 participant · 1 coded segment" in text
    assert "Last activity" in text
    hrefs = studies[0].xpath(".//a/@href")
    base = f"/p/{world.program.slug}/research/voces/"
    assert {base, f"{base}documents/", f"{base}codes/"} <= set(hrefs)
    assert primary_action(tree) == ("Open the study", base)


def test_an_empty_study_says_what_to_add_first(world, as_persona):
    study = Study.objects.create(program=world.program, slug="nuevo", title="Estudio nuevo")
    StudyMember.objects.create(study=study, user=world.researcher, code_name="R1")
    text = home(as_persona, "researcher").xpath("//ul[@id='my-studies']")[0].text_content()
    assert "Next: add the participants, then their documents." in text
    assert "Add participants" in text


def test_a_researcher_without_studies_is_told_who_adds_them(world, as_persona):
    tree = home(as_persona, "researcher")
    assert "A coordinator of the program adds you to a study." in tree.text_content()
    assert not tree.xpath("//header[@class='page-header']//a[@class='button']")


def test_a_trainer_without_a_next_session_is_sent_to_the_training_plans(world, as_persona):
    url = reverse("training:index", args=[world.program.slug])
    assert primary_action(home(as_persona, "trainer")) == ("Training plans", url)


def test_a_coordinator_is_sent_to_matching_only_while_mentees_wait(world, as_persona):
    assert not home(as_persona, "coordinator").xpath("//header//a[@class='button']")
    waiting = MenteeProfileFactory(program=world.program, code="W-001")
    waiting.cohorts.add(world.program.cohorts.get())
    url = reverse("matching:runs", args=[world.program.slug])
    tree = home(as_persona, "coordinator")
    assert primary_action(tree) == ("Match the mentees waiting", url)


def test_with_no_visit_planned_the_mentor_is_spoken_to_and_the_principal_told_who_plans(
    world, as_persona
):
    for persona, text in [
        ("mentor", "The visits you schedule appear here."),
        ("mentee", "Visits the mentor schedules appear here."),
    ]:
        tree = home(as_persona, persona)
        assert not tree.xpath("//*[@id='next-visits']")
        assert text in tree.text_content()


def test_the_coordinators_figures_stop_counting_at_the_cap_and_say_more(
    world, as_persona, monkeypatch
):
    from acompana.hub import home as home_module
    from acompana.people.tests.factories import PartnershipFactory

    cohort = world.program.cohorts.get()
    for n in range(4):
        MenteeProfileFactory(program=world.program, code=f"W-{n:03}").cohorts.add(cohort)
        PartnershipFactory(program=world.program)
    monkeypatch.setattr(home_module, "HOME_CAP", 3)

    tree = home(as_persona, "coordinator")

    waiting = tree.xpath("//a[@id='mentees-waiting']//div[@class='stat']")[0]
    assert waiting.text_content().strip() == "3+"
    heading = tree.xpath("//ul[@id='without-agreement']/preceding-sibling::h3[1]")[0]
    assert heading.text_content().strip() == (
        "More than 3 active pairs without an acknowledged agreement"
    )
    assert primary_action(tree)[0] == "Match the mentees waiting"


def test_the_first_pairs_without_agreement_are_those_of_the_first_mentors_by_code(world):
    from acompana.agreements.selectors import partnerships_without_agreement
    from acompana.hub.home import pairs_without_agreement
    from acompana.people.tests.factories import MentorProfileFactory, PartnershipFactory

    for n in range(25):
        mentor = MentorProfileFactory(program=world.program, code=f"M-{24 - n:03}")
        PartnershipFactory(program=world.program, mentor=mentor)
        PartnershipFactory(program=world.program, mentor=mentor)

    found = pairs_without_agreement(program=world.program)

    everything = list(partnerships_without_agreement(program=world.program))
    assert found["first"] == everything[:20]
    assert found["count"].value == len(everything) and not found["count"].more
