"""Add stories to a national-scale dataset for benchmarks: ``manage.py seed_scale_stories --stories N``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundswell.demo import stories


class Command(BaseCommand):
    help = (
        "Write N stories, each with one consent record, told by members drawn from the active memberships "
        "(run seed_scale first). Rows are written in bulk, not through actions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stories", type=int, default=200_000, help="How many stories (default 200000).")
        parser.add_argument("--seed", type=int, default=2024, help="Random seed; the same seed gives the same data.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stories"] < 0:
            raise CommandError("--stories must be 0 or more")
        try:
            stories.seed_scale(options["stories"], seed=options["seed"], log=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
