"""Group-session pages: the list with scheduling forms, a session (attendance, cases, notes),
its edit form, a weekly series, the cohort report, informal meetings and their network."""

from functools import partial
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.common import charts
from acompana.common.counting import count_of
from acompana.common.exports import table_response
from acompana.common.forms import MeetingJoinForm
from acompana.common.narrowing import Narrowed, narrowed
from acompana.common.views import service_result, submit_form, validation_failed, with_records
from acompana.group_sessions import services
from acompana.group_sessions.forms import (
    AttendanceForm,
    CancelRestForm,
    CaseForm,
    MeetingForm,
    SeriesForm,
    SessionEditForm,
    SessionForm,
)
from acompana.group_sessions.models import Attendance, CaseDiscussed
from acompana.group_sessions.network import Network, meeting_network, network_svg, network_view
from acompana.group_sessions.permissions import (
    logging_mentor,
    meetings_scope,
    require_coordinator,
    require_logging_mentor,
)
from acompana.group_sessions.report import GroupReport, group_report, percent, with_mentors
from acompana.group_sessions.selectors import (
    SHEET_PAGE_SIZE,
    attendance_counts,
    attendance_sheet,
    case_candidates,
    cohorts_of,
    facilitator_choices,
    get_series_for_user,
    get_session_for_user,
    meeting_list_for_user,
    peer_choices,
    session_attendance,
    session_cases,
    session_list_for_user,
)
from acompana.people.models import MentorProfile
from acompana.programs.models import Cohort, Program
from acompana.programs.selectors import get_program_for_user
from acompana.visits.models import Round

PAGE_SIZE = 50
CHART_MENTORS = 60  # above this, the report's chart is a histogram
NETWORK_DRAWN = 150  # mentors drawn in the network picture (those with the most meetings)
MENTOR_SEARCH = ("code", "user__first_name", "user__last_name")  # what peer searches look in
NETWORK_PAIRS = 200  # pairs listed on the network page (the most frequent)


def _chosen_cohort(request: HttpRequest, cohorts: list[Cohort]) -> Cohort | None:
    chosen = request.GET.get("cohort")
    if not chosen:
        return None
    cohort = next((c for c in cohorts if str(c.pk) == chosen), None)
    if cohort is None:
        raise Http404
    return cohort


class ScheduleForms(NamedTuple):
    session: SessionForm
    series: SeriesForm
    facilitators: Narrowed  # what both forms offer, for the search above them


def _schedule_forms(
    request: HttpRequest, program: Program, cohorts: list[Cohort], *, bound: str | None = None
) -> ScheduleForms:
    """The coordinators' forms to schedule a session and a weekly series; ``bound`` names the
    one bound to the submitted data. Both offer the same facilitators: at most 50, narrowed by
    ``?q=`` (a name or e-mail), plus the one posted."""
    facilitators = narrowed(
        facilitator_choices(program=program),
        search=request.GET.get("q", ""),
        fields=("first_name", "last_name", "email"),
        keep=[request.POST.get("facilitator")] if bound else (),
    )
    rounds = Round.objects.filter(program=program).select_related("cohort")
    session_form = SessionForm(
        request.POST if bound == "session" else None,
        cohorts=cohorts,
        facilitators=facilitators.rows,
        rounds=rounds,
        auto_id="session_%s",
    )
    series_form = SeriesForm(
        request.POST if bound == "series" else None,
        cohorts=cohorts,
        facilitators=facilitators.rows,
        auto_id="series_%s",
    )
    return ScheduleForms(session_form, series_form, facilitators)


def _list_page(
    request: HttpRequest,
    program: Program,
    forms: ScheduleForms | None = None,
) -> HttpResponse:
    """The list of sessions, with the scheduling forms (bound to a refused submission)."""
    sessions = session_list_for_user(user=request.user, program=program)
    is_coordinator = has_role(request.user, program, Role.COORDINATOR)
    cohorts = cohorts_of(program)
    cohort = _chosen_cohort(request, cohorts)
    if cohort is not None:
        sessions = sessions.filter(cohort=cohort)
    session_form = series_form = offered = None
    if is_coordinator:
        session_form, series_form, offered = forms or _schedule_forms(request, program, cohorts)
    counted = sessions.annotate(
        invited=count_of(Attendance, "session"),
        present=count_of(Attendance, "session", present=True),
    )
    now = timezone.now()
    upcoming = list(counted.filter(starts_at__gte=now)[:PAGE_SIZE])
    past = Paginator(counted.filter(starts_at__lt=now).order_by("-starts_at", "-pk"), PAGE_SIZE)
    context = {
        "program": program,
        "upcoming": upcoming,
        "page": past.get_page(request.GET.get("page")),
        "cohorts": cohorts,
        "cohort": cohort,
        "is_coordinator": is_coordinator,
        "session_form": session_form,
        "series_form": series_form,
        "narrowed": offered,
    }
    return render(request, "group_sessions/session_list.html", context)


