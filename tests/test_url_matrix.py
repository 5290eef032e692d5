"""Every URL of the site is in the persona matrix, and answers each persona as the matrix says.

The matrix (``MATRIX`` below) has one row per URL name (``namespace:name`` for pages, the
router's name for API endpoints under /api/v1/). Each row gives, for a GET, the status class for
coordinator, mentor, mentee, specialist, trainer, researcher, outsider and anonymous, then after
``/`` the status of a POST by an outsider and by an anonymous visitor, which must be refused
(404, 403, 401, 405 or a redirect to sign in) or harmless. ``EXCLUDED`` lists the only URLs
left out, with the reason.

When you add a URL, ``test_every_url_is_in_the_matrix`` fails with the rows to add; find the
statuses by asking yourself who may see the page (DESIGN.md §1), then run this file.
Parameters come from a small world of real objects (``tests/url_matrix_world.py``).
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.url_matrix_world import build

PERSONAS = [
    "coordinator",
    "mentor",
    "mentee",
    "specialist",
    "trainer",
    "researcher",
    "outsider",
    "anonymous",
]

EXCLUDED = {
    "accounts:login": "sign-in page: open to everyone by design, covered by accounts tests",
    "accounts:logout": "sign-out: POST only, ends the session the other rows depend on",
    "accounts:language": "i18n set-language view: open to everyone by design",
    "api-token": "API sign-in: open to everyone by design, covered by api tests",
}
EXCLUDED_NAMESPACES = ("admin:",)  # Django's admin, for site administrators only


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(name, route) of every URL pattern, resolvers included, recursively."""
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), prefix + str(p.pattern)


def site_urls() -> dict[str, str]:
    """Every URL name with one of its routes; a name without a name is its route. The
    ``.json`` format-suffix twins of API routes share their row."""
    urls: dict[str, str] = {}
    for name, route in walk(get_resolver().url_patterns):
        if "<format>" in route or "drf_format_suffix" in route:
            continue
        urls.setdefault(name or route, route)
    return urls


def covered(name: str) -> bool:
    return name in MATRIX or name in EXCLUDED or name.startswith(EXCLUDED_NAMESPACES)


# --- Parameters ----------------------------------------------------------------------------

# Which object a ``pk`` (or similar) stands for, by the start of the URL name.
PK_OBJECT = [
    ("frameworks:", "competency"),
    ("growth:", "self_assessment"),
    ("self-assessment-", "self_assessment"),
    ("framework-item", "competency"),
    ("programs:cohort", "cohort"),
    ("hub:rollover", "cohort"),
    ("hub:review", "cohort"),
    ("hub:annual_report", "cohort"),
    ("cohort-review-point-", "review_point"),
    ("cohort-", "cohort"),
    ("matching:", "run"),
    ("match-run-", "run"),
    ("visits:protocol", "protocol"),
    ("protocol-", "protocol"),
    ("visits:", "visit"),
    ("calendar:visit", "visit"),
    ("visit-", "visit"),
    ("selection:call", "call"),
    ("selection:apply", "call"),
    ("selection:rubric", "call"),
    ("call-", "call"),
    ("selection:", "application"),
    ("application-", "application"),
    ("training:plan_feedback", "plan"),
    ("training-plan-", "plan"),
    ("training:", "session"),
    ("training-session-", "session"),
    ("training-buddy-pair-", "buddy_pair"),
    ("training-readiness-item-", "readiness_item"),
    ("training-specialist-assignment-", "specialist_assignment"),
    ("costs:time", "time_log"),
    ("time-log-", "time_log"),
    ("costs:budget", "budget_line"),
    ("costs:protected_time", "protected_time"),
    ("protected-time-", "protected_time"),
    ("budget-line-", "budget_line"),
    ("costs:", "expense"),
    ("expense-", "expense"),
    ("journal:", "journal_entry"),
    ("journal-entry-", "journal_entry"),
    ("agreements:template", "template"),
    ("agreements:partnership_change", "partnership"),
    ("agreements:", "agreement"),
    ("agreement-", "agreement"),
    ("goal-", "goal"),
    ("circles:forming", "forming_run"),
    ("circle-forming-run", "forming_run"),
    ("circles:meeting_create", "circle"),
    ("circles:goal_create", "circle"),
    ("circles:meeting", "circle_meeting"),
    ("circles:record", "circle_meeting"),
    ("circles:note", "circle_meeting"),
    ("circles:commitment_close", "circle_commitment"),
    ("circles:goal_progress", "circle_goal"),
    ("circles:", "circle"),
    ("circle-meeting-", "circle_meeting"),
    ("circle-goal-", "circle_goal"),
    ("circle-", "circle"),
    ("group_sessions:series", "series"),
    ("group_sessions:", "group_session"),
    ("group-session-", "group_session"),
    ("surveys:distribution", "distribution"),
    ("survey-distribution-", "distribution"),
    ("survey-invitation-", "invitation"),
    ("surveys:", "questionnaire"),
    ("survey-questionnaire-", "questionnaire"),
    ("research:participant", "participant"),
    ("study-participant-", "participant"),
    ("research:guide", "guide"),
    ("research:document", "document"),
    ("research:segment_", "document"),
    ("research:import_job", "import_job"),
    ("study-document-", "document"),
    ("research:code", "code"),
    ("study-code-", "code"),
    ("study-coding-", "segment"),
]

