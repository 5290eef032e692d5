"""REFI-QDA files imported into a study (``study_import``): see ``qda_export`` for how a study
maps onto the format. Rows keep the file's GUIDs; a row whose GUID is already in the study is
updated rather than duplicated (participants and attributes also match by name), so importing
an updated export of a study merges it."""

import datetime
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.common import audit
from acompana.research.models import (
    Code,
    Document,
    Memo,
    Participant,
    Segment,
    Study,
    StudyMember,
    Variable,
)
from acompana.research.services.qda_export import BATCH, EMERGENT_SET, KIND_SET_PREFIX, MEMO_FIELDS
from acompana.research.services.qda_read import ImportFile, import_coder_of_actor, import_file_read
from acompana_core import qda

Row = TypeVar("Row")
Progress = Callable[[int], None]


def _batches(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _rows_per_batch() -> int:
    return max(1, settings.QDA_IMPORT_BATCH_ROWS)


def _stored(value: Any) -> Any:
    """A REFI-QDA value as stored in ``Participant.attributes`` (JSON)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _text_chunks(sources: tuple[qda.TextSource, ...]) -> list[list[qda.TextSource]]:
    """Sources in groups written one transaction each: at most ``QDA_IMPORT_BATCH_BYTES`` of
    text (a larger source goes alone) and ``QDA_IMPORT_BATCH_ROWS`` sources."""
    most_bytes, most_rows = settings.QDA_IMPORT_BATCH_BYTES, _rows_per_batch()
    chunks: list[list[qda.TextSource]] = [[]]
    size = 0
    for source in sources:
        length = len(source.text)
        current = chunks[-1]
        if current and (size + length > most_bytes or len(current) >= most_rows):
            chunks.append([])
            size = 0
        chunks[-1].append(source)
        size += length
    return chunks


class _Importer:
    def __init__(self, study: Study, warnings: list[str], progress: Progress | None) -> None:
        self.study = study
        self.warnings = warnings
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.codes: dict[str, Code] = {}
        self.members: dict[str, StudyMember | None] = {}
        self.variables: dict[str, Variable] = {}
        self.participants: dict[str, Participant] = {}
        self.documents: dict[str, Document] = {}
        self.segments: dict[str, Segment] = {}
        self.account_members: set[int] = set()

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def report(self, percent: int) -> None:
        if self.progress is not None:
            self.progress(percent)

    # Codes

    def import_codes(self, roots: tuple[qda.Code, ...], sets: tuple[qda.Set, ...]) -> None:
        emergent: set[str] | None = None
        for item in sets:
            if item.name.strip().lower() in {EMERGENT_SET.lower(), "códigos emergentes"}:
                emergent = (emergent or set()) | set(item.codes)
        existing = {c.guid: c for c in Code.objects.filter(study=self.study)}
        for order, root in enumerate(roots):
            self._code(root, None, order, existing, emergent)

    def _code(
        self,
        item: qda.Code,
        parent: Code | None,
        order: int,
        existing: dict[str, Code],
        emergent: set[str] | None,
    ) -> None:
        code = existing.get(item.guid)
        values: dict[str, Any] = {
            "name": item.name[:200],
            "parent": parent,
            "is_codable": item.is_codable,
            "definition": item.description or "",
            "order": order,
        }
        if item.color:
            color = item.color.upper()
            if len(color) == 4:
                color = "#" + "".join(ch * 2 for ch in color[1:])
            values["color"] = color
        if emergent is not None:
            values["origin"] = (
                Code.Origin.EMERGENT if item.guid in emergent else Code.Origin.A_PRIORI
            )
        if code is None:
            code = Code.objects.create(study=self.study, guid=item.guid, **values)
            self.count("codes created")
        else:
            if not item.is_codable and code.is_codable and code.segments.exists():
                values["is_codable"] = True
                self.warnings.append(
                    _("%(code)s was kept codable: it has coded segments in this study.")
                    % {"code": code.name}
                )
            for name, value in values.items():
                setattr(code, name, value)
            code.save()
            self.count("codes updated")
        self.codes[item.guid] = code
        for index, child in enumerate(item.children):
            self._code(child, code, index, existing, emergent)

    # Users, variables, cases

    def import_users(self, users: tuple[qda.User, ...], me: tuple[str, StudyMember] | None) -> None:
        """The coders of the file become imported coders of the study (members without an
        account), matched to earlier imported coders by GUID or name. A coder of the file is
        never taken as a member's account, whatever it is called: only the coder the importing
        researcher named as themselves (``me``: the coder's GUID and their own membership)."""
        members = list(StudyMember.objects.filter(study=self.study))
        self.account_members = {m.pk for m in members if m.user_id is not None}
        imported_by_guid = {m.guid: m for m in members if m.user_id is None}
        imported_by_name = {m.code_name.casefold(): m for m in members if m.user_id is None}
        by_name = {m.code_name.casefold(): m for m in members}
        guids = {m.guid for m in members}
        added = []
        for user in users:
            if me is not None and user.guid == me[0]:
                self.members[user.guid] = me[1]
                continue
            name = user.name.strip()
            member = imported_by_guid.get(user.guid) or imported_by_name.get(name.casefold())
            if member is None:
                member = self._coder_without_account(user, by_name, guids)
                added.append(member.code_name)
                if member.code_name.casefold() != name.casefold():
                    self.warnings.append(
                        _(
                            "The coder %(coder)s of the file was imported as %(name)s: a coder "
                            "of a file is never taken as a member's account."
                        )
                        % {"coder": name, "name": member.code_name}
                    )
            self.members[user.guid] = member
        if added:
            self.warnings.append(
                _(
                    "These coders of the file have no account in the study; their segments "
                    "keep them as coders, listed among the members: %(names)s."
                )
                % {"names": ", ".join(sorted(added))}
            )

    def _coder_without_account(
        self, user: qda.User, by_name: dict[str, StudyMember], guids: set[str]
    ) -> StudyMember:
        base = user.name.strip()[:36] or "coder"
        name, n = base, 1
        while name.casefold() in by_name:
            n += 1
            name = f"{base} {n}"
        member = StudyMember(study=self.study, user=None, code_name=name)
        if user.guid not in guids:
            member.guid = user.guid  # else a member's GUID: the coder gets its own
        member.save()
        by_name[name.casefold()] = member
        guids.add(member.guid)
        return member

    def member(self, guid: str | None) -> StudyMember | None:
        return self.members.get(guid) if guid else None

    def import_variables(self, variables: tuple[qda.Variable, ...]) -> None:
        rows = list(Variable.objects.filter(study=self.study))
        by_guid = {v.guid: v for v in rows}
        by_name = {v.name: v for v in rows}
        for order, item in enumerate(variables):
            name = item.name.strip()[:120] or item.guid
            variable = by_guid.get(item.guid) or by_name.get(name)
            if variable is None:
                variable = Variable.objects.create(
                    study=self.study,
                    guid=item.guid,
                    name=name,
                    type=str(item.type),
                    description=item.description or "",
                    order=len(rows) + order,
                )
                by_name[name] = variable
                self.count("attributes created")
            else:
                if variable.type != str(item.type):
                    self.warnings.append(
                        _("The attribute %(name)s is now of type %(type)s, as in the file.")
                        % {"name": variable.name, "type": item.type}
                    )
                    variable.type = str(item.type)
                if name != variable.name and name not in by_name:
                    old = variable.name
                    for participant in Participant.objects.filter(study=self.study):
                        if old in participant.attributes:
                            participant.attributes[name] = participant.attributes.pop(old)
                            participant.save(update_fields=["attributes"])
                    by_name.pop(old, None)
                    variable.name = name
                    by_name[name] = variable
                variable.description = item.description or variable.description
                variable.save()
                self.count("attributes updated")
            self.variables[item.guid] = variable

    def import_cases(self, cases: tuple[qda.Case, ...]) -> None:
        rows = list(Participant.objects.filter(study=self.study))
        by_guid = {p.guid: p for p in rows}
        by_name = {p.code_name: p for p in rows}
        created: list[Participant] = []
        for number, case in enumerate(cases, start=1):
            name = (case.name or "").strip()[:40] or _("Case %(number)s") % {"number": number}
            participant = by_guid.get(case.guid) or by_name.get(name)
            attributes = {}
            for value in case.variable_values:
                variable = self.variables.get(value.variable)
                if variable is not None:
                    attributes[variable.name] = _stored(value.value)
            if participant is None:
                unique = name
                suffix = 2
                while unique in by_name:
                    unique = f"{name}-{suffix}"
                    suffix += 1
                participant = Participant(
                    study=self.study,
                    guid=case.guid,
                    code_name=unique,
                    attributes=attributes,
                    description=case.description or "",
                )
                created.append(participant)
                by_name[unique] = participant
                self.count("participants created")
            else:
                if name != participant.code_name and name not in by_name:
                    by_name.pop(participant.code_name, None)
                    participant.code_name = name
                    by_name[name] = participant
                participant.attributes = {**participant.attributes, **attributes}
                if case.description:
                    participant.description = case.description
                participant.save()
                self.count("participants updated")
            self.participants[case.guid] = participant
        # Created after the updates: a name freed by a renamed participant may be taken.
        Participant.objects.bulk_create(created, batch_size=BATCH)

    # Documents and segments

    def import_sources(
        self, sources: tuple[qda.TextSource, ...], cases: tuple[qda.Case, ...], sets: Any
    ) -> None:
        kind_of: dict[str, str] = {}
        for item in sets:
            if item.name.startswith(KIND_SET_PREFIX):
                kind = item.name[len(KIND_SET_PREFIX) :].strip()
                if kind in Document.Kind.values:
                    for guid in item.sources:
                        kind_of[guid] = kind
        participant_of: dict[str, Participant] = {}
        for case in cases:
            for guid in case.sources:
                if case.guid in self.participants:
                    participant_of.setdefault(guid, self.participants[case.guid])
        existing = {d.guid: d for d in Document.objects.filter(study=self.study)}
        self._load_segments()
        chunks = _text_chunks(sources)
        for number, chunk in enumerate(chunks, start=1):
            with transaction.atomic():
                created: list[Document] = []
                for source in chunk:
                    self._source(source, existing, participant_of, kind_of, created)
                Document.objects.bulk_create(created, batch_size=50)
            self.report(5 + 65 * number // len(chunks))
        self._save_segments()

    def _source(
        self,
        source: qda.TextSource,
        existing: dict[str, Document],
        participant_of: dict[str, Participant],
        kind_of: dict[str, str],
        created: list[Document],
    ) -> None:
        document = existing.get(source.guid)
        participant = participant_of.get(source.guid)
        default_kind = Document.Kind.TRANSCRIPT if participant else Document.Kind.OTHER
        if document is None:
            document = Document(
                study=self.study,
                guid=source.guid,
                name=source.name[:200],
                text=source.text,
                kind=kind_of.get(source.guid, default_kind),
                participant=participant,
                description=source.description or "",
                created_by=self.member(source.creating_user),
            )
            created.append(document)
            self.count("documents created")
        else:
            if document.text != source.text:
                kept = {s.guid for s in source.selections}
                stale = [
                    segment
                    for guid, segment in self.existing_segments.items()
                    if segment.document_id == document.pk and guid not in kept
                ]
                if stale:
                    self.warnings.append(
                        _(
                            "The text of %(name)s changed: %(count)s coded segments that "
                            "were not in the file were removed."
                        )
                        % {"name": document.name, "count": len(stale)}
                    )
                    self._delete_segments(stale)
            document.name = source.name[:200]
            document.text = source.text
            document.kind = kind_of.get(source.guid, document.kind)
            document.participant = participant or document.participant
            document.description = source.description or document.description
            document.save()
            self.count("documents updated")
        self.documents[source.guid] = document
        for selection in source.selections:
            self._segment(document, selection)

    # Segments: the study's segments and their codes are read once, and the changes are
    # written in batches once every document has been read (the segments of a document whose
    # text changed and that are not in the file are removed as the document is read).

    def _load_segments(self) -> None:
        self.existing_segments: dict[str, Segment] = {}
        for segment in (
            Segment.objects.filter(document__study=self.study)
            .only("pk", "guid", "document_id", "start", "end", "coder_id", "updated_at")
            .order_by("document", "start", "end")
        ):
            self.existing_segments.setdefault(segment.guid, segment)
        Through = Segment.codes.through
        self.existing_codings: dict[int, dict[int, int]] = {}
        for pk, segment_id, code_id in Through.objects.filter(
            segment__document__study=self.study
        ).values_list("pk", "segment_id", "code_id"):
            self.existing_codings.setdefault(segment_id, {})[code_id] = pk
        self.new_segments: list[Segment] = []
        self.changed_segments: dict[int, Segment] = {}
        self.codings: dict[str, list[Code]] = {}

    def _delete_segments(self, stale: list[Segment]) -> None:
        pks = [segment.pk for segment in stale]
        for start in range(0, len(pks), BATCH):
            Segment.objects.filter(pk__in=pks[start : start + BATCH]).delete()
        for segment in stale:
            del self.existing_segments[segment.guid]
            self.existing_codings.pop(segment.pk, None)
            self.changed_segments.pop(segment.pk, None)

    def _segment(self, document: Document, selection: qda.Selection) -> None:
        codes = [self.codes[guid] for guid in selection.codings if guid in self.codes]
        if not codes:
            self.warnings.append(
                _("A selection of %(name)s has no codes and was not imported.")
                % {"name": document.name}
            )
            return
        coder = self.member(selection.coder)
        segment = self.existing_segments.get(selection.guid)
        if segment is None:
            segment = Segment(
                document=document,
                guid=selection.guid,
                start=selection.start,
                end=selection.end,
                coder=coder,
            )
            self.new_segments.append(segment)
            self.existing_segments[selection.guid] = segment
            self.count("segments created")
        else:
            segment.document = document
            segment.start, segment.end = selection.start, selection.end
            # A segment coded by a member with an account keeps its coder: a file cannot
            # take someone's coding away from them (nor give it to another).
            if coder is not None and segment.coder_id not in self.account_members:
                segment.coder = coder
            if segment.pk is not None:
                self.changed_segments[segment.pk] = segment
            self.count("segments updated")
        self.codings[selection.guid] = codes
        self.segments[selection.guid] = segment

    def _save_segments(self) -> None:
        """The segments' changes, a batch per transaction (``QDA_IMPORT_BATCH_ROWS``)."""
        size = _rows_per_batch()
        for rows in _batches(self.new_segments, size):
            with transaction.atomic():
                Segment.objects.bulk_create(rows, batch_size=BATCH)
        self.report(80)
        now = timezone.now()
        changed = list(self.changed_segments.values())
        for segment in changed:
            segment.updated_at = now
        for rows in _batches(changed, size):
            with transaction.atomic():
                Segment.objects.bulk_update(
                    rows, ["document", "start", "end", "coder", "updated_at"], batch_size=BATCH
                )
        # ``codes.set()`` for each segment: the rows of codes no longer applied go, the
        # missing ones are added, the others stay as they are.
        Through = Segment.codes.through
        added: list[Any] = []
        removed: list[int] = []
        for guid, codes in self.codings.items():
            segment = self.segments[guid]
            before = self.existing_codings.get(segment.pk, {})
            wanted = {code.pk for code in codes}
            removed.extend(pk for code_id, pk in before.items() if code_id not in wanted)
            added.extend(
                Through(segment_id=segment.pk, code_id=code_id)
                for code_id in dict.fromkeys(code.pk for code in codes)
                if code_id not in before
            )
        for pks in _batches(removed, size):
            with transaction.atomic():
                for start in range(0, len(pks), BATCH):
                    Through.objects.filter(pk__in=pks[start : start + BATCH]).delete()
        for links in _batches(added, size):
            with transaction.atomic():
                Through.objects.bulk_create(links, batch_size=BATCH)
        self.report(90)

    # Memos

    def import_notes(self, project: qda.Project) -> None:
        where: dict[str, dict[str, Any]] = {}
        for code in project.all_codes():
            for guid in code.notes:
                where.setdefault(guid, {"code": self.codes.get(code.guid)})
        for source in project.sources:
            for guid in source.notes:
                where.setdefault(guid, {"document": self.documents.get(source.guid)})
            for selection in source.selections:
                for guid in selection.notes:
                    segment = self.segments.get(selection.guid)
                    attached: dict[str, Any] = (
                        {"segment": segment}
                        if segment
                        else {"document": self.documents.get(source.guid)}
                    )
                    where.setdefault(guid, attached)
        existing = {m.guid: m for m in Memo.objects.filter(study=self.study)}
        created: list[Memo] = []
        updated: dict[int, Memo] = {}
        for note in project.notes:
            target: dict[str, Any] = where.get(note.guid, {})
            if not any(target.values()):
                target = {}
                for guid in note.targets:
                    if guid in self.participants:
                        target = {"participant": self.participants[guid]}
                    elif guid in self.segments:
                        target = {"segment": self.segments[guid]}
                    elif guid in self.documents:
                        target = {"document": self.documents[guid]}
                    elif guid in self.codes:
                        target = {"code": self.codes[guid]}
                    if target:
                        break
            first_line = note.text.strip().splitlines()[0] if note.text.strip() else ""
            values = {
                "title": (note.name.strip() or first_line or _("Memo"))[:200],
                "text": note.text,
                "code": target.get("code"),
                "document": target.get("document"),
                "segment": target.get("segment"),
                "participant": target.get("participant"),
            }
            memo = existing.get(note.guid)
            if memo is None:
                created.append(
                    Memo(
                        study=self.study,
                        guid=note.guid,
                        author=self.member(note.creating_user),
                        **values,
                    )
                )
                self.count("memos created")
            else:
                for name, value in values.items():
                    setattr(memo, name, value)
                memo.updated_at = timezone.now()
                updated[memo.pk] = memo
                self.count("memos updated")
        Memo.objects.bulk_create(created, batch_size=BATCH)
        Memo.objects.bulk_update(
            list(updated.values()), [*MEMO_FIELDS, "updated_at"], batch_size=BATCH
        )


def study_import(
    *,
    study: Study,
    actor: Any,
    data: bytes | Path | None = None,
    filename: str,
    read: ImportFile | None = None,
    my_coder: str = "",
    progress: Progress | None = None,
) -> list[str]:
    """Import a ``.qdpx`` project or a ``.qdc`` codebook (``data``, or the file already
    ``read`` by ``import_file_read``) into ``study``.

    The whole file is read and checked first: a broken or too large file raises
    ``ValidationError`` with the reason and writes nothing. It is then written in short
    transactions (``QDA_IMPORT_BATCH_*``), so that other researchers' saves wait little; rows
    keep the file's GUIDs, so importing the same file again completes an import that stopped.

    The file's coders become imported coders (members without an account), never a member's
    account; ``my_coder`` names the one coder of the file who is the importing researcher
    (their codings are then theirs). ``progress`` is called with a percentage as batches are
    written. Returns the warnings to show (what was skipped or changed).
    """
    if read is None:
        if data is None:
            raise ValueError("study_import needs data or read")
        read = import_file_read(source=data, filename=filename)
    me = (
        import_coder_of_actor(study=study, actor=actor, read=read, name=my_coder)
        if my_coder.strip()
        else None
    )
    warnings = list(read.warnings)
    importer = _Importer(study, warnings, progress)
    project = read.project
    with transaction.atomic():
        importer.import_codes(read.roots, read.sets)
        if project is not None:
            importer.import_users(project.users, me)
            importer.import_variables(project.variables)
            importer.import_cases(project.cases)
    importer.report(5)
    if project is not None:
        importer.import_sources(project.sources, project.cases, project.sets)
    with transaction.atomic():
        if project is not None:
            importer.import_notes(project)
        audit.log(
            "research.study.import",
            actor=actor,
            target=study,
            data={
                "file": filename[:200],
                "kind": "qdc" if read.codebook_only else "qdpx",
                "counts": importer.counts,
                "warnings": len(warnings),
                "coder_taken_as_actor": me is not None,
            },
        )
    importer.report(100)
    return warnings
