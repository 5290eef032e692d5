"""Read-only endpoints for programs and what they hold.

Every endpoint reads through the permission-checked selectors the pages use, so the API shows
exactly what the pages show: outsiders get 404 on program-scoped URLs, members without the
right role get 403, and lists hold only the rows the caller may see.
"""

from functools import cached_property
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from acompana.accounts.models import Membership, Role, User
from acompana.accounts.permissions import has_role, is_site_admin, roles_in
from acompana.api.auth import AUTHENTICATION_CLASSES
from acompana.api.schema import ID, PROGRAM_SLUG, errors
from acompana.api.serializers import (
    CohortSerializer,
    MenteeFilterSerializer,
    MenteeSerializer,
    MentorFilterSerializer,
    MentorSerializer,
    ProgramSerializer,
    SchoolFilterSerializer,
    SchoolSerializer,
)
from acompana.common.ids import id_or_404
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
from acompana.programs.models import Cohort, Program, School
from acompana.programs.selectors import (
    cohort_list,
    get_cohort_for_user,
    get_program_for_user,
    program_list_for_user,
    school_list_for_user,
)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    authentication_classes = AUTHENTICATION_CLASSES

    @property
    def caller(self) -> User:
        """The signed-in user (IsAuthenticated lets no one else through)."""
        return cast(User, self.request.user)

    def validated_query(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The query parameters, or a 400 in the API error format. Empty parameters (an
        unselected filter in a form) are left out rather than rejected."""
        given = {key: value for key, value in self.request.query_params.items() if value != ""}
        params = serializer_class(data=given)
        params.is_valid(raise_exception=True)
        return dict(params.validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="Programs the caller belongs to",
        responses={200: ProgramSerializer, **errors(401, 404)},
    ),
    retrieve=extend_schema(
        summary="One program", responses={200: ProgramSerializer, **errors(401, 404)}
    ),
)
class ProgramViewSet(ReadOnlyViewSet):
    """Programs, each with the caller's roles in it. Site administrators see every program."""

    serializer_class = ProgramSerializer
    queryset = Program.objects.none()
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def get_queryset(self) -> QuerySet[Program]:
        user = self.caller
        mine = Membership.objects.filter(user=user)
        return (
            program_list_for_user(user=user)
            .prefetch_related(Prefetch("memberships", queryset=mine, to_attr="caller_memberships"))
            .select_related("framework")
        )

    def get_object(self) -> Program:
        return get_program_for_user(user=self.caller, slug=self.kwargs["slug"])

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "roles": self.roles_of_caller}

    def roles_of_caller(self, program: Program) -> frozenset[str]:
        user = self.caller
        if not hasattr(program, "caller_memberships"):
            return roles_in(user, program)
        roles = {membership.role for membership in program.caller_memberships}
        if is_site_admin(user):
            roles.add(Role.COORDINATOR)
        return frozenset(roles)


@extend_schema(parameters=[PROGRAM_SLUG])
class ProgramScopedViewSet(ReadOnlyViewSet):
    # A resource nested under /programs/{program_slug}/: non-members get 404.

    @cached_property
    def program(self) -> Program:
        return get_program_for_user(user=self.caller, slug=self.kwargs["program_slug"])


@extend_schema_view(
    list=extend_schema(
        summary="Cohorts of a program", responses={200: CohortSerializer, **errors(401, 404)}
    ),
    retrieve=extend_schema(
        summary="One cohort",
        parameters=[ID],
        responses={200: CohortSerializer, **errors(401, 404)},
    ),
)
class CohortViewSet(ProgramScopedViewSet):
    """Cohorts by year and modality, with how many mentors and mentees each holds. Every
    member of the program sees them."""

    serializer_class = CohortSerializer
    queryset = Cohort.objects.none()

    def get_queryset(self) -> QuerySet[Cohort]:
        return cohort_list(program=self.program)

    def get_object(self) -> Cohort:
        return get_cohort_for_user(
            user=self.caller, program=self.program, pk=id_or_404(self.kwargs["pk"])
        )


@extend_schema_view(
    list=extend_schema(
        summary="Schools of a program (coordinators)",
        parameters=[SchoolFilterSerializer],
        responses={200: SchoolSerializer, **errors(400, 401, 403, 404)},
    ),
    retrieve=extend_schema(
        summary="One school (coordinators)",
        responses={200: SchoolSerializer, **errors(401, 403, 404)},
    ),
)
class SchoolViewSet(ProgramScopedViewSet):
    """The program's schools, with how many mentees each has. Coordinators only."""

    serializer_class = SchoolSerializer
    queryset = School.objects.none()
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self) -> QuerySet[School]:
        return school_list_for_user(user=self.caller, program=self.program)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        q = self.validated_query(SchoolFilterSerializer).get("q")
        if q:
            return queryset.filter(name__icontains=q) | queryset.filter(code__icontains=q)
        return queryset

    def get_object(self) -> School:
        return get_object_or_404(self.get_queryset(), code=self.kwargs["code"])


class ProfileViewSet(ProgramScopedViewSet):
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
