from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.files import RandomName
from acompana.common.models import TimeStamped, user_link
from acompana.people.models import Degree, Experience
from acompana.selection.rubric_json import default_rubric_json


class Call(TimeStamped):
    """A call for mentors of one cohort, scored with its own (editable) rubric."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="selection_calls"
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="selection_calls",
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    rubric = models.JSONField(_("rubric"), default=default_rubric_json)

    class Meta:
        verbose_name = _("call for mentors")
        verbose_name_plural = _("calls for mentors")
        ordering = ["-opens_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Application(TimeStamped, Experience):
    """A candidate's application to a call: the Table 3 profile, motivation and references."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ADMITTED = "admitted", _("Admitted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="mentor_applications",
    )
    highest_degree = models.CharField(_("highest degree"), max_length=20, choices=Degree.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    motivation = models.TextField(_("motivation"))
    references = models.TextField(_("references"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = user_link()
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "candidate"], name="unique_application")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.call}"

    @property
    def has_management_experience(self) -> bool:
        return self.management_years > 0


class Evidence(models.Model):
    class Kind(models.TextChoices):
        DEGREE = "degree", _("Degree or diploma")
        CERTIFICATE = "certificate", _("Certificate of experience")
        REFERENCE = "reference", _("Reference letter")
        OTHER = "other", _("Other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    # A random storage name (evidence is private and served only by a permission-checking
    # view); the name the candidate gave the file is kept beside it for the download.
    file = models.FileField(_("file"), upload_to=RandomName("evidence"))
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        """The name the candidate gave the file."""
        return self.original_name or (self.file.name or "").rsplit("/", 1)[-1]


class Review(TimeStamped):
    """One reviewer's panel scores (interview traits) of one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scores = models.JSONField(_("panel scores"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="unique_review")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"
