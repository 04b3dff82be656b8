"""The append-only activity stream that every app records into, and in-app notifications.

Designed for tens of millions of rows: narrow rows, no generic foreign keys, and the two
indexes that the reading queries need (a community's recent activity, a person's recent
activity).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone

from groundswell.lib.db import top_per_group


class ActivityQuerySet(models.QuerySet["Activity"]):
    def for_community(self, community_id: int) -> ActivityQuerySet:
        """Return the community's activity, newest first."""
        return self.filter(community_id=community_id).order_by("-created_at", "-id")

    def by_actor(self, person_id: int) -> ActivityQuerySet:
        """Return what one person did, newest first."""
        return self.filter(actor_id=person_id).order_by("-created_at", "-id")

    def latest_in(self, community_ids: Iterable[int], limit: int) -> ActivityQuerySet:
        """Return the newest ``limit`` entries across the communities, newest first.

        Sorting the communities' whole history would read every entry of every one of them
        (hundreds of thousands for a member of a national network); instead each community
        gives its own newest ``limit`` through the community+time index, and only those are
        sorted.
        """
        ids = list(community_ids)
        newest = top_per_group(
            Activity.objects.all(), group="community_id", keys=ids, order_by=["-created_at", "-id"], n=limit
        )
        return self.filter(pk__in=newest.values("pk")).order_by("-created_at", "-id")[:limit]


class Activity(models.Model):
    """One thing that happened: actor, verb, target, community, time."""

    id = models.BigAutoField(primary_key=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    verb = models.CharField(max_length=64)
    # What the verb acted on, as a type name and id; the label keeps the wording of the time.
    target_type = models.CharField(max_length=64)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["community", "created_at"], name="activity_community_time"),
            models.Index(fields=["actor", "created_at"], name="activity_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"


class AccessRecord(models.Model):
    """Who looked at someone's special-category details (Caldicott: access is audited)."""

    id = models.BigAutoField(primary_key=True)
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_records")
    what = models.CharField(max_length=64)
    context = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["subject", "created_at"], name="access_subject_time")]

    def __str__(self) -> str:
        return f"{self.viewer_id} viewed {self.what} of {self.subject_id}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_recipient(self, person_id: int) -> NotificationQuerySet:
        """Return one person's notifications, newest first."""
        return self.filter(recipient_id=person_id).order_by("-created_at", "-id")

    def unread(self) -> NotificationQuerySet:
        """Return notifications not yet read."""
        return self.filter(read_at__isnull=True)

    def count_unread(self, person_id: int, cap: int = 100) -> int:
        """Count a person's unread notifications, stopping at ``cap``.

        Shown in the header of every page, so it reads at most ``cap`` index entries however
        many notifications have piled up (the page says "99+").
        """
        return self.filter(pk__in=self.unread().filter(recipient_id=person_id).values("pk")[:cap]).count()


class Notification(models.Model):
    """Something a person should know about, shown on their notifications page until read.

    The text keeps the wording of the time (who did what, to which thread), like an activity's
    label; ``url`` is a path on this site.
    """

    id = models.BigAutoField(primary_key=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    verb = models.CharField(max_length=64)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "created_at"], name="notification_recipient_time"),
            # The header's unread count reads only this small index.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
