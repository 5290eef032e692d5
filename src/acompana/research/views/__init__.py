"""Pages of the research module, under ``/p/<program>/research/``."""

from acompana.research.views.coding import (
    code_detail,
    codebook,
    document_code,
)
from acompana.research.views.exchange import export, import_job, import_project, import_start
from acompana.research.views.results import agreement, analysis, analysis_download
from acompana.research.views.studies import (
    documents,
    guide_edit,
    interviews,
    participant_edit,
    participants,
    studies,
    study_detail,
)

__all__ = [
    "agreement",
    "analysis",
    "analysis_download",
    "code_detail",
    "codebook",
    "document_code",
    "documents",
    "export",
    "guide_edit",
    "import_job",
    "import_project",
    "import_start",
    "interviews",
    "participant_edit",
    "participants",
    "studies",
    "study_detail",
]
