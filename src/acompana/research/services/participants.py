"""Participants (pseudonymous, with attributes), interview guides and interviews."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.people.selectors import NOVICE_MAX_PROGRAMS, programs_served_in
from acompana.research import defaults
from acompana.research.models import (
    Interview,
    InterviewGuide,
    Participant,
    ParticipantIdentity,
    Study,
    StudyMember,
    Variable,
)
from acompana.research.services._common import (
    ATTRIBUTE_NAME_MAX,
    _member,
    _require_unchanged,
    _same_study,
)

# --- Participants -----------------------------------------------------------------------------


def _years(value: Decimal | None) -> float:
    return float(value or 0)


def _programs_served(mentor: MentorProfile) -> int:
    """The programs a mentor had served in their latest cohort of the program (the people
    selector's one definition); the declared number if they are in no cohort."""
    cohorts = [c for c in mentor.cohorts.all() if c.program_id == mentor.program_id]
    if not cohorts:
        return int(mentor.programs_served)
    latest = max(cohorts, key=lambda c: (c.year, c.pk))
    return programs_served_in(cohort=latest, mentor_ids=[mentor.pk])[mentor.pk]


def profile_attributes(*, mentor: Any = None, mentee: Any = None) -> dict[str, Any]:
    """The documentary data of a profile as participant attributes (``defaults.ATTR_*``)."""
    profile = mentor if mentor is not None else mentee
    if profile is None:
        return {}
    common = {
        defaults.ATTR_ROLE: "mentor" if mentor is not None else "mentee",
        defaults.ATTR_COHORTS: ", ".join(sorted(str(c) for c in profile.cohorts.all())),
        defaults.ATTR_REGION: profile.region.name if profile.region_id else "",
    }
    if mentor is None:
        return {
            **common,
            defaults.ATTR_POSITION: mentee.position,
            defaults.ATTR_YEARS_IN_POSITION: _years(mentee.years_in_position),
        }
    served = _programs_served(mentor)
    return {
        **common,
        defaults.ATTR_DEGREE: mentor.highest_degree,
        defaults.ATTR_TEACHING: _years(mentor.teaching_years),
        defaults.ATTR_MANAGEMENT: _years(mentor.management_years),
        defaults.ATTR_HAS_MANAGEMENT: bool(mentor.management_years and mentor.management_years > 0),
        defaults.ATTR_EXPERIENCE: (
            defaults.NOVICE if served <= NOVICE_MAX_PROGRAMS else defaults.EXPERIENCED
        ),
        defaults.ATTR_PROGRAMS: served,
    }


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
