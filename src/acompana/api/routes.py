from rest_framework import routers

from acompana.api import fieldwork, selection_training, views, visits
from acompana.api.auth import AUTHENTICATION_CLASSES


class APIRootView(routers.APIRootView):
    """The top-level resources of the API."""

    authentication_classes = AUTHENTICATION_CLASSES


class Router(routers.DefaultRouter):
    APIRootView = APIRootView


PROGRAM = r"programs/(?P<program_slug>[-\w]+)"

router = Router()
router.register("programs", views.ProgramViewSet, basename="program")
router.register(f"{PROGRAM}/cohorts", views.CohortViewSet, basename="cohort")
router.register(f"{PROGRAM}/schools", views.SchoolViewSet, basename="school")
router.register(f"{PROGRAM}/mentors", views.MentorViewSet, basename="mentor")
router.register(f"{PROGRAM}/mentees", views.MenteeViewSet, basename="mentee")
router.register(f"{PROGRAM}/visits", visits.VisitViewSet, basename="visit")
router.register(f"{PROGRAM}/rounds", fieldwork.RoundViewSet, basename="round")
router.register(f"{PROGRAM}/protocols", fieldwork.ProtocolViewSet, basename="protocol")
router.register(f"{PROGRAM}/instruments", fieldwork.InstrumentViewSet, basename="instrument")
router.register(f"{PROGRAM}/visits", fieldwork.VisitFieldworkViewSet, basename="visit-fieldwork")
router.register(f"{PROGRAM}/mentees", fieldwork.MenteeDiagnosisViewSet, basename="mentee-fieldwork")
router.register(f"{PROGRAM}/calls", selection_training.CallViewSet, basename="call")
router.register(
    f"{PROGRAM}/applications", selection_training.ApplicationViewSet, basename="application"
)
router.register(
    f"{PROGRAM}/training/plans", selection_training.TrainingPlanViewSet, basename="training-plan"
)
router.register(
    f"{PROGRAM}/training/sessions",
    selection_training.TrainingSessionViewSet,
    basename="training-session",
)
