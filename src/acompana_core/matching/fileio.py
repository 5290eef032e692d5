"""The JSON file interface: ``acompana match-file PROBLEM.json --out RESULT.json``.

Input::

    {"objective": "total",
     "mentors": [{"id": "T1", "capacity": 10}],
     "mentees": [{"id": "M1"}],
     "edges": [["M1", "T1", 0.83]],
     "locked": [["M1", "T1"]]}

``objective`` defaults to ``"total"`` and ``locked`` to ``[]``. Output::

    {"assignments": [["M1", "T1", 0.83]], "unmatched": [], "matched": 1,
     "total_score": 0.83, "min_score": 0.83, "reasons": {}}

Every problem with the input is reported as a ``ProblemError`` whose message names the
entry at fault (``edges[3]: score 1.4 is outside [0, 1]``).
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from acompana_core.matching.compiled import edge_columns, quote
from acompana_core.matching.json_edges import RawEdges, split_edges
from acompana_core.matching.problem import (
    EdgeTable,
    Mentee,
    Mentor,
    Pair,
    Problem,
    ProblemError,
    Result,
)
from acompana_core.matching.solvers import solve

_KEYS = ("objective", "mentors", "mentees", "edges", "locked")


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small lists are built.

    Decoding allocates only acyclic containers, yet each allocation burst triggers a full
    scan of them; pausing the collector roughly halves the decoding time of big files.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _loads(raw: bytes) -> Any:
    try:
        with _no_cyclic_gc():
            return json.loads(raw)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise ProblemError(message) from None
    except UnicodeDecodeError as exc:
        raise ProblemError(f"invalid JSON: the file is not UTF-8 text ({exc.reason})") from None


def load_problem(source: str | os.PathLike[str] | Mapping[str, Any]) -> Problem:
    """Read a problem from a JSON file path or from an already decoded JSON object.

    Raises ``ProblemError`` for unreadable files, malformed JSON and wrong shapes; the
    problem itself is fully validated when solved (or with ``validate``).
    """
    if isinstance(source, Mapping):
        return _tabulated(problem_from_document(source))
    try:
        raw = Path(source).read_bytes()
    except OSError as exc:
        raise ProblemError(f"cannot read {os.fspath(source)}: {exc.strerror}") from None
    return parse_problem(raw)


def parse_problem(raw: bytes) -> Problem:
    """Parse the bytes of a problem file (see the module docstring for the format)."""
    fast = split_edges(raw)
    document: Any = None
    if fast is not None:
        rest = fast[0]
        try:
            with _no_cyclic_gc():
                document = json.loads(rest)
        except ValueError:
            document = None  # the error lies outside the edges: report it from the original
    if not isinstance(document, dict) or document.get("edges") != []:
        return _tabulated(problem_from_document(_loads(raw)))
    assert fast is not None
    problem = problem_from_document(document)
    return dataclasses.replace(problem, edges=_edge_table(fast[1], problem))


def _tabulated(problem: Problem) -> Problem:
    """The problem with its edge list turned into an ``EdgeTable`` (shapes checked)."""
    if isinstance(problem.edges, EdgeTable):
        return problem
    mentee_col, mentor_col, score = edge_columns(problem.edges)
    columns, names = [], []
    for col, people in ((mentee_col, problem.mentees), (mentor_col, problem.mentors)):
        # Unknown ids get positions past the known ones; validation names them later.
        known = [str(getattr(p, "id", "")) for p in people]
        position = {name: k for k, name in enumerate(known)}
        columns.append([position.setdefault(x, len(position)) for x in col])
        names.append(list(position))
    table = EdgeTable(names[0], names[1], columns[0], columns[1], score)
    return dataclasses.replace(problem, edges=table)


def _entries(document: Mapping[str, Any], key: str, required: bool) -> list[Any]:
    if key not in document:
        if required:
            raise ProblemError(f'top level: missing "{key}"')
        return []
    value = document[key]
    if not isinstance(value, list):
        raise ProblemError(f"{key}: expected a list, got {quote(value)}")
    return value


def _record(section: str, k: int, entry: Any, fields: tuple[str, ...]) -> None:
    if not isinstance(entry, dict):
        wanted = " and ".join(f'"{f}"' for f in fields)
        raise ProblemError(f"{section}[{k}]: expected an object with {wanted}, got {quote(entry)}")
    for name in fields:
        if name not in entry:
            raise ProblemError(f'{section}[{k}]: missing "{name}"')


def problem_from_document(document: Any) -> Problem:
    """Build a ``Problem`` from a decoded JSON object, checking its shape."""
    if not isinstance(document, Mapping):
        raise ProblemError(f"top level: expected a JSON object, got {quote(document)}")
    for key in document:
        if key not in _KEYS:
            raise ProblemError(f"top level: unknown key {quote(key)} (expected {', '.join(_KEYS)})")
    mentor_entries = _entries(document, "mentors", required=True)
    mentee_entries = _entries(document, "mentees", required=True)
    try:
        mentors = [Mentor(e["id"], e["capacity"]) for e in mentor_entries]
        mentees = [Mentee(e["id"]) for e in mentee_entries]
    except (KeyError, TypeError, IndexError):
        # Walk the entries again only to name the faulty one.
        for k, entry in enumerate(mentor_entries):
            _record("mentors", k, entry, ("id", "capacity"))
        for k, entry in enumerate(mentee_entries):
            _record("mentees", k, entry, ("id",))
        raise
    edges = _entries(document, "edges", required=True)
    locked: list[Pair] = _entries(document, "locked", required=False)
    return Problem(
        objective=document.get("objective", "total"),
        mentors=mentors,
        mentees=mentees,
        edges=edges,
        locked=locked,
    )


def _row_hashes(rows: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """A 64-bit hash of each row of words."""
    h = np.full(rows.shape[0], 0x9E3779B97F4A7C15, dtype=np.uint64)
    for c in range(rows.shape[1]):
        h ^= rows[:, c]
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(31)
    return h


def _encode_ids(ids: Sequence[str], width: int) -> tuple[NDArray[np.uint64], NDArray[np.bool_]]:
    """Ids as UTF-8 bytes in ``width`` zero-padded little-endian words, and which ones fit."""
    size = 8 * width
    encoded = [i.encode("utf-8") for i in ids]
    fits = np.array([len(e) <= size for e in encoded], dtype=bool)
    joined = b"".join(e.ljust(size, b"\0") if len(e) <= size else b"\0" * size for e in encoded)
    table = np.frombuffer(joined, dtype="<u8").reshape(len(ids), width)
    return table, fits


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


class _KeyIndex:
    """An open-addressing hash table from 64-bit keys to positions, built and probed with
    NumPy; several times faster than ``searchsorted`` for millions of lookups."""

    def __init__(self, keys: NDArray[np.uint64]) -> None:
        self.bits = max(4, int(np.ceil(np.log2(max(4 * keys.shape[0], 2)))))
        size = 1 << self.bits
        self.position = np.full(size, -1, dtype=np.int64)
        self.key = np.zeros(size, dtype=np.uint64)
        pending = np.arange(keys.shape[0])
        slot = self._home(keys)
        while pending.size:
            # Each free slot goes to its first claimant; the others probe the next slot.
            open_ = pending[self.position[slot[pending]] < 0]
            taken, first = np.unique(slot[open_], return_index=True)
            self.position[taken] = open_[first]
            self.key[taken] = keys[open_[first]]
            placed = np.zeros(keys.shape[0], dtype=bool)
            placed[open_[first]] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & (size - 1)

    def _home(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        return ((keys * _GOLDEN) >> np.uint64(64 - self.bits)).astype(np.int64)

    def find(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        """Position of each key, or -1."""
        result = np.full(keys.shape[0], -1, dtype=np.int64)
        slot = self._home(keys)
        pending = np.arange(keys.shape[0])
        mask = (1 << self.bits) - 1
        while pending.size:
            s = slot[pending]
            position = self.position[s]
            hit = (position >= 0) & (self.key[s] == keys[pending])
            result[pending[hit]] = position[hit]
            pending = pending[(position >= 0) & ~hit]
            slot[pending] = (slot[pending] + 1) & mask
        return result


def _lookup(
    rows: NDArray[np.uint64], ids: Sequence[str]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Position in ``ids`` of each row's id, and whether it was found.

    Single-word ids are compared as integers directly; longer ones by hash, then word by
    word, so the answer is exact either way.
    """
    table, fits = _encode_ids(ids, rows.shape[1])
    if rows.shape[1] == 1:
        table_key, row_key = table[:, 0], rows[:, 0]
    else:
        table_key, row_key = _row_hashes(table), _row_hashes(rows)
    fitting = np.flatnonzero(fits)
    index = _KeyIndex(table_key[fitting]).find(row_key)
    found = index >= 0
    index = np.where(found, fitting[np.maximum(index, 0)], 0)
    if rows.shape[1] > 1:
        found[found] = np.all(table[index[found]] == rows[found], axis=1)
    return index, found


