"""The partnership history on a mentee's page links to an agreement only for those the
agreement rules let open it (agreements.permissions.partnership_access), so the template tag
and the agreement page never disagree."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from acompana.accounts.models import Membership, Role, User
from acompana.agreements.permissions import partnership_access
from acompana.agreements.selectors import get_agreement_for_user
from acompana.agreements.templatetags.agreements import partnership_history
from acompana.agreements.tests.conftest import issue


def history_for(user, world):
    context = {"request": SimpleNamespace(user=user)}
    return partnership_history(context, world.program, world.mentee_profile)["history"]


def test_the_pair_and_coordinators_see_the_agreement_link_in_the_history(world, pair):
    issue(world, pair)

    for user in (world.coordinator, world.mentor, world.mentee):
        history = history_for(User.objects.get(pk=user.pk), world)
        assert [p.agreement_visible for p in history["partnerships"]] == [True]


def test_the_other_mentor_sees_no_agreement_link(world, pair):
    issue(world, pair)
    other = world.other_mentor_profile.user

    history = history_for(other, world)

    assert [p.agreement_visible for p in history["partnerships"]] == [False]


def test_a_member_of_the_pair_without_that_role_gets_no_link_they_could_not_open(world, pair):
    """The mentee's account now holds only a mentor role in the program: the agreement page
    refuses them, so the history must not link to it."""
    agreement = issue(world, pair)
    Membership.objects.filter(user=world.mentee, program=world.program).update(role=Role.MENTOR)
    user = User.objects.get(pk=world.mentee.pk)

    history = history_for(user, world)

    assert [p.agreement_visible for p in history["partnerships"]] == [False]
    roles = frozenset({Role.MENTOR})
    assert not partnership_access(user=user, partnership=pair, roles=roles).read
    with pytest.raises((Http404, PermissionDenied)):
        get_agreement_for_user(user=user, program=world.program, pk=agreement.pk)


def test_the_history_costs_no_query_per_partnership(world, pair, django_assert_max_num_queries):
    issue(world, pair)
    user = User.objects.get(pk=world.coordinator.pk)

    with django_assert_max_num_queries(5):
        history_for(user, world)
