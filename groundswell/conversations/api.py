"""API: threads and posts, files, search, watching, moderation, notifications and digests."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from ninja import File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field, StringConstraints

from groundswell.chronicle import actions as chronicle
from groundswell.chronicle.models import Notification
from groundswell.communities.api import PersonRef
from groundswell.conversations import access, actions, search
from groundswell.conversations.models import (
    Attachment,
    DigestFrequency,
    Guidelines,
    Post,
    PostQuerySet,
    PostRevision,
    PostState,
    Reader,
    Report,
    ReportReason,
    ReportStatus,
    Thread,
    ThreadKind,
    WatchLevel,
)
from groundswell.lib.api import MAX_ID, Id, InputSchema, Paging, Storable, errors, page
from groundswell.lib.identifiability import find_identifiers
from groundswell.people.api_auth import caller
from groundswell.people.models import Person

router = Router(tags=["conversations"])

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000), Storable]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Storable]
Details = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable]
GuidelinesText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), Storable]
SearchText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable]

MODERATION_ONLY = "Shown to the post's author and the community's convenors; null for others."


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int = Field(description="Bytes.")
    url: str = Field(description="The download on the website (signed-in session).")
    api_url: str = Field(description="The download through the API (token).")
    created_at: datetime.datetime


class PostOut(Schema):
    id: int
    url: str
    thread_id: int
    author: PersonRef | None = Field(description="null for an erased account.")
    reply_to_id: int | None
    is_opening: bool = Field(description="The thread's opening words.")
    is_accepted_answer: bool
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="The body rendered and sanitised: safe to show.")
    state: PostState
    moderation_reason: str | None = Field(description=MODERATION_ONLY)
    mentions: list[PersonRef]
    attachments: list[AttachmentOut]
    created_at: datetime.datetime
    edited_at: datetime.datetime | None


class PostList(Schema):
    items: list[PostOut]
    count: int


class ThreadOut(Schema):
    id: int
    url: str
    community_id: int
    kind: ThreadKind
    title: str
    author: PersonRef | None
    state: PostState
    reply_count: int = Field(description="Visible replies.")
    created_at: datetime.datetime
    last_posted_at: datetime.datetime
    first_response_at: datetime.datetime | None = Field(description="When someone other than the author first replied.")
    first_response_seconds: int | None = Field(description="Time to first response, in seconds.")
    accepted_answer_id: int | None = Field(description="Questions only: the reply the asker (or a convenor) chose.")


class ThreadDetail(ThreadOut):
    opening_post: PostOut | None


class ThreadList(Schema):
    items: list[ThreadOut]
    count: int


class ThreadFilters(Paging):
    kind: ThreadKind | None = None


class ThreadIn(InputSchema):
    kind: ThreadKind = ThreadKind.DISCUSSION
    title: Title
    body: Body = Field(description="Markdown. Mention a member with @ and their name as their profile shows it.")


class PostIn(InputSchema):
    body: Body
    reply_to_id: Id | None = Field(None, description="A post in the thread this replies to; else the thread.")


class PostPatch(InputSchema):
    body: Body
    title: Title | None = Field(None, description="Opening posts only: the thread's new title.")


class RevisionOut(Schema):
    id: int
    title: str
    body: str
    written_at: datetime.datetime
    replaced_at: datetime.datetime
    replaced_by: PersonRef | None


class RevisionList(Schema):
    items: list[RevisionOut]
    count: int


class AcceptIn(InputSchema):
    post_id: Id | None = Field(description="The reply that answers the question, or null to withdraw the mark.")


class WatchIn(InputSchema):
    level: WatchLevel


class WatchOut(Schema):
    level: WatchLevel = Field(
        description="`all`: every new post; `replies`: replies to you and mentions (the default); "
        "`none`: nothing but mentions."
    )


class ReportIn(InputSchema):
    reason: ReportReason
    details: Details = ""


class ReportOut(Schema):
    id: int
    post_id: int
    thread_id: int
    reason: ReportReason
    details: str
    status: ReportStatus
    reporter: PersonRef | None = Field(description="Shown to convenors only; null for the person reporting.")
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None
    resolution_note: str


class ReportList(Schema):
    items: list[ReportOut]
    count: int


class ReportFilters(Paging):
    status: ReportStatus = ReportStatus.OPEN


class ReportPatch(InputSchema):
    status: Literal["dismissed"] = Field(description="Close the report without acting on the post.")
    note: Reason = ""


class ModerationIn(InputSchema):
    action: Literal["hide", "remove", "restore"]
    reason: Reason = Field("", description="Needed to hide or remove; the author sees it.")


class GuidelinesOut(Schema):
    body: str | None = Field(description="Markdown; null if the community has not written its own.")
    body_html: str | None
    updated_at: datetime.datetime | None


class GuidelinesIn(InputSchema):
    body: GuidelinesText


class SearchFilters(Paging):
    q: SearchText = Field(description="Words that must all appear (in any form: 'referral' finds 'referrals').")


class SearchHit(Schema):
    post: PostOut
    thread_title: str


class SearchList(Schema):
    items: list[SearchHit]
    count: int


class PreviewIn(InputSchema):
    body: Body


class IdentifierFlag(Schema):
    kind: str = Field(description="name, nhs_number, date_of_birth, postcode, phone, email or rare_detail.")
    start: int
    end: int
    text: str
    message: str


class PreviewOut(Schema):
    body_html: str
    flags: list[IdentifierFlag] = Field(description="Details that could identify someone; take them out.")


class NotificationOut(Schema):
    id: int
    verb: str
    text: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationList(Schema):
    items: list[NotificationOut]
    count: int
    unread: int = Field(description="Unread notifications in all (up to 100).")


class NotificationFilters(Paging):
    unread: bool = False


class ReadIn(InputSchema):
    ids: list[Id] | None = Field(None, max_length=1000, description="Mark these read; leave out to mark all.")


class ReadOut(Schema):
    marked: int


class DigestOut(Schema):
    frequency: DigestFrequency
    last_digest_at: datetime.datetime | None
    last_seen_at: datetime.datetime | None


class DigestIn(InputSchema):
    frequency: DigestFrequency


def _check_id(value: int) -> int:
    # Path ids beyond 64 bits cannot exist; answer 404 rather than overflow in SQL.
    if value > MAX_ID:
        raise Http404
    return value


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _person_ref(request: HttpRequest, person: Person | None) -> PersonRef | None:
    if person is None:
        return None
    return PersonRef(id=person.pk, display_name=person.display_name, url=_absolute(request, person.get_absolute_url()))


def _attachment_out(request: HttpRequest, attachment: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.pk,
        name=attachment.name,
        content_type=attachment.content_type,
        size=attachment.size,
        url=_absolute(request, attachment.get_absolute_url()),
        api_url=_absolute(request, f"/api/v1/attachments/{attachment.pk}"),
        created_at=attachment.created_at,
    )


def _post_out(request: HttpRequest, post: Post, *, thread: Thread, viewer: Person, moderator: bool) -> PostOut:
    sees_reason = moderator or post.author_id == viewer.pk
    return PostOut(
        id=post.pk,
        url=_absolute(request, post.get_absolute_url()),
        thread_id=post.thread_id,
        author=_person_ref(request, post.author),
        reply_to_id=post.reply_to_id,
        is_opening=post.is_opening,
        is_accepted_answer=post.pk == thread.accepted_answer_id,
        body=post.body,
        body_html=post.body_html,
        state=PostState(post.state),
        moderation_reason=post.moderation_reason if sees_reason else None,
        mentions=[ref for ref in (_person_ref(request, p) for p in post.mentions.all()) if ref is not None],
        attachments=[_attachment_out(request, a) for a in post.attachments.all()],
        created_at=post.created_at,
        edited_at=post.edited_at,
    )


def _thread_out(request: HttpRequest, thread: Thread) -> ThreadOut:
    wait = thread.time_to_first_response
    return ThreadOut(
        id=thread.pk,
        url=_absolute(request, thread.get_absolute_url()),
        community_id=thread.community_id,
        kind=ThreadKind(thread.kind),
        title=thread.title,
        author=_person_ref(request, thread.author),
        state=PostState(thread.state),
        reply_count=thread.reply_count,
        created_at=thread.created_at,
        last_posted_at=thread.last_posted_at,
        first_response_at=thread.first_response_at,
        first_response_seconds=int(wait.total_seconds()) if wait is not None else None,
        accepted_answer_id=thread.accepted_answer_id,
    )


def _posts(qs: PostQuerySet) -> PostQuerySet:
    return qs.select_related("author").prefetch_related("attachments", "mentions")


def _thread_detail(request: HttpRequest, thread_id: int, viewer: Person) -> ThreadDetail:
    thread, membership = access.get_thread_for_reader(viewer, thread_id)
    moderator = access.is_moderator(membership)
    opening = (
        Post.objects.filter(thread=thread, is_opening=True)
        .shown_to(viewer, moderator=moderator)
        .select_related("author")
        .prefetch_related("attachments", "mentions")
        .first()
    )
    return ThreadDetail(
        **_thread_out(request, thread).model_dump(),
        opening_post=_post_out(request, opening, thread=thread, viewer=viewer, moderator=moderator)
        if opening
        else None,
    )


# Threads and posts.


@router.get(
    "/communities/{int:community_id}/threads",
    response={200: ThreadList, **errors(404, 422)},
    summary="Conversations of a community",
)
def list_threads(request: HttpRequest, community_id: int, filters: Query[ThreadFilters]) -> ThreadList:
    """Visible threads, the most recently active first."""
    viewer = caller(request)
    community, _ = access.get_community_for_reader(viewer, _check_id(community_id))
    qs = Thread.objects.listed().filter(community=community).select_related("author")
    if filters.kind is not None:
        qs = qs.filter(kind=filters.kind.value)
    rows, count = page(qs, filters)
    return ThreadList(items=[_thread_out(request, t) for t in rows], count=count)


@router.post(
    "/communities/{int:community_id}/threads",
    response={201: ThreadDetail, **errors(400, 403, 404, 409, 422)},
    summary="Start a conversation or ask a question (members)",
)
def create_thread(request: HttpRequest, community_id: int, payload: ThreadIn) -> Status[ThreadDetail]:
    """Start a discussion, or `kind: question` to ask the network. 409 if the community has closed.
    Check the words first with `POST /communities/{id}/preview`: it flags details that could
    identify someone."""
    viewer = caller(request)
    community, _ = access.get_community_for_participant(viewer, _check_id(community_id))
    thread = actions.start_thread(community, by=viewer, kind=payload.kind.value, title=payload.title, body=payload.body)
    return Status(201, _thread_detail(request, thread.pk, viewer))


@router.get("/threads/{int:thread_id}", response={200: ThreadDetail, **errors(404, 422)}, summary="One conversation")
def get_thread(request: HttpRequest, thread_id: int) -> ThreadDetail:
    """A thread with its opening post, in a community you can see."""
    viewer = caller(request)
    return _thread_detail(request, _check_id(thread_id), viewer)


@router.get(
    "/threads/{int:thread_id}/posts",
    response={200: PostList, **errors(404, 422)},
    summary="Posts of a conversation",
)
def list_posts(request: HttpRequest, thread_id: int, paging: Query[Paging]) -> PostList:
    """The opening post and the replies, oldest first. Hidden and removed posts are listed only
    for their authors and the community's convenors."""
    viewer = caller(request)
    thread, membership = access.get_thread_for_reader(viewer, _check_id(thread_id))
    moderator = access.is_moderator(membership)
    qs = Post.objects.filter(thread=thread).shown_to(viewer, moderator=moderator).in_order()
    rows, count = page(_posts(qs), paging)
    return PostList(
        items=[_post_out(request, p, thread=thread, viewer=viewer, moderator=moderator) for p in rows], count=count
    )


