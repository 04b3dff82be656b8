"""Threads and replies through the web pages: who may read and write, questions and answers,
time to first response, and no N+1 on the lists."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities import actions as community_actions
from groundswell.communities.models import Privacy
from groundswell.conversations import actions
from groundswell.conversations.models import Post, Thread, ThreadKind
from groundswell.conversations.tests.builders import make_reply, make_thread, opening
from groundswell.people.models import Person
from groundswell.testing import BaseTestCase, make_community


class ThreadPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.thread = make_thread(self.community, self.member, title="Safety-netting after a normal test")

    def login(self, person: Person) -> None:
        self.client.force_login(person)

    def test_it_shows_the_pages_to_members(self) -> None:
        self.login(self.lay)
        slug = self.community.slug
        for url, text in [
            (f"/communities/{slug}/conversations/", "Safety-netting after a normal test"),
            (f"/communities/{slug}/conversations/new/", "Start a conversation"),
            (f"/threads/{self.thread.pk}/", "How do your practices follow up"),
            (f"/threads/{self.thread.pk}/reply/", "Reply to"),
            (f"/communities/{slug}/conversations/guidelines/", "How we talk to each other here"),
        ]:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), text)

    def test_it_hides_a_private_community_s_conversations_from_outsiders(self) -> None:
        post = make_reply(self.thread, self.core)
        self.login(self.outsider)
        slug = self.community.slug
        for url in [
            f"/communities/{slug}/conversations/",
            f"/communities/{slug}/conversations/new/",
            f"/communities/{slug}/conversations/search/?q=normal",
            f"/communities/{slug}/conversations/guidelines/",
            f"/threads/{self.thread.pk}/",
            f"/threads/{self.thread.pk}/reply/",
            f"/posts/{post.pk}/edit/",
            f"/posts/{post.pk}/history/",
            f"/posts/{post.pk}/report/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for url in [
            f"/threads/{self.thread.pk}/reply/",
            f"/threads/{self.thread.pk}/watch/",
            f"/threads/{self.thread.pk}/answer/",
            f"/communities/{slug}/conversations/watch/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {"body": "Sneaking in", "level": "all"}).status_code, 404)
        self.assertEqual(Post.objects.filter(author=self.outsider).count(), 0)

    def test_it_lets_anyone_read_an_open_community_but_only_members_write(self) -> None:
        open_community = make_community(self.convenor, name="Open Cafe", privacy=Privacy.OPEN)
        thread = make_thread(open_community, self.convenor, title="Welcome, everyone")
        self.assertContains(self.client.get(f"/threads/{thread.pk}/"), "Welcome, everyone")
        self.assertContains(self.client.get(f"/communities/{open_community.slug}/conversations/"), "Sign in")
        self.login(self.outsider)
        page = self.client.get(f"/threads/{thread.pk}/")
        self.assertNotContains(page, "Post the reply")
        self.assertEqual(self.client.get(f"/threads/{thread.pk}/reply/").status_code, 403)
        response = self.client.post(f"/threads/{thread.pk}/reply/", {"body": "Hello", "post": "1"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get(f"/communities/{open_community.slug}/conversations/new/").status_code, 403)
        self.assertEqual(thread.posts.count(), 1)

    def test_it_starts_a_question_from_the_form(self) -> None:
        self.login(self.core)
        response = self.client.post(
            f"/communities/{self.community.slug}/conversations/new/",
            {
                "kind": "question",
                "title": "  Who runs a <b>lung</b> clinic?  ",
                "body": "Looking for **advice**.",
                "post": "1",
            },
        )
        thread = Thread.objects.get(title="Who runs a <b>lung</b> clinic?")
        self.assertRedirects(response, f"/threads/{thread.pk}/")
        self.assertEqual(thread.kind, ThreadKind.QUESTION)
        page = self.client.get(f"/threads/{thread.pk}/")
        self.assertContains(page, "Who runs a &lt;b&gt;lung&lt;/b&gt; clinic?")
        self.assertContains(page, "<strong>advice</strong>", html=True)
        self.assertTrue(Activity.objects.filter(verb="asked_question", target_id=thread.pk).exists())

    def test_it_shows_form_errors_for_bad_input(self) -> None:
        self.login(self.core)
        url = f"/communities/{self.community.slug}/conversations/new/"
        for data in [
            {"kind": "question", "title": "", "body": "x", "post": "1"},
            {"kind": "poll", "title": "Title", "body": "x", "post": "1"},
            {"kind": "discussion", "title": "T" * 201, "body": "x", "post": "1"},
            {"kind": "discussion", "title": "Nul\x00", "body": "x", "post": "1"},
            {"kind": "discussion", "title": "Fine", "body": "   ", "post": "1"},
        ]:
            with self.subTest(data=data):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "There is a problem")
        self.assertEqual(Thread.objects.count(), 1)

    def test_it_previews_without_posting(self) -> None:
        self.login(self.core)
        response = self.client.post(
            f"/threads/{self.thread.pk}/reply/", {"body": "We use **a checklist**.", "preview": "1"}
        )
        self.assertContains(response, "Preview")
        self.assertContains(response, "<strong>a checklist</strong>", html=True)
        self.assertEqual(self.thread.posts.count(), 1)

    def test_it_warns_about_identifiers_before_posting_and_posts_when_sent_again(self) -> None:
        self.login(self.core)
        body = "Mrs Okafor, NHS number 943 476 5919, born 12/03/1948, lives at LS1 4AP."
        url = f"/threads/{self.thread.pk}/reply/"
        first = self.client.post(url, {"body": body, "post": "1"})
        self.assertContains(first, "Check for personal information")
        self.assertContains(first, "This looks like an NHS number.")
        self.assertContains(first, "This looks like a postcode.")
        self.assertEqual(self.thread.posts.count(), 1)
        seen = first.context["form"]["seen"].value()
        second = self.client.post(url, {"body": body, "post": "1", "seen": seen})
        self.assertEqual(second.status_code, 302)
        self.assertEqual(self.thread.posts.count(), 2)

    def test_it_does_not_warn_about_ordinary_words(self) -> None:
        self.login(self.core)
        response = self.client.post(
            f"/threads/{self.thread.pk}/reply/", {"body": "We audit 1234567890 referrals a year.", "post": "1"}
        )
        self.assertEqual(response.status_code, 302)

    def test_it_records_the_first_response_by_someone_other_than_the_author(self) -> None:
        start = timezone.now()
        with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
            make_reply(self.thread, self.member, body="Adding a detail myself.")
        self.thread.refresh_from_db()
        self.assertIsNone(self.thread.first_response_at)
        with time_machine.travel(start + datetime.timedelta(hours=3), tick=False):
            make_reply(self.thread, self.core)
        with time_machine.travel(start + datetime.timedelta(hours=5), tick=False):
            make_reply(self.thread, self.lay)
        self.thread.refresh_from_db()
        self.assertEqual(self.thread.first_response_at, start + datetime.timedelta(hours=3))
        self.assertEqual(self.thread.reply_count, 3)
        self.assertIsNotNone(self.thread.time_to_first_response)

    def test_it_lets_the_asker_accept_an_answer(self) -> None:
        question = make_thread(self.community, self.member, title="Who has a two-week-wait letter?", kind="question")
        answer = make_reply(question, self.core)
        self.login(self.lay)
        self.assertEqual(self.client.post(f"/threads/{question.pk}/answer/", {"post": answer.pk}).status_code, 403)
        self.login(self.member)
        self.client.post(f"/threads/{question.pk}/answer/", {"post": answer.pk})
        question.refresh_from_db()
        self.assertEqual(question.accepted_answer_id, answer.pk)
        self.assertContains(self.client.get(f"/threads/{question.pk}/"), "Accepted answer")
        self.assertContains(self.client.get(f"/communities/{self.community.slug}/conversations/"), "Answered")
        self.client.post(f"/threads/{question.pk}/answer/", {"post": ""})
        question.refresh_from_db()
        self.assertIsNone(question.accepted_answer_id)

    def test_it_refuses_an_answer_that_is_not_a_reply_in_the_question(self) -> None:
        question = make_thread(self.community, self.member, title="Q", kind="question")
        self.login(self.member)
        response = self.client.post(f"/threads/{question.pk}/answer/", {"post": opening(question).pk}, follow=True)
        self.assertContains(response, "Choose a reply in this conversation")
        other = make_reply(self.thread, self.core)
        self.assertEqual(self.client.post(f"/threads/{question.pk}/answer/", {"post": other.pk}).status_code, 404)
        self.client.post(f"/threads/{self.thread.pk}/answer/", {"post": other.pk})
        self.assertEqual(Thread.objects.filter(accepted_answer__isnull=False).count(), 0)

    def test_it_keeps_a_closed_community_s_conversations_as_an_archive(self) -> None:
        community_actions.change_lifecycle(self.community, by=self.convenor, lifecycle="closed", closing_note="Done.")
        self.login(self.member)
        page = self.client.get(f"/threads/{self.thread.pk}/")
        self.assertContains(page, "How do your practices follow up")
        self.assertNotContains(page, "Post the reply")
        response = self.client.post(f"/threads/{self.thread.pk}/reply/", {"body": "Late reply", "post": "1"})
        self.assertContains(response, "This community has closed")
        self.assertEqual(self.thread.posts.count(), 1)

    def test_it_pages_a_long_thread_and_finds_the_page_of_a_post(self) -> None:
        posts = [make_reply(self.thread, self.core, body=f"Reply number {i}") for i in range(60)]
        self.login(self.member)
        first = self.client.get(f"/threads/{self.thread.pk}/")
        self.assertContains(first, "page 1 of 2")
        self.assertNotContains(first, "Reply number 55")
        second = self.client.get(posts[55].get_absolute_url())
        self.assertContains(second, "Reply number 55")
        self.assertContains(second, f'id="post-{posts[55].pk}"')

    def test_it_lists_and_shows_threads_in_a_fixed_number_of_queries(self) -> None:
        self.login(self.member)
        list_url = f"/communities/{self.community.slug}/conversations/"
        thread_url = f"/threads/{self.thread.pk}/"
        self.client.get(list_url)
        with self.assertNumQueries(8):
            self.client.get(list_url)
        # The thread page's nine, plus the products born in it (products' template tag) and
        # whether the viewer holds the centre capacity (consultations' "send to the centre" tag).
        with self.assertNumQueries(11):
            self.client.get(thread_url)
        for i in range(5):
            make_thread(self.community, self.core, title=f"More {i}")
            make_reply(self.thread, [self.core, self.lay, self.convenor][i % 3], body=f"Reply to @Mina Member {i}")
        with self.assertNumQueries(8):
            self.client.get(list_url)
        # The thread page's nine, plus the products born in it (products' template tag) and
        # whether the viewer holds the centre capacity (consultations' "send to the centre" tag).
        with self.assertNumQueries(11):
            self.client.get(thread_url)


class EditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.thread = make_thread(self.community, self.member, title="Original title", body="First words")
        self.post = opening(self.thread)

    def test_it_keeps_earlier_versions_for_moderators_and_the_author(self) -> None:
        self.client.force_login(self.member)
        response = self.client.post(
            f"/posts/{self.post.pk}/edit/", {"title": "Better title", "body": "Second words"}, follow=True
        )
        self.assertContains(response, "Second words")
        self.thread.refresh_from_db()
        self.assertEqual(self.thread.title, "Better title")
        self.assertContains(self.client.get(f"/posts/{self.post.pk}/history/"), "First words")
        self.client.force_login(self.convenor)
        history = self.client.get(f"/posts/{self.post.pk}/history/")
        self.assertContains(history, "First words")
        self.assertContains(history, "Original title")
        self.client.force_login(self.core)
        self.assertEqual(self.client.get(f"/posts/{self.post.pk}/history/").status_code, 403)
        self.assertEqual(self.client.get(f"/posts/{self.post.pk}/edit/").status_code, 403)
        self.assertEqual(self.client.post(f"/posts/{self.post.pk}/edit/", {"body": "Hijack"}).status_code, 403)
        self.post.refresh_from_db()
        self.assertEqual(self.post.body, "Second words")

    def test_it_tells_only_people_newly_mentioned(self) -> None:
        reply = make_reply(self.thread, self.core, body="Ask @Lee Lay")
        with self.captureOnCommitCallbacks(execute=True):
            actions.edit_post(reply, by=self.core, body="Ask @Lee Lay and @Cara Convenor")
        self.assertEqual(self.lay.notifications.filter(verb="mentioned_you").count(), 0)
        self.assertEqual(self.convenor.notifications.filter(verb="mentioned_you").count(), 1)