FIXED: dict[str, dict[str, Any]] = {
    # Parameters that are not objects of the world: formats, kinds, names.
    "people:import_template": {"kind": "mentors", "fmt": "csv"},
    "surveys:export": {"fmt": "csv"},
    # POST-only actions on a person or a role: the outsider's POST is refused before the
    # person or role is looked up, and a GET never reaches the lookup.
    "programs:invite": {"user_id": 1},
    "people:cohort_members": {"kind": "mentees"},
    "people:cohort_members_remove": {"kind": "mentees"},
    "cohort-members-list": {"cohort_pk": 1},
    "cohort-members-remove": {"cohort_pk": 1},
    "cohort-rollover-list": {"cohort_pk": 1},
    "cohort-rollover-preview": {"cohort_pk": 1},
    "programs:deactivate": {"user_id": 1},
    "programs:reactivate": {"user_id": 1},
    "programs:membership_remove": {"pk": 1},
    "membership-detail": {"pk": 1},
    "membership-deactivate": {"pk": 1},
    "membership-reactivate": {"pk": 1},
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "accounts:signup_verify": {"token": "not-a-token"},
    "research:export": {"fmt": "qdpx"},
    "research:analysis_download": {"name": "frequencies.csv"},
    "frameworks:item_edit": {"kind": "competency"},
    "framework-item": {"kind": "competencies"},
    "hub:export": {"kind": "visits", "fmt": "csv"},
    "export-download": {"kind": "visits"},
    "health:list": {"name": "inactive"},
    "health-detail": {"pk": "inactive"},
    "personnel-rate-detail": {"pk": 1},
}


def pk_object(name: str, o: dict[str, Any]) -> Any:
    for start, key in PK_OBJECT:
        if name.startswith(start):
            return o[key]
    raise KeyError(f"no object for the pk of {name}: add it to PK_OBJECT")


def url_kwargs(name: str, route: str, o: dict[str, Any]) -> dict[str, Any]:
    """The parameters of one route, from the world's objects."""
    params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    kwargs: dict[str, Any] = dict(FIXED.get(name, {}))
    for a, b in params:
        param = a or b
        if param in kwargs:
            continue
        if param == "program_slug":
            value: Any = o["program"].slug
        elif param == "slug":
            if name.startswith(("frameworks:", "framework-")):
                value = o["framework"].slug
            elif name.startswith("study-"):
                value = o["study"].slug
            elif name == "visit-instrument":
                value = o["instrument"].slug
            else:
                value = o["program"].slug
        elif param in ("study", "study_slug"):
            value = o["study"].slug
        elif param == "code":
            value = o["mentee" if "mentee" in name else "mentor"].code
            if name.startswith(("programs:", "school-")):
                value = o["school"].code
        elif param == "token":
            value = o["invitation"].token if name.startswith("surveys") else o["calendar_token"]
        elif param in ("commitment", "commitment_id"):
            value = o["commitment"].pk
        elif param in ("observation", "observation_id"):
            value = o["observation"].pk
        elif param in ("proposal", "proposal_id"):
            value = o["proposal"].pk
        elif param == "evidence":
            value = o["evidence"].pk
        elif param == "goal":
            value = o["goal"].pk
        elif param == "point":
            value = o["review_point"].pk
        elif param == "cohort_pk":
            value = o["cohort"].pk
        elif param == "case_pk":
            value = o["case"].pk
        elif param == "instrument":
            value = o["instrument"].slug
        elif param in ("pk", "item_id"):
            value = pk_object(name, o).pk
        else:
            raise KeyError(f"no value for <{param}> of {name}: add it to url_kwargs")
        kwargs[param] = value
    return kwargs


def url_of(name: str, route: str, o: dict[str, Any]) -> str:
    return reverse(name, kwargs=url_kwargs(name, route, o) or None)


# --- The matrix ------------------------------------------------------------------------------
# GET: coordinator mentor mentee specialist trainer researcher outsider anonymous / POST:
# outsider anonymous. 302 for anonymous pages is the redirect to sign in.