@router.post(
    "/threads/{int:thread_id}/posts",
    response={201: PostOut, **errors(400, 403, 404, 409, 422)},
    summary="Reply (members)",
)
def create_post(request: HttpRequest, thread_id: int, payload: PostIn) -> Status[PostOut]:
    """Reply to the thread, or to one of its posts with `reply_to_id`. 409 if the thread is
    hidden or the community has closed."""
    viewer = caller(request)
    thread, membership = access.get_thread_for_participant(viewer, _check_id(thread_id))
    reply_to = None
    if payload.reply_to_id is not None:
        reply_to = Post.objects.filter(thread=thread, pk=payload.reply_to_id, state=PostState.VISIBLE).first()
        if reply_to is None:
            raise HttpError(422, "reply_to_id is not a visible post in this thread.")
    post = actions.reply(thread, by=viewer, body=payload.body, reply_to=reply_to)
    post = _posts(Post.objects.filter(pk=post.pk)).get()
    thread.refresh_from_db()
    return Status(
        201, _post_out(request, post, thread=thread, viewer=viewer, moderator=access.is_moderator(membership))
    )


@router.patch(
    "/posts/{int:post_id}",
    response={200: PostOut, **errors(400, 403, 404, 409, 422)},
    summary="Edit your post",
)
def update_post(request: HttpRequest, post_id: int, payload: PostPatch) -> PostOut:
    """Change the words of a post you wrote (and the title, for an opening post). The earlier
    version is kept for the convenors. 409 for a removed post."""
    viewer = caller(request)
    post, membership = access.get_post_for_author(viewer, _check_id(post_id))
    if payload.title is not None and not post.is_opening:
        raise HttpError(422, "Only the opening post of a conversation has a title.")
    actions.edit_post(post, by=viewer, body=payload.body, title=payload.title)
    fresh = _posts(Post.objects.filter(pk=post.pk)).get()
    return _post_out(request, fresh, thread=post.thread, viewer=viewer, moderator=access.is_moderator(membership))


