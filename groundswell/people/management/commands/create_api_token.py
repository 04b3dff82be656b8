"""Print a new personal access token for someone, for scripts and integrations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundswell.people import actions
from groundswell.people.models import Person


class Command(BaseCommand):
    help = "Create a personal access token for the person with the email, and print it (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The person's email address.")
        parser.add_argument("--name", default="API token", help="What the token is for.")

    def handle(self, *args: Any, email: str, name: str, **options: Any) -> None:
        person = Person.objects.active().filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"No one with the email {email} can sign in to Groundswell.")
        token, raw = actions.create_api_token(person, name=name)
        self.stderr.write(f"Token “{token.name}” for {person.email}; it is shown only this once:")
        self.stdout.write(raw)
