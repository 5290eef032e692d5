"""The visits list on the design system: an empty list tells the mentor to schedule the first
visit, each visit's status is a badge, and a schedule form with errors opens with a summary
linking to each field."""

import datetime

from django.urls import reverse
from django.utils import timezone

from acompana.visits import services


def test_an_empty_list_tells_the_mentor_to_schedule_the_first_visit(world, as_persona):
    url = reverse("visits:list", args=[world.program.slug])
    mentor = as_persona("mentor").get(url).content.decode()
    empty = mentor.split('class="empty"', 1)[1].split("</div>", 1)[0]
    assert "No visits yet." in empty and "Schedule the first visit" in empty
    mentee = as_persona("mentee").get(url).content.decode()
    assert "No visits yet." in mentee and "Schedule the first visit" not in mentee


def test_each_visit_shows_its_status_as_a_badge(world, as_persona):
    services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=3),
        mode="in_person",
        place="I.E. 50123",
        actor=world.mentor,
    )
    page = as_persona("mentor").get(reverse("visits:list", args=[world.program.slug]))
    row = page.content.decode().split('id="visits"', 1)[1].split("</table>", 1)[0]
    assert '<span class="badge info">Planned</span>' in row
    assert "No visits yet." not in page.content.decode()


def test_a_schedule_form_with_errors_opens_with_a_summary_linking_to_the_field(world, as_persona):
    url = reverse("visits:list", args=[world.program.slug])
    body = as_persona("mentor").post(url, {"mode": "in_person"})
    summary = body.content.decode().split('class="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="#id_mentee">' in summary
