"""Background jobs of the conversations app: they take IDs and call an action."""

from __future__ import annotations

import datetime

from django_tasks import task

from groundswell.conversations.models import Post
from groundswell.people.models import Person


@task()
def notify_about_post(post_id: int) -> None:
    """Tell the people who follow a thread, were replied to or were mentioned about a new post."""
    from groundswell.conversations import actions

    post = Post.objects.filter(pk=post_id).first()
    if post is not None:
        actions.notify_about_post(post)


@task()
def notify_mentions(post_id: int, person_ids: list[int]) -> None:
    """Tell people newly mentioned in an edited post."""
    from groundswell.conversations import actions

    post = Post.objects.filter(pk=post_id).first()
    if post is not None:
        actions.notify_mentions(post, person_ids)


@task()
def send_digest(person_id: int, since: str, until: str) -> None:
    """Email one person's digest of what is new between two moments (ISO 8601)."""
    from groundswell.conversations import actions

    person = Person.objects.active().filter(pk=person_id).first()
    if person is not None:
        actions.send_digest(
            person, since=datetime.datetime.fromisoformat(since), until=datetime.datetime.fromisoformat(until)
        )
