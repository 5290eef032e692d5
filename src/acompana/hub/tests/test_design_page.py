"""The design page shows every component to site administrators, and to no one else."""

import pytest
from django.urls import reverse

from acompana.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_a_site_administrator_sees_every_component(client):
    client.force_login(UserFactory(is_staff=True))

    html = client.get(reverse("hub:design")).content.decode()

    for marker in (
        'class="page-header"',
        'class="program-nav"',
        'class="button secondary"',
        'class="badge success"',
        'class="figure',
        'class="empty"',
        'class="messages"',
        'class="table-wrap"',
        'class="error-summary"',
        'class="field field-invalid',
        'class="hint"',
        'class="pagination"',
        'dl class="summary"',
    ):
        assert marker in html, marker


def test_the_error_summary_links_to_each_field_in_error(client, db):
    client.force_login(UserFactory(is_staff=True))

    html = client.get(reverse("hub:design")).content.decode()

    for field in ("id_name", "id_email", "id_mode_0", "id_on", "id_agree"):
        assert f'href="#{field}"' in html
        assert f'id="{field}"' in html


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "researcher", "outsider"])
def test_people_who_are_not_site_administrators_are_refused(persona, world, as_persona):
    assert as_persona(persona).get(reverse("hub:design")).status_code == 403
