"""Load national-scale conversations for benchmarks: ``manage.py seed_scale_posts --posts N``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundswell.demo import conversations_scale


class Command(BaseCommand):
    help = (
        "Generate conversations into the communities seed_scale made: --posts posts (default 2,000,000) in "
        "threads of varied length, one of them 500 replies long. Rows are written in bulk (COPY on PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--posts", type=int, default=2_000_000, help="How many posts (default 2000000).")
        parser.add_argument("--seed", type=int, default=2025, help="Random seed; the same seed gives the same data.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            conversations_scale.seed_scale_posts(options["posts"], seed=options["seed"], log=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
