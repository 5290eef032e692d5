"""Stable GUIDs for exports and the canonical form of GUIDs read from other tools."""

from __future__ import annotations

import re
import uuid

import pytest

from acompana_core.qda import normalize_guid, stable_guid

CANONICAL = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}")


def test_stable_guid_is_an_upper_case_uuid5() -> None:
    value = stable_guid("code", "study-7", "escucha")
    assert CANONICAL.fullmatch(value)
    assert uuid.UUID(value).version == 5


def test_stable_guid_is_the_same_on_every_run_and_machine() -> None:
    # Pinned: a change here would give every exported element a new GUID.
    assert stable_guid("code", "study-7", "escucha") == "98999B79-5D79-5E9E-AD33-D4F84A21EB6F"
    assert stable_guid("code", "study-7", "escucha") == stable_guid("code", "study-7", "escucha")


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (("code", "a-b", "c"), ("code", "a", "b-c")),
        (("code", "a", "b"), ("code", "a\x1fb")),
        (("code", "1"), ("category", "1")),
        (("code", "study-7", "1"), ("code", "study-8", "1")),
        (("code",), ("code", "")),
    ],
)
def test_stable_guid_differs_when_the_parts_differ(
    left: tuple[str, ...], right: tuple[str, ...]
) -> None:
    assert stable_guid(*left) != stable_guid(*right)


@pytest.mark.parametrize(
    "raw",
    [
        "{5215cc69-b628-4e02-afb9-9beeaee55808}",
        "5215cc69-b628-4e02-afb9-9beeaee55808",
        "5215CC69-B628-4E02-AFB9-9BEEAEE55808",
        " {5215CC69-b628-4e02-AFB9-9beeaee55808} ",
    ],
)
def test_normalize_guid_removes_braces_and_upper_cases(raw: str) -> None:
    assert normalize_guid(raw) == "5215CC69-B628-4E02-AFB9-9BEEAEE55808"


@pytest.mark.parametrize(
    "raw",
    ["c001", "", "{5215cc69-b628-4e02-afb9-9beeaee55808", "5215cc69b6284e02afb99beeaee55808"],
)
def test_normalize_guid_refuses_what_is_not_a_guid(raw: str) -> None:
    with pytest.raises(ValueError, match="not a GUID"):
        normalize_guid(raw)
