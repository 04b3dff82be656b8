"""Email digests: what is new in a person's communities since their last digest.

A digest is made of sections, each from one *source*: a function that takes the reader's
window (who, which communities, from when to when) and returns a section or nothing. Sources
are listed in ``SOURCES``; another app adds what is new with it (new stories, say) by
appending a function there, reading only what the person may see. A source must apply the
same access rules as the pages: the window holds only communities where the reader is a
current member, so private communities never reach someone who has left them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from groundswell.communities.models import Community, Lifecycle, Membership
from groundswell.conversations.models import Post, PostState, Thread, ThreadKind, Watch, WatchLevel
from groundswell.lib.email import send_templated_email
from groundswell.people.models import Person
from groundswell.stories.models import Story

# Items shown per section; the rest are counted with a link to the community.
PER_SECTION = 8


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    community: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    items: list[Item]
    more: int = 0


@dataclass(frozen=True)
class Window:
    """What one digest covers: the reader, their communities, and the time between two moments."""

    person: Person
    communities: list[Community]
    since: datetime.datetime
    until: datetime.datetime

    @property
    def community_ids(self) -> list[int]:
        return [community.pk for community in self.communities]


Source = Callable[[Window], Section | None]


@dataclass
class Digest:
    window: Window
    sections: list[Section] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(len(section.items) + section.more for section in self.sections)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _thread_items(threads: list[Thread]) -> list[Item]:
    return [
        Item(
            title=thread.title,
            url=absolute(thread.get_absolute_url()),
            community=thread.community.name,
            detail=f"by {thread.author.display_name}" if thread.author else "",
        )
        for thread in threads
    ]


def _new_threads(window: Window, kind: str, heading: str) -> Section | None:
    threads = (
        Thread.objects.listed()
        .filter(
            community_id__in=window.community_ids,
            kind=kind,
            created_at__gt=window.since,
            created_at__lte=window.until,
        )
        .exclude(author=window.person)
        .select_related("community", "author")
        .order_by("-created_at", "-id")
    )
    shown = list(threads[: PER_SECTION + 1])
    if not shown:
        return None
    more = threads.count() - PER_SECTION if len(shown) > PER_SECTION else 0
    return Section(heading, _thread_items(shown[:PER_SECTION]), more)


def new_questions(window: Window) -> Section | None:
    """Questions asked in the reader's communities: the ones they might answer."""
    return _new_threads(window, ThreadKind.QUESTION, "New questions: can you help?")


def new_discussions(window: Window) -> Section | None:
    """Discussions started in the reader's communities."""
    return _new_threads(window, ThreadKind.DISCUSSION, "New conversations")


def busy_conversations(window: Window) -> Section | None:
    """Older conversations that others have replied in, the busiest first."""
    replies = (
        Post.objects.filter(
            community_id__in=window.community_ids,
            is_opening=False,
            state=PostState.VISIBLE,
            created_at__gt=window.since,
            created_at__lte=window.until,
            thread__state=PostState.VISIBLE,
            thread__created_at__lte=window.since,
        )
        .exclude(author=window.person)
        .values("thread_id")
        .annotate(n=Count("id"))
        .order_by("-n", "-thread_id")
    )
    counted = list(replies[: PER_SECTION + 1])
    if not counted:
        return None
    threads = Thread.objects.select_related("community").in_bulk([row["thread_id"] for row in counted])
    items = [
        Item(
            title=threads[row["thread_id"]].title,
            url=absolute(threads[row["thread_id"]].get_absolute_url()),
            community=threads[row["thread_id"]].community.name,
            detail=f"{row['n']} new repl{'y' if row['n'] == 1 else 'ies'}",
        )
        for row in counted[:PER_SECTION]
    ]
    more = replies.count() - PER_SECTION if len(counted) > PER_SECTION else 0
    return Section("Conversations with new replies", items, more)


def new_stories(window: Window) -> Section | None:
    """Stories told in the reader's communities that their tellers' consent lets the reader read.

    The consent rule is the stories app's own (`Story.objects.readable_by`); a withdrawn or
    expired story, or one without consent for its community, never reaches a digest. The teller
    is not named here: a pseudonymous or anonymous story must not be tied to anyone by email.
    """
    stories = (
        Story.objects.readable_by(window.person)
        .filter(community_id__in=window.community_ids, created_at__gt=window.since, created_at__lte=window.until)
        .select_related("community")
        .order_by("-created_at", "-id")
    )
    shown = list(stories[: PER_SECTION + 1])
    if not shown:
        return None
    more = stories.count() - PER_SECTION if len(shown) > PER_SECTION else 0
    items = [
        Item(title=story.title, url=absolute(story.get_absolute_url()), community=story.community.name)
        for story in shown[:PER_SECTION]
    ]
    return Section("New stories", items, more)


# The digest's sections, in order. Append a function to add a section (see the module docstring).
SOURCES: list[Source] = [new_questions, new_discussions, busy_conversations, new_stories]


def communities_for(person: Person) -> list[Community]:
    """The communities a digest covers: those the person belongs to now, that are not closed,
    and that they have not chosen to hear nothing from."""
    muted = Watch.objects.filter(person=person, thread__isnull=True, level=WatchLevel.NONE).values("community_id")
    ids = (
        Membership.objects.active()
        .filter(person=person)
        .exclude(community__lifecycle=Lifecycle.CLOSED)
        .exclude(community_id__in=muted)
        .values("community_id")
    )
    return list(Community.objects.filter(pk__in=ids).order_by("name"))


def build(
    person: Person,
    *,
    since: datetime.datetime,
    until: datetime.datetime,
    sources: list[Source] | None = None,
) -> Digest | None:
    """Gather the person's digest from every source; None when there is nothing new."""
    communities = communities_for(person)
    if not communities:
        return None
    window = Window(person=person, communities=communities, since=since, until=until)
    digest = Digest(window)
    for source in SOURCES if sources is None else sources:
        section = source(window)
        if section is not None and section.items:
            digest.sections.append(section)
    return digest if digest.sections else None


def send(person: Person, digest: Digest, *, unsubscribe: str) -> None:
    """Email the digest, with a one-click unsubscribe link (RFC 2369 and RFC 8058 headers)."""
    from django.urls import reverse

    send_templated_email(
        "conversations/email/digest",
        [person.email],
        {
            "person": person,
            "digest": digest,
            "unsubscribe_url": unsubscribe,
            "settings_url": absolute(reverse("conversations:digest_settings")),
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
