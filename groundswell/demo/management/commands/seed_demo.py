"""``manage.py seed_demo``: load the demo network once; later runs leave it alone."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from groundswell.demo import network


class Command(BaseCommand):
    help = "Load the demo network (about 600 people, 80 organisations, 19 communities, five years of history)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = network.seed()
        if not result.loaded:
            self.stdout.write("The demo network is already loaded; nothing changed.")
            return
        summary = ", ".join(f"{n} {name}" for name, n in result.counts.items())
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo network in {elapsed:.1f}s: {summary}."))
        self.stdout.write("Run `manage.py demo_logins` to see how to sign in.")
