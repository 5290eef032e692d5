"""Studies, their members, participants, interview guides, interviews and documents."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from acompana.accounts.models import Role, User
from acompana.common.views import validation_failed
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.selectors import get_program_for_user
from acompana.research import services
from acompana.research.forms import (
    DocumentTypeForm,
    DocumentUploadForm,
    GuideForm,
    InterviewForm,
    MemberForm,
    ParticipantEnrolForm,
    ParticipantForm,
    StudyCreateForm,
    StudyForm,
    VisitDocumentForm,
    format_sections,
)
from acompana.research.models import Interview, Participant, Study
from acompana.research.permissions import can_create_study
from acompana.research.selectors import (
    documents_for_study,
    member_list,
    participants_for_study,
    study_list_for_user,
)
from acompana.research.views.base import place, posted_pk, require
from acompana.visits.models import Visit


@login_required
def studies(request: HttpRequest, slug: str) -> HttpResponse:
    """The program's studies the person may see, and a form to start one."""
    program = get_program_for_user(user=request.user, slug=slug)
    rows = study_list_for_user(user=request.user, program=program)
    may_create = can_create_study(request.user, program)
    form = StudyCreateForm(request.POST or None) if may_create else None
    if request.method == "POST":
        require(may_create)
        assert form is not None
        if form.is_valid():
            try:
                study = services.study_create(
                    program=program, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                validation_failed(request, exc)
            else:
                messages.success(request, _("Study created."))
                return redirect("research:study", slug=slug, study=study.slug)
    return render(
        request, "research/studies.html", {"program": program, "studies": rows, "form": form}
    )


def _researchers(study: Study) -> Any:
    return (
        User.objects.filter(memberships__program=study.program, memberships__role=Role.RESEARCHER)
        .exclude(study_memberships__study=study)
        .distinct()
    )


@login_required
def study_detail(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """What the study is about, its members, and the coordinators' switches."""
    here = place(request, slug, study)
    action = request.POST.get("action") if request.method == "POST" else None
    form = StudyForm(
        request.POST if action == "update" else None,
        initial={name: getattr(here.study, name) for name in StudyForm.base_fields},
    )
    member_form = (
        MemberForm(request.POST if action == "member" else None, users=_researchers(here.study))
        if here.manager
        else None
    )
    if request.method == "POST":
        try:
            if action == "update":
                require(here.manager)
                if form.is_valid():
                    services.study_update(study=here.study, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Study saved."))
                    return redirect("research:study", slug=slug, study=here.study.slug)
            elif action == "member":
                require(here.manager)
                assert member_form is not None
                if member_form.is_valid():
                    services.study_member_add(
                        study=here.study,
                        actor=request.user,
                        user=get_object_or_404(
                            _researchers(here.study), pk=member_form.cleaned_data["user"]
                        ),
                        code_name=member_form.cleaned_data["code_name"],
                    )
                    messages.success(request, _("Member added."))
                    return redirect("research:study", slug=slug, study=here.study.slug)
            elif action == "identity":
                require(here.coordinator)
                services.study_identity_access_set(
                    member=get_object_or_404(here.study.members, pk=posted_pk(request, "member")),
                    actor=request.user,
                    granted=request.POST.get("granted") == "1",
                )
                messages.success(request, _("Identity access changed."))
                return redirect("research:study", slug=slug, study=here.study.slug)
            elif action == "fieldwork":
                require(here.coordinator)
                services.study_update(
                    study=here.study,
                    actor=request.user,
                    fieldwork_documents_allowed=request.POST.get("allowed") == "1",
                )
                messages.success(request, _("Field-work documents setting changed."))
                return redirect("research:study", slug=slug, study=here.study.slug)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            validation_failed(request, exc)
    members = member_list(here.study).select_related("user")
    counts = {
        "participants": here.study.participants.count(),
        "documents": here.study.documents.count(),
        "codes": here.study.codes.count(),
    }
    return render(
        request,
        "research/study.html",
        here.context(form=form, member_form=member_form, members=members, counts=counts),
    )


@login_required
def participants(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Participants by code name (and who they are, for those with identity access)."""
    here = place(request, slug, study)
    mentors = mentees = None
    if here.identities:
        mentors = MentorProfile.objects.filter(program=here.program).select_related("user")
        mentees = MenteeProfile.objects.filter(program=here.program).select_related("user")
    form = ParticipantEnrolForm(request.POST or None, mentors=mentors, mentees=mentees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_enrol(
                study=here.study,
                actor=request.user,
                code_name=data["code_name"],
                consent_date=data["consent_date"],
                consent_version=data["consent_version"],
                mentor=get_object_or_404(mentors, pk=data["mentor"])
                if mentors is not None and data.get("mentor")
                else None,
                mentee=get_object_or_404(mentees, pk=data["mentee"])
                if mentees is not None and data.get("mentee")
                else None,
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Participant enrolled."))
            return redirect("research:participants", slug=slug, study=here.study.slug)
    rows = participants_for_study(here.study).annotate(
        document_count=Count("documents", distinct=True)
    )
    if here.identities:
        rows = rows.select_related("identity", "identity__user")
    variables = list(here.study.variables.all())
    table = [(p, [p.attributes.get(v.name, "") for v in variables]) for p in rows]
    return render(
        request,
        "research/participants.html",
        here.context(rows=table, variables=variables, form=form),
    )


@login_required
def participant_edit(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    participant = get_object_or_404(Participant.objects.filter(study=here.study), pk=pk)
    variables = list(here.study.variables.all())
    initial: dict[str, Any] = {
        "code_name": participant.code_name,
        "consent_date": participant.consent_date,
        "consent_version": participant.consent_version,
        "seen": participant.updated_at,
    }
    for i, variable in enumerate(variables):
        initial[f"attr_{i}"] = participant.attributes.get(variable.name)
    action = request.POST.get("action") if request.method == "POST" else None
    form = ParticipantForm(
        request.POST if action == "save" else None, initial=initial, variables=variables
    )
    if request.method == "POST":
        try:
            if action == "refresh":
                services.participant_attributes_refresh(participant=participant, actor=request.user)
                messages.success(request, _("Attributes filled from the profile."))
                return redirect("research:participant", slug=slug, study=here.study.slug, pk=pk)
            if action == "save" and form.is_valid():
                data = form.cleaned_data
                services.participant_update(
                    participant=participant,
                    actor=request.user,
                    code_name=data["code_name"],
                    consent_date=data["consent_date"],
                    consent_version=data["consent_version"],
                    attributes=form.attributes(),
                    seen_at=data["seen"],
                )
                messages.success(request, _("Participant saved."))
                return redirect("research:participants", slug=slug, study=here.study.slug)
        except ValidationError as exc:
            validation_failed(request, exc)
    identity = None
    if here.identities:
        identity = getattr(participant, "identity", None)
    return render(
        request,
        "research/participant.html",
        here.context(
            participant=participant,
            form=form,
            identity=identity,
            documents=participant.documents.order_by("name"),
        ),
    )


def _interview_form(here: Any, data: Any) -> InterviewForm:
    return InterviewForm(
        data,
        participants=participants_for_study(here.study),
        members=member_list(here.study),
        guides=here.study.guides.all(),
    )


@login_required
def interviews(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Interview guides and the interviews held."""
    here = place(request, slug, study)
    action = request.POST.get("action") if request.method == "POST" else None
    guide_form = GuideForm(request.POST if action == "guide" else None)
    form = _interview_form(here, request.POST if action == "interview" else None)
    if request.method == "POST":
        try:
            if action == "guide" and guide_form.is_valid():
                guide = services.guide_save(
                    study=here.study,
                    actor=request.user,
                    title=guide_form.cleaned_data["title"],
                    sections=guide_form.cleaned_data["sections"],
                )
                messages.success(request, _("Interview guide saved."))
                return redirect("research:guide", slug=slug, study=here.study.slug, pk=guide.pk)
            if action == "interview" and form.is_valid():
                data = form.cleaned_data
                services.interview_record(
                    study=here.study,
                    actor=request.user,
                    participant=get_object_or_404(here.study.participants, pk=data["participant"]),
                    held_on=data["held_on"],
                    mode=data["mode"],
                    duration_minutes=data["duration_minutes"],
                    interviewer=get_object_or_404(here.study.members, pk=data["interviewer"])
                    if data["interviewer"]
                    else None,
                    guide=get_object_or_404(here.study.guides, pk=data["guide"])
                    if data["guide"]
                    else None,
                )
                messages.success(request, _("Interview recorded."))
                return redirect("research:interviews", slug=slug, study=here.study.slug)
        except ValidationError as exc:
            validation_failed(request, exc)
    rows = (
        Interview.objects.filter(study=here.study)
        .select_related("participant", "interviewer", "guide", "transcript")
        .order_by("-held_on", "pk")
    )
    return render(
        request,
        "research/interviews.html",
        here.context(guides=here.study.guides.all(), rows=rows, guide_form=guide_form, form=form),
    )


@login_required
def guide_edit(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    guide = get_object_or_404(here.study.guides, pk=pk)
    form = GuideForm(
        request.POST or None,
        initial={
            "title": guide.title,
            "sections": format_sections(guide.sections),
            "seen": guide.updated_at,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_save(
                study=here.study,
                actor=request.user,
                title=form.cleaned_data["title"],
                sections=form.cleaned_data["sections"],
                guide=guide,
                seen_at=form.cleaned_data["seen"],
            )
        except ValidationError as exc:
            validation_failed(request, exc)
        else:
            messages.success(request, _("Interview guide saved."))
            return redirect("research:guide", slug=slug, study=here.study.slug, pk=guide.pk)
    return render(request, "research/guide.html", here.context(guide=guide, form=form))


def _document_targets(here: Any, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "participant": get_object_or_404(here.study.participants, pk=data["participant"])
        if data.get("participant")
        else None,
        "interview": get_object_or_404(here.study.interviews, pk=data["interview"])
        if data.get("interview")
        else None,
    }


@login_required
def documents(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """The study's documents; upload a TXT/DOCX, type one, or add a visit's text."""
    here = place(request, slug, study)
    action = request.POST.get("action") if request.method == "POST" else None
    people = participants_for_study(here.study)
    held = here.study.interviews.select_related("participant").order_by("-held_on")
    upload_form = DocumentUploadForm(
        request.POST if action == "upload" else None,
        request.FILES if action == "upload" else None,
        participants=people,
        interviews=held,
        auto_id="upload_%s",
    )
    type_form = DocumentTypeForm(
        request.POST if action == "type" else None,
        participants=people,
        interviews=held,
        auto_id="type_%s",
    )
    visits = (
        Visit.objects.filter(program=here.program, status=Visit.Status.DONE)
        .select_related("mentor", "mentee")
        .order_by("-scheduled_at")[:300]
    )
    visit_form = (
        VisitDocumentForm(request.POST if action == "visit" else None, visits=visits)
        if here.study.fieldwork_documents_allowed
        else None
    )
    if request.method == "POST":
        try:
            document = None
            if action == "upload" and upload_form.is_valid():
                data = upload_form.cleaned_data
                document = services.document_upload(
                    study=here.study,
                    actor=request.user,
                    upload=data["upload"],
                    name=data["name"],
                    kind=data["kind"],
                    **_document_targets(here, data),
                )
            elif action == "type" and type_form.is_valid():
                data = type_form.cleaned_data
                document = services.document_add(
                    study=here.study,
                    actor=request.user,
                    name=data["name"],
                    text=data["text"],
                    kind=data["kind"],
                    **_document_targets(here, data),
                )
            elif action == "visit":
                require(visit_form is not None)
                assert visit_form is not None
                if visit_form.is_valid():
                    document = services.document_from_visit(
                        study=here.study,
                        actor=request.user,
                        visit=get_object_or_404(
                            Visit.objects.filter(program=here.program),
                            pk=visit_form.cleaned_data["visit"],
                        ),
                        part=visit_form.cleaned_data["part"],
                    )
            if document is not None:
                messages.success(request, _("Document added."))
                return redirect(
                    "research:document", slug=slug, study=here.study.slug, pk=document.pk
                )
        except ValidationError as exc:
            validation_failed(request, exc)
    return render(
        request,
        "research/documents.html",
        here.context(
            rows=documents_for_study(here.study),
            upload_form=upload_form,
            type_form=type_form,
            visit_form=visit_form,
        ),
    )
