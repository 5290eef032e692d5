"""Field work: protocols, rounds, visits, notebook, reflective dialogue and commitments."""

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.common.meetings import meeting_values
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.people.selectors import active_partnerships
from acompana.programs.models import Program
from acompana.visits.defaults import ACCOMPANIMENT_PROTOCOL
from acompana.visits.models import (
    AccompanimentObservation,
    Commitment,
    Diagnosis,
    Dialogue,
    FieldNote,
    Protocol,
    ProtocolStep,
    ProtocolVersion,
    Round,
    StatusChange,
    Visit,
)

NOTE_FIELDS = ("context", "events", "interpretation", "notes")
DIALOGUE_FIELDS = (
    "opening", "development", "closing", "strengths", "improvements", "questions", "summary",
)  # fmt: skip


class StaleVersion(Exception):
    """Someone saved since this text was loaded; ``current`` is what is saved now."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale version")
        self.current = current


@transaction.atomic
def protocol_revise(
    *, protocol: Protocol, steps: Sequence[tuple[str, str]], actor: Any
) -> ProtocolVersion:
    """A new version of ``protocol`` with ``steps`` (title, guidance); older versions stay."""
    if not steps:
        raise ValidationError(_("A protocol needs at least one step."))
    number = (protocol.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProtocolVersion.objects.create(protocol=protocol, number=number, created_by=actor)
    ProtocolStep.objects.bulk_create(
        ProtocolStep(version=version, position=i, title=title, guidance=guidance)
        for i, (title, guidance) in enumerate(steps, start=1)
    )
    audit.log(
        "visits.protocol.revised",
        actor=actor,
        target=protocol,
        data={"version": number, "steps": len(steps)},
    )
    return version


def protocol_create_default(*, program: Program, actor: Any = None) -> Protocol:
    """The accompaniment protocol of the domain notes, as an editable first version."""
    name, steps = ACCOMPANIMENT_PROTOCOL
    protocol, created = Protocol.objects.get_or_create(program=program, name=name)
    if created or not protocol.versions.exists():
        protocol_revise(protocol=protocol, steps=steps, actor=actor)
    return protocol


def round_create(
    *,
    program: Program,
    cohort: Any,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    purpose: str = "",
    protocol: Protocol | None = None,
    actor: Any,
) -> Round:
    if ends_on < starts_on:
        raise ValidationError(_("A round cannot end before it starts."))
    round_ = Round.objects.create(
        program=program,
        cohort=cohort,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose=purpose,
        protocol_version=protocol.current if protocol else None,
    )
    audit.log("visits.round.created", actor=actor, target=round_)
    return round_


# Called before a mentor's first visit of a cohort is planned; each may refuse with a
# ValidationError. Training registers its readiness gate here from its ``AppConfig.ready()``
# (visits does not import training, which reads visits' rounds).
# Each is called as check(program=..., cohort=..., mentor_ids=[...]).
FIRST_VISIT_CHECKS: list[Callable[..., None]] = []


def _has_visited_in(*, mentor: MentorProfile, cohort: Any) -> bool:
    """Whether ``mentor`` already has a visit (not cancelled) with a mentee they accompany in
    ``cohort`` or in a round of ``cohort``: the first visit is the one the readiness gate
    guards."""
    mentees = Partnership.objects.filter(mentor=mentor, cohort=cohort).values("mentee_id")
    return (
        Visit.objects.filter(Q(mentee_id__in=mentees) | Q(round__cohort=cohort), mentor=mentor)
        .exclude(status=Visit.Status.CANCELLED)
        .exists()
    )


def visit_schedule(
    *,
    mentor: MentorProfile,
    mentee: MenteeProfile,
    scheduled_at: datetime.datetime,
    mode: str,
    place: str = "",
    round: Round | None = None,
    duration_minutes: int = 90,
    meeting: Mapping[str, Any] | None = None,
    actor: Any,
) -> Visit:
    """Plan a visit of ``mentor`` to ``mentee``; they must be partners now. ``meeting`` gives
    the meeting fields of a visit held at a distance (platform, https join link, meeting ID,
    passcode, dial-in: ``common.meetings``)."""
    meeting_data = meeting_values(dict(meeting)) if meeting else {}
    if timezone.is_naive(scheduled_at):
        raise ValidationError(_("The visit time needs a time zone."))
    program = mentor.program
    partnership = (
        active_partnerships(program=program)
        .filter(mentor=mentor, mentee=mentee)
        .select_related("cohort")
        .first()
    )
    if partnership is None:
        raise ValidationError(_("This mentor does not accompany this mentee."))
    if round is not None and round.program_id != program.pk:
        raise ValidationError(_("The round is not in this program."))
    cohort = partnership.cohort or (round.cohort if round is not None else None)
    if cohort is not None and not _has_visited_in(mentor=mentor, cohort=cohort):
        for check in FIRST_VISIT_CHECKS:
            check(program=program, cohort=cohort, mentor_ids=[mentor.pk])
    visit = Visit.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        round=round,
        mode=mode,
        scheduled_at=scheduled_at,
        place=place,
        duration_minutes=duration_minutes,
        protocol_version=round.protocol_version if round else None,
        **meeting_data,
    )
    audit.log(
        "visits.visit.scheduled",
        actor=actor,
        target=visit,
        data={"at": scheduled_at.isoformat(), "mode": mode},
    )
    return visit


# Called with each visit marked done, in the same transaction. Apps beside visits register
# here from their ``AppConfig.ready()`` (surveys invites the mentee to its "after each visit"
# surveys), so that visits calls them without importing them.
VISIT_DONE_HOOKS: list[Callable[..., object]] = []  # each called as hook(visit=visit)


@transaction.atomic
def visit_status_change(
    *,
    visit: Visit,
    status: str,
    reason: str = "",
    note: str = "",
    new_time: datetime.datetime | None = None,
    actor: Any,
) -> Visit:
    """Mark a visit done, cancelled or rescheduled (the last two need a reason)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if status not in Visit.Status.values or status == visit.status == Visit.Status.DONE:
        raise ValidationError(_("This change of status is not possible."))
    if status in {Visit.Status.CANCELLED, Visit.Status.RESCHEDULED} and not reason:
        raise ValidationError(_("Say why the visit was cancelled or rescheduled."))
    if status == Visit.Status.RESCHEDULED:
        if new_time is None:
            raise ValidationError(_("Give the new date and time."))
        visit.scheduled_at = new_time
    StatusChange.objects.create(
        visit=visit,
        from_status=visit.status,
        to_status=status,
        reason=reason,
        note=note,
        actor=actor,
    )
    visit.status = status
    visit.save(update_fields=["status", "scheduled_at", "updated_at"])
    if status == Visit.Status.DONE:
        for hook in VISIT_DONE_HOOKS:
            hook(visit=visit)
    audit.log(
        "visits.visit.status", actor=actor, target=visit, data={"status": status, "reason": reason}
    )
    return visit


