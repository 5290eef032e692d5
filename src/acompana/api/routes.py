from typing import Any

from rest_framework import routers

from acompana.accounts import apis as accounts_apis
from acompana.agreements import apis as agreements_apis
from acompana.api.auth import AUTHENTICATION_CLASSES
from acompana.circles import apis as circles_apis
from acompana.circles import forming_apis as circles_forming_apis
from acompana.costs import apis as costs_apis
from acompana.costs import personnel_apis, protected_apis
from acompana.frameworks import apis as frameworks_apis
from acompana.group_sessions import apis as group_sessions_apis
from acompana.growth import apis as growth_apis
from acompana.health import apis as health_apis
from acompana.hub import apis as hub_apis
from acompana.hub import document_apis, modality_apis, review_apis, rollover_apis
from acompana.hub.exports import apis as export_apis
from acompana.journal import apis as journal_apis
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
STUDY = rf"{PROGRAM}/studies/(?P<study_slug>[-\w]+)"

# (path, viewset, basename) below each prefix; the basenames name the URLs ("visit-detail").
ROUTES: dict[str, list[tuple[str, Any, str]]] = {
    "": [
        ("programs", programs_apis.ProgramViewSet, "program"),
        ("frameworks", frameworks_apis.FrameworkViewSet, "framework"),
    ],
    PROGRAM: [
        ("cohorts", programs_apis.CohortViewSet, "cohort"),
        ("schools", programs_apis.SchoolViewSet, "school"),
        ("mentors", people_apis.MentorViewSet, "mentor"),
        ("mentees", people_apis.MenteeViewSet, "mentee"),
        ("members", accounts_apis.MembershipViewSet, "membership"),
        (
            r"cohorts/(?P<cohort_pk>[0-9]+)/members",
            people_apis.CohortMembersViewSet,
            "cohort-members",
        ),
        (
            r"cohorts/(?P<cohort_pk>[0-9]+)/rollover",
            rollover_apis.CohortRolloverViewSet,
            "cohort-rollover",
        ),
        (
            r"cohorts/(?P<cohort_pk>[0-9]+)/review/points",
            review_apis.ReviewPointViewSet,
            "cohort-review-point",
        ),
        (r"cohorts/(?P<cohort_pk>[0-9]+)/review", review_apis.ReviewViewSet, "cohort-review"),
        ("invitations", accounts_apis.InvitationViewSet, "access-invitation"),
        ("imports", import_apis.ImportViewSet, "import"),
        ("visits", visits_apis.VisitViewSet, "visit"),
        ("rounds", visits_apis.RoundViewSet, "round"),
        ("protocols", visits_apis.ProtocolViewSet, "protocol"),
        ("instruments", visits_apis.InstrumentViewSet, "instrument"),
        # A mentee's diagnoses (visits) under the mentee's URL (people, below visits, cannot
        # hold them).
        ("mentees", visits_apis.MenteeDiagnosisViewSet, "mentee-fieldwork"),
        ("calls", selection_apis.CallViewSet, "call"),
        ("calls", rubric_apis.CallRubricViewSet, "call-rubric"),
        ("applications", selection_apis.ApplicationViewSet, "application"),
        ("training/plans", training_apis.TrainingPlanViewSet, "training-plan"),
        ("training/sessions", training_apis.TrainingSessionViewSet, "training-session"),
        ("costs/time-logs", costs_apis.TimeLogViewSet, "time-log"),
        ("costs/expenses", costs_apis.ExpenseViewSet, "expense"),
        ("costs/budget-lines", costs_apis.BudgetLineViewSet, "budget-line"),
        ("costs/report", costs_apis.CostReportViewSet, "cost-report"),
        ("costs/protected-time", protected_apis.ProtectedTimeViewSet, "protected-time"),
        ("costs/personnel-rates", personnel_apis.PersonnelRateViewSet, "personnel-rate"),
        ("documents", document_apis.DocumentViewSet, "document"),
        ("journal/entries", journal_apis.JournalEntryViewSet, "journal-entry"),
        ("journal/shared", journal_apis.SharedJournalEntryViewSet, "journal-shared"),
        ("training/readiness", training_apis.ReadinessViewSet, "training-readiness"),
        (
            "training/readiness-items",
            training_apis.ReadinessItemViewSet,
            "training-readiness-item",
        ),
        ("training/buddy-pairs", training_apis.BuddyPairViewSet, "training-buddy-pair"),
        (
            "training/specialist-assignments",
            training_apis.SpecialistAssignmentViewSet,
            "training-specialist-assignment",
        ),
        ("surveys/questionnaires", surveys_apis.QuestionnaireViewSet, "survey-questionnaire"),
        ("surveys/distributions", surveys_apis.DistributionViewSet, "survey-distribution"),
        ("surveys/invitations", surveys_apis.InvitationViewSet, "survey-invitation"),
        ("agreements", agreements_apis.AgreementViewSet, "agreement"),
        ("goals", agreements_apis.GoalViewSet, "goal"),
        ("partnership-changes", agreements_apis.PartnershipChangeViewSet, "partnership-change"),
        ("group-sessions", group_sessions_apis.GroupSessionViewSet, "group-session"),
        (
            "group-session-series",
            group_sessions_apis.GroupSessionSeriesViewSet,
            "group-session-series",
        ),
        ("informal-meetings", group_sessions_apis.InformalMeetingViewSet, "informal-meeting"),
        ("circles", circles_apis.CircleViewSet, "circle"),
        ("circle-meetings", circles_apis.CircleMeetingViewSet, "circle-meeting"),
        ("circle-goals", circles_apis.CircleGoalViewSet, "circle-goal"),
        ("circle-forming-runs", circles_forming_apis.FormingRunViewSet, "circle-forming-run"),
        ("self-assessments", growth_apis.SelfAssessmentViewSet, "self-assessment"),
        ("matching/runs", matching_apis.MatchRunViewSet, "match-run"),
        ("matching/partnerships", matching_apis.PartnershipViewSet, "match-partnership"),
        ("reports/modality", modality_apis.ModalityReportViewSet, "report-modality"),
        ("reports", hub_apis.ReportViewSet, "report"),
        ("health", health_apis.HealthViewSet, "health"),
        ("exports", export_apis.ExportViewSet, "export"),
        ("studies", research_apis.StudyViewSet, "study"),
    ],
    STUDY: [
        ("participants", research_apis.ParticipantViewSet, "study-participant"),
        ("documents", research_apis.DocumentViewSet, "study-document"),
        ("codes", research_apis.CodeViewSet, "study-code"),
        ("codings", research_apis.CodingViewSet, "study-coding"),
        ("memos", research_apis.MemoViewSet, "study-memo"),
    ],
}

router = Router()
for prefix, routes in ROUTES.items():
    for path, viewset, basename in routes:
        router.register(f"{prefix}/{path}" if prefix else path, viewset, basename=basename)
