"""Writes: templates, issuing and renegotiating agreements, acknowledgements, goals and their
progress, and changes to a partnership (pause, resume, end, reassign).

Every service audits what it did; refusals are ``ValidationError``s the pages and the API show.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role
from acompana.agreements.defaults import DEFAULT_TEMPLATES
from acompana.agreements.models import (
    TEXT_FIELDS,
    Acknowledgement,
    Agreement,
    AgreementTemplate,
    AgreementVersion,
    Goal,
    GoalProgress,
    PartnershipChange,
    Party,
    field_label,
)
from acompana.common import audit
from acompana.common.choices import MeetingMode
from acompana.frameworks.models import Competency
from acompana.people import services as people_services
from acompana.people.models import MentorProfile, Partnership
from acompana.programs.models import Program

VERSION_FIELDS = (*TEXT_FIELDS, "modes")


def _clean_modes(modes: list[str]) -> list[str]:
    valid = set(MeetingMode.values)
    unknown = [m for m in modes if m not in valid]
    if unknown:
        raise ValidationError(_("Unknown meeting mode: %s") % ", ".join(unknown))
    return [m for m in MeetingMode.values if m in modes]  # canonical order, no repeats


def _texts(source: Mapping[str, Any]) -> dict[str, Any]:
    texts: dict[str, Any] = {name: str(source.get(name, "") or "").strip() for name in TEXT_FIELDS}
    missing = [n for n in TEXT_FIELDS if not texts[n]]
    if missing:
        labels = [field_label(AgreementVersion, n) for n in missing]
        raise ValidationError(_("These parts of the agreement are empty: %s") % ", ".join(labels))
    texts["modes"] = _clean_modes(list(source.get("modes") or []))
    return texts


# --- Templates -----------------------------------------------------------------------------------


def template_defaults_ensure(*, program: Program) -> list[AgreementTemplate]:
    """The program's templates; the shipped model (Spanish and English) is created the first
    time a program has none."""
    templates = list(AgreementTemplate.objects.filter(program=program).order_by("name"))
    if templates:
        return templates
    with transaction.atomic():
        for text in DEFAULT_TEMPLATES:
            AgreementTemplate.objects.get_or_create(
                program=program, name=text["name"], defaults=dict(text)
            )
        audit.log("agreements.template.defaults_created", program=program, target=program)
    return list(AgreementTemplate.objects.filter(program=program).order_by("name"))


def template_save(
    *,
    program: Program,
    data: Mapping[str, Any],
    actor: Any,
    template: AgreementTemplate | None = None,
    stamp: str = "",
) -> AgreementTemplate:
    """Create (``template`` None) or edit a template. Agreements already issued keep the texts
    of their versions.

    ``stamp`` is the template's ``updated_at`` (ISO format) when the editor opened it: if
    someone saved the template since, the save is refused instead of overwriting theirs."""
    texts = _texts(data)
    name = str(data.get("name", "")).strip()
    if not name:
        raise ValidationError(_("A template needs a name."))
    if template is None:
        template = AgreementTemplate(program=program)
    elif template.program_id != program.pk:
        raise ValidationError(_("This template belongs to another program."))
    elif stamp:
        with transaction.atomic():
            saved = AgreementTemplate.objects.select_for_update().get(pk=template.pk).updated_at
        if saved.isoformat() != stamp:
            raise ValidationError(
                _(
                    "Someone saved this template while you were editing it. Your changes "
                    "were not saved: reload the page and make them again."
                )
            )
    template.name = name
    template.language = str(data.get("language") or template.language or "es")
    for key, value in texts.items():
        setattr(template, key, value)
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as exc:
        raise ValidationError(_("The program already has a template with this name.")) from exc
    audit.log("agreements.template.saved", actor=actor, target=template, program=program)
    return template


# --- Agreements and versions ---------------------------------------------------------------------


def _goals_text(agreement: Agreement) -> str:
    lines = []
    for goal in agreement.goals.select_related("competency").order_by("created_at", "pk"):
        parts = [goal.title]
        if goal.competency:
            parts.append(f"[{goal.competency.code}]")
        if goal.target_date:
            parts.append(f"({goal.target_date.isoformat()})")
        lines.append(" ".join(parts))
        if goal.success_criteria:
            lines.append(f"  {goal.success_criteria}")
    return "\n".join(lines)


def _notify_on_commit(version: AgreementVersion) -> None:
    from acompana.agreements.tasks import agreement_acknowledgement_notify_task

    pk = version.pk
    transaction.on_commit(lambda: agreement_acknowledgement_notify_task.enqueue(pk))


def _issue(version: AgreementVersion, *, notify: bool, at: datetime.datetime | None) -> None:
    version.issued_at = at or timezone.now()
    version.save(update_fields=["issued_at"])
    if notify:
        _notify_on_commit(version)


@transaction.atomic
def agreement_issue(
    *,
    partnership: Partnership,
    template: AgreementTemplate,
    actor: Any,
    texts: Mapping[str, Any] | None = None,
    issue: bool = True,
    notify: bool = True,
    at: datetime.datetime | None = None,
) -> Agreement:
    """The partnership's agreement from ``template`` (its texts, or ``texts`` when given):
    version 1, issued for acknowledgement (emails to the three parties) or kept as a draft."""
    if template.program_id != partnership.program_id:
        raise ValidationError(_("This template belongs to another program."))
    if partnership.ended_on is not None and partnership.ended_on < timezone.localdate():
        raise ValidationError(_("This partnership has ended."))
    if Agreement.objects.filter(partnership=partnership).exists():
        raise ValidationError(
            _("This pair already has an agreement; renegotiate it with a new version.")
        )
    values = _texts(
        texts if texts is not None else {f: getattr(template, f) for f in VERSION_FIELDS}
    )
    try:
        # Two coordinators issuing the same pair at once both pass the check above; the
        # one-to-one constraint refuses the second, which gets the same message.
        with transaction.atomic():
            agreement = Agreement.objects.create(
                program=partnership.program,
                partnership=partnership,
                template=template,
                status=Agreement.Status.AWAITING if issue else Agreement.Status.DRAFT,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("This pair already has an agreement; renegotiate it with a new version.")
        ) from exc
    version = AgreementVersion.objects.create(
        agreement=agreement, number=1, created_by=actor, **values
    )
    if issue:
        _issue(version, notify=notify, at=at)
    audit.log(
        "agreements.agreement.issued" if issue else "agreements.agreement.drafted",
        actor=actor,
        target=agreement,
        data={"template": template.pk, "version": 1},
    )
    return agreement


@transaction.atomic
def agreement_revise(
    *,
    agreement: Agreement,
    revision: int,
    texts: Mapping[str, Any],
    actor: Any,
    change_note: str = "",
    issue: bool = True,
    notify: bool = True,
    at: datetime.datetime | None = None,
) -> AgreementVersion:
    """Renegotiate: a new version with ``texts`` (a draft current version is edited instead).

    ``revision`` is the agreement's revision the editor started from: if someone changed the
    agreement since, the save is refused and nothing is lost but this edit.
    """
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.revision != revision:
        raise ValidationError(
            _(
                "Someone changed this agreement while you were editing it (it is now at version "
                "%(number)s). Your changes were not saved: reload the page and make them again."
            )
            % {"number": locked.current_number}
        )
    if locked.status == Agreement.Status.CLOSED:
        raise ValidationError(_("This agreement is closed."))
    values = _texts(texts)
    current = locked.versions.get(number=locked.current_number)
    if current.issued:
        version = AgreementVersion.objects.create(
            agreement=locked,
            number=locked.current_number + 1,
            created_by=actor,
            change_note=change_note.strip(),
            goals_text=_goals_text(locked),
            **values,
        )
    else:
        version = current
        for key, value in values.items():
            setattr(version, key, value)
        version.change_note = change_note.strip()
        version.goals_text = _goals_text(locked)
        version.save()
    if issue:
        _issue(version, notify=notify, at=at)
    locked.current_number = version.number
    locked.revision += 1
    locked.status = Agreement.Status.AWAITING if issue else Agreement.Status.DRAFT
    locked.save(update_fields=["current_number", "revision", "status", "updated_at"])
    agreement.refresh_from_db()
    audit.log(
        "agreements.version.issued" if issue else "agreements.version.drafted",
        actor=actor,
        target=locked,
        data={"version": version.number, "change_note": version.change_note},
    )
    return version


def _may_sign_for(*, user: Any, agreement: Agreement, party: str) -> bool:
    partnership = agreement.partnership
    if party == Party.MENTOR:
        return bool(partnership.mentor.user_id == user.pk)
    if party == Party.MENTEE:
        return bool(partnership.mentee.user_id == user.pk)
    if party == Party.COORDINATOR:
        return has_role(user, agreement.program, Role.COORDINATOR)
    return False


@transaction.atomic
def agreement_acknowledge(
    *,
    agreement: Agreement,
    number: int,
    party: str,
    user: Any,
    at: datetime.datetime | None = None,
) -> Acknowledgement:
    """``user`` acknowledges version ``number`` as ``party`` (mentor, mentee or coordinator).
    Once the three parties have acknowledged the current version, it is in force."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if party not in Party.values:
        raise ValidationError(_("Unknown party."))
    if not _may_sign_for(user=user, agreement=agreement, party=party):
        raise ValidationError(_("You cannot acknowledge this agreement for that party."))
    if locked.status == Agreement.Status.CLOSED:
        raise ValidationError(_("This agreement is closed."))
    if number != locked.current_number:
        raise ValidationError(
            _("Version %(number)s is no longer current; read version %(current)s first.")
            % {"number": number, "current": locked.current_number}
        )
    version = locked.versions.get(number=number)
    if not version.issued:
        raise ValidationError(_("A draft cannot be acknowledged; it must be issued first."))
    if version.acknowledgements.filter(party=party).exists():
        raise ValidationError(_("This version was already acknowledged for that party."))
    acknowledgement = Acknowledgement.objects.create(
        version=version, party=party, user=user, at=at or timezone.now()
    )
    if set(version.acknowledgements.values_list("party", flat=True)) == set(Party.values):
        locked.status = Agreement.Status.IN_FORCE
        locked.in_force_number = number
    locked.revision += 1
    locked.save(update_fields=["status", "in_force_number", "revision", "updated_at"])
    agreement.refresh_from_db()
    audit.log(
        "agreements.version.acknowledged",
        actor=user,
        target=locked,
        data={"version": number, "party": party, "in_force": locked.in_force_number == number},
    )
    return acknowledgement


