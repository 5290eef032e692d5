"""Malformed ids in the agreements API are a 404, never a server error."""

from acompana.api.testing import BASE


def test_an_agreement_filter_beyond_any_id_is_a_404_not_a_server_error(world, api_as):
    response = api_as("coordinator").get(f"{BASE}/goals/?agreement={10**20}")
    assert response.status_code == 404


def test_a_partnership_cannot_be_reassigned_to_an_inactive_mentor(world, api_as):
    from acompana.people.models import Partnership

    pair = Partnership.objects.get(mentee=world.mentee_profile)
    retired = world.other_mentor_profile
    retired.active = False
    retired.save(update_fields=["active"])
    body = {
        "partnership": pair.pk,
        "kind": "reassign",
        "reason": "Cambio de sede",
        "new_mentor": retired.code,
    }
    response = api_as("coordinator").post(f"{BASE}/partnership-changes/", body, format="json")
    assert response.status_code == 400
    pair.refresh_from_db()
    assert pair.ended_on is None
    assert not Partnership.objects.filter(mentor=retired, mentee=world.mentee_profile).exists()
