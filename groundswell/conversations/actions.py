"""Every write to conversations goes through here: threads, replies, edits, answers, files,
watching, reports and moderation, guidelines, notifications about posts, and digests."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from groundswell.chronicle import actions as chronicle
from groundswell.communities.models import Community, Membership
from groundswell.conversations import attachments as files
from groundswell.conversations import markdown, tasks
from groundswell.conversations.models import (
    DEFAULT_WATCH_LEVEL,
    DIGEST_PERIODS,
    Attachment,
    DigestFrequency,
    Guidelines,
    Post,
    PostRevision,
    PostState,
    Reader,
    Report,
    ReportReason,
    ReportStatus,
    Thread,
    ThreadKind,
    Watch,
    WatchLevel,
)
from groundswell.people.actions import ActionError
from groundswell.people.models import Person

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_REASON = 500
UNSUBSCRIBE_SALT = "groundswell.conversations.digest-unsubscribe"


def _record(verb: str, *, actor: Person | None, target: Any, community_id: int | None, **data: Any) -> None:
    chronicle.record_activity(verb, actor=actor, target=target, community_id=community_id, data=data or None)


def _check_open(community: Community) -> None:
    if community.is_closed:
        raise ActionError("This community has closed; its conversations are kept as an archive.")


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ActionError("Give the conversation a title.")
    if len(title) > MAX_TITLE:
        raise ActionError(f"A title can have at most {MAX_TITLE} characters.")
    return title


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ActionError("Write something first.")
    if len(body) > MAX_BODY:
        raise ActionError(f"A post can have at most {MAX_BODY:,} characters.")
    return body


def mentionable(community: Community, body: str) -> dict[str, markdown.Mentioned]:
    """Return the community's members whom the text could be mentioning, keyed by lower-case name."""
    candidates = markdown.mention_candidates(body)
    if not candidates:
        return {}
    # Compared in lower case by the database (ASCII on SQLite) and exactly as written, so that
    # names with accented capitals still match when typed as the profile shows them.
    rows = (
        Membership.objects.active()
        .filter(community=community)
        .annotate(name=Lower("person__display_name"))
        .filter(Q(name__in=candidates) | Q(person__display_name__in=markdown.mention_candidates(body, fold=False)))
        .values_list("person_id", "person__display_name")
    )
    people: dict[str, markdown.Mentioned] = {}
    for person_id, name in rows:
        people[name.casefold()] = markdown.Mentioned(person_id, name, Person(pk=person_id).get_absolute_url())
    return people


def render(community: Community, body: str) -> markdown.Rendered:
    """Render a post's Markdown as it will be shown, linking mentions of the community's members."""
    return markdown.render(body, mentionable(community, body))


def _check_files(uploads: Sequence[UploadedFile[Any]], already: int = 0) -> list[files.CheckedFile]:
    if already + len(uploads) > files.MAX_PER_POST:
        raise ActionError(f"A post can carry at most {files.MAX_PER_POST} files.")
    return [files.check(upload) for upload in uploads]


def _attach(post: Post, checked: Iterable[files.CheckedFile], *, by: Person) -> list[Attachment]:
    made = []
    for item in checked:
        attachment = Attachment(
            post=post, name=item.name, content_type=item.content_type, size=item.size, uploaded_by=by
        )
        attachment.file.save(item.name, item.upload, save=False)
        attachment.save()
        made.append(attachment)
    return made


def _queue_notifications(post: Post) -> None:
    transaction.on_commit(partial(tasks.notify_about_post.enqueue, post.pk))