MATRIX: dict[str, str] = {
    # --- API under /api/ ---
    "access-invitation-list": "405 403 403 403 403 403 404 401 / 404 401",
    "access-invitation-resend": "405 403 403 403 403 403 404 401 / 404 401",
    "agreement-acknowledge": "405 405 405 405 405 405 405 401 / 404 401",
    "agreement-detail": "200 200 200 403 403 403 404 401 / 405 401",
    "agreement-list": "200 200 200 403 403 403 404 401 / 404 401",
    "agreement-versions": "405 405 405 405 405 405 405 401 / 404 401",
    "api-docs": "200 200 200 200 200 200 200 200 / 405 405",
    "api-root": "200 200 200 200 200 200 200 401 / 405 401",
    "api-schema": "200 200 200 200 200 200 200 200 / 405 405",
    "application-decision": "405 405 405 405 405 405 405 401 / 403 401",
    "application-detail": "200 404 404 404 404 404 200 401 / 405 401",
    "application-list": "200 403 403 403 403 403 404 401 / 400 401",
    "application-reviews": "405 405 405 405 405 405 405 401 / 403 401",
    "budget-line-detail": "405 405 405 405 405 405 405 401 / 405 401",
    "budget-line-list": "200 403 403 403 403 403 404 401 / 404 401",
    "call-list": "200 403 403 403 403 403 404 401 / 404 401",
    "call-ranking": "200 403 403 403 403 403 404 401 / 405 401",
    "call-rubric-rubric": "200 403 403 403 403 403 404 401 / 405 401",
    "cohort-members-list": "405 405 405 405 405 405 405 401 / 404 401",
    "cohort-members-remove": "405 405 405 405 405 405 405 401 / 404 401",
    "cohort-rollover-list": "405 405 405 405 405 405 405 401 / 404 401",
    "cohort-rollover-preview": "405 405 405 405 405 405 405 401 / 404 401",
    "cohort-review-diff": "200 403 403 200 200 200 404 401 / 405 401",
    "cohort-review-export": "200 403 403 200 200 200 404 401 / 405 401",
    "cohort-review-point-detail": "405 405 405 405 405 405 405 401 / 405 401",
    "cohort-review-point-list": "200 403 403 200 200 200 404 401 / 404 401",
    "cohort-detail": "200 200 200 200 200 200 404 401 / 405 401",
    "cohort-list": "200 200 200 200 200 200 404 401 / 404 401",
    "health-detail": "200 200 403 200 403 403 404 401 / 405 401",
    "health-list": "200 200 403 200 403 403 404 401 / 405 401",
    "cost-report-list": "400 403 403 403 403 403 404 401 / 405 401",
    "document-agreement": "400 400 400 403 403 403 404 401 / 405 401",
    "document-annual-report": "400 403 403 403 403 403 404 401 / 405 401",
    "document-mentee-record": "400 400 400 403 403 403 404 401 / 405 401",
    "journal-entry-detail": "403 403 200 403 403 403 404 401 / 405 401",
    "journal-entry-list": "403 403 200 403 403 403 404 401 / 404 401",
    "journal-entry-share": "405 405 405 405 405 405 405 401 / 404 401",
    "journal-entry-unshare": "405 405 405 405 405 405 405 401 / 404 401",
    "journal-shared-list": "403 200 200 403 403 403 404 401 / 405 401",
    "personnel-rate-detail": "404 403 403 403 403 403 404 401 / 405 401",
    "personnel-rate-list": "200 403 403 403 403 403 404 401 / 404 401",
    "protected-time-detail": "405 405 405 405 405 405 405 401 / 405 401",
    "protected-time-list": "200 403 200 403 403 403 404 401 / 404 401",
    "protected-time-load": "403 403 200 403 403 403 404 401 / 405 401",
    "expense-approve": "405 405 405 405 405 405 405 401 / 404 401",
    "expense-detail": "200 200 403 403 403 403 404 401 / 405 401",
    "expense-list": "200 200 403 403 403 403 404 401 / 404 401",
    "expense-receipt": "200 200 403 403 403 403 404 401 / 404 401",
    "expense-reject": "405 405 405 405 405 405 405 401 / 404 401",
    "expense-submit": "405 405 405 405 405 405 405 401 / 404 401",
    "framework-detail": "200 200 200 200 200 200 200 401 / 405 401",
    "framework-item": "200 200 200 200 200 200 200 401 / 405 401",
    "framework-list": "200 200 200 200 200 200 200 401 / 405 401",
    "framework-stages": "200 200 200 200 200 200 200 401 / 405 401",
    "goal-list": "200 200 200 403 403 403 404 401 / 404 401",
    # --- self-assessments: the mentee, their mentors, the mentors' specialists, coordinators ---
    "self-assessment-correct": "405 405 405 405 405 405 405 401 / 404 401",
    "self-assessment-detail": "200 200 200 200 403 403 404 401 / 405 401",
    "self-assessment-evidence": "200 200 200 200 403 403 404 401 / 404 401",
    "self-assessment-list": "200 200 200 200 403 403 404 401 / 404 401",
    "self-assessment-save": "405 405 405 405 405 405 405 401 / 404 401",
    "goal-progress": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-detail": "200 200 200 200 403 403 404 401 / 405 401",
    "circle-forming-run-apart": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-forming-run-circles": "200 403 403 403 403 403 404 401 / 405 401",
    "circle-forming-run-detail": "200 403 403 403 403 403 404 401 / 405 401",
    "circle-forming-run-list": "200 403 403 403 403 403 404 401 / 404 401",
    "circle-forming-run-lock": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-forming-run-mentor": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-forming-run-move": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-forming-run-publish": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-forming-run-rerun": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-goal-list": "200 200 200 200 403 403 404 401 / 404 401",
    "circle-goal-progress": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-list": "200 200 200 200 403 403 404 401 / 404 401",
    "circle-meeting-close-commitment": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-meeting-detail": "200 200 200 200 403 403 404 401 / 405 401",
    "circle-meeting-list": "200 200 200 200 403 403 404 401 / 404 401",
    "circle-meeting-note": "403 200 200 403 403 403 404 401 / 405 401",
    "circle-meeting-record": "405 405 405 405 405 405 405 401 / 404 401",
    "circle-members": "200 200 200 200 403 403 404 401 / 405 401",
    "group-session-attendance": "405 405 405 405 405 405 405 401 / 404 401",
    "group-session-detail": "200 200 403 200 403 403 404 401 / 405 401",
    "group-session-list": "200 200 403 200 403 403 404 401 / 404 401",
    "group-session-meeting": "200 200 403 200 403 403 404 401 / 405 401",
    "group-session-meeting-update": "405 405 405 405 405 405 405 401 / 404 401",
    "group-session-series-list": "405 405 405 405 405 405 405 401 / 404 401",
    "import-list": "405 405 405 405 405 405 405 401 / 404 401",
    "import-preview": "405 405 405 405 405 405 405 401 / 404 401",
    "informal-meeting-list": "200 200 403 403 403 403 404 401 / 404 401",
    "instrument-list": "200 200 200 200 200 200 404 401 / 405 401",
    "membership-deactivate": "405 403 403 403 403 403 404 401 / 404 401",
    "membership-detail": "405 403 403 403 403 403 404 401 / 404 401",
    "membership-list": "200 403 403 403 403 403 404 401 / 404 401",
    "membership-reactivate": "405 403 403 403 403 403 404 401 / 404 401",
    "match-partnership-list": "200 403 403 403 403 403 404 401 / 405 401",
    "match-run-detail": "200 403 403 403 403 403 404 401 / 405 401",
    "match-run-list": "200 403 403 403 403 403 404 401 / 404 401",
    "match-run-matching-settings": "400 403 403 403 403 403 404 401 / 405 401",
    "match-run-proposal": "200 403 403 403 403 403 404 401 / 405 401",
    "match-run-proposal-exclude": "405 405 405 405 405 405 405 401 / 404 401",
    "match-run-proposal-lock": "405 405 405 405 405 405 405 401 / 404 401",
    "match-run-proposals": "200 403 403 403 403 403 404 401 / 405 401",
    "match-run-publish": "405 405 405 405 405 405 405 401 / 404 401",
    "match-run-summary": "200 403 403 403 403 403 404 401 / 405 401",
    "match-run-swap": "405 405 405 405 405 405 405 401 / 404 401",
    "mentee-detail": "200 200 200 200 403 403 404 401 / 405 401",
    "mentee-fieldwork-diagnoses": "200 200 200 200 403 403 404 401 / 404 401",
    "mentee-list": "200 200 200 200 403 403 404 401 / 404 401",
    "mentor-detail": "200 200 200 200 200 403 404 401 / 405 401",
    "mentor-list": "200 200 200 200 200 403 404 401 / 404 401",
    "partnership-change-list": "405 405 405 405 405 405 405 401 / 404 401",
    "program-detail": "200 200 200 200 200 200 404 401 / 405 401",
    "program-list": "200 200 200 200 200 200 200 401 / 403 401",
    "protocol-detail": "200 200 200 200 200 200 404 401 / 405 401",
    "protocol-list": "200 200 200 200 200 200 404 401 / 405 401",
    "protocol-versions": "405 405 405 405 405 405 405 401 / 404 401",
    "report-coverage": "200 403 403 403 403 403 404 401 / 405 401",
    "report-mentor-experience": "200 403 403 403 403 200 404 401 / 405 401",
    "round-list": "200 200 200 200 200 200 404 401 / 404 401",
    "school-detail": "200 403 403 403 403 403 404 401 / 405 401",
    "school-list": "200 403 403 403 403 403 404 401 / 405 401",
    "study-code-detail": "200 403 403 403 403 200 404 401 / 404 401",
    "study-code-list": "200 403 403 403 403 200 404 401 / 404 401",
    "study-code-merge": "405 403 403 403 403 405 404 401 / 404 401",
    "study-code-move": "405 403 403 403 403 405 404 401 / 404 401",
    "study-code-split": "405 403 403 403 403 405 404 401 / 404 401",
    "study-coding-detail": "200 403 403 403 403 200 404 401 / 404 401",
    "study-coding-list": "200 403 403 403 403 200 404 401 / 404 401",
    "study-coding-remove-code": "405 403 403 403 403 405 404 401 / 404 401",
    "study-detail": "200 403 403 403 403 200 404 401 / 405 401",
    "study-document-detail": "200 403 403 403 403 200 404 401 / 404 401",
    "study-document-list": "200 403 403 403 403 200 404 401 / 404 401",
    "study-export-qdc": "200 403 403 403 403 200 404 401 / 405 401",
    "study-export-qdpx": "200 403 403 403 403 200 404 401 / 405 401",
    "study-list": "200 403 403 403 403 200 404 401 / 404 401",
    "study-memo-list": "200 403 403 403 403 200 404 401 / 404 401",
    "study-participant-detail": "200 403 403 403 403 200 404 401 / 404 401",
    "study-participant-list": "200 403 403 403 403 200 404 401 / 404 401",
    "survey-distribution-detail": "200 403 403 403 403 403 404 401 / 405 401",
    "survey-distribution-list": "200 403 403 403 403 403 404 401 / 404 401",
    "survey-invitation-answer": "405 405 405 405 405 405 405 401 / 404 401",
    "survey-invitation-list": "200 200 200 200 200 200 404 401 / 405 401",
    "survey-questionnaire-detail": "200 403 403 403 403 403 404 401 / 405 401",
    "survey-questionnaire-list": "200 403 403 403 403 403 404 401 / 404 401",
    "survey-questionnaire-results": "200 403 403 403 403 403 404 401 / 405 401",
    "time-log-detail": "200 200 403 403 403 403 404 401 / 405 401",
    "time-log-list": "200 200 403 403 403 403 404 401 / 404 401",
    "training-buddy-pair-end": "405 405 405 405 405 405 405 401 / 404 401",
    "training-buddy-pair-list": "200 200 403 403 403 403 404 401 / 404 401",
    "training-buddy-pair-meetings": "200 200 403 403 403 403 404 401 / 404 401",
    "training-plan-feedback-summary": "200 403 403 403 200 403 404 401 / 405 401",
    "training-plan-list": "200 200 403 403 200 403 404 401 / 404 401",
    "training-readiness-list": "200 200 403 403 200 403 404 401 / 405 401",
    "training-readiness-item-detail": "405 405 405 405 405 405 405 401 / 405 401",
    "training-readiness-item-list": "200 403 403 403 200 403 404 401 / 405 401",
    "training-readiness-sign": "405 405 405 405 405 405 405 401 / 404 401",
    "training-readiness-unsign": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-attendance": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-attendance-sheet": "200 403 403 403 200 403 404 401 / 405 401",
    "training-session-breakout-groups": "200 403 403 403 200 403 404 401 / 405 401",
    "training-session-detail": "200 200 403 403 200 403 404 401 / 405 401",
    "training-session-feedback": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-groups": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-groups-move": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-attendance-import-confirm": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-attendance-import-preview": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-meeting": "200 200 403 403 200 403 404 401 / 405 401",
    "training-session-meeting-update": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-rooms": "200 200 403 403 200 403 404 401 / 405 401",
    "training-session-rooms-rename": "405 405 405 405 405 405 405 401 / 404 401",
    "training-session-rooms-zoom": "400 403 403 403 400 403 404 401 / 405 401",
    "training-session-list": "200 200 403 403 200 403 404 401 / 404 401",
    "training-specialist-assignment-detail": "405 405 405 405 405 405 405 401 / 405 401",
    "training-specialist-assignment-list": "200 200 403 200 403 403 404 401 / 404 401",
    "visit-change-status": "405 405 405 405 405 405 405 401 / 404 401",
    "visit-commitment-status": "405 405 405 405 405 405 405 401 / 404 401",
    "visit-commitments": "200 200 200 200 403 403 404 401 / 404 401",
    "visit-detail": "200 200 200 200 403 403 404 401 / 405 401",
    "visit-dialogue": "200 200 403 200 403 403 404 401 / 405 401",
    "visit-dialogue-share": "405 405 405 405 405 405 405 401 / 404 401",
    "visit-instrument": "200 200 403 200 403 403 404 401 / 405 401",
    "visit-list": "200 200 200 200 403 403 404 401 / 404 401",
    "visit-notebook": "200 200 403 200 403 403 404 401 / 405 401",
    "visit-observation-reply": "405 405 405 405 405 405 405 401 / 404 401",
    "visit-observations": "200 200 403 200 403 403 404 401 / 404 401",
    # --- accounts (password reset and invitations: open to everyone, reached by link) ---
    "accounts:invitation": "410 410 410 410 410 410 410 410 / 410 410",
    "accounts:password_reset": "200 200 200 200 200 200 200 200 / 200 200",
    "accounts:password_reset_complete": "200 200 200 200 200 200 200 200 / 405 405",
    "accounts:password_reset_confirm": "200 200 200 200 200 200 200 200 / 200 200",
    "accounts:password_reset_done": "200 200 200 200 200 200 200 200 / 405 405",
    "accounts:signup_verify": "410 410 410 410 410 410 410 410 / 410 410",
    # --- agreements ---
    "agreements:acknowledge": "405 405 405 405 405 405 405 302 / 404 302",
    "agreements:detail": "200 200 200 403 403 403 404 302 / 404 302",
    "agreements:pdf": "200 200 200 403 403 403 404 302 / 404 302",
    "agreements:goal_add": "200 200 200 403 403 403 404 302 / 404 302",
    "agreements:goal_progress": "403 200 200 403 403 403 404 302 / 404 302",
    "agreements:issue": "200 403 403 403 403 403 404 302 / 404 302",
    "agreements:list": "200 200 200 403 403 403 404 302 / 404 302",
    "agreements:partnership_change": "200 403 403 403 403 403 404 302 / 404 302",
    "agreements:revise": "200 403 403 403 403 403 404 302 / 404 302",
    "agreements:template": "200 403 403 403 403 403 404 302 / 404 302",
    "agreements:template_new": "200 403 403 403 403 403 404 302 / 404 302",
    "agreements:templates": "200 403 403 403 403 403 404 302 / 404 302",
    # --- calendar ---
    "calendar:feed": "200 200 200 200 200 200 200 200 / 405 405",
    "calendar:settings": "200 200 200 200 200 200 200 302 / 302 302",
    "calendar:visit": "200 200 200 200 403 403 404 302 / 405 302",
    # --- journal: the mentee's own; the mentor reads what is shared with them ---
    "journal:delete": "405 405 405 405 405 405 405 302 / 404 302",
    "journal:entry": "403 403 200 403 403 403 404 302 / 404 302",
    "journal:index": "403 403 200 403 403 403 404 302 / 405 302",
    "journal:new": "403 403 200 403 403 403 404 302 / 404 302",
    "journal:share": "405 405 405 405 405 405 405 302 / 404 302",
    "journal:shared": "403 200 200 403 403 403 404 302 / 405 302",
    # --- costs ---
    "costs:budget": "200 403 403 403 403 403 404 302 / 405 302",
    "costs:budget_currency_save": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:budget_delete": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:budget_line_save": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:expense": "200 200 403 403 403 403 404 302 / 404 302",
    "costs:expense_decide": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:expense_delete": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:expense_submit": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:expenses": "200 200 403 403 403 403 404 302 / 404 302",
    "costs:index": "302 302 403 403 403 403 404 302 / 404 302",
    "costs:receipt": "200 200 403 403 403 403 404 302 / 404 302",
    "costs:report": "200 403 403 403 403 403 404 302 / 404 302",
    "costs:protected_time": "200 403 200 403 403 403 404 302 / 405 302",
    "costs:protected_time_approve": "403 403 200 403 403 403 404 302 / 404 302",
    "costs:protected_time_withdraw": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:teacher_rate_save": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:time": "200 200 403 403 403 403 404 302 / 404 302",
    "costs:time_delete": "405 405 405 405 405 405 405 302 / 404 302",
    "costs:time_edit": "403 200 403 403 403 403 404 302 / 404 302",
    # --- frameworks ---
    "frameworks:detail": "200 200 200 200 200 200 200 302 / 200 302",
    "frameworks:item_edit": "200 403 403 403 403 403 403 302 / 403 302",
    "frameworks:indicators_edit": "200 403 403 403 403 403 403 302 / 403 302",
    "frameworks:list": "200 200 200 200 200 200 200 302 / 200 302",
    # --- growth (self-assessments) ---
    "growth:correct": "405 405 405 405 405 405 405 302 / 404 302",
    "growth:detail": "200 200 200 200 403 403 404 302 / 405 302",
    "growth:edit": "403 403 200 403 403 403 404 302 / 404 302",
    "growth:evidence": "403 200 403 403 403 403 404 302 / 404 302",
    "growth:list": "200 200 200 200 403 403 404 302 / 405 302",
    "growth:start": "403 403 200 403 403 403 404 302 / 404 302",
    # --- circles: coordinators all; the mentor, members and the mentor's specialist theirs ---
    "circles:commitment_close": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:commitments": "403 403 200 403 403 403 404 302 / 404 302",
    "circles:create": "200 403 403 403 403 403 404 302 / 404 302",
    "circles:detail": "200 200 200 200 403 403 404 302 / 404 302",
    "circles:edit": "200 403 403 403 403 403 404 302 / 404 302",
    "circles:forming": "200 403 403 403 403 403 404 302 / 404 302",
    "circles:forming_apart": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:forming_lock": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:forming_mentor": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:forming_move": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:forming_publish": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:forming_rerun": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:forming_run": "200 403 403 403 403 403 404 302 / 404 302",
    "circles:goal_create": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:goal_progress": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:list": "200 200 200 200 403 403 404 302 / 404 302",
    "circles:meeting": "200 200 200 200 403 403 404 302 / 404 302",
    "circles:meeting_create": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:note": "405 405 405 405 405 405 405 302 / 404 302",
    "circles:record": "200 200 403 403 403 403 404 302 / 404 302",
    # --- group_sessions ---
    "group_sessions:attendance": "405 405 405 405 405 405 405 302 / 404 302",
    "group_sessions:cancel": "405 405 405 405 405 405 405 302 / 404 302",
    "group_sessions:case_add": "405 405 405 405 405 405 405 302 / 404 302",
    "group_sessions:case_remove": "405 405 405 405 405 405 405 302 / 404 302",
    "group_sessions:detail": "200 200 403 200 403 403 404 302 / 404 302",
    "group_sessions:edit": "200 403 403 200 403 403 404 302 / 404 302",
    "group_sessions:meeting": "200 403 403 200 403 403 404 302 / 404 302",
    "group_sessions:list": "200 200 403 200 403 403 404 302 / 405 302",
    "group_sessions:meetings": "200 200 403 403 403 403 404 302 / 404 302",
    "group_sessions:network": "200 403 403 403 403 403 404 302 / 404 302",
    "group_sessions:report": "200 403 403 403 403 403 404 302 / 404 302",
    "group_sessions:series": "200 403 403 403 403 403 404 302 / 404 302",
    "group_sessions:series_create": "405 405 405 405 405 405 405 302 / 404 302",
    "group_sessions:session_create": "405 405 405 405 405 405 405 302 / 404 302",
    "report-modality-list": "200 403 403 403 403 200 404 401 / 405 401",
    "export-list": "200 200 200 200 200 200 404 401 / 405 401",
    "export-download": "200 200 200 200 403 403 404 401 / 405 401",
    # --- hub ---
    "health:list": "200 200 403 200 403 403 404 302 / 405 302",
    "health_alerts:alerts": "200 200 200 200 200 200 200 302 / 302 302",
    "health:page": "200 200 403 200 403 403 404 302 / 405 302",
    "health:settings": "200 403 403 403 403 403 404 302 / 404 302",
    "hub:design": "403 403 403 403 403 403 403 302 / 405 302",
    "hub:export": "200 200 200 200 403 403 404 302 / 405 302",
    "hub:modality": "200 403 403 403 403 200 404 302 / 405 302",
    "hub:home": "200 200 200 200 200 200 200 302 / 200 302",
    "hub:annual_report": "200 403 403 403 403 403 404 302 / 404 302",
    "hub:mentee": "200 200 200 200 403 403 404 302 / 404 302",
    "hub:mentor": "200 200 200 200 200 403 404 302 / 404 302",
    "hub:review": "200 403 403 200 200 200 404 302 / 404 302",
    "hub:review_point_delete": "405 405 405 405 405 405 405 302 / 404 302",
    "hub:review_point_edit": "200 403 403 403 403 403 404 302 / 404 302",
    "hub:rollover": "200 403 403 403 403 403 404 302 / 404 302",
    # --- matching ---
    "matching:exclude": "405 405 405 405 405 405 405 302 / 404 302",
    "matching:lock": "405 405 405 405 405 405 405 302 / 404 302",
    "matching:pair": "200 403 403 403 403 403 404 302 / 404 302",
    "matching:publish": "200 403 403 403 403 403 404 302 / 404 302",
    "matching:run": "200 403 403 403 403 403 404 302 / 404 302",
    "matching:runs": "200 403 403 403 403 403 404 302 / 404 302",
    "matching:swap": "405 405 405 405 405 405 405 302 / 404 302",
    # --- people ---
    "people:cohort_members": "405 405 405 405 405 405 405 302 / 404 302",
    "people:cohort_members_remove": "405 405 405 405 405 405 405 302 / 404 302",
    "people:import": "200 403 403 403 403 403 404 302 / 404 302",
    "people:import_template": "200 403 403 403 403 403 404 302 / 404 302",
    "people:mentees": "200 200 200 200 403 403 404 302 / 404 302",
    "people:mentor_experience": "200 403 403 403 403 200 404 302 / 404 302",
    "people:mentors": "200 200 200 200 200 403 404 302 / 404 302",
    # --- programs ---
    "programs:audit": "200 403 403 403 403 403 404 302 / 404 302",
    "programs:cohort": "200 200 200 200 200 200 404 302 / 404 302",
    "programs:cohort_edit": "200 403 403 403 403 403 404 302 / 404 302",
    "programs:cohort_new": "200 403 403 403 403 403 404 302 / 404 302",
    "programs:detail": "200 200 200 200 200 200 404 302 / 404 302",
    "programs:new": "403 403 403 403 403 403 403 302 / 403 302",
    "programs:deactivate": "405 405 405 405 405 405 405 302 / 404 302",
    "programs:reactivate": "405 405 405 405 405 405 405 302 / 404 302",
    "programs:invitations": "200 403 403 403 403 403 404 302 / 404 302",
    "programs:invite": "405 405 405 405 405 405 405 302 / 404 302",
    "programs:member_add": "200 403 403 403 403 403 404 302 / 404 302",
    "programs:members": "200 403 403 403 403 403 404 302 / 404 302",
    "programs:membership_remove": "405 405 405 405 405 405 405 302 / 404 302",
    "programs:schools": "200 403 403 403 403 403 404 302 / 404 302",
    # --- research ---
    "research:agreement": "200 403 403 403 403 200 404 302 / 404 302",
    "research:analysis": "200 403 403 403 403 200 404 302 / 404 302",
    "research:analysis_download": "200 403 403 403 403 200 404 302 / 404 302",
    "research:code": "200 403 403 403 403 200 404 302 / 405 302",
    "research:code_edit": "405 405 405 405 405 405 405 302 / 404 302",
    "research:code_memo": "405 405 405 405 405 405 405 302 / 404 302",
    "research:code_merge": "405 405 405 405 405 405 405 302 / 404 302",
    "research:code_move": "405 405 405 405 405 405 405 302 / 404 302",
    "research:code_split": "405 405 405 405 405 405 405 302 / 404 302",
    "research:codebook": "200 403 403 403 403 200 404 302 / 404 302",
    "research:document": "200 403 403 403 403 200 404 302 / 405 302",
    "research:document_from_visit": "405 405 405 405 405 405 405 302 / 404 302",
    "research:document_memo": "405 405 405 405 405 405 405 302 / 404 302",
    "research:document_type": "405 405 405 405 405 405 405 302 / 404 302",
    "research:document_upload": "405 405 405 405 405 405 405 302 / 404 302",
    "research:documents": "200 403 403 403 403 200 404 302 / 405 302",
    "research:export": "200 403 403 403 403 200 404 302 / 405 302",
    "research:guide": "200 403 403 403 403 200 404 302 / 404 302",
    "research:guide_create": "405 405 405 405 405 405 405 302 / 404 302",
    "research:import": "200 403 403 403 403 200 404 302 / 405 302",
    "research:import_job": "200 403 403 403 403 200 404 302 / 405 302",
    "research:import_start": "405 405 405 405 405 405 405 302 / 404 302",
    "research:interview_create": "405 405 405 405 405 405 405 302 / 404 302",
    "research:interviews": "200 403 403 403 403 200 404 302 / 405 302",
    "research:participant": "200 403 403 403 403 200 404 302 / 405 302",
    "research:participant_refresh": "405 405 405 405 405 405 405 302 / 404 302",
    "research:participant_save": "405 405 405 405 405 405 405 302 / 404 302",
    "research:participants": "200 403 403 403 403 200 404 302 / 404 302",
    "research:segment_code": "405 405 405 405 405 405 405 302 / 404 302",
    "research:segment_uncode": "405 405 405 405 405 405 405 302 / 404 302",
    "research:studies": "200 403 403 403 403 200 404 302 / 404 302",
    "research:study": "200 403 403 403 403 200 404 302 / 405 302",
    "research:study_fieldwork": "405 405 405 405 405 405 405 302 / 404 302",
    "research:study_identity_access": "405 405 405 405 405 405 405 302 / 404 302",
    "research:study_member_add": "405 405 405 405 405 405 405 302 / 404 302",
    "research:study_update": "405 405 405 405 405 405 405 302 / 404 302",
    # --- selection ---
    "selection:application": "200 404 404 404 404 404 200 302 / 200 302",
    "selection:applications": "200 403 403 403 403 403 404 302 / 404 302",
    "selection:apply": "200 200 200 200 200 200 200 302 / 200 302",
    "selection:call": "200 403 403 403 403 403 404 302 / 404 302",
    "selection:call_public": "200 200 200 200 200 200 200 200 / 302 200",
    "selection:calls": "200 403 403 403 403 403 404 302 / 404 302",
    "selection:decide": "405 405 405 405 405 405 405 302 / 403 302",
    "selection:evidence": "200 404 404 404 404 404 200 302 / 200 302",
    "selection:review": "405 405 405 405 405 405 405 302 / 403 302",
    "selection:rubric": "200 403 403 403 403 403 404 302 / 405 302",
    "selection:rubric_criterion_add": "405 405 405 405 405 405 405 302 / 404 302",
    "selection:rubric_criterion_remove": "405 405 405 405 405 405 405 302 / 404 302",
    "selection:rubric_criterion_save": "405 405 405 405 405 405 405 302 / 404 302",
    # --- surveys ---
    "surveys:answer": "404 404 200 404 404 404 404 302 / 404 302",
    "surveys:distribution": "200 403 403 403 403 403 404 302 / 404 302",
    "surveys:export": "200 403 403 403 403 403 404 302 / 404 302",
    "surveys:index": "200 403 403 403 403 403 404 302 / 404 302",
    "surveys:mine": "200 200 200 200 200 200 404 302 / 404 302",
    "surveys:new_version": "405 405 405 405 405 405 405 302 / 404 302",
    "surveys:question_delete": "405 405 405 405 405 405 405 302 / 404 302",
    "surveys:question_down": "405 405 405 405 405 405 405 302 / 404 302",
    "surveys:question_save": "405 405 405 405 405 405 405 302 / 404 302",
    "surveys:question_up": "405 405 405 405 405 405 405 302 / 404 302",
    "surveys:questionnaire": "200 403 403 403 403 403 404 302 / 405 302",
    "surveys:results": "200 403 403 403 403 403 404 302 / 404 302",
    "surveys:send": "200 403 403 403 403 403 404 302 / 404 302",
    "surveys:template_copy": "405 405 405 405 405 405 405 302 / 404 302",
    # --- training ---
    "training:attendance": "405 405 405 405 405 405 405 302 / 404 302",
    "training:attendance_all": "200 403 403 403 200 403 404 302 / 404 302",
    "training:attendance_export": "200 403 403 403 200 403 404 302 / 405 302",
    "training:attendance_import": "200 403 403 403 200 403 404 302 / 404 302",
    "training:attendance_preview": "302 403 403 403 302 403 404 302 / 404 302",
    "training:buddies": "200 200 403 403 403 403 404 302 / 404 302",
    "training:feedback": "405 405 405 405 405 405 405 302 / 404 302",
    "training:group_move": "405 405 405 405 405 405 405 302 / 404 302",
    "training:groups_make": "405 405 405 405 405 405 405 302 / 404 302",
    "training:groups_print": "200 403 403 403 200 403 404 302 / 404 302",
    "training:index": "200 200 403 403 200 403 404 302 / 405 302",
    "training:plan_create": "405 405 405 405 405 405 405 302 / 404 302",
    "training:plan_feedback": "200 403 403 403 200 403 404 302 / 404 302",
    "training:room_rename": "405 405 405 405 405 405 405 302 / 404 302",
    "training:rooms": "200 403 403 403 200 403 404 302 / 405 302",
    "training:rooms_email": "200 403 403 403 200 403 404 302 / 404 302",
    "training:rooms_export": "200 403 403 403 200 403 404 302 / 405 302",
    "training:rooms_jitsi": "405 405 405 405 405 405 405 302 / 404 302",
    "training:rooms_sheet": "200 403 403 403 200 403 404 302 / 405 302",
    "training:rooms_zoom": "302 403 403 403 302 403 404 302 / 405 302",
    "training:session_meeting": "200 403 403 403 200 403 404 302 / 404 302",
    "training:readiness": "200 200 403 403 200 403 404 302 / 405 302",
    "training:readiness_defaults": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_gate": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_item_activate": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_item_add": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_item_deactivate": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_item_down": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_item_edit": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_item_modules": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_item_up": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_items": "200 403 403 403 403 403 404 302 / 405 302",
    "training:readiness_sign": "405 405 405 405 405 405 405 302 / 404 302",
    "training:readiness_unsign": "405 405 405 405 405 405 405 302 / 404 302",
    "training:session": "200 200 403 403 200 403 404 302 / 404 302",
    "training:session_create": "405 405 405 405 405 405 405 302 / 404 302",
    "training:specialist_assign": "405 405 405 405 405 405 405 302 / 404 302",
    "training:specialist_end": "405 405 405 405 405 405 405 302 / 404 302",
    "training:specialists": "200 403 403 403 403 403 404 302 / 405 302",
    # --- visits ---
    "visits:commitment_add": "405 405 405 405 405 405 405 302 / 404 302",
    "visits:commitment_status": "405 405 405 405 405 405 405 302 / 404 302",
    "visits:commitments_overdue": "200 200 200 200 403 403 404 302 / 405 302",
    "visits:coverage": "200 403 403 403 403 403 404 302 / 404 302",
    "visits:detail": "200 200 200 200 403 403 404 302 / 404 302",
    "visits:diagnosis": "405 405 405 405 405 405 405 302 / 404 302",
    "visits:mentee_record_pdf": "200 200 200 403 403 403 404 302 / 404 302",
    "visits:dialogue": "405 405 405 405 405 405 405 302 / 404 302",
    "visits:instrument": "200 200 403 200 403 403 404 302 / 404 302",
    "visits:instruments": "200 200 403 200 200 403 404 302 / 404 302",
    "visits:list": "200 200 200 200 403 403 404 302 / 404 302",
    "visits:notebook": "405 405 405 405 405 405 405 302 / 404 302",
    "visits:observation_reply": "405 405 405 405 405 405 405 302 / 404 302",
    "visits:observe": "405 405 405 405 405 405 405 302 / 404 302",
    "visits:protocol": "200 200 200 200 200 200 404 302 / 404 302",
    "visits:rounds": "200 200 200 200 200 200 404 302 / 404 302",
    "visits:status": "405 405 405 405 405 405 405 302 / 404 302",
}


