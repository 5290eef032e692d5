"""Writes of the research app: studies, members, participants, guides and interviews,
documents, the code tree, coding and memos. Exchange with QDA tools is in ``exchange`` and
re-exported here.

Every function is keyword-only, runs in a transaction, records an audit entry with a
``research.*`` code and raises ``ValidationError`` when it refuses. ``actor`` is the acting
user, or None for the system (management commands, the demo). Audit entries never hold a real
name: participants appear by code name.

Views check who may see a study (``permissions.get_study_for_user``); the services check the
few rules that depend on the actor's role: coordinators grant identity access and allow
field-work documents, lead members and coordinators change the study and its members, and a
segment's codes are removed by its coder, a lead member or a coordinator
(``PermissionDenied`` otherwise).
"""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.common import audit
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Program
from acompana.research import defaults
from acompana.research.models import (
    Code,
    Document,
    Interview,
    InterviewGuide,
    Memo,
    Participant,
    ParticipantIdentity,
    Segment,
    Study,
    StudyMember,
    Variable,
)
from acompana.research.permissions import can_manage_study, is_coordinator, study_member_for
from acompana.research.pseudonymize import program_replacements, pseudonymize, visit_part_text
from acompana.research.text_extract import MAX_UPLOAD_BYTES, clean_text, extract_text

DEFAULT_COLOR = "#4A6FA5"
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
STUDY_FIELDS = (
    "title",
    "slug",
    "questions",
    "method",
    "ethics_reference",
    "consent_text",
    "fieldwork_documents_allowed",
)
ATTRIBUTE_NAME_MAX = Variable._meta.get_field("name").max_length or 120
CODE_FIELDS = ("name", "definition", "color", "origin", "is_codable")


# --- Helpers ----------------------------------------------------------------------------------


def _member(actor: Any, study: Study) -> StudyMember | None:
    return study_member_for(actor, study) if actor is not None else None


def _require_manager(actor: Any, study: Study) -> None:
    if actor is not None and not can_manage_study(actor, study):
        raise PermissionDenied(_("Only a lead researcher or a coordinator can do this."))


def _require_coordinator(actor: Any, program: Program) -> None:
    if actor is not None and not is_coordinator(actor, program):
        raise PermissionDenied(_("Only a coordinator of the program can do this."))


def _same_study(study: Study, *rows: Any) -> None:
    for row in rows:
        if row is not None and row.study_id != study.pk:
            raise ValidationError(_("%(row)s is not part of this study.") % {"row": row})


