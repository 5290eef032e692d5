import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.models import TimeStamped, link_or_null


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """An IANA time zone name, e.g. America/Lima."""
    if value and value not in _time_zones():
        raise ValidationError(
            _("%(value)s is not a time zone name (e.g. America/Lima, Asia/Manila)."),
            params={"value": value},
        )


def validate_https(value: str) -> None:
    if value and not value.lower().startswith("https://"):
        raise ValidationError(_("Enter a web address starting https://."))


class Program(TimeStamped):
    """A mentoring program, e.g. "Mentoría a directivos"."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    framework = link_or_null("frameworks.Framework", _("framework"), related_name="programs")
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Where the program works, e.g. America/Lima or Asia/Manila: its pages show dates and "
            "times there and read the times typed in forms there (empty: the site's time zone)."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the program's pages for people who have not chosen one "
            "(empty: the site's language)."
        ),
    )
    jitsi_url = models.URLField(
        _("Jitsi server"),
        max_length=200,
        blank=True,
        validators=[validate_https],
        help_text=_(
            "The address of the program's own Jitsi server, e.g. https://meet.example.org: "
            "training sessions and breakout rooms get unguessable room links on it."
        ),
    )
    readiness_gate = models.BooleanField(
        _("readiness is a gate"),
        default=False,
        help_text=_(
            "A mentor who misses items of their cohort's readiness checklist cannot be "
            "published in a matching run or schedule their first visit."
        ),
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The program's time zone (the site's when none is set)."""
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)


class Cohort(TimeStamped):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    mentor_capacity = models.PositiveSmallIntegerField(
        _("mentees per mentor"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_(
            "The capacity given to mentors added to this cohort without one of their own "
            "(empty: 8)."
        ),
    )
    rolled_over_from = models.ForeignKey(
        "self",
        verbose_name=_("rolled over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rolled_into",
        help_text=_("The cohort whose design this one copied when the year was rolled over."),
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["program", "year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year", "name"], name="unique_cohort")
        ]

    def __str__(self) -> str:
        return self.name or str(self.year)


class Region(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="regions")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="unique_region_name")
        ]

    def __str__(self) -> str:
        return self.name


class School(TimeStamped):
    class Level(models.TextChoices):
        INITIAL = "initial", _("Early childhood")
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        MULTI = "multi", _("Several levels")
        OTHER = "other", _("Other")

    class Area(models.TextChoices):
        URBAN = "urban", _("Urban")
        RURAL = "rural", _("Rural")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="schools")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="schools"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    area = models.CharField(_("area"), max_length=10, choices=Area.choices, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="unique_school_code")
        ]
        # A program's schools in the order of their list (page 1 without sorting them all).
        indexes = [models.Index(fields=["program", "name"], name="school_program_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ReviewPoint(TimeStamped):
    """A point of a cohort's design review: what the program learned in that year, or what it
    changes for the next, linked to its evidence (``ReviewEvidence``)."""

    class Kind(models.TextChoices):
        LEARNED = "learned", _("Learned")
        CHANGE = "change", _("Change for next year")

    class Area(models.TextChoices):
        TRAINING_PLAN = "training_plan", _("Training plan")
        ROUNDS = "rounds", _("Rounds and protocols")
        INSTRUMENTS = "instruments", _("Instruments")
        READINESS = "readiness", _("Readiness")
        RUBRIC = "rubric", _("Selection rubric")
        GROUP_SESSIONS = "group_sessions", _("Group sessions")
        SURVEYS = "surveys", _("Surveys")
        BUDGET = "budget", _("Budget")
        OTHER = "other", _("Other")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="review_points")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("review point")
        verbose_name_plural = _("review points")
        ordering = ["cohort", "kind", "area", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_area_display()}"

    @property
    def program(self) -> Program:
        return self.cohort.program


class ReviewEvidence(models.Model):
    """A typed reference from a review point to what supports it in the app: a kind and the id
    of an object of the cohort's program (a questionnaire, a round, a training plan, a
    cohort). Checked when saved (``hub.review``), shown with a figure read from its app."""

    class Kind(models.TextChoices):
        SURVEY_RESULTS = "survey_results", _("Questionnaire results")
        ROUND_COVERAGE = "round_coverage", _("Coverage of a round")
        TRAINING_FEEDBACK = "training_feedback", _("Training feedback by modality")
        CANCELLATION_REASONS = "cancellation_reasons", _("Cancellation reasons of a round")
        GROUP_SESSION_HOURS = "group_session_hours", _("Group-session hours of a cohort")

    point = models.ForeignKey(ReviewPoint, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    object_id = models.PositiveIntegerField(_("object"))

    class Meta:
        verbose_name = _("review evidence")
        verbose_name_plural = _("review evidence")
        ordering = ["point", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "kind", "object_id"], name="unique_review_evidence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id}"
