"""Read-only representations of programs, cohorts and schools.

Serializers only shape data: who may see a row is decided by the selectors.
"""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from acompana.accounts.models import Role
from acompana.frameworks.models import Framework
from acompana.programs.models import Cohort, Modality, Program, Region, School


def blank_choice(choices: list[tuple[str, Any]]) -> serializers.ChoiceField:
    """A read-only choice that may be empty (the schema then allows "")."""
    return serializers.ChoiceField(choices=choices, allow_blank=True, read_only=True)


def modality_field(**kwargs: Any) -> serializers.ChoiceField:
    """In person, virtual or hybrid: the one ``Modality`` enum of the schema (named in
    SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"])."""
    return serializers.ChoiceField(choices=Modality.choices, read_only=True, **kwargs)


class ProgramSerializer(serializers.ModelSerializer[Program]):
    framework: serializers.SlugRelatedField[Framework] = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The slug of the standards framework the program's profiles refer to.",
    )
    time_zone = serializers.CharField(
        read_only=True, help_text="An IANA time zone, e.g. America/Lima; empty: the site's."
    )
    language = serializers.CharField(
        read_only=True, help_text="es or en; empty: the site's language."
    )
    jitsi_url = serializers.CharField(
        read_only=True, help_text="The https address of the program's Jitsi server; or empty."
    )
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "slug",
            "name",
            "description",
            "framework",
            "time_zone",
            "language",
            "jitsi_url",
            "readiness_gate",
            "roles",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=Role.choices),
            help_text="The caller's roles in this program.",
        )
    )
    def get_roles(self, program: Program) -> list[str]:
        roles: Callable[[Program], frozenset[str]] = self.context["roles"]
        return sorted(roles(program))


class CohortSerializer(serializers.ModelSerializer[Cohort]):
    modality = modality_field()
    mentor_count = serializers.IntegerField(read_only=True)
    mentee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cohort
        fields = [
            "id",
            "year",
            "name",
            "modality",
            "starts_on",
            "ends_on",
            "mentor_capacity",
            "mentor_count",
            "mentee_count",
        ]
        read_only_fields = fields


class RegionSerializer(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["id", "name"]
        read_only_fields = fields


class SchoolSerializer(serializers.ModelSerializer[School]):
    region = RegionSerializer(read_only=True)
    level = blank_choice(School.Level.choices)
    area = blank_choice(School.Area.choices)
    mentee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = School
        fields = [
            "code",
            "name",
            "region",
            "level",
            "area",
            "latitude",
            "longitude",
            "mentee_count",
        ]
        read_only_fields = fields


class SchoolSummarySerializer(serializers.ModelSerializer[School]):
    class Meta:
        model = School
        fields = ["code", "name"]
        read_only_fields = fields