@login_required
@require_safe
def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The sessions the user may see; coordinators schedule a session or a weekly series."""
    program = get_program_for_user(user=request.user, slug=slug)
    return _list_page(request, program)


def _scheduling_program(request: HttpRequest, slug: str) -> Program:
    """The program, for its coordinators (403 for other members, 404 for outsiders)."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_coordinator(request.user, program)
    return program


def _schedule(request: HttpRequest, slug: str, *, series: bool) -> HttpResponse:
    """Create a session or a weekly series from the bound form: to the new record's page, or
    the list again with the refused form (coordinators only)."""
    program = _scheduling_program(request, slug)
    forms = _schedule_forms(
        request, program, cohorts_of(program), bound="series" if series else "session"
    )
    form = forms[1] if series else forms[0]
    records: dict[str, Any] = {
        "cohort": Cohort.objects.filter(program=program),
        "facilitator": facilitator_choices(program=program),
    }
    if not series:
        records["round"] = Round.objects.filter(program=program)
    create = with_records(
        partial(
            services.series_create if series else services.session_create,
            program=program,
            actor=request.user,
        ),
        **records,
    )
    if not form.is_valid():
        return _list_page(request, program, forms)
    created = service_result(
        request,
        lambda: create(**form.cleaned_data),
        _("Weekly series scheduled.") if series else _("Group session scheduled."),
    )
    if created is None:
        return _list_page(request, program, forms)
    page = "group_sessions:series" if series else "group_sessions:detail"
    return redirect(page, slug=slug, pk=created.pk)


session_create = login_required(require_POST(partial(_schedule, series=False)))
series_create = login_required(require_POST(partial(_schedule, series=True)))


SHEET_FILTERS = ("q", "unrecorded", "page")


def _sheet_filters(request: HttpRequest) -> dict[str, Any]:
    """The attendance's filters from the query string: a code or a name, "not taken yet"."""
    return {
        "search": request.GET.get("q", "")[:100],
        "unrecorded": request.GET.get("unrecorded") == "1",
    }


def _sheet_query(request: HttpRequest) -> str:
    """The attendance's filters and page as a query string, to come back to the same page."""
    kept = QueryDict(mutable=True)
    for key in SHEET_FILTERS:
        value = request.GET.get(key, "")[:100]
        if value:
            kept[key] = value
    return kept.urlencode()


