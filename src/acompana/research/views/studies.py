"""Studies, their members, participants, interview guides, interviews and documents."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acompana.accounts.models import Role, User
from acompana.common.views import run_service, service_result, submit_form, with_records
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
from acompana.research.models import Document, Interview, InterviewGuide, Participant, Study
from acompana.research.permissions import can_create_study
from acompana.research.selectors import (
    documents_for_study,
    member_list,
    participants_for_study,
    study_list_for_user,
)
from acompana.research.views.base import Place, place, posted_pk, require
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
        create = partial(services.study_create, program=program, actor=request.user)
        if form.is_valid():
            created = service_result(
                request, lambda: create(**form.cleaned_data), _("Study created.")
            )
            if created is not None:
                return redirect("research:study", slug=slug, study=created.slug)
    return render(
        request, "research/studies.html", {"program": program, "studies": rows, "form": form}
    )


def _researchers(study: Study) -> Any:
    return (
        User.objects.filter(memberships__program=study.program, memberships__role=Role.RESEARCHER)
        .exclude(study_memberships__study=study)
        .distinct()
    )


def _study_page(
    request: HttpRequest,
    here: Place,
    form: StudyForm | None = None,
    member_form: MemberForm | None = None,
) -> HttpResponse:
    if form is None:
        form = StudyForm(
            initial={name: getattr(here.study, name) for name in StudyForm.base_fields}
        )
    if member_form is None and here.manager:
        member_form = MemberForm(users=_researchers(here.study))
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


def _to_study(here: Place) -> HttpResponse:
    return redirect("research:study", slug=here.program.slug, study=here.study.slug)


def _study_change(
    request: HttpRequest, here: Place, change: Callable[[], object], success: str
) -> HttpResponse:
    """One of the coordinators' switches: to the study, or its page again when refused."""
    if run_service(request, change, success):
        return _to_study(here)
    return _study_page(request, here)


