"""The visit page is read and written on a phone: parts in the order of a visit, labels above
large writing areas, and the next step named."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from acompana.visits import services
from acompana.visits.models import Visit
from acompana.visits.next_step import visit_next_step

PARTS = "//*[contains(concat(' ', @class, ' '), ' visit-part ')]"


def at(days: int) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)


def schedule(world, days: int, **kwargs) -> Visit:
    return services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=at(days),
        mode="in_person",
        actor=world.mentor,
        **kwargs,
    )


def page(client, world, visit):
    response = client.get(reverse("visits:detail", args=[world.program.slug, visit.pk]))
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def test_the_mentor_finds_before_during_and_after_in_that_order_with_the_protocol_steps(
    world, as_persona
):
    protocol = services.protocol_create_default(program=world.program)
    round_ = services.round_create(
        program=world.program,
        cohort=world.program.cohorts.first(),
        name="Ronda 1",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
        protocol=protocol,
        actor=world.coordinator,
    )
    visit = schedule(world, 2, round=round_)
    tree = page(as_persona("mentor"), world, visit)
    parts = [part.get("id") for part in tree.xpath(PARTS)]
    assert parts == ["before", "during", "after"]
    before = tree.get_element_by_id("before")
    steps = before.xpath(".//*[@id='protocol']//ol/li/strong")
    # The shipped step, in the reader's language (English here).
    assert steps[0].text_content() == "The mentor introduces themselves at the school"
    during = tree.get_element_by_id("during")
    assert during.xpath(".//*[@id='notebook-form']") and during.xpath(".//*[@id='instruments']")
    after = tree.get_element_by_id("after")
    for part in ("dialogue-form", "commitments", "status"):
        assert after.xpath(f".//*[@id='{part}']"), part


def test_every_writing_area_is_large_and_labelled_above(world, as_persona):
    visit = schedule(world, -1)
    tree = page(as_persona("mentor"), world, visit)
    areas = tree.xpath("//form[@id='notebook-form' or @id='dialogue-form']//textarea")
    assert len(areas) == 11  # four notebook fields, seven of the dialogue
    for area in areas:
        assert int(area.get("rows")) >= 8, area.get("name")
        labels = tree.xpath(f"//label[@for='{area.get('id')}']")
        assert labels, area.get("name")
        # The label comes before the field in the page, in the same block.
        assert labels[0].getparent() is area.getparent()
        siblings = list(area.getparent())
        assert siblings.index(labels[0]) < siblings.index(area)


def test_the_next_step_follows_the_visit_from_planning_to_done(world, as_persona):
    visit = schedule(world, 2)
    assert visit_next_step(visit=visit, note=None, dialogue=None).anchor == "before"
    visit.scheduled_at = at(-1)
    visit.save()
    assert visit_next_step(visit=visit, note=None, dialogue=None).anchor == "notebook"
    note = services.field_note_save(
        visit=visit, data={"events": "Observé"}, base_version=0, actor=world.mentor
    )
    assert visit_next_step(visit=visit, note=note, dialogue=None).anchor == "dialogue"
    dialogue = services.dialogue_save(
        visit=visit,
        data={"strengths": "Escucha", "summary": "Acordamos"},
        base_version=0,
        actor=world.mentor,
    )
    step = visit_next_step(visit=visit, note=note, dialogue=dialogue)
    assert step.anchor == "dialogue" and "Share" in str(step.text)
    dialogue = services.dialogue_share(visit=visit, shared=True, actor=world.mentor)
    assert visit_next_step(visit=visit, note=note, dialogue=dialogue).anchor == "status"
    tree = page(as_persona("mentor"), world, visit)
    link = tree.xpath("//*[@id='next-step']//a")[0]
    assert link.get("href") == "#status" and tree.get_element_by_id("status") is not None
    visit.status = Visit.Status.DONE
    visit.save()
    assert visit_next_step(visit=visit, note=note, dialogue=dialogue) is None
    assert not page(as_persona("mentor"), world, visit).xpath("//*[@id='next-step']")


@pytest.mark.parametrize("persona", ["mentee", "coordinator", "specialist"])
def test_only_the_mentor_who_writes_is_shown_a_next_step(world, as_persona, persona):
    visit = schedule(world, -1)
    assert not page(as_persona(persona), world, visit).xpath("//*[@id='next-step']")


def test_the_mentee_sees_no_part_written_only_for_the_mentor(world, as_persona):
    visit = schedule(world, -1)
    tree = page(as_persona("mentee"), world, visit)
    assert [part.get("id") for part in tree.xpath(PARTS)] == ["after"]
    assert not tree.xpath("//*[@id='protocol' or @id='notebook' or @id='dialogue'] | //textarea")
