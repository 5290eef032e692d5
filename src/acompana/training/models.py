from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.choices import MeetingMode
from acompana.common.meetings import MeetingFields, validate_join_url
from acompana.common.models import TimeStamped, user_link


class TrainingPlan(TimeStamped):
    """A plan of training sessions for a cohort's mentors (induction or in-service)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="training_plans"
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="training_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    induction = models.BooleanField(
        _("induction"),
        default=True,
        help_text=_("Induction sessions must end before the cohort's field work starts."),
    )
    days_before_field_work = models.PositiveSmallIntegerField(
        _("days before field work"), default=14
    )

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["cohort", "title"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(MeetingFields, TimeStamped):
    class Module(models.TextChoices):
        THEORY = "theory", _("Theory")
        ROLE_PLAY = "role_play", _("Role-play")
        INSTRUMENTS = "instruments", _("Instruments")
        FIELD_NOTEBOOK = "field_notebook", _("Field notebook")
        SOFT_SKILLS = "soft_skills", _("Soft skills")
        CASE_REVIEW = "case_review", _("Case review")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")

    class Track(models.TextChoices):
        ALL = "all", _("All mentors")
        NEW = "new", _("New mentors")
        RETURNING = "returning", _("Returning mentors")

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    module = models.CharField(_("module"), max_length=20, choices=Module.choices)
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    track = models.CharField(_("track"), max_length=12, choices=Track.choices, default=Track.ALL)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=180)
    trainer = user_link(_("trainer"), related_name="training_sessions")
    materials = models.TextField(_("materials"), blank=True)
    attendance_version = models.PositiveIntegerField(
        _("attendance version"),
        default=0,
        help_text=_("Counts the times attendance was recorded: detects concurrent recording."),
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["plan", "starts_at"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        PARTIAL = "partial", _("Partial")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="training_attendances",
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_in = models.PositiveIntegerField(
        _("recorded in version"),
        default=0,
        help_text=_("The session's attendance version that last wrote this row."),
    )
    status = models.CharField(
        _("status from the platform"),
        max_length=10,
        choices=Status.choices,
        blank=True,
        db_default="",
        help_text=_("Set by a video platform's report: present, partial or absent."),
    )
    connection_minutes = models.PositiveIntegerField(
        _("connection minutes"),
        null=True,
        blank=True,
        help_text=_("Minutes connected, summed across reconnections (from the platform's report)."),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "mentor"], name="unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.mentor}"


def _score(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Feedback(TimeStamped):
    """A mentor's rating of a session they attended, once per session."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="feedback")
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="training_feedback",
    )
    clarity = _score(_("clarity"))
    usefulness = _score(_("usefulness"))
    pace = _score(_("pace"))
    participation = _score(_("participation"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "mentor"], name="unique_session_feedback"),
            models.CheckConstraint(
                condition=models.Q(clarity__range=(1, 5))
                & models.Q(usefulness__range=(1, 5))
                & models.Q(pace__range=(1, 5))
                & models.Q(participation__range=(1, 5)),
                name="feedback_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.mentor}"


class BreakoutGroup(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="breakout_groups"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("room name"), max_length=60, blank=True, db_default="")
    join_url = models.URLField(
        _("room link"), max_length=500, blank=True, db_default="", validators=[validate_join_url]
    )
    members = models.ManyToManyField(
        "people.MentorProfile", verbose_name=_("members"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="unique_breakout_number")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.number}"

    @property
    def room_name(self) -> str:
        """The name participants see (and Zoom's pre-assignment file carries)."""
        return self.name or str(_("Room %(number)d") % {"number": self.number})


class ReadinessItem(TimeStamped):
    """One item of a cohort's checklist that a mentor must complete before field work."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="readiness_items"
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="readiness_items",
    )
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive items are kept with their signatures but no longer required."),
    )
    modules = models.JSONField(
        _("from attendance"),
        default=list,
        blank=True,
        help_text=_(
            "Training modules (codes of TrainingSession.Module): when given, the item is signed "
            "automatically for a mentor who attended every induction session of these modules."
        ),
    )

    @property
    def module_labels(self) -> list[str]:
        """The names of the modules whose attendance signs the item, in the reader's language."""
        return [str(TrainingSession.Module(code).label) for code in self.modules]

    class Meta:
        verbose_name = _("readiness item")
        verbose_name_plural = _("readiness items")
        ordering = ["cohort", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ReadinessCheck(models.Model):
    """A trainer's or coordinator's signature that a mentor completed a readiness item."""

    item = models.ForeignKey(
        ReadinessItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="checks"
    )
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="readiness_checks",
    )
    evidence = models.TextField(_("evidence"), blank=True)
    signed_by = user_link(_("signed by"), blank=False, related_name="readiness_signatures")
    signed_at = models.DateTimeField(_("signed at"))
    automatic = models.BooleanField(
        _("from attendance"),
        default=False,
        help_text=_("Signed by the system from the mentor's attendance (no signer)."),
    )

    class Meta:
        verbose_name = _("readiness check")
        verbose_name_plural = _("readiness checks")
        constraints = [
            models.UniqueConstraint(fields=["item", "mentor"], name="unique_readiness_check")
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.mentor}"


class BuddyMeeting(TimeStamped):
    """An informal meeting between a novice mentor and their buddy."""

    pair = models.ForeignKey(
        "people.BuddyPair",
        verbose_name=_("buddy pair"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    met_on = models.DateField(_("met on"))
    mode = models.CharField(_("mode"), max_length=12, choices=MeetingMode.choices)
    topics = models.TextField(_("topics"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))

    class Meta:
        verbose_name = _("buddy meeting")
        verbose_name_plural = _("buddy meetings")
        ordering = ["-met_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pair} · {self.met_on}"


class Discipline(models.TextChoices):
    """The professions of specialists who accompany mentors (stored as the code in
    ``people.SpecialistAssignment.discipline``; any other text there is shown as written)."""

    SOCIOLOGIST = "sociologist", _("Sociologist")
    ANTHROPOLOGIST = "anthropologist", _("Anthropologist")
    PEDAGOGUE = "pedagogue", _("Pedagogue")
    OTHER = "other", _("Other")


def discipline_label(value: str) -> str:
    """The translated name of a discipline code, or ``value`` itself for free text."""
    if value in Discipline.values:
        return str(Discipline(value).label)
    return value
