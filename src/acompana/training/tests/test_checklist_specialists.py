"""Editing the readiness checklist, buddy pairs by hand, and the specialists who accompany
mentors (services and pages)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.common.models import AuditEntry
from acompana.people.models import BuddyPair, SpecialistAssignment
from acompana.people.tests.factories import MentorProfileFactory
from acompana.training import services
from acompana.training.models import Discipline, ReadinessItem, discipline_label
from acompana.training.selectors import (
    mentors_not_ready,
    readiness_table,
    specialist_assignments_for_user,
)

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
COORDINATORS_ONLY = {p: 403 for p in PERSONAS} | {"coordinator": 200, "outsider": 404}


@pytest.fixture
def cohort(world):
    return world.mentor_profile.cohorts.get()


@pytest.fixture
def items(world, cohort):
    return services.readiness_items_default(cohort=cohort, actor=world.coordinator)


def titles(cohort, active_only=False):
    qs = ReadinessItem.objects.filter(cohort=cohort).order_by("position", "pk")
    if active_only:
        qs = qs.filter(active=True)
    return list(qs.values_list("title", flat=True))


# --- Readiness checklist: services -------------------------------------------------------------


def test_an_added_item_goes_last_and_a_blank_title_is_refused(world, cohort, items):
    item = services.readiness_item_add(cohort=cohort, title=" Leyó el protocolo ", actor=None)

    assert titles(cohort)[-1] == "Leyó el protocolo"
    assert item.position == len(items) + 1
    with pytest.raises(ValidationError):
        services.readiness_item_add(cohort=cohort, title="  ", actor=world.coordinator)


def test_moving_an_item_swaps_it_with_its_neighbour(world, cohort, items):
    first, second = titles(cohort)[:2]

    services.readiness_item_move(item=items[1], up=True, actor=world.coordinator)

    assert titles(cohort)[:2] == [second, first]
    with pytest.raises(ValidationError):
        services.readiness_item_move(item=items[1], up=True, actor=world.coordinator)
    assert AuditEntry.objects.filter(action="training.readiness.item_moved").count() == 1


def test_a_renamed_item_keeps_its_signatures(world, cohort, items):
    services.readiness_sign(item=items[0], mentor=world.mentor_profile, actor=world.trainer)

    services.readiness_item_edit(item=items[0], title="Asistió a todo", actor=world.coordinator)

    _items, rows = readiness_table(cohort=cohort, mentor=world.mentor_profile)
    assert rows[0].cells[0][0].title == "Asistió a todo"
    assert rows[0].cells[0][1] is not None


def test_a_deactivated_item_is_no_longer_required_and_cannot_be_signed(world, cohort, items):
    for item in items[1:]:
        services.readiness_sign(item=item, mentor=world.mentor_profile, actor=world.trainer)
    assert world.mentor_profile in [r.mentor for r in mentors_not_ready(world.program)]

    services.readiness_item_set_active(item=items[0], active=False, actor=world.coordinator)

    assert world.mentor_profile not in [r.mentor for r in mentors_not_ready(world.program)]
    table_items, rows = readiness_table(cohort=cohort, mentor=world.mentor_profile)
    assert items[0] not in table_items and rows[0].ready
    with pytest.raises(ValidationError):
        services.readiness_sign(item=items[0], mentor=world.mentor_profile, actor=world.trainer)
    services.readiness_item_set_active(item=items[0], active=True, actor=world.coordinator)
    assert world.mentor_profile in [r.mentor for r in mentors_not_ready(world.program)]


# --- Readiness checklist: the page -------------------------------------------------------------


def item_action_url(world, action):
    return reverse(f"training:readiness_item_{action}", args=[world.program.slug])


def items_url(world, cohort=None):
    url = reverse("training:readiness_items", args=[world.program.slug])
    return f"{url}?cohort={cohort.pk}" if cohort else url


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_open_the_checklist_editor(world, items, as_persona, persona, status):
    response = as_persona(persona).get(items_url(world))

    assert response.status_code == status
    if status == 200:
        # The shipped item, in the reader's language (English here).
        assert "Attended the induction modules" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_add_checklist_items(world, cohort, items, as_persona, persona, status):
    response = as_persona(persona).post(
        item_action_url(world, "add"), {"cohort": cohort.pk, "new-title": "Nuevo ítem"}
    )

    assert response.status_code == (302 if status == 200 else status)
    assert ("Nuevo ítem" in titles(cohort)) is (status == 200)


def test_the_checklist_page_renames_reorders_and_deactivates(world, cohort, items, as_persona):
    client = as_persona("coordinator")

    def url(action):
        return item_action_url(world, action)

    client.post(url("edit"), {"cohort": cohort.pk, "item": items[0].pk, "title": "A"})
    client.post(url("down"), {"cohort": cohort.pk, "item": items[0].pk})
    client.post(url("deactivate"), {"cohort": cohort.pk, "item": items[3].pk})
    missing = client.post(url("up"), {"cohort": cohort.pk, "item": 999999})

    assert titles(cohort)[1] == "A"
    assert len(titles(cohort, active_only=True)) == 3
    assert missing.status_code == 404


# --- Buddy pairs -------------------------------------------------------------------------------


@pytest.fixture
def novice(world, cohort):
    profile = MentorProfileFactory(program=world.program, programs_served=0)
    profile.cohorts.add(cohort)
    return profile


def test_a_novice_gets_one_experienced_buddy_at_a_time(world, novice):
    pair = services.buddy_pair_create(
        program=world.program,
        novice=novice,
        buddy=world.mentor_profile,
        started_on=datetime.date(2026, 3, 1),
        actor=world.coordinator,
    )

    with pytest.raises(ValidationError, match="already has a buddy"):
        services.buddy_pair_create(
            program=world.program,
            novice=novice,
            buddy=world.other_mentor_profile,
            started_on=datetime.date(2026, 3, 2),
            actor=world.coordinator,
        )
    with pytest.raises(ValidationError, match="before it started"):
        services.buddy_pair_end(pair=pair, ended_on=datetime.date(2026, 1, 1), actor=None)
    services.buddy_pair_end(pair=pair, ended_on=datetime.date(2026, 6, 30), actor=None)
    again = services.buddy_pair_create(
        program=world.program,
        novice=novice,
        buddy=world.other_mentor_profile,
        started_on=datetime.date(2026, 7, 1),
        actor=world.coordinator,
    )
    assert BuddyPair.objects.filter(novice=novice).count() == 2
    assert again.ended_on is None


@pytest.mark.parametrize("case", ["experienced novice", "novice buddy", "own buddy"])
def test_the_buddy_must_be_experienced_and_the_novice_not(world, novice, case):
    another = MentorProfileFactory(program=world.program, programs_served=0)
    novice_, buddy = {
        "experienced novice": (world.other_mentor_profile, world.mentor_profile),
        "novice buddy": (novice, another),
        "own buddy": (world.mentor_profile, world.mentor_profile),
    }[case]

    with pytest.raises(ValidationError):
        services.buddy_pair_create(
            program=world.program,
            novice=novice_,
            buddy=buddy,
            started_on=datetime.date(2026, 3, 1),
            actor=world.coordinator,
        )


# --- Specialists -------------------------------------------------------------------------------


@pytest.fixture
def second_specialist(world):
    user = UserFactory(first_name="Manuel", last_name="Rojas")
    MembershipFactory(user=user, program=world.program, role="specialist")
    return user


def test_assigning_a_specialist_records_the_discipline_and_ending_removes_access(
    world, second_specialist
):
    assignment = services.specialist_assign(
        program=world.program,
        specialist=second_specialist,
        mentor=world.other_mentor_profile,
        discipline=Discipline.ANTHROPOLOGIST,
        actor=world.coordinator,
    )

    assert discipline_label(assignment.discipline) == "Anthropologist"
    with pytest.raises(ValidationError, match="already accompanies"):
        services.specialist_assign(
            program=world.program,
            specialist=second_specialist,
            mentor=world.other_mentor_profile,
            discipline="pedagogue",
            actor=world.coordinator,
        )
    services.specialist_unassign(assignment=assignment, actor=world.coordinator)
    assert not SpecialistAssignment.objects.filter(specialist=second_specialist).exists()
    entry = AuditEntry.objects.get(action="training.specialist.unassigned")
    assert entry.data["discipline"] == "anthropologist"


@pytest.mark.parametrize(
    ("who", "discipline"), [("trainer", "pedagogue"), ("specialist", ""), ("specialist", "other")]
)
def test_only_specialists_with_a_discipline_are_assigned(world, who, discipline):
    with pytest.raises(ValidationError):
        services.specialist_assign(
            program=world.program,
            specialist=world.persona(who),
            mentor=world.other_mentor_profile,
            discipline=discipline,
            actor=world.coordinator,
        )


def test_each_persona_sees_the_assignments_it_may_see(world, second_specialist):
    services.specialist_assign(
        program=world.program,
        specialist=second_specialist,
        mentor=world.other_mentor_profile,
        discipline="sociologist",
        actor=world.coordinator,
    )

    def seen(user):
        return {
            (a.specialist_id, a.mentor_id)
            for a in specialist_assignments_for_user(user=user, program=world.program)
        }

    mine = (world.specialist.pk, world.mentor_profile.pk)
    theirs = (second_specialist.pk, world.other_mentor_profile.pk)
    assert seen(world.coordinator) == {mine, theirs}
    assert seen(world.specialist) == {mine}
    assert seen(world.mentor) == {mine}
    assert seen(second_specialist) == {theirs}


def specialists_url(world, action=None):
    name = f"training:specialist_{action}" if action else "training:specialists"
    return reverse(name, args=[world.program.slug])


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_open_the_specialists_page(world, as_persona, persona, status):
    response = as_persona(persona).get(specialists_url(world))

    assert response.status_code == status
    if status == 200:
        assert world.specialist.get_full_name() in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), COORDINATORS_ONLY.items())
def test_only_coordinators_assign_specialists(
    world, second_specialist, as_persona, persona, status
):
    data = {
        "specialist": second_specialist.pk,
        "mentor": world.mentor_profile.pk,
        "discipline": "other",
        "other": "Psicología",
    }

    response = as_persona(persona).post(specialists_url(world, "assign"), data)

    assert response.status_code == (302 if status == 200 else status)
    created = SpecialistAssignment.objects.filter(specialist=second_specialist).first()
    if status == 200:
        assert created is not None and created.discipline == "Psicología"
    else:
        assert created is None


def test_ending_an_assignment_from_the_page_and_the_mentor_page_shows_the_discipline(
    world, second_specialist, as_persona
):
    client = as_persona("coordinator")
    client.post(
        specialists_url(world, "assign"),
        {
            "specialist": second_specialist.pk,
            "mentor": world.mentor_profile.pk,
            "discipline": "pedagogue",
        },
    )
    mentor_page = reverse("hub:mentor", args=[world.program.slug, world.mentor_profile.code])
    assert "Manuel Rojas (Pedagogue)" in client.get(mentor_page).content.decode()

    assignment = SpecialistAssignment.objects.get(specialist=second_specialist)
    client.post(specialists_url(world, "end"), {"assignment": assignment.pk})

    assert not SpecialistAssignment.objects.filter(pk=assignment.pk).exists()
    assert "Manuel Rojas" not in client.get(mentor_page).content.decode()


def test_the_training_index_links_coordinators_to_specialists_and_the_checklist(world, as_persona):
    index = reverse("training:index", args=[world.program.slug])

    assert specialists_url(world) in as_persona("coordinator").get(index).content.decode()
    assert specialists_url(world) not in as_persona("trainer").get(index).content.decode()


def test_the_specialists_page_offers_a_searched_few_mentors_and_assigns_any_of_them(
    world, second_specialist, as_persona, monkeypatch
):
    from acompana.common import narrowing

    monkeypatch.setattr(narrowing, "CHOICES_SHOWN", 1)
    extra = MentorProfileFactory(program=world.program, code="ZZZ9")
    client = as_persona("coordinator")
    page = reverse("training:specialists", args=[world.program.slug])
    form = client.get(page).content.decode().split('id="specialist-form"', 1)[1]
    assert form.split('name="mentor"', 1)[1].split("</select>", 1)[0].count("<option") == 1
    found = client.get(page, {"q": "ZZZ9"}).content.decode().split('id="specialist-form"', 1)[1]
    assert f'value="{extra.pk}"' in found
    client.post(
        reverse("training:specialist_assign", args=[world.program.slug]),
        {"specialist": second_specialist.pk, "mentor": extra.pk, "discipline": "sociologist"},
    )
    assert SpecialistAssignment.objects.filter(mentor=extra, specialist=second_specialist).exists()
