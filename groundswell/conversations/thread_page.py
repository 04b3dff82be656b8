"""What the thread page shows for each post, worked out and written once in Python.

A thread page lists up to 50 posts. Deciding in the template, post by post, who may reply, edit,
report or moderate, reversing URLs and formatting dates cost more than everything else on the
page (two-thirds of its time for a page of 50 posts, mostly attribute lookups through the lazy
``request.user``); even with the decisions made here, the template's loop over the rows was
still half of the page. So each post becomes a row of plain strings and flags, from the same
rules access.py applies to the pages behind the links, and ``Row.html`` writes it out with
``format_html`` (which escapes every value), as lib.widgets.Select does for options. The
markup is the NHS.UK markup the other pages use.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from groundswell.conversations import markdown
from groundswell.conversations.models import Post, PostState, Thread
from groundswell.people.models import Person

FORMER_MEMBER = "A former member"
# The fields of a post (and of the people on it) that the rows use; the view loads only these.
POST_FIELDS = (
    "id", "thread_id", "author_id", "reply_to_id", "is_opening", "body_html", "state", "moderation_reason",
    "created_at", "edited_at", "author__id", "author__display_name", "reply_to__id", "reply_to__author_id",
    "reply_to__author__id", "reply_to__author__display_name",
)  # fmt: skip


@functools.cache
def _pattern(name: str) -> str:
    """A URL with a slot for the id, reversed once per process (as people.models does for profiles)."""
    url = reverse(name, args=[987654321])
    assert url.count("987654321") == 1, url
    return url.replace("987654321", "{}")


def _moment(value: object) -> str:
    return date_format(localtime(value), "j F Y, H:i")  # type: ignore[arg-type]


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    hidden: str = ""


@dataclass(frozen=True)
class File:
    url: str
    name: str
    size: str


@dataclass(frozen=True)
class Row:
    id: int
    anchor: str
    author_name: str
    author_url: str
    relation: str
    created_iso: str
    created: str
    edited: str
    moderated: bool
    state_label: str
    reason: str
    accepted: bool
    body_html: SafeString
    files: list[File]
    links: list[Link]
    accept: str  # "", "mark" or "unmark"
    accept_url: str
    csrf_token: str

    def html(self) -> SafeString:
        """The post as an ``<article>``: heading, time, labels, words, files and actions."""
        author = (
            format_html('<a href="{}">{}</a>', self.author_url, self.author_name)
            if self.author_url
            else format_html("{}", self.author_name)
        )
        edited = format_html(" · edited {}", self.edited) if self.edited else ""
        accepted = (
            mark_safe('<p><strong class="nhsuk-tag nhsuk-tag--green">Accepted answer</strong></p>')
            if self.accepted
            else ""
        )
        moderated = (
            format_html(
                '<div class="nhsuk-warning-callout"><h3 class="nhsuk-warning-callout__label"><span role="text">'
                '<span class="nhsuk-u-visually-hidden">Important: </span>{}</span></h3><p>Only its author and the '
                "community's convenors can see this post.{}</p></div>",
                self.state_label,
                format_html(" Reason: {}", self.reason) if self.reason else "",
            )
            if self.moderated
            else ""
        )
        files = (
            format_html(
                '<h3 class="nhsuk-heading-xs">Files</h3><ul class="nhsuk-list">{}</ul>',
                format_html_join(
                    "", '<li><a href="{}">{}</a> ({})</li>', ((f.url, f.name, f.size) for f in self.files)
                ),
            )
            if self.files
            else ""
        )
        items = format_html_join(
            "",
            '<li><a href="{}">{}<span class="nhsuk-u-visually-hidden">{}</span></a></li>',
            ((link.url, link.label, link.hidden) for link in self.links),
        )
        if self.accept:
            button = (
                mark_safe(
                    '<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">'
                    "Unmark the answer</button>"
                )
                if self.accept == "unmark"
                else format_html(
                    '<input type="hidden" name="post" value="{}"><button class="nhsuk-button '
                    'nhsuk-button--secondary nhsuk-button--small" type="submit">Mark as the answer'
                    '<span class="nhsuk-u-visually-hidden"> to this question</span></button>',
                    self.id,
                )
            )
            items = format_html(
                '{}<li><form class="gs-inline-form" method="post" action="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}</form></li>',
                items,
                self.accept_url,
                self.csrf_token,
                button,
            )
        actions = format_html('<ul class="nhsuk-list gs-post-actions nhsuk-body-s">{}</ul>', items) if items else ""
        return format_html(
            '<article class="gs-post{}" id="{}" aria-labelledby="{}-heading">'
            '<h2 class="nhsuk-heading-xs nhsuk-u-margin-bottom-1" id="{}-heading">{} {}</h2>'
            '<p class="gs-meta nhsuk-body-s"><time datetime="{}">{}</time>{}</p>'
            '{}{}<div class="gs-post-body">{}</div>{}{}</article>',
            " gs-post--moderated" if self.moderated else "",
            self.anchor,
            self.anchor,
            self.anchor,
            author,
            self.relation,
            self.created_iso,
            self.created,
            edited,
            accepted,
            moderated,
            self.body_html,
            files,
            actions,
        )


def rows(
    posts: list[Post],
    *,
    thread: Thread,
    viewer: Person | None,
    is_member: bool,
    moderator: bool,
    can_reply: bool,
    can_accept: bool,
    csrf_token: str,
) -> list[Row]:
    """Turn a page of posts (with authors, replied-to authors and files loaded) into rows."""
    viewer_id = viewer.pk if viewer is not None else None
    made = []
    for post in posts:
        visible = post.state == PostState.VISIBLE
        own = viewer_id is not None and post.author_id == viewer_id
        links = []
        if can_reply and visible:
            links.append(Link(f"{_pattern('conversations:reply').format(thread.pk)}?reply_to={post.pk}", "Reply",
                              " to this post"))  # fmt: skip
        if own and is_member and post.state != PostState.REMOVED:
            links.append(Link(_pattern("conversations:post_edit").format(post.pk), "Edit", " your post"))
        if post.edited_at is not None and (moderator or own):
            links.append(
                Link(_pattern("conversations:post_history").format(post.pk), "Earlier versions", " of this post")
            )
        if viewer_id is not None and not own:
            links.append(Link(_pattern("conversations:report").format(post.pk), "Report", " this post"))
        if moderator:
            links.append(Link(_pattern("conversations:moderate").format(post.pk), "Moderate", " this post"))
        accepted = post.pk == thread.accepted_answer_id
        if post.is_opening:
            relation = "started the conversation"
        elif post.reply_to_id is not None and post.reply_to is not None:
            relation = f"replied to {post.reply_to.author.display_name if post.reply_to.author else FORMER_MEMBER}"
        else:
            relation = "replied"
        made.append(
            Row(
                id=post.pk,
                anchor=f"post-{post.pk}",
                author_name=post.author.display_name if post.author else FORMER_MEMBER,
                author_url=post.author.get_absolute_url() if post.author else "",
                relation=relation,
                created_iso=post.created_at.isoformat(),
                created=_moment(post.created_at),
                edited=_moment(post.edited_at) if post.edited_at else "",
                moderated=not visible,
                state_label=post.get_state_display(),
                reason=post.moderation_reason,
                accepted=accepted,
                body_html=markdown.safe(post.body_html),
                files=[
                    File(file.get_absolute_url(), file.name, filesizeformat(file.size))
                    for file in post.attachments.all()
                ],
                links=links,
                accept=("unmark" if accepted else "mark") if can_accept and visible and not post.is_opening else "",
                accept_url=_pattern("conversations:accept_answer").format(thread.pk),
                csrf_token=csrf_token,
            )
        )
    return made
