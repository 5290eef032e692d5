"""Agreement pages on the design system: states as badges, the counts by state as figures that
filter the list, and empty states that say what to do next."""

from django.urls import reverse

from acompana.agreements.tests.conftest import acknowledge_all, issue


def test_the_list_counts_agreements_by_state_as_figures_that_filter_it(world, pair, as_persona):
    acknowledge_all(world, issue(world, pair))
    body = as_persona("coordinator").get(reverse("agreements:list", args=[world.program.slug]))
    counts = body.content.decode().split('id="agreement-counts"', 1)[1].split("</ul>", 1)[0]
    in_force = counts.split('<a class="figure" href="?status=in_force">', 1)[1].split("</a>")[0]
    assert '<span class="figure-value">1</span>' in in_force and "In force" in in_force
    row = body.content.decode().split('id="agreements"', 1)[1].split("</table>", 1)[0]
    assert '<span class="badge success">In force</span>' in row


def test_an_empty_list_tells_the_coordinator_to_issue_and_the_pair_to_wait(world, as_persona):
    url = reverse("agreements:list", args=[world.program.slug])
    coordinator = as_persona("coordinator").get(url).content.decode()
    assert "No agreements yet." in coordinator
    assert "Issue one for each active pair of mentor and mentee" in coordinator
    mentor = as_persona("mentor").get(url).content.decode()
    assert "it will show here for you to acknowledge" in mentor
    assert reverse("agreements:issue", args=[world.program.slug]) not in mentor


def test_an_agreement_without_goals_offers_to_add_the_first(world, pair, as_persona):
    agreement = issue(world, pair)
    body = as_persona("coordinator").get(
        reverse("agreements:detail", args=[world.program.slug, agreement.pk])
    )
    goals = body.content.decode().split('id="goals"', 1)[1].split("</section>", 1)[0]
    empty = goals.split('class="empty"', 1)[1]
    assert "No goals yet." in empty
    assert reverse("agreements:goal_add", args=[world.program.slug, agreement.pk]) in empty
