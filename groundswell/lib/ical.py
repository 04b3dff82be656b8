"""Write iCalendar (RFC 5545) text from plain data.

This module knows nothing about gatherings or people: the caller turns its own
records into ``CalendarEvent`` values (deciding, for instance, whether this reader
may see a joining link) and ``calendar()`` returns the text of one VCALENDAR.

Choices made to keep the output valid and simple:

- Times are written in UTC with the ``Z`` suffix (RFC 5545 section 3.3.5, form #2),
  so no VTIMEZONE component is needed. Sub-second precision is dropped.
- TEXT values are escaped as section 3.3.11 requires (backslash, semicolon, comma,
  newline); other control characters, which TEXT may not contain, are removed.
- Content lines are folded at 75 octets of UTF-8 (section 3.1), never inside a
  multi-byte character; a continuation line starts with one space.
- Lines end with CRLF.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["PRODID", "CalendarEvent", "calendar"]

PRODID = "-//Groundswell//Groundswell//EN"

_MAX_OCTETS = 75
_CRLF = "\r\n"
# Control characters that TEXT may not contain (RFC 5545 section 3.3.11 allows
# HTAB; newlines are escaped before this runs).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# METHOD is an iana-token (RFC 5545 section 3.7.2, RFC 5546).
_METHOD = re.compile(r"[A-Za-z0-9-]+")


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT, described with plain values.

    ``uid`` must be globally unique and stable for the thing it describes;
    ``sequence`` must grow with every change so calendars apply updates.
    ``start`` and ``end`` must be timezone-aware, with ``end`` after ``start``.
    Empty ``description``, ``location`` and ``url`` are left out of the output;
    the organiser is written only when an email address is given.
    """

    uid: str
    sequence: int
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    last_modified: datetime.datetime | None = None
    organiser_name: str = ""
    organiser_email: str = ""


def calendar(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    method: str | None = None,
    now: datetime.datetime | None = None,
) -> str:
    """Return a whole VCALENDAR holding ``events``, with CRLF line endings.

    ``name`` becomes X-WR-CALNAME. ``method`` is written as METHOD when given:
    "PUBLISH" for feeds and downloads, "REQUEST" or "CANCEL" for an emailed
    invitation about a single event. ``now`` is the DTSTAMP (the current time
    when omitted); pass it for deterministic output. Raises ValueError for naive
    datetimes, an end not after its start, a negative sequence or a bad method.
    """
    stamp = _utc(now if now is not None else datetime.datetime.now(datetime.UTC), "now")
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{_text(PRODID)}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
    ]
    if method is not None:
        if not _METHOD.fullmatch(method):
            raise ValueError(f"Not a valid iCalendar method: {method!r}")
        lines.append(f"METHOD:{method.upper()}")
    lines.append(f"X-WR-CALNAME:{_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + _CRLF for line in lines)


def _event_lines(event: CalendarEvent, stamp: str) -> Iterator[str]:
    if event.sequence < 0:
        raise ValueError("SEQUENCE must not be negative.")
    start = _utc(event.start, "start")
    end = _utc(event.end, "end")
    if event.end <= event.start:
        raise ValueError("An event must end after it starts.")
    yield "BEGIN:VEVENT"
    yield f"UID:{_text(event.uid)}"
    yield f"DTSTAMP:{stamp}"
    yield f"DTSTART:{start}"
    yield f"DTEND:{end}"
    yield f"SEQUENCE:{event.sequence}"
    yield f"SUMMARY:{_text(event.summary)}"
    if event.description:
        yield f"DESCRIPTION:{_text(event.description)}"
    if event.location:
        yield f"LOCATION:{_text(event.location)}"
    if event.url:
        yield f"URL:{_uri(event.url)}"
    yield f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}"
    if event.last_modified is not None:
        yield f"LAST-MODIFIED:{_utc(event.last_modified, 'last_modified')}"
    if event.organiser_email:
        parameters = ""
        if event.organiser_name:
            parameters = f";CN={_parameter(event.organiser_name)}"
        yield f"ORGANIZER{parameters}:mailto:{_uri(event.organiser_email)}"
    yield "END:VEVENT"


def _utc(moment: datetime.datetime, what: str) -> str:
    """Format an aware datetime as a UTC DATE-TIME (section 3.3.5, form #2)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware.")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """Escape a TEXT value (section 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _NEWLINE.sub("\\\\n", value)
    return _CONTROL.sub("", value)


def _uri(value: str) -> str:
    """Make a URI or address safe to write unescaped: no controls or spaces."""
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace())


def _parameter(value: str) -> str:
    """Write a parameter value as a quoted-string (section 3.1).

    A quoted-string may not hold a double quote or control characters, so double
    quotes become single quotes and controls (including newlines) are dropped.
    """
    value = _CONTROL.sub("", _NEWLINE.sub(" ", value.replace("\t", " ")))
    return '"' + value.replace('"', "'") + '"'


def _fold(line: str) -> str:
    """Fold a content line so no physical line exceeds 75 octets (section 3.1).

    A break never falls inside a multi-byte UTF-8 character; each continuation
    line starts with one space, which counts towards its 75 octets.
    """
    if len(line.encode("utf-8")) <= _MAX_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = _MAX_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, _MAX_OCTETS - 1
        current.append(character)
        size += octets
    pieces.append("".join(current))
    return (_CRLF + " ").join(pieces)