@transaction.atomic
def start_thread(
    community: Community,
    *,
    by: Person,
    title: str,
    body: str,
    kind: str = ThreadKind.DISCUSSION,
    uploads: Sequence[UploadedFile[Any]] = (),
) -> Thread:
    """Start a discussion or ask the network a question; its opening words are its first post."""
    _check_open(community)
    if kind not in ThreadKind.values:
        raise ActionError("Choose a discussion or a question.")
    title, body = _clean_title(title), _clean_body(body)
    checked = _check_files(uploads)
    rendered = render(community, body)
    now = timezone.now()
    thread = Thread.objects.create(
        community=community, kind=kind, title=title, author=by, created_at=now, last_posted_at=now
    )
    post = Post.objects.create(
        thread=thread,
        community=community,
        author=by,
        is_opening=True,
        title=title,
        body=body,
        body_html=rendered.html,
        created_at=now,
    )
    post.mentions.set([m.person_id for m in rendered.mentioned])
    _attach(post, checked, by=by)
    verb = "asked_question" if kind == ThreadKind.QUESTION else "started_thread"
    _record(verb, actor=by, target=thread, community_id=community.pk)
    _queue_notifications(post)
    return thread


def _lock(thread: Thread) -> Thread:
    """Lock the thread's row (only it: not its community's) so its counts change one post at a time."""
    return Thread.objects.select_for_update(of=("self",)).select_related("community").get(pk=thread.pk)


@transaction.atomic
def reply(
    thread: Thread,
    *,
    by: Person,
    body: str,
    reply_to: Post | None = None,
    uploads: Sequence[UploadedFile[Any]] = (),
) -> Post:
    """Reply in a thread (to the thread, or to one post in it).

    The first reply by someone other than the thread's author sets its time to first response.
    """
    thread = _lock(thread)
    _check_open(thread.community)
    if not thread.is_visible:
        raise ActionError("This conversation has been hidden by the community's convenors.")
    if reply_to is not None and (reply_to.thread_id != thread.pk or not reply_to.is_visible):
        raise ActionError("The post you are replying to is not in this conversation.")
    body = _clean_body(body)
    checked = _check_files(uploads)
    rendered = render(thread.community, body)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        community_id=thread.community_id,
        author=by,
        reply_to=reply_to,
        body=body,
        body_html=rendered.html,
        created_at=now,
    )
    post.mentions.set([m.person_id for m in rendered.mentioned])
    _attach(post, checked, by=by)
    thread.reply_count += 1
    thread.last_posted_at = now
    fields = ["reply_count", "last_posted_at"]
    if thread.first_response_at is None and by.pk != thread.author_id:
        thread.first_response_at = now
        fields.append("first_response_at")
    thread.save(update_fields=fields)
    _record("replied", actor=by, target=post, community_id=thread.community_id, thread=thread.pk)
    _queue_notifications(post)
    return post


@transaction.atomic
def edit_post(post: Post, *, by: Person, body: str, title: str | None = None) -> bool:
    """Change a post's words (and, for an opening post, the thread's title); keep the old version.

    Return whether anything changed. People newly mentioned are told; those mentioned before
    are not told again.
    """
    post = Post.objects.select_for_update(of=("self",)).select_related("thread", "thread__community").get(pk=post.pk)
    if post.state == PostState.REMOVED:
        raise ActionError("A removed post cannot be edited.")
    body = _clean_body(body)
    new_title = _clean_title(title) if post.is_opening and title is not None else post.title
    if body == post.body and new_title == post.title:
        return False
    PostRevision.objects.create(
        post=post,
        title=post.title,
        body=post.body,
        written_at=post.edited_at or post.created_at,
        replaced_by=by,
    )
    rendered = render(post.thread.community, body)
    before = set(post.mentions.values_list("pk", flat=True))
    post.body, post.body_html, post.title, post.edited_at = body, rendered.html, new_title, timezone.now()
    post.save(update_fields=["body", "body_html", "title", "edited_at"])
    post.mentions.set([m.person_id for m in rendered.mentioned])
    if post.is_opening and new_title != post.thread.title:
        post.thread.title = new_title
        post.thread.save(update_fields=["title"])
    _record("edited_post", actor=by, target=post, community_id=post.community_id)
    newly = [m.person_id for m in rendered.mentioned if m.person_id not in before]
    if newly and post.is_visible:
        transaction.on_commit(partial(tasks.notify_mentions.enqueue, post.pk, newly))
    return True


