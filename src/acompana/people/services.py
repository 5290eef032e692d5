"""Writes to people's tables that other apps ask for: the partnership lifecycle (start, pause,
resume, end, reassign), publishing a run of pairs (partnerships or buddy pairs), buddy pairs
and specialist assignments, and a mentor profile for an admitted candidate.

People owns these tables: matching publishes runs, agreements pauses, resumes, ends and
reassigns partnerships, training pairs buddies and assigns specialists, and selection admits
mentors only through these functions, so the rules of a partnership (dates, one pause at a
time, the new mentor of a reassignment) live in one place. Every function audits what it did
(``people.<record>.<action>``); refusals are ``ValidationError``s the pages and the API show.
A change to a partnership is one audit entry, whoever asks for it: the caller passes its
reason, which the entry keeps with the effective date.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, Generic, NotRequired, TypedDict, TypeVar, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.people.models import (
    BuddyPair,
    MenteeProfile,
    MentorProfile,
    Partnership,
    SpecialistAssignment,
)
from acompana.programs.models import Cohort, Program, Region


def _locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _check_effective(partnership: Partnership, effective_on: datetime.date) -> None:
    if partnership.ended_on is not None and partnership.ended_on < effective_on:
        raise ValidationError(_("This partnership has already ended."))
    if effective_on < partnership.started_on:
        raise ValidationError(_("A change cannot take effect before the partnership started."))


def _log(
    action: str,
    partnership: Partnership,
    actor: Any,
    *,
    effective_on: datetime.date,
    reason: str,
    **data: Any,
) -> None:
    """The one audit entry of a change to ``partnership``: when it takes effect, why, and what
    else the change made (the last day, the new partnership)."""
    audit.log(
        f"people.partnership.{action}",
        actor=actor,
        target=partnership,
        data={"effective_on": effective_on.isoformat(), "reason": reason, **data},
    )


@transaction.atomic
def partnership_start(
    *,
    program: Program,
    mentor: MentorProfile,
    mentee: MenteeProfile,
    started_on: datetime.date,
    actor: Any,
    cohort: Cohort | None = None,
) -> Partnership:
    """``mentor`` starts accompanying ``mentee`` on ``started_on`` (both of ``program``)."""
    if mentor.program_id != program.pk or mentee.program_id != program.pk:
        raise ValidationError(_("Both people must be in this program."))
    partnership = Partnership.objects.create(
        program=program, cohort=cohort, mentor=mentor, mentee=mentee, started_on=started_on
    )
    audit.log(
        "people.partnership.started",
        actor=actor,
        target=partnership,
        data={"started_on": started_on.isoformat()},
    )
    return partnership


@transaction.atomic
def partnership_pause(
    *, partnership: Partnership, since: datetime.date, actor: Any, reason: str = ""
) -> Partnership:
    """Pause ``partnership`` from ``since``: still active (not ended), it keeps its agreement
    and history until it resumes."""
    partnership = _locked(partnership)
    _check_effective(partnership, since)
    if partnership.paused_since is not None:
        raise ValidationError(_("This partnership is already paused."))
    partnership.paused_since = since
    partnership.save(update_fields=["paused_since", "updated_at"])
    _log("paused", partnership, actor, effective_on=since, reason=reason)
    return partnership


@transaction.atomic
def partnership_resume(
    *, partnership: Partnership, on: datetime.date, actor: Any, reason: str = ""
) -> Partnership:
    """Resume a paused ``partnership`` on ``on``."""
    partnership = _locked(partnership)
    _check_effective(partnership, on)
    if partnership.paused_since is None:
        raise ValidationError(_("This partnership is not paused."))
    partnership.paused_since = None
    partnership.save(update_fields=["paused_since", "updated_at"])
    _log("resumed", partnership, actor, effective_on=on, reason=reason)
    return partnership


def _end(partnership: Partnership, effective_on: datetime.date) -> None:
    # ``ended_on`` is the last day of the partnership (it counts as active through that day),
    # so a change effective on a day makes the day before the last one.
    partnership.ended_on = max(effective_on - datetime.timedelta(days=1), partnership.started_on)
    partnership.paused_since = None
    partnership.save(update_fields=["ended_on", "paused_since", "updated_at"])


@transaction.atomic
def partnership_end(
    *, partnership: Partnership, effective_on: datetime.date, actor: Any, reason: str = ""
) -> Partnership:
    """End ``partnership`` as of ``effective_on``: its last day is the day before (or the day
    it started), and a pause ends with it."""
    partnership = _locked(partnership)
    _check_effective(partnership, effective_on)
    _end(partnership, effective_on)
    _log(
        "ended",
        partnership,
        actor,
        effective_on=effective_on,
        reason=reason,
        ended_on=str(partnership.ended_on),
    )
    return partnership


@transaction.atomic
def partnership_reassign(
    *,
    partnership: Partnership,
    new_mentor: MentorProfile,
    effective_on: datetime.date,
    actor: Any,
    reason: str = "",
) -> Partnership:
    """End ``partnership`` and start one of the same mentee with ``new_mentor`` (an active
    mentor of the same program) on ``effective_on``. Returns the new partnership."""
    partnership = _locked(partnership)
    _check_effective(partnership, effective_on)
    if new_mentor.program_id != partnership.program_id:
        raise ValidationError(_("Choose the new mentor, from this program."))
    if not new_mentor.active:
        raise ValidationError(_("The new mentor is no longer active in the program."))
    if new_mentor.pk == partnership.mentor_id:
        raise ValidationError(_("The new mentor must be someone else."))
    _end(partnership, effective_on)
    new_partnership = Partnership.objects.create(
        program=partnership.program,
        cohort=partnership.cohort,
        mentor=new_mentor,
        mentee=partnership.mentee,
        started_on=effective_on,
    )
    _log(
        "reassigned",
        partnership,
        actor,
        effective_on=effective_on,
        reason=reason,
        ended_on=str(partnership.ended_on),
        new_partnership=new_partnership.pk,
    )
    return new_partnership


# --- Publishing a run of pairs ------------------------------------------------------------------


# What a published pair is made of: (the person's field, the mentor's field, the audit code).
_PAIRS: dict[Any, tuple[str, str, str]] = {
    Partnership: ("mentee", "mentor", "people.partnerships.published"),
    BuddyPair: ("novice", "buddy", "people.buddy_pairs.published"),
}


Person = TypeVar("Person")


class Publication(TypedDict, Generic[Person]):
    """A run's pairs of (person, mentor) to make the active pairs of a program from ``on``."""

    program: Program
    cohort: Cohort | None
    pairs: Sequence[tuple[Person, MentorProfile]]
    on: datetime.date
    actor: Any