def _versioned_save(
    model: Any,
    *,
    visit: Visit,
    fields: Sequence[str],
    data: dict[str, str],
    base_version: int,
    extra: dict[str, Any],
) -> Any:
    try:  # the first save of a visit creates the row; two first saves may race
        with transaction.atomic():
            model.objects.get_or_create(visit=visit)
    except IntegrityError:
        pass
    record = model.objects.select_for_update().get(visit=visit)
    if record.version != base_version:
        raise StaleVersion(record)
    for name in fields:
        if name in data:
            setattr(record, name, data[name])
    for name, value in extra.items():
        setattr(record, name, value)
    record.version += 1
    record.save()
    return record


@transaction.atomic
def field_note_save(
    *, visit: Visit, data: dict[str, str], base_version: int, actor: Any
) -> FieldNote:
    """Save the notebook if nobody saved since ``base_version``; else raise StaleVersion."""
    note: FieldNote = _versioned_save(
        FieldNote,
        visit=visit,
        fields=NOTE_FIELDS,
        data=data,
        base_version=base_version,
        extra={"updated_by": actor},
    )
    audit.log("visits.notebook.saved", actor=actor, target=visit, data={"version": note.version})
    return note


@transaction.atomic
def dialogue_save(*, visit: Visit, data: dict[str, str], base_version: int, actor: Any) -> Dialogue:
    dialogue: Dialogue = _versioned_save(
        Dialogue,
        visit=visit,
        fields=DIALOGUE_FIELDS,
        data=data,
        base_version=base_version,
        extra={},
    )
    audit.log(
        "visits.dialogue.saved", actor=actor, target=visit, data={"version": dialogue.version}
    )
    return dialogue


