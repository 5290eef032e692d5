"""The agreement pages: who may open what, the journey the browser test follows (issue,
acknowledge by the three parties, update a goal), and the query budgets of list pages."""

import pytest
from django.core import mail

from acompana.agreements import services
from acompana.agreements.models import Agreement, AgreementTemplate, Goal, GoalProgress
from acompana.agreements.tests.conftest import acknowledge_all, issue
from acompana.people.tests.factories import PartnershipFactory

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
BASE = "/p/test-program"
# Readers of their own agreement; everyone else is refused.
REFUSED = {"specialist": 403, "trainer": 403, "researcher": 403, "outsider": 404}


def expected(persona: str, *, own: bool, allowed: set[str]) -> int:
    if persona in REFUSED:
        return REFUSED[persona]
    if persona != "coordinator" and not own:
        return 404
    return 200 if persona in allowed else 403


@pytest.fixture
def agreements(world, pair, other_pair):
    made = {"own": issue(world, pair), "other": issue(world, other_pair)}
    for agreement in made.values():
        services.goal_add(agreement=agreement, title="Monitorear aulas", actor=world.coordinator)
    return made


def pages(agreement: Agreement) -> dict[str, tuple[str, set[str]]]:
    """Each page of one agreement and who (of its parties) may open it."""
    goal = agreement.goals.get()
    root = f"{BASE}/agreements/{agreement.pk}/"
    return {
        "detail": (root, {"coordinator", "mentor", "mentee"}),
        "renegotiate": (f"{root}renegotiate/", {"coordinator"}),
        "goal_add": (f"{root}goals/new/", {"coordinator", "mentor", "mentee"}),
        "progress": (f"{root}goals/{goal.pk}/progress/", {"mentor", "mentee"}),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("page", ["detail", "renegotiate", "goal_add", "progress"])
def test_each_agreement_page_opens_only_for_those_allowed(
    world, as_persona, agreements, persona, target, page
):
    url, allowed = pages(agreements[target])[page]
    response = as_persona(persona).get(url)
    assert response.status_code == expected(persona, own=target == "own", allowed=allowed)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_coordinators_every_agreement_and_the_pair_their_own(
    world, as_persona, agreements, persona
):
    response = as_persona(persona).get(f"{BASE}/agreements/")
    if persona in REFUSED:
        assert response.status_code == REFUSED[persona]
        return
    shown = {a.pk for a in response.context["page"]}
    if persona == "coordinator":
        assert shown == {a.pk for a in agreements.values()}
    else:
        assert shown == {agreements["own"].pk}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "path", ["agreements/new/", "agreements/templates/", "agreements/templates/new/"]
)
def test_only_coordinators_issue_agreements_and_edit_templates(world, as_persona, persona, path):
    response = as_persona(persona).get(f"{BASE}/{path}")
    status = 200 if persona == "coordinator" else REFUSED.get(persona, 403)
    assert response.status_code == status


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_open_the_partnership_change_form(world, as_persona, pair, persona):
    response = as_persona(persona).get(f"{BASE}/partnerships/{pair.pk}/change/")
    assert response.status_code == (200 if persona == "coordinator" else REFUSED.get(persona, 403))


def test_a_mentee_cannot_acknowledge_or_update_another_pairs_agreement(
    world, as_persona, agreements
):
    other = agreements["other"]
    client = as_persona("mentee")
    url = f"{BASE}/agreements/{other.pk}/"
    assert client.post(f"{url}acknowledge/", {"party": "mentee", "number": 1}).status_code == 404
    goal = other.goals.get()
    response = client.post(f"{url}goals/{goal.pk}/progress/", {"percent": 10})
    assert response.status_code == 404
    assert not other.versions.get().acknowledgements.exists()
    assert not GoalProgress.objects.exists()


