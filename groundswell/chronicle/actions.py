"""The one write path into the activity stream, the access audit and notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from groundswell.chronicle.models import AccessRecord, Activity, Notification


def record_activity(
    verb: str,
    *,
    actor: models.Model | None,
    target: models.Model,
    community_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Activity:
    """Append one entry to the activity stream; call it inside the action's transaction."""
    return Activity.objects.create(
        actor_id=actor.pk if actor is not None else None,
        verb=verb,
        target_type=target._meta.model_name or "",
        target_id=target.pk,
        target_label=str(target)[:300],
        community_id=community_id,
        data=data or {},
    )


def record_access(*, viewer: models.Model, subjects: Iterable[models.Model], what: str, context: str) -> None:
    """Log that the viewer saw the named details of each subject."""
    AccessRecord.objects.bulk_create(
        AccessRecord(viewer_id=viewer.pk, subject_id=subject.pk, what=what, context=context[:200])
        for subject in subjects
    )


def notify(recipient_ids: Iterable[int], *, verb: str, text: str, url: str, actor: models.Model | None = None) -> int:
    """Give each recipient an unread notification; return how many were made.

    The actor is never notified of their own doing. Call it inside the action's transaction
    (or from a task that an action queued).
    """
    skip = actor.pk if actor is not None else None
    rows = [
        Notification(
            recipient_id=pk,
            actor_id=skip,
            verb=verb,
            text=text[:300],
            url=url[:500],
        )
        for pk in dict.fromkeys(recipient_ids)
        if pk != skip
    ]
    Notification.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def mark_read(person: models.Model, *, ids: Iterable[int] | None = None) -> int:
    """Mark the person's unread notifications read (only ``ids``, if given); return how many."""
    unread = Notification.objects.unread().filter(recipient_id=person.pk)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
