"""Import people (and optionally memberships of one community) from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundswell.communities import importing
from groundswell.communities.models import Community
from groundswell.people.models import Person


class Command(BaseCommand):
    help = (
        "Import people from a CSV file (columns: email, name, and optionally profession, organisation, "
        "organisation_kind, ods_code, role_title, region, role, expertise). Prints what will happen to "
        "each row; if any row has a problem nothing is written and the command fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--community", metavar="SLUG", help="also add everyone to this community")
        parser.add_argument("--by", metavar="EMAIL", help="the person the activity stream names as the importer")
        parser.add_argument("--dry-run", action="store_true", help="only show what would happen")

    def handle(self, *args: Any, **options: Any) -> None:
        text = self._read(Path(options["file"]))
        community = self._community(options["community"])
        by = self._person(options["by"])
        try:
            preview = importing.preview(text, community=community)
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from error
        self._show(preview)
        if preview.has_errors:
            count = len(preview.error_rows)
            raise CommandError(
                f"{count} {'row has a problem' if count == 1 else 'rows have problems'}; nothing was imported."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        if not preview.changing:
            self.stdout.write("Nothing to import.")
            return
        result = importing.apply(text, community=community, by=by, expected_fingerprint=preview.fingerprint)
        if not result.applied:
            self._show(result.preview)
            raise CommandError("The data changed while importing; nothing was imported. Run the command again.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {result.people_created} new people, {result.organisations_created} new organisations, "
                f"{result.members_added} new members."
            )
        )

    def _read(self, path: Path) -> str:
        try:
            if path.stat().st_size > importing.MAX_FILE_BYTES:
                raise CommandError(importing.TOO_BIG)
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            return importing.decode(raw)
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from error

    def _community(self, slug: str | None) -> Community | None:
        if not slug:
            return None
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            raise CommandError(f"No community has the slug {slug!r}.")
        return community

    def _person(self, email: str | None) -> Person | None:
        if not email:
            return None
        person = Person.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Nobody has the email {email!r}.")
        return person

    def _show(self, preview: importing.Preview) -> None:
        for row in preview.rows:
            who = row.email or "(no email)"
            if row.errors:
                for error in row.errors:
                    self.stdout.write(self.style.ERROR(f"Row {row.row_number}: {who}: {error}"))
            else:
                self.stdout.write(f"Row {row.row_number}: {who}: {row.outcome}")
        if preview.ignored_columns:
            self.stdout.write(f"Columns not imported: {', '.join(preview.ignored_columns)}")
        if not preview.has_errors:
            self.stdout.write(
                f"{len(preview.rows)} rows: {preview.new_people} new people, {preview.new_members} new members, "
                f"{preview.new_organisations} new organisations, {preview.unchanged} unchanged."
            )
