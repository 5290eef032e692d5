from acompana.common.admin import listed
from acompana.training.models import (
    Attendance,
    BreakoutGroup,
    BuddyMeeting,
    Feedback,
    ReadinessCheck,
    ReadinessItem,
    TrainingPlan,
    TrainingSession,
)

listed(
    TrainingPlan,
    "title",
    "program",
    "cohort",
    "induction",
    "days_before_field_work",
    filters=("program",),
)
listed(
    TrainingSession,
    "title",
    "plan",
    "module",
    "modality",
    "track",
    "starts_at",
    "trainer",
    filters=("module", "modality", "track"),
    raw_id_fields=["trainer"],
)
listed(Attendance, "session", "mentor", "present", raw_id_fields=["mentor"])
listed(
    Feedback,
    "session",
    "mentor",
    "clarity",
    "usefulness",
    "pace",
    "participation",
    raw_id_fields=["mentor"],
)
listed(BreakoutGroup, "session", "number", filter_horizontal=["members"])
listed(ReadinessItem, "title", "program", "cohort", "position", filters=("program",))
listed(
    ReadinessCheck,
    "item",
    "mentor",
    "signed_by",
    "signed_at",
    raw_id_fields=["mentor", "signed_by"],
)
listed(
    BuddyMeeting,
    "pair",
    "met_on",
    "mode",
    "duration_minutes",
    filters=("mode",),
    raw_id_fields=["pair"],
)
