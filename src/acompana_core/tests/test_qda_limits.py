"""Imports are bounded by the real inflated size of what they read, never the declared one."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest

from acompana_core.qda import (
    Code,
    Codebook,
    Limits,
    Project,
    QdaImportError,
    TextSource,
    read_qdc,
    read_qdpx,
    stable_guid,
)
from acompana_core.qda.writer import codebook_xml, qdpx_bytes

KiB = 1024
MiB = 1024 * KiB


def project_with(texts: list[str]) -> bytes:
    code = Code(guid=stable_guid("limits", "code"), name="Escucha")
    sources = tuple(
        TextSource(guid=stable_guid("limits", str(n)), name=f"Entrevista {n}", text=text)
        for n, text in enumerate(texts)
    )
    return qdpx_bytes(Project(name="Límites", codes=(code,), sources=sources))


def qde_size(data: bytes) -> int:
    return zipfile.ZipFile(io.BytesIO(data)).getinfo("project.qde").file_size


def with_declared_size(data: bytes, name: str, declared: int) -> bytes:
    """The archive with the uncompressed size of ``name`` changed in both of its headers."""
    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    struct.pack_into("<I", raw, info.header_offset + 22, declared)  # local header
    at = raw.find(b"PK\x01\x02")
    while at != -1:  # central directory
        (length,) = struct.unpack_from("<H", raw, at + 28)
        if raw[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into("<I", raw, at + 24, declared)
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def bomb(inflated: int) -> tuple[bytes, str]:
    """A project whose only source inflates to ``inflated`` bytes but declares 1 KiB."""
    data = project_with(["x"])
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: archive.read(info) for info in archive.infolist()}
    source = next(name for name in entries if name.startswith("sources/"))
    entries[source] = b"a" * inflated
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for name, content in entries.items():
            packed.writestr(name, content)
    return with_declared_size(buffer.getvalue(), source, 1 * KiB), source


def test_a_source_larger_than_the_per_source_limit_is_refused() -> None:
    data = project_with(["a" * 3000])
    with pytest.raises(QdaImportError, match="too large to import: more than 2000 bytes"):
        read_qdpx(data, limits=Limits(max_source_bytes=2000))


def test_sources_together_larger_than_the_total_limit_are_refused() -> None:
    data = project_with(["a" * 900] * 4)
    total = qde_size(data) + 2000
    with pytest.raises(QdaImportError, match="the project is too large to import"):
        read_qdpx(data, limits=Limits(max_source_bytes=1000, max_total_bytes=total))


def test_sources_within_the_limits_are_read() -> None:
    data = project_with(["a" * 900] * 4)
    total = qde_size(data) + 3600
    result = read_qdpx(data, limits=Limits(max_source_bytes=900, max_total_bytes=total))
    assert [len(s.text) for s in result.project.sources] == [900] * 4


def test_a_project_file_larger_than_its_limit_is_refused() -> None:
    data = project_with(["a"])
    with pytest.raises(QdaImportError, match=r"project\.qde is too large to import"):
        read_qdpx(data, limits=Limits(max_project_bytes=qde_size(data) - 1))


def test_a_codebook_larger_than_the_project_limit_is_refused() -> None:
    xml = codebook_xml(Codebook(codes=(Code(guid=stable_guid("cb", "1"), name="Escucha"),)))
    with pytest.raises(QdaImportError, match="the codebook is too large to import"):
        read_qdc(xml, limits=Limits(max_project_bytes=len(xml) - 1))
    assert read_qdc(xml, limits=Limits(max_project_bytes=len(xml))).codebook.codes


def test_inline_text_larger_than_the_per_source_limit_is_refused() -> None:
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Límites"><Sources>'
        f'<TextSource guid="{stable_guid("limits", "inline")}" name="Entrevista">'
        f"<PlainTextContent>{'b' * 5000}</PlainTextContent></TextSource>"
        "</Sources></Project>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as packed:
        packed.writestr("project.qde", qde)
    with pytest.raises(QdaImportError, match="is too large to import: more than 1000 bytes"):
        read_qdpx(buffer.getvalue(), limits=Limits(max_source_bytes=1000))
    assert read_qdpx(buffer.getvalue(), limits=Limits(max_source_bytes=5000)).project.sources


def test_a_source_declaring_a_kilobyte_that_inflates_to_megabytes_is_refused_in_little_memory() -> (
    None
):
    data, source = bomb(64 * MiB)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(source).file_size == 1 * KiB
    tracemalloc.start()
    try:
        with pytest.raises(QdaImportError, match=source):
            read_qdpx(data, limits=Limits(max_source_bytes=1 * MiB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MiB


def test_a_source_that_declares_its_real_size_is_refused_past_the_limit_in_little_memory() -> None:
    data = project_with(["a" * (32 * MiB)])
    tracemalloc.start()
    try:
        with pytest.raises(QdaImportError, match="too large to import"):
            read_qdpx(data, limits=Limits(max_source_bytes=1 * MiB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The archive itself (32 KiB compressed) and at most the limit plus one chunk.
    assert peak < 4 * MiB
