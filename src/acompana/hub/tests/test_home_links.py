"""Every link of the home page opens for the person who sees it (no link that ends in 403)."""

import pytest
from django.urls import reverse
from lxml import html


@pytest.mark.parametrize(
    "persona", ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher"]
)
def test_every_link_of_the_home_page_opens_for_its_reader(world, as_persona, persona):
    client = as_persona(persona)
    tree = html.fromstring(client.get(reverse("hub:home")).content.decode())
    hrefs = {
        href.split("#")[0]
        for href in tree.xpath("//main//a/@href")
        if href.startswith("/p/") and "format=" not in href
    }
    assert hrefs
    for href in sorted(hrefs):
        assert client.get(href, follow=True).status_code == 200, href
