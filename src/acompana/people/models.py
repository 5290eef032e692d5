from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.models import TimeStamped, link_or_null
from acompana.programs.models import Modality


class Degree(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor")
    LICENSED = "licensed", _("Licensed (licenciatura)")
    MASTER = "master", _("Master's")
    DOCTORATE = "doctorate", _("Doctorate")


class Experience(models.Model):
    """A mentor's experience as Table 3 of the Peru study counts it, in the mentor's profile
    and in an application to become one."""

    teaching_years = models.DecimalField(
        _("years teaching"), max_digits=4, decimal_places=1, default=0
    )
    management_years = models.DecimalField(
        _("years in management"), max_digits=4, decimal_places=1, default=0
    )
    accompaniment_experience = models.BooleanField(
        _("training or accompaniment of teachers"), default=False
    )
    technical_assistance = models.BooleanField(
        _("technical assistance to principals"), default=False
    )
    programs_served = models.PositiveSmallIntegerField(_("mentoring programs served"), default=0)

    class Meta:
        abstract = True


class Profile(TimeStamped):
    """What mentor and mentee profiles share: who, where, which languages, which cohorts."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=40)
    region = link_or_null("programs.Region", _("region"))
    cohorts = models.ManyToManyField("programs.Cohort", verbose_name=_("cohorts"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    teaching_philosophy = models.TextField(_("teaching philosophy"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.user}"

    @property
    def languages_display(self) -> str:
        return " ".join(self.languages)


class MentorProfile(Profile, Experience):
    """A mentor's professional profile: the columns of Table 3 of the Peru study and more."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="mentor_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="mentor_profiles",
    )
    cohorts = models.ManyToManyField(  # type: ignore[assignment]
        "programs.Cohort", verbose_name=_("cohorts"), blank=True, related_name="mentors"
    )
    highest_degree = models.CharField(
        _("highest degree"), max_length=20, choices=Degree.choices, blank=True
    )
    capacity = models.PositiveSmallIntegerField(_("capacity (mentees)"), default=8)
    modality_preference = models.CharField(
        _("modality preference"), max_length=20, choices=Modality.choices, blank=True
    )
    strengths = models.ManyToManyField(
        "frameworks.Competency", verbose_name=_("strengths"), blank=True, related_name="+"
    )
    school_levels = models.JSONField(_("school levels worked in"), default=list, blank=True)
    school = models.ForeignKey(
        "programs.School",
        verbose_name=_("own school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A mentor is never matched with principals of their own school."),
    )
    latitude = models.DecimalField(
        _("base latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("base longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta(Profile.Meta):
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="unique_mentor_code"),
            models.UniqueConstraint(fields=["program", "user"], name="unique_mentor_user"),
        ]

    @property
    def has_management_experience(self) -> bool:
        return self.management_years > 0


class CareerStage(models.TextChoices):
    """A teacher's career stage (the PPST's four stages)."""

    BEGINNING = "beginning", _("Beginning")
    PROFICIENT = "proficient", _("Proficient")
    HIGHLY_PROFICIENT = "highly_proficient", _("Highly proficient")
    DISTINGUISHED = "distinguished", _("Distinguished")


class MenteeProfile(Profile):
    class Position(models.TextChoices):
        PRINCIPAL = "principal", _("Principal")
        ASSISTANT_PRINCIPAL = "assistant_principal", _("Assistant principal")
        TEACHER = "teacher", _("Teacher")
        COORDINATOR = "coordinator", _("Pedagogical coordinator")

    class Connectivity(models.TextChoices):
        NONE = "none", _("None")
        LOW = "low", _("Low")
        GOOD = "good", _("Good")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="mentee_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="mentee_profiles",
    )
    cohorts = models.ManyToManyField(  # type: ignore[assignment]
        "programs.Cohort", verbose_name=_("cohorts"), blank=True, related_name="mentees"
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices)
    school = models.ForeignKey(
        "programs.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentees",
    )
    years_in_position = models.DecimalField(
        _("years in position"), max_digits=4, decimal_places=1, default=0
    )
    preferred_modality = models.CharField(
        _("preferred modality"), max_length=20, choices=Modality.choices, blank=True
    )
    connectivity = models.CharField(
        _("connectivity"), max_length=10, choices=Connectivity.choices, blank=True
    )
    needs = models.ManyToManyField(
        "frameworks.Competency", verbose_name=_("needs"), blank=True, related_name="+"
    )
    # What forming circles of teachers looks at (with ``teaching_philosophy``).
    subject = models.CharField(_("subject taught"), max_length=100, blank=True)
    grade_level = models.CharField(_("grade level"), max_length=60, blank=True)
    career_stage = models.CharField(
        _("career stage"), max_length=20, choices=CareerStage.choices, blank=True
    )

    class Meta(Profile.Meta):
        verbose_name = _("mentee profile")
        verbose_name_plural = _("mentee profiles")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="unique_mentee_code"),
            models.UniqueConstraint(fields=["program", "user"], name="unique_mentee_user"),
        ]


class Partnership(TimeStamped):
    """A mentor accompanying a mentee from a date, until it ends (matching publishes these)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="partnerships"
    )
    cohort = link_or_null("programs.Cohort")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="partnerships")
    mentee = models.ForeignKey(MenteeProfile, on_delete=models.CASCADE, related_name="partnerships")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # A paused partnership is still active (not ended): the pair keeps its agreement and
    # history, and resumes later. Set and cleared by acompana.agreements.services.
    paused_since = models.DateField(_("paused since"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["mentor", "ended_on"]),
            models.Index(fields=["mentee", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.code} → {self.mentee.code}"


class SpecialistAssignment(TimeStamped):
    """A specialist who accompanies a mentor in the field."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="specialist_assignments"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="specialist_assignments"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="specialist_assignments"
    )
    discipline = models.CharField(
        _("discipline"),
        max_length=100,
        blank=True,
        help_text=_("The specialist's profession, e.g. sociology, anthropology, pedagogy."),
    )

    class Meta:
        verbose_name = _("specialist assignment")
        verbose_name_plural = _("specialist assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "mentor"], name="unique_specialist_mentor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.specialist} → {self.mentor.code}"


class BuddyPair(TimeStamped):
    """A novice mentor and the experienced mentor who supports them (their buddy)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="buddy_pairs"
    )
    cohort = link_or_null("programs.Cohort")
    novice = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="buddies")
    buddy = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="novices")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("buddy pair")
        verbose_name_plural = _("buddy pairs")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.buddy.code} ⇄ {self.novice.code}"
