"""The code tree: codes created, changed, moved, merged and split."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.research.models import (
    Code,
    Memo,
    Segment,
    Study,
)
from acompana.research.services._common import (
    CODE_FIELDS,
    DEFAULT_COLOR,
    _color,
    _require_unchanged,
    _same_study,
)

# --- Codes ------------------------------------------------------------------------------------


def _next_order(study: Study, parent: Code | None) -> int:
    top = Code.objects.filter(study=study, parent=parent).aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


def _check_sibling_name(study: Study, parent: Code | None, name: str, exclude: Any = None) -> None:
    siblings = Code.objects.filter(study=study, parent=parent, name__iexact=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    if siblings.exists():
        raise ValidationError({"name": _("A code with this name is already at this place.")})


@transaction.atomic
def code_create(
    *,
    study: Study,
    actor: Any,
    name: str,
    parent: Code | None = None,
    is_codable: bool = True,
    origin: str = "a_priori",
    definition: str = "",
    color: str = "",
) -> Code:
    """A code, or a category (``is_codable=False``), at the root or under ``parent``."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A code needs a name.")})
    _same_study(study, parent)
    if origin not in Code.Origin.values:
        raise ValidationError({"origin": _("A code is a priori or emergent.")})
    _check_sibling_name(study, parent, name)
    code = Code.objects.create(
        study=study,
        parent=parent,
        name=name,
        is_codable=is_codable,
        origin=origin,
        definition=definition,
        color=_color(color) if color else (parent.color if parent else DEFAULT_COLOR),
        order=_next_order(study, parent),
    )
    audit.log(
        "research.code.create",
        actor=actor,
        target=code,
        program=study.program,
        data={"origin": origin, "codable": is_codable},
    )
    return code


