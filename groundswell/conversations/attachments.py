"""What files a post may carry, and how they are checked before they are kept.

A file is accepted only if its name ends in one of the extensions below and its first bytes
are what that kind of file starts with, so a web page renamed ``.pdf`` is refused. The type
served back is the one from this table, never the one the uploader's browser claimed, and
downloads are always attachments with ``nosniff`` (views.attachment_download).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from groundswell.people.actions import ActionError

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_POST = 5
# Bytes read to recognise a file.
SNIFF_BYTES = 2048


def _starts_with(*prefixes: bytes) -> Callable[[bytes], bool]:
    return lambda head: any(head.startswith(prefix) for prefix in prefixes)


def _is_text(head: bytes) -> bool:
    # Plain text: no NUL bytes, and UTF-8 (a character cut at the end of the sample is fine).
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3
    return True


_ZIP = _starts_with(b"PK\x03\x04")


@dataclass(frozen=True)
class Kind:
    content_type: str
    looks_right: Callable[[bytes], bool]
    label: str


KINDS: dict[str, Kind] = {
    ".pdf": Kind("application/pdf", _starts_with(b"%PDF-"), "PDF"),
    ".png": Kind("image/png", _starts_with(b"\x89PNG\r\n\x1a\n"), "PNG image"),
    ".jpg": Kind("image/jpeg", _starts_with(b"\xff\xd8\xff"), "JPEG image"),
    ".jpeg": Kind("image/jpeg", _starts_with(b"\xff\xd8\xff"), "JPEG image"),
    ".docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP, "Word document"),
    ".xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP, "Excel spreadsheet"),
    ".pptx": Kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP, "PowerPoint slides"
    ),
    ".odt": Kind("application/vnd.oasis.opendocument.text", _ZIP, "OpenDocument text"),
    ".ods": Kind("application/vnd.oasis.opendocument.spreadsheet", _ZIP, "OpenDocument spreadsheet"),
    ".csv": Kind("text/csv", _is_text, "CSV file"),
    ".txt": Kind("text/plain", _is_text, "text file"),
}
ACCEPT = ",".join(sorted(KINDS))
ALLOWED_DESCRIPTION = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG"


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile[Any]
    name: str
    content_type: str
    size: int


def clean_name(raw: str) -> str:
    """Return the file's own name without any folder, control characters or excess length."""
    name = os.path.basename(raw.replace("\\", "/"))
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip().strip(".")
    stem, extension = os.path.splitext(name)
    stem = stem[: 150 - len(extension)] or "file"
    return stem + extension.lower()


def check(upload: UploadedFile[Any]) -> CheckedFile:
    """Return the upload as a file we will keep, or raise ActionError saying why not."""
    name = clean_name(upload.name or "")
    extension = os.path.splitext(name)[1]
    kind = KINDS.get(extension)
    if kind is None:
        raise ActionError(f"{name} is not a kind of file we accept. Share a {ALLOWED_DESCRIPTION} file.")
    size = upload.size or 0
    if size == 0:
        raise ActionError(f"{name} is empty.")
    if size > MAX_BYTES:
        raise ActionError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not kind.looks_right(head):
        raise ActionError(f"{name} does not look like a {kind.label}; it may be damaged or misnamed.")
    return CheckedFile(upload=upload, name=name, content_type=kind.content_type, size=size)