@pytest.fixture
def matrix_world(world):
    return build(world)


@pytest.fixture
def clients(world) -> dict[str, Client]:
    """One client per persona, signed in once."""
    made = {}
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        if persona != "anonymous":
            client.force_login(world.persona(persona))
        made[persona] = client
    return made


def test_every_url_is_in_the_matrix():
    missing = sorted(name for name in site_urls() if not covered(name))
    assert not missing, "Add these URLs to MATRIX in tests/test_url_matrix.py:\n" + "\n".join(
        f'    "{name}": "…",  # {site_urls()[name]}' for name in missing
    )


def test_the_matrix_has_no_stale_rows():
    stale = sorted(set(MATRIX) - set(site_urls()))
    assert not stale, f"These rows name no URL any more: {stale}"


def observed(matrix_world, clients) -> dict[str, str]:
    rows = {}
    for name, route in sorted(site_urls().items()):
        if name not in MATRIX:
            continue  # excluded, or missing (test_every_url_is_in_the_matrix names it)
        url = url_of(name, route, matrix_world)
        gets = [str(clients[p].get(url).status_code) for p in PERSONAS]
        posts = [str(clients[p].post(url, {}).status_code) for p in ("outsider", "anonymous")]
        rows[name] = " ".join(gets) + " / " + " ".join(posts)
    return rows


