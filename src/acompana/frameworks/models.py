from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.shipped import ENGLISH, in_reader_language, reader_index


def name_in_reader_language(name: str, name_en: str) -> str:
    """An English reader sees the English name when one is stored (shipped or typed); otherwise
    a shipped, unedited name shows in the reader's language and a typed one as typed."""
    if name_en and reader_index() == ENGLISH:
        return name_en
    return in_reader_language(name)


class Verification(models.TextChoices):
    """How far an item's wording is confirmed against its official source."""

    VERIFIED = "V", _("Verified")
    SECONDARY = "P", _("Secondary copy, to verify")
    UNCONFIRMED = "U", _("Unconfirmed, to verify")


class FrameworkItem(models.Model):
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    verification = models.CharField(
        _("verification"), max_length=1, choices=Verification.choices, default="U"
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        return name_in_reader_language(self.name, self.name_en)

    @property
    def to_verify(self) -> bool:
        return self.verification != Verification.VERIFIED


class Framework(models.Model):
    """A standards framework (e.g. Marco de Buen Desempeño del Directivo) whose items
    profiles, instruments and goals refer to. Shipped as editable defaults."""

    class Audience(models.TextChoices):
        PRINCIPALS = "principals", _("School leaders")
        TEACHERS = "teachers", _("Teachers")
        MENTORS = "mentors", _("Mentors")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return name_in_reader_language(self.name, self.name_en)


class Domain(FrameworkItem):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")

    class Meta(FrameworkItem.Meta):
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_domain_code")
        ]


class Competency(FrameworkItem):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="competencies")

    class Meta(FrameworkItem.Meta):
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="unique_competency_code")
        ]


class Performance(FrameworkItem):
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="performances"
    )

    class Meta(FrameworkItem.Meta):
        verbose_name = _("performance")
        verbose_name_plural = _("performances")
        constraints = [
            models.UniqueConstraint(fields=["competency", "code"], name="unique_performance_code")
        ]


class CareerStage(FrameworkItem):
    """One stage of a framework's career ladder (e.g. PPST: Beginning, Proficient, Highly
    Proficient, Distinguished), in order (``position``). Its ``statement`` is the stage's
    general description. Frameworks without stages have none; self-assessments need them."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="career_stages")

    class Meta(FrameworkItem.Meta):
        verbose_name = _("career stage")
        verbose_name_plural = _("career stages")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_career_stage_code")
        ]

    @property
    def description(self) -> str:
        return self.statement


INDICATOR_MAX = 2000


class StageIndicator(models.Model):
    """What a strand (competency) looks like at one career stage. Shipped empty where the
    official wording is not confirmed; editable like every framework item."""

    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="stage_indicators"
    )
    stage = models.ForeignKey(CareerStage, on_delete=models.CASCADE, related_name="indicators")
    text = models.TextField(_("indicator"), max_length=INDICATOR_MAX)
    text_en = models.TextField(_("indicator in English"), max_length=INDICATOR_MAX, blank=True)
    verification = models.CharField(
        _("verification"), max_length=1, choices=Verification.choices, default="U"
    )

    class Meta:
        verbose_name = _("stage indicator")
        verbose_name_plural = _("stage indicators")
        ordering = ["stage__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "stage"], name="unique_indicator_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency_id} · {self.stage_id}"

    @property
    def display_text(self) -> str:
        return name_in_reader_language(self.text, self.text_en)

    @property
    def to_verify(self) -> bool:
        return self.verification != Verification.VERIFIED
