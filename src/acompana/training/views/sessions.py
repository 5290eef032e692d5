"""Training plans and sessions: creating them, a session's attendance, breakout groups and
feedback."""

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role, require_member, require_role
from acompana.common import charts
from acompana.common.exports import table_response
from acompana.common.narrowing import narrowed
from acompana.common.views import form_errors, submit_form, with_records
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.training import services
from acompana.training.forms import (
    AttendanceForm,
    FeedbackForm,
    GroupsForm,
    MarkAllPresentForm,
    MoveForm,
    PlanForm,
    SessionForm,
)
from acompana.training.models import (
    Attendance,
    BreakoutGroup,
    Feedback,
    TrainingPlan,
    TrainingSession,
)
from acompana.training.permissions import program_trainers, session_trainer_for
from acompana.training.selectors import (
    MANAGERS,
    SHEET_PAGE_SIZE,
    SHEET_SEARCH,
    attendance_counts,
    attendance_sheet,
    breakout_group_summaries,
    breakout_groups,
    feedback_summary,
    get_plan_for_user,
    get_session_for_user,
    mentor_group,
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


SHEET_FILTERS = ("q", "group", "unrecorded", "page")
GROUPS_PAGE_SIZE = 50


def _sheet_filters(request: HttpRequest) -> dict[str, Any]:
    """The attendance sheet's filters from the query string: a search, a group number and
    "not yet recorded" (a group that is not a number is ignored)."""
    group = request.GET.get("group", "").strip()
    return {
        "search": request.GET.get("q", "")[:100],
        "group": int(group) if group.isascii() and group.isdigit() and len(group) < 6 else None,
        "unrecorded": request.GET.get("unrecorded") == "1",
    }


def _sheet_query(request: HttpRequest) -> str:
    """The sheet's filters and page as a query string, to come back to the same page."""
    kept = QueryDict(mutable=True)
    for key in SHEET_FILTERS:
        value = request.GET.get(key, "")[:100]
        if value:
            kept[key] = value
    return kept.urlencode()


def _page_link(request: HttpRequest, name: str, number: int) -> str:
    query = request.GET.copy()
    query[name] = str(number)
    return "?" + query.urlencode()


@login_required
def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A session: managers see a page of the attendance sheet and the groups' summary;
    mentors their group and feedback."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, access = get_session_for_user(user=request.user, program=program, pk=pk)
    context: dict[str, Any] = {"program": program, "session": session, "access": access}
    if access.manage:
        filters = _sheet_filters(request)
        sheet = Paginator(attendance_sheet(session=session, **filters), SHEET_PAGE_SIZE)
        page = sheet.get_page(request.GET.get("page"))
        groups = Paginator(breakout_group_summaries(session=session), GROUPS_PAGE_SIZE)
        groups_page = groups.get_page(request.GET.get("gpage"))
        offered = narrowed(
            session_mentors(session=session), search=filters["search"], fields=SHEET_SEARCH
        )
        context.update(
            page=page,
            rows=list(page.object_list),
            filters=filters,
            sheet_query=_sheet_query(request),
            counts=attendance_counts(session=session),
            groups_page=groups_page,
            groups_prev=_page_link(request, "gpage", groups_page.number - 1),
            groups_next=_page_link(request, "gpage", groups_page.number + 1),
            groups_form=GroupsForm(),
            move_form=MoveForm(mentors=offered.rows) if groups.count else None,
            narrowed=offered,
        )
    if access.mentor is not None:
        mentor = access.mentor
        context["my_group"] = mentor_group(session=session, mentor=mentor)
        attended = Attendance.objects.filter(session=session, mentor=mentor, present=True).exists()
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


PRINT_GROUPS = 20  # groups on one page of the printable list (each prints on its own sheet)


@login_required
def session_groups_print(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The breakout groups of a session, for printing, each group on its own sheet: one group
    (``?group=N``) or 20 groups a page, so that a national session's 2,000 groups are never
    one page."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    chosen = request.GET.get("group", "").strip()
    number = int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) < 6 else None
    page = None
    if number is not None:
        groups = breakout_groups(session=session, numbers=[number])
    else:
        numbers = BreakoutGroup.objects.filter(session=session).order_by("number")
        page = Paginator(numbers.values_list("number", flat=True), PRINT_GROUPS).get_page(
            request.GET.get("page")
        )
        groups = breakout_groups(session=session, numbers=list(page.object_list))
    context = {
        "program": program,
        "session": session,
        "groups": groups,
        "page": page,
        "number": number,
    }
    return render(request, "training/groups_print.html", context)


@login_required
@require_POST
def attendance_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record the attendance of the mentors of one page of the sheet (the others are left as
    they are), then come back to the same page."""
    session = _managed_session(request, slug, pk)
    form = AttendanceForm(request.POST)

    def record(*, present: list[int], mentors: list[int] | None, version: int | None) -> object:
        return services.attendance_record(
            session=session,
            present=present,
            mentors=mentors,
            expected_version=version,
            actor=request.user,
        )

    submit_form(request, form, record, _("Attendance saved."), _("Check the attendance list."))
    url = reverse("training:session", args=[slug, pk])
    query = _sheet_query(request)
    return redirect(f"{url}?{query}#attendance-section" if query else f"{url}#attendance-section")


@login_required
def attendance_all(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark every invited mentor present: what will happen first, then the action."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    if request.method == "POST":
        form = MarkAllPresentForm(request.POST)
        mark = partial(services.attendance_mark_all_present, session=session, actor=request.user)
        submit_form(
            request,
            form,
            lambda version: mark(expected_version=version),
            _("Every invited mentor is marked present."),
            _("Check the attendance list."),
        )
        return redirect(reverse("training:session", args=[slug, pk]) + "#attendance-section")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = {
        "program": program,
        "session": session,
        "counts": attendance_counts(session=session),
        "form": MarkAllPresentForm(initial={"version": session.attendance_version}),
    }
    return render(request, "training/attendance_all.html", context)


@login_required
@require_safe
def attendance_export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The whole attendance sheet as CSV or XLSX (``?format=xlsx``)."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    states = {True: _("Present"), False: _("Absent"), None: _("Not recorded")}
    header = [
        _("Code"),
        _("Name"),
        _("Email"),
        _("Region"),
        _("Experience"),
        _("Group"),
        _("Attendance"),
    ]
    sheet = attendance_sheet(session=session).select_related("user", "region")
    rows = (
        [
            m.code,
            m.user.get_full_name(),
            m.user.email,
            str(m.region) if m.region else "",
            _("Novice") if getattr(m, "novice_in_cohort", True) else _("Experienced"),
            getattr(m, "group_number", None) or "",
            states[getattr(m, "present", None)],
        ]
        for m in sheet.iterator(chunk_size=2000)
    )
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return table_response(header, rows, filename=f"attendance-session-{session.pk}", fmt=fmt)


@login_required
@require_POST
def groups_make(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _managed_session(request, slug, pk)
    form = GroupsForm(request.POST)
    make = partial(services.groups_make, session=session, actor=request.user)
    submit_form(request, form, make, _("Breakout groups made."), form_errors)
    return redirect(reverse("training:session", args=[slug, pk]) + "#groups")


@login_required
@require_POST
def group_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Move a mentor (any invited mentor: the page offers those its search narrows to) into
    the group with the number given."""
    session = _managed_session(request, slug, pk)
    mentors = session_mentors(session=session)
    posted = narrowed(
        mentors, search="", fields=SHEET_SEARCH, keep=[request.POST.get("member")], limit=1
    )
    form = MoveForm(request.POST, mentors=posted.rows)

    def move(*, member: int, group: int) -> object:
        to_group = BreakoutGroup.objects.filter(session=session, number=group).first()
        if to_group is None:
            raise ValidationError(_("There is no group with that number."))
        return services.group_move(
            member=get_object_or_404(mentors, pk=member), to_group=to_group, actor=request.user
        )

    submit_form(request, form, move, _("Mentor moved."), _("Choose a mentor and a group."))
    return redirect(reverse("training:session", args=[slug, pk]) + "#groups")


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