REFUSED = {"302", "401", "403", "404", "405", "410"}
OPEN_TO_OUTSIDERS = {
    # Rows where a signed-in person with no role in the program gets more than a refusal.
    "api-docs": "the API's documentation is public",
    "api-schema": "the OpenAPI schema is public",
    "api-root": "the API's index lists the routes, no data",
    "program-list": "lists the caller's own programs (none for an outsider)",
    "framework-list": "frameworks are site-wide reference data, read by every signed-in user",
    "framework-detail": "frameworks are site-wide reference data",
    "framework-item": "frameworks are site-wide reference data",
    "framework-stages": "frameworks are site-wide reference data",
    "frameworks:list": "frameworks are site-wide reference data",
    "frameworks:detail": "frameworks are site-wide reference data",
    "hub:home": "everyone's own home page",
    "health_alerts:alerts": "everyone's own email alerts (the weekly health digest)",
    "calendar:feed": "the private token is the key, whoever holds it",
    "calendar:settings": "everyone's own calendar feed settings",
    "selection:apply": "the outsider of the world is a candidate: anyone may apply to an open call",
    "selection:call_public": "the public page of an open call: candidates are not members yet; "
    "it shows the call's title and dates only (an anonymous POST signs up, a signed-in POST "
    "goes on to the application form)",
    "selection:application": "the candidate's own application",
    "selection:evidence": "the candidate's own evidence",
    "application-detail": "the candidate's own application",
    "application-list": "a candidate applies through the API (400: the empty body is invalid)",
    "accounts:password_reset": "auth page, open to everyone",
    "accounts:password_reset_done": "auth page, open to everyone",
    "accounts:password_reset_confirm": "auth page, open to everyone",
    "accounts:password_reset_complete": "auth page, open to everyone",
}


