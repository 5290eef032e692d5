"""One error format for every API response: {"error": {"code", "message", "fields"?}}.

The one exception handler of the API (REST_FRAMEWORK["EXCEPTION_HANDLER"]). Besides DRF's own
exceptions it turns what services raise into the same format, so that no endpoint wraps its
service calls:

* a Django ``ValidationError`` (what services raise for a refused write) becomes a 400 whose
  ``fields`` name the fields (when the service names none: the field the view's
  ``service_error_fields`` gives for the action, else ``non_field_errors``);
* a conflict (someone saved since the caller read: a service exception with a ``current``
  attribute, or a ``ValidationError`` coded ``stale`` or ``conflict``) becomes a 409 whose
  ``current`` is what is saved now, shaped by the view's ``conflict_representation``;
* ``Conflict`` raised by a view becomes that same 409.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

CONFLICT_MESSAGE = (
    "Someone saved since this version. Merge with the current text and save again with its version."
)
CONFLICT_CODES = frozenset({"stale", "conflict"})


class Conflict(exceptions.APIException):
    """409: the record changed since the caller read it; ``current`` is what is saved now
    (already serialized)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = CONFLICT_MESSAGE

    def __init__(self, current: Any, message: str | None = None) -> None:
        super().__init__(message or CONFLICT_MESSAGE, "conflict")
        self.current = current


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = translate_service_error(exc, context.get("view"))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Http404):
        code, message = "not_found", "Not found."
    elif isinstance(exc, PermissionDenied):
        code, message = "permission_denied", "You do not have permission to perform this action."
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        message = str(exc.detail) if isinstance(exc.detail, str) else str(exc.default_detail)
    else:  # pragma: no cover - DRF only handles the types above
        code, message = "error", str(exc)
    body: dict[str, Any] = {"code": code, "message": message}
    if isinstance(exc, exceptions.ValidationError):
        body["message"] = "The request is not valid."
        body["fields"] = flat_fields(exc.detail)
    if isinstance(exc, Conflict):
        body["current"] = exc.current
    response.data = {"error": body}
    return response


def flat_fields(detail: Any) -> dict[str, list[str]]:
    """Validation errors as the error format promises them: a list of messages by field name.
    DRF nests the errors of a list or an object inside a field (``{"participants": {"0":
    [...]}}``); they stay under that field, each message led by its path inside it
    (``"0: A valid integer is required."``, ``"2.level: ..."``)."""
    if not isinstance(detail, dict):
        return {"non_field_errors": messages_of(detail)}
    return {str(field): messages_of(value) for field, value in detail.items()}


def messages_of(detail: Any, path: str = "") -> list[str]:
    if isinstance(detail, dict):
        found: list[str] = []
        for key, value in detail.items():
            inner = "" if key == "non_field_errors" else str(key)
            found += messages_of(value, f"{path}.{inner}" if path and inner else path or inner)
        return found
    if isinstance(detail, list):
        found = []
        for index, item in enumerate(detail):
            if isinstance(item, (dict, list)):
                found += messages_of(item, f"{path}.{index}" if path else str(index))
            else:
                found += messages_of(item, path)
        return found
    return [f"{path}: {detail}" if path else str(detail)]


def translate_service_error(exc: Exception, view: Any) -> Exception:
    """A service's exception as the DRF exception it means for the API; others unchanged."""
    if is_conflict(exc) and hasattr(view, "conflict_representation"):
        try:
            current = view.conflict_representation(getattr(exc, "current", None))
        except NotImplementedError:
            pass
        else:
            messages = getattr(exc, "messages", None)
            if isinstance(exc, DjangoValidationError) and getattr(exc, "code", None) == "stale":
                messages = None  # the service's wording is for pages; the API's is standard
            conflict = Conflict(current, messages[0] if messages else None)
            conflict.__cause__ = exc
            return conflict
    if isinstance(exc, DjangoValidationError):
        field = getattr(view, "service_error_fields", {}).get(getattr(view, "action", None))
        if field:
            detail = {field: exc.messages}
        elif hasattr(exc, "error_dict"):
            detail = exc.message_dict
        else:
            detail = {"non_field_errors": exc.messages}
        invalid = serializers.ValidationError(detail)
        invalid.__cause__ = exc
        return invalid
    return exc


def is_conflict(exc: Exception) -> bool:
    if isinstance(exc, DjangoValidationError):
        return getattr(exc, "code", None) in CONFLICT_CODES
    return not isinstance(exc, exceptions.APIException) and hasattr(exc, "current")
