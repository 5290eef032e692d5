"""Questionnaires, their distributions to people, invitations and the responses.

Anonymity is a property of the data model, not only of the pages: a response to an anonymous
distribution has no respondent, no timestamp and a random primary key, and the invitation it
answered records only ``answered = True`` with no pointer to it (see docs/subsystems/surveys.md).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from acompana.accounts.models import Role
from acompana.common.models import TimeStamped, link_or_null, user_link
from acompana.programs.models import Modality


def bilingual(es: str, en: str) -> str:
    """The text in the active language, falling back to the other one when it is empty."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    first, second = (en, es) if language == "en" else (es, en)
    return first or second


# The five labelled points of every Likert question: (value, Spanish, English).
LIKERT = [
    (1, "Totalmente en desacuerdo", "Strongly disagree"),
    (2, "En desacuerdo", "Disagree"),
    (3, "Ni de acuerdo ni en desacuerdo", "Neither agree nor disagree"),
    (4, "De acuerdo", "Agree"),
    (5, "Totalmente de acuerdo", "Strongly agree"),
]


def likert_choices() -> list[tuple[int, str]]:
    return [(value, bilingual(es, en)) for value, es, en in LIKERT]


class Questionnaire(TimeStamped):
    """An ordered set of questions of a program. Once distributed it is locked: its questions
    never change under the responses already given; a new version is an editable copy."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="questionnaires"
    )
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    template_key = models.CharField(_("template"), max_length=40, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    based_on = link_or_null("self", _("based on"), related_name="versions")
    created_by = user_link()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title_es", "title_en", "version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def title(self) -> str:
        return bilingual(self.title_es, self.title_en)

    @property
    def description(self) -> str:
        return bilingual(self.description_es, self.description_en)

    @property
    def locked(self) -> bool:
        """Distributed questionnaires are read-only (``distribution_count`` when annotated)."""
        count = getattr(self, "distribution_count", None)
        if count is None:
            return self.distributions.exists()
        return bool(count)


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Likert scale (5 points)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Open text")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_es = models.CharField(_("text (Spanish)"), max_length=500, blank=True)
    text_en = models.CharField(_("text (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="unique_question_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    @property
    def text(self) -> str:
        return bilingual(self.text_es, self.text_en)

    @property
    def has_options(self) -> bool:
        return self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE}


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"))
    text_es = models.CharField(_("text (Spanish)"), max_length=200, blank=True)
    text_en = models.CharField(_("text (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return bilingual(self.text_es, self.text_en)


class Distribution(TimeStamped):
    """A questionnaire sent to a role (in a cohort) at a milestone, or after each visit."""

    class Trigger(models.TextChoices):
        AFTER_INDUCTION = "after_induction", _("After induction")
        MID_PROGRAM = "mid_program", _("Mid-program")
        END_OF_PROGRAM = "end_of_program", _("End of program")
        AFTER_VISIT = "after_visit", _("After each visit")

    ROLES = [Role.MENTOR, Role.MENTEE, Role.SPECIALIST, Role.TRAINER]

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="survey_distributions"
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_distributions",
    )
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, r.label) for r in ROLES])
    trigger = models.CharField(_("when"), max_length=20, choices=Trigger.choices)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = user_link()

    class Meta:
        verbose_name = _("survey distribution")
        verbose_name_plural = _("survey distributions")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        cohort = f" · {self.cohort}" if self.cohort_id else ""
        return f"{self.questionnaire.title} · {self.get_role_display()}{cohort}"

    def is_open_on(self, day: "object") -> bool:
        return bool(self.opens_on <= day <= self.closes_on)  # type: ignore[operator]


class Invitation(models.Model):
    """One person's invitation to answer a distribution (one per visit for "after each
    visit"). It records whether they answered, never which response is theirs, and has no
    "answered at" time, so nothing joins it to an anonymous response."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    visit = link_or_null("visits.Visit")
    cohort = link_or_null("programs.Cohort")
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    emailed_on = models.DateField(_("invitation emailed on"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminder on"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    answered = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["distribution", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "user"],
                condition=Q(visit__isnull=True),
                name="unique_invitation_person",
            ),
            models.UniqueConstraint(
                fields=["distribution", "user", "visit"],
                condition=Q(visit__isnull=False),
                name="unique_invitation_visit",
            ),
        ]
        indexes = [models.Index(fields=["user", "answered"])]

    def __str__(self) -> str:
        return f"{self.distribution} → {self.user}"


class Response(models.Model):
    """A set of answers. For anonymous distributions ``respondent`` and ``submitted_on`` are
    empty and only the breakdown attributes (cohort, modality, role) are kept; the random
    primary key keeps the order of submission out of the data too."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    distribution = models.ForeignKey(
        Distribution, on_delete=models.PROTECT, related_name="responses"
    )
    respondent = user_link(_("respondent"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    cohort = link_or_null("programs.Cohort", _("cohort"))
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        # Random keys: the order says nothing about who answered first.
        ordering = ["id"]

    def __str__(self) -> str:
        return str(_("Response to %(survey)s") % {"survey": self.distribution_id})


class Answer(models.Model):
    """One answer: ``number`` for Likert and number questions, ``option`` for choices (one row
    per chosen option of a multiple-choice question), ``text`` for open text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    number = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.number or self.text[:40]}"
