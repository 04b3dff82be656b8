"""The one write path into the activity stream and the access audit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from groundswell.chronicle.models import AccessRecord, Activity


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
