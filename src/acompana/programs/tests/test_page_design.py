"""Program pages on the design system: the cohort list's empty state says what to do next (with
the action only for those who can take it), a cohort's figures link to its people, and a form
with errors opens with a summary linking to each field."""

from django.urls import reverse

from acompana.accounts.models import Role
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.programs.tests.factories import ProgramFactory


def test_a_program_without_cohorts_offers_its_coordinator_to_create_the_first(db, client):
    program = ProgramFactory(slug="nuevo", name="Programa nuevo")
    coordinator, trainer = UserFactory(), UserFactory()
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    MembershipFactory(user=trainer, program=program, role=Role.TRAINER)
    new_cohort = reverse("programs:cohort_new", args=[program.slug])

    client.force_login(coordinator)
    page = client.get(reverse("programs:detail", args=[program.slug])).content.decode()
    empty = page.split('class="empty"', 1)[1].split("</div>", 1)[0]
    assert "No cohorts yet." in empty and f'href="{new_cohort}"' in empty

    client.force_login(trainer)
    page = client.get(reverse("programs:detail", args=[program.slug])).content.decode()
    assert "The coordinator has not created a cohort yet." in page
    assert new_cohort not in page


def test_a_cohorts_figures_count_its_people_and_link_to_them(world, as_persona):
    cohort = world.program.cohorts.get()
    page = as_persona("coordinator").get(
        reverse("programs:cohort", args=[world.program.slug, cohort.pk])
    )
    body = page.content.decode()
    mentors = reverse("people:mentors", args=[world.program.slug]) + f"?cohort={cohort.pk}"
    figure = body.split(f'<a class="figure" href="{mentors}">', 1)[1].split("</a>", 1)[0]
    assert '<span class="figure-value">2</span>' in figure and "Mentors" in figure


def test_a_cohort_form_with_errors_opens_with_a_summary_linking_to_each_field(world, as_persona):
    response = as_persona("coordinator").post(
        reverse("programs:cohort_new", args=[world.program.slug]), {"year": "", "modality": ""}
    )
    assert response.status_code == 200
    summary = response.content.decode().split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_year"' in summary and 'href="#id_modality"' in summary