def _require_unchanged(row: Any, seen_at: datetime.datetime | None) -> None:
    """Optimistic check for records two researchers may edit at once: ``seen_at`` is the
    ``updated_at`` the editor loaded; if the row was saved since, refuse rather than silently
    overwrite the other person's change. None skips the check (scripts, old clients)."""
    if seen_at is None:
        return
    current = (
        type(row)
        .objects.select_for_update()
        .filter(pk=row.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    if current != seen_at:
        raise ValidationError(
            _(
                "Someone else changed this after you opened it; reload the page to see their "
                "change and make yours again."
            ),
            code="stale",
        )


def _next_code_name(study: Study, prefix: str) -> str:
    taken = set(StudyMember.objects.filter(study=study).values_list("code_name", flat=True))
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _color(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return DEFAULT_COLOR
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    if not COLOR.match(value):
        raise ValidationError({"color": _("A colour is written #RRGGBB, e.g. #4A6FA5.")})
    return value.upper()


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


# --- Participants -----------------------------------------------------------------------------


def _years(value: Decimal | None) -> float:
    return float(value or 0)


def profile_attributes(*, mentor: Any = None, mentee: Any = None) -> dict[str, Any]:
    """The documentary data of a profile as participant attributes (``defaults.ATTR_*``)."""
    if mentor is not None:
        cohorts = sorted(str(c) for c in mentor.cohorts.all())
        return {
            defaults.ATTR_ROLE: "mentor",
            defaults.ATTR_COHORTS: ", ".join(cohorts),
            defaults.ATTR_REGION: mentor.region.name if mentor.region_id else "",
            defaults.ATTR_DEGREE: mentor.highest_degree,
            defaults.ATTR_TEACHING: _years(mentor.teaching_years),
            defaults.ATTR_MANAGEMENT: _years(mentor.management_years),
            defaults.ATTR_HAS_MANAGEMENT: bool(
                mentor.management_years and mentor.management_years > 0
            ),
            defaults.ATTR_EXPERIENCE: (
                defaults.NOVICE if mentor.programs_served <= 1 else defaults.EXPERIENCED
            ),
            defaults.ATTR_PROGRAMS: int(mentor.programs_served),
        }
    if mentee is not None:
        cohorts = sorted(str(c) for c in mentee.cohorts.all())
        return {
            defaults.ATTR_ROLE: "mentee",
            defaults.ATTR_COHORTS: ", ".join(cohorts),
            defaults.ATTR_REGION: mentee.region.name if mentee.region_id else "",
            defaults.ATTR_POSITION: mentee.position,
            defaults.ATTR_YEARS_IN_POSITION: _years(mentee.years_in_position),
        }
    return {}


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return Variable.Type.BOOLEAN
    if isinstance(value, int):
        return Variable.Type.INTEGER
    if isinstance(value, float | Decimal):
        return Variable.Type.FLOAT
    return Variable.Type.TEXT


def coerce_value(value: Any, type_: str) -> Any:
    """A value as stored in ``Participant.attributes`` for a variable of ``type_``, or
    ValidationError. Dates are ISO strings; numbers JSON numbers."""
    if value is None or value == "":
        return None
    try:
        if type_ == Variable.Type.BOOLEAN:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"true", "yes", "sí", "si", "1"}:
                return True
            if text in {"false", "no", "0"}:
                return False
            raise ValueError(value)
        if type_ == Variable.Type.INTEGER:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            return int(value)
        if type_ == Variable.Type.FLOAT:
            if isinstance(value, bool):
                raise ValueError(value)
            number = float(value)
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError(value)
            return number
        if type_ == Variable.Type.DATE:
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                return value.isoformat()
            return datetime.date.fromisoformat(str(value)).isoformat()
        if type_ == Variable.Type.DATETIME:
            if isinstance(value, datetime.datetime):
                return value.isoformat()
            return datetime.datetime.fromisoformat(str(value)).isoformat()
    except (TypeError, ValueError):
        raise ValidationError(
            _("%(value)s is not a valid %(type)s value.") % {"value": value, "type": type_}
        ) from None
    return str(value)


def _store_attributes(study: Study, attributes: dict[str, Any]) -> dict[str, Any]:
    """Coerce ``attributes`` to their variables' types, creating the variables needed."""
    variables = {v.name: v for v in Variable.objects.filter(study=study)}
    stored: dict[str, Any] = {}
    for name, value in attributes.items():
        name = str(name).strip()
        if not name:
            raise ValidationError({"attributes": _("An attribute needs a name.")})
        if len(name) > ATTRIBUTE_NAME_MAX:
            raise ValidationError(
                {
                    "attributes": _("An attribute name has at most %(n)d characters.")
                    % {"n": ATTRIBUTE_NAME_MAX}
                }
            )
        variable = variables.get(name)
        if variable is None:
            if value is None or value == "":
                continue
            type_ = defaults.ATTRIBUTE_TYPES.get(name) or _type_of(value)
            variable = Variable.objects.create(
                study=study, name=name, type=type_, order=len(variables)
            )
            variables[name] = variable
        coerced = coerce_value(value, variable.type)
        if coerced is not None:
            stored[name] = coerced
    return stored


@transaction.atomic
def participant_enrol(
    *,
    study: Study,
    actor: Any,
    code_name: str,
    consent_date: datetime.date | None = None,
    consent_version: str = "",
    mentor: MentorProfile | None = None,
    mentee: MenteeProfile | None = None,
    user: Any = None,
    full_name: str = "",
) -> Participant:
    """Enrol someone under ``code_name``. Who they are (``mentor``, ``mentee``, ``user`` or
    ``full_name``) is kept apart in ``ParticipantIdentity``; their attributes are filled from
    their profile."""
    code_name = code_name.strip()
    if not code_name:
        raise ValidationError({"code_name": _("A participant needs a code name.")})
    if Participant.objects.filter(study=study, code_name=code_name).exists():
        raise ValidationError({"code_name": _("Another participant has this code name.")})
    for profile in (mentor, mentee):
        if profile is not None and profile.program_id != study.program_id:
            raise ValidationError(_("The person is not part of the study's program."))
    if user is not None and mentor is None and mentee is None:
        mentor = MentorProfile.objects.filter(program=study.program, user=user).first()
        if mentor is None:
            mentee = MenteeProfile.objects.filter(program=study.program, user=user).first()
    participant = Participant.objects.create(
        study=study,
        code_name=code_name,
        consent_date=consent_date,
        consent_version=consent_version,
        attributes=_store_attributes(study, profile_attributes(mentor=mentor, mentee=mentee)),
    )
    person = user or (mentor.user if mentor else None) or (mentee.user if mentee else None)
    if person is not None or full_name.strip():
        ParticipantIdentity.objects.create(
            participant=participant,
            user=person,
            mentor=mentor,
            mentee=mentee,
            full_name=full_name.strip() or (person.get_full_name() if person else ""),
        )
    audit.log(
        "research.participant.enrol",
        actor=actor,
        target=participant,
        program=study.program,
        data={"code_name": code_name, "identity": person is not None or bool(full_name)},
    )
    return participant


@transaction.atomic
def participant_update(
    *,
    participant: Participant,
    actor: Any,
    code_name: str | None = None,
    consent_date: datetime.date | None = None,
    consent_version: str | None = None,
    attributes: dict[str, Any] | None = None,
    seen_at: datetime.datetime | None = None,
) -> Participant:
    """Change a participant's code name, consent or attributes (``attributes`` replaces them
    all; values are checked against their variables' types, new variables are created).
    ``seen_at`` as in ``code_update``."""
    study = participant.study
    _require_unchanged(participant, seen_at)
    changed = []
    if code_name is not None and code_name.strip() != participant.code_name:
        code_name = code_name.strip()
        if not code_name:
            raise ValidationError({"code_name": _("A participant needs a code name.")})
        taken = Participant.objects.filter(study=study, code_name=code_name)
        if taken.exclude(pk=participant.pk).exists():
            raise ValidationError({"code_name": _("Another participant has this code name.")})
        participant.code_name = code_name
        changed.append("code_name")
    if consent_date is not None and consent_date != participant.consent_date:
        participant.consent_date = consent_date
        changed.append("consent_date")
    if consent_version is not None and consent_version != participant.consent_version:
        participant.consent_version = consent_version
        changed.append("consent_version")
    if attributes is not None:
        stored = _store_attributes(study, attributes)
        if stored != participant.attributes:
            participant.attributes = stored
            changed.append("attributes")
    if changed:
        participant.save(update_fields=[*changed, "updated_at"])
        audit.log(
            "research.participant.update",
            actor=actor,
            target=participant,
            program=study.program,
            data={"fields": changed},
        )
    return participant


@transaction.atomic
def participant_attributes_refresh(*, participant: Participant, actor: Any) -> Participant:
    """Fill the attributes again from the linked profile; other attributes are kept."""
    identity = ParticipantIdentity.objects.filter(participant=participant).first()
    fresh: dict[str, Any] = {}
    if identity is not None:
        mentor, mentee = identity.mentor, identity.mentee
        if mentor is None and mentee is None and identity.user_id:
            program = participant.study.program
            mentor = MentorProfile.objects.filter(program=program, user=identity.user).first()
            mentee = MenteeProfile.objects.filter(program=program, user=identity.user).first()
        fresh = profile_attributes(mentor=mentor, mentee=mentee)
    attributes = {**participant.attributes, **fresh}
    participant.attributes = _store_attributes(participant.study, attributes)
    participant.save(update_fields=["attributes", "updated_at"])
    audit.log(
        "research.participant.refresh",
        actor=actor,
        target=participant,
        program=participant.study.program,
        data={"attributes": sorted(fresh)},
    )
    return participant


# --- Guides and interviews --------------------------------------------------------------------


@transaction.atomic
def guide_save(
    *,
    study: Study,
    actor: Any,
    title: str,
    sections: list[dict[str, Any]],
    guide: InterviewGuide | None = None,
    seen_at: datetime.datetime | None = None,
) -> InterviewGuide:
    """Create or change a semi-structured guide: ``[{"title", "questions": [str]}]``.
    ``seen_at`` as in ``code_update``."""
    if guide is not None:
        _require_unchanged(guide, seen_at)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("A guide needs a title.")})
    _same_study(study, guide)
    clean = []
    for section in sections or []:
        if not isinstance(section, dict):
            raise ValidationError({"sections": _("Each section has a title and questions.")})
        section_title = str(section.get("title", "")).strip()
        questions = [str(q).strip() for q in section.get("questions") or [] if str(q).strip()]
        if not section_title and not questions:
            continue
        if not section_title:
            raise ValidationError({"sections": _("Each section needs a title.")})
        clean.append({"title": section_title, "questions": questions})
    if guide is None:
        guide = InterviewGuide.objects.create(study=study, title=title, sections=clean)
        action = "research.guide.create"
    else:
        guide.title, guide.sections = title, clean
        guide.save(update_fields=["title", "sections", "updated_at"])
        action = "research.guide.update"
    audit.log(action, actor=actor, target=guide, program=study.program)
    return guide