@login_required
@require_GET
def study_detail(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """What the study is about, its members, and the coordinators' switches."""
    return _study_page(request, place(request, slug, study))


@login_required
@require_POST
def study_update(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Save the study's description (lead members and coordinators)."""
    here = place(request, slug, study)
    require(here.manager)
    form = StudyForm(request.POST)
    update = partial(services.study_update, study=here.study, actor=request.user)
    if submit_form(request, form, update, _("Study saved.")):
        return _to_study(here)
    return _study_page(request, here, form=form)


@login_required
@require_POST
def study_member_add(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Add a researcher of the program to the study under a code name."""
    here = place(request, slug, study)
    require(here.manager)
    member_form = MemberForm(request.POST, users=_researchers(here.study))
    add = with_records(
        partial(services.study_member_add, study=here.study, actor=request.user),
        user=_researchers(here.study),
    )
    if submit_form(request, member_form, add, _("Member added.")):
        return _to_study(here)
    return _study_page(request, here, member_form=member_form)


@login_required
@require_POST
def study_identity_access(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Grant or withdraw a member's access to participants' identities (coordinators)."""
    here = place(request, slug, study)
    require(here.coordinator)
    grant = with_records(
        partial(
            services.study_identity_access_set,
            actor=request.user,
            granted=request.POST.get("granted") == "1",
        ),
        member=here.study.members.all(),
    )
    return _study_change(
        request,
        here,
        lambda: grant(member=posted_pk(request, "member")),
        _("Identity access changed."),
    )


@login_required
@require_POST
def study_fieldwork(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Allow or stop allowing field-work documents in the study (coordinators)."""
    here = place(request, slug, study)
    require(here.coordinator)
    allow = partial(
        services.study_update,
        study=here.study,
        actor=request.user,
        fieldwork_documents_allowed=request.POST.get("allowed") == "1",
    )
    return _study_change(request, here, allow, _("Field-work documents setting changed."))


@login_required
def participants(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Participants by code name (and who they are, for those with identity access)."""
    here = place(request, slug, study)
    mentors = mentees = None
    if here.identities:
        mentors = MentorProfile.objects.filter(program=here.program).select_related("user")
        mentees = MenteeProfile.objects.filter(program=here.program).select_related("user")
    form = ParticipantEnrolForm(request.POST or None, mentors=mentors, mentees=mentees)
    enrol: Callable[..., Participant]
    enrol = partial(services.participant_enrol, study=here.study, actor=request.user)
    if mentors is not None:  # the form asks who the person is only then
        enrol = with_records(enrol, mentor=mentors, mentee=mentees)
    if request.method == "POST" and submit_form(request, form, enrol, _("Participant enrolled.")):
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


def _participant_page(
    request: HttpRequest, here: Place, participant: Participant, form: ParticipantForm | None = None
) -> HttpResponse:
    variables = list(here.study.variables.all())
    if form is None:
        initial: dict[str, Any] = {
            "code_name": participant.code_name,
            "consent_date": participant.consent_date,
            "consent_version": participant.consent_version,
            "seen": participant.updated_at,
        }
        for i, variable in enumerate(variables):
            initial[f"attr_{i}"] = participant.attributes.get(variable.name)
        form = ParticipantForm(initial=initial, variables=variables)
    identity = getattr(participant, "identity", None) if here.identities else None
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


def _participant(here: Place, pk: int) -> Participant:
    return get_object_or_404(Participant.objects.filter(study=here.study), pk=pk)


@login_required
@require_GET
def participant_edit(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """A participant's code name, consent and attributes, and their documents."""
    here = place(request, slug, study)
    return _participant_page(request, here, _participant(here, pk))


@login_required
@require_POST
def participant_save(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    here = place(request, slug, study)
    participant = _participant(here, pk)
    form = ParticipantForm(request.POST, variables=list(here.study.variables.all()))
    update = partial(services.participant_update, participant=participant, actor=request.user)

    def save(*, seen: Any, **data: Any) -> object:
        fields = {name: data[name] for name in ("code_name", "consent_date", "consent_version")}
        return update(attributes=form.attributes(), seen_at=seen, **fields)

    if submit_form(request, form, save, _("Participant saved.")):
        return redirect("research:participants", slug=slug, study=here.study.slug)
    return _participant_page(request, here, participant, form)


@login_required
@require_POST
def participant_refresh(request: HttpRequest, slug: str, study: str, pk: int) -> HttpResponse:
    """Fill the participant's attributes from their profile again."""
    here = place(request, slug, study)
    participant = _participant(here, pk)
    refresh = partial(
        services.participant_attributes_refresh, participant=participant, actor=request.user
    )
    if run_service(request, refresh, _("Attributes filled from the profile.")):
        return redirect("research:participant", slug=slug, study=here.study.slug, pk=pk)
    return _participant_page(request, here, participant)


def _interview_form(here: Any, data: Any) -> InterviewForm:
    return InterviewForm(
        data,
        participants=participants_for_study(here.study),
        members=member_list(here.study),
        guides=here.study.guides.all(),
    )


def _interviews_page(
    request: HttpRequest,
    here: Place,
    guide_form: GuideForm | None = None,
    form: InterviewForm | None = None,
) -> HttpResponse:
    rows = (
        Interview.objects.filter(study=here.study)
        .select_related("participant", "interviewer", "guide", "transcript")
        .order_by("-held_on", "pk")
    )
    return render(
        request,
        "research/interviews.html",
        here.context(
            guides=here.study.guides.all(),
            rows=rows,
            guide_form=guide_form or GuideForm(),
            form=form or _interview_form(here, None),
        ),
    )


@login_required
@require_GET
def interviews(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Interview guides and the interviews held."""
    return _interviews_page(request, place(request, slug, study))


def _guide_save(
    request: HttpRequest, here: Place, form: GuideForm, guide: InterviewGuide | None = None
) -> InterviewGuide | None:
    """Save a valid guide form (a new guide, or ``guide`` unless changed since it was read);
    the guide, or None when refused."""
    data = form.cleaned_data
    save = partial(services.guide_save, study=here.study, actor=request.user, guide=guide)
    return service_result(
        request,
        lambda: save(
            title=data["title"],
            sections=data["sections"],
            seen_at=None if guide is None else data["seen"],
        ),
        _("Interview guide saved."),
    )


@login_required
@require_POST
def guide_create(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    here = place(request, slug, study)
    guide_form = GuideForm(request.POST)
    guide = _guide_save(request, here, guide_form) if guide_form.is_valid() else None
    if guide is not None:
        return redirect("research:guide", slug=slug, study=here.study.slug, pk=guide.pk)
    return _interviews_page(request, here, guide_form=guide_form)


@login_required
@require_POST
def interview_create(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    here = place(request, slug, study)
    form = _interview_form(here, request.POST)
    record = with_records(
        partial(services.interview_record, study=here.study, actor=request.user),
        participant=here.study.participants.all(),
        interviewer=here.study.members.all(),
        guide=here.study.guides.all(),
    )
    if submit_form(request, form, record, _("Interview recorded.")):
        return redirect("research:interviews", slug=slug, study=here.study.slug)
    return _interviews_page(request, here, form=form)


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
    if request.method == "POST" and form.is_valid() and _guide_save(request, here, form, guide):
        return redirect("research:guide", slug=slug, study=here.study.slug, pk=guide.pk)
    return render(request, "research/guide.html", here.context(guide=guide, form=form))


def _people(here: Place) -> tuple[Any, Any]:
    held = here.study.interviews.select_related("participant").order_by("-held_on")
    return participants_for_study(here.study), held


def _visits(here: Place) -> Any:
    return (
        Visit.objects.filter(program=here.program, status=Visit.Status.DONE)
        .select_related("mentor", "mentee")
        .order_by("-scheduled_at")[:300]
    )


def _documents_page(
    request: HttpRequest,
    here: Place,
    upload_form: DocumentUploadForm | None = None,
    type_form: DocumentTypeForm | None = None,
    visit_form: VisitDocumentForm | None = None,
) -> HttpResponse:
    people, held = _people(here)
    if upload_form is None:
        upload_form = DocumentUploadForm(participants=people, interviews=held, auto_id="upload_%s")
    if type_form is None:
        type_form = DocumentTypeForm(participants=people, interviews=held, auto_id="type_%s")
    if visit_form is None and here.study.fieldwork_documents_allowed:
        visit_form = VisitDocumentForm(visits=_visits(here))
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


def _document_add(
    request: HttpRequest,
    here: Place,
    form: DocumentUploadForm | DocumentTypeForm | VisitDocumentForm,
    add: Callable[..., Document],
    **page_forms: Any,
) -> HttpResponse:
    """Add a document with ``add`` from the form: to the document, or the documents page again
    with the refused form (``page_forms``)."""
    create = with_records(
        partial(add, study=here.study, actor=request.user),
        participant=here.study.participants.all(),
        interview=here.study.interviews.all(),
        visit=Visit.objects.filter(program=here.program),
    )
    if form.is_valid():
        document = service_result(
            request, lambda: create(**form.cleaned_data), _("Document added.")
        )
        if document is not None:
            return redirect(
                "research:document", slug=here.program.slug, study=here.study.slug, pk=document.pk
            )
    return _documents_page(request, here, **page_forms)


@login_required
@require_GET
def documents(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """The study's documents; upload a TXT/DOCX, type one, or add a visit's text."""
    return _documents_page(request, place(request, slug, study))


@login_required
@require_POST
def document_upload(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    here = place(request, slug, study)
    people, held = _people(here)
    form = DocumentUploadForm(
        request.POST, request.FILES, participants=people, interviews=held, auto_id="upload_%s"
    )
    return _document_add(request, here, form, services.document_upload, upload_form=form)


@login_required
@require_POST
def document_type(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    here = place(request, slug, study)
    people, held = _people(here)
    form = DocumentTypeForm(request.POST, participants=people, interviews=held, auto_id="type_%s")
    return _document_add(request, here, form, services.document_add, type_form=form)


@login_required
@require_POST
def document_from_visit(request: HttpRequest, slug: str, study: str) -> HttpResponse:
    """Add a visit's notebook entry or dialogue, pseudonymized (when the study allows it)."""
    here = place(request, slug, study)
    require(here.study.fieldwork_documents_allowed)
    form = VisitDocumentForm(request.POST, visits=_visits(here))
    return _document_add(request, here, form, services.document_from_visit, visit_form=form)
