"""Read-only endpoints for programs, their cohorts and schools.

Every endpoint reads through the permission-checked selectors the pages use, so the API shows
exactly what the pages show: outsiders get 404 on program-scoped URLs, members without the
right role get 403, and lists hold only the rows the caller may see.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from acompana.accounts.models import Membership, Role
from acompana.accounts.permissions import is_site_admin, roles_in
from acompana.api.base import ApiViewSet, ProgramScopedViewSet
from acompana.api.schema import ID, errors
from acompana.common.ids import id_or_404
from acompana.programs.models import Cohort, Program, School
from acompana.programs.selectors import (
    cohort_list,
    get_cohort_for_user,
    get_program_for_user,
    program_list_for_user,
    school_list_for_user,
)
from acompana.programs.serializers import (
    CohortSerializer,
    ProgramSerializer,
    SchoolFilterSerializer,
    SchoolSerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="Programs the caller belongs to",
        responses={200: ProgramSerializer, **errors(401, 404)},
    ),
    retrieve=extend_schema(
        summary="One program", responses={200: ProgramSerializer, **errors(401, 404)}
    ),
)
class ProgramViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
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
class CohortViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet):
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
class SchoolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet):
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