@transaction.atomic
def interview_record(
    *,
    study: Study,
    actor: Any,
    participant: Participant,
    held_on: datetime.date,
    mode: str,
    duration_minutes: int | None = None,
    interviewer: StudyMember | None = None,
    guide: InterviewGuide | None = None,
) -> Interview:
    _same_study(study, participant, interviewer, guide)
    if mode not in Interview.Mode.values:
        raise ValidationError({"mode": _("Unknown interview mode.")})
    if duration_minutes is not None and duration_minutes <= 0:
        raise ValidationError({"duration_minutes": _("The duration must be positive.")})
    interview = Interview.objects.create(
        study=study,
        participant=participant,
        held_on=held_on,
        mode=mode,
        duration_minutes=duration_minutes,
        interviewer=interviewer if interviewer is not None else _member(actor, study),
        guide=guide,
    )
    audit.log(
        "research.interview.record",
        actor=actor,
        target=interview,
        program=study.program,
        data={"participant": participant.code_name, "held_on": held_on.isoformat()},
    )
    return interview


# --- Documents --------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    study: Study,
    actor: Any,
    name: str,
    text: str,
    kind: str,
    participant: Participant | None = None,
    interview: Interview | None = None,
    description: str = "",
    source_visit: Any = None,
) -> Document:
    """A typed or pasted text; newlines are normalized to ``\\n`` before it is stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A document needs a name.")})
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    _same_study(study, participant, interview)
    text = clean_text(text or "")
    if not text.strip():
        raise ValidationError({"text": _("The document has no text.")})
    if interview is not None:
        if Document.objects.filter(interview=interview).exists():
            raise ValidationError({"interview": _("This interview already has a transcript.")})
        if participant is None:
            participant = interview.participant
        elif participant.pk != interview.participant_id:
            raise ValidationError({"participant": _("The interview is with another participant.")})
    document = Document.objects.create(
        study=study,
        name=name,
        kind=kind,
        text=text,
        participant=participant,
        interview=interview,
        description=description,
        source_visit=source_visit,
        created_by=_member(actor, study),
    )
    audit.log(
        "research.document.add",
        actor=actor,
        target=document,
        program=study.program,
        data={"kind": kind, "length": len(text)},
    )
    return document


def document_upload(
    *,
    study: Study,
    actor: Any,
    upload: Any,
    name: str = "",
    kind: str,
    participant: Participant | None = None,
    interview: Interview | None = None,
) -> Document:
    """A transcript uploaded as TXT (UTF-8, UTF-16, Windows-1252) or DOCX."""
    filename = str(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "upload": _("The file is too large (%(size)s MB); the limit is 5 MB.")
                % {"size": f"{size / 1024 / 1024:.1f}"}
            }
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        text = extract_text(data=data, filename=filename)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from None
    return document_add(
        study=study,
        actor=actor,
        name=name.strip() or PurePath(filename).stem or _("Document"),
        text=text,
        kind=kind,
        participant=participant,
        interview=interview,
    )


@transaction.atomic
def document_from_visit(*, study: Study, actor: Any, visit: Any, part: str) -> Document:
    """A visit's field-notebook entry (``part="notebook"``) or reflective dialogue
    (``"dialogue"``) as a document, with the names of people and schools replaced by code
    names. Only when a coordinator allowed field-work documents for the study."""
    if not study.fieldwork_documents_allowed:
        raise ValidationError(
            _("A coordinator has not allowed field notebooks and dialogues in this study.")
        )
    if visit.program_id != study.program_id:
        raise ValidationError(_("The visit is not part of the study's program."))
    if part not in ("notebook", "dialogue"):
        raise ValidationError({"part": _("Choose the field notebook or the dialogue.")})
    kind = Document.Kind.NOTEBOOK if part == "notebook" else Document.Kind.DIALOGUE
    if Document.objects.filter(study=study, source_visit=visit, kind=kind).exists():
        raise ValidationError(_("This part of the visit is already in the study."))
    text = visit_part_text(visit=visit, part=part)
    if not text.strip():
        raise ValidationError(_("This part of the visit has no text yet."))
    text = pseudonymize(text, program_replacements(program=study.program, visit=visit))
    participant = (
        Participant.objects.filter(study=study, identity__mentor=visit.mentor).first()
        or Participant.objects.filter(study=study, code_name=visit.mentor.code).first()
    )
    label = _("Field notebook") if part == "notebook" else _("Reflective dialogue")
    name = f"{label} {visit.mentor.code} → {visit.mentee.code} {visit.scheduled_at:%Y-%m-%d}"
    return document_add(
        study=study,
        actor=actor,
        name=name,
        text=text,
        kind=kind,
        participant=participant,
        source_visit=visit,
    )


# --- Codes ------------------------------------------------------------------------------------


def _next_order(study: Study, parent: Code | None) -> int:
    top = Code.objects.filter(study=study, parent=parent).aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


def _check_sibling_name(study: Study, parent: Code | None, name: str, exclude: Any = None) -> None:
    siblings = Code.objects.filter(study=study, parent=parent, name__iexact=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    if siblings.exists():
        raise ValidationError({"name": _("A code with this name is already at this place.")})


@transaction.atomic
def code_create(
    *,
    study: Study,
    actor: Any,
    name: str,
    parent: Code | None = None,
    is_codable: bool = True,
    origin: str = "a_priori",
    definition: str = "",
    color: str = "",
) -> Code:
    """A code, or a category (``is_codable=False``), at the root or under ``parent``."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A code needs a name.")})
    _same_study(study, parent)
    if origin not in Code.Origin.values:
        raise ValidationError({"origin": _("A code is a priori or emergent.")})
    _check_sibling_name(study, parent, name)
    code = Code.objects.create(
        study=study,
        parent=parent,
        name=name,
        is_codable=is_codable,
        origin=origin,
        definition=definition,
        color=_color(color) if color else (parent.color if parent else DEFAULT_COLOR),
        order=_next_order(study, parent),
    )
    audit.log(
        "research.code.create",
        actor=actor,
        target=code,
        program=study.program,
        data={"origin": origin, "codable": is_codable},
    )
    return code


