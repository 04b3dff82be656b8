"""Who may read, write and moderate conversations. Views and the API obtain threads, posts,
attachments and reports only here.

A thread is as visible as its community: outsiders of a private community get 404 for its
threads, posts and files. Taking part (starting threads, replying, watching) is for the
community's current members; others who can see it get 403. The community's convenors are
its moderators. A hidden or removed post, and a thread whose opening post is hidden or
removed, is seen only by its author and the moderators: to everyone else it does not exist.
"""

from __future__ import annotations

from django.http import Http404

from groundswell.communities import access as community_access
from groundswell.communities.models import Community, Membership, Role
from groundswell.conversations.models import Attachment, Post, Report, Thread
from groundswell.lib.http import Forbidden
from groundswell.people.models import Person


def is_moderator(membership: Membership | None) -> bool:
    """The community's convenors moderate its conversations."""
    return membership is not None and membership.role == Role.CONVENOR


def _can_see(viewer: Person | None, author_id: int | None, visible: bool, moderator: bool) -> bool:
    if visible or moderator:
        return True
    return viewer is not None and viewer.is_authenticated and author_id == viewer.pk


def get_community_for_reader(viewer: Person | None, key: str | int) -> tuple[Community, Membership | None]:
    """Return a community whose conversations the viewer may read (everyone who may see it)."""
    return community_access.get_community_for_viewer(viewer, key)


def get_community_for_participant(viewer: Person, key: str | int) -> tuple[Community, Membership]:
    """Return a community the viewer may start conversations in; 403 for non-members."""
    community, membership = community_access.get_community_for_viewer(viewer, key)
    if membership is None:
        raise Forbidden("Only members of this community can take part in its conversations.")
    return community, membership


def get_community_for_moderator(viewer: Person, key: str | int) -> tuple[Community, Membership]:
    """Return a community the viewer moderates; 403 for members who are not convenors."""
    community, membership = get_community_for_participant(viewer, key)
    if not is_moderator(membership):
        raise Forbidden("Only the community's convenors can do this.")
    return community, membership


def get_thread_for_reader(viewer: Person | None, thread_id: int) -> tuple[Thread, Membership | None]:
    """Return a thread the viewer may read, and their membership; 404 if hidden from them."""
    thread = Thread.objects.select_related("community", "author").filter(pk=thread_id).first()
    if thread is None:
        raise Http404("No such thread")
    membership = community_access.active_membership(thread.community, viewer)
    if not community_access.can_view(thread.community, viewer, membership):
        raise Http404("No such thread")
    if not _can_see(viewer, thread.author_id, thread.is_visible, is_moderator(membership)):
        raise Http404("No such thread")
    return thread, membership


def get_thread_for_participant(viewer: Person, thread_id: int) -> tuple[Thread, Membership]:
    """Return a thread the viewer may reply in or watch; 403 for those who only read."""
    thread, membership = get_thread_for_reader(viewer, thread_id)
    if membership is None:
        raise Forbidden("Only members of this community can take part in its conversations.")
    return thread, membership


def get_thread_for_asker(viewer: Person, thread_id: int) -> tuple[Thread, Membership]:
    """Return a thread whose accepted answer the viewer may choose: its author or a moderator."""
    thread, membership = get_thread_for_participant(viewer, thread_id)
    if thread.author_id != viewer.pk and not is_moderator(membership):
        raise Forbidden("Only the person who asked, or a convenor, can choose the answer.")
    return thread, membership


def get_post_for_reader(viewer: Person | None, post_id: int) -> tuple[Post, Membership | None]:
    """Return a post the viewer may read (with its thread and community); 404 if hidden from them."""
    post = Post.objects.select_related("thread", "thread__community", "author").filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post")
    thread, membership = get_thread_for_reader(viewer, post.thread_id)
    post.thread = thread
    if not _can_see(viewer, post.author_id, post.is_visible, is_moderator(membership)):
        raise Http404("No such post")
    return post, membership


def get_post_for_author(viewer: Person, post_id: int) -> tuple[Post, Membership | None]:
    """Return a post the viewer wrote, to edit or attach to; 403 for anyone else who can see it."""
    post, membership = get_post_for_reader(viewer, post_id)
    if post.author_id != viewer.pk:
        raise Forbidden("Only the person who wrote a post can change it.")
    if membership is None:
        raise Forbidden("Only members of this community can change their posts.")
    return post, membership


def get_post_for_reporter(viewer: Person, post_id: int) -> tuple[Post, Membership | None]:
    """Return a post the viewer may report: anyone signed in who can read it."""
    if not viewer.is_authenticated:
        raise Forbidden("Sign in to report a post.")
    return get_post_for_reader(viewer, post_id)


def get_post_for_moderator(viewer: Person, post_id: int) -> tuple[Post, Membership]:
    """Return a post in a community the viewer moderates; 403 for others who can see it."""
    post, membership = get_post_for_reader(viewer, post_id)
    if membership is None or not is_moderator(membership):
        raise Forbidden("Only the community's convenors can do this.")
    return post, membership


def get_post_history_for_viewer(viewer: Person, post_id: int) -> tuple[Post, Membership | None]:
    """Return a post whose earlier versions the viewer may read: moderators and its author."""
    post, membership = get_post_for_reader(viewer, post_id)
    if post.author_id != viewer.pk and not is_moderator(membership):
        raise Forbidden("Only the community's convenors can see earlier versions of a post.")
    return post, membership


def get_attachment_for_reader(viewer: Person | None, attachment_id: int) -> Attachment:
    """Return a file the viewer may download: one on a post they may read."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("No such file")
    post, _ = get_post_for_reader(viewer, attachment.post_id)
    attachment.post = post
    return attachment


def get_report_for_moderator(viewer: Person, report_id: int) -> tuple[Report, Membership]:
    """Return a report in a community the viewer moderates; 404 for outsiders, 403 for members."""
    report = Report.objects.select_related("post", "community", "reporter").filter(pk=report_id).first()
    if report is None:
        raise Http404("No such report")
    _, membership = get_community_for_moderator(viewer, report.community_id)
    return report, membership
