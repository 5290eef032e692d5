"""Selection of mentors: calls, applications with evidence, panel reviews and decisions."""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acompana.accounts.models import Role
from acompana.accounts.services import membership_add
from acompana.common import audit
from acompana.people.models import MentorProfile
from acompana.programs.models import Cohort, Program, Region
from acompana.selection.models import Application, Call, Evidence, Review
from acompana.selection.rubric_json import rubric_to_json
from acompana.selection.selectors import call_rubric
from acompana_core.rubrics import Rubric, RubricError, default_mentor_rubric

PROFILE_FIELDS = (
    "highest_degree", "teaching_years", "management_years", "accompaniment_experience",
    "technical_assistance", "programs_served",
)  # fmt: skip
APPLICATION_FIELDS = (*PROFILE_FIELDS, "region", "languages", "motivation", "references")


def call_create(
    *,
    program: Program,
    cohort: Cohort,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    actor: Any,
    rubric: Rubric | None = None,
) -> Call:
    """A call for mentors of ``cohort``; its rubric defaults to the default mentor rubric."""
    if cohort.program_id != program.pk:
        raise ValidationError(_("The cohort belongs to another program."))
    if closes_on < opens_on:
        raise ValidationError(_("A call cannot close before it opens."))
    call = Call.objects.create(
        program=program,
        cohort=cohort,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        rubric=rubric_to_json(rubric or default_mentor_rubric()),
    )
    audit.log(
        "selection.call.created",
        actor=actor,
        target=call,
        program=program,
        data={"cohort": cohort.pk, "opens_on": str(opens_on), "closes_on": str(closes_on)},
    )
    return call


@transaction.atomic
def application_submit(
    *,
    call: Call,
    candidate: Any,
    data: Mapping[str, Any],
    evidence: Sequence[tuple[UploadedFile, str]],
) -> Application:
    """A candidate's application with its evidence files (validated by the form).

    One application per candidate and call, only while the call is open.
    """
    today = timezone.localdate()
    if not call.opens_on <= today <= call.closes_on:
        raise ValidationError(_("This call is not open for applications."))
    if Application.objects.filter(call=call, candidate=candidate).exists():
        raise ValidationError(_("You have already applied to this call."))
    if not evidence:
        raise ValidationError(_("Attach at least one evidence file."))
    application = Application.objects.create(
        call=call,
        candidate=candidate,
        **{name: data[name] for name in APPLICATION_FIELDS if name in data},
    )
    for upload, kind in evidence:
        Evidence.objects.create(application=application, file=upload, kind=kind)
    audit.log(
        "selection.application.submitted",
        actor=candidate,
        target=application,
        program=call.program,
        data={"call": call.pk, "evidence": len(evidence)},
    )
    return application


def review_save(
    *, application: Application, reviewer: Any, scores: Mapping[str, float | None], comment: str
) -> Review:
    """Create or update ``reviewer``'s panel scores of ``application`` (one review each)."""
    rubric = call_rubric(application.call)
    panel = {c.code: c for c in rubric.criteria if c.kind == "panel"}
    unknown = sorted(set(scores) - set(panel))
    if unknown:
        raise ValidationError(_("Unknown panel criteria: %(codes)s") % {"codes": unknown})
    clean: dict[str, float] = {}
    for code, value in scores.items():
        if value is None:
            continue
        try:
            clean[code] = panel[code].points_for(float(value))
        except RubricError as exc:
            raise ValidationError(str(exc)) from exc
    review, created = Review.objects.update_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"scores": clean, "comment": comment},
    )
    audit.log(
        "selection.review.saved",
        actor=reviewer,
        target=application,
        program=application.call.program,
        data={"scores": clean, "created": created},
    )
    return review


def _unique_code(program: Program, user: Any) -> str:
    base = f"M-{user.pk}"
    code, n = base, 1
    while MentorProfile.objects.filter(program=program, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def mentor_profile_from_application(*, application: Application, actor: Any) -> MentorProfile:
    """Create or update the candidate's mentor profile in the call's program and cohort."""
    call = application.call
    program = call.program
    fields: dict[str, Any] = {name: getattr(application, name) for name in PROFILE_FIELDS}
    fields["languages"] = list(application.languages)
    region = (
        Region.objects.filter(program=program, name__iexact=application.region.strip()).first()
        if application.region.strip()
        else None
    )
    if region is not None:
        fields["region"] = region
    profile = MentorProfile.objects.filter(program=program, user=application.candidate).first()
    if profile is None:
        profile = MentorProfile.objects.create(
            program=program,
            user=application.candidate,
            code=_unique_code(program, application.candidate),
            **fields,
        )
    else:
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.active = True
        profile.save(update_fields=[*fields, "active", "updated_at"])
    profile.cohorts.add(call.cohort)
    return profile


def _decision_email(application: Application) -> mail.EmailMessage:
    """The first line of the rendered template is the subject, the rest the body."""
    user = application.candidate
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    link = (
        site
        + reverse("selection:application", args=[application.call.program.slug, application.pk])
        if site
        else ""
    )
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string(
            "selection/email/decision.txt",
            {"recipient": user, "application": application, "call": application.call, "link": link},
        )
    subject, _sep, body = text.strip().partition("\n")
    return mail.EmailMessage(subject.strip(), body.strip() + "\n", to=[user.email])


@transaction.atomic
def application_decide(
    *, application: Application, status: str, reason: str, actor: Any
) -> Application:
    """Admit, waitlist or decline an application with a reason, and email the candidate.

    Admitting creates (or updates) the candidate's mentor profile in the call's cohort and
    gives them the mentor role in the program.
    """
    decisions = {
        Application.Status.ADMITTED,
        Application.Status.WAITLISTED,
        Application.Status.DECLINED,
    }
    if status not in decisions:
        raise ValidationError(_("Choose admit, waitlist or decline."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for the decision."))
    application.status = status
    application.decision_reason = reason.strip()
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(
        update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"]
    )
    program = application.call.program
    data: dict[str, Any] = {"status": status, "reason": application.decision_reason}
    if status == Application.Status.ADMITTED:
        profile = mentor_profile_from_application(application=application, actor=actor)
        membership_add(user=application.candidate, program=program, role=Role.MENTOR, actor=actor)
        data["mentor_profile"] = profile.pk
    audit.log(
        "selection.application.decided",
        actor=actor,
        target=application,
        program=program,
        data=data,
    )
    if application.candidate.email:
        message = _decision_email(application)
        transaction.on_commit(message.send)
    return application
