"""Plain text from uploaded transcripts: TXT in UTF-8 (with or without a byte-order mark),
UTF-16 (with a byte-order mark) or Windows-1252, and DOCX (read with zipfile and lxml).

Line ends are normalized to ``\\n`` before the text is stored, so code-point positions do not
depend on the system that wrote the file. Errors are ``ValidationError`` with a message for the
researcher.
"""

import codecs
import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from lxml import etree

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
CHUNK = 64 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Control characters other than tab and newline have no place in a transcript.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str) -> str:
    """Newlines as ``\\n``, no control characters, no byte-order mark."""
    text = normalize_newlines(text.lstrip("\ufeff"))
    return CONTROL.sub("", text)


def decode_txt(data: bytes) -> str:
    """Decode a text file, trying the encodings transcripts come in."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("The file says it is UTF-8 but is not.")) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValidationError(_("The file says it is UTF-16 but is not.")) from None
    if b"\x00" in data:
        raise ValidationError(
            _("The file could not be read as text (it looks binary or is UTF-16 without a mark).")
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file's text encoding could not be recognised; save it as UTF-8 and try again.")
        ) from None


def _too_large() -> ValidationError:
    return ValidationError(
        _("The DOCX document holds too much text (the limit is %(size)s MB).")
        % {"size": floatformat(settings.DOCX_MAX_TEXT_BYTES / 1024 / 1024, -1)}
    )


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The bytes of an archive entry, counted as they are inflated (the size the archive
    declares is not trusted) and refused as soon as they pass ``limit``."""
    chunks = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_large()
            chunks.append(chunk)
    return b"".join(chunks)


def docx_text(data: bytes) -> str:
    """The text of a DOCX file: paragraphs on their own lines, tabs and line breaks kept.

    Bounded: the document's XML may inflate to at most ``DOCX_MAX_XML_BYTES`` and its text may
    hold at most ``DOCX_MAX_TEXT_BYTES`` (UTF-8), so a small file cannot expand into a huge
    transcript."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise ValidationError(_("The file is not a valid DOCX document.")) from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        xml = _inflate(archive, info, settings.DOCX_MAX_XML_BYTES)
        root = etree.fromstring(xml, parser)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise ValidationError(_("The file is not a valid DOCX document.")) from None
    del xml
    most = settings.DOCX_MAX_TEXT_BYTES
    size = 0
    paragraphs = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append("\t")
            else:
                parts.append("\n")
        line = "".join(parts)
        size += len(line.encode()) + 1
        if size > most:
            raise _too_large()
        paragraphs.append(line)
    return "\n".join(paragraphs)


def extract_text(*, data: bytes, filename: str) -> str:
    """The cleaned text of an uploaded ``.txt`` or ``.docx`` file."""
    name = filename.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is 5 MB.")
            % {"size": floatformat(len(data) / 1024 / 1024, 1)}
        )
    if not data:
        raise ValidationError(_("The file is empty."))
    if name.endswith(".txt") or name.endswith(".text"):
        text = decode_txt(data)
    elif name.endswith(".docx"):
        text = docx_text(data)
    else:
        raise ValidationError(
            _("Only plain text (.txt) and Word (.docx) files can be uploaded; convert the file.")
        )
    text = clean_text(text)
    if not text.strip():
        raise ValidationError(_("The file has no text."))
    return text
