"""Builders for conversation tests."""

from __future__ import annotations

from typing import Any

from groundswell.communities.models import Community
from groundswell.conversations import actions
from groundswell.conversations.models import Post, Thread
from groundswell.people.models import Person


def make_thread(
    community: Community,
    by: Person,
    *,
    title: str = "Safety-netting after a normal test",
    body: str = "",
    **fields: Any,
) -> Thread:
    """Start a thread with an opening post."""
    return actions.start_thread(
        community,
        by=by,
        title=title,
        body=body or "How do your practices follow up people after a normal result when symptoms persist?",
        **fields,
    )


def opening(thread: Thread) -> Post:
    return Post.objects.get(thread=thread, is_opening=True)


def make_reply(thread: Thread, by: Person, body: str = "We book a review at four weeks.", **fields: Any) -> Post:
    return actions.reply(thread, by=by, body=body, **fields)
