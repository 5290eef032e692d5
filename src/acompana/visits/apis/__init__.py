"""Field work over the API: visits with their notebook, dialogue and commitments (.visits), and
rounds, protocols, instruments, observations and diagnoses (.fieldwork).

Every visit endpoint is served by the one ``VisitViewSet``; a mentee's diagnoses are served
under the mentee's URL by ``MenteeDiagnosisViewSet`` (people, below visits, cannot hold them).
"""

from acompana.visits.apis import visits
from acompana.visits.apis.fieldwork import (
    InstrumentViewSet,
    MenteeDiagnosisViewSet,
    ProtocolViewSet,
    RoundViewSet,
    VisitFieldworkActions,
)


class VisitViewSet(VisitFieldworkActions, visits.VisitViewSet):
    """Visits of a program. Coordinators see every visit, mentors their own, specialists those
    of the mentors they accompany and mentees theirs (time, mode, place, status, the shared
    summary and the commitments); trainers and researchers get 403."""


__all__ = [
    "InstrumentViewSet",
    "MenteeDiagnosisViewSet",
    "ProtocolViewSet",
    "RoundViewSet",
    "VisitViewSet",
]
