"""Documents people upload (pre-reads, product versions): what they are, judged by their content.

The file name's extension says what the uploader claims; the first bytes say what the file is.
Both must agree with one of the kinds we accept, so a renamed executable or HTML page is refused.
Files are stored under generated names and always served as downloads (see ``download_headers``),
so a browser never renders an uploaded file in our origin.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.http import FileResponse

PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel and PowerPoint before 2007

# extension: (content type, how the content must start, for ZIP files a member that must exist)
KINDS: dict[str, tuple[str, bytes | None, str | None]] = {
    "pdf": ("application/pdf", PDF, None),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP, "word/document.xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP, "xl/workbook.xml"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP, "ppt/presentation.xml"),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP, "content.xml"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP, "content.xml"),
    "odp": ("application/vnd.oasis.opendocument.presentation", ZIP, "content.xml"),
    "doc": ("application/msword", OLE, None),
    "xls": ("application/vnd.ms-excel", OLE, None),
    "ppt": ("application/vnd.ms-powerpoint", OLE, None),
    "txt": ("text/plain; charset=utf-8", None, None),
    "csv": ("text/csv; charset=utf-8", None, None),
}
ACCEPTED = ", ".join(sorted(KINDS))
# A ZIP bomb defence: an Office file whose parts unpack to more than this is refused.
MAX_UNPACKED = 500 * 1024 * 1024


class DocumentProblem(Enum):
    TOO_BIG = "too big"
    EMPTY = "empty"
    WRONG_TYPE = "wrong type"
    MISMATCH = "content does not match"


class UnusableDocumentError(Exception):
    """The upload cannot be kept; ``problem`` says why, for the caller's own message."""

    def __init__(self, problem: DocumentProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Document:
    extension: str
    content_type: str
    size: int


def extension_of(filename: str) -> str:
    """The lower-case extension of the last path segment of a name ('' when there is none)."""
    base = re.split(r"[\\/]", filename)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def _is_text(raw: bytes) -> bool:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    # Control characters other than tabs and line ends mean a binary file.
    return not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)


def _zip_has(raw: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNPACKED:
                return False
            return member in {info.filename for info in infos}
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def identify(filename: str, raw: bytes, *, max_bytes: int) -> Document:
    """Return what the uploaded file is, or raise UnusableDocumentError."""
    if len(raw) > max_bytes:
        raise UnusableDocumentError(DocumentProblem.TOO_BIG)
    if not raw:
        raise UnusableDocumentError(DocumentProblem.EMPTY)
    extension = extension_of(filename)
    if extension not in KINDS:
        raise UnusableDocumentError(DocumentProblem.WRONG_TYPE)
    content_type, signature, member = KINDS[extension]
    if signature is None:
        matches = _is_text(raw)
    else:
        matches = raw.startswith(signature) and (member is None or _zip_has(raw, member))
    if not matches:
        raise UnusableDocumentError(DocumentProblem.MISMATCH)
    return Document(extension=extension, content_type=content_type, size=len(raw))


def download_name(title: str, extension: str) -> str:
    """A safe file name for a download: ASCII letters, digits, spaces, dots, dashes only."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9 ._-]+", "", ascii_title).strip(" .")[:80] or "document"
    return f"{stem}.{extension}"


def download_headers(title: str, document_extension: str, content_type: str) -> dict[str, str]:
    """Headers that make a browser save the file, never display it in our origin."""
    return {
        "Content-Type": content_type,
        "Content-Disposition": f'attachment; filename="{download_name(title, document_extension)}"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    }


def download_response(stored: Any, *, title: str, extension: str, content_type: str) -> FileResponse:
    """A stored file (a FieldFile) as a download, never shown in the browser under our origin."""
    response = FileResponse(stored.open("rb"))
    for header, value in download_headers(title, extension, content_type).items():
        response[header] = value
    return response
