"""Editing a call's rubric (what may change once reviewers scored or a decision was made) and
the coordinators' filtered list of applications."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from acompana.common.models import AuditEntry
from acompana.selection import services
from acompana.selection.forms import CriterionForm, criterion_initial
from acompana.selection.selectors import application_search, call_rubric
from acompana.selection.tests.test_selection import apply

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
COORDINATORS_ONLY = {p: 403 for p in PERSONAS} | {"coordinator": 200, "outsider": 404}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_call(world, title="Convocatoria 2026"):
    today = timezone.localdate()
    return services.call_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title=title,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )


@pytest.fixture
def call(world):
    return make_call(world)


def criterion(call, code):
    return next(item for item in call.rubric["criteria"] if item["code"] == code)


PANEL = {"code": "reflection", "label": "Reflection", "weight": 5, "kind": "panel", "panel_max": 4}


# --- Services ----------------------------------------------------------------------------------


def test_a_coordinator_adds_a_panel_criterion_and_the_maximum_grows(world, call):
    before = call_rubric(call).maximum

    services.rubric_criterion_save(
        call=call, criterion=PANEL, replaces=None, actor=world.coordinator
    )

    call.refresh_from_db()
    assert call_rubric(call).maximum == before + 5
    entry = AuditEntry.objects.get(action="selection.rubric.changed")
    assert len(entry.data["after"]) == len(entry.data["before"]) + 1


def test_teaching_bands_change_and_the_ranking_follows_without_touching_reviews(world, call):
    application = apply(call, world.outsider, teaching_years=Decimal("12"))
    services.review_save(
        application=application, reviewer=world.coordinator, scores={"empathy": 3}, comment=""
    )
    item = criterion(call, "teaching_years")
    item["bands"] = [
        {"label": "0-9", "minimum": 0, "maximum": 10, "points": 0},
        {"label": "10+", "minimum": 10, "maximum": None, "points": 2},
    ]
    item["weight"] = 20

    services.rubric_criterion_save(
        call=call, criterion=item, replaces="teaching_years", actor=world.coordinator
    )

    call.refresh_from_db()
    assert call_rubric(call).criterion("teaching_years").points_for(12.0) == 2
    assert application.reviews.get().scores == {"empathy": 3.0}


def test_a_scored_panel_criterion_cannot_be_removed_nor_rescaled_but_may_be_reweighted(world, call):
    application = apply(call, world.outsider)
    services.review_save(
        application=application, reviewer=world.coordinator, scores={"empathy": 3}, comment=""
    )
    empathy = criterion(call, "empathy")

    with pytest.raises(services.ValidationError, match="cannot be removed"):
        services.rubric_criterion_remove(call=call, code="empathy", actor=world.coordinator)
    with pytest.raises(services.ValidationError, match="scale cannot change"):
        services.rubric_criterion_save(
            call=call,
            criterion={**empathy, "panel_max": 10},
            replaces="empathy",
            actor=world.coordinator,
        )
    services.rubric_criterion_save(
        call=call,
        criterion={**empathy, "weight": 20, "label": "Empatía"},
        replaces="empathy",
        actor=world.coordinator,
    )
    call.refresh_from_db()
    assert (criterion(call, "empathy")["weight"], criterion(call, "empathy")["label"]) == (
        20,
        "Empatía",
    )
    # A panel criterion nobody scored may still go.
    services.rubric_criterion_remove(call=call, code="openness", actor=world.coordinator)
    call.refresh_from_db()
    assert "openness" not in call_rubric(call).codes


def test_after_a_decision_the_rubric_is_fixed(world, call):
    application = apply(call, world.outsider)
    services.application_decide(
        application=application, status="waitlisted", reason="Sin vacantes", actor=world.coordinator
    )

    with pytest.raises(services.ValidationError, match="Decisions have been made"):
        services.rubric_criterion_save(
            call=call, criterion=PANEL, replaces=None, actor=world.coordinator
        )
    call.refresh_from_db()
    assert "reflection" not in call_rubric(call).codes


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({**PANEL, "code": "degree"}, "already has"),
        ({**PANEL, "kind": "boolean", "panel_max": None}, "panel scores"),
        ({**PANEL, "panel_max": 0}, "panel_max"),
        (
            {"code": "degree2", "label": "x", "weight": 1, "kind": "bands", "bands": []},
            "panel scores",
        ),
    ],
)
def test_invalid_criteria_are_refused_and_nothing_changes(world, call, item, message):
    before = call.rubric

    with pytest.raises(services.ValidationError, match=message):
        services.rubric_criterion_save(
            call=call, criterion=item, replaces=None, actor=world.coordinator
        )

    call.refresh_from_db()
    assert call.rubric == before


def test_a_documentary_criterion_keeps_the_scale_of_its_profile_field(world, call):
    degree = criterion(call, "degree")

    with pytest.raises(services.ValidationError, match="needs a choice scale"):
        services.rubric_criterion_save(
            call=call,
            criterion={
                "code": "degree",
                "label": "x",
                "weight": 5,
                "kind": "panel",
                "panel_max": 4,
            },
            replaces="degree",
            actor=world.coordinator,
        )
    with pytest.raises(services.ValidationError, match="Unknown degrees"):
        services.rubric_criterion_save(
            call=call,
            criterion={**degree, "options": {"phd": 4}},
            replaces="degree",
            actor=world.coordinator,
        )


def test_the_criterion_form_reads_bands_one_per_line_and_shows_them_back(call):
    form = CriterionForm(
        data={
            "code": "teaching_years",
            "label": "Years teaching",
            "weight": "10",
            "kind": "bands",
            "bands": "0-4 | 0 | 1\n5-9 | 5 | 2\n10+ | 10 | 4",
        }
    )

    assert form.is_valid(), form.errors
    item = form.criterion_json()
    assert [(b["minimum"], b["maximum"], b["points"]) for b in item["bands"]] == [
        (0, 5, 1),
        (5, 10, 2),
        (10, None, 4),
    ]
    assert criterion_initial(item)["bands"] == "0-4 | 0 | 1\n5-9 | 5 | 2\n10+ | 10 | 4"
    assert not CriterionForm(data={**form.data, "bands": "0-4 | zero | 1"}).is_valid()


# --- The rubric page ---------------------------------------------------------------------------


def rubric_url(call, action=None):
    name = f"selection:rubric_{action}" if action else "selection:rubric"
    return reverse(name, args=[call.program.slug, call.pk])


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_open_the_rubric_editor(call, as_persona, persona, status):
    response = as_persona(persona).get(rubric_url(call))

    assert response.status_code == status
    if status == 200:
        assert "teaching_years" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_change_the_rubric(call, as_persona, persona, status):
    data = {
        "new-code": "reflection",
        "new-label": "Reflection",
        "new-weight": "5",
        "new-kind": "panel",
        "new-panel_max": "4",
    }

    response = as_persona(persona).post(rubric_url(call, "criterion_add"), data)

    call.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert "reflection" in call_rubric(call).codes
    else:
        assert response.status_code == status
        assert "reflection" not in call_rubric(call).codes


def test_the_rubric_page_edits_and_removes_criteria_and_shows_refusals(world, call, as_persona):
    client = as_persona("coordinator")
    application = apply(call, world.outsider)
    services.review_save(
        application=application, reviewer=world.coordinator, scores={"empathy": 3}, comment=""
    )

    client.post(
        rubric_url(call, "criterion_save"),
        {
            "replaces": "accompaniment",
            "edit-code": "accompaniment",
            "edit-label": "Acompañamiento",
            "edit-weight": "12",
            "edit-kind": "boolean",
            "edit-yes_points": "1",
            "edit-no_points": "0",
        },
    )
    remove = rubric_url(call, "criterion_remove")
    client.post(remove, {"replaces": "openness"})
    refused = client.post(remove, {"replaces": "empathy"}, follow=True)

    call.refresh_from_db()
    assert criterion(call, "accompaniment")["weight"] == 12
    assert "openness" not in call_rubric(call).codes
    assert "empathy" in call_rubric(call).codes
    assert "cannot be removed" in refused.content.decode()


# --- The list of applications ------------------------------------------------------------------


def list_url(world, **params):
    from urllib.parse import urlencode

    url = reverse("selection:applications", args=[world.program.slug])
    return f"{url}?{urlencode(params)}" if params else url


@pytest.fixture
def applications(world, call):
    from acompana.accounts.tests.factories import UserFactory

    people = [
        UserFactory(first_name="Rosa", last_name="Quispe"),
        UserFactory(first_name="Juan", last_name="Mamani"),
        UserFactory(first_name="Ana", last_name="Quispe Flores"),
    ]
    made = [
        apply(call, people[0], management_years=Decimal("0")),
        apply(call, people[1], management_years=Decimal("3.5")),
        apply(call, people[2], management_years=Decimal("1")),
    ]
    services.application_decide(
        application=made[1], status="admitted", reason="Perfil sólido", actor=world.coordinator
    )
    return made


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_see_the_list_of_applications(
    world, applications, as_persona, persona, status
):
    response = as_persona(persona).get(list_url(world))

    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "Rosa Quispe" in body and "Juan Mamani" in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "quispe"}, {"Rosa Quispe", "Ana Quispe Flores"}),
        ({"q": "rosa quispe"}, {"Rosa Quispe"}),
        ({"status": "admitted"}, {"Juan Mamani"}),
        ({"no_management": "on"}, {"Rosa Quispe"}),
        ({"status": "submitted", "q": "quispe"}, {"Rosa Quispe", "Ana Quispe Flores"}),
    ],
)
def test_the_list_filters_applications(world, applications, as_persona, params, expected):
    page = as_persona("coordinator").get(list_url(world, **params)).context["page"]

    assert {a.candidate.get_full_name() for a in page} == expected


def test_the_cohort_and_call_filters_keep_other_cohorts_out(world, applications):
    from acompana.programs.tests.factories import CohortFactory
    from acompana.selection.selectors import application_list_for_user

    other_cohort = CohortFactory(program=world.program, year=2027)
    qs = application_list_for_user(user=world.coordinator, program=world.program)

    assert application_search(qs, cohort=other_cohort.pk).count() == 0
    assert application_search(qs, cohort=applications[0].call.cohort_id).count() == 3
    assert application_search(qs, call=applications[0].call_id).count() == 3


def test_filters_survive_pagination_and_the_query_count_stays_flat(
    world, call, as_persona, django_assert_max_num_queries
):
    from acompana.accounts.tests.factories import UserFactory

    for n in range(30):
        apply(call, UserFactory(first_name=f"Quispe{n}"), management_years=Decimal("0"))
    for n in range(5):
        apply(call, UserFactory(first_name=f"Gestor{n}"), management_years=Decimal("2"))
    client = as_persona("coordinator")

    with django_assert_max_num_queries(12):
        first = client.get(list_url(world, no_management="on"))
    with django_assert_max_num_queries(12):
        second = client.get(list_url(world, no_management="on", page=2))

    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"]) == 25 and len(second.context["page"]) == 5
    assert "no_management=on&amp;page=2" in first.content.decode()
    assert all(not a.has_management_experience for a in second.context["page"])
