from rest_framework import routers

from acompana.accounts import apis as accounts_apis
from acompana.agreements import apis as agreements_apis
from acompana.api.auth import AUTHENTICATION_CLASSES
from acompana.costs import apis as costs_apis
from acompana.frameworks import apis as frameworks_apis
from acompana.group_sessions import apis as group_sessions_apis
from acompana.hub import apis as hub_apis
from acompana.matching import apis as matching_apis
from acompana.people import apis as people_apis
from acompana.people import import_apis
from acompana.programs import apis as programs_apis
from acompana.research import apis as research_apis
from acompana.selection import apis as selection_apis
from acompana.selection import rubric_apis
from acompana.surveys import apis as surveys_apis
from acompana.training import apis as training_apis
from acompana.visits import apis as visits_apis


class APIRootView(routers.APIRootView):
    """The top-level resources of the API."""

    authentication_classes = AUTHENTICATION_CLASSES


class Router(routers.DefaultRouter):
    APIRootView = APIRootView


PROGRAM = r"programs/(?P<program_slug>[-\w]+)"

router = Router()
router.register("programs", programs_apis.ProgramViewSet, basename="program")
router.register("frameworks", frameworks_apis.FrameworkViewSet, basename="framework")
router.register(f"{PROGRAM}/cohorts", programs_apis.CohortViewSet, basename="cohort")
router.register(f"{PROGRAM}/schools", programs_apis.SchoolViewSet, basename="school")
router.register(f"{PROGRAM}/mentors", people_apis.MentorViewSet, basename="mentor")
router.register(f"{PROGRAM}/mentees", people_apis.MenteeViewSet, basename="mentee")
router.register(f"{PROGRAM}/members", accounts_apis.MembershipViewSet, basename="membership")
router.register(
    rf"{PROGRAM}/cohorts/(?P<cohort_pk>[0-9]+)/members",
    people_apis.CohortMembersViewSet,
    basename="cohort-members",
)
router.register(
    f"{PROGRAM}/invitations", accounts_apis.InvitationViewSet, basename="access-invitation"
)
router.register(f"{PROGRAM}/imports", import_apis.ImportViewSet, basename="import")
router.register(f"{PROGRAM}/visits", visits_apis.VisitViewSet, basename="visit")
router.register(f"{PROGRAM}/rounds", visits_apis.RoundViewSet, basename="round")
router.register(f"{PROGRAM}/protocols", visits_apis.ProtocolViewSet, basename="protocol")
router.register(f"{PROGRAM}/instruments", visits_apis.InstrumentViewSet, basename="instrument")
# A mentee's diagnoses (visits) under the mentee's URL (people, below visits, cannot hold them).
router.register(
    f"{PROGRAM}/mentees", visits_apis.MenteeDiagnosisViewSet, basename="mentee-fieldwork"
)
router.register(f"{PROGRAM}/calls", selection_apis.CallViewSet, basename="call")
router.register(f"{PROGRAM}/calls", rubric_apis.CallRubricViewSet, basename="call-rubric")
router.register(
    f"{PROGRAM}/applications", selection_apis.ApplicationViewSet, basename="application"
)
router.register(
    f"{PROGRAM}/training/plans", training_apis.TrainingPlanViewSet, basename="training-plan"
)
router.register(
    f"{PROGRAM}/training/sessions",
    training_apis.TrainingSessionViewSet,
    basename="training-session",
)
router.register(f"{PROGRAM}/costs/time-logs", costs_apis.TimeLogViewSet, basename="time-log")
router.register(f"{PROGRAM}/costs/expenses", costs_apis.ExpenseViewSet, basename="expense")
router.register(
    f"{PROGRAM}/costs/budget-lines", costs_apis.BudgetLineViewSet, basename="budget-line"
)
router.register(f"{PROGRAM}/costs/report", costs_apis.CostReportViewSet, basename="cost-report")
router.register(
    f"{PROGRAM}/training/readiness",
    training_apis.ReadinessViewSet,
    basename="training-readiness",
)
router.register(
    f"{PROGRAM}/training/buddy-pairs",
    training_apis.BuddyPairViewSet,
    basename="training-buddy-pair",
)
router.register(
    f"{PROGRAM}/training/specialist-assignments",
    training_apis.SpecialistAssignmentViewSet,
    basename="training-specialist-assignment",
)
router.register(
    f"{PROGRAM}/surveys/questionnaires",
    surveys_apis.QuestionnaireViewSet,
    basename="survey-questionnaire",
)
router.register(
    f"{PROGRAM}/surveys/distributions",
    surveys_apis.DistributionViewSet,
    basename="survey-distribution",
)
router.register(
    f"{PROGRAM}/surveys/invitations", surveys_apis.InvitationViewSet, basename="survey-invitation"
)
router.register(f"{PROGRAM}/agreements", agreements_apis.AgreementViewSet, basename="agreement")
router.register(f"{PROGRAM}/goals", agreements_apis.GoalViewSet, basename="goal")
router.register(
    f"{PROGRAM}/partnership-changes",
    agreements_apis.PartnershipChangeViewSet,
    basename="partnership-change",
)
router.register(
    f"{PROGRAM}/group-sessions", group_sessions_apis.GroupSessionViewSet, basename="group-session"
)
router.register(
    f"{PROGRAM}/group-session-series",
    group_sessions_apis.GroupSessionSeriesViewSet,
    basename="group-session-series",
)
router.register(
    f"{PROGRAM}/informal-meetings",
    group_sessions_apis.InformalMeetingViewSet,
    basename="informal-meeting",
)
router.register(f"{PROGRAM}/matching/runs", matching_apis.MatchRunViewSet, basename="match-run")
router.register(
    f"{PROGRAM}/matching/partnerships",
    matching_apis.PartnershipViewSet,
    basename="match-partnership",
)
router.register(f"{PROGRAM}/reports", hub_apis.ReportViewSet, basename="report")
STUDY = rf"{PROGRAM}/studies/(?P<study_slug>[-\w]+)"
router.register(f"{PROGRAM}/studies", research_apis.StudyViewSet, basename="study")
router.register(
    f"{STUDY}/participants", research_apis.ParticipantViewSet, basename="study-participant"
)
router.register(f"{STUDY}/documents", research_apis.DocumentViewSet, basename="study-document")
router.register(f"{STUDY}/codes", research_apis.CodeViewSet, basename="study-code")
router.register(f"{STUDY}/codings", research_apis.CodingViewSet, basename="study-coding")
router.register(f"{STUDY}/memos", research_apis.MemoViewSet, basename="study-memo")
