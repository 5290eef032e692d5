"""Site administrators manage every model in the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from acompana.accounts.tests.factories import UserFactory

OWN_MODELS = [
    m for m in apps.get_models() if m.__module__.startswith("acompana.") and not m._meta.abstract
]


def test_every_model_of_the_project_is_in_the_admin():
    missing = [m._meta.label for m in OWN_MODELS if m not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", OWN_MODELS, ids=lambda m: m._meta.label)
def test_each_admin_list_opens_for_a_site_administrator(client, db, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
