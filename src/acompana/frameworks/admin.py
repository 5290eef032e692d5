from acompana.common.admin import listed
from acompana.frameworks.models import Competency, Domain, Framework, Performance

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
