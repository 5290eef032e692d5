"""Read-only representations of mentors and mentees.

Serializers only shape data: who may see a row is decided by the selectors, and whether an
email address is shown is decided by the view, which passes an ``email_visible`` predicate in
the serializer context.
"""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from acompana.accounts.models import AccessState
from acompana.accounts.selectors import access_state
from acompana.frameworks.models import Competency
from acompana.people.models import CareerStage, Degree, MenteeProfile, MentorProfile, Profile
from acompana.programs.models import Cohort
from acompana.programs.serializers import (
    RegionSerializer,
    SchoolSummarySerializer,
    blank_choice,
    modality_field,
)

EmailVisible = Callable[[Profile], bool]


class ProfileSerializer(serializers.ModelSerializer[Any]):
    # What mentor and mentee representations share.

    name = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField(
        help_text="Shown only to those allowed to contact this person; null otherwise."
    )
    access = serializers.SerializerMethodField(
        help_text="Where the person stands with signing in (never_invited, invited, active, "
        "deactivated); shown to coordinators, null otherwise."
    )
    region = RegionSerializer(read_only=True, allow_null=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    cohorts: serializers.PrimaryKeyRelatedField[Cohort] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    def get_name(self, profile: Profile) -> str:
        return profile.user.get_full_name()

    @extend_schema_field(serializers.ChoiceField(choices=AccessState.choices, allow_null=True))
    def get_access(self, profile: Profile) -> str | None:
        if not self.context.get("access_visible"):
            return None
        return access_state(profile.user, invited=getattr(profile, "user_invited", None))

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, profile: Profile) -> str | None:
        visible: EmailVisible = self.context["email_visible"]
        return profile.user.email if visible(profile) else None


class MentorSerializer(ProfileSerializer):
    """A mentor's professional profile."""

    highest_degree = blank_choice(Degree.choices)
    modality_preference = modality_field(allow_blank=True)
    strengths: serializers.SlugRelatedField[Competency] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = MentorProfile
        fields = [
            "code",
            "name",
            "email",
            "access",
            "region",
            "highest_degree",
            "teaching_years",
            "management_years",
            "accompaniment_experience",
            "technical_assistance",
            "programs_served",
            "capacity",
            "languages",
            "modality_preference",
            "cohorts",
            "strengths",
        ]
        read_only_fields = fields


class MenteeSerializer(ProfileSerializer):
    """A mentee (principal, assistant principal, teacher or pedagogical coordinator)."""

    connectivity = blank_choice(MenteeProfile.Connectivity.choices)
    career_stage = blank_choice(CareerStage.choices)
    preferred_modality = modality_field(allow_blank=True)
    school = SchoolSummarySerializer(read_only=True, allow_null=True)
    needs: serializers.SlugRelatedField[Competency] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = MenteeProfile
        fields = [
            "code",
            "name",
            "email",
            "access",
            "position",
            "school",
            "region",
            "years_in_position",
            "languages",
            "preferred_modality",
            "connectivity",
            "cohorts",
            "needs",
            "subject",
            "grade_level",
            "career_stage",
        ]
        read_only_fields = fields
