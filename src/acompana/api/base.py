"""The base of every viewset of the API.

``ApiViewSet`` gives the signed-in caller and validation of the body and the query string;
``ProgramScopedViewSet`` adds the program of the URL (``/programs/{program_slug}/...``), looked
up through the permission-checked getter so that non-members get 404. Subclasses add the
mixins they need (``mixins.ListModelMixin``...) or their own actions; with no list nor detail
route of its own, a subclass can also add actions under a prefix another viewset owns.

Service errors need no wrapping here: ``acompana.api.errors.exception_handler`` turns a
service's ``ValidationError`` into a 400 and a conflict into a 409, in the error format.
"""

from functools import cached_property
from typing import Any, cast

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.metadata import SimpleMetadata

from acompana.accounts.models import Role, User
from acompana.accounts.permissions import has_role
from acompana.api.auth import AUTHENTICATION_CLASSES
from acompana.api.schema import PROGRAM_SLUG
from acompana.common.ids import MAX_ID
from acompana.programs.models import Program
from acompana.programs.selectors import get_program_for_user

# A list's filters are a django-filter FilterSet (the view's ``filterset_class``): with this
# backend the schema documents them, and the backend applies those that map to fields.
FILTERS = [DjangoFilterBackend]


def one_of(records: Any, field: str, message: str, **lookup: Any) -> Any:
    """The one of ``records`` (a queryset or manager) that ``lookup`` finds, or a 400 on
    ``field``: a body that names a record the caller cannot use is invalid, not a lost page."""
    found = records.filter(**lookup).first()
    if found is None:
        raise serializers.ValidationError({field: [message]})
    return found


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField


class IdFilter(IntegerFilter):
    """A filter by a row's id: a whole number from 1 to the largest primary key (a larger one
    cannot name a row: 400, not a database error)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class Metadata(SimpleMetadata):
    """OPTIONS: the name, description, renderers and parsers of the endpoint, and the fields of
    the standard create and update bodies. An extra action (a visit's observations, a mentee's
    diagnoses...) has no serializer of the viewset's to describe: its body is documented in
    the OpenAPI schema only, instead of DRF failing to guess one."""

    STANDARD = frozenset({"create", "update", "partial_update"})

    def determine_actions(self, request: Any, view: Any) -> dict[str, Any]:
        action_map = getattr(view, "action_map", None) or {}
        writes = {action_map.get(method) for method in ("post", "put") if method in action_map}
        if not writes <= self.STANDARD or getattr(view, "serializer_class", None) is None:
            return {}
        return dict(super().determine_actions(request, view))


class ApiViewSet(viewsets.GenericViewSet[Any]):
    # What every viewset shares: token or session authentication, the caller, validation.

    authentication_classes = AUTHENTICATION_CLASSES
    metadata_class = Metadata
    # The field a service's refusal is about, by action, when the service names none (a
    # round's dates: "ends_on"); see acompana.api.errors.
    service_error_fields: dict[str, str] = {}

    @property
    def caller(self) -> User:
        """The signed-in user (IsAuthenticated lets no one else through)."""
        return cast(User, self.request.user)

    def validated(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The request body, or a 400 in the API error format."""
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def validated_query(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The query parameters, or a 400 in the API error format. Empty parameters (an
        unselected filter in a form) are left out rather than rejected."""
        given = {key: value for key, value in self.request.query_params.items() if value != ""}
        params = serializer_class(data=given)
        params.is_valid(raise_exception=True)
        return dict(params.validated_data)

    def filter_params(self) -> dict[str, Any]:
        """The list filters of the query string, parsed and validated by the view's
        ``filterset_class`` (django-filter), or a 400 naming the bad ones. Filters left empty
        are left out. The selectors apply them: the filterset only reads the query string (and
        documents it in the schema, with ``filter_backends = FILTERS``)."""
        filterset_class = getattr(self, "filterset_class", None)
        assert filterset_class is not None, "filter_params needs a filterset_class"
        model = filterset_class._meta.model
        filterset = filterset_class(
            data=self.request.query_params, queryset=model.objects.none(), request=self.request
        )
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        cleaned = filterset.form.cleaned_data
        return {name: value for name, value in cleaned.items() if value not in (None, "", [])}

    def conflict_representation(self, current: Any) -> Any:
        """What is saved now, for the body of a 409 (see ``api.errors``). A viewset whose
        service reports conflicts overrides it; ``current`` is what the service reported
        (``None`` when it reports only that the record changed)."""
        raise NotImplementedError


@extend_schema(parameters=[PROGRAM_SLUG])
class ProgramScopedViewSet(ApiViewSet):
    # A resource nested under /programs/{program_slug}/: non-members get 404.

    @cached_property
    def program(self) -> Program:
        return get_program_for_user(user=self.caller, slug=self.kwargs["program_slug"])

    def require_coordinator(self) -> None:
        if not has_role(self.caller, self.program, Role.COORDINATOR):
            raise PermissionDenied