@router.get(
    "/posts/{int:post_id}/revisions",
    response={200: RevisionList, **errors(403, 404, 422)},
    summary="Earlier versions of a post (convenors and the author)",
)
def list_revisions(request: HttpRequest, post_id: int, paging: Query[Paging]) -> RevisionList:
    """Each version a post had before an edit, the most recent first."""
    viewer = caller(request)
    post, _ = access.get_post_history_for_viewer(viewer, _check_id(post_id))
    qs = PostRevision.objects.filter(post=post).select_related("replaced_by").order_by("-replaced_at", "-id")
    rows, count = page(qs, paging)
    items = [
        RevisionOut(
            id=r.pk,
            title=r.title,
            body=r.body,
            written_at=r.written_at,
            replaced_at=r.replaced_at,
            replaced_by=_person_ref(request, r.replaced_by),
        )
        for r in rows
    ]
    return RevisionList(items=items, count=count)


@router.post(
    "/posts/{int:post_id}/attachments",
    response={201: AttachmentOut, **errors(400, 403, 404, 409, 422)},
    summary="Attach a file to your post",
)
def create_attachment(request: HttpRequest, post_id: int, file: File[UploadedFile]) -> Status[AttachmentOut]:
    """Send `multipart/form-data` with the file in `file`: PDF, Word, Excel, PowerPoint,
    OpenDocument, CSV, text, PNG or JPEG, up to 10 MB, at most 5 a post. 409 when the file is
    refused (its kind, size or contents), with the reason."""
    viewer = caller(request)
    post, _ = access.get_post_for_author(viewer, _check_id(post_id))
    made = actions.add_attachments(post, by=viewer, uploads=[file])
    return Status(201, _attachment_out(request, made[0]))


