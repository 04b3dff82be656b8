"""Pages for conversations: lists, threads, writing, search, watching and notifications.

Moderation pages live in moderation_views.py. Every view obtains what it shows through
access.py (404 for outsiders, 403 for people without the role), validates a form, calls an
action and redirects, or renders the form again with the action's refusal on it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from groundswell.chronicle import actions as chronicle
from groundswell.chronicle.models import Notification
from groundswell.communities.models import Community, Membership
from groundswell.conversations import access, actions, search, thread_page
from groundswell.conversations.forms import (
    ComposerForm,
    DigestForm,
    EditForm,
    ReplyForm,
    SearchForm,
    ThreadForm,
    WatchForm,
)
from groundswell.conversations.models import (
    Post,
    PostRevision,
    Reader,
    Report,
    Thread,
    ThreadKind,
)
from groundswell.lib.http import UncountedPage, paginate, paginate_uncounted
from groundswell.people.actions import ActionError
from groundswell.people.models import Person

POSTS_PER_PAGE = 50
THREADS_PER_PAGE = 25
RESULTS_PER_PAGE = 20


def _viewer(request: HttpRequest) -> Person | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def _person(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _composer(request: HttpRequest, form: ComposerForm, write: Any) -> tuple[Any, dict[str, Any]]:
    """Preview, warn, or write a post from a valid form.

    Return what the write returned (None if the form is shown again) and what the page needs
    to show: the rendered preview and any details that could identify someone.
    """
    shown: dict[str, Any] = {"preview": None, "flags": []}
    if request.method != "POST" or not form.is_valid():
        return None, shown
    flags = form.flags()
    shown["flags"] = flags
    if "preview" in request.POST or (flags and not form.warnings_seen()):
        shown["preview"] = True
        if flags:
            form.mark_seen()
        return None, shown
    try:
        return write(), shown
    except ActionError as error:
        form.add_error(None, str(error))
        return None, shown


def thread_list(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    community, membership = access.get_community_for_reader(viewer, slug)
    moderator = access.is_moderator(membership)
    threads = Thread.objects.listed().filter(community=community).select_related("author")
    page = paginate(request, threads, per_page=THREADS_PER_PAGE)
    context = {
        "community": community,
        "membership": membership,
        "is_moderator": moderator,
        "page": page,
        "search_form": SearchForm(),
        "watch_form": WatchForm(initial={"level": actions.watch_level(viewer, community=community)})
        if membership is not None and viewer is not None
        else None,
        "open_reports": Report.objects.open().filter(community=community).count() if moderator else 0,
    }
    return render(request, "conversations/thread_list.html", context)


@login_required
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _person(request)
    community, _ = access.get_community_for_participant(viewer, slug)
    initial = {"kind": ThreadKind.QUESTION} if request.GET.get("kind") == ThreadKind.QUESTION else None
    form = ThreadForm(request.POST or None, request.FILES or None, initial=initial)

    def write() -> Thread:
        data = form.cleaned_data
        return actions.start_thread(
            community,
            by=viewer,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            uploads=data["attached_files"],
        )

    thread, shown = _composer(request, form, write)
    if thread is not None:
        messages.success(request, "Your conversation has started.")
        return redirect(thread)
    context = {
        "community": community,
        "form": form,
        **_preview(community, form, shown),
    }
    return render(request, "conversations/thread_form.html", context)


def _preview(community: Community, form: ComposerForm, shown: dict[str, Any]) -> dict[str, Any]:
    if not shown["preview"] or not form.is_valid():
        return {"preview": None, "flags": shown["flags"]}
    return {"preview": actions.render(community, form.cleaned_data["body"]).html, "flags": shown["flags"]}


def _page_of(posts: Any, post_id: str | None, number: str | None) -> str | None:
    """The page of the thread that holds the post asked for (``?post=``), else the page asked for."""
    if post_id and post_id.isdigit():
        target = posts.filter(pk=int(post_id)).values_list("created_at", "id").first()
        if target is not None:
            before = (
                posts.filter(created_at__lt=target[0]).count()
                + posts.filter(created_at=target[0], id__lt=target[1]).count()
            )
            return str(before // POSTS_PER_PAGE + 1)
    return number


def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    viewer = _viewer(request)
    thread, membership = access.get_thread_for_reader(viewer, thread_id)
    community = thread.community
    moderator = access.is_moderator(membership)
    posts = Post.objects.filter(thread=thread).shown_to(viewer, moderator=moderator).in_order()
    # Only what the page shows: not the Markdown source, nor the whole of each person.
    shown = (
        posts.select_related("author", "reply_to__author")
        .prefetch_related("attachments")
        .only(*thread_page.POST_FIELDS)
    )
    paginator = Paginator(shown, POSTS_PER_PAGE)
    page = paginator.get_page(_page_of(posts, request.GET.get("post"), request.GET.get("page")))
    is_participant = membership is not None and not community.is_closed
    reply_form = ReplyForm() if is_participant and thread.is_visible else None
    can_accept = (
        thread.is_question and viewer is not None and membership is not None
        and (thread.author_id == viewer.pk or moderator)
    )  # fmt: skip
    context = {
        "thread": thread,
        "community": community,
        "membership": membership,
        "page": page,
        "rows": thread_page.rows(
            list(page),
            thread=thread,
            viewer=viewer,
            is_member=membership is not None,
            moderator=moderator,
            can_reply=reply_form is not None,
            can_accept=can_accept,
            csrf_token=get_token(request),
        ),
        "reply_form": reply_form,
        "watch_form": WatchForm(initial={"level": actions.watch_level(viewer, community=community, thread=thread)})
        if membership is not None and viewer is not None
        else None,
    }
    return render(request, "conversations/thread_detail.html", context)


@login_required
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    viewer = _person(request)
    thread, _ = access.get_thread_for_participant(viewer, thread_id)
    reply_to_id = request.POST.get("reply_to") or request.GET.get("reply_to")
    reply_to = None
    if reply_to_id and str(reply_to_id).isdigit():
        reply_to = Post.objects.filter(thread=thread, pk=int(reply_to_id)).select_related("author").first()
    initial = {"reply_to": reply_to.pk if reply_to else None}
    form = ReplyForm(request.POST or None, request.FILES or None, initial=initial)

    def write() -> Post:
        data = form.cleaned_data
        return actions.reply(thread, by=viewer, body=data["body"], reply_to=reply_to, uploads=data["attached_files"])

    post, shown = _composer(request, form, write)
    if post is not None:
        messages.success(request, "Your reply is posted.")
        return redirect(post.get_absolute_url())
    context = {
        "thread": thread,
        "community": thread.community,
        "reply_to": reply_to if reply_to is not None and reply_to.is_visible else None,
        "form": form,
        **_preview(thread.community, form, shown),
    }
    return render(request, "conversations/reply.html", context)


@require_POST
@login_required
def thread_watch(request: HttpRequest, thread_id: int) -> HttpResponse:
    viewer = _person(request)
    thread, _ = access.get_thread_for_participant(viewer, thread_id)
    form = WatchForm(request.POST)
    if form.is_valid():
        actions.set_watch(viewer, community=thread.community, thread=thread, level=form.cleaned_data["level"])
        messages.success(request, "Your choice is saved.")
    else:
        messages.error(request, "Choose how closely to follow this conversation.")
    return redirect(thread)


@require_POST
@login_required
def community_watch(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _person(request)
    community, _ = access.get_community_for_participant(viewer, slug)
    form = WatchForm(request.POST)
    if form.is_valid():
        actions.set_watch(viewer, community=community, level=form.cleaned_data["level"])
        messages.success(request, "Your choice is saved.")
    else:
        messages.error(request, "Choose how closely to follow this community.")
    return redirect("conversations:list", community.slug)


@require_POST
@login_required
def accept_answer(request: HttpRequest, thread_id: int) -> HttpResponse:
    viewer = _person(request)
    thread, _ = access.get_thread_for_asker(viewer, thread_id)
    post_id = request.POST.get("post", "")
    post = Post.objects.filter(thread=thread, pk=int(post_id)).first() if post_id.isdigit() else None
    if post_id and post is None:
        raise Http404("No such post")
    try:
        actions.accept_answer(thread, by=viewer, post=post)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The answer is marked." if post else "The answer is no longer marked.")
    return redirect(post.get_absolute_url() if post else thread.get_absolute_url())


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    viewer = _person(request)
    post, _ = access.get_post_for_author(viewer, post_id)
    form = EditForm(
        request.POST or None, opening=post.is_opening, initial={"title": post.thread.title, "body": post.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.edit_post(
                post, by=viewer, body=form.cleaned_data["body"], title=form.cleaned_data.get("title")
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your post is updated." if changed else "Nothing had changed.")
            return redirect(post.get_absolute_url())
    return render(request, "conversations/post_edit.html", {"post": post, "thread": post.thread, "form": form})


@login_required
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    viewer = _person(request)
    post, _ = access.get_post_history_for_viewer(viewer, post_id)
    revisions = PostRevision.objects.filter(post=post).select_related("replaced_by").order_by("-replaced_at", "-id")
    context = {"post": post, "thread": post.thread, "revisions": revisions}
    return render(request, "conversations/post_history.html", context)


def attachment_download(request: HttpRequest, attachment_id: int, name: str) -> HttpResponseBase:
    attachment = access.get_attachment_for_reader(_viewer(request), attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened directly, the file may not run script or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def search_posts(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    community, membership = access.get_community_for_reader(viewer, slug)
    form = SearchForm(request.GET or None)
    results: list[tuple[Post, list[search.Piece]]] = []
    page = None
    if form.is_valid():
        q = form.cleaned_data["q"]
        number = request.GET.get("page", "1")
        page_number = max(1, min(int(number), 500)) if number.isdigit() else 1
        found = search.search(community, q, limit=RESULTS_PER_PAGE + 1, offset=(page_number - 1) * RESULTS_PER_PAGE)
        page = UncountedPage(found[:RESULTS_PER_PAGE], page_number, RESULTS_PER_PAGE, len(found) > RESULTS_PER_PAGE)
        results = [(post, search.excerpt(post, q)) for post in page]
    context = {"community": community, "membership": membership, "form": form, "page": page, "results": results}
    return render(request, "conversations/search.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    viewer = _person(request)
    page = paginate_uncounted(request, Notification.objects.for_recipient(viewer.pk), per_page=30)
    return render(request, "conversations/notifications.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Go where a notification points, marking it read on the way."""
    viewer = _person(request)
    notification = Notification.objects.filter(pk=notification_id, recipient=viewer).first()
    if notification is None:
        raise Http404("No such notification")
    chronicle.mark_read(viewer, ids=[notification.pk])
    # Notifications point within the site; anything else goes back to the list.
    if notification.url.startswith("/") and not notification.url.startswith("//"):
        return redirect(notification.url)
    return redirect("conversations:notifications")


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    viewer = _person(request)
    count = chronicle.mark_read(viewer)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("conversations:notifications")


