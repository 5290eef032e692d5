"""Studies and their members."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.common import audit
from acompana.people.models import MentorProfile
from acompana.programs.models import Program
from acompana.research import defaults
from acompana.research.models import (
    Code,
    Participant,
    Study,
    StudyMember,
)
from acompana.research.services._common import (
    STUDY_FIELDS,
    _next_code_name,
    _require_coordinator,
    _require_manager,
)
from acompana.research.services.participants import participant_enrol

# --- Studies and members ---------------------------------------------------------------------


@transaction.atomic
def study_create(
    *,
    program: Program,
    actor: Any,
    title: str,
    slug: str,
    questions: str = "",
    method: str = "",
    ethics_reference: str = "",
    consent_text: str = "",
    with_demo_codebook: bool = False,
    enrol_mentors: bool = False,
) -> Study:
    """A new study of ``program``; the actor becomes its lead member (code name R1, R2...).

    ``with_demo_codebook`` loads Table 2 of the Peru study (``defaults.TABLE2``);
    ``enrol_mentors`` enrols every active mentor of the program under their mentor code.
    """
    if actor is not None and not has_role(actor, program, Role.COORDINATOR, Role.RESEARCHER):
        raise PermissionDenied(_("Only coordinators and researchers create studies."))
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("A study needs a title.")})
    try:
        validate_slug(slug)
    except ValidationError:
        raise ValidationError(
            {"slug": _("Use only letters, numbers, hyphens and underscores.")}
        ) from None
    if Study.objects.filter(program=program, slug=slug).exists():
        raise ValidationError({"slug": _("The program already has a study with this slug.")})
    study = Study.objects.create(
        program=program,
        title=title,
        slug=slug,
        questions=questions,
        method=method,
        ethics_reference=ethics_reference,
        consent_text=consent_text,
    )
    if actor is not None:
        StudyMember.objects.create(
            study=study, user=actor, code_name=_next_code_name(study, "R"), is_lead=True
        )
    audit.log(
        "research.study.create",
        actor=actor,
        target=study,
        data={"slug": slug, "demo_codebook": with_demo_codebook, "enrol_mentors": enrol_mentors},
    )
    if with_demo_codebook:
        codebook_load_table2(study=study, actor=actor)
    if enrol_mentors:
        mentors = MentorProfile.objects.filter(program=program, active=True).order_by("code")
        for mentor in mentors:
            if not Participant.objects.filter(study=study, code_name=mentor.code).exists():
                participant_enrol(study=study, actor=actor, code_name=mentor.code, mentor=mentor)
    return study


@transaction.atomic
def codebook_load_table2(*, study: Study, actor: Any) -> list[Code]:
    """Add the Table 2 codebook to the study; categories already there (same name at the
    root) are completed rather than duplicated. Returns the categories."""
    categories = []
    base = Code.objects.filter(study=study, parent=None).aggregate(top=Max("order"))["top"]
    next_order = 0 if base is None else base + 1
    for name, definition, color, children in defaults.TABLE2:
        category = Code.objects.filter(study=study, parent=None, name=name).first()
        if category is None:
            category = Code.objects.create(
                study=study,
                name=name,
                definition=definition,
                color=color,
                is_codable=False,
                origin=Code.Origin.A_PRIORI,
                order=next_order,
            )
            next_order += 1
        categories.append(category)
        for order, (child, child_definition, origin) in enumerate(children):
            Code.objects.get_or_create(
                study=study,
                parent=category,
                name=child,
                defaults={
                    "definition": child_definition,
                    "color": color,
                    "origin": origin,
                    "is_codable": True,
                    "order": order,
                },
            )
    audit.log("research.codebook.load_table2", actor=actor, target=study)
    return categories


@transaction.atomic
def study_update(*, study: Study, actor: Any, **fields: Any) -> Study:
    """Change the study's description; ``fieldwork_documents_allowed`` only by coordinators."""
    _require_manager(actor, study)
    unknown = set(fields) - set(STUDY_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if (
        "fieldwork_documents_allowed" in fields
        and bool(fields["fieldwork_documents_allowed"]) != study.fieldwork_documents_allowed
    ):
        _require_coordinator(actor, study.program)
    if "title" in fields and not str(fields["title"]).strip():
        raise ValidationError({"title": _("A study needs a title.")})
    if "slug" in fields and fields["slug"] != study.slug:
        try:
            validate_slug(fields["slug"])
        except ValidationError:
            raise ValidationError(
                {"slug": _("Use only letters, numbers, hyphens and underscores.")}
            ) from None
        if Study.objects.filter(program=study.program, slug=fields["slug"]).exists():
            raise ValidationError({"slug": _("The program already has a study with this slug.")})
    changed = [name for name, value in fields.items() if getattr(study, name) != value]
    for name in changed:
        setattr(study, name, fields[name])
    if changed:
        study.save(update_fields=[*changed, "updated_at"])
        audit.log("research.study.update", actor=actor, target=study, data={"fields": changed})
    return study


@transaction.atomic
def study_member_add(
    *, study: Study, actor: Any, user: Any, code_name: str, identity_access: bool = False
) -> StudyMember:
    """Add a researcher (or coordinator) of the program to the study under a code name.
    Identity access can only be given by a coordinator."""
    _require_manager(actor, study)
    if identity_access:
        _require_coordinator(actor, study.program)
    if not has_role(user, study.program, Role.RESEARCHER, Role.COORDINATOR):
        raise ValidationError({"user": _("Only researchers of the program can join a study.")})
    code_name = code_name.strip()
    if not code_name:
        raise ValidationError({"code_name": _("A member needs a code name.")})
    if StudyMember.objects.filter(study=study, user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the study.")})
    if StudyMember.objects.filter(study=study, code_name=code_name).exists():
        raise ValidationError({"code_name": _("Another member has this code name.")})
    member = StudyMember.objects.create(
        study=study, user=user, code_name=code_name, identity_access=identity_access
    )
    study.__dict__.pop("_acompana_members", None)
    audit.log(
        "research.member.add",
        actor=actor,
        target=member,
        program=study.program,
        data={"code_name": code_name, "identity_access": identity_access},
    )
    return member


@transaction.atomic
def study_identity_access_set(*, member: StudyMember, actor: Any, granted: bool) -> StudyMember:
    """Grant or withdraw a member's access to who the participants are (coordinators only)."""
    _require_coordinator(actor, member.study.program)
    if member.identity_access != granted:
        member.identity_access = granted
        member.save(update_fields=["identity_access", "updated_at"])
    member.study.__dict__.pop("_acompana_members", None)
    audit.log(
        "research.member.identity_access",
        actor=actor,
        target=member,
        program=member.study.program,
        data={"code_name": member.code_name, "granted": granted},
    )
    return member
