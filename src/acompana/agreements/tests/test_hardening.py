"""Refusals at the edges: progress dated in the future, two coordinators issuing the same
pair's agreement at once, and two coordinators editing the same template."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from acompana.agreements import services
from acompana.agreements.models import Agreement, AgreementTemplate, GoalProgress
from acompana.agreements.tests.conftest import issue

BASE = "/p/test-program"


def template_data(template: AgreementTemplate, **changes) -> dict:
    data = {
        "name": template.name,
        "language": template.language,
        "mentor_duties": template.mentor_duties,
        "mentee_duties": template.mentee_duties,
        "leadership_duties": template.leadership_duties,
        "cadence": template.cadence,
        "modes": template.modes,
        "confidentiality": template.confidentiality,
    }
    return {**data, **changes}


def test_progress_dated_in_the_future_is_refused_by_the_service_and_the_page(
    world, pair, as_persona
):
    agreement = issue(world, pair)
    goal = services.goal_add(agreement=agreement, title="Monitorear", actor=world.coordinator)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.goal_progress_record(
            goal=goal, percent=30, actor=world.mentee, recorded_on=tomorrow
        )
    url = f"{BASE}/agreements/{agreement.pk}/goals/{goal.pk}/progress/"
    as_persona("mentee").post(url, {"percent": 30, "recorded_on": tomorrow.isoformat()})
    assert not GoalProgress.objects.exists()
    services.goal_progress_record(
        goal=goal, percent=30, actor=world.mentee, recorded_on=timezone.localdate()
    )
    assert GoalProgress.objects.count() == 1


def test_a_second_coordinator_issuing_the_same_pair_at_once_gets_a_refusal_not_an_error(
    world, pair
):
    issue(world, pair)
    # The second request passed its "no agreement yet" check before the first one committed.
    with mock.patch.object(QuerySet, "exists", return_value=False), pytest.raises(ValidationError):
        issue(world, pair)
    assert Agreement.objects.filter(partnership=pair).count() == 1


def test_a_stale_template_form_does_not_overwrite_a_colleagues_save(world, as_persona):
    client = as_persona("coordinator")
    client.get(f"{BASE}/agreements/templates/")
    template = AgreementTemplate.objects.get(program=world.program, language="es")
    url = f"{BASE}/agreements/templates/{template.pk}/"
    # Both coordinators open the form; the stamp is what each page carries.
    page = client.get(url)
    stamp = page.context["form"].initial["stamp"]
    first = client.post(url, template_data(template, cadence="Semanal", stamp=stamp))
    assert first.status_code == 302
    second = client.post(url, template_data(template, cadence="Mensual", stamp=stamp))
    assert second.status_code == 409
    template.refresh_from_db()
    assert template.cadence == "Semanal"
    # Reloading gives the current stamp, and the save goes through.
    fresh = client.get(url).context["form"].initial["stamp"]
    assert (
        client.post(url, template_data(template, cadence="Mensual", stamp=fresh)).status_code == 302
    )
    template.refresh_from_db()
    assert template.cadence == "Mensual"


def test_why_a_partnership_ended_is_shown_to_coordinators_only(world, pair, as_persona):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    agreement = issue(world, pair)
    reason = "Conflicto reservado entre mentor y directivo"
    services.partnership_change(
        partnership=pair, kind="end", reason=reason, actor=world.coordinator
    )
    for persona, sees in [("coordinator", True), ("mentor", False), ("mentee", False)]:
        page = as_persona(persona).get(f"{BASE}/agreements/{agreement.pk}/")
        assert page.status_code == 200
        assert (reason in page.content.decode()) is sees, persona
        token, _created = Token.objects.get_or_create(user=world.persona(persona))
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        body = api.get(f"/api/v1/programs/test-program/agreements/{agreement.pk}/").json()
        assert (body["closed_reason"] == reason) is sees, persona
