"""The trainer's home shows the sessions they lead: the next ones and the latest held."""

import datetime

from django.urls import reverse
from django.utils import timezone
from lxml import html

from acompana.training import services


def session(world, plan, title: str, days: int, trainer):
    return services.session_create(
        plan=plan,
        title=title,
        module="theory",
        modality="in_person",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        duration_minutes=120,
        trainer=trainer,
        actor=world.coordinator,
    )


def items(tree, list_id: str) -> list[str]:
    return [li.xpath("a")[0].text_content() for li in tree.xpath(f"//ul[@id='{list_id}']/li")]


def test_the_trainer_sees_their_next_and_latest_sessions_and_not_others(world, as_persona):
    plan = services.plan_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title="Inducción",
        induction=False,
        actor=world.coordinator,
    )
    session(world, plan, "Rol de acompañante", 3, world.trainer)
    session(world, plan, "Cuaderno de campo", 10, world.trainer)
    held = session(world, plan, "Rúbricas de aula", -4, world.trainer)
    session(world, plan, "Sesión de otra persona", 2, world.coordinator)
    response = as_persona("trainer").get(reverse("hub:home"))
    tree = html.fromstring(response.content.decode())
    assert items(tree, "trainer-upcoming") == ["Rol de acompañante", "Cuaderno de campo"]
    assert items(tree, "trainer-recent") == ["Rúbricas de aula"]
    link = reverse("training:session", args=[world.program.slug, held.pk])
    assert tree.xpath("//ul[@id='trainer-recent']//a/@href") == [link]
    assert as_persona("trainer").get(link).status_code == 200


def test_a_trainer_without_sessions_is_told_how_they_get_one(world, as_persona):
    body = as_persona("trainer").get(reverse("hub:home")).content.decode()
    assert 'id="trainer-no-sessions"' in body
    assert (
        'id="trainer-no-sessions"'
        not in as_persona("mentor").get(reverse("hub:home")).content.decode()
    )
