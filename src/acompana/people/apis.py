"""Read-only endpoints for a program's mentors and mentees.

Every endpoint reads through the permission-checked selectors the pages use, so the API shows
exactly what the pages show: outsiders get 404 on program-scoped URLs, members without the
right role get 403, and lists hold only the rows the caller may see.
"""

from functools import cached_property
from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role, roles_in
from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import errors
from acompana.frameworks.models import Competency
from acompana.people.models import MenteeProfile, MentorProfile, Profile
from acompana.people.selectors import (
    active_partnerships,
    get_mentee_for_user,
    get_mentor_for_user,
    mentee_list_for_user,
    mentee_search,
    mentor_list_for_user,
    mentor_search,
)
from acompana.people.serializers import (
    MenteeFilterSerializer,
    MenteeSerializer,
    MentorFilterSerializer,
    MentorSerializer,
)
from acompana.programs.models import Cohort


class ProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet):
    # Mentors and mentees, looked up by their code in the program.
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "email_visible": self.email_visible}

    def email_visible(self, profile: Profile) -> bool:
        """Coordinators see every address; everyone sees their own."""
        user = self.caller
        return profile.user_id == user.pk or Role.COORDINATOR in roles_in(user, self.program)


@extend_schema_view(
    list=extend_schema(
        summary="Mentors the caller may see",
        parameters=[MentorFilterSerializer],
        responses={200: MentorSerializer, **errors(400, 401, 403, 404)},
    ),
    retrieve=extend_schema(
        summary="One mentor", responses={200: MentorSerializer, **errors(401, 403, 404)}
    ),
)
class MentorViewSet(ProfileViewSet):
    """Coordinators and trainers see every mentor, specialists the mentors they accompany,
    mentors themselves and mentees their current mentors; researchers get 403. Email addresses
    are shown to coordinators and to the mentor themself."""

    serializer_class = MentorSerializer
    queryset = MentorProfile.objects.none()

    def get_queryset(self) -> QuerySet[MentorProfile]:
        return mentor_list_for_user(user=self.caller, program=self.program)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        found = mentor_search(
            queryset,
            with_email=has_role(self.caller, self.program, Role.COORDINATOR),
            **self.validated_query(MentorFilterSerializer),
        )
        return found.prefetch_related(*_profile_prefetches("strengths"))

    def get_object(self) -> MentorProfile:
        return get_mentor_for_user(user=self.caller, program=self.program, code=self.kwargs["code"])


@extend_schema_view(
    list=extend_schema(
        summary="Mentees the caller may see",
        parameters=[MenteeFilterSerializer],
        responses={200: MenteeSerializer, **errors(400, 401, 403, 404)},
    ),
    retrieve=extend_schema(
        summary="One mentee", responses={200: MenteeSerializer, **errors(401, 403, 404)}
    ),
)
class MenteeViewSet(ProfileViewSet):
    """Coordinators see every mentee, mentors their current mentees, specialists the mentees of
    the mentors they accompany and mentees themselves; trainers and researchers get 403. Email
    addresses are shown to coordinators, to the mentee themself and to their current mentors."""

    serializer_class = MenteeSerializer
    queryset = MenteeProfile.objects.none()

    def get_queryset(self) -> QuerySet[MenteeProfile]:
        return mentee_list_for_user(user=self.caller, program=self.program)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        found = mentee_search(
            queryset,
            with_email=has_role(self.caller, self.program, Role.COORDINATOR),
            **self.validated_query(MenteeFilterSerializer),
        )
        return found.prefetch_related(*_profile_prefetches("needs"))

    def get_object(self) -> MenteeProfile:
        return get_mentee_for_user(user=self.caller, program=self.program, code=self.kwargs["code"])

    def email_visible(self, profile: Profile) -> bool:
        """Also the mentee's current mentors."""
        return super().email_visible(profile) or profile.pk in self.my_mentee_ids

    @cached_property
    def my_mentee_ids(self) -> frozenset[int]:
        user = self.caller
        if Role.MENTOR not in roles_in(user, self.program):
            return frozenset()
        partnerships = active_partnerships(program=self.program).filter(mentor__user=user)
        return frozenset(partnerships.values_list("mentee_id", flat=True))


def _profile_prefetches(competencies: str) -> list[Prefetch[Any]]:
    """Cohort ids and competency codes in one query each, whatever the page size."""
    return [
        # Profiles belong to one program: ordering by year avoids a join to the program.
        Prefetch("cohorts", queryset=Cohort.objects.only("id").order_by("year", "name")),
        Prefetch(competencies, queryset=Competency.objects.only("id", "code")),
    ]
