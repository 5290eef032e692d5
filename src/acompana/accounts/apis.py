"""Endpoints for the people of a program: roles (memberships), access and invitations.

Coordinators only. The program comes from the URL through the permission-checked getter
(outsiders get 404, members without the coordinator role 403); writes go through
``accounts.services``, audited like the pages.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.accounts.models import AccessState, Membership, Role
from acompana.accounts.selectors import access_state, get_member, invited_subquery, users_to_invite
from acompana.accounts.services import (
    LastCoordinator,
    invitable,
    invitation_send,
    invitation_send_many,
    member_add,
    membership_remove,
    user_deactivate,
    user_reactivate,
)
from acompana.api.base import ProgramScopedViewSet
from acompana.api.schema import errors, reads, writes
from acompana.common.ids import MAX_ID, id_or_404

# --- Representations and requests ---------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    """A person's role in the program, with where they stand with signing in."""

    user = serializers.IntegerField(source="user_id", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    access = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "user", "email", "name", "role", "access", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=AccessState.choices))
    def get_access(self, membership: Membership) -> str:
        return access_state(membership.user, invited=getattr(membership, "user_invited", None))


class MembershipCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150, required=False, default="")
    last_name = serializers.CharField(max_length=150, required=False, default="")
    role = serializers.ChoiceField(choices=Role.choices)


class MembershipFilterSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    user = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)


class InvitationCreateSerializer(serializers.Serializer):
    """Whom to invite: the people named in ``users``, or every person of the program without a
    password (narrowed by ``role``, ``cohort``, ``pending``)."""

    users = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=1000,
        help_text="User ids of people of the program; left out: everyone matching the filters.",
    )
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    cohort = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    pending = serializers.BooleanField(default=False, help_text="Only people never invited before.")


class InvitationResendSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class SentSerializer(serializers.Serializer):
    sent = serializers.IntegerField(help_text="How many invitations were emailed.")


# --- Endpoints ---------------------------------------------------------------------------------


@extend_schema_view(
    list=reads(
        "The roles of the program's people, with their access state (coordinators)",
        MembershipSerializer,
        MembershipFilterSerializer,
        errors=errors(400, 401, 403, 404),
    ),
    create=writes(
        "Give a person a role (coordinators); a new email gets an account without a password",
        MembershipSerializer,
        request=MembershipCreateSerializer,
        code=201,
    ),
    destroy=writes(
        "End a role (coordinators); the last coordinator cannot be removed", None, code=204
    ),
)
class MembershipViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ProgramScopedViewSet
):
    """Who holds which role in the program. One person may hold several."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.require_coordinator()

    def get_queryset(self) -> QuerySet[Membership]:
        found = Membership.objects.filter(program=self.program).select_related("user")
        if self.action == "list":
            query = self.validated_query(MembershipFilterSerializer)
            if "role" in query:
                found = found.filter(role=query["role"])
            if "user" in query:
                found = found.filter(user_id=query["user"])
        return found.annotate(user_invited=invited_subquery("user")).order_by(
            "user__last_name", "user__first_name", "user__email", "role"
        )

    def get_object(self) -> Membership:
        return get_object_or_404(self.get_queryset(), pk=id_or_404(self.kwargs["pk"]))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(MembershipCreateSerializer)
        membership = member_add(program=self.program, actor=self.caller, **data)
        fresh = self.get_queryset().get(pk=membership.pk)
        return Response(MembershipSerializer(fresh).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        try:
            membership_remove(membership=membership, actor=self.caller)
        except LastCoordinator:
            raise ValidationError(
                {"role": ["The program's last coordinator cannot be removed."]}
            ) from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _person(self) -> tuple[Membership, Any]:
        membership = self.get_object()
        person = membership.user
        if person.pk == self.caller.pk or person.is_superuser:
            raise PermissionDenied
        return membership, person

    @writes(
        "Deactivate the person of this role: their sign-in and API tokens stop at once; "
        "their records stay (coordinators)",
        MembershipSerializer,
        request=None,
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership, person = self._person()
        user_deactivate(user=person, actor=self.caller, program=self.program)
        return Response(MembershipSerializer(self.get_queryset().get(pk=membership.pk)).data)

    @writes(
        "Give the person of this role their access back (coordinators)",
        MembershipSerializer,
        request=None,
    )
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership, person = self._person()
        user_reactivate(user=person, actor=self.caller, program=self.program)
        return Response(MembershipSerializer(self.get_queryset().get(pk=membership.pk)).data)


class InvitationViewSet(ProgramScopedViewSet):
    """Invitations: a single-use link to choose a first password, emailed in the person's
    language (coordinators). Sending again replaces the earlier link."""

    serializer_class = SentSerializer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.require_coordinator()

    @writes(
        "Invite people without a password: those named, or all matching the filters",
        SentSerializer,
        request=InvitationCreateSerializer,
        code=202,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(InvitationCreateSerializer)
        cohort = None
        if "cohort" in data:
            cohort = get_object_or_404(self.program.cohorts, pk=data["cohort"])
        people = users_to_invite(
            program=self.program,
            role=data.get("role", ""),
            cohort=cohort,
            pending=data["pending"],
        )
        if "users" in data:
            people = people.filter(pk__in=data["users"])
        sent = invitation_send_many(users=people, program=self.program, actor=self.caller)
        return Response({"sent": sent}, status=status.HTTP_202_ACCEPTED)

    @writes(
        "Send a person a new invitation (the earlier link stops working)",
        SentSerializer,
        request=InvitationResendSerializer,
        code=202,
    )
    @action(detail=False, methods=["post"])
    def resend(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(InvitationResendSerializer)
        person = get_member(program=self.program, user_id=data["user"])
        if not invitable(person):
            raise ValidationError(
                {"user": ["This person already has a password or is deactivated."]}
            )
        invitation_send(user=person, program=self.program, actor=self.caller)
        return Response({"sent": 1}, status=status.HTTP_202_ACCEPTED)
