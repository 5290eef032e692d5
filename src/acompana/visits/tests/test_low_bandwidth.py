"""Low-bandwidth alternatives: a mentee with low connectivity is offered a phone visit."""

from django.urls import reverse

from acompana.common.choices import MeetingMode


def test_a_low_connectivity_mentee_is_offered_a_phone_visit_by_default(as_persona, world):
    world.mentee_profile.connectivity = "low"
    world.mentee_profile.save(update_fields=["connectivity"])
    url = reverse("visits:list", args=[world.program.slug])
    page = as_persona("mentor").get(f"{url}?mentee={world.mentee_profile.pk}")
    form = page.context["form"]
    assert form["mode"].value() == MeetingMode.PHONE
    assert world.mentee_profile.code in str(form.fields["mode"].help_text)


def test_a_well_connected_mentee_gets_no_default_mode(as_persona, world):
    world.mentee_profile.connectivity = "good"
    world.mentee_profile.save(update_fields=["connectivity"])
    url = reverse("visits:list", args=[world.program.slug])
    form = as_persona("mentor").get(f"{url}?mentee={world.mentee_profile.pk}").context["form"]
    assert form["mode"].value() in (None, "")