@transaction.atomic
def dialogue_share(*, visit: Visit, shared: bool, actor: Any) -> Dialogue:
    """Show (or hide again) the summary and commitments to the mentee."""
    dialogue, _created = Dialogue.objects.select_for_update().get_or_create(visit=visit)
    if shared and not dialogue.summary.strip():
        raise ValidationError(_("Write the summary before sharing it."))
    dialogue.shared_at = timezone.now() if shared else None
    dialogue.save(update_fields=["shared_at"])
    audit.log(
        "visits.dialogue.shared" if shared else "visits.dialogue.unshared",
        actor=actor,
        target=visit,
    )
    return dialogue


def commitment_add(
    *, visit: Visit, text: str, owner: str, due_on: datetime.date | None, actor: Any
) -> Commitment:
    if not text.strip():
        raise ValidationError(_("Write what was committed."))
    commitment = Commitment.objects.create(
        visit=visit,
        mentor=visit.mentor,
        mentee=visit.mentee,
        text=text.strip(),
        owner=owner,
        due_on=due_on,
    )
    audit.log("visits.commitment.added", actor=actor, target=commitment, program=visit.program)
    return commitment


def commitment_set_status(
    *, commitment: Commitment, status: str, in_visit: Visit | None = None, actor: Any
) -> Commitment:
    """Close (done, dropped) or reopen a commitment, noting the visit that followed it up."""
    if status not in Commitment.Status.values:
        raise ValidationError(_("Unknown status."))
    commitment.status = status
    commitment.closed_at = None if status == Commitment.Status.OPEN else timezone.now()
    if in_visit is not None and in_visit.pk != commitment.visit_id:
        commitment.followed_up_in = in_visit
    commitment.save(update_fields=["status", "closed_at", "followed_up_in", "updated_at"])
    audit.log(
        "visits.commitment.status",
        actor=actor,
        target=commitment,
        program=commitment.visit.program,
        data={"status": status},
    )
    return commitment


def observation_record(*, visit: Visit, specialist: Any, **texts: str) -> AccompanimentObservation:
    """A specialist's observation of a visit of a mentor they accompany."""
    if not visit.mentor.specialist_assignments.filter(specialist=specialist).exists():
        raise ValidationError(_("Only a specialist who accompanies this mentor can observe."))
    if not any(t.strip() for t in texts.values()):
        raise ValidationError(_("Write at least one part of the observation."))
    observation = AccompanimentObservation.objects.create(
        visit=visit, specialist=specialist, **texts
    )
    audit.log("visits.observation.recorded", actor=specialist, target=visit, program=visit.program)
    return observation


def observation_reply(
    *, observation: AccompanimentObservation, text: str, actor: Any
) -> AccompanimentObservation:
    """The mentor's answer to an observation of their visit."""
    if not text.strip():
        raise ValidationError(_("Write your answer."))
    observation.mentor_reply, observation.replied_at = text.strip(), timezone.now()
    observation.save(update_fields=["mentor_reply", "replied_at", "updated_at"])
    audit.log("visits.observation.answered", actor=actor, target=observation.visit)
    return observation


@transaction.atomic
def diagnosis_record(
    *,
    mentee: MenteeProfile,
    mentor: MentorProfile,
    made_on: datetime.date,
    strengths: Sequence[Any],
    needs: Sequence[Any],
    summary: str,
    actor: Any,
) -> Diagnosis:
    """The mentee's starting point by competency, agreed with their mentor."""
    if (
        not active_partnerships(program=mentee.program)
        .filter(mentor=mentor, mentee=mentee)
        .exists()
    ):
        raise ValidationError(_("This mentor does not accompany this mentee."))
    diagnosis = Diagnosis.objects.create(
        mentee=mentee, mentor=mentor, made_on=made_on, summary=summary
    )
    diagnosis.strengths.set(strengths)
    diagnosis.needs.set(needs)
    audit.log(
        "visits.diagnosis.recorded",
        actor=actor,
        target=mentee,
        data={"strengths": [c.code for c in strengths], "needs": [c.code for c in needs]},
    )
    return diagnosis
