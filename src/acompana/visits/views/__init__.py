"""Field-work views, by subject."""

from acompana.visits.views.accompaniment import (
    diagnosis_add,
    observation_add,
    observation_reply,
)
from acompana.visits.views.commitments import commitments_overdue
from acompana.visits.views.instruments import (
    instrument_fill,
    instrument_list,
)
from acompana.visits.views.pages import (
    commitment_add,
    commitment_status,
    dialogue_save,
    notebook_save,
    status_change,
    visit_detail,
    visit_list,
)
from acompana.visits.views.rounds import (
    protocol_detail,
    round_coverage,
    round_list,
)

__all__ = [
    "commitment_add",
    "commitment_status",
    "commitments_overdue",
    "diagnosis_add",
    "dialogue_save",
    "instrument_fill",
    "instrument_list",
    "notebook_save",
    "observation_add",
    "observation_reply",
    "protocol_detail",
    "round_coverage",
    "round_list",
    "status_change",
    "visit_detail",
    "visit_list",
]