@router.get(
    "/attachments/{int:attachment_id}",
    response={200: None, **errors(404, 422)},
    summary="Download a file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment.",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_attachment(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    """A file on a post you can read, with the type it was accepted as."""
    viewer = caller(request)
    attachment = access.get_attachment_for_reader(viewer, _check_id(attachment_id))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@router.put(
    "/threads/{int:thread_id}/accepted-answer",
    response={200: ThreadDetail, **errors(400, 403, 404, 409, 422)},
    summary="Choose the answer to a question (the asker or a convenor)",
)
def set_accepted_answer(request: HttpRequest, thread_id: int, payload: AcceptIn) -> ThreadDetail:
    """Mark a visible reply as the answer, or send `post_id: null` to withdraw the mark. 409 if
    the thread is not a question or the post is not a reply in it."""
    viewer = caller(request)
    thread, _ = access.get_thread_for_asker(viewer, _check_id(thread_id))
    post = None
    if payload.post_id is not None:
        post = Post.objects.filter(thread=thread, pk=payload.post_id).first()
        if post is None:
            raise HttpError(409, "Choose a reply in this conversation as the answer.")
    actions.accept_answer(thread, by=viewer, post=post)
    return _thread_detail(request, thread.pk, viewer)


# Watching.


@router.get(
    "/threads/{int:thread_id}/watch",
    response={200: WatchOut, **errors(403, 404, 422)},
    summary="How closely you follow a conversation",
)
def get_thread_watch(request: HttpRequest, thread_id: int) -> WatchOut:
    viewer = caller(request)
    thread, _ = access.get_thread_for_participant(viewer, _check_id(thread_id))
    return WatchOut(level=WatchLevel(actions.watch_level(viewer, community=thread.community, thread=thread)))


@router.put(
    "/threads/{int:thread_id}/watch",
    response={200: WatchOut, **errors(400, 403, 404, 422)},
    summary="Follow a conversation more or less closely (members)",
)
def set_thread_watch(request: HttpRequest, thread_id: int, payload: WatchIn) -> WatchOut:
    viewer = caller(request)
    thread, _ = access.get_thread_for_participant(viewer, _check_id(thread_id))
    watch = actions.set_watch(viewer, community=thread.community, thread=thread, level=payload.level.value)
    return WatchOut(level=WatchLevel(watch.level))


@router.get(
    "/communities/{int:community_id}/watch",
    response={200: WatchOut, **errors(403, 404, 422)},
    summary="How closely you follow a community's conversations",
)
def get_community_watch(request: HttpRequest, community_id: int) -> WatchOut:
    viewer = caller(request)
    community, _ = access.get_community_for_participant(viewer, _check_id(community_id))
    return WatchOut(level=WatchLevel(actions.watch_level(viewer, community=community)))


@router.put(
    "/communities/{int:community_id}/watch",
    response={200: WatchOut, **errors(400, 403, 404, 422)},
    summary="Follow a community's conversations more or less closely (members)",
)
def set_community_watch(request: HttpRequest, community_id: int, payload: WatchIn) -> WatchOut:
    """The level for threads you have not chosen one for; `none` also leaves the community out
    of your digest emails."""
    viewer = caller(request)
    community, _ = access.get_community_for_participant(viewer, _check_id(community_id))
    watch = actions.set_watch(viewer, community=community, level=payload.level.value)
    return WatchOut(level=WatchLevel(watch.level))


# Reports and moderation.


def _report_out(request: HttpRequest, report: Report, *, show_reporter: bool) -> ReportOut:
    return ReportOut(
        id=report.pk,
        post_id=report.post_id,
        thread_id=report.post.thread_id,
        reason=ReportReason(report.reason),
        details=report.details,
        status=ReportStatus(report.status),
        reporter=_person_ref(request, report.reporter) if show_reporter else None,
        created_at=report.created_at,
        resolved_at=report.resolved_at,
        resolution_note=report.resolution_note,
    )


@router.post(
    "/posts/{int:post_id}/reports",
    response={201: ReportOut, **errors(400, 404, 409, 422)},
    summary="Report a post to the convenors",
)
def create_report(request: HttpRequest, post_id: int, payload: ReportIn) -> Status[ReportOut]:
    """Only the community's convenors see reports and who made them; `unsafe` (safeguarding)
    reports come first in their queue. 409 if you already have an open report on the post."""
    viewer = caller(request)
    post, _ = access.get_post_for_reporter(viewer, _check_id(post_id))
    report = actions.report_post(post, by=viewer, reason=payload.reason.value, details=payload.details)
    return Status(201, _report_out(request, report, show_reporter=False))


@router.get(
    "/communities/{int:community_id}/reports",
    response={200: ReportList, **errors(403, 404, 422)},
    summary="The moderation queue (convenors)",
)
def list_reports(request: HttpRequest, community_id: int, filters: Query[ReportFilters]) -> ReportList:
    """Reports in the status asked for (`open` by default), safeguarding first, then oldest first."""
    viewer = caller(request)
    community, _ = access.get_community_for_moderator(viewer, _check_id(community_id))
    qs = (
        Report.objects.filter(community=community, status=filters.status.value)
        .queue_order()
        .select_related("post", "reporter")
    )
    rows, count = page(qs, filters)
    return ReportList(items=[_report_out(request, r, show_reporter=True) for r in rows], count=count)


@router.patch(
    "/reports/{int:report_id}",
    response={200: ReportOut, **errors(400, 403, 404, 409, 422)},
    summary="Close a report with no action (convenors)",
)
def update_report(request: HttpRequest, report_id: int, payload: ReportPatch) -> ReportOut:
    """To act on the post instead, use `POST /posts/{id}/moderation`, which closes its reports."""
    viewer = caller(request)
    report, _ = access.get_report_for_moderator(viewer, _check_id(report_id))
    actions.dismiss_report(report, by=viewer, note=payload.note)
    report.refresh_from_db()
    return _report_out(request, report, show_reporter=True)


@router.post(
    "/posts/{int:post_id}/moderation",
    response={200: PostOut, **errors(400, 403, 404, 409, 422)},
    summary="Hide, remove or restore a post (convenors)",
)
def moderate(request: HttpRequest, post_id: int, payload: ModerationIn) -> PostOut:
    """`hide` while you look into it, `remove` for good, `restore` to show it again; hiding or
    removing needs a `reason`, which the author sees. Acting on a thread's opening post acts on
    the thread. 409 when the post is already in that state."""
    viewer = caller(request)
    post, _ = access.get_post_for_moderator(viewer, _check_id(post_id))
    if payload.action != "restore" and not payload.reason:
        raise HttpError(422, "reason is needed to hide or remove a post.")
    actions.moderate_post(post, by=viewer, decision=payload.action, reason=payload.reason)
    fresh = _posts(Post.objects.filter(pk=post.pk)).get()
    post.thread.refresh_from_db()
    return _post_out(request, fresh, thread=post.thread, viewer=viewer, moderator=True)


@router.get(
    "/communities/{int:community_id}/guidelines",
    response={200: GuidelinesOut, **errors(404, 422)},
    summary="A community's guidelines for conversations",
)
def get_guidelines(request: HttpRequest, community_id: int) -> GuidelinesOut:
    viewer = caller(request)
    community, _ = access.get_community_for_reader(viewer, _check_id(community_id))
    guidelines = Guidelines.objects.filter(community=community).first()
    if guidelines is None:
        return GuidelinesOut(body=None, body_html=None, updated_at=None)
    return GuidelinesOut(body=guidelines.body, body_html=guidelines.body_html, updated_at=guidelines.updated_at)


@router.put(
    "/communities/{int:community_id}/guidelines",
    response={200: GuidelinesOut, **errors(400, 403, 404, 422)},
    summary="Write a community's guidelines (convenors)",
)
def set_guidelines(request: HttpRequest, community_id: int, payload: GuidelinesIn) -> GuidelinesOut:
    viewer = caller(request)
    community, _ = access.get_community_for_moderator(viewer, _check_id(community_id))
    guidelines = actions.set_guidelines(community, by=viewer, body=payload.body)
    return GuidelinesOut(body=guidelines.body, body_html=guidelines.body_html, updated_at=guidelines.updated_at)


@router.get(
    "/communities/{int:community_id}/unanswered",
    response={200: ThreadList, **errors(403, 404, 422)},
    summary="Questions waiting for a first reply (convenors)",
)
def list_unanswered(request: HttpRequest, community_id: int, paging: Query[Paging]) -> ThreadList:
    """Visible questions nobody but the asker has replied to, the longest waiting first."""
    viewer = caller(request)
    community, _ = access.get_community_for_moderator(viewer, _check_id(community_id))
    rows, count = page(Thread.objects.unanswered().filter(community=community).select_related("author"), paging)
    return ThreadList(items=[_thread_out(request, t) for t in rows], count=count)


# Search and preview.


@router.get(
    "/communities/{int:community_id}/search",
    response={200: SearchList, **errors(404, 422)},
    summary="Search a community's conversations",
)
def search_posts(request: HttpRequest, community_id: int, filters: Query[SearchFilters]) -> SearchList:
    """Visible posts with every word of `q`, best match first (a thread's title counts most)."""
    viewer = caller(request)
    community, membership = access.get_community_for_reader(viewer, _check_id(community_id))
    found = search.search(community, filters.q, limit=filters.limit, offset=filters.offset)
    ids = [post.pk for post in found]
    posts = _posts(Post.objects.filter(pk__in=ids)).select_related("thread").in_bulk()
    moderator = access.is_moderator(membership)
    items = [
        SearchHit(
            post=_post_out(request, posts[pk], thread=posts[pk].thread, viewer=viewer, moderator=moderator),
            thread_title=posts[pk].thread.title,
        )
        for pk in ids
        if pk in posts
    ]
    return SearchList(items=items, count=search.count(community, filters.q))


@router.post(
    "/communities/{int:community_id}/preview",
    response={200: PreviewOut, **errors(400, 403, 404, 422)},
    summary="Preview a post and check it for personal information (members)",
)
def preview(request: HttpRequest, community_id: int, payload: PreviewIn) -> PreviewOut:
    """The HTML the post would show (mentions of members linked), and the details in it that
    could identify someone: NHS numbers, dates of birth, postcodes, phone numbers, email
    addresses, titled names and rare details. Nothing is saved."""
    viewer = caller(request)
    community, _ = access.get_community_for_participant(viewer, _check_id(community_id))
    flags = find_identifiers(payload.body)
    return PreviewOut(
        body_html=actions.render(community, payload.body).html,
        flags=[IdentifierFlag(kind=f.kind, start=f.start, end=f.end, text=f.text, message=f.message) for f in flags],
    )


# Notifications and digests.


@router.get("/me/notifications", response={200: NotificationList, **errors(422)}, summary="Your notifications")
def list_notifications(request: HttpRequest, filters: Query[NotificationFilters]) -> NotificationList:
    """Newest first; `?unread=true` for unread ones only."""
    viewer = caller(request)
    qs = Notification.objects.for_recipient(viewer.pk)
    if filters.unread:
        qs = qs.unread()
    rows, count = page(qs, filters)
    return NotificationList(
        items=[
            NotificationOut(
                id=n.pk,
                verb=n.verb,
                text=n.text,
                url=_absolute(request, n.url),
                created_at=n.created_at,
                read_at=n.read_at,
            )
            for n in rows
        ],
        count=count,
        unread=Notification.objects.count_unread(viewer.pk),
    )


@router.post("/me/notifications/read", response={200: ReadOut, **errors(400, 422)}, summary="Mark notifications read")
def read_notifications(request: HttpRequest, payload: ReadIn) -> ReadOut:
    viewer = caller(request)
    return ReadOut(marked=chronicle.mark_read(viewer, ids=payload.ids))


def _digest_out(reader: Reader) -> DigestOut:
    return DigestOut(
        frequency=DigestFrequency(reader.digest_frequency),
        last_digest_at=reader.last_digest_at,
        last_seen_at=reader.last_seen_at,
    )


@router.get("/me/digest", response={200: DigestOut, **errors()}, summary="Your digest emails")
def get_digest(request: HttpRequest) -> DigestOut:
    return _digest_out(Reader.objects.for_person(caller(request)))


@router.put("/me/digest", response={200: DigestOut, **errors(400, 422)}, summary="Choose how often to get a digest")
def set_digest(request: HttpRequest, payload: DigestIn) -> DigestOut:
    """`daily`, `weekly` (the default) or `never`. A digest goes only to people who have not
    been on Groundswell since the last one."""
    return _digest_out(actions.set_digest_frequency(caller(request), frequency=payload.frequency.value))