def _close(agreement: Agreement, *, reason: str, actor: Any) -> None:
    if agreement.status == Agreement.Status.CLOSED:
        return
    agreement.status = Agreement.Status.CLOSED
    agreement.closed_at = timezone.now()
    agreement.closed_reason = reason
    agreement.revision += 1
    agreement.save(update_fields=["status", "closed_at", "closed_reason", "revision", "updated_at"])
    audit.log("agreements.agreement.closed", actor=actor, target=agreement, data={"reason": reason})


# --- Goals ---------------------------------------------------------------------------------------


@transaction.atomic
def goal_add(
    *,
    agreement: Agreement,
    title: str,
    actor: Any,
    competency: Competency | None = None,
    success_criteria: str = "",
    target_date: datetime.date | None = None,
) -> Goal:
    """A goal of the agreement, tied to a competency of the program's framework. It becomes
    part of the texts of the next version."""
    if agreement.status == Agreement.Status.CLOSED:
        raise ValidationError(_("This agreement is closed."))
    if not title.strip():
        raise ValidationError(_("A goal needs a title."))
    framework_id = agreement.program.framework_id
    if competency is not None and competency.domain.framework_id != framework_id:
        raise ValidationError(_("The competency is not in the program's framework."))
    goal = Goal.objects.create(
        agreement=agreement,
        competency=competency,
        title=title.strip(),
        success_criteria=success_criteria.strip(),
        target_date=target_date,
        created_by=actor,
    )
    audit.log(
        "agreements.goal.added",
        actor=actor,
        target=goal,
        program=agreement.program,
        data={"agreement": agreement.pk, "competency": competency.code if competency else ""},
    )
    return goal