def _match_ids(rows: NDArray[np.uint64], ids: Sequence[str]) -> tuple[NDArray[np.int64], list[str]]:
    """Position of each row's id in ``ids``; ids not found are appended to the returned list."""
    known = list(ids)
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), known
    # Files usually list a mentee's edges together: look each run up once.
    change = np.flatnonzero(np.any(rows[1:] != rows[:-1], axis=1)) + 1
    heads = np.r_[0, change]
    runs = np.diff(np.r_[heads, rows.shape[0]])
    grouped = heads.shape[0] * 4 < rows.shape[0]
    distinct = rows[heads] if grouped else rows
    if known:
        index, found = _lookup(distinct, known)
    else:
        index = np.zeros(distinct.shape[0], dtype=np.int64)
        found = np.zeros(distinct.shape[0], dtype=bool)
    if not found.all():
        # Unknown ids (or, in the rarest case, a hash shared with another id) get positions
        # past the known ones; validation then names the first unknown entry.
        missing = np.flatnonzero(~found)
        unique_rows, inverse = np.unique(distinct[missing], axis=0, return_inverse=True)
        position = {name: p for p, name in enumerate(ids)}
        extra: list[int] = []
        for row in unique_rows:
            name = row.astype("<u8").tobytes().rstrip(b"\0").decode("utf-8")
            if name in position:
                extra.append(position[name])
            else:
                extra.append(len(known))
                known.append(name)
        index[missing] = np.asarray(extra, dtype=np.int64)[inverse.reshape(-1)]
    return (np.repeat(index, runs) if grouped else index), known


