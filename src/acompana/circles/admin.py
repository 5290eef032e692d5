from acompana.circles.models import (
    Attendance,
    Circle,
    Commitment,
    FormingRun,
    Goal,
    GoalProgress,
    Meeting,
    Member,
    Placement,
    PrivateNote,
    ProposedCircle,
)
from acompana.common.admin import listed

listed(Circle, "name", "kind", "status", "program", "cohort", filters=("kind", "status", "program"))
listed(Member, "circle", "mentee", "joined_on", "left_on", raw_id_fields=["mentee"])
listed(Meeting, "circle", "starts_at", "mode", "status", filters=("status", "mode"))
listed(Attendance, "meeting", "mentee", "present")
listed(Commitment, "meeting", "mentee", "due_on", "status", filters=("status",))
# A private note is its author's alone: the admin shows who wrote it and when, never the text.
listed(PrivateNote, "meeting", "author", "version", "updated_at", exclude=["text"])
listed(Goal, "title", "circle", "target_date")
listed(GoalProgress, "goal", "percent", "recorded_on")
listed(FormingRun, "program", "cohort", "status", "created_at", filters=("status",))
listed(ProposedCircle, "run", "number", "mentor")
listed(Placement, "run", "proposed", "mentee", "locked")