@transaction.atomic
def add_attachments(post: Post, *, by: Person, uploads: Sequence[UploadedFile[Any]]) -> list[Attachment]:
    """Attach files to a post its author wrote earlier."""
    _check_open(post.thread.community)
    if post.state == PostState.REMOVED:
        raise ActionError("A removed post cannot carry files.")
    checked = _check_files(uploads, already=post.attachments.count())
    made = _attach(post, checked, by=by)
    for attachment in made:
        _record("attached_file", actor=by, target=attachment, community_id=post.community_id)
    return made


@transaction.atomic
def accept_answer(thread: Thread, *, by: Person, post: Post | None) -> None:
    """Mark a reply as the answer to a question (or, with ``post=None``, withdraw the mark)."""
    thread = _lock(thread)
    if thread.kind != ThreadKind.QUESTION:
        raise ActionError("Only a question has an accepted answer.")
    if post is None:
        if thread.accepted_answer_id is None:
            return
        thread.accepted_answer = None
        thread.save(update_fields=["accepted_answer"])
        _record("withdrew_accepted_answer", actor=by, target=thread, community_id=thread.community_id)
        return
    if post.thread_id != thread.pk or post.is_opening or not post.is_visible:
        raise ActionError("Choose a reply in this conversation as the answer.")
    if thread.accepted_answer_id == post.pk:
        return
    thread.accepted_answer = post
    thread.save(update_fields=["accepted_answer"])
    _record("accepted_answer", actor=by, target=thread, community_id=thread.community_id, post=post.pk)
    if post.author_id is not None:
        chronicle.notify(
            [post.author_id],
            verb="accepted_answer",
            text=f"{by.display_name} accepted your answer to “{thread.title}”",
            url=post.get_absolute_url(),
            actor=by,
        )


@transaction.atomic
def set_watch(person: Person, *, community: Community, level: str, thread: Thread | None = None) -> Watch:
    """Choose how closely to follow a thread, or (without ``thread``) a whole community."""
    if level not in WatchLevel.values:
        raise ActionError("Choose how closely to follow.")
    watch, _ = Watch.objects.update_or_create(
        person=person,
        community=community,
        thread=thread,
        defaults={"level": level, "updated_at": timezone.now()},
    )
    return watch


def watch_level(person: Person, *, community: Community, thread: Thread | None = None) -> str:
    """Return how closely the person follows the thread (or community), with the defaults applied."""
    which = Q(thread__isnull=True)
    if thread is not None:
        which |= Q(thread=thread)
    rows: dict[int | None, str] = dict(
        Watch.objects.filter(which, person=person, community=community).values_list("thread_id", "level")
    )
    if thread is not None and thread.pk in rows:
        return rows[thread.pk]
    return rows.get(None, str(DEFAULT_WATCH_LEVEL))


# Reports and moderation.


@transaction.atomic
def report_post(post: Post, *, by: Person, reason: str, details: str = "") -> Report:
    """Report a post to the community's convenors; they are told (safeguarding reports first).

    The report is kept out of the community's activity stream: who reported a post is for the
    convenors alone.
    """
    if reason not in ReportReason.values:
        raise ActionError("Choose why you are reporting this post.")
    if Report.objects.open().filter(post=post, reporter=by).exists():
        raise ActionError("You have already reported this post; the convenors will look at it.")
    report = Report.objects.create(
        post=post, community_id=post.community_id, reporter=by, reason=reason, details=details.strip()[:2000]
    )
    _record("reported_post", actor=by, target=report, community_id=None, reason=reason)
    convenors = Membership.objects.active().filter(community_id=post.community_id, role="convenor")
    prefix = "Safeguarding: " if reason == ReportReason.UNSAFE else ""
    chronicle.notify(
        convenors.values_list("person_id", flat=True),
        verb="reported_post",
        text=f"{prefix}a post in “{post.thread.title}” was reported ({ReportReason(reason).label.lower()})",
        url=reverse("conversations:moderation", args=[post.thread.community.slug]),
        actor=by,
    )
    return report


