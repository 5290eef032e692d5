from acompana.common.admin import listed
from acompana.frameworks.models import (
    CareerStage,
    Competency,
    Domain,
    Framework,
    Performance,
    StageIndicator,
)

listed(Framework, "name", "slug", "audience")
listed(Domain, "code", "name", "framework", "verification", filters=("framework", "verification"))
listed(
    Competency,
    "code",
    "name",
    "domain",
    "verification",
    filters=("domain__framework", "verification"),
    search_fields=["code", "name"],
)
listed(
    Performance,
    "code",
    "name",
    "competency",
    "verification",
    filters=("competency__domain__framework", "verification"),
)
listed(CareerStage, "code", "name", "framework", filters=("framework",))
listed(StageIndicator, "competency", "stage", "verification", filters=("verification",))
