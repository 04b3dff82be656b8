from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from groundswell.conversations import actions


class Command(BaseCommand):
    help = (
        "Queue digest emails for everyone due one: daily or weekly, and only to people who have not "
        "visited since their last digest (run hourly or daily from a timer)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = actions.queue_due_digests()
        self.stdout.write(f"Digests queued for {count} {'person' if count == 1 else 'people'}.")
