"""An agreement is issued, acknowledged and its goal updated; a weekly group
series is scheduled and attendance taken; an anonymous survey is sent, answered and charted."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from acompana.frameworks.models import Competency, Domain, Framework
from acompana.people.models import Partnership
from acompana.people.tests.factories import MenteeProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SATISFACTION = "Mentee satisfaction with mentoring"
LIKERT_QUESTIONS = [
    ("My mentor listens to me before making suggestions.", "Agree"),
    ("The reflective dialogue helps me see my strengths and what to improve.", "Strongly agree"),
    ("I feel less alone in leading my school.", "Agree"),
    ("I trust my mentor.", "Strongly agree"),
    ("The commitments we agree are useful for my school.", "Neither agree nor disagree"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _switch(page, sign_in, email: str):
    page.context.clear_cookies()
    return sign_in(email)


def _competency(world) -> Competency:
    """A framework for the program, with the competency the goal will be tied to."""
    framework = Framework.objects.create(
        slug="marco-directivo-e2e", name="Marco de prueba", audience="principals"
    )
    world.program.framework = framework
    world.program.save(update_fields=["framework"])
    domain = Domain.objects.create(framework=framework, code="A", name="Gestión escolar")
    return Competency.objects.create(
        domain=domain, code="A1", name="Conduce la planificación institucional", position=1
    )


def _open_agreement(page, mentee_name: str):
    """From the agreements list, open the pair's agreement."""
    page.locator("#agreements").get_by_role("link", name=re.compile(re.escape(mentee_name))).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mentoring agreement")


def _bars(svg) -> dict[str, str]:
    """A bar chart's labels and counts, as drawn: each bar is a label, a rect and a count."""
    texts = svg.locator("text").all_text_contents()
    return dict(zip(texts[0::2], texts[1::2], strict=True))


