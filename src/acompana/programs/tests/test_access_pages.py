"""Coordinators manage the people of their program: roles, invitations, deactivation."""

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from acompana.accounts.models import Invitation, Membership, Role, User
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.common.models import AuditEntry
from acompana.programs.models import Cohort
from acompana.programs.tests.factories import CohortFactory


def without_password(program, email, role=Role.MENTEE, language=""):
    user = UserFactory(email=email, preferred_language=language)
    user.set_unusable_password()
    user.save()
    MembershipFactory(user=user, program=program, role=role)
    return user


def test_the_people_page_lists_everyone_with_roles_and_access_state(world, as_persona):
    without_password(world.program, "nuevo@example.org")
    response = as_persona("coordinator").get(reverse("programs:members", args=["test-program"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "nuevo@example.org" in body and "access-never_invited" in body
    assert "access-active" in body


def test_the_people_page_filters_by_access_state(world, as_persona):
    without_password(world.program, "nuevo@example.org")
    response = as_persona("coordinator").get(
        reverse("programs:members", args=["test-program"]), {"state": "never_invited"}
    )
    assert [p.email for p in response.context["page"]] == ["nuevo@example.org"]


def test_the_people_page_keeps_its_query_count_with_many_people(
    world, as_persona, django_assert_max_num_queries
):
    for n in range(30):
        without_password(world.program, f"p{n}@example.org")
    client = as_persona("coordinator")
    with django_assert_max_num_queries(12):
        client.get(reverse("programs:members", args=["test-program"]))


def test_a_program_with_more_people_than_the_count_cap_says_more_than(
    world, as_persona, monkeypatch
):
    from acompana.programs import access_views

    for n in range(4):
        without_password(world.program, f"p{n}@example.org")
    client = as_persona("coordinator")
    url = reverse("programs:members", args=["test-program"])
    everyone = Membership.objects.filter(program=world.program).values("user").distinct()
    assert f"{everyone.count()} people in this program" in client.get(url).content.decode()

    monkeypatch.setattr(access_views, "COUNT_CAP", 3)
    response = client.get(url)

    assert "More than 3 people in this program" in response.content.decode()
    assert response.context["page"].paginator.capped
    assert [p.email for p in response.context["page"]] == [
        u.email for u in User.objects.filter(memberships__program=world.program).distinct()[:3]
    ]


def test_a_coordinator_invites_one_person_and_can_resend(world, as_persona):
    person = without_password(world.program, "nuevo@example.org", language="en")
    client = as_persona("coordinator")
    url = reverse("programs:invite", args=["test-program", person.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["nuevo@example.org"]
    assert Invitation.objects.filter(user=person).count() == 2
    assert AuditEntry.objects.filter(action="accounts.invitation.resent").count() == 1


def test_bulk_invitations_show_who_first_then_send_to_those_without_a_password(world, as_persona):
    cohort = CohortFactory(program=world.program, year=2030, name="Norte")
    without_password(world.program, "uno@example.org")
    without_password(world.program, "dos@example.org", role=Role.MENTOR)
    client = as_persona("coordinator")
    url = reverse("programs:invitations", args=["test-program"])
    check = client.get(url, {"role": Role.MENTEE})
    assert check.context["count"] == 1 and mail.outbox == []
    sent = client.post(url, {"role": Role.MENTEE})
    assert sent.status_code == 302
    assert [m.to for m in mail.outbox] == [["uno@example.org"]]
    assert client.get(url, {"pending": "on"}).context["count"] == 1  # dos, never invited
    assert client.get(url, {"cohort": cohort.pk}).context["count"] == 0


def test_a_coordinator_adds_a_trainer_who_gets_an_account_without_a_password(world, as_persona):
    response = as_persona("coordinator").post(
        reverse("programs:member_add", args=["test-program"]),
        {
            "email": "Formadora@Example.org",
            "first_name": "Ana",
            "last_name": "Paz",
            "role": "trainer",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="formadora@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, program=world.program, role="trainer").exists()
    assert AuditEntry.objects.filter(action="accounts.membership.added").exists()


def test_one_person_may_hold_several_roles(world, as_persona):
    client = as_persona("coordinator")
    for role in ("coordinator", "specialist"):
        client.post(
            reverse("programs:member_add", args=["test-program"]),
            {"email": "trainer@example.org", "role": role},
        )
    roles = set(Membership.objects.filter(user=world.trainer).values_list("role", flat=True))
    assert roles == {"trainer", "coordinator", "specialist"}


def test_the_last_coordinator_cannot_be_removed_but_others_can(world, as_persona):
    client = as_persona("coordinator")
    mine = Membership.objects.get(user=world.coordinator, role="coordinator")
    url = reverse("programs:membership_remove", args=["test-program", mine.pk])
    client.post(url)
    assert Membership.objects.filter(pk=mine.pk).exists()
    second = MembershipFactory(user=world.trainer, program=world.program, role="coordinator")
    client.post(reverse("programs:membership_remove", args=["test-program", second.pk]))
    assert not Membership.objects.filter(pk=second.pk).exists()
    assert AuditEntry.objects.filter(action="accounts.membership.removed").exists()


def test_a_coordinator_deactivates_and_reactivates_a_person(world, as_persona, client):
    coordinator = as_persona("coordinator")
    coordinator.post(reverse("programs:deactivate", args=["test-program", world.mentor.pk]))
    assert not User.objects.get(pk=world.mentor.pk).is_active
    coordinator.post(reverse("programs:reactivate", args=["test-program", world.mentor.pk]))
    assert User.objects.get(pk=world.mentor.pk).is_active


def test_a_coordinator_cannot_deactivate_themselves(world, as_persona):
    as_persona("coordinator").post(
        reverse("programs:deactivate", args=["test-program", world.coordinator.pk]),
    )
    assert User.objects.get(pk=world.coordinator.pk).is_active


def test_people_outside_the_program_are_not_found(world, as_persona):
    stranger = UserFactory(email="ajena@example.org")
    response = as_persona("coordinator").post(
        reverse("programs:deactivate", args=["test-program", stranger.pk])
    )
    assert response.status_code == 404
    assert User.objects.get(pk=stranger.pk).is_active


@pytest.mark.parametrize("persona", ["mentor", "mentee", "trainer", "specialist", "researcher"])
def test_only_coordinators_manage_people(world, as_persona, persona):
    client = as_persona(persona)
    assert client.get(reverse("programs:members", args=["test-program"])).status_code == 403
    response = client.post(reverse("programs:invite", args=["test-program", world.mentee.pk]))
    assert response.status_code == 403


def test_the_mentee_list_shows_coordinators_each_persons_access(world, as_persona):
    body = as_persona("coordinator").get(reverse("people:mentees", args=["test-program"]))
    assert "access-active" in body.content.decode()
    mentor_view = as_persona("mentor").get(reverse("people:mentees", args=["test-program"]))
    assert "access-" not in mentor_view.content.decode()


# --- acompana invite ------------------------------------------------------------------------


def test_the_invite_command_prints_how_many_were_sent(world, capsys):
    cohort = Cohort.objects.get(program=world.program)
    person = without_password(world.program, "uno@example.org")
    world.mentee_profile.user = person
    world.mentee_profile.save()
    without_password(world.program, "dos@example.org", role=Role.MENTOR)
    call_command("invite", "--program", "test-program", "--cohort", str(cohort.year))
    assert "Sent 1 invitation(s)" in capsys.readouterr().out
    call_command("invite", "--program", "test-program", "--pending")
    assert "Sent 1 invitation(s)" in capsys.readouterr().out
    call_command("invite", "--program", "test-program", "--role", "mentor")
    assert "Sent 1 invitation(s)" in capsys.readouterr().out
    assert sorted(m.to[0] for m in mail.outbox) == [
        "dos@example.org",
        "dos@example.org",
        "uno@example.org",
    ]
    assert re.search(r"/accounts/invitation/\S+/", mail.outbox[0].body)


def test_the_invite_command_refuses_an_unknown_cohort_or_program(world):
    with pytest.raises(CommandError):
        call_command("invite", "--program", "test-program", "--cohort", "Sur")
    with pytest.raises(CommandError):
        call_command("invite", "--program", "nope")


def test_a_coordinator_of_another_program_gets_404_on_every_new_page(world, client):
    from acompana.programs.tests.factories import ProgramFactory

    other = ProgramFactory(slug="otro")
    elsewhere = UserFactory(email="c2@example.org")
    MembershipFactory(user=elsewhere, program=other, role="coordinator")
    client.force_login(elsewhere)
    cohort = Cohort.objects.get(program=world.program)
    gets = [
        reverse("programs:members", args=["test-program"]),
        reverse("programs:member_add", args=["test-program"]),
        reverse("programs:invitations", args=["test-program"]),
        reverse("programs:cohort_new", args=["test-program"]),
        reverse("programs:cohort_edit", args=["test-program", cohort.pk]),
    ]
    posts = [
        reverse("programs:invite", args=["test-program", world.mentee.pk]),
        reverse("programs:deactivate", args=["test-program", world.mentee.pk]),
        reverse("people:cohort_members", args=["test-program", "mentees"]),
        *gets,
    ]
    assert {client.get(url).status_code for url in gets} == {404}
    assert {client.post(url, {"action": "deactivate"}).status_code for url in posts} == {404}
    assert User.objects.get(pk=world.mentee.pk).is_active


def test_a_person_of_another_program_is_deactivated_only_by_a_site_administrator(world, as_persona):
    from acompana.accounts.tests.factories import MembershipFactory
    from acompana.programs.tests.factories import ProgramFactory

    MembershipFactory(user=world.mentor, program=ProgramFactory(slug="otro"), role="mentor")
    response = as_persona("coordinator").post(
        reverse("programs:deactivate", args=["test-program", world.mentor.pk]), follow=True
    )
    assert User.objects.get(pk=world.mentor.pk).is_active
    assert "site administrator" in response.content.decode()