@login_required
def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A session: details, a page of its attendance (taken by who manages it, 50 mentors at a
    time), cases discussed, notes."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, access = get_session_for_user(user=request.user, program=program, pk=pk)
    filters = _sheet_filters(request)
    counts = attendance_counts(session=session)
    sheet = Paginator(attendance_sheet(session=session, **filters), SHEET_PAGE_SIZE)
    if not (filters["search"] or filters["unrecorded"]):
        sheet.count = counts.invited  # the figures counted them: no second COUNT
    page = sheet.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    context: dict[str, Any] = {
        "program": program,
        "session": session,
        "access": access,
        "page": page,
        "rows": rows,
        "filters": filters,
        "sheet_query": _sheet_query(request),
        "counts": counts,
        "cases": session_cases(session=session),
        "record": access.manage and not session.cancelled,
    }
    if context["record"]:
        context["shown"] = {
            "mentors": ",".join(str(a.mentor_id) for a in rows),
            "was_present": ",".join(str(a.mentor_id) for a in rows if a.present is True),
            "was_absent": ",".join(str(a.mentor_id) for a in rows if a.present is False),
        }
    if (access.manage or access.mentor is not None) and not session.cancelled:
        visits = case_candidates(session=session, user=request.user, access=access)
        context["case_form"] = CaseForm(visits=visits) if visits else None
    return render(request, "group_sessions/session_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit how participants join the session: platform, join link, meeting ID, passcode,
    dial-in (those who manage the session)."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    initial = {name: getattr(session, name) for name in session.MEETING_FIELDS}
    form = MeetingJoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_meeting_set(
                session=session, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(reverse("group_sessions:detail", args=[slug, pk]) + "#meeting")
    context = {"program": program, "session": session, "form": form}
    return render(request, "group_sessions/session_meeting.html", context)


@login_required
def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit one session (only this one, even in a series), its notes and its invitees."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    before = [a.mentor_id for a in session_attendance(session=session)]
    mentors = list(
        MentorProfile.objects.filter(
            Q(cohorts=session.cohort, active=True) | Q(pk__in=before), program=program
        )
        .distinct()
        .select_related("user")
        .order_by("code")
    )
    form = SessionEditForm(
        request.POST if request.method == "POST" else None,
        facilitators=facilitator_choices(program=program),
        rounds=Round.objects.filter(program=program, cohort=session.cohort),
        mentors=mentors,
        initial={
            "kind": session.kind,
            "title": session.title,
            "starts_at": timezone.localtime(session.starts_at),
            "duration_minutes": session.duration_minutes,
            "mode": session.mode,
            "facilitator": session.facilitator_id,
            "place": session.place,
            "round": session.round_id,
            "agenda": session.agenda,
            "notes": session.notes,
            "agreements": session.agreements,
            "invited": before,
            "version": session.version,
        },
    )
    update = with_records(
        partial(services.session_update, session=session, actor=request.user),
        round=Round.objects.filter(program=program),
        facilitator=facilitator_choices(program=program),
    )

    def save(*, version: int, invited: list[int], **data: Any) -> None:
        update(expected_version=version, **data)
        if set(invited) != set(before):
            chosen = [m for m in mentors if m.pk in set(invited)]
            services.session_invitees_set(session=session, mentors=chosen, actor=request.user)

    if request.method == "POST" and submit_form(request, form, save, _("Session saved.")):
        return redirect("group_sessions:detail", slug=slug, pk=pk)
    context = {"program": program, "session": session, "access": access, "form": form}
    return render(request, "group_sessions/session_edit.html", context)


@login_required
@require_POST
def attendance_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record the attendance of the mentors of one page (the others keep theirs), then come
    back to the same page."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    form = AttendanceForm(request.POST)

    def record(*, present: list[int], mentors: list[int] | None, **_shown: Any) -> object:
        return services.attendance_record(
            session=session,
            present=set(present),
            mentors=mentors,
            shown=form.shown(),
            actor=request.user,
        )

    submit_form(request, form, record, _("Attendance saved."), _("Check the attendance list."))
    url = reverse("group_sessions:detail", args=[slug, pk])
    query = _sheet_query(request)
    return redirect(f"{url}?{query}#attendance" if query else f"{url}#attendance")


@login_required
@require_POST
def session_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk, manage=True)
    services.session_cancel(session=session, actor=request.user)
    messages.success(request, _("Session cancelled."))
    return redirect("group_sessions:detail", slug=slug, pk=pk)


@login_required
@require_POST
def case_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Bring a visit to the session as a case (its mentor, the facilitator, coordinators)."""
    program = get_program_for_user(user=request.user, slug=slug)
    session, access = get_session_for_user(user=request.user, program=program, pk=pk)
    if not access.manage and access.mentor is None:
        raise PermissionDenied
    visits = case_candidates(session=session, user=request.user, access=access)
    form = CaseForm(request.POST, visits=visits)
    add = with_records(
        partial(services.case_add, session=session, actor=request.user), visit=visits
    )
    submit_form(request, form, add, _("Case added."), _("Choose a visit."))
    return redirect("group_sessions:detail", slug=slug, pk=pk)


@login_required
@require_POST
def case_remove(request: HttpRequest, slug: str, pk: int, case_pk: int) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    session, _access = get_session_for_user(user=request.user, program=program, pk=pk)
    case = get_object_or_404(
        CaseDiscussed.objects.select_related("session"), session=session, pk=case_pk
    )
    services.case_remove(case=case, actor=request.user)
    messages.success(request, _("Case removed."))
    return redirect("group_sessions:detail", slug=slug, pk=pk)


@login_required
def series_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A weekly series and its sessions; coordinators cancel the rest of it."""
    program = get_program_for_user(user=request.user, slug=slug)
    series = get_series_for_user(user=request.user, program=program, pk=pk)
    form = CancelRestForm(
        request.POST if request.method == "POST" else None,
        initial={"from_date": timezone.localdate()},
    )
    cancel = partial(services.series_cancel_rest, series=series, actor=request.user)
    if request.method == "POST" and submit_form(
        request, form, cancel, lambda count: _("%(count)d sessions cancelled.") % {"count": count}
    ):
        return redirect("group_sessions:series", slug=slug, pk=pk)
    context = {"program": program, "series": series, "form": form}
    return render(request, "group_sessions/series_detail.html", context)


def _report_rows(report: GroupReport, table: str) -> tuple[list[str], list[list[Any]]]:
    if table == "sessions":
        header = [
            _("Date"),
            _("Title"),
            _("Type"),
            _("Mode"),
            _("Duration (minutes)"),
            _("Invited"),
            _("Present"),
            _("Novices present"),
            _("Share of novices"),
        ]
        return header, [
            [
                timezone.localtime(r.session.starts_at).strftime("%Y-%m-%d %H:%M"),
                r.session.title,
                r.session.get_kind_display(),
                r.session.get_mode_display(),
                r.session.duration_minutes,
                r.invited,
                r.present,
                r.novices_present,
                round(r.novice_share, 3) if r.novice_share is not None else "",
            ]
            for r in report.sessions
        ]
    header = [
        _("Mentor code"),
        _("Mentor"),
        _("Novice"),
        _("Sessions invited"),
        _("Sessions attended"),
        _("Minutes attended"),
        _("Hours attended"),
    ]
    return header, [
        [
            r.code,
            str(r.mentor.user) if r.mentor else "",
            _("yes") if r.novice else _("no"),
            r.invited,
            r.attended,
            r.minutes,
            r.hours,
        ]
        for r in report.mentors
    ]


def _hours_chart(report: GroupReport) -> SafeString:
    """A bar per mentor for a small cohort; for a large one, how many mentors attended how many
    hours (a bar per mentor would not be readable)."""
    if len(report.mentors) <= CHART_MENTORS:
        items = [(f"{r.code}{' *' if r.novice else ''}", r.hours) for r in report.mentors]
        return charts.bars(
            items,
            title=_("Hours of group sessions attended per mentor"),
            label_header=_("Mentor"),
            value_header=_("Hours"),
            wide=True,
        )
    hours = [r.hours for r in report.mentors]
    return charts.histogram(
        hours,
        bins=10,
        high=max(max(hours), 1.0),
        title=_("Mentors by hours of group sessions attended"),
        x_label=_("Hours attended"),
    )


def _network_rows(graph: Network, table: str) -> tuple[list[str], list[list[Any]]]:
    if table == "mentors":
        header = [_("Mentor code"), _("Mentor"), _("Novice"), _("Peers met"), _("Meetings")]
        return header, [
            [n.mentor.code, str(n.mentor.user), _("yes") if n.novice else _("no"), peers, met]
            for n, peers, met in graph.node_rows
        ]
    header = [
        _("Mentor code"),
        _("Mentor"),
        _("Mentor code"),
        _("Mentor"),
        _("Informal meetings"),
        _("Buddy meetings"),
        _("Total"),
    ]
    return header, [
        [e.a.code, str(e.a.user), e.b.code, str(e.b.user), e.informal, e.buddy, e.weight]
        for e in graph.edges
    ]


def _reported_cohort(
    request: HttpRequest, slug: str
) -> tuple[Program, list[Cohort], Cohort | None]:
    """For the coordinators' report and network: the program, its cohorts and the chosen one
    (``?cohort=``, else the latest)."""
    program = get_program_for_user(user=request.user, slug=slug)
    require_coordinator(request.user, program)
    cohorts = cohorts_of(program)
    return program, cohorts, _chosen_cohort(request, cohorts) or (cohorts[-1] if cohorts else None)


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Per cohort and year: sessions and hours per mentor, novice share, CSV/XLSX export."""
    program, cohorts, cohort = _reported_cohort(request, slug)
    year_text = request.GET.get("year") or ""
    if year_text and not (year_text.isascii() and year_text.isdigit()):
        raise Http404
    year = int(year_text) if year_text else None
    if year is not None and not services.MIN_YEAR <= year <= services.MAX_YEAR:
        raise Http404  # a year no session can fall in (and one the date lookups cannot hold)
    fmt = request.GET.get("format") or ""
    export = fmt in ("csv", "xlsx")
    result = (
        group_report(program=program, cohort=cohort, year=year, mentors=export) if cohort else None
    )
    if result is not None and export:
        table = "sessions" if request.GET.get("table") == "sessions" else "mentors"
        header, rows = _report_rows(result, table)
        name = f"group-sessions-{table}-{result.cohort.year}" + (f"-{year}" if year else "")
        return table_response(header, rows, filename=name, fmt=fmt)
    chart = comparison = mentor_page = None
    if result is not None:
        mentor_page = Paginator(result.mentors, PAGE_SIZE).get_page(request.GET.get("page"))
        with_mentors(list(mentor_page.object_list))
        chart = _hours_chart(result)
        comparison = charts.bars(
            [
                (str(r.cohort), round(r.average_minutes / 60, 1))
                for r in result.cohorts
                if r.average_minutes is not None
            ],
            title=_("Average length of a group session (hours) by cohort"),
        )
    context = {
        "program": program,
        "cohorts": cohorts,
        "cohort": cohort,
        "year": year,
        "report": result,
        "mentor_page": mentor_page,
        "chart": chart,
        "comparison": comparison,
        "overall_share": percent(result.novice_share) if result else "—",
    }
    return render(request, "group_sessions/report.html", context)


@login_required
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """Informal meetings: coordinators see all, mentors theirs and log new ones."""
    program = get_program_for_user(user=request.user, slug=slug)
    scope = meetings_scope(user=request.user, program=program)  # 403 unless they may see them
    mine = logging_mentor(user=request.user, program=program)
    form = offered = None
    if mine is not None:
        offered = narrowed(
            peer_choices(program=program, exclude=mine),
            search=request.GET.get("q", ""),
            fields=MENTOR_SEARCH,
            keep=request.POST.getlist("participants"),
        )
        form = MeetingForm(
            request.POST if request.method == "POST" else None,
            peers=offered.rows,
            initial={"met_on": timezone.localdate()},
        )
    if request.method == "POST":
        logger = require_logging_mentor(user=request.user, program=program)
        log = partial(
            services.informal_meeting_log, program=program, logged_by=logger, actor=request.user
        )

        def log_with_peers(*, participants: list[int], **data: Any) -> object:
            peers = MentorProfile.objects.filter(program=program, pk__in=participants)
            return log(participants=list(peers), **data)

        if form is not None and submit_form(request, form, log_with_peers, _("Meeting logged.")):
            return redirect("group_sessions:meetings", slug=slug)
    page = Paginator(meeting_list_for_user(user=request.user, program=program), PAGE_SIZE)
    context = {
        "program": program,
        "page": page.get_page(request.GET.get("page")),
        "form": form,
        "narrowed": offered,
        "is_coordinator": scope is None,
    }
    return render(request, "group_sessions/meetings.html", context)


@login_required
def network(request: HttpRequest, slug: str) -> HttpResponse:
    """Who helps whom across a cohort: a picture and the same data as a table."""
    program, cohorts, cohort = _reported_cohort(request, slug)
    view = svg = None
    if cohort is not None:
        fmt = request.GET.get("format") or ""
        if fmt in ("csv", "xlsx"):  # a download: the whole network
            graph = meeting_network(program=program, cohort=cohort)
            table = "mentors" if request.GET.get("table") == "mentors" else "pairs"
            header, rows = _network_rows(graph, table)
            return table_response(header, rows, filename=f"network-{table}-{cohort.year}", fmt=fmt)
        view = network_view(
            program=program, cohort=cohort, drawn=NETWORK_DRAWN, pairs=NETWORK_PAIRS
        )
        svg = network_svg(
            view.drawn,
            title=_("Informal support network of cohort %(cohort)s") % {"cohort": cohort},
            novice_label=_("Novice mentor"),
            experienced_label=_("Experienced mentor"),
            weight_label=_("Line width: number of meetings"),
            edge_title=_("{a} and {b}: {n} meetings"),
        )
    context = {
        "program": program,
        "cohorts": cohorts,
        "cohort": cohort,
        "network": view,
        "drawn": view.drawn if view else None,
        "pairs": view.pairs if view else [],
        "mentor_rows": view.mentor_rows if view else [],
        "svg": svg,
        "network_url": reverse("group_sessions:network", args=[slug]),
    }
    return render(request, "group_sessions/network.html", context)
