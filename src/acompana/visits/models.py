from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from acompana.common.choices import MeetingMode
from acompana.common.meetings import MeetingFields
from acompana.common.models import TimeStamped


class Protocol(TimeStamped):
    """How a round of visits is carried out: an ordered list of steps, versioned."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="protocols"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> "ProtocolVersion | None":
        return self.versions.order_by("-number").first()


class ProtocolVersion(models.Model):
    """An immutable version of a protocol: editing creates a new one; visits keep theirs."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("protocol version")
        verbose_name_plural = _("protocol versions")
        ordering = ["protocol", "number"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="unique_protocol_version")
        ]

    def __str__(self) -> str:
        return f"{self.protocol} v{self.number}"


class ProtocolStep(models.Model):
    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        verbose_name = _("protocol step")
        verbose_name_plural = _("protocol steps")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Round(TimeStamped):
    """A round of visits of a cohort (e.g. "Diagnostic visits, April-May")."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="rounds")
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    protocol_version = models.ForeignKey(
        ProtocolVersion,
        verbose_name=_("protocol"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["cohort", "starts_on"]

    def __str__(self) -> str:
        return self.name


class Visit(MeetingFields, TimeStamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", pgettext_lazy("visit status", "Done")
        CANCELLED = "cancelled", _("Cancelled")
        RESCHEDULED = "rescheduled", _("Rescheduled")

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="visits")
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    mentee = models.ForeignKey(
        "people.MenteeProfile",
        verbose_name=_("mentee"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    protocol_version = models.ForeignKey(
        ProtocolVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=12, choices=MeetingMode.choices)
    scheduled_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-scheduled_at"]
        indexes = [
            # a mentor's visits newest first; covering (program and id included) so that the
            # visits of a specialist's 200 mentors are paged from the index alone
            models.Index(
                fields=["mentor", "-scheduled_at"],
                include=["program", "id"],
                name="visit_mentor_newest",
            ),
            models.Index(fields=["mentee", "scheduled_at"]),
            models.Index(fields=["program", "status"]),
            # the visit list, newest first; round coverage counts (index-only)
            models.Index(fields=["program", "-scheduled_at"], name="visit_program_newest"),
            models.Index(fields=["round", "status"], name="visit_round_status"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.code} → {self.mentee.code} {self.scheduled_at:%Y-%m-%d}"


class StatusChange(models.Model):
    class Reason(models.TextChoices):
        CONNECTIVITY = "connectivity", _("Connectivity problems")
        MENTEE_UNAVAILABLE = "mentee_unavailable", _("Mentee unavailable")
        MENTOR_UNAVAILABLE = "mentor_unavailable", _("Mentor unavailable")
        STRIKE = "strike", _("Strike")
        WEATHER = "weather", _("Weather or roads")
        OTHER = "other", _("Other")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, choices=Visit.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Visit.Status.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class FieldNote(models.Model):
    """The mentor's private field-notebook entry for a visit (never shown to the mentee)."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="field_note")
    context = models.TextField(_("context and setting"), blank=True)
    events = models.TextField(_("what happened"), blank=True)
    interpretation = models.TextField(_("interpretation and analysis"), blank=True)
    notes = models.TextField(_("free notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("field notebook entry")
        verbose_name_plural = _("field notebook entries")

    def __str__(self) -> str:
        return f"{self.visit} (v{self.version})"


class Dialogue(models.Model):
    """The reflective dialogue of a visit; the mentor decides when its summary is shared."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="dialogue")
    opening = models.TextField(_("opening"), blank=True)
    development = models.TextField(_("development"), blank=True)
    closing = models.TextField(_("closing"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("aspects to improve"), blank=True)
    questions = models.TextField(_("reflective questions asked"), blank=True)
    summary = models.TextField(_("summary shared with the mentee"), blank=True)
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reflective dialogue")
        verbose_name_plural = _("reflective dialogues")

    def __str__(self) -> str:
        return f"{self.visit} (v{self.version})"


class Commitment(TimeStamped):
    class Owner(models.TextChoices):
        MENTEE = "mentee", _("Mentee")
        MENTOR = "mentor", _("Mentor")
        BOTH = "both", _("Both")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", pgettext_lazy("commitment status", "Done")
        DROPPED = "dropped", _("Dropped")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="commitments")
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(
        "people.MenteeProfile", on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.CharField(_("commitment"), max_length=500)
    owner = models.CharField(_("who"), max_length=10, choices=Owner.choices, default=Owner.MENTEE)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    followed_up_in = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_up"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]
        indexes = [
            # a principal's open commitments, and the overdue ones of a region's principals
            # (read from the index alone: the id and visit are included)
            models.Index(
                fields=["mentee", "status", "due_on"],
                include=["id", "visit"],
                name="commitment_mentee_due",
            ),
            models.Index(fields=["status", "due_on"]),
            # a mentor's overdue commitments (home page, reminders)
            models.Index(fields=["mentor", "status", "due_on"], name="commitment_mentor_due"),
        ]

    def __str__(self) -> str:
        return self.text


class Instrument(TimeStamped):
    """An observation instrument: a rubric (criteria with levels), a checklist or questions.

    Shipped instruments (``program`` empty) are shared defaults; a program's own instruments
    are created by its coordinators.
    """

    class Kind(models.TextChoices):
        RUBRIC = "rubric", _("Rubric")
        CHECKLIST = "checklist", _("Checklist")
        QUESTIONS = "questions", _("Open questions")

    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="instruments",
    )
    slug = models.SlugField(_("slug"))
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    source = models.TextField(_("source"), blank=True)
    levels = models.JSONField(_("level names"), default=list, blank=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "slug"], name="unique_instrument_slug")
        ]

    def __str__(self) -> str:
        return self.name


class InstrumentItem(models.Model):
    """A rubric criterion, a checklist item or a question."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    descriptors = models.JSONField(_("level descriptors"), default=list, blank=True)
    verification = models.CharField(_("verification"), max_length=1, default="U")

    class Meta:
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")
        ordering = ["instrument", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class InstrumentResponse(TimeStamped):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="responses")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("instrument response")
        verbose_name_plural = _("instrument responses")
        constraints = [
            models.UniqueConstraint(fields=["visit", "instrument"], name="unique_visit_instrument")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.visit}"


class ItemAnswer(models.Model):
    response = models.ForeignKey(
        InstrumentResponse, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    checked = models.BooleanField(_("observed"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="unique_answer_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.level or self.checked or ''}"


class Diagnosis(TimeStamped):
    """A mentee's starting point: strengths and needs by competency, agreed at the start."""

    mentee = models.ForeignKey(
        "people.MenteeProfile", on_delete=models.CASCADE, related_name="diagnoses"
    )
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="+")
    made_on = models.DateField(_("date"))
    strengths = models.ManyToManyField(
        "frameworks.Competency", verbose_name=_("strengths"), blank=True, related_name="+"
    )
    needs = models.ManyToManyField(
        "frameworks.Competency", verbose_name=_("needs"), blank=True, related_name="+"
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        ordering = ["-made_on"]

    def __str__(self) -> str:
        return f"{self.mentee.code} {self.made_on}"


class AccompanimentObservation(TimeStamped):
    """A specialist's observation of a mentor's visit, and the mentor's answer."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="observations")
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    did_well = models.TextField(_("what the mentor did well"), blank=True)
    advice_recording = models.TextField(_("advice on recording"), blank=True)
    advice_questions = models.TextField(_("advice on reflective questions"), blank=True)
    agreements = models.TextField(_("agreements for the mentor"), blank=True)
    mentor_reply = models.TextField(_("mentor's answer"), blank=True)
    replied_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("accompaniment observation")
        verbose_name_plural = _("accompaniment observations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.specialist} · {self.visit}"


class SentReminder(models.Model):
    """A reminder already sent: the same reminder is never sent twice."""

    kind = models.CharField(_("kind"), max_length=30)
    key = models.CharField(_("about"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "user"], name="unique_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.user}"