def _edge_table(edges: RawEdges, problem: Problem) -> EdgeTable:
    # A non-string id is reported by validation; here the edges only need to be listable.
    mentee_ids = [str(getattr(m, "id", "")) for m in problem.mentees]
    mentor_ids = [str(getattr(m, "id", "")) for m in problem.mentors]
    # The two lookups are independent NumPy work that releases the GIL: run them together.
    with ThreadPoolExecutor(max_workers=1) as pool:
        mentors = pool.submit(_match_ids, edges.mentor, mentor_ids)
        ei, mentee_names = _match_ids(edges.mentee, mentee_ids)
        mj, mentor_names = mentors.result()
    return EdgeTable(mentee_names, mentor_names, ei, mj, edges.score)


SCORE_DECIMALS = 6
"""Decimals written for scores: the resolution at which the solvers compare them."""


def dump_problem(problem: Problem) -> dict[str, Any]:
    """The problem as a JSON-ready dict in the input format, scores rounded to six decimals."""
    if isinstance(problem.edges, EdgeTable):
        table = problem.edges
        mentee_names = np.asarray(table.mentee_ids, dtype=object)[table.mentee_index]
        mentor_names = np.asarray(table.mentor_ids, dtype=object)[table.mentor_index]
        scores = np.round(table.score, SCORE_DECIMALS)
        edges = [
            [i, j, s]
            for i, j, s in zip(
                mentee_names.tolist(), mentor_names.tolist(), scores.tolist(), strict=True
            )
        ]
    else:
        edges = [[i, j, round(float(s), SCORE_DECIMALS)] for i, j, s in problem.edges]
    return {
        "objective": problem.objective,
        "mentors": [{"id": m.id, "capacity": m.capacity} for m in problem.mentors],
        "mentees": [{"id": m.id} for m in problem.mentees],
        "edges": edges,
        "locked": [[i, j] for i, j in problem.locked],
    }


def write_problem(problem: Problem, path: str | os.PathLike[str]) -> None:
    """Write ``dump_problem(problem)`` as compact JSON, the layout that loads fastest."""
    _write_json(dump_problem(problem), path)


def dump_result(result: Result) -> dict[str, Any]:
    """The result as a JSON-ready dict (``min_score`` is ``None`` when nobody is matched)."""
    return {
        "assignments": [[i, j, s] for i, j, s in result.assignments],
        "unmatched": list(result.unmatched),
        "matched": result.matched,
        "total_score": result.total_score,
        "min_score": result.min_score,
        "reasons": dict(result.reasons),
    }


def write_result(result: Result, path: str | os.PathLike[str]) -> None:
    """Write ``dump_result(result)`` to ``path`` atomically (a reader never sees half a file)."""
    _write_json(dump_result(result), path)


def _write_json(document: dict[str, Any], path: str | os.PathLike[str]) -> None:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        # ``dumps`` runs the C encoder in one go; ``dump`` would stream through the much
        # slower pure-Python one.
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_file(problem_path: str | os.PathLike[str], out_path: str | os.PathLike[str]) -> Result:
    """Load, validate and solve a problem file, write the result JSON, return the result."""
    result = solve(load_problem(problem_path))
    write_result(result, out_path)
    return result
