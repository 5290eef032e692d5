"""A small world with one real object behind every kind of URL parameter, for the URL matrix.

Built once on top of the persona world of the root ``conftest.py``: the program, its
coordinator, mentor, mentee, specialist, trainer, researcher and an outsider. Everything else
goes through the apps' services, as a person would create it.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from acompana.agreements import services as agreements
from acompana.circles import forming as circles_forming
from acompana.circles import services as circles
from acompana.costs import protected_time
from acompana.costs import services as costs
from acompana.costs.models import BudgetLine
from acompana.frameworks.models import CareerStage, Competency, Domain, Framework
from acompana.group_sessions import services as group_sessions
from acompana.group_sessions.tests.factories import InformalMeetingFactory
from acompana.growth import services as growth
from acompana.hub.calendar import calendar_feed_token
from acompana.journal import services as journal
from acompana.matching.models import MatchProposal, MatchRun
from acompana.people.tests.factories import MenteeProfileFactory, MentorProfileFactory
from acompana.programs.models import ReviewPoint
from acompana.programs.tests.factories import SchoolFactory
from acompana.research import services as research
from acompana.research.models import Document, Participant, StudyImport
from acompana.selection import services as selection
from acompana.surveys import services as surveys
from acompana.training import services as training
from acompana.training.models import TrainingSession
from acompana.visits import services as visits


def build(world: Any) -> dict[str, Any]:
    """Objects by the name the URL table uses to find its parameters."""
    program = world.program
    cohort = program.cohorts.get()
    today = timezone.localdate()
    soon = timezone.now() + datetime.timedelta(days=3)
    objects: dict[str, Any] = {"program": program, "cohort": cohort}

    framework = Framework.objects.create(slug="marco-matriz", name="Marco", audience="principals")
    domain = Domain.objects.create(framework=framework, code="D1", name="Dominio 1")
    competency = Competency.objects.create(domain=domain, code="C1", name="Competencia 1")
    CareerStage.objects.create(framework=framework, code="E1", name="Etapa 1")
    program.framework = framework
    program.save(update_fields=["framework"])
    objects.update(framework=framework, domain=domain, competency=competency)
    objects["school"] = SchoolFactory(program=program)
    objects["mentor"] = world.mentor_profile
    objects["mentee"] = world.mentee_profile

    # Field work: a protocol, a round, a visit with a commitment and an observation.
    protocol = visits.protocol_create_default(program=program, actor=world.coordinator)
    objects["protocol"] = protocol
    objects["round"] = visits.round_create(
        program=program,
        cohort=cohort,
        name="Ronda 1",
        starts_on=today + datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=90),
        protocol=protocol,
        actor=world.coordinator,
    )
    visit = visits.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=soon,
        mode="in_person",
        actor=world.mentor,
    )
    objects["visit"] = visit
    objects["commitment"] = visits.commitment_add(
        visit=visit, text="Revisar el plan", owner="mentee", due_on=None, actor=world.mentor
    )
    objects["observation"] = visits.observation_record(
        visit=visit, specialist=world.specialist, did_well="Escucha"
    )
    from acompana.visits.models import Instrument

    objects["instrument"] = Instrument.objects.filter(program=program).first() or (
        Instrument.objects.first()
    )

    # Selection: a call and an application with its evidence.
    call = selection.call_create(
        program=program,
        cohort=cohort,
        title="Convocatoria",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )
    upload = SimpleUploadedFile("titulo.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    application = selection.application_submit(
        call=call,
        candidate=world.outsider,
        data={
            "highest_degree": "master",
            "teaching_years": Decimal("12"),
            "management_years": Decimal("2"),
            "accompaniment_experience": True,
            "programs_served": 1,
            "motivation": "Acompañar",
        },
        evidence=[(upload, "degree")],
    )
    objects.update(call=call, application=application, evidence=application.evidence.first())

    # Training: a plan, a session run by the trainer, a buddy pair.
    plan = training.plan_create(
        program=program, cohort=cohort, title="Inducción", induction=False, actor=world.coordinator
    )
    objects["plan"] = plan
    objects["session"] = training.session_create(
        plan=plan,
        title="Juego de roles",
        module=TrainingSession.Module.ROLE_PLAY,
        modality=TrainingSession.Modality.IN_PERSON,
        starts_at=soon,
        duration_minutes=120,
        trainer=world.trainer,
        actor=world.coordinator,
    )
    buddy = world.other_mentor_profile
    buddy.programs_served = 3
    buddy.save(update_fields=["programs_served"])
    world.mentor_profile.programs_served = 0
    world.mentor_profile.save(update_fields=["programs_served"])
    objects["buddy_pair"] = training.buddy_pair_create(
        program=program,
        novice=world.mentor_profile,
        buddy=buddy,
        started_on=today,
        cohort=cohort,
        actor=world.coordinator,
    )
    objects["specialist_assignment"] = world.mentor_profile.specialist_assignments.first()
    objects["readiness_item"] = training.readiness_item_add(
        cohort=cohort, title="Asistió a la inducción", actor=world.coordinator
    )

    # Matching: a finished run with one proposal.
    run = MatchRun.objects.create(
        program=program,
        cohort=cohort,
        kind="mentees",
        objective="total",
        criteria={},
        status=MatchRun.Status.DONE,
        created_by=world.coordinator,
    )
    objects["run"] = run
    objects["proposal"] = MatchProposal.objects.create(
        run=run,
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        score=1.0,
    )

    # Time and cost: the mentor's time log and expense, a budget line.
    objects["time_log"] = costs.time_log_create(
        mentor=world.mentor_profile,
        worked_on=today,
        category="visits",
        hours=Decimal("2"),
        actor=world.mentor,
    )
    objects["expense"] = costs.expense_create(
        mentor=world.mentor_profile,
        spent_on=today,
        category="travel",
        amount=Decimal("20"),
        description="Pasaje",
        receipt=SimpleUploadedFile("recibo.pdf", b"%PDF-1.7\n", content_type="application/pdf"),
        actor=world.mentor,
    )
    objects["budget_line"] = BudgetLine.objects.create(
        program=program, year=today.year, category="travel", amount=Decimal("100")
    )

    # Agreements: the pair's agreement with a goal; a template.
    template = agreements.template_defaults_ensure(program=program)[0]
    partnership = world.mentee_profile.partnerships.get()
    agreement = agreements.agreement_issue(
        partnership=partnership, template=template, actor=world.coordinator, notify=False
    )
    objects.update(
        template=template,
        partnership=partnership,
        agreement=agreement,
        goal=agreements.goal_add(
            agreement=agreement, title="Liderazgo", actor=world.coordinator, competency=competency
        ),
    )

    # Group sessions: a weekly series (its first session discusses the visit), a meeting.
    series = group_sessions.series_create(
        program=program,
        cohort=cohort,
        kind="counseling",
        title="Consejería",
        weekday=soon.weekday(),
        time=datetime.time(16, 0),
        duration_minutes=90,
        mode="in_person",
        starts_on=today,
        occurrences=2,
        facilitator=world.specialist,
        actor=world.coordinator,
    )
    group_session = series.sessions.order_by("starts_at")[0]
    objects.update(
        series=series,
        group_session=group_session,
        case=group_sessions.case_add(session=group_session, visit=visit, actor=world.coordinator),
        meeting=InformalMeetingFactory(
            program=program,
            logged_by=world.mentor_profile,
            peers=[world.other_mentor_profile],
            cohort=cohort,
        ),
    )

    # Surveys: a questionnaire sent to mentees, so the mentee holds an invitation.
    questionnaire = surveys.questionnaire_from_template(
        program=program, key="mentee_satisfaction", actor=world.coordinator
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        distribution = surveys.distribution_create(
            questionnaire=questionnaire,
            role="mentee",
            trigger="mid_program",
            anonymous=False,
            opens_on=today,
            closes_on=today + datetime.timedelta(days=14),
            actor=world.coordinator,
        )
    objects.update(
        questionnaire=questionnaire,
        distribution=distribution,
        invitation=distribution.invitations.get(user=world.mentee),
    )

    # Research: a study with the demo codebook, a participant, a guide, a coded transcript.
    study = research.study_create(
        program=program,
        actor=world.researcher,
        title="Formación de mentores",
        slug="formacion",
        enrol_mentors=True,
    )
    participant = Participant.objects.filter(study=study).order_by("pk").first()
    text = "Entrevista.\nMentor: la gestión pedagógica es clave.\nFin."
    document = research.document_add(
        study=study,
        actor=world.researcher,
        name="Entrevista",
        text=text,
        kind=Document.Kind.TRANSCRIPT,
        participant=participant,
    )
    code = research.code_create(study=study, actor=world.researcher, name="Gestión")
    start = text.index("la gestión")
    segment = research.segment_code(
        document=document, actor=world.researcher, start=start, end=start + 10, codes=[code]
    )
    objects.update(
        study=study,
        participant=participant,
        document=document,
        code=code,
        segment=segment,
        guide=research.guide_save(
            study=study,
            actor=world.researcher,
            title="Guía",
            sections=[{"title": "Inicio", "questions": ["¿Cómo empezó?"]}],
        ),
        memo=research.memo_write(study=study, actor=world.researcher, title="Nota", text="Idea"),
    )

    objects["import_job"] = StudyImport.objects.create(
        study=study, created_by=world.researcher, filename="proyecto.qdpx"
    )
    # The mentee's journal: an entry shared with their mentor.
    objects["journal_entry"] = journal.entry_create(
        mentee=world.mentee_profile,
        written_on=today,
        title="Entrada",
        text="Reflexión",
        strand=competency,
        actor=world.mentee,
    )
    journal.entry_share_with_mentor(entry=objects["journal_entry"], shared=True, actor=world.mentee)
    # The mentee's self-assessment at the start of the cycle (a draft).
    objects["self_assessment"] = growth.self_assessment_start(
        program=program,
        cohort=cohort,
        mentee=world.mentee_profile,
        moment="start",
        framework=framework,
        actor=world.mentee,
    )
    # A mentoring circle of the mentor (the mentee, the other mentee and a third teacher): a
    # meeting held, with a commitment of the mentee and private notes of the mentor and the
    # mentee; a goal with progress.
    third = MenteeProfileFactory(program=program, position="teacher")
    third.cohorts.add(cohort)
    circle = circles.circle_create(
        program=program,
        cohort=cohort,
        kind="mentoring",
        name="Círculo",
        mentor=world.mentor_profile,
        mentees=[world.mentee_profile, world.other_mentee_profile, third],
        status="active",
        actor=world.coordinator,
    )
    meeting = circles.meeting_create(
        circle=circle,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        mode="in_person",
        actor=world.mentor,
    )
    circles.meeting_record(
        meeting=meeting,
        status="done",
        summary="Resumen",
        agreed="Acuerdo",
        commitments=[circles.NewCommitment(mentee_id=world.mentee_profile.pk, text="Compromiso")],
        actor=world.mentor,
    )
    circles.private_note_save(meeting=meeting, author=world.mentor, text="Nota")
    circles.private_note_save(meeting=meeting, author=world.mentee, text="Nota")
    circle_goal = circles.goal_create(
        circle=circle, title="Meta", success_criteria="Criterio", actor=world.mentor
    )
    circles.goal_progress_add(goal=circle_goal, percent=10, note="Avance", actor=world.mentee)
    objects.update(
        circle=circle,
        circle_meeting=meeting,
        circle_commitment=meeting.commitments.get(),
        circle_goal=circle_goal,
    )
    # A run forming peer circles of the cohort, ready for review.
    objects["forming_run"] = circles_forming.forming_run_start(
        program=program,
        cohort=cohort,
        kind="peer",
        min_size=3,
        max_size=10,
        criteria=circles_forming.DEFAULT_CRITERIA,
        actor=world.coordinator,
    )
    # A teacher of the mentee's school (the mentee is its principal) with protected time.
    teacher = MenteeProfileFactory(
        program=program, school=world.mentee_profile.school, position="teacher"
    )
    objects["protected_time"] = protected_time.protected_time_approve(
        teacher=teacher,
        term_start=today,
        term_end=today + datetime.timedelta(days=30),
        hours_per_week=Decimal("2"),
        actor=world.mentee,
    )
    objects["calendar_token"] = calendar_feed_token(user=world.mentor).token
    # A point of the cohort's design review.
    objects["review_point"] = ReviewPoint.objects.create(
        cohort=cohort, kind="learned", area="other", text="Punto", author=world.coordinator
    )
    return objects


__all__ = ["MentorProfileFactory", "build"]
