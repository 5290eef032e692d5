"""Writes for self-assessments: start, save a draft, submit, correct, add evidence.

Every write is all-or-nothing (``transaction.atomic``) and audited. A draft's ``revision``
grows with each save; a save or submit from a page opened before another save is refused."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.frameworks.models import CareerStage, Competency, Framework
from acompana.growth.models import (
    EVIDENCE_MAX,
    NOTE_MAX,
    Moment,
    SelfAssessment,
    StrandEvidence,
    StrandRating,
)
from acompana.people.models import MenteeProfile
from acompana.programs.models import Cohort, Program
from acompana.visits.models import Visit

MAX_STRANDS = 200  # ratings in one save: far above any framework's strands

Ratings = Mapping[int, tuple[int | None, str]]
"""Strand (competency) id → (stage id or None, note)."""


def self_assessment_start(
    *,
    program: Program,
    cohort: Cohort,
    mentee: MenteeProfile,
    moment: str,
    framework: Framework,
    actor: Any,
) -> SelfAssessment:
    """The mentee's draft for one moment of a cycle: the existing newest version if it is
    still a draft, else a new first version. The end of a cycle uses the framework of its
    start, so that the two compare."""
    if moment not in Moment.values:
        raise ValidationError(_("Choose the start or the end of the cycle."))
    if cohort.program_id != program.pk or mentee.program_id != program.pk:
        raise ValidationError(_("That cycle is not of this program."))
    if not mentee.cohorts.filter(pk=cohort.pk).exists():
        raise ValidationError(_("You do not take part in that cycle."))
    other = (
        SelfAssessment.objects.filter(mentee=mentee, cohort=cohort)
        .exclude(moment=moment)
        .order_by("-version")
        .first()
    )
    if other is not None:
        framework = other.framework
    if not CareerStage.objects.filter(framework=framework).exists():
        raise ValidationError(_("That framework has no career stages to place yourself at."))
    with transaction.atomic():
        newest = (
            SelfAssessment.objects.select_for_update()
            .filter(mentee=mentee, cohort=cohort, moment=moment)
            .order_by("-version")
            .first()
        )
        if newest is not None:
            if not newest.submitted:
                return newest
            raise ValidationError(
                _("You already submitted this self-assessment; correct it to change it.")
            )
        try:
            with transaction.atomic():
                assessment = SelfAssessment.objects.create(
                    program=program,
                    cohort=cohort,
                    mentee=mentee,
                    framework=framework,
                    moment=moment,
                )
        except IntegrityError:
            # Started at the same moment from another page: that draft is the one.
            raced = SelfAssessment.objects.filter(
                mentee=mentee, cohort=cohort, moment=moment, version=1
            ).first()
            if raced is None or raced.submitted:
                raise
            return raced
        audit.log("growth.self_assessment.started", actor=actor, target=assessment)
    return assessment


def _check_ratings(framework: Framework, ratings: Ratings) -> None:
    if len(ratings) > MAX_STRANDS:
        raise ValidationError(_("Too many strands in one save."))
    strands = set(
        Competency.objects.filter(domain__framework=framework).values_list("pk", flat=True)
    )
    stages = set(CareerStage.objects.filter(framework=framework).values_list("pk", flat=True))
    for strand, (stage, note) in ratings.items():
        if strand not in strands:
            raise ValidationError(_("A strand is not of this framework."))
        if stage is not None and stage not in stages:
            raise ValidationError(_("A career stage is not of this framework."))
        if len(note) > NOTE_MAX:
            raise ValidationError(
                _("A note may have at most %(max)d characters.") % {"max": NOTE_MAX}
            )


def _lock_draft(assessment: SelfAssessment, expected_revision: int) -> SelfAssessment:
    locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.submitted:
        raise ValidationError(
            _("This self-assessment is submitted and can no longer change; correct it instead.")
        )
    if locked.revision != expected_revision:
        raise ValidationError(
            _("This self-assessment was saved since you opened it. Reload it and try again."),
            code="stale",
        )
    return locked


@transaction.atomic
def self_assessment_save(
    *,
    assessment: SelfAssessment,
    ratings: Ratings,
    expected_revision: int,
    submit: bool = False,
    actor: Any,
) -> SelfAssessment:
    """Save the draft's stages and notes (strands left out keep theirs); with ``submit``,
    submit it too: it becomes read-only."""
    _check_ratings(assessment.framework, ratings)
    locked = _lock_draft(assessment, expected_revision)
    existing = {r.competency_id: r for r in StrandRating.objects.filter(assessment=locked)}
    new, changed = [], []
    for strand, (stage, note) in ratings.items():
        rating = existing.get(strand)
        if rating is None:
            new.append(
                StrandRating(assessment=locked, competency_id=strand, stage_id=stage, note=note)
            )
        elif (rating.stage_id, rating.note) != (stage, note):
            rating.stage_id, rating.note = stage, note
            changed.append(rating)
    StrandRating.objects.bulk_create(new)
    StrandRating.objects.bulk_update(changed, ["stage", "note"])
    locked.revision += 1
    fields = ["revision", "updated_at"]
    if submit:
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        fields += ["submitted_at", "submitted_by"]
    locked.save(update_fields=fields)
    audit.log(
        "growth.self_assessment.submitted" if submit else "growth.self_assessment.saved",
        actor=actor,
        target=locked,
        data={"strands": len(new) + len(changed)},
    )
    return locked


@transaction.atomic
def self_assessment_correct(*, assessment: SelfAssessment, actor: Any) -> SelfAssessment:
    """A new draft version copied from the newest submitted one (the submitted versions stay as
    they were). If a newer draft already exists, that draft."""
    # Lock every version (not only the newest) so that two corrections at once wait for each
    # other and the second one finds the first one's draft.
    versions = list(
        SelfAssessment.objects.select_for_update()
        .filter(mentee=assessment.mentee_id, cohort=assessment.cohort_id, moment=assessment.moment)
        .order_by("-version")
    )
    newest = versions[0] if versions else None
    assert newest is not None
    if not newest.submitted:
        return newest
    version = (
        SelfAssessment.objects.filter(
            mentee=newest.mentee_id, cohort=newest.cohort_id, moment=newest.moment
        ).aggregate(top=Max("version"))["top"]
        or 0
    ) + 1
    draft = SelfAssessment.objects.create(
        program_id=newest.program_id,
        cohort_id=newest.cohort_id,
        mentee_id=newest.mentee_id,
        framework_id=newest.framework_id,
        moment=newest.moment,
        version=version,
    )
    StrandRating.objects.bulk_create(
        StrandRating(
            assessment=draft, competency_id=r.competency_id, stage_id=r.stage_id, note=r.note
        )
        for r in StrandRating.objects.filter(assessment=newest)
    )
    audit.log(
        "growth.self_assessment.corrected",
        actor=actor,
        target=draft,
        data={"from_version": newest.version},
    )
    return draft


@transaction.atomic
def evidence_add(
    *,
    assessment: SelfAssessment,
    competency: Competency,
    text: str,
    visit: Visit | None = None,
    actor: Any,
) -> StrandEvidence:
    """A mentor's evidence for one strand of the mentee's cycle, optionally from a visit of
    that mentee."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the evidence."))
    if len(text) > EVIDENCE_MAX:
        raise ValidationError(
            _("The evidence may have at most %(max)d characters.") % {"max": EVIDENCE_MAX}
        )
    if not Competency.objects.filter(
        pk=competency.pk, domain__framework=assessment.framework_id
    ).exists():
        raise ValidationError(_("A strand is not of this framework."))
    if visit is not None and (
        visit.program_id != assessment.program_id or visit.mentee_id != assessment.mentee_id
    ):
        raise ValidationError(_("That visit is not one of this mentee's."))
    evidence = StrandEvidence.objects.create(
        program_id=assessment.program_id,
        cohort_id=assessment.cohort_id,
        mentee_id=assessment.mentee_id,
        competency=competency,
        text=text,
        visit=visit,
        author=actor,
    )
    audit.log("growth.evidence.added", actor=actor, target=evidence)
    return evidence
