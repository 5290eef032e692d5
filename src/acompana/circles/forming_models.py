"""Forming circles from a cohort: a run with its settings and results, the circles it
proposes and where it places each teacher (reviewed, moved and locked by a coordinator,
then published as ``Circle`` records). See docs/subsystems/circles.md, "Forming circles"."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.models import TimeStamped, user_link


class FormingAttribute(models.TextChoices):
    """What a forming run can group by or balance (fields of ``people.MenteeProfile``)."""

    SUBJECT = "subject", _("Subject taught")
    GRADE_LEVEL = "grade_level", _("Grade level")
    SCHOOL = "school", _("School")
    REGION = "region", _("Region")
    CAREER_STAGE = "career_stage", _("Career stage")
    PHILOSOPHY = "philosophy", _("Teaching philosophy")


class FormingMode(models.TextChoices):
    GROUP = "group", _("Group (similar together)")
    BALANCE = "balance", _("Balance (mix)")


class FormingRun(TimeStamped):
    """One run that proposes circles of one kind for a cohort."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready for review")
        FAILED = "failed", _("Failed")
        PUBLISHED = "published", _("Published")

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(
        "programs.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=12)
    min_size = models.PositiveSmallIntegerField(_("smallest circle"))
    max_size = models.PositiveSmallIntegerField(_("largest circle"))
    # [{"attribute": ..., "mode": "group"|"balance", "weight": 0-10}, ...]
    criteria = models.JSONField(_("criteria and weights"), default=list)
    # [[mentee id, mentee id], ...]: pairs never placed in the same circle.
    apart = models.JSONField(_("kept apart"), default=list, blank=True)
    seed = models.PositiveIntegerField(_("seed"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = user_link(blank=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = user_link()

    class Meta:
        verbose_name = _("circle forming run")
        verbose_name_plural = _("circle forming runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "-created_at"], name="forming_run_program")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.cohort} {self.kind}"

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def kind_label(self) -> str:
        from acompana.circles.models import Kind  # models imports this module

        return str(Kind(self.kind).label) if self.kind in Kind.values else self.kind

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DONE


class ProposedCircle(models.Model):
    """A circle proposed by a run; ``number`` is its position (1, 2, ...)."""

    run = models.ForeignKey(FormingRun, on_delete=models.CASCADE, related_name="proposed")
    number = models.PositiveSmallIntegerField(_("number"))
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    circle = models.ForeignKey(
        "circles.Circle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("proposed circle")
        verbose_name_plural = _("proposed circles")
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="unique_proposed_circle")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.number}"


class Placement(models.Model):
    """Where a run places one teacher: a proposed circle, or none (no room within the size
    bounds). A ``locked`` placement is kept by later runs."""

    run = models.ForeignKey(FormingRun, on_delete=models.CASCADE, related_name="placements")
    proposed = models.ForeignKey(
        ProposedCircle,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="placements",
    )
    mentee = models.ForeignKey("people.MenteeProfile", on_delete=models.CASCADE, related_name="+")
    locked = models.BooleanField(_("locked"), default=False)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)

    class Meta:
        verbose_name = _("circle placement")
        verbose_name_plural = _("circle placements")
        ordering = ["run", "proposed", "mentee__code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="unique_forming_placement")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.mentee_id}"
