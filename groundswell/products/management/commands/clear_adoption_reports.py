"""``manage.py clear_adoption_reports``: run daily from a timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from groundswell.products import actions


class Command(BaseCommand):
    help = (
        'Delete "we use this" reports whose confirmation link has lapsed, and erase outside readers\' email '
        "addresses kept longer than 90 days (run daily)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, erased = actions.clear_adoption_reports()
        reports = "report" if deleted == 1 else "reports"
        addresses = "1 reader's email address" if erased == 1 else f"{erased} readers' email addresses"
        self.stdout.write(f"Deleted {deleted} unconfirmed {reports}; erased {addresses}.")
