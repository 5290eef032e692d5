"""Group sessions of mentors (counseling, protocol briefings, case reviews, peer exchanges),
their weekly series, the cases they discussed, and mentors' informal meetings with peers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.choices import MeetingMode
from acompana.common.meetings import MeetingFields
from acompana.common.models import TimeStamped, link_or_null, user_link


class Kind(models.TextChoices):
    COUNSELING = "counseling", _("Group counseling")
    PROTOCOL_BRIEFING = "protocol_briefing", _("Protocol briefing before a round")
    CASE_REVIEW = "case_review", _("Case review")
    PEER_EXCHANGE = "peer_exchange", _("Peer exchange")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class SessionSeries(TimeStamped):
    """A weekly schedule that generated group sessions (e.g. every Friday at 15:00).

    The generated sessions are ordinary sessions: editing one changes only that one.
    ``cancelled_from`` records when the rest of the series was cancelled.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="group_session_series"
    )
    cohort = models.ForeignKey(
        "programs.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    time = models.TimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    mode = models.CharField(_("mode"), max_length=12, choices=MeetingMode.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    occurrences = models.PositiveSmallIntegerField(_("occurrences"), null=True, blank=True)
    cancelled_from = models.DateField(_("cancelled from"), null=True, blank=True)
    created_by = user_link(blank=False)

    class Meta:
        verbose_name = _("group session series")
        verbose_name_plural = _("group session series")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class GroupSession(MeetingFields, TimeStamped):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="group_sessions"
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="group_sessions",
    )
    series = link_or_null(SessionSeries, _("series"), related_name="sessions")
    round = link_or_null("visits.Round", _("round"), related_name="group_sessions")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    mode = models.CharField(_("mode"), max_length=12, choices=MeetingMode.choices)
    facilitator = user_link(_("facilitator"), related_name="facilitated_group_sessions")
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    notes = models.TextField(_("notes"), blank=True)
    agreements = models.TextField(_("agreements reached"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["program", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d}"

    @property
    def cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Attendance(models.Model):
    """A mentor invited to a session; ``present`` is None until attendance is taken."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendances")
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="group_attendances",
    )
    present = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        verbose_name = _("group session attendance")
        verbose_name_plural = _("group session attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "mentor"], name="unique_group_session_attendance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.mentor}"


class CaseDiscussed(models.Model):
    """A visit of an attending mentor brought to the group as a case.

    The group sees the case reference and the dialogue summary the mentor shared with the
    mentee, never the private field notebook.
    """

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="cases")
    visit = models.ForeignKey(
        "visits.Visit", verbose_name=_("visit"), on_delete=models.CASCADE, related_name="+"
    )
    added_by = user_link(blank=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("case discussed")
        verbose_name_plural = _("cases discussed")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "visit"], name="unique_case_discussed")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.visit_id}"


class InformalMeeting(TimeStamped):
    """A meeting among peer mentors outside the program's schedule, logged by one of them."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="informal_meetings"
    )
    cohort = link_or_null("programs.Cohort", _("cohort"))
    logged_by = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("logged by"),
        on_delete=models.CASCADE,
        related_name="informal_meetings_logged",
    )
    participants = models.ManyToManyField(
        "people.MentorProfile", verbose_name=_("participants"), related_name="informal_meetings"
    )
    met_on = models.DateField(_("met on"))
    mode = models.CharField(_("mode"), max_length=12, choices=MeetingMode.choices)
    topic = models.CharField(_("topic"), max_length=300)
    learnt = models.TextField(_("what was learnt"), blank=True)

    class Meta:
        verbose_name = _("informal meeting")
        verbose_name_plural = _("informal meetings")
        ordering = ["-met_on", "-pk"]
        indexes = [
            # the program's meetings newest first (the list page and API read page 1 from it)
            models.Index(fields=["program", "-met_on", "-id"], name="informal_meeting_newest")
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.met_on}"
