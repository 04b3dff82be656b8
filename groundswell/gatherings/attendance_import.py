"""Reading an attendance list exported from Eventbrite, Microsoft Forms or Microsoft Teams.

Each tool writes a different file: Eventbrite a UTF-8 CSV, Microsoft Forms a UTF-8 CSV with a
byte order mark, and Teams an attendance report in UTF-16 with tabs, with a summary block and
sometimes more sections after the participant table. So we decode any of these, find the first
line that names an email column (in any of the usual spellings), read the rows below it, and
match them to the gathering's registrations by email, ignoring case.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from groundswell.gatherings.models import Gathering, Registration
from groundswell.lib import spreadsheets
from groundswell.people.actions import ActionError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# The header row must be near the top; Teams puts about ten summary lines before it.
MAX_LINES_BEFORE_HEADER = 100
DELIMITERS = (",", "\t", ";")

# Header names are compared with everything but letters and digits removed, ignoring case,
# so "E-mail address", "Email Address" and "email_address" are all "emailaddress".
# Earlier entries win when a file has more than one (Eventbrite has the attendee's and the buyer's).
EMAIL_HEADERS = (
    "email",
    "emailaddress",
    "attendeeemail",
    "attendeeemailaddress",
    "participantemail",
    "participantemailaddress",
    "useremail",
    "useremailaddress",
    "respondentemail",
    "workemail",
    "youremail",
    "youremailaddress",
    "mail",
    "emailid",
    "buyeremail",
    # Teams: the participant's sign-in name, which is their email address in most NHS tenants.
    "participantidupn",
    "upn",
    "userprincipalname",
)
NAME_HEADERS = (
    "name",
    "fullname",
    "attendeename",
    "participantname",
    "displayname",
    "username",
    "respondentname",
    "yourname",
)
FIRST_NAME_HEADERS = ("firstname", "givenname", "forename", "attendeefirstname")
LAST_NAME_HEADERS = ("lastname", "surname", "familyname", "attendeelastname")

TOO_BIG = f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."
TOO_MANY = f"The file has more than {MAX_ROWS:,} rows. Upload the list of one gathering at a time."
NOT_TEXT = (
    "The file is not a CSV or text file we can read. Export the attendance list as CSV "
    "(or download the Teams attendance report) and upload that file."
)
WORKBOOK = "This looks like an Excel workbook, not a CSV file. Save it as “CSV UTF-8” and upload that."
_MESSAGES = {
    spreadsheets.Problem.TOO_BIG: TOO_BIG,
    spreadsheets.Problem.WORKBOOK: WORKBOOK,
    spreadsheets.Problem.NOT_TEXT: NOT_TEXT,
    spreadsheets.Problem.EMPTY: "The file is empty.",
}
NO_EMAIL_COLUMN = (
    "We could not find a column of email addresses. The list needs a column headed “Email”, "
    "“E-mail”, “Email address”, “Attendee email”, “Participant email” or “User email”."
)
NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


class AttendanceFileError(ActionError):
    """The file as a whole cannot be read; the message is safe to show."""


def _key(header: str) -> str:
    return NOT_ALPHANUMERIC.sub("", header.strip().lower())


EMAIL_KEYS = {_key(h): rank for rank, h in enumerate(EMAIL_HEADERS)}


def decode(raw: bytes) -> str:
    """Return the text of an uploaded file: UTF-8 (with or without a byte order mark), UTF-16
    (with a byte order mark, or without one as some Teams reports are), or Windows-1252."""
    try:
        return spreadsheets.decode_text(raw, max_bytes=MAX_FILE_BYTES, utf16_without_bom=True)
    except spreadsheets.UnreadableFileError as exc:
        raise AttendanceFileError(_MESSAGES[exc.problem]) from exc


@dataclass(frozen=True)
class Row:
    """One person in the file, as written."""

    line: int
    email: str
    name: str


@dataclass(frozen=True)
class _Columns:
    email: int
    name: int | None
    first: int | None
    last: int | None
    header: str

    @classmethod
    def find(cls, cells: list[str]) -> _Columns | None:
        keys = [_key(cell) for cell in cells]
        emails = [(EMAIL_KEYS[k], i) for i, k in enumerate(keys) if k in EMAIL_KEYS]
        if not emails:
            return None
        email = min(emails)[1]

        def first_of(names: tuple[str, ...]) -> int | None:
            for name in names:
                if name in keys:
                    return keys.index(name)
            return None

        return cls(
            email=email,
            name=first_of(NAME_HEADERS),
            first=first_of(FIRST_NAME_HEADERS),
            last=first_of(LAST_NAME_HEADERS),
            header=cells[email].strip(),
        )

    def name_in(self, cells: list[str]) -> str:
        def cell(index: int | None) -> str:
            return cells[index].strip() if index is not None and index < len(cells) else ""

        return cell(self.name) or " ".join(p for p in (cell(self.first), cell(self.last)) if p)


@dataclass
class AttendanceList:
    """The people in an uploaded file, each email once, in the order of the file."""

    rows: list[Row]
    email_column: str
    delimiter: str


def _header_at(line: str) -> tuple[str, _Columns] | None:
    for delimiter in DELIMITERS:
        if delimiter not in line:
            continue
        cells = next(csv.reader([line], delimiter=delimiter), [])
        columns = _Columns.find(cells)
        if columns is not None:
            return delimiter, columns
    # A file with a single column has no delimiter on its header line.
    columns = _Columns.find([line])
    return (",", columns) if columns is not None else None


def parse(text: str) -> AttendanceList:
    """Find the header row naming an email column and return the people listed below it.

    Lines above the header (a Teams summary) are skipped. A later line naming an email column
    starts a new table (Teams' in-meeting activities), whose columns are found again. Rows
    without an email but with a name are kept, so the organiser sees them; a lone cell (a
    section title) is skipped. Raises AttendanceFileError for a file we cannot use.
    """
    lines = text.splitlines(keepends=True)
    header = next(
        ((index, found) for index, line in enumerate(lines[:MAX_LINES_BEFORE_HEADER]) if (found := _header_at(line))),
        None,
    )
    if header is None:
        raise AttendanceFileError(NO_EMAIL_COLUMN)
    start, (delimiter, columns) = header
    first_columns = columns
    rows: list[Row] = []
    seen: set[str] = set()
    count = 0
    try:
        reader = csv.reader(lines[start + 1 :], delimiter=delimiter)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            again = _Columns.find(cells)
            if again is not None:
                columns = again
                continue
            count += 1
            if count > MAX_ROWS:
                raise AttendanceFileError(TOO_MANY)
            email = cells[columns.email].strip() if columns.email < len(cells) else ""
            name = columns.name_in(cells)
            if not email and sum(1 for cell in cells if cell.strip()) <= 1:
                continue
            key = email.lower()
            if key and key in seen:
                continue
            if key:
                seen.add(key)
            rows.append(Row(line=start + 1 + reader.line_num, email=email, name=name[:120]))
    except csv.Error as exc:
        raise AttendanceFileError(NOT_TEXT) from exc
    if not rows:
        raise AttendanceFileError("The file has an email column but nobody is listed under it.")
    return AttendanceList(rows=rows, email_column=first_columns.header, delimiter=delimiter)


@dataclass(frozen=True)
class Unmatched:
    row: Row
    reason: str


@dataclass
class Matching:
    """Who in the file is on the gathering's list, and who is not."""

    matched: list[tuple[Row, Registration]] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    @property
    def registration_ids(self) -> list[int]:
        return [registration.pk for _, registration in self.matched]


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def match(attendance: AttendanceList, gathering: Gathering) -> Matching:
    """Match the file's rows to the gathering's registrations by email, ignoring case.

    A registration matches on the email it was made with, or its person's current email.
    Runs one query.
    """
    by_email: dict[str, Registration] = {}
    for registration in Registration.objects.filter(gathering=gathering).select_related("person"):
        by_email.setdefault(registration.email.lower(), registration)
        if registration.person is not None:
            by_email.setdefault(registration.person.email.lower(), registration)
    result = Matching()
    taken: set[int] = set()
    for row in attendance.rows:
        found = by_email.get(row.email.lower())
        if found is not None:
            if found.pk not in taken:
                taken.add(found.pk)
                result.matched.append((row, found))
        elif not row.email:
            result.unmatched.append(Unmatched(row, "No email address"))
        elif not _is_email(row.email):
            result.unmatched.append(Unmatched(row, "Not an email address"))
        else:
            result.unmatched.append(Unmatched(row, "Not invited or registered"))
    return result