def _publish(model: Any, **run: Unpack[Publication[Any]]) -> tuple[int, int]:
    """Make ``pairs`` the active pairs of their people, in bulk (a run can hold thousands), and
    record it with the counts."""
    program, cohort, pairs, on = run["program"], run["cohort"], run["pairs"], run["on"]
    person_field, mentor_field, action = _PAIRS[model]
    people = [person for person, _mentor in pairs]
    active = {
        (getattr(pair, f"{person_field}_id"), getattr(pair, f"{mentor_field}_id")): pair
        for pair in model.objects.filter(
            program=program, **{f"{person_field}__in": people}, ended_on__isnull=True
        )
    }
    wanted = {(person.pk, mentor.pk) for person, mentor in pairs}
    ended = [pair for key, pair in active.items() if key not in wanted]
    for pair in ended:
        pair.ended_on = on
    model.objects.bulk_update(ended, ["ended_on"])
    created = model.objects.bulk_create(
        [
            model(
                program=program,
                cohort=cohort,
                started_on=on,
                **{person_field: person, mentor_field: mentor},
            )
            for person, mentor in pairs
            if (person.pk, mentor.pk) not in active
        ]
    )
    counts = {"created": len(created), "ended": len(ended), "on": on.isoformat()}
    audit.log(action, actor=run["actor"], program=program, data=counts)
    return len(created), len(ended)


@transaction.atomic
def partnerships_publish(**run: Unpack[Publication[MenteeProfile]]) -> tuple[int, int]:
    """Make each ``(mentee, mentor)`` pair an active partnership from ``on``.

    Pairs already active are left alone; a mentee whose mentor changed has the old
    partnership ended on ``on``. Returns (partnerships created, partnerships ended).
    """
    return _publish(Partnership, **run)


@transaction.atomic
def buddy_pairs_publish(**run: Unpack[Publication[MentorProfile]]) -> tuple[int, int]:
    """Make each ``(novice, buddy)`` pair an active buddy pair from ``on``, as
    ``partnerships_publish`` does for partnerships. Returns (created, ended)."""
    return _publish(BuddyPair, **run)


# --- Buddy pairs and specialist assignments -----------------------------------------------------


