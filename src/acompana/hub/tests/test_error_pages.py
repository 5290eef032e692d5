"""The product's own error pages, in the reader's language, with a way back home."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

TITLES = {
    404: {"es": "Página no encontrada", "en": "Page not found"},
    403: {"es": "No puede abrir esta página", "en": "You cannot open this page"},
    500: {"es": "algo salió mal", "en": "Sorry, something went wrong"},
}


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_unknown_address_shows_the_products_404_page(language, world, as_persona, settings):
    settings.DEBUG = False
    client = in_language(as_persona("mentor"), language)

    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert TITLES[404][language] in html
    assert f'href="{reverse("hub:home")}"' in html
    assert 'class="topbar"' in html  # the site's header and menu, not a bare page


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_refused_page_shows_the_products_403_page(language, world, as_persona, settings):
    settings.DEBUG = False
    client = in_language(as_persona("mentor"), language)

    response = client.get(reverse("programs:audit", args=[world.program.slug]))

    html = response.content.decode()
    assert response.status_code == 403
    assert TITLES[403][language] in html
    assert "403 Forbidden" not in html
    assert f'href="{reverse("hub:home")}"' in html


def test_a_signed_out_visitor_is_offered_to_sign_in_on_the_404_page(client, settings):
    settings.DEBUG = False

    html = client.get("/no-such-page/").content.decode()

    assert f'href="{reverse("accounts:login")}"' in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_500_page_renders_on_its_own_in_each_language(language):
    request = RequestFactory().get("/")

    with translation.override(language):
        response = defaults.server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert TITLES[500][language] in html
    assert f'<html lang="{language}">' in html


def test_every_page_links_the_favicon(client):
    html = client.get(reverse("accounts:login")).content.decode()

    assert '<link rel="icon" href="/static/acompana/favicon.svg" type="image/svg+xml">' in html


@pytest.mark.parametrize(
    ("language", "title"), [("es", "El formulario ha caducado"), ("en", "The form has expired")]
)
def test_a_form_sent_without_its_token_shows_the_products_page(language, title, db):
    client = in_language(Client(enforce_csrf_checks=True), language)

    response = client.post(reverse("accounts:login"), {"username": "a@example.org"})

    html = response.content.decode()
    assert response.status_code == 403
    assert title in html
    assert "CSRF verification failed" not in html
