"""Shared OpenAPI pieces: the error body (and the 409 body of a conflict), the program path
parameter, named enums, and ``reads``/``writes``, the schema of an operation in one call."""

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.fields import empty

ErrorSerializer = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorDetail",
            {
                "code": serializers.CharField(
                    help_text="A stable, machine-readable code, e.g. not_found."
                ),
                "message": serializers.CharField(),
                # "fields" cannot be a declared attribute: it would hide Serializer.fields.
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField()),
                    required=False,
                    help_text="Validation errors by field name (only for code invalid).",
                ),
            },
        )
    },
)


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error responses, all in the one error format."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_CASES[code]) for code in codes}


ERROR_CASES = {
    400: "The request is not valid (see error.fields).",
    401: "No valid token or session.",
    403: "The caller's role in the program does not allow it.",
    404: "Not found, or the caller is not a member of the program.",
}

PROGRAM_SLUG = OpenApiParameter(
    "program_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The program's slug."
)
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
READ_ERRORS = errors(401, 403, 404)
WRITE_ERRORS = errors(400, 401, 403, 404)


def reads(
    summary: str,
    response: Any,
    *parameters: Any,
    code: int = 200,
    errors: dict[int, OpenApiResponse] = READ_ERRORS,
    **extra: Any,
) -> Any:
    """The schema of an operation that reads: its summary, its ``parameters`` (each an
    ``OpenApiParameter`` or a serializer of query parameters), its answer (``code``:
    ``response``) and the errors it can meet. ``extra`` goes to ``extend_schema`` as it is
    (``description``, ``methods``...)."""
    return extend_schema(
        summary=summary,
        parameters=list(parameters) or None,
        responses={code: response, **errors},
        **extra,
    )


def writes(
    summary: str,
    response: Any,
    *parameters: Any,
    request: Any = empty,
    code: int = 200,
    errors: dict[int, OpenApiResponse] = WRITE_ERRORS,
    **extra: Any,
) -> Any:
    """The schema of an operation that writes: as ``reads``, with the body it takes
    (``request``; left out, the view's serializer) and the errors of a write."""
    return reads(summary, response, *parameters, code=code, errors=errors, request=request, **extra)


def conflict(name: str, current: type[serializers.Serializer]) -> dict[int, OpenApiResponse]:
    """409: the error format plus what is saved now, for the client to merge."""
    body = inline_serializer(
        f"{name}Conflict",
        {
            "error": inline_serializer(
                f"{name}ConflictDetail",
                {
                    "code": serializers.CharField(help_text="Always conflict."),
                    "message": serializers.CharField(),
                    "current": current(help_text="What is saved now, with its version."),
                },
            )
        },
    )
    return {
        409: OpenApiResponse(
            body, description="Someone saved since this version; nothing was overwritten."
        )
    }


class NamedChoiceField(serializers.ChoiceField):
    """A choice field that says which enum name the schema gives its choices. The name itself
    comes from SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] (one entry per shared choice set);
    ``component`` only documents it at the call site. New code can use a plain ChoiceField."""

    def __init__(self, *, component: str, choices: Any, **kwargs: Any) -> None:
        self.component = component
        super().__init__(choices=choices, **kwargs)


class AutoSchema(openapi.AutoSchema):
    """Every operation documents the errors any request to it can meet, in the error format,
    besides those its view declares: 401 when it needs a signed-in caller, 403 and 404 when it
    is inside a program (a role that may not, a program the caller is not in), 404 when it
    names a record in its path or pages a list (a page past the end), 400 when it takes query
    parameters or a body."""

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        for code in sorted(self.possible_errors()):
            if str(code) not in responses:
                response = OpenApiResponse(ErrorSerializer, description=ERROR_CASES[code])
                responses[str(code)] = self._get_response_for_code(response, str(code))
        return responses

    def _is_list_view(self, serializer: Any = None) -> bool:
        # A list route that answers one object (a report) says so with list_is_one_object.
        if getattr(self.view, "list_is_one_object", False):
            return False
        return bool(super()._is_list_view(serializer))

    def possible_errors(self) -> set[int]:
        codes: set[int] = set()
        permissions = getattr(self.view, "permission_classes", [])
        if any(getattr(p, "__name__", "") != "AllowAny" for p in permissions):
            codes.add(401)
        if "{program_slug}" in self.path:
            codes |= {403, 404}
        parameters = self._get_parameters()
        if any(parameter["in"] == "path" for parameter in parameters):
            codes.add(404)
        if self._is_list_view() and self._get_paginator() is not None:
            codes.add(404)
        if self.method in ("POST", "PUT", "PATCH") or any(
            parameter["in"] == "query" for parameter in parameters
        ):
            codes.add(400)
        return codes