def goal_progress_record(
    *,
    goal: Goal,
    percent: int,
    actor: Any,
    note: str = "",
    recorded_on: datetime.date | None = None,
) -> GoalProgress:
    """A progress update (0-100%) by the pair's mentor or mentee; earlier ones are kept."""
    partnership = goal.agreement.partnership
    if actor.pk not in {partnership.mentor.user_id, partnership.mentee.user_id}:
        raise ValidationError(_("Only the pair's mentor or mentee records progress."))
    if not 0 <= percent <= 100:
        raise ValidationError(_("Progress is a percentage between 0 and 100."))
    if recorded_on is not None and recorded_on > timezone.localdate():
        raise ValidationError(_("Progress cannot be recorded for a day that has not come yet."))
    if goal.agreement.status == Agreement.Status.CLOSED:
        raise ValidationError(_("This agreement is closed."))
    update = GoalProgress.objects.create(
        goal=goal,
        percent=percent,
        note=note.strip(),
        recorded_on=recorded_on or timezone.localdate(),
        author=actor,
    )
    audit.log(
        "agreements.goal.progress",
        actor=actor,
        target=goal,
        program=goal.agreement.program,
        data={"percent": percent},
    )
    return update


# --- Partnership changes -------------------------------------------------------------------------


@transaction.atomic
def partnership_change(
    *,
    partnership: Partnership,
    kind: str,
    reason: str,
    actor: Any,
    effective_on: datetime.date | None = None,
    new_mentor: MentorProfile | None = None,
) -> PartnershipChange:
    """Pause, resume, end or reassign ``partnership`` for ``reason``.

    Ending closes the agreement. Reassigning ends the partnership, closes its agreement and
    starts a partnership of the same mentee with ``new_mentor``; the change links the two.
    People's service audits the change (``people.partnership.<action>``, with ``reason``);
    agreements audits only the agreement it closes (``agreements.agreement.closed``).
    """
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    effective_on = effective_on or timezone.localdate()
    if not reason.strip():
        raise ValidationError(_("Say why the partnership changes."))
    reason = reason.strip()
    Kind = PartnershipChange.Kind
    new_partnership = None
    # The partnership's own rules (dates, one pause at a time, who may take over) are
    # people's: these calls refuse what they refuse, and record the change.
    if kind == Kind.PAUSE:
        partnership = people_services.partnership_pause(
            partnership=partnership, since=effective_on, actor=actor, reason=reason
        )
    elif kind == Kind.RESUME:
        partnership = people_services.partnership_resume(
            partnership=partnership, on=effective_on, actor=actor, reason=reason
        )
    elif kind == Kind.END:
        partnership = people_services.partnership_end(
            partnership=partnership, effective_on=effective_on, actor=actor, reason=reason
        )
    elif kind == Kind.REASSIGN:
        if new_mentor is None:
            raise ValidationError(_("Choose the new mentor, from this program."))
        new_partnership = people_services.partnership_reassign(
            partnership=partnership,
            new_mentor=new_mentor,
            effective_on=effective_on,
            actor=actor,
            reason=reason,
        )
    else:
        raise ValidationError(_("Unknown change."))
    if kind in (Kind.END, Kind.REASSIGN):
        agreement = Agreement.objects.filter(partnership=partnership).first()
        if agreement is not None:
            _close(agreement, reason=reason, actor=actor)
    return PartnershipChange.objects.create(
        program=partnership.program,
        partnership=partnership,
        kind=kind,
        reason=reason,
        effective_on=effective_on,
        new_partnership=new_partnership,
        actor=actor,
    )
