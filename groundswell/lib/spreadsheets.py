"""Reading the text of spreadsheets people upload (CSV files saved by Excel, Forms, Teams)."""

from __future__ import annotations

import codecs
import re
from enum import Enum

# Excel workbooks (.xlsx is a ZIP file; .xls an OLE compound document).
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Problem(Enum):
    TOO_BIG = "too big"
    WORKBOOK = "workbook"
    NOT_TEXT = "not text"
    EMPTY = "empty"


class UnreadableFileError(Exception):
    """The upload is not text we can read; ``problem`` says why, for the caller's own message."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def decode_text(raw: bytes, *, max_bytes: int, utf16_without_bom: bool = False) -> str:
    """Return the text of an uploaded spreadsheet.

    Reads UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (Excel's
    "Unicode text"), Windows-1252 (Excel's plain "CSV") and, if allowed, UTF-16 without a byte
    order mark (some Teams attendance reports).
    """
    if len(raw) > max_bytes:
        raise UnreadableFileError(Problem.TOO_BIG)
    if raw.startswith(WORKBOOK_SIGNATURES):
        raise UnreadableFileError(Problem.WORKBOOK)
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = raw.decode("utf-16")
        elif b"\x00" in raw:
            if not utf16_without_bom:
                raise UnreadableFileError(Problem.NOT_TEXT)
            text = raw.decode(_utf16_byte_order(raw))
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(Problem.NOT_TEXT) from exc
    if CONTROL_CHARACTERS.search(text):
        raise UnreadableFileError(Problem.NOT_TEXT)
    if not text.strip():
        raise UnreadableFileError(Problem.EMPTY)
    return text


def _utf16_byte_order(raw: bytes) -> str:
    """Text in UTF-16 has a zero byte beside nearly every Latin letter; anything else is binary."""
    if len(raw) % 2:
        raise UnreadableFileError(Problem.NOT_TEXT)
    odd_zeros = raw[1::2].count(0)
    even_zeros = raw[0::2].count(0)
    half = len(raw) // 2
    if odd_zeros > 0.9 * half and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > 0.9 * half and odd_zeros == 0:
        return "utf-16-be"
    raise UnreadableFileError(Problem.NOT_TEXT)
