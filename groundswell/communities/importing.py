"""Import people, and optionally their memberships of one community, from a CSV spreadsheet.

Three steps, each usable alone: ``decode`` turns uploaded bytes into text, ``preview`` reads
and checks the text against the database without writing anything, and ``apply`` checks the
same text again and then writes everything through the actions in one transaction, or
nothing at all. Running the same file twice changes nothing the second time: people are
matched by email, organisations by ODS code or name, and existing members are left alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower

from groundswell.chronicle import actions as chronicle
from groundswell.communities import actions as community_actions
from groundswell.communities.models import OPEN_STATUSES, Community, Membership, MembershipStatus, Role
from groundswell.lib import spreadsheets
from groundswell.people import actions as people_actions
from groundswell.people.actions import ActionError
from groundswell.people.models import (
    LAY_PROFESSIONS,
    Affiliation,
    Organisation,
    OrganisationKind,
    Person,
    Profession,
    Region,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_EXPERTISE_TAGS = 20

COLUMNS = (
    "email",
    "name",
    "profession",
    "organisation",
    "organisation_kind",
    "ods_code",
    "role_title",
    "region",
    "role",
    "expertise",
)
REQUIRED_COLUMNS = ("email", "name")
# Other spellings people use in spreadsheet headers.
COLUMN_ALIASES = {
    "email_address": "email",
    "e_mail": "email",
    "e_mail_address": "email",
    "full_name": "name",
    "display_name": "name",
    "organization": "organisation",
    "organization_kind": "organisation_kind",
    "organisation_type": "organisation_kind",
    "organization_type": "organisation_kind",
    "ods": "ods_code",
    "job_title": "role_title",
    "community_role": "role",
}
# Limits match the model fields the values end up in.
MAX_LENGTHS = {"email": 254, "name": 120, "organisation": 200, "ods_code": 10, "role_title": 120}
MAX_TAG_LENGTH = 80

TOO_BIG = f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Split it into smaller files."
NOT_CSV = "The file is not a CSV file we can read. Save the spreadsheet as “CSV UTF-8” and upload that."
WORKBOOK = (
    "This looks like an Excel workbook, not a CSV file. In Excel choose File, Save a copy, "
    "and the “CSV UTF-8 (comma delimited)” format, then upload that file."
)
_MESSAGES = {
    spreadsheets.Problem.TOO_BIG: TOO_BIG,
    spreadsheets.Problem.WORKBOOK: WORKBOOK,
    spreadsheets.Problem.NOT_TEXT: NOT_CSV,
    spreadsheets.Problem.EMPTY: "The file is empty.",
}
ODS_CODE = re.compile(r"^[A-Z0-9]+$")


class ImportFileError(ActionError):
    """The file as a whole cannot be imported; the message is safe to show."""


class _RowFailedError(Exception):
    """Raised inside apply() to roll the transaction back after a row failed."""


# Reading the file


def read_upload(upload: UploadedFile[bytes]) -> str:
    """Return the text of an uploaded file, refusing files that are too big or not text."""
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise ImportFileError(TOO_BIG)
    return decode(upload.read(MAX_FILE_BYTES + 1))


def decode(raw: bytes) -> str:
    """Decode the bytes of a CSV file: UTF-8 (with or without a byte order mark), UTF-16 with
    a byte order mark (Excel's "Unicode text"), or Windows-1252 (Excel's plain "CSV")."""
    try:
        return spreadsheets.decode_text(raw, max_bytes=MAX_FILE_BYTES)
    except spreadsheets.UnreadableFileError as exc:
        raise ImportFileError(_MESSAGES[exc.problem]) from exc


@dataclass
class Record:
    """One row of the file as written, before any checking."""

    row_number: int
    cells: dict[str, str]
    overflow: bool = False


@dataclass
class ParsedFile:
    columns: list[str]
    ignored_columns: list[str]
    records: list[Record]


def _column_name(heading: str) -> str:
    name = re.sub(r"[\s\-]+", "_", heading.strip().lower())
    return COLUMN_ALIASES.get(name, name)


def _delimiter(text: str) -> str:
    # Excel writes semicolons where the decimal mark is a comma, and tabs for "Unicode text".
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse(text: str) -> ParsedFile:
    """Split CSV text into a header and rows; rows are numbered as a spreadsheet numbers them."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] | None = None
    records: list[Record] = []
    try:
        for row_number, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [_column_name(cell) for cell in row]
                _check_header(header)
                continue
            if len(records) >= MAX_ROWS:
                raise ImportFileError(
                    f"The file has more than {MAX_ROWS:,} people in it. "
                    f"Split it into files of {MAX_ROWS:,} rows or fewer."
                )
            cells = {name: value.strip() for name, value in zip(header, row, strict=False) if name}
            overflow = any(cell.strip() for cell in row[len(header) :])
            records.append(Record(row_number, cells, overflow))
    except csv.Error as exc:
        raise ImportFileError(f"Row {reader.line_num} could not be read as CSV ({exc}).") from exc
    if header is None:
        raise ImportFileError("The file is empty.")
    if not records:
        raise ImportFileError("The file has a header row but nobody in it.")
    return ParsedFile(
        columns=[name for name in header if name in COLUMNS],
        ignored_columns=[name for name in header if name and name not in COLUMNS],
        records=records,
    )


