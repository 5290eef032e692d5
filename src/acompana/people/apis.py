"""Endpoints for a program's mentors and mentees.

Every endpoint reads through the permission-checked selectors the pages use, so the API shows
exactly what the pages show: outsiders get 404 on program-scoped URLs, members without the
right role get 403, and lists hold only the rows the caller may see. The program's coordinators
create and change mentors and mentees through ``people.services`` (other members 403).
"""

from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import Role
from acompana.accounts.permissions import has_role, roles_in
from acompana.accounts.selectors import invited_subquery
from acompana.api.base import FILTERS, IdFilter, ProgramScopedViewSet
from acompana.api.schema import errors, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.frameworks.models import Competency
from acompana.people import services
from acompana.people.forms import EXPERIENCE_CHOICES
from acompana.people.models import CareerStage, Degree, MenteeProfile, MentorProfile, Profile
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
    MenteeSerializer,
    MentorSerializer,
)
from acompana.programs.models import Cohort, Modality, Program, Region, School

# --- Requests (coordinators' writes) ---------------------------------------------------------


class ProfileWriteSerializer(serializers.Serializer):
    """What mentor and mentee writes share. Fields left out of a change keep their value."""

    code = serializers.CharField(max_length=40, help_text="Unique in the program.")
    email = serializers.EmailField(help_text="The person's account (created if new).")
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    region = serializers.IntegerField(
        max_value=MAX_ID, required=False, allow_null=True, help_text="A region id of the program."
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, help_text="e.g. es, qu."
    )
    teaching_philosophy = serializers.CharField(required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)
    cohorts = serializers.ListField(
        child=serializers.IntegerField(max_value=MAX_ID),
        required=False,
        help_text="Cohort ids of the program; replace the old ones.",
    )


class MentorWriteSerializer(ProfileWriteSerializer):
    highest_degree = serializers.ChoiceField(
        choices=Degree.choices, required=False, allow_blank=True
    )
    teaching_years = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal(0), required=False
    )
    management_years = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal(0), required=False
    )
    accompaniment_experience = serializers.BooleanField(required=False)
    technical_assistance = serializers.BooleanField(required=False)
    programs_served = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    capacity = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    modality_preference = serializers.ChoiceField(
        choices=Modality.choices, required=False, allow_blank=True
    )
    strengths = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        help_text="Competency codes of the program's framework; replace the old ones.",
    )


class MenteeWriteSerializer(ProfileWriteSerializer):
    position = serializers.ChoiceField(choices=MenteeProfile.Position.choices)
    school = serializers.CharField(
        required=False, allow_null=True, help_text="A school code of the program."
    )
    years_in_position = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal(0), required=False
    )
    preferred_modality = serializers.ChoiceField(
        choices=Modality.choices, required=False, allow_blank=True
    )
    connectivity = serializers.ChoiceField(
        choices=MenteeProfile.Connectivity.choices, required=False, allow_blank=True
    )
    subject = serializers.CharField(required=False, allow_blank=True, max_length=100)
    grade_level = serializers.CharField(required=False, allow_blank=True, max_length=60)
    career_stage = serializers.ChoiceField(
        choices=CareerStage.choices, required=False, allow_blank=True
    )
    needs = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        help_text="Competency codes of the program's framework; replace the old ones.",
    )


