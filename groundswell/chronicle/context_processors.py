"""The unread-notification count in every page's header."""

from __future__ import annotations

from functools import cached_property

from django.http import HttpRequest

from groundswell.chronicle.models import Notification

# The header shows "99+" past this many.
UNREAD_CAP = 100


class UnreadNotifications:
    """Counted when a template first asks (one small index read), then remembered."""

    def __init__(self, person_id: int) -> None:
        self.person_id = person_id

    @cached_property
    def count(self) -> int:
        return Notification.objects.count_unread(self.person_id, cap=UNREAD_CAP)

    @property
    def label(self) -> str:
        return f"{UNREAD_CAP - 1}+" if self.count >= UNREAD_CAP else str(self.count)


def notifications(request: HttpRequest) -> dict[str, UnreadNotifications | None]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": None}
    return {"unread_notifications": UnreadNotifications(user.pk)}