def test_the_journey_issue_acknowledge_three_times_and_update_a_goal(
    world, as_persona, pair, competencies, django_capture_on_commit_callbacks
):
    client = as_persona("coordinator")
    form = client.get(f"{BASE}/agreements/new/")
    assert "Issue agreement" in form.content.decode()
    template = AgreementTemplate.objects.get(program=world.program, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/agreements/new/",
            {"partnership": pair.pk, "template": template.pk, "issue": "on"},
        )
    agreement = Agreement.objects.get(partnership=pair)
    assert response.url == f"{BASE}/agreements/{agreement.pk}/"
    assert len(mail.outbox) == 3
    client.post(
        f"{BASE}/agreements/{agreement.pk}/goals/new/",
        {"title": "Lead the teachers' group", "competency": competencies[0].pk},
    )
    goal = Goal.objects.get(agreement=agreement)
    assert goal.competency == competencies[0]
    labels = {
        "mentor": "Acknowledge as mentor",
        "mentee": "Acknowledge as mentee",
        "coordinator": "Acknowledge for program leadership",
    }
    for persona, label in labels.items():
        client = as_persona(persona)
        page = client.get(f"{BASE}/agreements/{agreement.pk}/").content.decode()
        assert label in page
        assert [text for other, text in labels.items() if other != persona and text in page] == []
        client.post(
            f"{BASE}/agreements/{agreement.pk}/acknowledge/", {"party": persona, "number": 1}
        )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_FORCE
    client = as_persona("mentee")
    page = client.get(f"{BASE}/agreements/{agreement.pk}/").content.decode()
    assert "In force" in page and "Update progress" in page
    response = client.post(
        f"{BASE}/agreements/{agreement.pk}/goals/{goal.pk}/progress/",
        {"percent": 45, "note": "Two meetings held", "recorded_on": "2026-05-10"},
    )
    assert response.status_code == 302
    page = client.get(f"{BASE}/agreements/{agreement.pk}/").content.decode()
    assert "45%" in page and "Two meetings held" in page and "<polyline" in page


