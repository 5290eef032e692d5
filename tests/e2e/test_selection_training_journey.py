import datetime

import pytest
from django.utils import timezone

from acompana.accounts.models import Role
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.people.models import MentorProfile
from acompana.selection.models import Application, Evidence, Review
from acompana.selection.services import call_create
from acompana.training.models import Attendance, BreakoutGroup, Feedback, TrainingSession
from acompana.training.services import attendance_record, feedback_submit, session_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _switch(page, sign_in, email: str):
    page.context.clear_cookies()
    return sign_in(email)


def test_a_candidate_is_selected_trained_and_the_coordinator_compares_modalities(
    world, sign_in, page, tmp_path
):
    slug = world.program.slug
    cohort = world.program.cohorts.get()
    today = timezone.localdate()
    call = call_create(
        program=world.program,
        cohort=cohort,
        title="Convocatoria de mentores",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )
    second = UserFactory(email="coordinator-2@example.org", first_name="Inés", last_name="Ramos")
    MembershipFactory(user=second, program=world.program, role=Role.COORDINATOR)

    # The candidate (an outsider to the program) applies with a PDF as evidence.
    evidence = tmp_path / "titulo.pdf"
    evidence.write_bytes(PDF)
    sign_in("outsider@example.org")
    page.goto(f"/p/{slug}/calls/{call.pk}/apply/")
    page.select_option("#id_highest_degree", "master")
    page.fill("#id_teaching_years", "12")
    page.fill("#id_management_years", "4")
    page.check("#id_accompaniment_experience")
    page.check("#id_technical_assistance")
    page.fill("#id_programs_served", "1")
    page.fill("#id_region", "Cusco")
    page.fill("#id_languages_text", "es, qu")
    page.fill("#id_motivation", "Quiero acompañar a directivos de escuelas rurales.")
    page.fill("#id_references", "Especialista de la UGEL Cusco")
    page.select_option("#id_evidence_kind", "degree")
    page.set_input_files("#id_evidence_files", str(evidence))
    page.click("#application-form button[type=submit]")
    page.wait_for_selector("#status")
    application = Application.objects.get(call=call, candidate=world.outsider)
    assert Evidence.objects.filter(application=application).count() == 1
    assert "titulo" in page.locator("#evidence").inner_text()

    # Two coordinators score the panel criteria.
    for email, scores in [
        ("coordinator@example.org", ("4", "4", "3", "4")),
        ("coordinator-2@example.org", ("3", "4", "4", "3")),
    ]:
        _switch(page, sign_in, email)
        page.goto(f"/p/{slug}/applications/{application.pk}/")
        for code, value in zip(
            ("openness", "empathy", "motivation", "communication"), scores, strict=True
        ):
            page.fill(f"#id_score_{code}", value)
        page.fill("#id_comment", f"Entrevista de {email}")
        page.click("#review-form button[type=submit]")
        page.wait_for_selector("#review-form")
    assert Review.objects.filter(application=application).count() == 2

    # The coordinator admits the candidate from the ranked list.
    _switch(page, sign_in, "coordinator@example.org")
    page.goto(f"/p/{slug}/calls/{call.pk}/")
    page.locator("#ranking a", has_text=str(world.outsider)).first.click()
    page.wait_for_selector("#decide-form")
    page.select_option("#id_status", "admitted")
    page.fill("#id_reason", "Panel favorable y experiencia en gestión.")
    page.click("#decide-form button[type=submit]")
    page.locator("#status").filter(has_text="Admitted").wait_for()
    new_mentor = MentorProfile.objects.get(program=world.program, user=world.outsider)
    assert new_mentor.cohorts.filter(pk=cohort.pk).exists()

    # An earlier in-person session, rated by the other mentor, for the comparison.
    _switch(page, sign_in, "trainer@example.org")
    page.goto(f"/p/{slug}/training/")
    page.select_option("#plan-form #id_cohort", str(cohort.pk))
    page.fill("#plan-form #id_title", "Inducción de mentores")
    page.fill("#plan-form #id_days_before_field_work", "14")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#session-form")
    plan = world.program.training_plans.get()
    in_person = session_create(
        plan=plan,
        title="Teoría de la mentoría",
        module=TrainingSession.Module.THEORY,
        modality=TrainingSession.Modality.IN_PERSON,
        starts_at=timezone.now() - datetime.timedelta(days=7),
        duration_minutes=180,
        trainer=world.trainer,
        actor=world.trainer,
    )
    attendance_record(
        session=in_person, present=[world.other_mentor_profile.pk], actor=world.trainer
    )
    feedback_submit(
        session=in_person,
        mentor=world.other_mentor_profile,
        clarity=5,
        usefulness=5,
        pace=4,
        participation=5,
        actor=world.other_mentor_profile.user,
    )

    # The trainer creates a virtual session, records attendance and forms breakout groups.
    page.goto(f"/p/{slug}/training/")
    page.select_option("#session-form #id_plan", str(plan.pk))
    page.fill("#session-form #id_title", "Juego de roles en línea")
    page.select_option("#session-form #id_module", "role_play")
    page.select_option("#session-form #id_modality", "virtual")
    page.select_option("#session-form #id_track", "all")
    page.fill("#session-form #id_starts_at", "2026-01-15T09:00")
    page.fill("#session-form #id_duration_minutes", "120")
    page.click("#session-form button[type=submit]")
    page.wait_for_selector("text=Juego de roles en línea")
    session = TrainingSession.objects.get(plan=plan, title="Juego de roles en línea")
    assert session.modality == "virtual"
    page.goto(f"/p/{slug}/training/sessions/{session.pk}/")
    for profile in (world.mentor_profile, world.other_mentor_profile, new_mentor):
        page.check(f"#attendance input[value='{profile.pk}']")
    page.click("#attendance button[type=submit]")
    page.wait_for_selector("#groups-form")
    assert Attendance.objects.filter(session=session, present=True).count() == 3
    page.fill("#id_min_size", "1")
    page.fill("#id_max_size", "2")
    page.fill("#id_seed", "7")
    page.click("#groups-form button[type=submit]")
    page.wait_for_selector("#move-form")
    assert BreakoutGroup.objects.filter(session=session).count() >= 2

    # The mentor rates the virtual session.
    _switch(page, sign_in, "mentor@example.org")
    page.goto(f"/p/{slug}/training/sessions/{session.pk}/")
    page.select_option("#id_clarity", "2")
    page.select_option("#id_usefulness", "3")
    page.select_option("#id_pace", "3")
    page.select_option("#id_participation", "2")
    page.fill("#id_comment", "La conexión se cortó varias veces.")
    page.click("#feedback-form button[type=submit]")
    page.wait_for_selector("#my-feedback")
    assert Feedback.objects.filter(session=session, mentor=world.mentor_profile).exists()

    # The coordinator compares the modalities on the plan's feedback page.
    _switch(page, sign_in, "coordinator@example.org")
    page.goto(f"/p/{slug}/training/plans/{plan.pk}/feedback/")
    page.wait_for_selector("figure svg")
    assert "<svg" in page.content()
    rows = page.locator("#by-modality tbody tr")
    assert rows.count() == 2
    assert "Virtual" in page.locator("#by-modality").inner_text()
