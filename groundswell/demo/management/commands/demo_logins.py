"""``manage.py demo_logins``: print who to sign in as, and with what password."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from groundswell.demo import network
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS


class Command(BaseCommand):
    help = "Print the demo logins: who each one is, their email and the shared password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Where the demo is served.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [("Who", "Email", "Password")]
        rows += [(persona.description, persona.email, DEMO_PASSWORD) for persona in PERSONAS]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
        lines.insert(1, "  ".join("-" * width for width in widths))
        self.stdout.write(f"\nGroundswell demo: open {options['url']} and sign in with a password as:\n")
        for line in lines:
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        try:
            loaded = network.is_loaded()
        except DatabaseError:
            loaded = False
        if not loaded:
            self.stdout.write(
                self.style.WARNING("The demo network is not loaded yet: run `manage.py seed_demo` first.\n")
            )
