"""Endpoints for programs, their cohorts and schools.

Every endpoint reads through the permission-checked selectors the pages use, so the API shows
exactly what the pages show: outsiders get 404 on program-scoped URLs, members without the
right role get 403, and lists hold only the rows the caller may see. Writes go through
``programs.services``: site administrators create programs; a program's coordinators change it
and create and change its cohorts.
"""

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import Membership, Role
from acompana.accounts.permissions import is_site_admin, roles_in
from acompana.api.base import FILTERS, ApiViewSet, ProgramScopedViewSet, one_of
from acompana.api.schema import ID, errors, reads, writes
from acompana.common.ids import id_or_404
from acompana.frameworks.models import Framework
from acompana.programs import services
from acompana.programs.models import Cohort, Modality, Program, School
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
    SchoolSerializer,
)

# --- Requests ----------------------------------------------------------------------------------


TIME_ZONE_HELP = (
    "An IANA time zone, e.g. America/Lima: the program's pages show dates and times there "
    "(empty: the site's)."
)
LANGUAGE_HELP = (
    "es or en: the program's language for people without one of their own (empty: the site's)."
)
LANGUAGE_CHOICES = [("", "the site's"), ("es", "Spanish"), ("en", "English")]


class ProgramCreateSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=50, help_text="The program's address.")
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    framework = serializers.SlugField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The slug of the standards framework the program's profiles refer to.",
    )
    time_zone = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=64, help_text=TIME_ZONE_HELP
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES, required=False, default="", help_text=LANGUAGE_HELP
    )


class ProgramUpdateSerializer(serializers.Serializer):
    """Fields left out keep their value."""

    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    framework = serializers.SlugField(
        required=False, allow_null=True, help_text="A framework's slug, or null for none."
    )
    time_zone = serializers.CharField(
        required=False, allow_blank=True, max_length=64, help_text=TIME_ZONE_HELP
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES, required=False, help_text=LANGUAGE_HELP
    )
    jitsi_url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=(
            "The https address of the program's own Jitsi server: training sessions and "
            "breakout rooms get unguessable room links on it (empty: none)."
        ),
    )
    readiness_gate = serializers.BooleanField(
        required=False,
        help_text=(
            "Readiness as a gate: a mentor who misses items of their cohort's readiness "
            "checklist cannot be published in a matching run or schedule their first visit "
            "(the refusal is a 400 whose fields.readiness names each mentor's missing items)."
        ),
    )


class CohortCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    modality = serializers.ChoiceField(choices=Modality.choices)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    mentor_capacity = serializers.IntegerField(
        min_value=1, max_value=500, required=False, allow_null=True, default=None
    )


class CohortUpdateSerializer(serializers.Serializer):
    """Fields left out keep their value."""

    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    modality = serializers.ChoiceField(choices=Modality.choices, required=False)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    mentor_capacity = serializers.IntegerField(
        min_value=1, max_value=500, required=False, allow_null=True
    )


def framework_or_400(slug: str | None) -> Framework | None:
    if slug is None:
        return None
    framework = one_of(Framework.objects, "framework", "No framework with this slug.", slug=slug)
    return framework


# --- Endpoints ---------------------------------------------------------------------------------


@extend_schema_view(
    list=reads("Programs the caller belongs to", ProgramSerializer, errors=errors(401, 404)),
    retrieve=reads("One program", ProgramSerializer, errors=errors(401, 404)),
    create=writes(
        "Create a program (site administrators)",
        ProgramSerializer,
        request=ProgramCreateSerializer,
        code=201,
        errors=errors(400, 401, 403),
    ),
    partial_update=writes(
        "Change a program's name, description, framework or readiness gate (its coordinators)",
        ProgramSerializer,
        request=ProgramUpdateSerializer,
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

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not is_site_admin(self.caller):
            raise PermissionDenied
        data = self.validated(ProgramCreateSerializer)
        data["framework"] = framework_or_400(data["framework"])
        program = services.program_create(actor=self.caller, **data)
        body = ProgramSerializer(program, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = get_program_for_user(
            user=self.caller, slug=self.kwargs["slug"], roles=(Role.COORDINATOR,)
        )
        data = self.validated(ProgramUpdateSerializer)
        if "framework" in data:
            data["framework"] = framework_or_400(data["framework"])
        program = services.program_update(program=program, actor=self.caller, **data)
        return Response(ProgramSerializer(program, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=reads("Cohorts of a program", CohortSerializer, errors=errors(401, 404)),
    retrieve=reads("One cohort", CohortSerializer, ID, errors=errors(401, 404)),
    create=writes(
        "Create a cohort (coordinators)", CohortSerializer, request=CohortCreateSerializer, code=201
    ),
    partial_update=writes(
        "Change a cohort (coordinators)", CohortSerializer, ID, request=CohortUpdateSerializer
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

    def with_counts(self, cohort: Cohort) -> Cohort:
        return self.get_queryset().get(pk=cohort.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        self.require_coordinator()
        data = self.validated(CohortCreateSerializer)
        cohort = services.cohort_create(program=program, actor=self.caller, **data)
        return Response(
            CohortSerializer(self.with_counts(cohort)).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_coordinator()
        cohort = self.get_object()
        data = self.validated(CohortUpdateSerializer)
        cohort = services.cohort_update(cohort=cohort, actor=self.caller, **data)
        return Response(CohortSerializer(self.with_counts(cohort)).data)


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", help_text="Part of the school's code or name.")

    class Meta:
        model = School
        fields: list[str] = []

    def search(self, queryset: QuerySet[School], name: str, q: str) -> QuerySet[School]:
        return queryset.filter(name__icontains=q) | queryset.filter(code__icontains=q)


@extend_schema_view(
    list=reads(
        "Schools of a program (coordinators)", SchoolSerializer, errors=errors(400, 401, 403, 404)
    ),
    retrieve=reads("One school (coordinators)", SchoolSerializer, errors=errors(401, 403, 404)),
)
class SchoolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet):
    """The program's schools, with how many mentees each has. Coordinators only."""

    serializer_class = SchoolSerializer
    queryset = School.objects.none()
    filter_backends = FILTERS
    filterset_class = SchoolFilter
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self) -> QuerySet[School]:
        return school_list_for_user(user=self.caller, program=self.program)

    def get_object(self) -> School:
        return get_object_or_404(self.get_queryset(), code=self.kwargs["code"])
