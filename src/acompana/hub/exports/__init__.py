"""Downloads of the program's lists as CSV or XLSX (see docs/subsystems/exports.md)."""

from acompana.hub.exports import kinds as _kinds  # noqa: F401  (registers the kinds)
from acompana.hub.exports import rooms as _rooms  # noqa: F401  (zoom-rooms)
from acompana.hub.exports.registry import (
    EXPORTS,
    FORMATS,
    ExportKind,
    ExportTable,
    export_kind,
    export_table,
    get_export_kind,
)

__all__ = [
    "EXPORTS",
    "FORMATS",
    "ExportKind",
    "ExportTable",
    "export_kind",
    "export_table",
    "get_export_kind",
]