MODERATION = {
    "hide": (PostState.HIDDEN, "hid_post", "hid"),
    "remove": (PostState.REMOVED, "removed_post", "removed"),
    "restore": (PostState.VISIBLE, "restored_post", "restored"),
}


@transaction.atomic
def moderate_post(post: Post, *, by: Person, decision: str, reason: str = "") -> None:
    """Hide, remove or restore a post, with a reason its author is shown.

    Hidden posts wait for a decision; removed ones stay out of sight for good (only their
    author and the moderators can still read them). Hiding or removing a thread's opening
    post hides or removes the thread. Open reports on the post are closed as dealt with.
    """
    if decision not in MODERATION:
        raise ActionError("Choose to hide, remove or restore the post.")
    state, verb, done = MODERATION[decision]
    reason = " ".join(reason.split())
    if decision != "restore" and not reason:
        raise ActionError("Give a reason: the author will see it.")
    if len(reason) > MAX_REASON:
        raise ActionError(f"Keep the reason under {MAX_REASON} characters.")
    thread = _lock(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.state == state:
        raise ActionError(f"This post is already {PostState(state).label.lower()}." if decision != "restore" else
                          "This post is already visible.")  # fmt: skip
    now = timezone.now()
    post.state = state
    post.moderation_reason = reason if decision != "restore" else ""
    post.moderated_by = by
    post.moderated_at = now
    post.save(update_fields=["state", "moderation_reason", "moderated_by", "moderated_at"])
    fields = ["reply_count"]
    thread.reply_count = thread.posts.filter(is_opening=False, state=PostState.VISIBLE).count()
    if decision != "restore" and thread.accepted_answer_id == post.pk:
        # An answer nobody can read is no answer; the asker may choose it again once restored.
        thread.accepted_answer = None
        fields.append("accepted_answer")
    if post.is_opening:
        thread.state = state
        fields.append("state")
    thread.save(update_fields=fields)
    if decision != "restore":
        Report.objects.open().filter(post=post).update(
            status=ReportStatus.ACTIONED, resolved_by=by, resolved_at=now, resolution_note=reason
        )
    _record(verb, actor=by, target=post, community_id=post.community_id)
    if post.author_id is not None and post.author_id != by.pk:
        text = f"A convenor {done} your post in “{thread.title}”"
        chronicle.notify(
            [post.author_id],
            verb=verb,
            text=f"{text}: {reason}" if reason else text,
            url=post.get_absolute_url(),
            actor=by,
        )


@transaction.atomic
def dismiss_report(report: Report, *, by: Person, note: str = "") -> None:
    """Close a report without acting on the post."""
    if report.status != ReportStatus.OPEN:
        raise ActionError("This report has already been dealt with.")
    report.status = ReportStatus.DISMISSED
    report.resolved_by = by
    report.resolved_at = timezone.now()
    report.resolution_note = " ".join(note.split())[:MAX_REASON]
    report.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])
    _record("dismissed_report", actor=by, target=report, community_id=None)


@transaction.atomic
def set_guidelines(community: Community, *, by: Person, body: str) -> Guidelines:
    """Write the community's guidelines for conversations (Markdown)."""
    body = body.strip()
    if not body:
        raise ActionError("Write the guidelines first.")
    if len(body) > 5000:
        raise ActionError("Keep the guidelines under 5,000 characters.")
    guidelines, _ = Guidelines.objects.update_or_create(
        community=community,
        defaults={
            "body": body,
            "body_html": markdown.render(body).html,
            "updated_by": by,
            "updated_at": timezone.now(),
        },
    )
    _record("updated_guidelines", actor=by, target=community, community_id=community.pk)
    return guidelines


# Notifications about posts (run by tasks, after the post's transaction has committed).


