from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from groundswell.gatherings import actions


class Command(BaseCommand):
    help = "Email people with a place at gatherings starting in 24 to 48 hours (run daily from a timer)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = actions.send_due_reminders()
        self.stdout.write(f"Reminders queued for {count} gathering{'s' if count != 1 else ''}.")
