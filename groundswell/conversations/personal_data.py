"""The personal data conversations hold: a person's posts. Registered with people.personal_data.

Erasure keeps the posts (others replied to them; threads must still read) under "Former member",
which erasing the person already shows, and drops their reading state and watches.
"""

from __future__ import annotations

from typing import Any

from groundswell.conversations.models import Post, Reader, Watch
from groundswell.people.models import Person


def export(person: Person) -> list[dict[str, Any]]:
    """Every post the person wrote, with its thread."""
    rows = Post.objects.filter(author=person).select_related("thread").order_by("created_at", "id")
    return [{"thread": p.thread.title, "body": p.body, "written_at": p.created_at.isoformat()} for p in rows]


def erase(person: Person) -> None:
    """Forget what the person read and watched; their posts stay, under "Former member"."""
    Watch.objects.filter(person=person).delete()
    Reader.objects.filter(person=person).delete()
