from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from groundswell.communities import actions


class Command(BaseCommand):
    help = "Mark invitations that lapsed unanswered and tell each inviter (run daily from a timer)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = actions.expire_invitations()
        self.stdout.write(f"{count} invitation{'s' if count != 1 else ''} lapsed; inviters told.")
