"""Training plans and sessions: creating them, a session's attendance, breakout groups and
feedback."""

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role, require_member, require_role
from acompana.common import charts
from acompana.common.views import form_errors, submit_form, with_records
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.training import services
from acompana.training.forms import (
    AttendanceForm,
    FeedbackForm,
    GroupsForm,
    MoveForm,
    PlanForm,
    SessionForm,
)
from acompana.training.models import BreakoutGroup, Feedback, TrainingPlan, TrainingSession
from acompana.training.permissions import program_trainers, session_trainer_for
from acompana.training.selectors import (
    MANAGERS,
    attendance_by_mentor,
    breakout_groups,
    feedback_summary,
    get_plan_for_user,
    get_session_for_user,
    plans_for_user,
    session_mentors,
)


def _index_page(
    request: HttpRequest,
    program: Program,
    *,
    plan_form: PlanForm | None = None,
    session_form: SessionForm | None = None,
) -> HttpResponse:
    """The training page, with the forms bound to a refused submission if there was one."""
    roles = require_member(request.user, program)
    plans = plans_for_user(user=request.user, program=program)
    can_manage = bool(roles & set(MANAGERS))
    is_coordinator = Role.COORDINATOR in roles
    context = {
        "program": program,
        "plans": plans,
        "can_manage": can_manage,
        "is_coordinator": is_coordinator,
        "plan_form": (plan_form or _plan_form(program)) if can_manage else None,
        "session_form": (session_form or _session_form(request, program, plans))
        if can_manage and plans
        else None,
    }
    return render(request, "training/index.html", context)


def _plan_form(program: Program, data: Any = None) -> PlanForm:
    return PlanForm(data, cohorts=program.cohorts.order_by("year"))


def _session_form(
    request: HttpRequest, program: Program, plans: list[TrainingPlan], data: Any = None
) -> SessionForm:
    coordinator = has_role(request.user, program, Role.COORDINATOR)
    trainers = program_trainers(program) if coordinator else [request.user]
    return SessionForm(data, plans=plans, trainers=trainers)


def _manager_program(request: HttpRequest, slug: str) -> Program:
    """The program, for its coordinators and trainers (403 for other members, 404 others)."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_role(request.user, program, MANAGERS)
    return program


@login_required
@require_safe
def training_index(request: HttpRequest, slug: str) -> HttpResponse:
    """Plans of the program and their sessions; coordinators and trainers create both."""
    program = get_program_for_user(user=request.user, slug=slug)
    return _index_page(request, program)


@login_required
@require_POST
def plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    program = _manager_program(request, slug)
    form = _plan_form(program, request.POST)
    create = with_records(
        partial(services.plan_create, program=program, actor=request.user),
        cohort=program.cohorts.all(),
    )
    if submit_form(request, form, create, _("Training plan created.")):
        return redirect("training:index", slug=slug)
    return _index_page(request, program, plan_form=form)


@login_required
@require_POST
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    program = _manager_program(request, slug)
    plans = plans_for_user(user=request.user, program=program)
    form = _session_form(request, program, plans, request.POST)

    def create(*, plan: int, trainer: int | None, **data: Any) -> object:
        return services.session_create(
            plan=get_object_or_404(TrainingPlan, program=program, pk=plan),
            trainer=session_trainer_for(user=request.user, program=program, trainer_id=trainer),
            actor=request.user,
            **data,
        )

    if submit_form(request, form, create, _("Training session created.")):
        return redirect("training:index", slug=slug)
    return _index_page(request, program, session_form=form)


@login_required
def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A session: managers see attendance and all groups; mentors their group and feedback."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, access = get_session_for_user(user=request.user, program=program, pk=pk)
    groups = breakout_groups(session=session)
    context = {"program": program, "session": session, "access": access}
    if access.manage:
        mentors = list(session_mentors(session=session))
        attendance = attendance_by_mentor(session=session)
        context.update(
            groups=groups,
            mentors=mentors,
            attendance_form=AttendanceForm(
                mentors=mentors,
                initial={"present": [pk for pk, present in attendance.items() if present]},
            ),
            present_count=sum(attendance.values()),
            groups_form=GroupsForm(),
            move_form=MoveForm(mentors=mentors, groups=groups) if groups else None,
        )
    if access.mentor is not None:
        mentor = access.mentor
        context["my_group"] = next(
            (g for g in groups if mentor.pk in {m.pk for m in getattr(g, "member_list", [])}),
            None,
        )
        attended = attendance_by_mentor(session=session).get(mentor.pk, False)
        sent = Feedback.objects.filter(session=session, mentor=mentor).exists()
        context.update(
            feedback_sent=sent,
            attended=attended,
            feedback_form=FeedbackForm() if attended and not sent else None,
        )
    return render(request, "training/session_detail.html", context)


def _managed_session(request: HttpRequest, slug: str, pk: int) -> TrainingSession:
    """The session, for those who manage it (404 or 403 otherwise)."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    return session


@login_required
def session_groups_print(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The breakout groups of a session, for printing."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    context = {"program": program, "session": session, "groups": breakout_groups(session=session)}
    return render(request, "training/groups_print.html", context)


@login_required
@require_POST
def attendance_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _managed_session(request, slug, pk)
    form = AttendanceForm(request.POST, mentors=session_mentors(session=session))
    record = partial(services.attendance_record, session=session, actor=request.user)
    submit_form(request, form, record, _("Attendance saved."), _("Check the attendance list."))
    return redirect("training:session", slug=slug, pk=pk)


@login_required
@require_POST
def groups_make(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _managed_session(request, slug, pk)
    form = GroupsForm(request.POST)
    make = partial(services.groups_make, session=session, actor=request.user)
    submit_form(request, form, make, _("Breakout groups made."), form_errors)
    return redirect("training:session", slug=slug, pk=pk)


@login_required
@require_POST
def group_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _managed_session(request, slug, pk)
    mentors = session_mentors(session=session)
    groups = BreakoutGroup.objects.filter(session=session)
    form = MoveForm(request.POST, mentors=mentors, groups=groups)
    move = with_records(
        lambda member, group: services.group_move(
            member=member, to_group=group, actor=request.user
        ),
        member=mentors,
        group=groups,
    )
    submit_form(request, form, move, _("Mentor moved."), _("Choose a mentor and a group."))
    return redirect("training:session", slug=slug, pk=pk)


@login_required
@require_POST
def feedback_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A mentor who attended rates the session, once."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, access = get_session_for_user(user=request.user, program=program, pk=pk)
    if access.mentor is None:
        raise PermissionDenied
    form = FeedbackForm(request.POST)
    send = partial(
        services.feedback_submit, session=session, mentor=access.mentor, actor=request.user
    )
    submit_form(
        request, form, send, _("Thank you for your feedback."), _("Rate each aspect from 1 to 5.")
    )
    return redirect("training:session", slug=slug, pk=pk)


@login_required
def plan_feedback(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Feedback averages by modality and by track (new vs returning mentors), with a chart."""
    program = get_program_for_user(user=request.user, slug=slug)
    plan = get_plan_for_user(user=request.user, program=program, pk=pk)
    summary = feedback_summary(user=request.user, plan=plan)
    items = [
        (row["label"], row["overall"])
        for key in ("modality", "track")
        for row in summary[key]
        if row["overall"] is not None
    ]
    chart = charts.bars(items, maximum=5, title=_("Average score (1-5)")) if items else None
    context = {"program": program, "plan": plan, "summary": summary, "chart": chart}
    return render(request, "training/plan_feedback.html", context)