@transaction.atomic
def buddy_pair_start(
    *,
    program: Program,
    novice: MentorProfile,
    buddy: MentorProfile,
    started_on: datetime.date,
    actor: Any,
    cohort: Cohort | None = None,
) -> BuddyPair:
    """``buddy`` starts supporting ``novice`` (two mentors of ``program``) on ``started_on``.
    A novice has one current buddy. Who counts as novice or experienced is training's rule,
    checked before this call."""
    if novice.program_id != program.pk or buddy.program_id != program.pk:
        raise ValidationError(_("Both mentors must be in this program."))
    if cohort is not None and cohort.program_id != program.pk:
        raise ValidationError(_("The cohort is not in this program."))
    if novice.pk == buddy.pk:
        raise ValidationError(_("A mentor cannot be their own buddy."))
    if BuddyPair.objects.filter(novice=novice, ended_on__isnull=True).exists():
        raise ValidationError(_("This mentor already has a buddy; end that pair first."))
    pair = BuddyPair.objects.create(
        program=program, cohort=cohort, novice=novice, buddy=buddy, started_on=started_on
    )
    audit.log(
        "people.buddy_pair.started",
        actor=actor,
        target=pair,
        data={"started_on": started_on.isoformat()},
    )
    return pair


@transaction.atomic
def buddy_pair_end(*, pair: BuddyPair, ended_on: datetime.date, actor: Any) -> BuddyPair:
    """End a buddy pair on ``ended_on`` (its last day; its meetings are kept)."""
    if pair.ended_on is not None:
        raise ValidationError(_("This pair has already ended."))
    if ended_on < pair.started_on:
        raise ValidationError(_("A pair cannot end before it started."))
    pair.ended_on = ended_on
    pair.save(update_fields=["ended_on", "updated_at"])
    audit.log(
        "people.buddy_pair.ended", actor=actor, target=pair, data={"ended_on": ended_on.isoformat()}
    )
    return pair


def specialist_assignment_start(
    *, program: Program, specialist: Any, mentor: MentorProfile, discipline: str, actor: Any
) -> SpecialistAssignment:
    """``specialist`` starts accompanying ``mentor`` (of ``program``), with their discipline.
    Who may be a specialist, and which disciplines, is training's rule, checked before."""
    if mentor.program_id != program.pk:
        raise ValidationError(_("The mentor is not in this program."))
    try:
        with transaction.atomic():
            assignment = SpecialistAssignment.objects.create(
                program=program, specialist=specialist, mentor=mentor, discipline=discipline
            )
    except IntegrityError:
        raise ValidationError(_("This specialist already accompanies this mentor.")) from None
    audit.log(
        "people.specialist_assignment.started",
        actor=actor,
        target=assignment,
        data={"specialist": specialist.pk, "mentor": mentor.pk},
    )
    return assignment


def specialist_assignment_end(*, assignment: SpecialistAssignment, actor: Any) -> None:
    """End an assignment: the row is deleted, so the specialist stops seeing the mentor's
    visits at once (every access check asks whether one exists); the audit log keeps it."""
    audit.log(
        "people.specialist_assignment.ended",
        actor=actor,
        target=assignment.mentor,
        program=assignment.program,
        data={
            "specialist": assignment.specialist_id,
            "discipline": assignment.discipline,
            "since": assignment.created_at.isoformat(),
        },
    )
    assignment.delete()


# --- Mentor profiles of admitted candidates -----------------------------------------------------