@transaction.atomic
def code_update(
    *, code: Code, actor: Any, seen_at: datetime.datetime | None = None, **fields: Any
) -> Code:
    """Change ``name``, ``definition``, ``color``, ``origin`` or ``is_codable`` (a code with
    segments cannot become a category). ``seen_at``: the ``updated_at`` the editor saw; the
    change is refused when someone saved the code since."""
    _require_unchanged(code, seen_at)
    unknown = set(fields) - set(CODE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if "name" in fields:
        fields["name"] = str(fields["name"]).strip()
        if not fields["name"]:
            raise ValidationError({"name": _("A code needs a name.")})
        _check_sibling_name(code.study, code.parent, fields["name"], exclude=code.pk)
    if "color" in fields:
        fields["color"] = _color(fields["color"])
    if "origin" in fields and fields["origin"] not in Code.Origin.values:
        raise ValidationError({"origin": _("A code is a priori or emergent.")})
    if fields.get("is_codable") is False and code.segments.exists():
        raise ValidationError(
            {"is_codable": _("This code has coded segments; it cannot become a category.")}
        )
    changed = [name for name, value in fields.items() if getattr(code, name) != value]
    for name in changed:
        setattr(code, name, fields[name])
    if changed:
        code.save(update_fields=[*changed, "updated_at"])
        audit.log(
            "research.code.update",
            actor=actor,
            target=code,
            program=code.study.program,
            data={"fields": changed},
        )
    return code


def _descendant_ids(code: Code) -> set[int]:
    """The ids of every code under ``code``."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Code.objects.filter(study=code.study_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = list(children.get(code.pk, []))
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


@transaction.atomic
def code_move(*, code: Code, actor: Any, parent: Code | None, position: int | None = None) -> Code:
    """Put ``code`` under ``parent`` (None: at the root), at ``position`` among its new
    siblings (None: last). A code cannot go under itself or one of its descendants."""
    study = code.study
    _same_study(study, parent)
    if parent is not None and (parent.pk == code.pk or parent.pk in _descendant_ids(code)):
        raise ValidationError({"parent": _("A code cannot be moved under itself.")})
    if parent is None or parent.pk != code.parent_id:
        _check_sibling_name(study, parent, code.name, exclude=code.pk)
    siblings = list(
        Code.objects.filter(study=study, parent=parent)
        .exclude(pk=code.pk)
        .order_by("order", "name")
    )
    index = len(siblings) if position is None else max(0, min(int(position), len(siblings)))
    siblings.insert(index, code)
    code.parent = parent
    code.save(update_fields=["parent", "updated_at"])
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            sibling.order = order
            Code.objects.filter(pk=sibling.pk).update(order=order)
    audit.log(
        "research.code.move",
        actor=actor,
        target=code,
        program=study.program,
        data={"parent": parent.pk if parent else None, "position": index},
    )
    return code


def _collapse_duplicates(segments: Iterable[Segment]) -> int:
    """Segments of one document by one coder with the same span become one (codes and memos
    joined). Returns how many were removed."""
    seen: dict[tuple[int, int | None, int, int], Segment] = {}
    removed = 0
    for segment in sorted(segments, key=lambda s: s.pk):
        key = (segment.document_id, segment.coder_id, segment.start, segment.end)
        kept = seen.get(key)
        if kept is None:
            seen[key] = segment
            continue
        kept.codes.add(*segment.codes.all())
        Memo.objects.filter(segment=segment).update(segment=kept)
        segment.delete()
        removed += 1
    return removed


@transaction.atomic
def code_merge(*, source: Code, target: Code, actor: Any) -> Code:
    """Merge ``source`` into ``target``: its segments, memos and children move to ``target``,
    segments that become duplicates are joined, and ``source`` is deleted."""
    if source.study_id != target.study_id:
        raise ValidationError(_("Codes of different studies cannot be merged."))
    if source.pk == target.pk:
        raise ValidationError(_("A code cannot be merged into itself."))
    if target.pk in _descendant_ids(source):
        raise ValidationError(_("A code cannot be merged into one of its own subcodes."))
    segments = list(source.segments.all())
    if segments and not target.is_codable:
        raise ValidationError(
            _("%(target)s is a category; the coded segments of %(source)s need a code.")
            % {"target": target.name, "source": source.name}
        )
    for segment in segments:
        segment.codes.remove(source)
        segment.codes.add(target)
    Memo.objects.filter(code=source).update(code=target)
    for child in source.children.order_by("order", "name"):
        if Code.objects.filter(parent=target, name__iexact=child.name).exists():
            code_merge(
                source=child,
                target=Code.objects.get(parent=target, name__iexact=child.name),
                actor=actor,
            )
        else:
            child.parent = target
            child.order = _next_order(target.study, target)
            child.save(update_fields=["parent", "order", "updated_at"])
    removed = _collapse_duplicates(
        Segment.objects.filter(document__study=target.study_id, codes=target)
        .prefetch_related("codes")
        .distinct()
    )
    if source.definition and source.definition not in target.definition:
        target.definition = "\n\n".join(t for t in (target.definition, source.definition) if t)
        target.save(update_fields=["definition", "updated_at"])
    data = {"source": source.name, "segments": len(segments), "joined": removed}
    source.delete()
    audit.log(
        "research.code.merge", actor=actor, target=target, program=target.study.program, data=data
    )
    return target


@transaction.atomic
def code_split(*, code: Code, actor: Any, new_name: str, segment_ids: Iterable[int]) -> Code:
    """A new sibling of ``code`` named ``new_name`` that takes over the given segments."""
    ids = {int(pk) for pk in segment_ids}
    if not ids:
        raise ValidationError({"segment_ids": _("Choose the segments for the new code.")})
    segments = list(Segment.objects.filter(codes=code, pk__in=ids))
    if len(segments) != len(ids):
        raise ValidationError({"segment_ids": _("Some segments are not coded with this code.")})
    new = code_create(
        study=code.study,
        actor=actor,
        name=new_name,
        parent=code.parent,
        is_codable=True,
        origin=code.origin,
        definition="",
        color=code.color,
    )
    for segment in segments:
        segment.codes.remove(code)
        segment.codes.add(new)
    audit.log(
        "research.code.split",
        actor=actor,
        target=new,
        program=code.study.program,
        data={"from": code.name, "segments": len(segments)},
    )
    return new


# --- Coding and memos -------------------------------------------------------------------------


@transaction.atomic
def segment_code(
    *, document: Document, actor: Any, start: int, end: int, codes: Iterable[Code]
) -> Segment:
    """Code ``document.text[start:end]`` (code points, end-exclusive) with ``codes``. The
    actor's membership is the coder; a segment of theirs with exactly that span gets the codes
    added instead of a second segment."""
    codes = list(codes)
    if not codes:
        raise ValidationError({"codes": _("Choose at least one code.")})
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise ValidationError(_("The positions must be whole numbers.")) from None
    if not 0 <= start < end <= len(document.text):
        raise ValidationError(
            _("The selection %(start)s-%(end)s is not inside the text (0-%(length)s).")
            % {"start": start, "end": end, "length": len(document.text)}
        )
    for code in codes:
        if code.study_id != document.study_id:
            raise ValidationError(
                {"codes": _("%(code)s is not a code of this study.") % {"code": code}}
            )
        if not code.is_codable:
            raise ValidationError(
                {"codes": _("%(code)s is a category; choose one of its codes.") % {"code": code}}
            )
    coder = _member(actor, document.study)
    segment = Segment.objects.filter(document=document, coder=coder, start=start, end=end).first()
    created = segment is None
    if segment is None:
        segment = Segment.objects.create(document=document, start=start, end=end, coder=coder)
    segment.codes.add(*codes)
    audit.log(
        "research.segment.code",
        actor=actor,
        target=segment,
        program=document.study.program,
        data={"codes": [code.pk for code in codes], "created": created},
    )
    return segment


@transaction.atomic
def segment_uncode(*, segment: Segment, actor: Any, code: Code) -> Segment | None:
    """Remove ``code`` from the segment; a segment left without codes is deleted (its memos
    stay, on the document). Returns the segment, or None when it was deleted."""
    study = segment.document.study
    if actor is not None and not can_manage_study(actor, study):
        member = _member(actor, study)
        if member is None or segment.coder_id != member.pk:
            raise PermissionDenied(_("Only the coder or a lead researcher can remove this coding."))
    if not segment.codes.filter(pk=code.pk).exists():
        raise ValidationError(
            {"code": _("The segment is not coded with %(code)s.") % {"code": code}}
        )
    segment.codes.remove(code)
    data = {"code": code.pk, "start": segment.start, "end": segment.end}
    if segment.codes.exists():
        audit.log(
            "research.segment.uncode", actor=actor, target=segment, program=study.program, data=data
        )
        return segment
    Memo.objects.filter(segment=segment).update(segment=None, document=segment.document)
    audit.log(
        "research.segment.delete",
        actor=actor,
        target=segment.document,
        program=study.program,
        data=data,
    )
    segment.delete()
    return None


@transaction.atomic
def memo_write(
    *,
    study: Study,
    actor: Any,
    title: str,
    text: str,
    code: Code | None = None,
    document: Document | None = None,
    segment: Segment | None = None,
    participant: Participant | None = None,
) -> Memo:
    """An analytic memo on the study, or on one code, document, segment or participant."""
    targets = [t for t in (code, document, segment, participant) if t is not None]
    if len(targets) > 1:
        raise ValidationError(
            _("A memo is about one thing: a code, a document, a segment or a participant.")
        )
    _same_study(study, code, document, participant)
    if segment is not None and segment.document.study_id != study.pk:
        raise ValidationError(_("%(row)s is not part of this study.") % {"row": segment})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("A memo needs some text.")})
    title = title.strip() or text.splitlines()[0][:80]
    memo = Memo.objects.create(
        study=study,
        title=title[:200],
        text=text,
        author=_member(actor, study),
        code=code,
        document=document,
        segment=segment,
        participant=participant,
    )
    audit.log("research.memo.write", actor=actor, target=memo, program=study.program)
    return memo


# --- Exchange with QDA tools (implemented in ``exchange``) -------------------------------------

from acompana.research.exchange import (  # noqa: E402
    study_export_qdc,
    study_export_qdpx,
    study_import,
)

__all__ = [
    "code_create",
    "code_merge",
    "code_move",
    "code_split",
    "code_update",
    "codebook_load_table2",
    "document_add",
    "document_from_visit",
    "document_upload",
    "guide_save",
    "interview_record",
    "memo_write",
    "participant_attributes_refresh",
    "participant_enrol",
    "participant_update",
    "segment_code",
    "segment_uncode",
    "study_create",
    "study_export_qdc",
    "study_export_qdpx",
    "study_identity_access_set",
    "study_import",
    "study_member_add",
    "study_update",
]