def test_renegotiating_in_the_browser_shows_the_diff_and_refuses_a_stale_form(
    world, as_persona, pair
):
    agreement = issue(world, pair)
    acknowledge_all(world, agreement)
    client = as_persona("coordinator")
    form = client.get(f"{BASE}/agreements/{agreement.pk}/renegotiate/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"cadence": "Weekly video call", "change_note": "Virtual year", "issue": "on"}
    assert client.post(f"{BASE}/agreements/{agreement.pk}/renegotiate/", data).status_code == 302
    page = client.get(f"{BASE}/agreements/{agreement.pk}/").content.decode()
    assert 'class="diff-add">+ Weekly video call' in page
    assert "version 1 remains in force" in page
    stale = client.post(f"{BASE}/agreements/{agreement.pk}/renegotiate/", data, follow=True)
    assert stale.status_code == 409
    assert "Someone changed this agreement" in stale.content.decode()
    assert agreement.versions.count() == 2


def test_the_coordinator_reassigns_and_the_mentee_page_shows_the_chain(world, as_persona, pair):
    issue(world, pair)
    client = as_persona("coordinator")
    response = client.post(
        f"{BASE}/partnerships/{pair.pk}/change/",
        {
            "kind": "reassign",
            "reason": "Mentor moved region",
            "effective_on": "2026-06-01",
            "new_mentor": world.other_mentor_profile.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(f"{BASE}/mentees/{world.mentee_profile.code}/").content.decode()
    chain = page.split('id="partnership-history"')[1].split("</section>")[0]
    assert chain.count("<li>") == 3  # two partnerships, one change
    assert "Reassign to another mentor: Mentor moved region" in chain
    assert chain.index(world.mentor_profile.code) < chain.index(world.other_mentor_profile.code)
    specialist_view = as_persona("specialist").get(f"{BASE}/mentees/{world.mentee_profile.code}/")
    assert "partnership-history" not in specialist_view.content.decode()


def test_a_partnership_ended_through_its_page_is_one_line_of_the_audit_log(world, as_persona, pair):
    client = as_persona("coordinator")
    response = client.post(
        f"{BASE}/partnerships/{pair.pk}/change/",
        {"kind": "end", "reason": "Changed schools", "effective_on": "2026-06-01"},
    )
    assert response.status_code == 302
    page = client.get(f"{BASE}/audit/").content.decode()
    assert page.count("partnership.") == 1
    assert "<code>people.partnership.ended</code>" in page
    assert "Changed schools" in page and "2026-05-31" in page


def test_the_coordinator_home_flags_pairs_without_an_acknowledged_agreement(
    world, as_persona, pair, other_pair, django_assert_max_num_queries
):
    acknowledge_all(world, issue(world, pair))
    for _ in range(25):
        PartnershipFactory(program=world.program)
    client = as_persona("coordinator")
    client.get("/")
    with django_assert_max_num_queries(30):
        page = client.get("/").content.decode()
    assert "26 active pairs without an acknowledged agreement" in page
    flagged = page.split('id="without-agreement"')[1].split("</ul>")[0]
    assert flagged.count("<li>") == 20
    assert world.mentee_profile.code not in flagged


def test_the_mentor_and_mentee_homes_link_to_their_agreements(world, as_persona):
    for persona in ["mentor", "mentee"]:
        page = as_persona(persona).get("/").content.decode()
        assert f"{BASE}/agreements/" in page


def test_the_list_and_detail_pages_keep_their_query_budgets(
    world, as_persona, pair, django_assert_max_num_queries
):
    template = services.template_defaults_ensure(program=world.program)[0]
    for _ in range(30):
        agreement = services.agreement_issue(
            partnership=PartnershipFactory(program=world.program),
            template=template,
            actor=world.coordinator,
            notify=False,
        )
    for n in range(5):
        goal = services.goal_add(agreement=agreement, title=f"Meta {n}", actor=world.coordinator)
        for percent in (10, 30, 60):
            services.goal_progress_record(
                goal=goal, percent=percent, actor=agreement.partnership.mentor.user
            )
    client = as_persona("coordinator")
    with django_assert_max_num_queries(15):
        response = client.get(f"{BASE}/agreements/?status=awaiting")
    assert len(response.context["page"]) == 30
    with django_assert_max_num_queries(20):
        page = client.get(f"{BASE}/agreements/{agreement.pk}/")
    assert len(page.context["goals"]) == 5


def test_the_status_filter_shows_only_that_status(world, as_persona, pair, other_pair):
    acknowledge_all(world, issue(world, pair))
    issue(world, other_pair, issue=False)
    client = as_persona("coordinator")
    for status, pair_shown in [("in_force", pair), ("draft", other_pair), ("closed", None)]:
        page = client.get(f"{BASE}/agreements/?status={status}").context["page"]
        assert [a.partnership for a in page] == ([pair_shown] if pair_shown else [])


def test_a_coordinator_edits_a_template(world, as_persona):
    client = as_persona("coordinator")
    client.get(f"{BASE}/agreements/templates/")
    template = AgreementTemplate.objects.get(program=world.program, language="es")
    data = {
        "name": template.name,
        "language": "es",
        "mentor_duties": "Visitar",
        "mentee_duties": "Participar",
        "leadership_duties": "Financiar",
        "cadence": "Semanal",
        "modes": ["video"],
        "confidentiality": "Confidencial",
    }
    response = client.post(f"{BASE}/agreements/templates/{template.pk}/", data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.cadence, template.modes) == ("Semanal", ["video"])


def test_the_pair_search_matches_the_start_of_a_code_in_any_case(
    world, as_persona, pair, other_pair, django_assert_max_num_queries
):
    client = as_persona("coordinator")
    start = world.other_mentee_profile.code[:-1].lower()
    with django_assert_max_num_queries(20):  # the first visit also stores the default templates
        found = client.get(f"{BASE}/agreements/new/", {"q": start}).content.decode()
    options = found.split('name="partnership"', 1)[1].split("</select>", 1)[0]
    assert f'value="{other_pair.pk}"' in options
    inside = world.other_mentee_profile.code[1:]  # not the start of any code
    found = client.get(f"{BASE}/agreements/new/", {"q": inside}).content.decode()
    assert "None match this search." in found


def test_anonymous_visitors_are_sent_to_sign_in(client, agreements):
    for url in [f"{BASE}/agreements/", pages(agreements["own"])["detail"][0]]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_issuing_offers_a_bounded_list_of_pairs_narrowed_by_a_search_and_accepts_any_pending_pair(
    world, as_persona, pair, other_pair, monkeypatch
):
    from acompana.common import narrowing

    monkeypatch.setattr(narrowing, "CHOICES_SHOWN", 1)
    client = as_persona("coordinator")
    page = client.get(f"{BASE}/agreements/new/").content.decode()
    options = page.split('name="partnership"', 1)[1].split("</select>", 1)[0]
    assert options.count("<option") == 1 and "type the start of a code" in page
    code = world.other_mentee_profile.code
    found = client.get(f"{BASE}/agreements/new/", {"q": code}).content.decode()
    options = found.split('name="partnership"', 1)[1].split("</select>", 1)[0]
    assert f'value="{other_pair.pk}"' in options and options.count("<option") == 1
    template = AgreementTemplate.objects.get(program=world.program, language="en")
    for chosen in (pair, other_pair):  # whichever the list showed, a pending pair is accepted
        client.post(f"{BASE}/agreements/new/", {"partnership": chosen.pk, "template": template.pk})
    assert Agreement.objects.filter(partnership__in=[pair, other_pair]).count() == 2
