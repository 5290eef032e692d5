"""Template helpers of the design system's partials (``templates/ui/``)."""

from django import template

register = template.Library()

# The colour of a state badge, by the state's stored value (the same word in every app).
TONES: dict[str, str] = {
    **dict.fromkeys(
        (
            "done",
            "completed",
            "approved",
            "in_force",
            "published",
            "active",
            "signed",
            "ready",
            "admitted",
            "accepted",
            "answered",
            "held",
            "present",
            "met",
            "achieved",
        ),
        "success",
    ),
    **dict.fromkeys(
        (
            "submitted",
            "awaiting",
            "pending",
            "draft",
            "rescheduled",
            "in_review",
            "review",
            "waitlisted",
            "invited",
            "partial",
            "in_progress",
            "running",
            "queued",
        ),
        "warning",
    ),
    **dict.fromkeys(
        ("rejected", "overdue", "failed", "absent", "not_ready", "error", "missed"), "danger"
    ),
    **dict.fromkeys(("planned", "scheduled", "open", "sent", "new", "proposed"), "info"),
    **dict.fromkeys(
        ("cancelled", "closed", "ended", "archived", "withdrawn", "paused", "inactive", "expired"),
        "neutral",
    ),
}


@register.filter
def badge_tone(state: object) -> str:
    """``success``, ``warning``, ``danger``, ``info`` or ``neutral`` for a state's value."""
    return TONES.get(str(state).lower(), "neutral")
