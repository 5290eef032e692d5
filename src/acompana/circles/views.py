"""Circle pages: the circles of a program (by role), a circle (members, goals, meetings), the
coordinators' create and edit forms, a meeting (shared record, my private note), the form that
records it, and a member's open commitments."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.circles import selectors, services
from acompana.circles.forms import (
    CircleForm,
    CloseForm,
    GoalForm,
    MeetingForm,
    NoteForm,
    ProgressForm,
    RecordForm,
)
from acompana.circles.models import Circle, Commitment, Goal, Kind
from acompana.common.narrowing import Narrowed, narrowed
from acompana.common.views import service_result, submit_form, validation_failed
from acompana.frameworks.models import Competency
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Cohort, Program
from acompana.programs.selectors import get_program_for_user

PAGE_SIZE = 50  # circles on one page of the list


def _strands(program: Program) -> Any:
    if program.framework_id is None:
        return Competency.objects.none()
    return Competency.objects.filter(domain__framework_id=program.framework_id).select_related(
        "domain"
    )


@login_required
def circle_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The circles the person may see, optionally of one cohort (``?cohort=``)."""
    program = get_program_for_user(user=request.user, slug=slug)
    cohorts = selectors.cohorts_of(program=program)
    cohort = None
    if request.GET.get("cohort"):
        cohort = next((c for c in cohorts if str(c.pk) == request.GET["cohort"]), None)
        if cohort is None:
            raise Http404
    circles = selectors.circle_list_for_user(user=request.user, program=program, cohort=cohort)
    page = Paginator(circles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "circles": page.object_list,
        "page": page,
        "cohorts": cohorts,
        "cohort": cohort,
        "coordinator": has_role(request.user, program, Role.COORDINATOR),
        "member": has_role(request.user, program, Role.MENTEE),
    }
    return render(request, "circles/circle_list.html", context)


PERSON_SEARCH = ("code", "user__first_name", "user__last_name")


def _circle_form(
    request: HttpRequest, program: Program, circle: Circle | None
) -> tuple[CircleForm, Narrowed, Cohort | None]:
    """The circle form. It offers the active mentors and mentees of one cohort (the circle's,
    or the one chosen with ``?cohort=``, else the latest), at most 50 of each, narrowed by
    ``?q=``, plus the current and posted ones."""
    cohorts = Cohort.objects.filter(program=program).order_by("-year", "name")
    if circle is not None:
        cohort: Cohort | None = circle.cohort
    else:
        chosen = request.POST.get("cohort") or request.GET.get("cohort") or ""
        cohort = cohorts.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        cohort = cohort or cohorts.first()
    current = [m.mentee_id for m in selectors.circle_members(circle=circle)] if circle else []
    search = request.GET.get("q", "")
    mentees = narrowed(
        selectors.mentee_choices(program=program, cohort=cohort),
        search=search,
        fields=PERSON_SEARCH,
        keep=[*request.POST.getlist("mentees"), *current],
    )
    mentors = narrowed(
        selectors.mentor_choices(program=program, cohort=cohort),
        search=search,
        fields=PERSON_SEARCH,
        keep=[k for k in (request.POST.get("mentor"), circle and circle.mentor_id) if k],
    )
    initial: dict[str, Any] = {"cohort": cohort}
    if circle is not None:
        initial = {
            "name": circle.name,
            "mentor": circle.mentor,
            "mentees": current,
            "purpose": circle.purpose,
            "status": circle.status,
            "expected_version": circle.version,
        }
    form = CircleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        cohorts=cohorts,
        mentors=MentorProfile.objects.filter(pk__in=[m.pk for m in mentors.rows])
        .select_related("user")
        .order_by("code"),
        mentees=MenteeProfile.objects.filter(pk__in=[m.pk for m in mentees.rows])
        .select_related("user")
        .order_by("code"),
        editing=circle is not None,
    )
    return form, mentees, cohort