class ChangeFields(serializers.Serializer):
    """The fields of a write, all optional, without the code and the email (which do not
    change)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name in ("code", "email"):
            fields.pop(name)
        for field in fields.values():
            field.required = False
        return fields


class MentorUpdateSerializer(ChangeFields, MentorWriteSerializer):
    pass


class MenteeUpdateSerializer(ChangeFields, MenteeWriteSerializer):
    pass


PERSON_FIELDS = ("code", "email", "first_name", "last_name")


def profile_relations(program: Program, data: dict[str, Any], competencies: str) -> dict[str, Any]:
    """The ids and codes of ``data`` as the program's rows (400 naming the field otherwise):
    region, school, cohorts and competencies (``strengths`` or ``needs``)."""
    found: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    if data.get("region") is not None:
        found["region"] = Region.objects.filter(program=program, pk=data["region"]).first()
        if found["region"] is None:
            problems["region"] = ["No region of this program."]
    if data.get("school") is not None:
        found["school"] = School.objects.filter(program=program, code=data["school"]).first()
        if found["school"] is None:
            problems["school"] = ["No school of this program with this code."]
    if "cohorts" in data:
        wanted = set(data["cohorts"])
        found["cohorts"] = list(Cohort.objects.filter(program=program, pk__in=wanted))
        if len(found["cohorts"]) != len(wanted):
            problems["cohorts"] = ["Not all of these are cohorts of this program."]
    if competencies in data:
        codes = set(data[competencies])
        rows = list(Competency.objects.filter(domain__framework=program.framework, code__in=codes))
        unknown = sorted(codes - {c.code for c in rows})
        if unknown:
            problems[competencies] = [
                f"Not a competency of the program's framework: {', '.join(unknown)}."
            ]
        found[competencies] = rows
    if problems:
        raise serializers.ValidationError(problems)
    return found


# --- Endpoints ---------------------------------------------------------------------------------


class ProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet):
    # Mentors and mentees, looked up by their code in the program.
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_serializer_context(self) -> dict[str, Any]:
        # Where each person stands with signing in: for coordinators only.
        access_visible = self.caller.is_authenticated and has_role(
            self.caller, self.program, Role.COORDINATOR
        )
        return {
            **super().get_serializer_context(),
            "email_visible": self.email_visible,
            "access_visible": access_visible,
        }

    def email_visible(self, profile: Profile) -> bool:
        """Coordinators see every address; everyone sees their own."""
        user = self.caller
        return profile.user_id == user.pk or Role.COORDINATOR in roles_in(user, self.program)

    # Writes (coordinators): what a subclass names.
    create_serializer: type[serializers.Serializer]
    update_serializer: type[serializers.Serializer]
    competencies: str  # strengths or needs
    search: Callable[..., QuerySet[Any]]  # the people app's search of that kind

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        found = self.search(
            queryset,
            with_email=has_role(self.caller, self.program, Role.COORDINATOR),
            **self.filter_params(),
        )
        found = found.annotate(user_invited=invited_subquery("user"))
        return found.prefetch_related(*_profile_prefetches(self.competencies))

    def profile_create(self, *, competencies: Any, **kwargs: Any) -> Profile:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        self.require_coordinator()
        data = self.validated(self.create_serializer)
        found = profile_relations(program, data, self.competencies)
        person = {name: data.pop(name) for name in PERSON_FIELDS}
        data.pop("cohorts", None)
        data.pop(self.competencies, None)
        profile = self.profile_create(
            program=program,
            **person,
            cohorts=found.pop("cohorts", []),
            competencies=found.pop(self.competencies, []),
            fields={**data, **found},
            actor=self.caller,
        )
        return Response(
            self.get_serializer(self.get_object_by(profile.code)).data,
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.program
        self.require_coordinator()
        profile = self.get_object()
        data = self.validated(self.update_serializer)
        found = profile_relations(program, data, self.competencies)
        names = {name: data.pop(name, None) for name in ("first_name", "last_name")}
        data.pop("cohorts", None)
        data.pop(self.competencies, None)
        services.profile_update(
            profile=profile,
            **names,
            cohorts=found.pop("cohorts", None),
            competencies=found.pop(self.competencies, None),
            fields={**data, **found},
            actor=self.caller,
        )
        return Response(self.get_serializer(self.get_object_by(profile.code)).data)

    def get_object_by(self, code: str) -> Profile:
        self.kwargs["code"] = code
        return self.get_object()


class PeopleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(help_text="Part of the code, name or email.")
    region = IdFilter(help_text="A region id.")
    cohort = IdFilter(help_text="A cohort id.")


class MentorFilter(PeopleFilter):
    experience = django_filters.ChoiceFilter(
        choices=[(value, label) for value, label in EXPERIENCE_CHOICES if value]
    )

    class Meta:
        model = MentorProfile
        fields: list[str] = []


class MenteeFilter(PeopleFilter):
    position = django_filters.ChoiceFilter(choices=MenteeProfile.Position.choices, label="position")
    waiting = django_filters.BooleanFilter(
        help_text="Only mentees waiting for a mentor: active, in a cohort, without a current "
        "partnership (those the next matching run proposes)."
    )

    class Meta:
        model = MenteeProfile
        fields: list[str] = []


@extend_schema_view(
    list=reads("Mentors the caller may see", MentorSerializer, errors=errors(400, 401, 403, 404)),
    retrieve=reads("One mentor", MentorSerializer, errors=errors(401, 403, 404)),
    create=writes(
        "Create a mentor: account, profile and role (coordinators)",
        MentorSerializer,
        request=MentorWriteSerializer,
        code=201,
        description="The account of `email` is created without a password if new (the person "
        "sets one through the password-reset email).",
    ),
    partial_update=writes(
        "Change a mentor's profile (coordinators)", MentorSerializer, request=MentorUpdateSerializer
    ),
)
class MentorViewSet(ProfileViewSet):
    """Coordinators and trainers see every mentor, specialists the mentors they accompany,
    mentors themselves and mentees their current mentors; researchers get 403. Email addresses
    are shown to coordinators and to the mentor themself."""

    serializer_class = MentorSerializer
    filter_backends = FILTERS
    filterset_class = MentorFilter
    queryset = MentorProfile.objects.none()
    create_serializer = MentorWriteSerializer
    update_serializer = MentorUpdateSerializer
    competencies = "strengths"
    search = staticmethod(mentor_search)

    def profile_create(self, *, competencies: Any, **kwargs: Any) -> Profile:
        return services.mentor_profile_create(strengths=competencies, **kwargs)

    def get_queryset(self) -> QuerySet[MentorProfile]:
        return mentor_list_for_user(user=self.caller, program=self.program)

    def get_object(self) -> MentorProfile:
        return get_mentor_for_user(user=self.caller, program=self.program, code=self.kwargs["code"])


@extend_schema_view(
    list=reads("Mentees the caller may see", MenteeSerializer, errors=errors(400, 401, 403, 404)),
    retrieve=reads("One mentee", MenteeSerializer, errors=errors(401, 403, 404)),
    create=writes(
        "Create a mentee: account, profile and role (coordinators)",
        MenteeSerializer,
        request=MenteeWriteSerializer,
        code=201,
        description="The account of `email` is created without a password if new. Without a "
        "region, the mentee's is their school's.",
    ),
    partial_update=writes(
        "Change a mentee's profile (coordinators)", MenteeSerializer, request=MenteeUpdateSerializer
    ),
)
class MenteeViewSet(ProfileViewSet):
    """Coordinators see every mentee, mentors their current mentees, specialists the mentees of
    the mentors they accompany and mentees themselves; trainers and researchers get 403. Email
    addresses are shown to coordinators, to the mentee themself and to their current mentors."""

    serializer_class = MenteeSerializer
    filter_backends = FILTERS
    filterset_class = MenteeFilter
    queryset = MenteeProfile.objects.none()
    create_serializer = MenteeWriteSerializer
    update_serializer = MenteeUpdateSerializer
    competencies = "needs"
    search = staticmethod(mentee_search)

    def profile_create(self, *, competencies: Any, **kwargs: Any) -> Profile:
        return services.mentee_profile_create(needs=competencies, **kwargs)

    def get_queryset(self) -> QuerySet[MenteeProfile]:
        return mentee_list_for_user(user=self.caller, program=self.program)

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


# --- Cohort membership ---------------------------------------------------------------------------


class CohortMembersSerializer(serializers.Serializer):
    mentors = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=5000
    )
    mentees = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=5000
    )


class CohortMembersChangedSerializer(serializers.Serializer):
    changed = serializers.IntegerField(help_text="How many people joined or left the cohort.")


class CohortMembersViewSet(ProgramScopedViewSet):
    """Mentors and mentees (by code) added to a cohort or taken out of it, in bulk
    (coordinators). Their partnerships and records stay; unknown codes are ignored."""

    serializer_class = CohortMembersChangedSerializer

    def _change(self, *, add: bool) -> Response:
        self.require_coordinator()
        cohort = get_object_or_404(self.program.cohorts, pk=id_or_404(self.kwargs["cohort_pk"]))
        data = self.validated(CohortMembersSerializer)
        changed = services.cohort_members_change(
            cohort=cohort,
            mentors=MentorProfile.objects.filter(program=self.program, code__in=data["mentors"]),
            mentees=MenteeProfile.objects.filter(program=self.program, code__in=data["mentees"]),
            add=add,
            actor=self.caller,
        )
        return Response({"changed": changed})

    @writes(
        "Add mentors and mentees to a cohort (coordinators)",
        CohortMembersChangedSerializer,
        request=CohortMembersSerializer,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(add=True)

    @writes(
        "Take mentors and mentees out of a cohort (coordinators)",
        CohortMembersChangedSerializer,
        request=CohortMembersSerializer,
    )
    @action(detail=False, methods=["post"])
    def remove(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(add=False)