def _members(community_id: int, person_ids: Iterable[int]) -> set[int]:
    ids = set(person_ids)
    if not ids:
        return set()
    return set(
        Membership.objects.active()
        .filter(community_id=community_id, person_id__in=ids)
        .values_list("person_id", flat=True)
    )


@transaction.atomic
def notify_about_post(post: Post) -> int:
    """Tell the people who should hear about a new post; return how many were told.

    Mentioned members always hear. Otherwise each member's level for the thread decides (the
    thread's own setting, else the community's, else "replies to me"): "all" hears every post,
    "replies" hears replies to what they wrote (a reply to the thread is a reply to its
    author), "none" hears nothing. Only current members are told, and never the writer.
    """
    post = Post.objects.select_related("thread", "thread__community", "author", "reply_to").get(pk=post.pk)
    thread = post.thread
    if not post.is_visible or not thread.is_visible:
        return 0
    community = thread.community
    author_name = post.author.display_name if post.author else "Someone"
    levels: dict[int, str] = {}
    for person_id, level in (
        Watch.objects.filter(community=community, thread__isnull=True)
        .exclude(level=DEFAULT_WATCH_LEVEL)
        .values_list("person_id", "level")
    ):
        levels[person_id] = level
    for person_id, level in Watch.objects.filter(thread=thread).values_list("person_id", "level"):
        levels[person_id] = level

    texts: dict[int, tuple[str, str]] = {}
    if post.is_opening:
        for person_id, level in levels.items():
            if level == WatchLevel.ALL:
                texts[person_id] = ("new_thread", f"{author_name} started “{thread.title}” in {community.name}")
    else:
        for person_id, level in levels.items():
            if level == WatchLevel.ALL:
                texts[person_id] = ("new_post", f"{author_name} posted in “{thread.title}”")
        replied_to = post.reply_to.author_id if post.reply_to is not None else thread.author_id
        if replied_to is not None and levels.get(replied_to, DEFAULT_WATCH_LEVEL) != WatchLevel.NONE:
            texts[replied_to] = ("replied_to_you", f"{author_name} replied to you in “{thread.title}”")
    for person_id in post.mentions.values_list("pk", flat=True):
        texts[person_id] = ("mentioned_you", f"{author_name} mentioned you in “{thread.title}”")
    texts.pop(post.author_id or 0, None)
    allowed = _members(community.pk, texts)
    by_text: dict[tuple[str, str], list[int]] = {}
    for person_id, verb_text in texts.items():
        if person_id in allowed:
            by_text.setdefault(verb_text, []).append(person_id)
    told = 0
    for (verb, text), people in by_text.items():
        told += chronicle.notify(people, verb=verb, text=text, url=post.get_absolute_url(), actor=post.author)
    return told


@transaction.atomic
def notify_mentions(post: Post, person_ids: Iterable[int]) -> int:
    """Tell people newly mentioned in an edited post."""
    post = Post.objects.select_related("thread", "author").get(pk=post.pk)
    if not post.is_visible or not post.thread.is_visible:
        return 0
    author_name = post.author.display_name if post.author else "Someone"
    return chronicle.notify(
        _members(post.community_id, person_ids),
        verb="mentioned_you",
        text=f"{author_name} mentioned you in “{post.thread.title}”",
        url=post.get_absolute_url(),
        actor=post.author,
    )


# Readers: visits, digest choices, digests.


def record_visit(person: Person, now: datetime.datetime | None = None) -> None:
    """Note that the person is here (digests go only to people who have not been back).

    Not an activity: visits are not things that happened in a community, and the middleware
    writes this at most once every few minutes.
    """
    now = now or timezone.now()
    if not Reader.objects.filter(person=person).update(last_seen_at=now):
        Reader.objects.get_or_create(person=person, defaults={"last_seen_at": now})