def test_outsiders_are_refused_everywhere_else():
    """A row that lets an outsider in must say why in OPEN_TO_OUTSIDERS."""
    column = {c: i for i, c in enumerate(PERSONAS)}["outsider"]
    let_in = sorted(
        name
        for name, row in MATRIX.items()
        if name not in OPEN_TO_OUTSIDERS
        and {row.replace("/ ", "").split()[i] for i in (column, 8)} - REFUSED
    )
    assert not let_in, f"Outsiders get past the checks of: {let_in}"


COLUMNS = [f"GET {p}" for p in PERSONAS] + ["POST outsider", "POST anonymous"]


def differences(expected: str, got: str) -> str:
    want_all, had_all = expected.replace("/ ", "").split(), got.replace("/ ", "").split()
    pairs = zip(COLUMNS, want_all, had_all, strict=False)
    return ", ".join(f"{column} {want} → {had}" for column, want, had in pairs if want != had)


def test_each_persona_gets_what_the_matrix_says(matrix_world, clients):
    rows = observed(matrix_world, clients)
    wrong = [
        f"{name}: {differences(MATRIX[name], got)}  (row now {got!r})"
        for name, got in rows.items()
        if MATRIX[name] != got
    ]
    assert not wrong, "Statuses that differ from the matrix:\n" + "\n".join(wrong)
