"""Rubrics stored as JSON on a call: plain dicts to and from ``acompana_core.rubrics``."""

import hashlib
import json
from typing import Any

from acompana_core.rubrics import Band, Criterion, Rubric, default_mentor_rubric


def rubric_to_json(rubric: Rubric) -> dict[str, Any]:
    """A JSON-ready dict holding every setting of ``rubric``."""
    criteria = []
    for c in rubric.criteria:
        item: dict[str, Any] = {
            "code": c.code,
            "label": c.label,
            "weight": c.weight,
            "kind": c.kind,
        }
        if c.kind == "bands":
            item["bands"] = [
                {"label": b.label, "minimum": b.minimum, "maximum": b.maximum, "points": b.points}
                for b in c.bands
            ]
        elif c.kind == "choice":
            item["options"] = dict(c.options)
        elif c.kind == "boolean":
            item["yes_points"] = c.yes_points
            item["no_points"] = c.no_points
        else:
            item["panel_max"] = c.panel_max
        criteria.append(item)
    return {"criteria": criteria}


def rubric_from_json(data: dict[str, Any]) -> Rubric:
    """The rubric stored by ``rubric_to_json``; raises ``RubricError`` if it is invalid."""
    criteria = []
    for item in data.get("criteria", []):
        extra: dict[str, Any] = {}
        if item["kind"] == "bands":
            extra["bands"] = tuple(
                Band(b["label"], b["minimum"], b.get("maximum"), b["points"]) for b in item["bands"]
            )
        elif item["kind"] == "choice":
            extra["options"] = item["options"]
        elif item["kind"] == "boolean":
            extra["yes_points"] = item.get("yes_points", 1.0)
            extra["no_points"] = item.get("no_points", 0.0)
        else:
            extra["panel_max"] = item.get("panel_max")
        criteria.append(
            Criterion(item["code"], item["label"], item["weight"], item["kind"], **extra)
        )
    return Rubric(tuple(criteria))


def default_rubric_json() -> dict[str, Any]:
    """The default mentor rubric as JSON (the default of ``Call.rubric``)."""
    return rubric_to_json(default_mentor_rubric())


def rubric_version(data: dict[str, Any]) -> str:
    """A short fingerprint of the stored rubric: a client sends back the one it loaded so that
    a save over someone else's change is refused (optimistic version check)."""
    text = json.dumps(data.get("criteria", []), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
