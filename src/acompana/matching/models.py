from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.models import TimeStamped, user_link


class Criterion(models.TextChoices):
    """What makes a mentor and a mentee compatible (scored by acompana_core.matching.scoring)."""

    REGION = "region", _("Same region or short travel")
    MODALITY = "modality", _("Compatible modality")
    LANGUAGE = "language", _("Shared language")
    NEEDS = "needs", _("Mentor strengths meet mentee needs")
    MANAGEMENT = "management", _("Management experience for principals")
    LEVEL = "level", _("School level")
    CONTINUITY = "continuity", _("Same mentor as last year")
    PHILOSOPHY = "philosophy", _("Similar teaching philosophy")


MUST = "must"
DEFAULT_CRITERIA: dict[str, int | str] = {
    "region": 6,
    "modality": 3,
    "language": MUST,
    "needs": 8,
    "management": 6,
    "level": 2,
    "continuity": 4,
    "philosophy": 3,
}


class MatchRun(TimeStamped):
    """One run of the matching engine for a cohort, kept with its settings and results."""

    class Kind(models.TextChoices):
        MENTEES = "mentees", _("Mentees to mentors")
        BUDDIES = "buddies", _("Novice mentors to experienced buddies")

    class Objective(models.TextChoices):
        TOTAL = "total", _("Best total compatibility")
        MAXMIN = "maxmin", _("Best worst pair (fairest)")
        STABLE = "stable", _("Stable (no pair would rather switch)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready for review")
        FAILED = "failed", _("Failed")
        PUBLISHING = "publishing", _("Publishing")
        PUBLISHED = "published", _("Published")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="match_runs"
    )
    cohort = models.ForeignKey(
        "programs.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MENTEES)
    objective = models.CharField(
        _("objective"), max_length=10, choices=Objective.choices, default=Objective.TOTAL
    )
    criteria = models.JSONField(_("criteria and weights"), default=dict)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    unmatched = models.JSONField(_("unmatched"), default=list, blank=True)
    created_by = user_link(blank=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = user_link()

    class Meta:
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.cohort} {self.get_kind_display()}"

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING, self.Status.PUBLISHING}

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DONE


class MatchProposal(models.Model):
    """A proposed pair: the mentor (or buddy) and the mentee (or novice mentor)."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(
        "people.MenteeProfile", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    novice = models.ForeignKey(
        "people.MentorProfile", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=list)
    locked = models.BooleanField(_("locked"), default=False)
    kept = models.BooleanField(_("kept from a published match"), default=False)

    class Meta:
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        ordering = ["mentor__code", "-score"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentee__isnull=False, novice__isnull=True)
                | models.Q(mentee__isnull=True, novice__isnull=False),
                name="proposal_has_one_mentee_or_novice",
            ),
            models.UniqueConstraint(fields=["run", "mentee"], name="unique_run_mentee"),
            models.UniqueConstraint(fields=["run", "novice"], name="unique_run_novice"),
        ]

    def __str__(self) -> str:
        other = self.mentee or self.novice
        return f"{self.mentor.code} → {other.code if other else '?'} ({self.score:.2f})"

    @property
    def person(self):
        return self.mentee or self.novice


class PairRule(TimeStamped):
    """A coordinator's decision that outlives a run: always keep, or never propose, a pair."""

    class Rule(models.TextChoices):
        LOCK = "lock", _("Locked")
        EXCLUDE = "exclude", _("Excluded")

    cohort = models.ForeignKey("programs.Cohort", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(
        "people.MenteeProfile", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    novice = models.ForeignKey(
        "people.MentorProfile", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rule = models.CharField(_("rule"), max_length=10, choices=Rule.choices)
    created_by = user_link(blank=False)

    class Meta:
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")


class ConflictOfInterest(TimeStamped):
    """A pair that must never be matched (e.g. the mentor once supervised the mentee)."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey("people.MenteeProfile", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["mentor", "mentee"], name="unique_conflict")]

    def __str__(self) -> str:
        return f"{self.mentor.code} ✕ {self.mentee.code}: {self.reason}"