def _unique_code(program: Program, user: Any) -> str:
    base = f"M-{user.pk}"
    code, n = base, 1
    while MentorProfile.objects.filter(program=program, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def mentor_profile_admit(
    *,
    program: Program,
    user: Any,
    cohorts: Iterable[Cohort],
    fields: dict[str, Any],
    region: Region | None,
    actor: Any,
) -> MentorProfile:
    """Create or update ``user``'s mentor profile in ``program`` (active again if it was not)
    with ``fields`` (profile field values), ``region`` if known, and add it to ``cohorts``."""
    values = dict(fields)
    if region is not None:
        values["region"] = region
    profile = MentorProfile.objects.filter(program=program, user=user).first()
    created = profile is None
    if profile is None:
        profile = MentorProfile.objects.create(
            program=program, user=user, code=_unique_code(program, user), **values
        )
    else:
        for name, value in values.items():
            setattr(profile, name, value)
        profile.active = True
        profile.save(update_fields=[*values, "active", "updated_at"])
    profile.cohorts.add(*cohorts)
    audit.log(
        "people.mentor_profile.admitted",
        actor=actor,
        target=profile,
        program=program,
        data={"created": created},
    )
    return profile


# --- Mentor and mentee profiles -----------------------------------------------------------------

MENTOR_FIELDS = (
    "region", "highest_degree", "teaching_years", "management_years", "accompaniment_experience",
    "technical_assistance", "programs_served", "capacity", "languages", "modality_preference",
    "teaching_philosophy", "active",
)  # fmt: skip
MENTEE_FIELDS = (
    "region", "position", "school", "years_in_position", "languages", "preferred_modality",
    "connectivity", "teaching_philosophy", "active", "subject", "grade_level", "career_stage",
)  # fmt: skip


def _account(*, email: str, first_name: str, last_name: str) -> Any:
    """The user with ``email`` (names brought up to date), or a new one without a password:
    they set one through the password-reset email, as imported people do."""
    from acompana.accounts.models import User

    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    elif (user.first_name, user.last_name) != (first_name, last_name):
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
    return user


def _profile_create(
    *,
    model: type[MentorProfile] | type[MenteeProfile],
    role: str,
    program: Program,
    code: str,
    email: str,
    first_name: str,
    last_name: str,
    fields: dict[str, Any],
    cohorts: Iterable[Cohort] = (),
    competencies: Iterable[Any],
    actor: Any,
) -> Any:
    from acompana.accounts.services import membership_add

    if model.objects.filter(program=program, code=code).exists():
        raise ValidationError({"code": [_("Another person of the program has this code.")]})
    user = _account(email=email, first_name=first_name, last_name=last_name)
    if model.objects.filter(program=program, user=user).exists():
        raise ValidationError({"email": [_("This person already has a profile in the program.")]})
    allowed = MENTOR_FIELDS if model is MentorProfile else MENTEE_FIELDS
    school = fields.get("school")
    if model is MenteeProfile and school is not None and fields.get("region") is None:
        fields = {**fields, "region": school.region}  # a mentee's region is their school's
    profile = model(
        program=program, user=user, code=code, **{k: v for k, v in fields.items() if k in allowed}
    )
    profile.full_clean(exclude=["program", "user"], validate_unique=False)
    profile.save()
    profile.cohorts.add(*cohorts)
    getattr(profile, "strengths" if model is MentorProfile else "needs").add(*competencies)
    membership_add(user=user, program=program, role=role, actor=actor)
    audit.log(
        f"people.{role}_profile.created",
        actor=actor,
        target=profile,
        data={"code": code, "email": user.email},
    )
    return profile


class NewProfile(TypedDict):
    """What a new mentor or mentee is made of, besides their strengths or needs."""

    program: Program
    code: str
    email: str
    first_name: str
    last_name: str
    fields: dict[str, Any]
    cohorts: NotRequired[Iterable[Cohort]]
    actor: Any


def mentor_profile_create(
    *, strengths: Iterable[Any] = (), **person: Unpack[NewProfile]
) -> MentorProfile:
    """A mentor of ``program``: the account of ``email`` (created without a password if new),
    the profile with ``fields``, its cohorts and strengths, and the mentor role. Without a
    ``capacity`` in ``fields`` the mentor takes the first of their cohorts' default capacity."""
    person["cohorts"] = cohorts = list(person.get("cohorts", ()))
    fields = person["fields"]
    if fields.get("capacity") is None:
        defaults = [c.mentor_capacity for c in cohorts if c.mentor_capacity is not None]
        fields = {k: v for k, v in fields.items() if k != "capacity"}
        if defaults:
            fields["capacity"] = defaults[0]
    person["fields"] = fields
    with transaction.atomic():
        return _profile_create(model=MentorProfile, role="mentor", competencies=strengths, **person)


def mentee_profile_create(
    *, needs: Iterable[Any] = (), **person: Unpack[NewProfile]
) -> MenteeProfile:
    """A mentee of ``program``, as ``mentor_profile_create`` does for mentors."""
    with transaction.atomic():
        return _profile_create(model=MenteeProfile, role="mentee", competencies=needs, **person)


@transaction.atomic
def profile_update(
    *,
    profile: MentorProfile | MenteeProfile,
    fields: dict[str, Any],
    first_name: str | None = None,
    last_name: str | None = None,
    cohorts: Iterable[Cohort] | None = None,
    competencies: Iterable[Any] | None = None,
    actor: Any,
) -> MentorProfile | MenteeProfile:
    """Change a mentor's or mentee's profile: the ``fields`` given (others keep their value),
    the person's names, and, when given, the cohorts and the strengths (mentors) or needs
    (mentees), which replace the old ones."""
    mentor = isinstance(profile, MentorProfile)
    allowed = MENTOR_FIELDS if mentor else MENTEE_FIELDS
    changed = {
        name: value
        for name, value in fields.items()
        if name in allowed and getattr(profile, name) != value
    }
    before = {name: str(getattr(profile, name)) for name in changed}
    for name, value in changed.items():
        setattr(profile, name, value)
    if changed:
        profile.full_clean(exclude=["program", "user"], validate_unique=False)
        profile.save(update_fields=[*changed, "updated_at"])
    user = profile.user
    names = (first_name or user.first_name, last_name or user.last_name)
    if names != (user.first_name, user.last_name):
        user.first_name, user.last_name = names
        user.save(update_fields=["first_name", "last_name"])
        changed["name"] = " ".join(names)
    after = {name: str(value) for name, value in changed.items()}
    if cohorts is not None:
        cohorts = list(cohorts)
        if {c.pk for c in cohorts} != set(profile.cohorts.values_list("pk", flat=True)):
            profile.cohorts.set(cohorts)
            after["cohorts"] = ", ".join(str(c) for c in cohorts)
    if competencies is not None:
        related = getattr(profile, "strengths" if mentor else "needs")
        competencies = list(competencies)
        if {c.pk for c in competencies} != set(related.values_list("pk", flat=True)):
            related.set(competencies)
            after["strengths" if mentor else "needs"] = " ".join(c.code for c in competencies)
    if after:  # a change that changes nothing is not audited
        audit.log(
            f"people.{'mentor' if mentor else 'mentee'}_profile.updated",
            actor=actor,
            target=profile,
            data={"before": before, "after": after},
        )
    return profile


# --- Imports ------------------------------------------------------------------------------------


def spreadsheet_import_preview(
    *, program: Program, kind: str, content: Any, filename: str, actor: Any
) -> Any:
    """What importing the file would do (an ``ImportSummary``), writing nothing: the import of
    ``people.imports.spreadsheet_import`` runs in a transaction that is rolled back, so nothing
    is saved, audited or queued. Raises what that import raises (``ImportRejected`` with every
    bad row, ``SpreadsheetError``)."""
    from acompana.people.imports import spreadsheet_import

    with transaction.atomic():
        summary = spreadsheet_import(
            program=program, kind=kind, content=content, filename=filename, actor=actor
        )
        transaction.set_rollback(True)
    return summary


# --- Cohort membership ----------------------------------------------------------------------------


def cohort_members_change(
    *,
    cohort: Cohort,
    mentors: Iterable[MentorProfile] = (),
    mentees: Iterable[MenteeProfile] = (),
    add: bool,
    actor: Any,
) -> int:
    """Add the given mentors and mentees of the cohort's program to ``cohort`` (``add``) or
    take them out of it; their partnerships and records stay. Returns how many changed."""
    mentors, mentees = list(mentors), list(mentees)
    changed = 0
    with transaction.atomic():
        for model, profiles in ((MentorProfile, mentors), (MenteeProfile, mentees)):
            if any(p.program_id != cohort.program_id for p in profiles):
                raise ValidationError(_("Everyone must be in the cohort's program."))
            ids = [p.pk for p in profiles]
            if not ids:
                continue
            through: Any = model.cohorts.through
            source = f"{model._meta.model_name}_id"
            present = set(
                through.objects.filter(cohort_id=cohort.pk, **{f"{source}__in": ids}).values_list(
                    source, flat=True
                )
            )
            if add:
                new = [i for i in ids if i not in present]
                through.objects.bulk_create(
                    [through(**{source: i, "cohort_id": cohort.pk}) for i in new],
                    ignore_conflicts=True,
                )
                changed += len(new)
            else:
                through.objects.filter(cohort_id=cohort.pk, **{f"{source}__in": present}).delete()
                changed += len(present)
        if changed:
            audit.log(
                "people.cohort.members_added" if add else "people.cohort.members_removed",
                actor=actor,
                target=cohort,
                data={
                    "cohort": str(cohort),
                    "mentors": sorted(p.code for p in mentors),
                    "mentees": sorted(p.code for p in mentees),
                    "changed": changed,
                },
            )
    return changed
