"""Mentoring circles, peer circles and reciprocal coaching pairs of teachers: their members,
meetings (with a shared record, attendance and commitments per member), each author's private
notes on a meeting, and the goals the circle sets together."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from acompana.common.choices import MeetingMode
from acompana.common.models import TimeStamped, link_or_null, user_link


class Kind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring circle")
    PEER = "peer", _("Peer circle")
    RECIPROCAL = "reciprocal", _("Reciprocal coaching")


# How many mentee members a circle of each kind has, inclusive (documented in
# docs/subsystems/circles.md). A mentoring circle also has its mentor, who is not a member.
SIZE_BOUNDS: dict[str, tuple[int, int]] = {
    Kind.MENTORING: (3, 8),
    Kind.PEER: (3, 10),
    Kind.RECIPROCAL: (2, 2),
}


def validate_shape(*, kind: str, has_mentor: bool, size: int, active: bool) -> None:
    """Refuse a circle whose kind, mentor and number of members do not fit: a mentoring
    circle has a mentor, a peer circle or reciprocal pair has none; no circle has more members
    than its kind allows, and an active one has at least the lower bound (a draft may still
    be filling up). Reciprocal coaching is exactly two teachers once active."""
    if kind not in SIZE_BOUNDS:
        raise ValidationError(_("Choose the type of circle."), code="kind")
    if kind == Kind.MENTORING and not has_mentor:
        raise ValidationError(_("A mentoring circle needs its mentor."), code="mentor")
    if kind != Kind.MENTORING and has_mentor:
        raise ValidationError(
            _("Peer circles and reciprocal coaching have no designated mentor."), code="mentor"
        )
    low, high = SIZE_BOUNDS[kind]
    if size > high or (active and size < low):
        message: str
        if kind == Kind.RECIPROCAL:
            message = str(_("Reciprocal coaching is exactly two teachers."))
        else:
            message = _("This type of circle has between %(low)d and %(high)d members.") % {
                "low": low,
                "high": high,
            }
        raise ValidationError(str(message), code="size")


class Circle(TimeStamped):
    """A group of teachers who meet over the program: with a mentor (mentoring), as peers with a
    rotating facilitator (peer), or two teachers coaching each other (reciprocal)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="circles"
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="circles",
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("mentor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="circles",
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    created_by = user_link(blank=False)

    class Meta:
        verbose_name = _("circle")
        verbose_name_plural = _("circles")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["program", "cohort", "name"], name="circle_program_list")]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A mentee (teacher) in a circle. ``left_on`` keeps the history of who was in it."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    mentee = models.ForeignKey(
        "people.MenteeProfile",
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="circle_memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("circle member")
        verbose_name_plural = _("circle members")
        ordering = ["circle", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "mentee"], name="unique_circle_member")
        ]
        indexes = [models.Index(fields=["mentee", "left_on"], name="circle_member_mentee")]

    def __str__(self) -> str:
        return f"{self.circle} · {self.mentee_id}"


class Meeting(TimeStamped):
    """A meeting of a circle, recorded like a visit. Its shared record (summary, agreed) is seen
    by the members, the mentor, the coordinators and the mentor's specialist."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", pgettext_lazy("meeting status", "Done")
        CANCELLED = "cancelled", _("Cancelled")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    mode = models.CharField(_("mode"), max_length=12, choices=MeetingMode.choices)
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    # The mentor facilitates a mentoring circle; a member facilitates a peer or reciprocal
    # meeting (the role rotates): exactly one of the two is set.
    facilitator_mentor = models.ForeignKey(
        "people.MentorProfile",
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    facilitator_member = models.ForeignKey(
        "people.MenteeProfile",
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    agreed = models.TextField(_("what was agreed"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    recorded_by = user_link(_("recorded by"))

    class Meta:
        verbose_name = _("circle meeting")
        verbose_name_plural = _("circle meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["circle", "-starts_at"], name="circle_meeting_newest")]
        constraints = [
            models.CheckConstraint(
                condition=~(
                    models.Q(facilitator_mentor__isnull=False)
                    & models.Q(facilitator_member__isnull=False)
                ),
                name="circle_meeting_one_facilitator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.circle} {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    """A member's attendance at a meeting; ``present`` is None until it is taken."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    mentee = models.ForeignKey(
        "people.MenteeProfile",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="circle_attendances",
    )
    present = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        verbose_name = _("circle meeting attendance")
        verbose_name_plural = _("circle meeting attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "mentee"], name="unique_circle_attendance")
        ]
        indexes = [models.Index(fields=["mentee", "present"], name="circle_attendance_mentee")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.mentee_id}"


class Commitment(TimeStamped):
    """What one member commits to at a meeting; closed by that member or the facilitator."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", pgettext_lazy("commitment status", "Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="commitments")
    mentee = models.ForeignKey(
        "people.MenteeProfile",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="circle_commitments",
    )
    text = models.CharField(_("commitment"), max_length=500)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = user_link(_("closed by"))

    class Meta:
        verbose_name = _("circle commitment")
        verbose_name_plural = _("circle commitments")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["mentee", "status", "due_on"], name="circle_commitment_member")
        ]

    def __str__(self) -> str:
        return self.text


class PrivateNote(models.Model):
    """One author's private note on a meeting (like the visit's field notebook): seen by its
    author only. No reverse accessor from the meeting, so nothing that walks a meeting can
    reach it; only ``circles.selectors.my_private_note`` reads it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("private meeting note")
        verbose_name_plural = _("private meeting notes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="unique_circle_private_note")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} (v{self.version})"


class Goal(TimeStamped):
    """A goal the circle sets together, optionally on a strand (a framework competency)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="goals")
    competency = link_or_null("frameworks.Competency", _("strand"))
    title = models.CharField(_("goal"), max_length=255)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    created_by = user_link(blank=False)

    class Meta:
        verbose_name = _("circle goal")
        verbose_name_plural = _("circle goals")
        ordering = ["circle", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class GoalProgress(models.Model):
    """A progress update on a circle goal by a member or the mentor. Never edited."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    recorded_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("circle goal progress update")
        verbose_name_plural = _("circle goal progress updates")
        ordering = ["goal", "recorded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="circle_goal_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal} · {self.percent}%"


# Forming circles from a cohort (runs, proposed circles, placements) live in their own module.
from acompana.circles import forming_models  # noqa: E402

FormingRun = forming_models.FormingRun
ProposedCircle = forming_models.ProposedCircle
Placement = forming_models.Placement