def _check_header(header: list[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(
            "The first row must name the columns, including "
            + " and ".join(REQUIRED_COLUMNS)
            + f". Missing: {' and '.join(missing)}."
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise ImportFileError(f"The header row names these columns more than once: {', '.join(repeated)}.")


# Checking each row


@dataclass
class PersonRow:
    """A row's values, checked and converted to what the models store."""

    email: str
    name: str
    profession: str
    region: str
    organisation: str
    organisation_kind: str
    ods_code: str
    role_title: str
    role: str
    expertise: list[str]


@dataclass
class NewOrganisation:
    """An organisation that the import will create, shared by every row that names it."""

    key: str
    name: str
    kind: str
    ods_code: str


@dataclass
class RowResult:
    """What happened to (or is wrong with) one row of the file."""

    row_number: int
    data: dict[str, str]
    errors: list[str] = field(default_factory=list)
    outcome: str = ""
    clean: PersonRow | None = None
    # The plan that apply() carries out, worked out by preview().
    person: Person | None = None
    organisation: Organisation | NewOrganisation | None = None
    creates_person: bool = False
    role: str = ""

    @property
    def email(self) -> str:
        return self.data.get("email", "")

    @property
    def name(self) -> str:
        return self.data.get("name", "")

    @property
    def changes_something(self) -> bool:
        return self.creates_person or bool(self.role)


def _squash(value: str) -> str:
    return " ".join(value.casefold().replace("_", " ").replace("-", " ").split())


def _choice(value: str, choices: type[models.TextChoices]) -> str | None:
    wanted = _squash(value)
    for choice in choices:
        if wanted in (_squash(choice.value), _squash(str(choice.label))):
            return str(choice.value)
    return None


def _labels(choices: type[models.TextChoices]) -> str:
    return ", ".join(str(choice.label) for choice in choices)


def _check_choice(
    record: Record, column: str, heading: str, choices: type[models.TextChoices], errors: list[str]
) -> str:
    raw = record.cells.get(column, "")
    if not raw:
        return ""
    value = _choice(raw, choices)
    if value is None:
        errors.append(f"{heading} “{raw}” is not one we know. Use one of: {_labels(choices)}.")
        return ""
    return value


def _clean(record: Record) -> tuple[PersonRow | None, list[str]]:
    cells = record.cells
    errors: list[str] = []
    if record.overflow:
        errors.append("This row has more cells than the header row has columns.")
    for column, limit in MAX_LENGTHS.items():
        if len(cells.get(column, "")) > limit:
            errors.append(f"{column.replace('_', ' ').capitalize()} is too long (at most {limit} characters).")
    email = cells.get("email", "").lower()
    if not email:
        errors.append("Email is missing.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"“{cells['email']}” is not a valid email address.")
    name = " ".join(cells.get("name", "").split())
    if not name:
        errors.append("Name is missing.")
    profession = _check_choice(record, "profession", "Profession", Profession, errors) or Profession.OTHER
    region = _check_choice(record, "region", "Region", Region, errors)
    role = _check_choice(record, "role", "Role", Role, errors)
    kind = _check_choice(record, "organisation_kind", "Organisation kind", OrganisationKind, errors)
    organisation = " ".join(cells.get("organisation", "").split())
    ods_code = cells.get("ods_code", "").upper()
    if ods_code and not ODS_CODE.match(ods_code):
        errors.append(f"ODS code “{cells['ods_code']}” should be letters and digits only.")
    if (ods_code or kind) and not organisation:
        errors.append("An organisation kind or ODS code needs the organisation name too.")
    # Semicolons separate tags; the same tag twice (in any case) counts once.
    tags = (" ".join(tag.split()) for tag in cells.get("expertise", "").split(";"))
    unique: dict[str, str] = {}
    for tag in tags:
        if tag:
            unique.setdefault(_squash(tag), tag)
    expertise = list(unique.values())
    if len(expertise) > MAX_EXPERTISE_TAGS:
        errors.append(f"Too many areas of expertise (at most {MAX_EXPERTISE_TAGS}).")
    errors.extend(
        f"Expertise “{tag[:30]}…” is too long (at most {MAX_TAG_LENGTH} characters each)."
        for tag in expertise
        if len(tag) > MAX_TAG_LENGTH
    )
    if errors:
        return None, errors
    clean = PersonRow(
        email=email,
        name=name,
        profession=profession,
        region=region,
        organisation=organisation,
        organisation_kind=kind or OrganisationKind.OTHER,
        ods_code=ods_code,
        role_title=" ".join(cells.get("role_title", "").split()),
        role=role,
        expertise=expertise,
    )
    return clean, []


# The preview


@dataclass
class Preview:
    """Every row with what the import would do, or what is wrong with it."""

    community: Community | None
    rows: list[RowResult]
    ignored_columns: list[str]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def new_people(self) -> int:
        return sum(1 for row in self.rows if row.creates_person)

    @property
    def new_members(self) -> int:
        return sum(1 for row in self.rows if row.role)

    @property
    def new_organisations(self) -> int:
        return len({row.organisation.key for row in self.rows if isinstance(row.organisation, NewOrganisation)})

    @property
    def changing(self) -> int:
        """Return how many rows would change something."""
        return sum(1 for row in self.rows if row.changes_something)

    @property
    def unchanged(self) -> int:
        return sum(1 for row in self.rows if not row.errors and not row.changes_something)

    @property
    def fingerprint(self) -> str:
        """Summarise the plan, so a confirmation can tell whether it is still the plan shown."""
        lines = (f"{row.row_number}|{row.outcome}|{'|'.join(row.errors)}" for row in self.rows)
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class _Organisations:
    """Finds the organisation a row names: by ODS code first, then by name (ignoring case).

    Organisations the import will create are looked up the same way as those already
    stored, so a file gives the same answers on its first and second runs.
    """

    def __init__(self, rows: list[PersonRow]) -> None:
        codes = {row.ods_code for row in rows if row.ods_code}
        names = {row.organisation for row in rows if row.organisation}
        self.by_ods: dict[str, Organisation | NewOrganisation] = {
            o.ods_code: o for o in Organisation.objects.filter(ods_code__in=codes)
        }
        self.by_name: dict[str, list[Organisation | NewOrganisation]] = {}
        # SQLite lowers only ASCII letters, so also ask for the names exactly as written (which
        # is how an earlier run of the same file stored them) and compare in Python.
        stored = (
            Organisation.objects.annotate(lower_name=Lower("name"))
            .filter(Q(lower_name__in={name.lower() for name in names}) | Q(name__in=names))
            .order_by("pk")
        )
        for organisation in stored:
            self.by_name.setdefault(organisation.name.casefold(), []).append(organisation)

    def find(self, row: PersonRow) -> Organisation | NewOrganisation | str:
        """Return the organisation, a new one to create, or an error message."""
        if row.ods_code and row.ods_code in self.by_ods:
            return self.by_ods[row.ods_code]
        candidates = self.by_name.get(row.organisation.casefold(), [])
        if row.ods_code:
            # A same-named organisation with another ODS code is a different organisation.
            candidates = [c for c in candidates if not c.ods_code]
        if len(candidates) > 1:
            return (
                f"More than one organisation is called “{row.organisation}”. "
                "Add its ODS code in an ods_code column to say which."
            )
        if candidates:
            return candidates[0]
        key = f"ods:{row.ods_code}" if row.ods_code else f"name:{row.organisation.casefold()}"
        new = NewOrganisation(key=key, name=row.organisation, kind=row.organisation_kind, ods_code=row.ods_code)
        if row.ods_code:
            self.by_ods[row.ods_code] = new
        self.by_name.setdefault(row.organisation.casefold(), []).append(new)
        return new


def _role_label(role: str) -> str:
    return str(Role(role).label).lower()


def preview(text: str, *, community: Community | None) -> Preview:
    """Check every row of the CSV text and say what importing it would do; write nothing."""
    if community is not None and community.is_closed:
        raise ImportFileError("This community has closed, so nobody can be added to it.")
    parsed = parse(text)
    rows: list[RowResult] = []
    first_row_for: dict[str, int] = {}
    for record in parsed.records:
        clean, errors = _clean(record)
        row = RowResult(record.row_number, record.cells, errors, clean=clean)
        email = record.cells.get("email", "").lower()
        if email in first_row_for:
            row.errors.append(f"Email {email} also appears on row {first_row_for[email]}.")
            row.clean = None
        elif email:
            first_row_for[email] = record.row_number
        rows.append(row)
    _plan(rows, community)
    return Preview(community=community, rows=rows, ignored_columns=parsed.ignored_columns)


def _plan(rows: list[RowResult], community: Community | None) -> None:
    valid = [row for row in rows if row.clean is not None and not row.errors]
    emails = [row.clean.email for row in valid if row.clean]
    existing = {
        person.email.lower(): person
        for person in Person.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
    }
    statuses: dict[int, str] = {}
    if community is not None and existing:
        statuses = dict(
            Membership.objects.filter(
                community=community, person__in=list(existing.values()), status__in=OPEN_STATUSES
            ).values_list("person_id", "status")
        )
    organisations = _Organisations([row.clean for row in valid if row.clean and row.clean.email not in existing])
    for row in valid:
        clean = row.clean
        assert clean is not None
        person = existing.get(clean.email)
        if person is None:
            _plan_new_person(row, clean, community, organisations)
        else:
            _plan_existing_person(row, clean, person, community, statuses.get(person.pk))


def _plan_new_person(
    row: RowResult, clean: PersonRow, community: Community | None, organisations: _Organisations
) -> None:
    parts = ["new person"]
    if clean.organisation:
        found = organisations.find(clean)
        if isinstance(found, str):
            row.errors.append(found)
            return
        row.organisation = found
        parts[0] += f" at {found.name}" + (" (new organisation)" if isinstance(found, NewOrganisation) else "")
    row.creates_person = True
    if community is not None:
        row.role = clean.role or (Role.LAY_PARTNER if clean.profession in LAY_PROFESSIONS else Role.MEMBER)
        parts.append(f"will join as {_role_label(row.role)}")
    row.outcome = ", ".join(parts)


def _plan_existing_person(
    row: RowResult, clean: PersonRow, person: Person, community: Community | None, status: str | None
) -> None:
    row.person = person
    if not person.is_active:
        row.outcome = "account closed, not changed"
    elif community is None:
        row.outcome = "already on Groundswell, profile unchanged"
    elif status == MembershipStatus.ACTIVE:
        row.outcome = "already on Groundswell and a member, unchanged"
    elif status == MembershipStatus.REQUESTED:
        row.outcome = "already on Groundswell and has asked to join: decide on the request on the members page"
    else:
        row.role = clean.role or (Role.LAY_PARTNER if person.is_lay_partner else Role.MEMBER)
        row.outcome = f"already on Groundswell, profile unchanged, will join as {_role_label(row.role)}"


# Applying


@dataclass
class ImportResult:
    """What apply() did; ``applied`` is False when it wrote nothing."""

    preview: Preview
    applied: bool = False
    # The plan differed from the one the person confirmed, so nothing was written.
    stale: bool = False
    people_created: int = 0
    members_added: int = 0
    organisations_created: int = 0
    affiliations_added: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.people_created or self.members_added)


def apply(
    text: str, *, community: Community | None, by: Person | None, expected_fingerprint: str | None = None
) -> ImportResult:
    """Check the CSV text again and, if every row is fine, import it all in one transaction.

    Nothing is written if any row has an error, or if ``expected_fingerprint`` is given and
    the plan is no longer the one it summarises (someone changed the data in between).
    Imported people get no password and no email; they sign in with a code sent on request.
    """
    try:
        with transaction.atomic():
            checked = preview(text, community=community)
            result = ImportResult(checked)
            if checked.has_errors:
                return result
            if expected_fingerprint is not None and expected_fingerprint != checked.fingerprint:
                result.stale = True
                return result
            created: dict[str, Organisation] = {}
            for row in checked.rows:
                try:
                    _apply_row(row, result, community=community, by=by, created=created)
                except (ActionError, IntegrityError) as exc:
                    message = str(exc) if isinstance(exc, ActionError) else "Someone changed this person just now."
                    row.errors.append(f"{message} Check the file and try again.")
                    raise _RowFailedError from exc
            if community is not None and result.changed_anything:
                chronicle.record_activity(
                    "imported_people",
                    actor=by,
                    target=community,
                    community_id=community.pk,
                    data={
                        "rows": len(checked.rows),
                        "people_created": result.people_created,
                        "members_added": result.members_added,
                        "organisations_created": result.organisations_created,
                    },
                )
            result.applied = True
            return result
    except _RowFailedError:
        return ImportResult(checked)


def _apply_row(
    row: RowResult,
    result: ImportResult,
    *,
    community: Community | None,
    by: Person | None,
    created: dict[str, Organisation],
) -> None:
    clean = row.clean
    person = row.person
    if row.creates_person and clean is not None:
        person = people_actions.create_person(
            email=clean.email, display_name=clean.name, by=by, profession=clean.profession, region=clean.region
        )
        result.people_created += 1
        if clean.expertise:
            people_actions.set_expertise(person, by=by or person, names=clean.expertise)
        organisation = _organisation_for(row, result, by=by, created=created)
        if (
            organisation is not None
            and not Affiliation.objects.filter(person=person, organisation=organisation).exists()
        ):
            people_actions.add_affiliation(person, by=by, organisation=organisation, role_title=clean.role_title)
            result.affiliations_added += 1
    if row.role and community is not None and person is not None:
        community_actions.add_member(community, by=by, person=person, role=row.role)
        result.members_added += 1


def _organisation_for(
    row: RowResult, result: ImportResult, *, by: Person | None, created: dict[str, Organisation]
) -> Organisation | None:
    planned = row.organisation
    if not isinstance(planned, NewOrganisation):
        return planned
    if planned.key not in created:
        created[planned.key] = people_actions.create_organisation(
            by=by, name=planned.name, kind=planned.kind, ods_code=planned.ods_code
        )
        result.organisations_created += 1
    return created[planned.key]
