"""The conversations pages for the axe scan in test_accessibility.py, as each persona sees them.

Each persona gets a question of their own (made here) in a community they belong to, with a
reply that mentions them, a file, an accepted answer and an edited post, so the thread, history
and edit pages have everything to show. Convenors also get the moderation queue with a report
waiting, a hidden post, the unanswered questions and the guidelines editor. Forms are visited
as they open and re-rendered with their errors; the composer is also shown with a preview that
flags personal information.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page

from groundswell.communities.models import Community, Lifecycle, Membership, Role
from groundswell.conversations import actions
from groundswell.conversations.models import Post, PostState, Report, Thread
from groundswell.people.models import Person

if TYPE_CHECKING:
    from .test_accessibility import Visit

AXE_TITLE = "Axe check: who has a plain-English results letter?"
IDENTIFYING = "Mrs Example rang from 07700 900123; her NHS number is 943 476 5919."


def _community(person: Person, *, role: str | None = None) -> Community | None:
    memberships = Membership.objects.active().filter(person=person).exclude(community__lifecycle=Lifecycle.CLOSED)
    if role is not None:
        memberships = memberships.filter(role=role)
    membership = memberships.select_related("community").order_by("community__name").first()
    return membership.community if membership is not None else None


def _someone_else(community: Community, person: Person) -> Person:
    other = (
        Membership.objects.active()
        .filter(community=community)
        .exclude(person=person)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    assert other is not None, f"{community} has nobody but {person}"
    return other.person


def _axe_thread(person: Person, community: Community) -> tuple[Thread, Post]:
    """A question the person asked, answered, with a file, a mention and an edit."""
    existing = Thread.objects.filter(author=person, title=AXE_TITLE, community=community).first()
    if existing is not None:
        return existing, existing.posts.get(author=person, is_opening=False)
    other = _someone_else(community, person)
    thread = actions.start_thread(
        community,
        by=person,
        kind="question",
        title=AXE_TITLE,
        body="Does anyone have a **plain-English** letter for telling people their tests were clear?",
    )
    answer = actions.reply(
        thread,
        by=other,
        body=f"Ours is below, @{person.display_name}.\n\n- says the result first\n- says what to do next",
        uploads=[SimpleUploadedFile("results-letter.pdf", b"%PDF-1.7\n%%EOF\n")],
    )
    actions.accept_answer(thread, by=person, post=answer)
    mine = actions.reply(thread, by=person, body="Thank you, that is just what we needed.", reply_to=answer)
    actions.edit_post(mine, by=person, body="Thank you, that is just what we needed. We will adapt it.")
    thread.refresh_from_db()
    return thread, mine


def _convenor_visits(person: Person) -> list[Visit]:
    from .test_accessibility import Visit, clear_and_submit, submit_empty

    community = _community(person, role=Role.CONVENOR)
    if community is None:
        return []
    slug = community.slug
    thread, _ = _axe_thread(person, community)
    other = _someone_else(community, person)
    reported = thread.posts.filter(author=other, is_opening=False).first()
    assert reported is not None
    if not Report.objects.filter(post=reported, status="open").exists():
        actions.report_post(reported, by=person, reason="unsafe", details="Axe check: please look at this.")
    hidden = thread.posts.filter(state=PostState.HIDDEN).first()
    if hidden is None:
        hidden = actions.reply(thread, by=other, body="Axe check: a post to hide.")
        actions.moderate_post(hidden, by=person, decision="hide", reason="Axe check: hidden for the scan.")
    if not Thread.objects.unanswered().filter(community=community).exists():
        actions.start_thread(community, by=other, kind="question", title="Axe check: anyone?", body="A question.")
    return [
        Visit("moderation queue", f"/communities/{slug}/conversations/moderation/"),
        Visit("moderate a post", f"/posts/{reported.pk}/moderate/"),
        Visit("moderate a post with errors", f"/posts/{reported.pk}/moderate/", submit_empty("Save the decision")),
        Visit("moderate a hidden post", f"/posts/{hidden.pk}/moderate/"),
        Visit("thread with a hidden post (convenor)", f"/threads/{thread.pk}/"),
        Visit("unanswered questions", f"/communities/{slug}/conversations/unanswered/"),
        Visit("edit the guidelines", f"/communities/{slug}/conversations/guidelines/edit/"),
        Visit(
            "edit the guidelines with errors",
            f"/communities/{slug}/conversations/guidelines/edit/",
            clear_and_submit("Guidelines", "Save the guidelines"),
        ),
    ]


def _preview_with_flags(page: Page) -> None:
    page.get_by_label("Your reply").fill(IDENTIFYING)
    page.get_by_role("button", name="Preview", exact=True).click()
    page.wait_for_load_state()


def _start_with_flags(page: Page) -> None:
    page.get_by_label("Title").fill("Axe check: flagged")
    page.get_by_label("Your post").fill(IDENTIFYING)
    page.get_by_role("button", name="Start the conversation", exact=True).click()
    page.wait_for_load_state()


def conversations_visits(person: Person) -> list[Visit]:
    """Every conversations page a signed-in persona reaches."""
    from .test_accessibility import Visit, clear_and_submit, submit_empty

    token = actions.unsubscribe_token(person)
    visits = [
        Visit("notifications", "/me/notifications/"),
        Visit("digest emails", "/me/digests/"),
        Visit("digest emails with errors", "/me/digests/", submit_empty("Save my choice")),
        Visit("stop digests (from the email link)", f"/digests/unsubscribe/{token}/"),
    ]
    community = _community(person)
    if community is None:
        return visits
    slug = community.slug
    thread, mine = _axe_thread(person, community)
    answer = thread.accepted_answer
    assert answer is not None
    visits += [
        Visit("conversations", f"/communities/{slug}/conversations/"),
        Visit("conversations, page 2", f"/communities/{slug}/conversations/?page=2"),
        Visit("search conversations", f"/communities/{slug}/conversations/search/?q=letter"),
        Visit("search conversations, nothing found", f"/communities/{slug}/conversations/search/?q=zyzzyva"),
        Visit("search conversations with errors", f"/communities/{slug}/conversations/search/?q="),
        Visit("guidelines", f"/communities/{slug}/conversations/guidelines/"),
        Visit("start a conversation", f"/communities/{slug}/conversations/new/"),
        Visit(
            "start a conversation with errors",
            f"/communities/{slug}/conversations/new/",
            submit_empty("Start the conversation"),
        ),
        Visit(
            "start a conversation, personal information flagged",
            f"/communities/{slug}/conversations/new/",
            _start_with_flags,
        ),
        Visit("own question with an accepted answer", f"/threads/{thread.pk}/"),
        Visit("reply to a post", f"/threads/{thread.pk}/reply/?reply_to={answer.pk}"),
        Visit("reply with errors", f"/threads/{thread.pk}/reply/", submit_empty("Post the reply")),
        Visit("reply preview with flags", f"/threads/{thread.pk}/reply/", _preview_with_flags),
        Visit("edit own post", f"/posts/{mine.pk}/edit/"),
        Visit("edit own post with errors", f"/posts/{mine.pk}/edit/", clear_and_submit("Your post", "Save changes")),
        Visit("earlier versions of a post", f"/posts/{mine.pk}/history/"),
        Visit("report a post", f"/posts/{answer.pk}/report/"),
        Visit("report a post with errors", f"/posts/{answer.pk}/report/", submit_empty("Send the report")),
    ]
    return [*visits, *_convenor_visits(person)]


def conversations_public_visits() -> list[Visit]:
    """What someone who has not signed in can read: an open community's conversations."""
    from .test_accessibility import Visit

    thread = Thread.objects.listed().filter(community__privacy="open").exclude(community__lifecycle="closed").first()
    if thread is None:
        return []
    slug = thread.community.slug
    return [
        Visit("conversations of an open community", f"/communities/{slug}/conversations/"),
        Visit("a conversation in an open community", f"/threads/{thread.pk}/"),
        Visit("search an open community", f"/communities/{slug}/conversations/search/?q=referral"),
    ]
