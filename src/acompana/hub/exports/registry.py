"""The registry of downloadable lists (``acompana export KIND``, the pages' download links
and the API's download endpoint all look a KIND up here).

A kind is registered with :func:`export_kind`; adding one is one decorated function in any
module imported by ``acompana.hub.exports``. Every kind streams its rows (``.iterator()``), so
there is no row cap: a download of a national program's visits keeps its memory flat.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import Http404
from django.utils.functional import Promise

from acompana.programs.models import Program

FORMATS = ("csv", "xlsx")

# A kind's builder: the program, the user asking (None for the command line, which exports the
# whole program) and the cleaned filters; returns the header and the rows (an iterator).
Builder = Callable[..., "ExportTable"]


@dataclass(frozen=True)
class ExportTable:
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]


@dataclass(frozen=True)
class ExportKind:
    name: str
    title: str | Promise
    build: Builder
    # The filters of the list page, as a form taking ``program=`` (None: no filters).
    form: type[forms.Form] | None = None
    filters: tuple[str, ...] = field(default=())


EXPORTS: dict[str, ExportKind] = {}


def export_kind(
    name: str, *, title: str | Promise, form: type[forms.Form] | None = None
) -> Callable[[Builder], Builder]:
    """Register ``build`` as the export ``name`` (a decorator)."""

    def register(build: Builder) -> Builder:
        if name in EXPORTS:
            raise ValueError(f"export kind {name!r} is registered twice")
        filters = tuple(form.base_fields) if form is not None else ()
        EXPORTS[name] = ExportKind(name=name, title=title, build=build, form=form, filters=filters)
        return build

    return register


def get_export_kind(name: str) -> ExportKind:
    try:
        return EXPORTS[name]
    except KeyError:
        raise Http404 from None


def export_filters(
    kind: ExportKind, *, program: Program, params: Mapping[str, Any]
) -> dict[str, Any]:
    """The filters of ``params`` the kind knows, cleaned by the page's form (a value the form
    refuses is left out, as the list page does)."""
    if kind.form is None:
        return {}
    form = kind.form(params, program=program)  # type: ignore[call-arg]
    form.is_valid()
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}


def export_table(
    *, kind: str, program: Program, user: Any | None, params: Mapping[str, Any]
) -> ExportTable:
    """The rows of export ``kind`` that ``user`` may see, with the list page's filters from
    ``params`` applied. ``user=None`` is the command line: the whole program.

    Raises Http404 for an unknown kind and PermissionDenied/Http404 as the list page does."""
    export = get_export_kind(kind)
    filters = export_filters(export, program=program, params=params)
    return export.build(program=program, user=user, filters=filters)
