"""A mentee's self-assessment against a framework's career stages, at the start and at the end
of a cycle (a cohort), and the evidence their mentors add per strand.

A self-assessment is a draft until the mentee submits it; a submitted one is read-only. A
correction creates the next version (a new draft copied from it); the newest submitted version
of a (mentee, cohort, moment) is the one that counts. ``revision`` grows with every save of a
draft so that a save from a page opened before another save is refused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.models import TimeStamped, link_or_null, user_link

NOTE_MAX = 2000
EVIDENCE_MAX = 4000


class Moment(models.TextChoices):
    START = "start", _("Start of the cycle")
    END = "end", _("End of the cycle")


class SelfAssessment(TimeStamped):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="self_assessments"
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    mentee = models.ForeignKey(
        "people.MenteeProfile",
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    framework = models.ForeignKey(
        "frameworks.Framework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    revision = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = user_link(_("submitted by"))

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["cohort", "mentee", "moment", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "cohort", "moment", "version"],
                name="unique_self_assessment_version",
            )
        ]
        indexes = [
            models.Index(fields=["program", "cohort", "mentee"], name="growth_cohort_mentee"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} · {self.cohort_id} · {self.moment} v{self.version}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class StrandRating(models.Model):
    """The stage the mentee places themself at for one strand (empty: not rated)."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(
        "frameworks.Competency",
        verbose_name=_("strand"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    stage = models.ForeignKey(
        "frameworks.CareerStage",
        verbose_name=_("career stage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("strand rating")
        verbose_name_plural = _("strand ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="unique_rating_per_strand"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} · {self.competency_id}"


class StrandEvidence(TimeStamped):
    """Evidence a mentor records for one strand of a mentee's cycle (whichever version of the
    self-assessment is current), optionally pointing at the visit it comes from."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="strand_evidence"
    )
    cohort = models.ForeignKey("programs.Cohort", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(
        "people.MenteeProfile", on_delete=models.CASCADE, related_name="strand_evidence"
    )
    competency = models.ForeignKey(
        "frameworks.Competency",
        verbose_name=_("strand"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("evidence"), max_length=EVIDENCE_MAX)
    visit = link_or_null("visits.Visit", _("visit"))
    author = user_link(_("author"))

    class Meta:
        verbose_name = _("strand evidence")
        verbose_name_plural = _("strand evidence")
        ordering = ["competency", "created_at", "pk"]
        indexes = [
            models.Index(fields=["mentee", "cohort"], name="growth_evidence_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} · {self.competency_id}"
