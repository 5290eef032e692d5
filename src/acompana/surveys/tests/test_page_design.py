"""Survey pages on the design system: a sent survey's response rate is a figure under a page
header whose action opens its results, a named survey's invitations show answered or not as
badges, and the questionnaires list shows each one's state as a badge."""

from django.urls import reverse

from acompana.surveys.tests.factories import send, template_questionnaire


def test_a_sent_survey_shows_its_rate_as_a_figure_and_links_its_results(world, as_persona):
    questionnaire = template_questionnaire(world.program)
    distribution = send(questionnaire, anonymous=False)
    url = reverse("surveys:distribution", args=[world.program.slug, distribution.pk])
    page = as_persona("coordinator").get(url).content.decode()
    header = page.split('class="page-header"', 1)[1].split("</header>", 1)[0]
    results = reverse("surveys:results", args=[world.program.slug, questionnaire.pk])
    assert f'href="{results}?distribution={distribution.pk}"' in header
    rate = page.split('id="response-rate"', 1)[1].split("</section>", 1)[0]
    assert 'class="figure-value"' in rate and "invited people answered." in rate
    invited = page.split('id="invitations"', 1)[1].split("</table>", 1)[0]
    assert '<span class="badge warning">no</span>' in invited


def test_the_questionnaires_list_shows_draft_and_sent_as_badges(world, as_persona):
    draft = template_questionnaire(world.program, key="mentor_self_efficacy")
    sent = template_questionnaire(world.program)
    send(sent)
    page = as_persona("coordinator").get(reverse("surveys:index", args=[world.program.slug]))
    rows = page.content.decode().split('id="questionnaires"', 1)[1].split("</table>", 1)[0]
    draft_row = rows.split(f"/questionnaires/{draft.pk}/", 1)[1].split("</tr>", 1)[0]
    sent_row = rows.split(f"/questionnaires/{sent.pk}/", 1)[1].split("</tr>", 1)[0]
    assert '<span class="badge neutral">draft</span>' in draft_row
    assert '<span class="badge success">sent (locked)</span>' in sent_row
