from acompana.common.admin import listed
from acompana.growth.models import SelfAssessment, StrandEvidence, StrandRating

listed(SelfAssessment, "mentee", "cohort", "moment", "version", "submitted_at", filters=("moment",))
listed(StrandRating, "assessment", "competency", "stage")
listed(StrandEvidence, "mentee", "competency", "author", "created_at", raw_id_fields=["visit"])