@transaction.atomic
def set_digest_frequency(person: Person, *, frequency: str) -> Reader:
    """Choose daily, weekly or no digest emails."""
    if frequency not in DigestFrequency.values:
        raise ActionError("Choose daily, weekly or never.")
    reader, _ = Reader.objects.update_or_create(
        person=person,
        defaults={
            "digest_frequency": frequency,
            "unsubscribed_at": timezone.now() if frequency == DigestFrequency.NEVER else None,
            "updated_at": timezone.now(),
        },
    )
    return reader


def unsubscribe_token(person: Person) -> str:
    """A signed token that lets the link in a digest stop digests without signing in."""
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def person_for_unsubscribe_token(token: str) -> Person | None:
    """Return whom an unsubscribe link is for, or None if the link is not one of ours."""
    try:
        person_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(person_id, int):
        return None
    return Person.objects.active().filter(pk=person_id).first()


def unsubscribe_url(person: Person) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("conversations:unsubscribe", args=[unsubscribe_token(person)])


@transaction.atomic
def unsubscribe(person: Person) -> None:
    """Stop digest emails (from the one-click link); the person can choose again later."""
    set_digest_frequency(person, frequency=DigestFrequency.NEVER)


def due_readers(now: datetime.datetime) -> list[tuple[int, datetime.datetime]]:
    """Return (person id, since) for everyone a digest is due to, and the start of its window.

    Due: a current member of an open community, with a daily or weekly digest whose period has
    passed since the last one, who has not visited since then (someone who came by has seen
    what is new).
    """
    from django.db.models import Exists, OuterRef, Subquery

    reader = Reader.objects.filter(person=OuterRef("pk"))
    member = Membership.objects.active().filter(person=OuterRef("pk")).exclude(community__lifecycle="closed")
    people = (
        Person.objects.active()
        .filter(Exists(member))
        .annotate(
            frequency=Subquery(reader.values("digest_frequency")[:1]),
            last_digest_at=Subquery(reader.values("last_digest_at")[:1]),
            last_seen_at=Subquery(reader.values("last_seen_at")[:1]),
        )
        .values_list("pk", "frequency", "last_digest_at", "last_seen_at")
        .order_by("pk")
    )
    # A run a little early (a timer that drifts) still counts as the day's or week's run.
    slack = datetime.timedelta(hours=1)
    due = []
    for person_id, frequency, last_digest_at, last_seen_at in people.iterator(chunk_size=5000):
        period = DIGEST_PERIODS.get(frequency or DigestFrequency.WEEKLY)
        if period is None:
            continue
        if last_digest_at is not None and now - last_digest_at < period - slack:
            continue
        since = last_digest_at or now - period
        if last_seen_at is not None and last_seen_at > since:
            continue
        due.append((person_id, since))
    return due


@transaction.atomic
def queue_due_digests(now: datetime.datetime | None = None) -> int:
    """Queue a digest for everyone due one (see due_readers); return how many were queued.

    The window each digest covers is fixed now and its end recorded as the reader's last
    digest, so running this twice before the emails go sends nothing twice.
    """
    now = now or timezone.now()
    due = due_readers(now)
    existing = set(Reader.objects.filter(person_id__in=[pk for pk, _ in due]).values_list("person_id", flat=True))
    Reader.objects.bulk_create(
        [Reader(person_id=pk, last_digest_at=now) for pk, _ in due if pk not in existing], batch_size=1000
    )
    Reader.objects.filter(person_id__in=[pk for pk, _ in due if pk in existing]).update(last_digest_at=now)
    for person_id, since in due:
        transaction.on_commit(partial(tasks.send_digest.enqueue, person_id, since.isoformat(), now.isoformat()))
    return len(due)


def send_digest(person: Person, *, since: datetime.datetime, until: datetime.datetime) -> bool:
    """Email the person what is new in their communities between the two moments.

    Return whether an email went (nothing is sent when nothing is new).
    """
    from groundswell.conversations import digests

    digest = digests.build(person, since=since, until=until)
    if digest is None:
        return False
    digests.send(person, digest, unsubscribe=unsubscribe_url(person))
    _record("sent_digest", actor=None, target=person, community_id=None, items=digest.item_count)
    return True
