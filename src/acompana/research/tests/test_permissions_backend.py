# ruff: noqa: F811  (pytest fixtures imported from test_services_setup)
"""Who may see a study and who may see identities (the rules the pages and the API share)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.programs.tests.factories import ProgramFactory
from acompana.research import services
from acompana.research.models import StudyMember
from acompana.research.permissions import (
    can_manage_study,
    can_see_identities,
    get_study_for_user,
    study_member_for,
)
from acompana.research.selectors import participant_identity, study_list_for_user
from acompana.research.tests.test_services_setup import study  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
EXPECTED = {p: PermissionDenied for p in PERSONAS} | {
    "coordinator": None,
    "researcher": None,
    "outsider": Http404,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("write", [False, True])
def test_a_study_is_for_its_members_and_the_programs_coordinators(study, world, persona, write):
    user = world.persona(persona)
    expected = EXPECTED[persona]
    if expected is None:
        assert get_study_for_user(user, world.program, "formacion", write=write) == study
    else:
        with pytest.raises(expected):
            get_study_for_user(user, world.program, "formacion", write=write)


def test_an_outsider_gets_404_even_for_a_slug_that_does_not_exist(study, world):
    with pytest.raises(Http404):
        get_study_for_user(world.outsider, world.program, "nada")
    with pytest.raises(Http404):
        get_study_for_user(world.researcher, world.program, "nada")


def test_a_researcher_who_is_not_a_member_is_refused_and_lists_nothing(study, world):
    other = UserFactory()
    MembershipFactory(user=other, program=world.program, role="researcher")
    with pytest.raises(PermissionDenied):
        get_study_for_user(other, world.program, "formacion")
    assert list(study_list_for_user(user=other, program=world.program)) == []
    assert list(study_list_for_user(user=world.coordinator, program=world.program)) == [study]
    assert list(study_list_for_user(user=world.researcher, program=world.program)) == [study]
    with pytest.raises(PermissionDenied):
        study_list_for_user(user=world.mentor, program=world.program)
    with pytest.raises(Http404):
        study_list_for_user(user=world.outsider, program=world.program)


def test_a_member_who_left_the_researcher_role_loses_access(study, world):
    world.researcher.memberships.filter(program=world.program).delete()
    fresh = type(world.researcher).objects.get(pk=world.researcher.pk)
    with pytest.raises(Http404):
        get_study_for_user(fresh, world.program, "formacion")


def test_a_study_of_another_program_is_not_found(study, world):
    other = ProgramFactory()
    MembershipFactory(user=world.researcher, program=other, role="researcher")
    with pytest.raises(Http404):
        get_study_for_user(world.researcher, other, "formacion")


def test_identities_are_for_coordinators_and_members_granted_access(study, world):
    participant = study.participants.get(code_name="7G")
    assert can_see_identities(world.coordinator, study)
    assert participant_identity(user=world.coordinator, participant=participant).full_name
    assert not can_see_identities(world.researcher, study)
    assert participant_identity(user=world.researcher, participant=participant) is None
    member = StudyMember.objects.get(study=study, user=world.researcher)
    services.study_identity_access_set(member=member, actor=world.coordinator, granted=True)
    fresh = study.__class__.objects.get(pk=study.pk)
    assert can_see_identities(world.researcher, fresh)
    for persona in ["mentor", "mentee", "specialist", "trainer", "outsider"]:
        assert not can_see_identities(world.persona(persona), fresh)


def test_membership_and_management(study, world):
    assert study_member_for(world.researcher, study).code_name == "R1"
    assert study_member_for(world.coordinator, study) is None
    assert can_manage_study(world.researcher, study)
    assert can_manage_study(world.coordinator, study)
    second = UserFactory()
    MembershipFactory(user=second, program=world.program, role="researcher")
    services.study_member_add(study=study, actor=world.researcher, user=second, code_name="R2")
    assert not can_manage_study(second, study.__class__.objects.get(pk=study.pk))
