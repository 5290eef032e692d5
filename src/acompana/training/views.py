"""Training pages: plans and sessions, a session's attendance and breakout groups, feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.accounts.models import Role, User
from acompana.accounts.permissions import require_member, require_role
from acompana.common import charts
from acompana.common.views import validation_failed
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user
from acompana.training import services
from acompana.training.forms import (
    AttendanceForm,
    BuddyMeetingForm,
    FeedbackForm,
    GroupsForm,
    MoveForm,
    PlanForm,
    ReadinessItemForm,
    ReadinessSignForm,
    SessionForm,
    SpecialistAssignForm,
)
from acompana.training.models import BreakoutGroup, Feedback, TrainingPlan
from acompana.training.selectors import (
    MANAGERS,
    attendance_by_mentor,
    breakout_groups,
    buddy_pairs_for_user,
    feedback_summary,
    get_plan_for_user,
    get_readiness_item,
    get_session_for_user,
    plans_for_user,
    program_specialists,
    readiness_access,
    readiness_items_for_editing,
    readiness_table,
    session_mentors,
    specialist_assignments_for_user,
)


def _program_trainers(program: Program) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__program=program, memberships__role__in=MANAGERS)
        .distinct()
        .order_by("email")
    )


@login_required
def training_index(request: HttpRequest, slug: str) -> HttpResponse:
    """Plans of the program and their sessions; coordinators and trainers create both."""
    program = get_program_for_user(user=request.user, slug=slug)
    roles = require_member(request.user, program)
    plans = plans_for_user(user=request.user, program=program)
    can_manage = bool(roles & set(MANAGERS))
    is_coordinator = Role.COORDINATOR in roles
    trainers = _program_trainers(program) if is_coordinator else [request.user]
    action = request.POST.get("action") if request.method == "POST" else None
    plan_form = PlanForm(
        request.POST if action == "plan" else None, cohorts=program.cohorts.order_by("year")
    )
    session_form = SessionForm(
        request.POST if action == "session" else None, plans=plans, trainers=trainers
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if action == "plan" and plan_form.is_valid():
                data = plan_form.cleaned_data
                services.plan_create(
                    program=program,
                    cohort=get_object_or_404(program.cohorts, pk=data["cohort"]),
                    title=data["title"],
                    induction=data["induction"],
                    days_before_field_work=data["days_before_field_work"],
                    actor=request.user,
                )
                messages.success(request, _("Training plan created."))
                return redirect("training:index", slug=slug)
            if action == "session" and session_form.is_valid():
                data = session_form.cleaned_data
                trainer = (
                    get_object_or_404(_program_trainers(program), pk=data["trainer"])
                    if is_coordinator and data["trainer"]
                    else (None if is_coordinator else request.user)
                )
                services.session_create(
                    plan=get_object_or_404(TrainingPlan, program=program, pk=data["plan"]),
                    title=data["title"],
                    module=data["module"],
                    modality=data["modality"],
                    track=data["track"],
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                    trainer=trainer,
                    materials=data["materials"],
                    actor=request.user,
                )
                messages.success(request, _("Training session created."))
                return redirect("training:index", slug=slug)
        except ValidationError as exc:
            validation_failed(request, exc)
    context = {
        "program": program,
        "plans": plans,
        "can_manage": can_manage,
        "is_coordinator": is_coordinator,
        "plan_form": plan_form if can_manage else None,
        "session_form": session_form if can_manage and plans else None,
    }
    return render(request, "training/index.html", context)


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
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    form = AttendanceForm(request.POST, mentors=session_mentors(session=session))
    if form.is_valid():
        services.attendance_record(
            session=session, present=set(form.cleaned_data["present"]), actor=request.user
        )
        messages.success(request, _("Attendance saved."))
    else:
        messages.error(request, _("Check the attendance list."))
    return redirect("training:session", slug=slug, pk=pk)


@login_required
@require_POST
def groups_make(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    form = GroupsForm(request.POST)
    if form.is_valid():
        try:
            services.groups_make(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Breakout groups made."))
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("training:session", slug=slug, pk=pk)


@login_required
@require_POST
def group_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    mentors = session_mentors(session=session)
    groups = BreakoutGroup.objects.filter(session=session)
    form = MoveForm(request.POST, mentors=mentors, groups=groups)
    if form.is_valid():
        services.group_move(
            member=get_object_or_404(mentors, pk=form.cleaned_data["member"]),
            to_group=get_object_or_404(groups, pk=form.cleaned_data["group"]),
            actor=request.user,
        )
        messages.success(request, _("Mentor moved."))
    else:
        messages.error(request, _("Choose a mentor and a group."))
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
    if form.is_valid():
        try:
            services.feedback_submit(
                session=session, mentor=access.mentor, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
    else:
        messages.error(request, _("Rate each aspect from 1 to 5."))
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


@login_required
def readiness(request: HttpRequest, slug: str) -> HttpResponse:
    """Readiness before field work: a table of mentors by items that trainers and coordinators
    sign; a mentor sees only their own row."""
    program = get_program_for_user(user=request.user, slug=slug)
    access = readiness_access(user=request.user, program=program)
    cohorts = list(program.cohorts.order_by("year", "name"))
    if not access.manage:
        assert access.mentor is not None
        mine = {c.pk for c in access.mentor.cohorts.all()}
        cohorts = [c for c in cohorts if c.pk in mine]
    chosen = request.GET.get("cohort") or request.POST.get("cohort")
    cohort = None
    if chosen:
        cohort = next((c for c in cohorts if str(c.pk) == chosen), None)
        if cohort is None:
            raise Http404
    elif cohorts:
        cohort = cohorts[-1]
    if request.method == "POST":
        if not access.manage or cohort is None:
            raise PermissionDenied
        action = request.POST.get("action")
        url = f"{reverse('training:readiness', args=[slug])}?cohort={cohort.pk}"
        if action == "defaults":
            services.readiness_items_default(cohort=cohort, actor=request.user)
            messages.success(request, _("Default checklist created."))
            return redirect(url)
        form = ReadinessSignForm(request.POST)
        if action not in ("sign", "unsign") or not form.is_valid():
            messages.error(request, _("Choose a mentor and an item."))
            return redirect(url)
        item = get_readiness_item(program=program, pk=form.cleaned_data["item"])
        if item.cohort_id != cohort.pk:
            raise Http404
        mentor = get_object_or_404(
            MentorProfile, program=program, cohorts=cohort, pk=form.cleaned_data["mentor"]
        )
        try:
            if action == "sign":
                services.readiness_sign(
                    item=item,
                    mentor=mentor,
                    evidence=form.cleaned_data["evidence"],
                    actor=request.user,
                )
                messages.success(request, _("Readiness item signed."))
            else:
                services.readiness_unsign(item=item, mentor=mentor, actor=request.user)
                messages.success(request, _("Signature withdrawn."))
        except ValidationError as exc:
            validation_failed(request, exc)
        return redirect(url)
    items: list = []
    rows: list = []
    if cohort is not None:
        items, rows = readiness_table(
            cohort=cohort, mentor=None if access.manage else access.mentor
        )
    context = {
        "program": program,
        "access": access,
        "cohorts": cohorts,
        "cohort": cohort,
        "items": items,
        "rows": rows,
    }
    return render(request, "training/readiness.html", context)


@login_required
def buddies(request: HttpRequest, slug: str) -> HttpResponse:
    """The caller's buddy pairs and their informal meetings, with a form to log one."""
    program = get_program_for_user(user=request.user, slug=slug)
    pairs = buddy_pairs_for_user(user=request.user, program=program)
    form = BuddyMeetingForm(
        request.POST if request.method == "POST" else None,
        pairs=pairs,
        initial={"met_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not pairs:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            pair = next(p for p in pairs if p.pk == data["pair"])
            try:
                services.buddy_meeting_log(
                    pair=pair,
                    met_on=data["met_on"],
                    mode=data["mode"],
                    topics=data["topics"],
                    duration_minutes=data["duration_minutes"],
                    actor=request.user,
                )
            except ValidationError as exc:
                validation_failed(request, exc)
            else:
                messages.success(request, _("Meeting logged."))
                return redirect("training:buddies", slug=slug)
    context = {"program": program, "pairs": pairs, "form": form if pairs else None}
    return render(request, "training/buddies.html", context)


@login_required
def readiness_items(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator edits a cohort's readiness checklist: add, rename, reorder, deactivate."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_role(request.user, program, [Role.COORDINATOR])
    cohorts = list(program.cohorts.order_by("year", "name"))
    chosen = request.GET.get("cohort") or request.POST.get("cohort")
    if chosen:
        cohort = next((c for c in cohorts if str(c.pk) == chosen), None)
        if cohort is None:
            raise Http404
    elif cohorts:
        cohort = cohorts[-1]
    else:
        raise Http404
    items = readiness_items_for_editing(user=request.user, program=program, cohort=cohort)
    add_form = ReadinessItemForm(prefix="new")
    if request.method == "POST":
        url = f"{reverse('training:readiness_items', args=[slug])}?cohort={cohort.pk}"
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = ReadinessItemForm(request.POST, prefix="new")
                if add_form.is_valid():
                    services.readiness_item_add(
                        cohort=cohort, title=add_form.cleaned_data["title"], actor=request.user
                    )
                    messages.success(request, _("Item added."))
                    return redirect(url)
            else:
                item = next((i for i in items if str(i.pk) == request.POST.get("item")), None)
                if item is None:
                    raise Http404
                if action == "edit":
                    form = ReadinessItemForm(request.POST)
                    if not form.is_valid():
                        messages.error(request, _("Give the item a title."))
                        return redirect(url)
                    services.readiness_item_edit(
                        item=item, title=form.cleaned_data["title"], actor=request.user
                    )
                elif action in ("up", "down"):
                    services.readiness_item_move(item=item, up=action == "up", actor=request.user)
                elif action in ("activate", "deactivate"):
                    services.readiness_item_set_active(
                        item=item, active=action == "activate", actor=request.user
                    )
                else:
                    messages.error(request, _("Choose what to change."))
                    return redirect(url)
                messages.success(request, _("Checklist saved."))
                return redirect(url)
        except ValidationError as exc:
            validation_failed(request, exc)
            return redirect(url)
    context = {
        "program": program,
        "cohorts": cohorts,
        "cohort": cohort,
        "items": items,
        "add_form": add_form,
    }
    return render(request, "training/readiness_items.html", context)


@login_required
def specialists(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator assigns specialists to accompany mentors, with their discipline, and
    ends assignments."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_role(request.user, program, [Role.COORDINATOR])
    assignments = specialist_assignments_for_user(user=request.user, program=program)
    candidates = program_specialists(program)
    mentors = MentorProfile.objects.filter(program=program, active=True).select_related("user")
    form = SpecialistAssignForm(
        request.POST if request.POST.get("action") == "assign" else None,
        specialists=candidates,
        mentors=mentors.order_by("code"),
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign" and form.is_valid():
                data = form.cleaned_data
                services.specialist_assign(
                    program=program,
                    specialist=get_object_or_404(candidates, pk=data["specialist"]),
                    mentor=get_object_or_404(mentors, pk=data["mentor"]),
                    discipline=data["discipline"],
                    actor=request.user,
                )
                messages.success(request, _("Specialist assigned."))
                return redirect("training:specialists", slug=slug)
            if action == "end":
                assignment = get_object_or_404(assignments, pk=request.POST.get("assignment"))
                services.specialist_unassign(assignment=assignment, actor=request.user)
                messages.success(request, _("Assignment ended."))
                return redirect("training:specialists", slug=slug)
        except ValidationError as exc:
            validation_failed(request, exc)
    context = {"program": program, "assignments": assignments, "form": form}
    return render(request, "training/specialists.html", context)
