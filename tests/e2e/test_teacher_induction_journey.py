"""The English teacher-induction demo program in a browser: the coordinator forms mentoring
circles for the teacher cohort (proposed, mentors chosen, published); a master teacher records
their circle's closing meeting with attendance and commitments; a newly hired teacher fills the
PPST self-assessment and shares one journal entry with their circle, which the circle's mentor
then reads; the school head approves protected time for a teacher of their school."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from acompana.circles.models import Attendance, Circle, Commitment, FormingRun, Meeting
from acompana.costs.models import ProtectedTime
from acompana.costs.protected_time import current_term
from acompana.demo.teachers import TEACHERS_COHORT, demo_teachers_load
from acompana.frameworks.models import Framework
from acompana.growth.models import SelfAssessment
from acompana.journal.models import JournalEntry
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Cohort

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "demo-pass-123"
DEMO_CIRCLE = "Mentoring circle · Science and Mathematics"


def _switch(page, sign_in, email: str):
    page.context.clear_cookies()
    return sign_in(f"{email}@demo.example.org", PASSWORD)


def test_teacher_induction_circles_meeting_self_assessment_journal_and_protected_time(
    sign_in, page
):
    program = demo_teachers_load(password=PASSWORD)
    slug = program.slug
    cohort = Cohort.objects.get(program=program, name=TEACHERS_COHORT)
    page.on("dialog", lambda dialog: dialog.accept())  # "Submit it?" confirmations

    # --- 1. The coordinator forms mentoring circles for the teacher cohort. -----------------
    _switch(page, sign_in, "tip-coordinator")
    expect(page.locator("body")).to_contain_text("Teacher Induction Program")
    page.goto(f"/p/{slug}/circles/forming/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Form circles")
    page.select_option("#id_cohort", str(cohort.pk))
    page.select_option("#id_kind", "mentoring")
    page.fill("#id_min_size", "5")
    page.fill("#id_max_size", "7")
    page.click("#forming-form button[type=submit]")
    page.wait_for_selector("#circle-1")
    run = FormingRun.objects.get(program=program)
    proposed = list(run.proposed.order_by("number"))
    assert len(proposed) == 4
    mentors = list(MentorProfile.objects.filter(program=program).order_by("code"))
    for item, mentor in zip(proposed, mentors, strict=True):
        page.locator(f"#mentor-{item.number}").select_option(str(mentor.pk))
        page.locator(f"form:has(#mentor-{item.number}) button[type=submit]").click()
        expect(page.locator(f"#mentor-{item.number}")).to_have_value(str(mentor.pk))
    page.get_by_role("button", name="Publish these circles").click()
    page.wait_for_url(f"**/p/{slug}/circles/")
    run.refresh_from_db()
    assert run.status == FormingRun.Status.PUBLISHED
    formed = Circle.objects.filter(program=program, pk__in=run.proposed.values("circle"))
    assert formed.count() == 4
    assert {c.mentor_id for c in formed} == {m.pk for m in mentors}
    assert all(5 <= c.members.count() <= 7 for c in formed)
    assert sum(c.members.count() for c in formed) == 24

    # --- 2. The master teacher records their circle's closing meeting. ----------------------
    meeting = Meeting.objects.get(
        circle__program=program, circle__name=DEMO_CIRCLE, status="planned"
    )
    members = list(
        MenteeProfile.objects.filter(circle_attendances__meeting=meeting).order_by("code")
    )
    absent, committed = members[-1], members[0]
    _switch(page, sign_in, "tip-mentor-1")
    page.goto(f"/p/{slug}/circles/{meeting.circle_id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(DEMO_CIRCLE)
    page.goto(f"/p/{slug}/circles/meetings/{meeting.pk}/record/")
    page.select_option("#id_status", "done")
    for member in members:
        box = page.locator(f"input[name=present][value='{member.pk}']")
        box.set_checked(member != absent)
    page.fill("#id_summary", "We looked back at the year and planned the summer reading.")
    page.fill("#id_agreed", "Each teacher shares one lesson plan in June.")
    page.select_option("#id_c0_mentee", str(committed.pk))
    page.fill("#id_c0_text", "Share the fractions lesson plan with the circle.")
    page.fill("#id_c0_due_on", "2026-06-15")
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_url(f"**/circles/meetings/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.status == "done" and "summer reading" in meeting.summary
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("mentee_id", "present"))
    assert marks == {m.pk: m != absent for m in members}
    commitment = Commitment.objects.get(meeting=meeting)
    assert (commitment.mentee_id, commitment.due_on) == (committed.pk, datetime.date(2026, 6, 15))

    # --- 3. A newly hired teacher fills the PPST self-assessment and shares an entry. --------
    teacher = MenteeProfile.objects.get(program=program, code="T06")
    _switch(page, sign_in, "tip-teacher-06")
    page.goto(f"/p/{slug}/self-assessments/new/")
    page.select_option("#id_cohort", str(cohort.pk))
    page.select_option("#id_moment", "start")
    page.select_option("#id_framework", str(Framework.objects.get(slug="ppst").pk))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("#self-assessment-form")
    stages = page.locator("#self-assessment-form select[name^='stage-']")
    assert stages.count() == 37
    for i in range(37):
        stages.nth(i).select_option(label="Proficient" if i % 4 == 0 else "Beginning")
    page.locator("#self-assessment-form button[value=submit]").click()
    page.wait_for_url(f"**/p/{slug}/self-assessments/*/")
    assessment = SelfAssessment.objects.get(mentee=teacher, moment="start")
    assert assessment.submitted and assessment.ratings.filter(stage__isnull=False).count() == 37

    page.goto(f"/p/{slug}/journal/new/")
    page.fill("#id_written_on", "2026-03-27")
    page.fill("#id_title", "What I take from this year")
    page.fill("#id_text", "Wait time changed my lessons more than any new material.")
    page.locator("#entry-form button[type=submit]").click()
    page.wait_for_url(f"**/p/{slug}/journal/")
    page.get_by_role("link", name="What I take from this year").click()
    demo_circle = Circle.objects.get(program=program, name=DEMO_CIRCLE)
    page.select_option("#share-circle-choice", str(demo_circle.pk))
    page.locator("#share-circle button[type=submit]").click()
    expect(page.locator("#entry-sharing")).to_contain_text(DEMO_CIRCLE)
    entry = JournalEntry.objects.get(mentee=teacher, title="What I take from this year")
    assert entry.shared_circle_id == demo_circle.pk and not entry.shared_with_mentor
    # The circle's mentor reads it among the entries shared with them.
    _switch(page, sign_in, "tip-mentor-1")
    page.goto(f"/p/{slug}/journal/shared/")
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text("Wait time changed my lessons")

    # --- 4. The school head approves protected time for a teacher of their school. ----------
    head_teacher = MenteeProfile.objects.get(program=program, code="T04")
    _switch(page, sign_in, "tip-head-1")
    page.goto(f"/p/{slug}/costs/protected-time/")
    expect(page.locator("#teacher-load")).to_contain_text(str(head_teacher.user))
    row = page.locator("#teacher-load tr", has_text=str(head_teacher.user))
    row.get_by_role("link", name="Approve").click()
    page.wait_for_selector("#protected-time-form")
    page.fill("#id_hours_per_week", "3")
    page.fill("#id_note", "Circle meetings on Thursday afternoons.")
    page.locator("#protected-time-form button[type=submit]").click()
    page.wait_for_url(f"**/p/{slug}/costs/protected-time/")
    expect(row).to_contain_text("3")
    start, end = current_term(timezone.localdate())
    approved = ProtectedTime.objects.get(mentee=head_teacher, term_start=start)
    assert approved.term_end == end and approved.hours_per_week == 3
    assert approved.approved_by is not None
    assert approved.approved_by.email == "tip-head-1@demo.example.org"
