"""Research pages on the design system: the study's tabs mark where the reader is, and the
study page counts its participants, documents and codes as figures linking to them."""

import pytest
from django.urls import reverse

from acompana.research import services
from acompana.research.models import Code


@pytest.fixture
def study(world):
    return services.study_create(
        program=world.program,
        actor=world.researcher,
        title="Formación de mentores",
        slug="formacion",
        with_demo_codebook=True,
        enrol_mentors=True,
    )


def _current_tabs(body: str) -> dict[str, str]:
    nav = body.split('class="subnav research-nav"', 1)[1].split("</nav>", 1)[0]
    tabs = {}
    for link in nav.split("<a ")[1:]:
        href = link.split('href="', 1)[1].split('"', 1)[0]
        if "aria-current=" in link.split(">", 1)[0]:
            tabs[href] = link.split('aria-current="', 1)[1].split('"', 1)[0]
    return tabs


def test_the_study_tabs_mark_the_page_shown_and_the_tab_a_page_sits_under(world, study, as_persona):
    client = as_persona("researcher")
    args = [world.program.slug, study.slug]
    codebook = reverse("research:codebook", args=args)
    body = client.get(codebook).content.decode()
    assert _current_tabs(body) == {codebook: "page"}

    code = Code.objects.filter(study=study).order_by("pk")[0]
    body = client.get(reverse("research:code", args=[*args, code.pk])).content.decode()
    assert _current_tabs(body) == {codebook: "true"}


def test_the_study_page_counts_participants_documents_and_codes_as_linked_figures(
    world, study, as_persona
):
    args = [world.program.slug, study.slug]
    body = as_persona("researcher").get(reverse("research:study", args=args)).content.decode()
    participants = reverse("research:participants", args=args)
    figure = body.split(f'<a class="figure" href="{participants}">', 1)[1].split("</a>", 1)[0]
    count = study.participants.count()
    assert count > 0 and f'<span class="figure-value">{count}</span>' in figure
    codes = Code.objects.filter(study=study).count()
    codebook = reverse("research:codebook", args=args)
    figure = body.split(f'<a class="figure" href="{codebook}">', 1)[1].split("</a>", 1)[0]
    assert f'<span class="figure-value">{codes}</span>' in figure
