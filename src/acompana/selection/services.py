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
from acompana.common.files import original_filename
from acompana.common.shipped import in_reader_language
from acompana.people import services as people_services
from acompana.people.models import Degree, MentorProfile
from acompana.programs.models import Cohort, Program, Region
from acompana.selection.models import Application, Call, Evidence, Review
from acompana.selection.rubric_json import rubric_from_json, rubric_to_json, rubric_version
from acompana.selection.selectors import (
    DOCUMENTARY_KINDS,
    call_has_decisions,
    call_reviewed_codes,
    call_rubric,
)
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
    """A call for mentors of ``cohort``; without ``rubric`` it starts from the rubric of the
    program's last call (the default mentor rubric for a program's first call)."""
    if cohort.program_id != program.pk:
        raise ValidationError(_("The cohort belongs to another program."))
    if closes_on < opens_on:
        raise ValidationError(_("A call cannot close before it opens."))
    last = Call.objects.filter(program=program).order_by("-opens_on", "-pk").first()
    if rubric is not None or last is None:
        rubric_json = rubric_to_json(rubric or default_mentor_rubric())
    else:
        rubric_json = last.rubric
    call = Call.objects.create(
        program=program,
        cohort=cohort,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        rubric=rubric_json,
    )
    audit.log(
        "selection.call.created",
        actor=actor,
        target=call,
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
    application = Application(
        call=call,
        candidate=candidate,
        **{name: data[name] for name in APPLICATION_FIELDS if name in data},
    )
    # The pages and the API check the form first; this keeps any other caller from storing a
    # profile the call's ranking cannot score (an unknown degree made its pages fail).
    application.full_clean(exclude=["call", "candidate", "status"], validate_unique=False)
    application.save()
    for upload, kind in evidence:
        Evidence.objects.create(
            application=application,
            file=upload,
            original_name=original_filename(upload.name, default="evidence"),
            kind=kind,
        )
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


def mentor_profile_from_application(*, application: Application, actor: Any) -> MentorProfile:
    """Create or update the candidate's mentor profile in the call's program and cohort
    (people writes it: ``mentor_profile_admit``)."""
    call = application.call
    program = call.program
    fields: dict[str, Any] = {name: getattr(application, name) for name in PROFILE_FIELDS}
    fields["languages"] = list(application.languages)
    region = (
        Region.objects.filter(program=program, name__iexact=application.region.strip()).first()
        if application.region.strip()
        else None
    )
    return people_services.mentor_profile_admit(
        program=program,
        user=application.candidate,
        cohorts=[call.cohort],
        fields=fields,
        region=region,
        actor=actor,
    )


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
        "selection.application.decided", actor=actor, target=application, program=program, data=data
    )
    if application.candidate.email:
        message = _decision_email(application)
        transaction.on_commit(message.send)
    return application


# Editing a call's rubric ---------------------------------------------------------------------


def _scale(item: Mapping[str, Any]) -> tuple[Any, Any]:
    return item["kind"], item.get("panel_max")