@login_required
def circle_create(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug, roles=(Role.COORDINATOR,))
    form, people, cohort = _circle_form(request, program, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        circle = service_result(
            request,
            lambda: services.circle_create(
                program=program,
                cohort=data["cohort"],
                kind=data["kind"],
                name=data["name"],
                mentor=data["mentor"],
                mentees=list(data["mentees"]),
                purpose=data["purpose"],
                status=data["status"],
                actor=request.user,
            ),
            _("Circle created."),
        )
        if circle is not None:
            return redirect("circles:detail", slug=slug, pk=circle.pk)
    context = {
        "program": program,
        "form": form,
        "narrowed": people,
        "cohort": cohort,
        "cohorts": selectors.cohorts_of(program=program),
    }
    return render(request, "circles/circle_form.html", context)


@login_required
def circle_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    circle, _access = selectors.get_circle_for_user(
        user=request.user, program=program, pk=pk, manage=True
    )
    form, people, _cohort = _circle_form(request, program, circle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = service_result(
            request,
            lambda: services.circle_update(
                circle=circle,
                name=data["name"],
                mentor=data["mentor"],
                mentees=list(data["mentees"]),
                purpose=data["purpose"],
                status=data["status"],
                expected_version=data["expected_version"],
                actor=request.user,
            ),
            _("Circle saved."),
        )
        if saved is not None:
            return redirect("circles:detail", slug=slug, pk=circle.pk)
    context = {"program": program, "form": form, "circle": circle, "narrowed": people}
    return render(request, "circles/circle_form.html", context)


@login_required
def circle_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A circle: its members, goals (with progress) and meetings; forms by what one may do."""
    program = get_program_for_user(user=request.user, slug=slug)
    circle, access = selectors.get_circle_for_user(user=request.user, program=program, pk=pk)
    members = selectors.circle_members(circle=circle)
    profiles = MenteeProfile.objects.filter(pk__in=[m.mentee_id for m in members]).select_related(
        "user"
    )
    meeting_form = None
    if access.record:
        meeting_form = MeetingForm(
            circle=circle,
            members=profiles,
            initial={"facilitator": selectors.next_facilitator(circle=circle)},
        )
    context = {
        "program": program,
        "circle": circle,
        "access": access,
        "members": members,
        "goals": selectors.circle_goals(circle=circle),
        "meetings": list(selectors.meeting_list(circle=circle)[:100]),
        "meeting_form": meeting_form,
        "goal_form": GoalForm(strands=_strands(program)) if access.set_goals else None,
        "progress_form": ProgressForm() if access.participant else None,
    }
    return render(request, "circles/circle_detail.html", context)


@login_required
@require_POST
def meeting_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    circle, _access = selectors.get_circle_for_user(
        user=request.user, program=program, pk=pk, record=True
    )
    members = MenteeProfile.objects.filter(
        circle_memberships__circle=circle, circle_memberships__left_on__isnull=True
    )
    form = MeetingForm(request.POST, circle=circle, members=members)
    create = partial(services.meeting_create, circle=circle, actor=request.user)
    submit_form(request, form, create, _("Meeting planned."), _("Check the meeting's details."))
    return redirect("circles:detail", slug=slug, pk=pk)


def _note_initial(note: Any) -> dict[str, Any]:
    return {"text": note.text if note else "", "expected_version": note.version if note else 0}


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A meeting: the shared record, attendance, commitments and, for the person, their own
    private note (never anyone else's)."""
    program = get_program_for_user(user=request.user, slug=slug)
    meeting, access = selectors.get_meeting_for_user(user=request.user, program=program, pk=pk)
    note = selectors.my_private_note(meeting=meeting, user=request.user)
    note_form = None
    if access.participant:
        note_form = NoteForm(
            initial={
                "text": note.text if note else "",
                "expected_version": note.version if note else 0,
            }
        )
    facilitator = selectors.facilitator_user_id(meeting)
    commitments = selectors.meeting_commitments(meeting=meeting)
    for c in commitments:
        c.can_close = request.user.pk in (c.mentee.user_id, facilitator)  # type: ignore[attr-defined]
    context = {
        "program": program,
        "meeting": meeting,
        "circle": meeting.circle,
        "access": access,
        "attendance": selectors.meeting_attendance(meeting=meeting),
        "commitments": commitments,
        "note_form": note_form,
    }
    return render(request, "circles/meeting_detail.html", context)


@login_required
def meeting_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record a meeting: status, attendance, shared record and commitments (saved together),
    and, on the same page, one's own private note."""
    program = get_program_for_user(user=request.user, slug=slug)
    meeting, access = selectors.get_meeting_for_user(
        user=request.user, program=program, pk=pk, record=True
    )
    attendance = selectors.meeting_attendance(meeting=meeting)
    members = MenteeProfile.objects.filter(pk__in=[a.mentee_id for a in attendance])
    note = selectors.my_private_note(meeting=meeting, user=request.user)
    form = RecordForm(
        request.POST if request.method == "POST" else None,
        members=members,
        initial={
            "status": meeting.status,
            "starts_at": timezone.localtime(meeting.starts_at),
            "duration_minutes": meeting.duration_minutes,
            "mode": meeting.mode,
            "place": meeting.place,
            "cancel_reason": meeting.cancel_reason,
            "summary": meeting.summary,
            "agreed": meeting.agreed,
            "present": [a.mentee_id for a in attendance if a.present],
            "expected_version": meeting.version,
        },
    )
    note_form = None
    if access.participant:
        note_form = NoteForm(
            request.POST if request.method == "POST" else None,
            prefix="note",
            initial={
                "text": note.text if note else "",
                "expected_version": note.version if note else 0,
            },
        )
    if request.method == "POST" and form.is_valid() and (note_form is None or note_form.is_valid()):
        data = form.cleaned_data
        present = {m.pk for m in data["present"]}
        try:
            services.meeting_record(
                meeting=meeting,
                status=data["status"],
                cancel_reason=data["cancel_reason"],
                summary=data["summary"],
                agreed=data["agreed"],
                attendance={a.mentee_id: a.mentee_id in present for a in attendance},
                commitments=[
                    services.NewCommitment(mentee_id=m, text=t, due_on=d)
                    for m, t, d in form.commitments()
                ],
                details={k: data[k] for k in ("starts_at", "duration_minutes", "mode", "place")},
                expected_version=data["expected_version"],
                actor=request.user,
            )
            if note_form is not None:
                services.private_note_save(
                    meeting=meeting,
                    author=request.user,
                    text=note_form.cleaned_data["text"],
                    expected_version=note_form.cleaned_data["expected_version"],
                )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("circles:meeting", slug=slug, pk=pk)
    context = {
        "program": program,
        "meeting": meeting,
        "circle": meeting.circle,
        "form": form,
        "note_form": note_form,
    }
    return render(request, "circles/meeting_record.html", context)


@login_required
@require_POST
def note_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    meeting, access = selectors.get_meeting_for_user(user=request.user, program=program, pk=pk)
    if not access.participant:
        raise PermissionDenied
    form = NoteForm(request.POST)
    save = partial(services.private_note_save, meeting=meeting, author=request.user)
    submit_form(request, form, save, _("Your private note is saved."), _("Check your note."))
    return redirect("circles:meeting", slug=slug, pk=pk)


@login_required
@require_POST
def commitment_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    commitment = get_object_or_404(
        Commitment.objects.select_related(
            "mentee", "meeting__facilitator_mentor", "meeting__facilitator_member"
        ),
        pk=pk,
        meeting__circle__program=program,
    )
    meeting, _access = selectors.get_meeting_for_user(
        user=request.user, program=program, pk=commitment.meeting_id
    )
    form = CloseForm(request.POST)
    close = partial(services.commitment_close, commitment=commitment, actor=request.user)
    submit_form(request, form, close, _("Commitment updated."), _("Choose a status."))
    if request.POST.get("next") == "mine":
        return redirect("circles:commitments", slug=slug)
    return redirect("circles:meeting", slug=slug, pk=meeting.pk)


@login_required
@require_POST
def goal_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    circle, access = selectors.get_circle_for_user(user=request.user, program=program, pk=pk)
    if not access.set_goals:
        raise PermissionDenied
    form = GoalForm(request.POST, strands=_strands(program))
    create = partial(services.goal_create, circle=circle, actor=request.user)
    submit_form(request, form, create, _("Goal added."), _("Check the goal."))
    return redirect("circles:detail", slug=slug, pk=pk)


@login_required
@require_POST
def goal_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    goal = get_object_or_404(Goal, pk=pk, circle__program=program)
    circle, access = selectors.get_circle_for_user(
        user=request.user, program=program, pk=goal.circle_id
    )
    if not access.participant:
        raise PermissionDenied
    form = ProgressForm(request.POST)
    add = partial(services.goal_progress_add, goal=goal, actor=request.user)
    submit_form(request, form, add, _("Progress recorded."), _("Check the progress."))
    return redirect("circles:detail", slug=slug, pk=circle.pk)


@login_required
def my_commitments(request: HttpRequest, slug: str) -> HttpResponse:
    """A member's open commitments in the program's circles (the person's own)."""
    program = get_program_for_user(user=request.user, slug=slug, roles=(Role.MENTEE,))
    mentee = selectors.member_profile(user=request.user, program=program)
    if mentee is None:
        raise PermissionDenied
    commitments = list(selectors.open_commitments_of(program=program, mentee=mentee)[:200])
    context = {"program": program, "commitments": commitments, "kinds": Kind}
    return render(request, "circles/my_commitments.html", context)
