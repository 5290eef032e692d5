"""Training pages on the design system: a program without plans tells the coordinator to create
the first (a mentor only reads that there are none), readiness signatures are badges, and a
deactivated checklist item reads as inactive."""

from django.urls import reverse

from acompana.training import services


def test_a_program_without_plans_tells_the_coordinator_to_create_the_first(world, as_persona):
    url = reverse("training:index", args=[world.program.slug])
    coordinator = as_persona("coordinator").get(url).content.decode()
    empty = coordinator.split('class="empty"', 1)[1].split("</div>", 1)[0]
    assert "No training plans yet." in empty and "Create the first plan below" in empty
    mentor = as_persona("mentor").get(url).content.decode()
    assert "No training plans yet." in mentor and "Create the first plan below" not in mentor


def test_readiness_shows_signed_and_pending_items_as_badges(world, as_persona):
    cohort = world.mentor_profile.cohorts.get()
    items = services.readiness_items_default(cohort=cohort, actor=world.coordinator)
    services.readiness_sign(item=items[0], mentor=world.mentor_profile, actor=world.trainer)
    url = reverse("training:readiness", args=[world.program.slug]) + f"?cohort={cohort.pk}"
    page = as_persona("coordinator").get(url).content.decode()
    row = page.split(f'id="mentor-{world.mentor_profile.pk}"', 1)[1].split("</tr>", 1)[0]
    assert row.count('<span class="badge success">Signed</span>') == 1
    assert row.count('<span class="badge warning">Pending</span>') == len(items) - 1


def test_a_deactivated_checklist_item_reads_as_inactive(world, as_persona):
    cohort = world.mentor_profile.cohorts.get()
    items = services.readiness_items_default(cohort=cohort, actor=world.coordinator)
    services.readiness_item_set_active(item=items[1], active=False, actor=world.coordinator)
    url = reverse("training:readiness_items", args=[world.program.slug]) + f"?cohort={cohort.pk}"
    page = as_persona("coordinator").get(url).content.decode()
    row = page.split(f'id="item-{items[1].pk}"', 1)[1].split("</tr>", 1)[0]
    assert '<span class="badge neutral">Inactive</span>' in row
    assert "Reactivate" in row