def _rubric_refusals(
    *, call: Call, old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> str | None:
    """Why ``new`` may not replace ``old`` on ``call`` now, or None.

    Documentary criteria are scored afresh from the candidates' profiles each time the ranking
    is computed, so their weights and bands may change at any time. Reviewers' panel points are
    stored as given, on the scale of the criterion: once a criterion has been scored its code,
    kind and scale are fixed and it cannot be removed (the stored points would be read on
    another scale or lost); its label and weight may still change. Once a decision is made the
    whole rubric is fixed, so the ranking that justified the decision stays reproducible.
    """
    if call_has_decisions(call):
        return _("Decisions have been made on this call: its rubric can no longer change.")
    scored = call_reviewed_codes(call)
    before = {item["code"]: item for item in old}
    after = {item["code"]: item for item in new}
    for code in sorted(scored & set(before)):
        if code not in after:
            return _("Reviewers have scored “%(label)s”: it cannot be removed.") % {
                "label": in_reader_language(before[code]["label"])
            }
        if _scale(after[code]) != _scale(before[code]):
            return _("Reviewers have scored “%(label)s”: its scale cannot change.") % {
                "label": in_reader_language(before[code]["label"])
            }
    return None


def _check_documentary(item: Mapping[str, Any]) -> None:
    expected = DOCUMENTARY_KINDS.get(item["code"])
    if expected is None:
        if item["kind"] != "panel":
            raise ValidationError(
                _(
                    "Only the documentary criteria read from the profile use that scale; add "
                    "other criteria as panel scores."
                )
            )
        return
    if item["kind"] != expected:
        raise ValidationError(
            _("“%(code)s” is read from the candidate's profile and needs a %(kind)s scale.")
            % {"code": item["code"], "kind": expected}
        )
    if expected == "choice":
        unknown = sorted(set(item.get("options", {})) - set(Degree.values))
        if unknown:
            raise ValidationError(_("Unknown degrees: %(names)s") % {"names": ", ".join(unknown)})


@transaction.atomic
def call_rubric_replace(
    *,
    call: Call,
    criteria: Sequence[Mapping[str, Any]],
    actor: Any,
    base_version: str | None = None,
) -> Call:
    """Replace the call's rubric with ``criteria`` (the JSON form of ``rubric_to_json``).

    Refused (``ValidationError``) if the rubric is invalid, if a documentary criterion does
    not fit the profile field it reads, or if the change would corrupt stored reviews (see
    ``_rubric_refusals``); with ``base_version`` (the ``rubric_version`` the caller loaded),
    also if someone changed the rubric since (code ``stale``). The audit log keeps the rubric
    before and after.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    if base_version is not None and rubric_version(call.rubric) != base_version:
        raise ValidationError(
            _("Someone changed this rubric since you loaded it. Reload it and try again."),
            code="stale",
        )
    new = [dict(item) for item in criteria]
    for item in new:
        _check_documentary(item)
    try:
        rubric = rubric_from_json({"criteria": new})
    except (RubricError, KeyError, TypeError) as exc:
        raise ValidationError(str(exc)) from exc
    old = list(call.rubric.get("criteria", []))
    refusal = _rubric_refusals(call=call, old=old, new=new)
    if refusal:
        raise ValidationError(refusal)
    call.rubric = rubric_to_json(rubric)
    call.save(update_fields=["rubric", "updated_at"])
    audit.log(
        "selection.rubric.changed",
        actor=actor,
        target=call,
        data={"before": old, "after": call.rubric["criteria"]},
    )
    return call


def rubric_criterion_save(
    *, call: Call, criterion: Mapping[str, Any], replaces: str | None, actor: Any
) -> Call:
    """Add a criterion to the call's rubric (``replaces`` None) or replace the criterion whose
    code is ``replaces`` in place; codes stay unique."""
    criteria = list(call.rubric.get("criteria", []))
    codes = [item["code"] for item in criteria]
    code = criterion["code"]
    if replaces is None:
        if code in codes:
            raise ValidationError(_("The rubric already has a criterion with that code."))
        criteria.append(dict(criterion))
    else:
        if replaces not in codes:
            raise ValidationError(_("That criterion is no longer in the rubric."))
        if code != replaces and code in codes:
            raise ValidationError(_("The rubric already has a criterion with that code."))
        criteria[codes.index(replaces)] = dict(criterion)
    return call_rubric_replace(call=call, criteria=criteria, actor=actor)


def rubric_criterion_remove(*, call: Call, code: str, actor: Any) -> Call:
    """Remove a criterion from the call's rubric (refused if reviewers scored it)."""
    criteria = [item for item in call.rubric.get("criteria", []) if item["code"] != code]
    if len(criteria) == len(call.rubric.get("criteria", [])):
        raise ValidationError(_("That criterion is no longer in the rubric."))
    return call_rubric_replace(call=call, criteria=criteria, actor=actor)
