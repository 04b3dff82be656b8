"""Load a synthetic national-scale dataset for benchmarks: ``manage.py seed_scale --people N``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundswell.demo import scale


class Command(BaseCommand):
    help = (
        "Generate a national-scale dataset into an empty database: at --people 250000, 20,000 organisations, "
        "5,000 communities, 1,000,000 memberships and 10,000,000 activity rows (fewer people scale the rest). "
        "Rows are written in bulk (COPY on PostgreSQL), not through actions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=scale.FULL_PEOPLE, help="How many people (default 250000).")
        parser.add_argument("--seed", type=int, default=2024, help="Random seed; the same seed gives the same data.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scale.seed_scale(options["people"], seed=options["seed"], log=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