@transaction.atomic
def code_update(
    *, code: Code, actor: Any, seen_at: datetime.datetime | None = None, **fields: Any
) -> Code:
    """Change ``name``, ``definition``, ``color``, ``origin`` or ``is_codable`` (a code with
    segments cannot become a category). ``seen_at``: the ``updated_at`` the editor saw; the
    change is refused when someone saved the code since."""
    _require_unchanged(code, seen_at)
    unknown = set(fields) - set(CODE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if "name" in fields:
        fields["name"] = str(fields["name"]).strip()
        if not fields["name"]:
            raise ValidationError({"name": _("A code needs a name.")})
        _check_sibling_name(code.study, code.parent, fields["name"], exclude=code.pk)
    if "color" in fields:
        fields["color"] = _color(fields["color"])
    if "origin" in fields and fields["origin"] not in Code.Origin.values:
        raise ValidationError({"origin": _("A code is a priori or emergent.")})
    if fields.get("is_codable") is False and code.segments.exists():
        raise ValidationError(
            {"is_codable": _("This code has coded segments; it cannot become a category.")}
        )
    changed = [name for name, value in fields.items() if getattr(code, name) != value]
    for name in changed:
        setattr(code, name, fields[name])
    if changed:
        code.save(update_fields=[*changed, "updated_at"])
        audit.log(
            "research.code.update",
            actor=actor,
            target=code,
            program=code.study.program,
            data={"fields": changed},
        )
    return code


def _descendant_ids(code: Code) -> set[int]:
    """The ids of every code under ``code``."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Code.objects.filter(study=code.study_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = list(children.get(code.pk, []))
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


@transaction.atomic
def code_move(*, code: Code, actor: Any, parent: Code | None, position: int | None = None) -> Code:
    """Put ``code`` under ``parent`` (None: at the root), at ``position`` among its new
    siblings (None: last). A code cannot go under itself or one of its descendants."""
    study = code.study
    _same_study(study, parent)
    if parent is not None and (parent.pk == code.pk or parent.pk in _descendant_ids(code)):
        raise ValidationError({"parent": _("A code cannot be moved under itself.")})
    if parent is None or parent.pk != code.parent_id:
        _check_sibling_name(study, parent, code.name, exclude=code.pk)
    siblings = list(
        Code.objects.filter(study=study, parent=parent)
        .exclude(pk=code.pk)
        .order_by("order", "name")
    )
    index = len(siblings) if position is None else max(0, min(int(position), len(siblings)))
    siblings.insert(index, code)
    code.parent = parent
    code.save(update_fields=["parent", "updated_at"])
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            sibling.order = order
            Code.objects.filter(pk=sibling.pk).update(order=order)
    audit.log(
        "research.code.move",
        actor=actor,
        target=code,
        program=study.program,
        data={"parent": parent.pk if parent else None, "position": index},
    )
    return code


def _collapse_duplicates(segments: Iterable[Segment]) -> int:
    """Segments of one document by one coder with the same span become one (codes and memos
    joined). Returns how many were removed."""
    seen: dict[tuple[int, int | None, int, int], Segment] = {}
    removed = 0
    for segment in sorted(segments, key=lambda s: s.pk):
        key = (segment.document_id, segment.coder_id, segment.start, segment.end)
        kept = seen.get(key)
        if kept is None:
            seen[key] = segment
            continue
        kept.codes.add(*segment.codes.all())
        Memo.objects.filter(segment=segment).update(segment=kept)
        segment.delete()
        removed += 1
    return removed


@transaction.atomic
def code_merge(*, source: Code, target: Code, actor: Any) -> Code:
    """Merge ``source`` into ``target``: its segments, memos and children move to ``target``,
    segments that become duplicates are joined, and ``source`` is deleted."""
    if source.study_id != target.study_id:
        raise ValidationError(_("Codes of different studies cannot be merged."))
    if source.pk == target.pk:
        raise ValidationError(_("A code cannot be merged into itself."))
    if target.pk in _descendant_ids(source):
        raise ValidationError(_("A code cannot be merged into one of its own subcodes."))
    segments = list(source.segments.all())
    if segments and not target.is_codable:
        raise ValidationError(
            _("%(target)s is a category; the coded segments of %(source)s need a code.")
            % {"target": target.name, "source": source.name}
        )
    for segment in segments:
        segment.codes.remove(source)
        segment.codes.add(target)
    Memo.objects.filter(code=source).update(code=target)
    for child in source.children.order_by("order", "name"):
        if Code.objects.filter(parent=target, name__iexact=child.name).exists():
            code_merge(
                source=child,
                target=Code.objects.get(parent=target, name__iexact=child.name),
                actor=actor,
            )
        else:
            child.parent = target
            child.order = _next_order(target.study, target)
            child.save(update_fields=["parent", "order", "updated_at"])
    removed = _collapse_duplicates(
        Segment.objects.filter(document__study=target.study_id, codes=target)
        .prefetch_related("codes")
        .distinct()
    )
    if source.definition and source.definition not in target.definition:
        target.definition = "\n\n".join(t for t in (target.definition, source.definition) if t)
        target.save(update_fields=["definition", "updated_at"])
    data = {"source": source.name, "segments": len(segments), "joined": removed}
    source.delete()
    audit.log(
        "research.code.merge", actor=actor, target=target, program=target.study.program, data=data
    )
    return target


@transaction.atomic
def code_split(*, code: Code, actor: Any, new_name: str, segment_ids: Iterable[int]) -> Code:
    """A new sibling of ``code`` named ``new_name`` that takes over the given segments."""
    ids = {int(pk) for pk in segment_ids}
    if not ids:
        raise ValidationError({"segment_ids": _("Choose the segments for the new code.")})
    segments = list(Segment.objects.filter(codes=code, pk__in=ids))
    if len(segments) != len(ids):
        raise ValidationError({"segment_ids": _("Some segments are not coded with this code.")})
    new = code_create(
        study=code.study,
        actor=actor,
        name=new_name,
        parent=code.parent,
        is_codable=True,
        origin=code.origin,
        definition="",
        color=code.color,
    )
    for segment in segments:
        segment.codes.remove(code)
        segment.codes.add(new)
    audit.log(
        "research.code.split",
        actor=actor,
        target=new,
        program=code.study.program,
        data={"from": code.name, "segments": len(segments)},
    )
    return new
