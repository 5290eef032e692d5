"""Writes of the research app: studies, members, participants, guides and interviews,
documents, the code tree, coding and memos, exchange with QDA tools. One module per subject
(``studies``, ``participants``, ``documents``, ``codebook``, ``coding``, ``qda_export``,
``qda_read``, ``qda_import``, ``import_jobs``); every service is re-exported here, so callers write
``services.code_create``.

Every function is keyword-only, runs in a transaction, records an audit entry with a
``research.*`` code and raises ``ValidationError`` when it refuses. ``actor`` is the acting
user, or None for the system (management commands, the demo). Audit entries never hold a real
name: participants appear by code name.

Views check who may see a study (``permissions.get_study_for_user``); the services check the
few rules that depend on the actor's role: coordinators grant identity access and allow
field-work documents, lead members and coordinators change the study and its members, and a
segment's codes are removed by its coder, a lead member or a coordinator
(``PermissionDenied`` otherwise).
"""

from acompana.research.services.codebook import (
    code_create,
    code_merge,
    code_move,
    code_split,
    code_update,
)
from acompana.research.services.coding import (
    memo_write,
    segment_code,
    segment_uncode,
)
from acompana.research.services.documents import (
    document_add,
    document_from_visit,
    document_upload,
)
from acompana.research.services.import_jobs import (
    study_import_queue,
    study_import_run,
)
from acompana.research.services.participants import (
    coerce_value,
    guide_save,
    interview_record,
    participant_attributes_refresh,
    participant_enrol,
    participant_update,
    profile_attributes,
)
from acompana.research.services.qda_export import (
    study_codebook,
    study_export_qdc,
    study_export_qdpx,
    study_project,
)
from acompana.research.services.qda_import import study_import
from acompana.research.services.qda_read import ImportFile, import_file_read
from acompana.research.services.studies import (
    codebook_load_table2,
    study_create,
    study_identity_access_set,
    study_member_add,
    study_update,
)

__all__ = [
    "ImportFile",
    "code_create",
    "code_merge",
    "code_move",
    "code_split",
    "code_update",
    "codebook_load_table2",
    "coerce_value",
    "document_add",
    "document_from_visit",
    "document_upload",
    "guide_save",
    "import_file_read",
    "interview_record",
    "memo_write",
    "participant_attributes_refresh",
    "participant_enrol",
    "participant_update",
    "profile_attributes",
    "segment_code",
    "segment_uncode",
    "study_codebook",
    "study_create",
    "study_export_qdc",
    "study_export_qdpx",
    "study_identity_access_set",
    "study_import",
    "study_import_queue",
    "study_import_run",
    "study_member_add",
    "study_project",
    "study_update",
]
