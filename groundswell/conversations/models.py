"""Threads and their posts, attachments, edit history, reports, guidelines, watching and digests.

A thread's opening words are its first post (``is_opening``), so replies and the opening are
moderated, edited, searched and attached to in one way. Moderation hides or removes posts;
a thread whose opening post is hidden or removed is hidden or removed with it (``Thread.state``
follows the opening post, so lists need not look at posts).

Full-text search has no model here: migration 0002 adds an FTS5 table kept by triggers on
SQLite and a generated ``tsvector`` column with a GIN index on PostgreSQL (see search.py).
"""

from __future__ import annotations

import datetime
import functools
import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from groundswell.people.models import Person


@functools.cache
def _url_pattern(name: str) -> str:
    """A URL with a slot for the id, reversed once per process: lists link dozens of threads."""
    url = reverse(name, args=[987654321])
    assert url.count("987654321") == 1, url
    return url.replace("987654321", "{}")


class ThreadKind(models.TextChoices):
    DISCUSSION = "discussion", "Discussion"
    QUESTION = "question", "Question (ask the network)"


class PostState(models.TextChoices):
    VISIBLE = "visible", "Visible"
    HIDDEN = "hidden", "Hidden by a convenor"
    REMOVED = "removed", "Removed by a convenor"


class ThreadQuerySet(models.QuerySet["Thread"]):
    def listed(self) -> ThreadQuerySet:
        """Return visible threads, the most recently active first."""
        return self.filter(state=PostState.VISIBLE).order_by("-last_posted_at", "-id")

    def unanswered(self) -> ThreadQuerySet:
        """Return visible questions nobody but the asker has replied to, oldest first."""
        return self.filter(state=PostState.VISIBLE, kind=ThreadKind.QUESTION, first_response_at__isnull=True).order_by(
            "created_at", "id"
        )

    def shown_to(self, viewer: Person | None, *, moderator: bool) -> ThreadQuerySet:
        """Return threads the viewer may open: visible ones, their own, and all for moderators."""
        if moderator:
            return self
        shown = Q(state=PostState.VISIBLE)
        if viewer is not None and viewer.is_authenticated:
            shown |= Q(author_id=viewer.pk)
        return self.filter(shown)


class Thread(models.Model):
    """A discussion or a question in a community."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="threads", db_index=False
    )
    kind = models.CharField(max_length=16, choices=ThreadKind.choices, default=ThreadKind.DISCUSSION)
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Follows the opening post's state (moderation hides or removes the whole thread with it).
    state = models.CharField(max_length=16, choices=PostState.choices, default=PostState.VISIBLE)
    # Visible replies, kept by the actions so lists need not count posts.
    reply_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_posted_at = models.DateTimeField(default=timezone.now)
    # When someone other than the author first replied: the vitality indicators' "time to
    # first response".
    first_response_at = models.DateTimeField(null=True, blank=True)
    accepted_answer = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["community", "state", "last_posted_at", "id"], name="thread_community_recent"),
            models.Index(
                fields=["community", "created_at"],
                condition=Q(kind="question", first_response_at__isnull=True, state="visible"),
                name="thread_unanswered",
            ),
            # Few threads have an accepted answer; deleting a post looks here.
            models.Index(
                fields=["accepted_answer"], condition=Q(accepted_answer__isnull=False), name="thread_accepted_answer"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _url_pattern("conversations:thread").format(self.pk)

    @property
    def is_question(self) -> bool:
        return self.kind == ThreadKind.QUESTION

    @property
    def is_visible(self) -> bool:
        return self.state == PostState.VISIBLE

    @property
    def time_to_first_response(self) -> datetime.timedelta | None:
        if self.first_response_at is None:
            return None
        return self.first_response_at - self.created_at


class PostQuerySet(models.QuerySet["Post"]):
    def shown_to(self, viewer: Person | None, *, moderator: bool) -> PostQuerySet:
        """Return posts the viewer may read: visible ones, their own in any state, and all
        of them for the community's moderators."""
        if moderator:
            return self
        shown = Q(state=PostState.VISIBLE)
        if viewer is not None and viewer.is_authenticated:
            shown |= Q(author_id=viewer.pk)
        return self.filter(shown)

    def in_order(self) -> PostQuerySet:
        """Return posts as a thread reads, oldest first."""
        return self.order_by("created_at", "id")


