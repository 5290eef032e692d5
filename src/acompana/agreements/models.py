"""Mentoring agreements: templates, versioned agreements per partnership, acknowledgements by
the three parties, goals with their progress, and changes to the partnership itself.

A version's texts never change once it is issued: renegotiating creates a new version, so what
each party acknowledged stays readable as it was.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.choices import MeetingMode
from acompana.common.models import TimeStamped, link_or_null, user_link

# The three texts of roles and duties, then the rest of what a version states. The order is the
# order of the agreement page and of the diff between versions.
DUTY_FIELDS = ("mentor_duties", "mentee_duties", "leadership_duties")
TEXT_FIELDS = (*DUTY_FIELDS, "cadence", "confidentiality")


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of a model field, as a plain string."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


class Party(models.TextChoices):
    """Who acknowledges an agreement: the mentor, the mentee and the program's leadership."""

    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    COORDINATOR = "coordinator", _("Program leadership (coordinator)")


class AgreementTemplate(TimeStamped):
    """The program's model agreement, which coordinators edit and issue agreements from."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="agreement_templates"
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    mentor_duties = models.TextField(_("roles and duties of the mentor"))
    mentee_duties = models.TextField(_("roles and duties of the mentee"))
    leadership_duties = models.TextField(_("roles and duties of program leadership"))
    cadence = models.CharField(_("meeting cadence"), max_length=255)
    modes = models.JSONField(_("meeting modes"), default=list, blank=True)
    confidentiality = models.TextField(_("confidentiality terms"))

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["program", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="unique_agreement_template")
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(TimeStamped):
    """The agreement of one partnership. Its texts live in its versions; ``status`` and the
    version numbers are kept here so that lists and the home page filter without joins."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING = "awaiting", _("Awaiting acknowledgement")
        IN_FORCE = "in_force", _("In force")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="agreements"
    )
    partnership = models.OneToOneField(
        "people.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="agreement",
    )
    template = link_or_null(AgreementTemplate, _("template"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    current_number = models.PositiveIntegerField(_("current version"), default=1)
    in_force_number = models.PositiveIntegerField(
        _("version in force"),
        null=True,
        blank=True,
        help_text=_("The latest version acknowledged by all three parties."),
    )
    revision = models.PositiveIntegerField(
        _("revision"), default=1, help_text=_("Raised by every change; stale edits are refused.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return str(_("Agreement %(pair)s") % {"pair": self.partnership})


class AgreementVersion(models.Model):
    """One version of an agreement's texts. A draft (not yet issued) may be edited; an issued
    version is immutable and is what the parties acknowledge."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    mentor_duties = models.TextField(_("roles and duties of the mentor"))
    mentee_duties = models.TextField(_("roles and duties of the mentee"))
    leadership_duties = models.TextField(_("roles and duties of program leadership"))
    cadence = models.CharField(_("meeting cadence"), max_length=255)
    modes = models.JSONField(_("meeting modes"), default=list, blank=True)
    confidentiality = models.TextField(_("confidentiality terms"))
    goals_text = models.TextField(
        _("goals"), blank=True, help_text=_("The goals as they stood when this version was made.")
    )
    change_note = models.TextField(_("what changed and why"), blank=True)
    created_by = user_link(blank=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="unique_agreement_version")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    @property
    def issued(self) -> bool:
        return self.issued_at is not None

    @property
    def modes_display(self) -> str:
        labels = dict(MeetingMode.choices)
        return ", ".join(str(labels.get(m, m)) for m in self.modes)


class Acknowledgement(models.Model):
    """One party's acknowledgement of one issued version: who and when."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["version", "at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="unique_acknowledgement")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.get_party_display()} · {self.user}"


class Goal(TimeStamped):
    """A goal of the agreement, tied to a competency of the program's framework."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="goals")
    competency = link_or_null("frameworks.Competency", _("competency"))
    title = models.CharField(_("goal"), max_length=255)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    created_by = user_link(blank=False)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["agreement", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class GoalProgress(models.Model):
    """A progress update on a goal, by the pair's mentor or mentee. Never edited: the history
    is the chart."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    recorded_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal progress update")
        verbose_name_plural = _("goal progress updates")
        ordering = ["goal", "recorded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="goal_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal} · {self.percent}%"


class PartnershipChange(models.Model):
    """A pause, resumption, end or reassignment of a partnership, with its reason. A
    reassignment links the partnership it ended to the one it started."""

    class Kind(models.TextChoices):
        PAUSE = "pause", _("Pause")
        RESUME = "resume", _("Resume")
        END = "end", _("End")
        REASSIGN = "reassign", _("Reassign to another mentor")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="partnership_changes"
    )
    partnership = models.ForeignKey(
        "people.Partnership", on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    effective_on = models.DateField(_("effective on"))
    new_partnership = models.OneToOneField(
        "people.Partnership",
        verbose_name=_("new partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reassigned_from",
    )
    actor = user_link(blank=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partnership change")
        verbose_name_plural = _("partnership changes")
        ordering = ["partnership", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.partnership} · {self.get_kind_display()}"