def test_agreement_acknowledged_goal_updated_weekly_sessions_and_an_anonymous_survey(
    world, sign_in, page
):
    slug = world.program.slug
    cohort = world.program.cohorts.get()
    competency = _competency(world)
    pair = Partnership.objects.get(mentor=world.mentor_profile, mentee=world.mentee_profile)
    mentor_name, mentee_name = str(world.mentor), str(world.mentee)
    # Anonymous surveys go to groups of at least three: a third mentee in the cohort.
    MenteeProfileFactory(program=world.program).cohorts.add(cohort)

    # --- 1. The coordinator issues the pair's agreement from the English template. -----------
    sign_in("coordinator@example.org")
    expect(page.locator("#without-agreement")).to_contain_text(mentee_name)
    page.goto(f"/p/{slug}/agreements/")
    page.get_by_role("link", name="Issue an agreement").first.click()
    page.get_by_label("Mentor and mentee").select_option(str(pair.pk))
    page.get_by_label("Template").select_option(label="Mentoring agreement (model)")
    expect(page.get_by_label("Issue now and ask the three parties")).to_be_checked()
    page.get_by_role("button", name="Issue agreement").click()
    expect(page.locator("#agreement-status")).to_have_text("Awaiting acknowledgement")
    expect(page.locator("#current-version")).to_contain_text(
        "One visit per round and a follow-up meeting every two weeks"
    )
    for party in ("mentor", "mentee", "coordinator"):
        expect(page.locator(f"#ack-{party}")).to_contain_text("pending")
    agreement_url = page.url

    # A goal tied to a competency of the program's framework.
    expect(page.locator("#goals")).to_contain_text("No goals yet.")
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Goal").fill("Plan de mejora con el CONEI")
    page.get_by_label("Competency").select_option(str(competency.pk))
    page.get_by_label("Success criteria").fill("El PAT incluye tres metas de aprendizaje.")
    target = timezone.localdate() + datetime.timedelta(days=60)
    page.get_by_label("Target date").fill(target.isoformat())
    page.get_by_role("button", name="Add the goal").click()
    goal_row = page.locator("#goals tbody tr").filter(has_text="Plan de mejora con el CONEI")
    expect(goal_row).to_contain_text("A1 · Conduce la planificación institucional")
    expect(goal_row).to_contain_text("no update yet")

    # --- 2. Mentor, mentee and coordinator each acknowledge it. ------------------------------
    for email, party, button, name in [
        ("mentor@example.org", "mentor", "Acknowledge as mentor", mentor_name),
        ("mentee@example.org", "mentee", "Acknowledge as mentee", mentee_name),
    ]:
        _switch(page, sign_in, email)
        page.locator("a.my-agreements").click()
        _open_agreement(page, mentee_name)
        acknowledge = page.get_by_role("button", name=button)
        expect(page.locator("#acknowledgements button")).to_have_count(1)
        acknowledge.click()
        expect(page.get_by_text("Thank you: your acknowledgement is recorded.")).to_be_visible()
        expect(page.locator(f"#ack-{party}")).to_contain_text(f"acknowledged by {name}")
        expect(acknowledge).to_have_count(0)
        expect(page.locator("#agreement-status")).to_have_text("Awaiting acknowledgement")

    _switch(page, sign_in, "coordinator@example.org")
    page.goto(agreement_url)
    page.get_by_role("button", name="Acknowledge for program leadership").click()
    expect(page.locator("#ack-coordinator")).to_contain_text(f"acknowledged by {world.coordinator}")
    expect(page.locator("#agreement-status")).to_have_text("In force")
    expect(page.locator("#version-1 summary")).to_contain_text("in force")
    expect(page.locator("#acknowledgements button")).to_have_count(0)
    page.get_by_role("navigation", name="Program").get_by_role(
        "link", name="Agreements", exact=True
    ).click()
    in_force_row = page.locator("#agreements tbody tr").filter(has_text=mentee_name)
    expect(in_force_row).to_contain_text("In force")
    expect(in_force_row.locator("td").nth(4)).to_have_text("1")
    page.goto("/")
    expect(page.locator("#without-agreement")).not_to_contain_text(mentee_name)

    # --- 3. The mentee records progress on the goal. -----------------------------------------
    _switch(page, sign_in, "mentee@example.org")
    page.goto(agreement_url)
    goal_row = page.locator("#goals tbody tr").filter(has_text="Plan de mejora con el CONEI")
    goal_row.get_by_role("link", name="Update progress").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan de mejora con el CONEI")
    page.get_by_label("Progress (%)").fill("40")
    page.get_by_label("Note").fill("Borrador del PAT revisado con el CONEI.")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    goal_row = page.locator("#goals tbody tr").filter(has_text="Plan de mejora con el CONEI")
    expect(goal_row.locator(".progress-value")).to_have_text("40%")
    expect(goal_row).to_contain_text("Borrador del PAT revisado con el CONEI.")
    expect(goal_row.locator("progress")).to_have_attribute("value", "40")
    chart = page.locator("#goals-chart svg")
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", "Progress of the goals over time")
    expect(chart).to_contain_text("Plan de mejor…")  # the legend shortens long titles
    expect(chart).to_contain_text(timezone.localdate().strftime("%Y-%m"))

    # --- 4. The coordinator schedules a weekly series and takes attendance. ------------------
    _switch(page, sign_in, "coordinator@example.org")
    page.get_by_role("link", name=world.program.name).first.click()
    page.get_by_role("navigation", name="Program").get_by_role(
        "link", name="Group sessions"
    ).click()
    first_day = timezone.localdate() + datetime.timedelta(days=1)
    weekday = WEEKDAYS[first_day.weekday()]
    series = page.locator("#series-form")
    series.locator("#series_cohort").select_option(str(cohort.pk))
    series.locator("#series_kind").select_option(label="Group counseling")
    series.locator("#series_title").fill("Consejería grupal semanal")
    series.locator("#series_weekday").select_option(label=weekday)
    series.locator("#series_time").fill("16:00")
    series.locator("#series_duration_minutes").fill("90")
    series.locator("#series_starts_on").fill(first_day.isoformat())
    series.locator("#series_occurrences").fill("4")
    series.locator("#series_mode").select_option(label="Video call")
    series.locator("#series_agenda").fill("Casos de la semana y acuerdos.")
    series.get_by_role("button", name="Schedule the series").click()
    expect(page.get_by_text("Weekly series scheduled.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consejería grupal semanal")
    expect(page.locator("main")).to_contain_text(f"Every {weekday} at")
    occurrences = page.locator("#series-sessions tbody tr")
    expect(occurrences).to_have_count(4)
    expect(occurrences.first).to_contain_text("Consejería grupal semanal")

    occurrences.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consejería grupal semanal")
    expect(page.locator("main dl")).to_contain_text("Group counseling")
    expect(page.locator("#attendance")).to_contain_text("0 mentors present.")
    attendance = page.locator("#attendance-form")
    expect(attendance.get_by_role("checkbox")).to_have_count(2)  # both mentors of the cohort
    attendance.get_by_label(f"{world.mentor_profile.code} · {mentor_name}").check()
    attendance.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()
    expect(page.locator("#attendance")).to_contain_text("1 mentor present.")
    expect(
        page.locator("#attendance-form").get_by_label(
            f"{world.mentor_profile.code} · {mentor_name}"
        )
    ).to_be_checked()
    expect(
        page.locator("#attendance-form").get_by_label(
            f"{world.other_mentor_profile.code} · {world.other_mentor_profile.user}"
        )
    ).not_to_be_checked()
    page.locator("main").get_by_role("link", name="Group sessions").first.click()
    upcoming = page.locator("#upcoming tbody tr").filter(has_text="Consejería grupal semanal")
    expect(upcoming).to_have_count(4)
    expect(upcoming.filter(has_text="1 / 2")).to_have_count(1)

    # --- 5. An anonymous survey to the cohort's mentees, answered and charted. ---------------
    page.get_by_role("navigation", name="Program").get_by_role(
        "link", name="Surveys", exact=True
    ).click()
    page.get_by_role("button", name=f"Copy “{SATISFACTION}” into the program").click()
    expect(page.get_by_text("Template copied into the program.")).to_be_visible()
    page.get_by_role("link", name="Send this questionnaire").click()
    form = page.locator("#distribution-form")
    form.get_by_label("Cohort").select_option(str(cohort.pk))
    form.get_by_label("Send to").select_option("mentee")
    form.get_by_label("When").select_option("mid_program")
    form.get_by_label("Anonymous").check()
    expect(form.get_by_label("Opens on")).to_have_value(timezone.localdate().isoformat())
    form.get_by_role("button", name="Send the survey").click()
    expect(page.locator("#send-count")).to_have_text("3")  # checked before anything is sent
    page.locator("#confirm-send").click()
    expect(page.get_by_text("Survey sent.")).to_be_visible()
    expect(page.locator("#response-rate")).to_contain_text("0 of 3 invited people answered.")
    expect(page.locator("main")).not_to_contain_text(mentee_name)

    _switch(page, sign_in, "mentee@example.org")
    page.locator(".surveys-to-answer").get_by_role("link", name=SATISFACTION).click()
    expect(page.get_by_text("This survey is anonymous")).to_be_visible()
    answers = page.locator("#answer-form")
    for question, point in LIKERT_QUESTIONS:
        answers.get_by_role("group", name=question).get_by_label(point, exact=True).check()
    answers.get_by_role("group", name="How did most visits take place?").get_by_label(
        "Video call", exact=True
    ).check()
    answers.get_by_label("From 0 to 10, would you recommend the mentoring").fill("9")
    answers.get_by_label("What do you value most in the mentoring?").fill(
        "Que me escucha antes de proponer."
    )
    answers.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers were saved.")).to_be_visible()
    expect(page.locator("#surveys-to-answer")).to_contain_text("No surveys to answer.")
    expect(page.get_by_role("listitem").filter(has_text=SATISFACTION)).to_contain_text("answered")

    _switch(page, sign_in, "coordinator@example.org")
    page.goto(f"/p/{slug}/surveys/")
    sent = page.locator("#distributions tbody tr").filter(has_text=SATISFACTION)
    expect(sent).to_contain_text("1 / 3 (33")
    questionnaires = page.locator("#questionnaires tbody tr").filter(has_text=SATISFACTION)
    questionnaires.get_by_role("link", name="Results").click()
    expect(page.locator("#response-count")).to_contain_text("1 response")

    # The first question's chart: one bar per Likert point, the chosen one counted once.
    first = LIKERT_QUESTIONS[0][0]
    svg = page.get_by_role("img", name=first)
    expect(svg).to_have_count(1)
    expect(svg.locator("title")).to_have_text(first)
    labels = svg.locator("text")
    expect(labels).to_have_count(10)  # five points, each with its label and its count
    assert _bars(svg) == {
        "Strongly disagree": "0",
        "Disagree": "0",
        "Neither agree nor disagree": "0",
        "Agree": "1",
        "Strongly agree": "0",
    }
    widths = [
        float(w)
        for w in svg.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('width'))")
    ]
    assert widths[3] > 0 and widths[:3] == [0, 0, 0] and widths[4] == 0

    # The single-choice question's chart counts the mode chosen; the open answer is listed.
    modes = page.get_by_role("img", name="How did most visits take place?")
    expect(modes.locator("text")).to_have_count(8)
    assert _bars(modes) == {"In person": "0", "Video call": "1", "Phone": "0", "Messaging": "0"}
    expect(page.locator("ul.open-answers")).to_contain_text("Que me escucha antes de proponer.")
    # Anonymous: nothing on the results page names the mentee.
    expect(page.locator("main")).not_to_contain_text(mentee_name)