@login_required
def digest_settings(request: HttpRequest) -> HttpResponse:
    viewer = _person(request)
    reader = Reader.objects.for_person(viewer)
    form = DigestForm(request.POST or None, initial={"frequency": reader.digest_frequency})
    if request.method == "POST" and form.is_valid():
        actions.set_digest_frequency(viewer, frequency=form.cleaned_data["frequency"])
        messages.success(request, "Your digest choice is saved.")
        return redirect("conversations:digest_settings")
    communities = Community.objects.filter(
        pk__in=Membership.objects.active().filter(person=viewer).values("community_id")
    ).order_by("name")
    return render(
        request, "conversations/digest_settings.html", {"form": form, "reader": reader, "communities": communities}
    )


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop digests from a link in one: no sign-in, the signed token is the key.

    A GET shows a button (mail scanners follow links, and must not unsubscribe anyone); a POST
    unsubscribes, including the one-click POST mail apps send (RFC 8058), which carries no
    CSRF token: the signed token is what authorises it, and the worst a forged one can do is
    stop someone's digest, which they can turn on again.
    """
    person = actions.person_for_unsubscribe_token(token)
    if person is None:
        raise Http404("This unsubscribe link is not valid.")
    done = False
    if request.method == "POST":
        actions.unsubscribe(person)
        done = True
    return render(request, "conversations/unsubscribe.html", {"done": done, "token": token})