class Post(models.Model):
    """The opening words of a thread, or a reply; written in Markdown, shown as sanitised HTML."""

    # Indexed by post_thread_order and post_community_time (which lead with these columns).
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts", db_index=False)
    # The thread's community, kept on the post so search and digests filter without a join.
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    is_opening = models.BooleanField(default=False)
    # The thread's title on its opening post (empty on replies), so that search finds threads
    # by their titles with the same index as their words.
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(max_length=20_000)
    # The body rendered and sanitised when it was written (markdown.render).
    body_html = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=PostState.choices, default=PostState.VISIBLE)
    moderation_reason = models.CharField(max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="post_thread_order"),
            models.Index(fields=["community", "created_at"], name="post_community_time"),
            # Only replies to a particular post are indexed; deleting a post looks here.
            models.Index(fields=["reply_to"], condition=Q(reply_to__isnull=False), name="post_reply_to"),
        ]

    def __str__(self) -> str:
        # Never the words: labels in the activity stream outlive moderation.
        return f"Post {self.pk} in thread {self.thread_id}"

    def get_absolute_url(self) -> str:
        return f"{_url_pattern('conversations:thread').format(self.thread_id)}?post={self.pk}#post-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.state == PostState.VISIBLE


class PostRevision(models.Model):
    """A post as it read before an edit; moderators can see every earlier version."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    written_at = models.DateTimeField(help_text="When this version was first written.")
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["post", "replaced_at"], name="revision_post_time")]

    def __str__(self) -> str:
        return f"Post {self.post_id} as of {self.written_at:%Y-%m-%d %H:%M}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Store each file under a random name: what people call their files never reaches the disk."""
    extension = os.path.splitext(filename)[1].lower()
    today = timezone.now()
    return f"conversations/attachments/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A file shared with a post: stored under a generated name, served as a download."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    # The name the file was uploaded with, cleaned; used only in the download's header.
    name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conversations:attachment", args=[self.pk, self.name])


class ReportReason(models.TextChoices):
    # Safeguarding first: the moderation queue puts these reports at the top.
    UNSAFE = "unsafe", "Someone may be unsafe (safeguarding)"
    PERSONAL_INFORMATION = "personal_information", "It contains personal information about someone"
    ABUSIVE = "abusive", "It is abusive or offensive"
    SPAM = "spam", "It is spam or advertising"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Waiting for a convenor"
    ACTIONED = "actioned", "Dealt with"
    DISMISSED = "dismissed", "No action needed"


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        """Return reports no convenor has dealt with."""
        return self.filter(status=ReportStatus.OPEN)

    def queue_order(self) -> ReportQuerySet:
        """Return reports with safeguarding first, then the oldest first."""
        return self.annotate(
            safeguarding_first=Case(
                When(reason=ReportReason.UNSAFE, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("safeguarding_first", "created_at", "id")


class Report(models.Model):
    """Someone's report of a post to the community's convenors."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=24, choices=ReportReason.choices)
    details = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.CharField(max_length=500, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["community", "status", "created_at"], name="report_queue")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} (post {self.post_id})"

    @property
    def is_safeguarding(self) -> bool:
        return self.reason == ReportReason.UNSAFE


class Guidelines(models.Model):
    """How a community asks people to talk to each other; its convenors write them."""

    community = models.OneToOneField("communities.Community", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)
    body_html = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "guidelines"

    def __str__(self) -> str:
        return f"Guidelines of community {self.community_id}"


class WatchLevel(models.TextChoices):
    ALL = "all", "Every new post"
    REPLIES = "replies", "Only replies to me and mentions of me"
    NONE = "none", "Nothing (I still hear when someone mentions me)"


# What a member hears without having chosen: replies to what they wrote, and mentions.
DEFAULT_WATCH_LEVEL = WatchLevel.REPLIES


class Watch(models.Model):
    """How closely a person follows a thread, or a whole community (``thread`` empty)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=16, choices=WatchLevel.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # Who follows a thread, and who follows a community closely.
            models.Index(fields=["thread", "level"], name="watch_thread_level"),
            models.Index(fields=["community", "level"], condition=Q(thread__isnull=True), name="watch_community_level"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "thread"], condition=Q(thread__isnull=False), name="one_watch_per_thread"
            ),
            models.UniqueConstraint(
                fields=["person", "community"], condition=Q(thread__isnull=True), name="one_watch_per_community"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} watches {self.thread_id or self.community_id}: {self.level}"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    NEVER = "never", "Never"


DEFAULT_DIGEST_FREQUENCY = DigestFrequency.WEEKLY
DIGEST_PERIODS = {
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(days=7),
}


class ReaderQuerySet(models.QuerySet["Reader"]):
    def for_person(self, person: Person) -> Reader:
        """Return the person's reading record, or an unsaved one with the defaults."""
        return self.filter(person=person).first() or Reader(person=person)


class Reader(models.Model):
    """A person as a reader: how often they want a digest, when they last came, when one went.

    Without a row a person gets the default weekly digest. ``last_seen_at`` is written at most
    once every few minutes (middleware.LastSeenMiddleware), so reading pages stays free.
    """

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest_frequency = models.CharField(
        max_length=16, choices=DigestFrequency.choices, default=DEFAULT_DIGEST_FREQUENCY
    )
    last_seen_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReaderQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Reader {self.person_id} ({self.digest_frequency})"
