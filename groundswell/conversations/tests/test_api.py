"""API: conversations with the same rules as the pages, and bad input answered as JSON."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from groundswell.chronicle.models import Notification
from groundswell.conversations import actions
from groundswell.conversations.models import Post, PostState, Reader, Report, Thread
from groundswell.conversations.tests.builders import make_reply, make_thread, opening
from groundswell.people import actions as people_actions
from groundswell.people.models import Person
from groundswell.testing import BaseTestCase

PDF = b"%PDF-1.7\n%%EOF\n"


def bearer(person: Person) -> dict[str, str]:
    _, raw = people_actions.create_api_token(person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


class ConversationApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.thread = make_thread(self.community, self.member, title="Letters", kind="question")
        self.reply = make_reply(self.thread, self.core, body="Ours are in plain English.")
        self.report = actions.report_post(self.reply, by=self.lay, reason="other")
        self.tokens: dict[int, dict[str, str]] = {}

    def call(self, method: str, url: str, person: Person, body: Any = None, **kwargs: Any) -> Any:
        if person.pk not in self.tokens:
            self.tokens[person.pk] = bearer(person)
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return getattr(self.client, method)(url, headers=self.tokens[person.pk], **kwargs)

    def ok(self, method: str, url: str, person: Person, body: Any = None, status: int = 200) -> Any:
        response = self.call(method, url, person, body)
        self.assertEqual(response.status_code, status, response.content)
        return response.json()

    def endpoints(self) -> list[tuple[str, str, Any]]:
        c, t, p, r = self.community.pk, self.thread.pk, self.reply.pk, self.report.pk
        return [
            ("get", f"/api/v1/communities/{c}/threads", None),
            ("post", f"/api/v1/communities/{c}/threads", {"title": "x", "body": "y"}),
            ("get", f"/api/v1/threads/{t}", None),
            ("get", f"/api/v1/threads/{t}/posts", None),
            ("post", f"/api/v1/threads/{t}/posts", {"body": "y"}),
            ("patch", f"/api/v1/posts/{p}", {"body": "y"}),
            ("get", f"/api/v1/posts/{p}/revisions", None),
            ("put", f"/api/v1/threads/{t}/accepted-answer", {"post_id": p}),
            ("get", f"/api/v1/threads/{t}/watch", None),
            ("put", f"/api/v1/threads/{t}/watch", {"level": "all"}),
            ("get", f"/api/v1/communities/{c}/watch", None),
            ("put", f"/api/v1/communities/{c}/watch", {"level": "all"}),
            ("post", f"/api/v1/posts/{p}/reports", {"reason": "spam"}),
            ("get", f"/api/v1/communities/{c}/reports", None),
            ("patch", f"/api/v1/reports/{r}", {"status": "dismissed"}),
            ("post", f"/api/v1/posts/{p}/moderation", {"action": "hide", "reason": "x"}),
            ("get", f"/api/v1/communities/{c}/guidelines", None),
            ("put", f"/api/v1/communities/{c}/guidelines", {"body": "Be kind"}),
            ("get", f"/api/v1/communities/{c}/unanswered", None),
            ("get", f"/api/v1/communities/{c}/search?q=letters", None),
            ("post", f"/api/v1/communities/{c}/preview", {"body": "y"}),
        ]

    def test_it_answers_404_to_outsiders_on_every_endpoint(self) -> None:
        for method, url, body in self.endpoints():
            with self.subTest(method=method, url=url):
                response = self.call(method, url, self.outsider, body)
                self.assertEqual(response.status_code, 404, response.content)
                self.assertEqual(response.json(), {"detail": "Not found."})
        self.assertEqual(Thread.objects.count(), 1)
        self.assertEqual(Post.objects.filter(author=self.outsider).count(), 0)
        self.assertEqual(Report.objects.count(), 1)

    def test_it_answers_403_to_members_without_the_role(self) -> None:
        c, t, p, r = self.community.pk, self.thread.pk, self.reply.pk, self.report.pk
        for method, url, body in [
            ("patch", f"/api/v1/posts/{p}", {"body": "y"}),
            ("get", f"/api/v1/posts/{p}/revisions", None),
            ("put", f"/api/v1/threads/{t}/accepted-answer", {"post_id": p}),
            ("get", f"/api/v1/communities/{c}/reports", None),
            ("patch", f"/api/v1/reports/{r}", {"status": "dismissed"}),
            ("post", f"/api/v1/posts/{p}/moderation", {"action": "hide", "reason": "x"}),
            ("put", f"/api/v1/communities/{c}/guidelines", {"body": "Be kind"}),
            ("get", f"/api/v1/communities/{c}/unanswered", None),
        ]:
            with self.subTest(method=method, url=url):
                response = self.call(method, url, self.lay, body)
                self.assertEqual(response.status_code, 403, response.content)
                self.assertIn("detail", response.json())
        self.reply.refresh_from_db()
        self.assertEqual(self.reply.state, PostState.VISIBLE)

    def test_it_runs_a_conversation(self) -> None:
        c = self.community.pk
        created = self.ok(
            "post", f"/api/v1/communities/{c}/threads", self.lay,
            {"kind": "discussion", "title": "Plain words", "body": "Hello @Mina Member, <script>x</script>"},
            status=201,
        )  # fmt: skip
        self.assertEqual(created["opening_post"]["mentions"][0]["display_name"], "Mina Member")
        self.assertNotIn("<script>", created["opening_post"]["body_html"])
        t = created["id"]
        reply = self.ok("post", f"/api/v1/threads/{t}/posts", self.core, {"body": "Agreed."}, status=201)
        nested = self.ok(
            "post", f"/api/v1/threads/{t}/posts", self.lay, {"body": "Thanks", "reply_to_id": reply["id"]}, status=201
        )
        self.assertEqual(nested["reply_to_id"], reply["id"])
        listed = self.ok("get", f"/api/v1/threads/{t}/posts", self.member)
        self.assertEqual(listed["count"], 3)
        detail = self.ok("get", f"/api/v1/threads/{t}", self.member)
        self.assertEqual(detail["reply_count"], 2)
        self.assertIsNotNone(detail["first_response_seconds"])
        threads = self.ok("get", f"/api/v1/communities/{c}/threads?kind=discussion", self.member)
        self.assertEqual([item["title"] for item in threads["items"]], ["Plain words"])
        edited = self.ok("patch", f"/api/v1/posts/{reply['id']}", self.core, {"body": "Agreed, mostly."})
        self.assertIsNotNone(edited["edited_at"])
        revisions = self.ok("get", f"/api/v1/posts/{reply['id']}/revisions", self.convenor)
        self.assertEqual(revisions["items"][0]["body"], "Agreed.")
        self.assertEqual(
            self.call("patch", f"/api/v1/posts/{reply['id']}", self.core, {"body": "x", "title": "T"}).status_code, 422
        )

    def test_it_accepts_answers_and_lists_unanswered_questions(self) -> None:
        lonely = make_thread(self.community, self.lay, title="Anyone?", kind="question")
        unanswered = self.ok("get", f"/api/v1/communities/{self.community.pk}/unanswered", self.convenor)
        self.assertEqual([item["id"] for item in unanswered["items"]], [lonely.pk])
        url = f"/api/v1/threads/{self.thread.pk}/accepted-answer"
        self.assertEqual(
            self.ok("put", url, self.member, {"post_id": self.reply.pk})["accepted_answer_id"], self.reply.pk
        )
        response = self.call("put", url, self.member, {"post_id": opening(self.thread).pk})
        self.assertEqual(response.status_code, 409)
        self.assertIsNone(self.ok("put", url, self.convenor, {"post_id": None})["accepted_answer_id"])

    def test_it_moderates_and_shows_the_reason_only_to_author_and_convenors(self) -> None:
        queue = self.ok("get", f"/api/v1/communities/{self.community.pk}/reports", self.convenor)
        self.assertEqual(queue["items"][0]["reporter"]["display_name"], "Lee Lay")
        url = f"/api/v1/posts/{self.reply.pk}/moderation"
        self.assertEqual(self.call("post", url, self.convenor, {"action": "hide"}).status_code, 422)
        hidden = self.ok("post", url, self.convenor, {"action": "hide", "reason": "Names a patient."})
        self.assertEqual(hidden["state"], "hidden")
        self.assertEqual(self.call("post", url, self.convenor, {"action": "hide", "reason": "Again"}).status_code, 409)
        self.assertEqual(self.call("get", f"/api/v1/threads/{self.thread.pk}/posts", self.lay).json()["count"], 1)
        own = self.ok("get", f"/api/v1/threads/{self.thread.pk}/posts", self.core)["items"]
        self.assertEqual(own[1]["moderation_reason"], "Names a patient.")
        self.assertEqual(self.ok("get", f"/api/v1/communities/{self.community.pk}/reports", self.convenor)["count"], 0)
        report = self.ok(
            "post", f"/api/v1/posts/{opening(self.thread).pk}/reports", self.lay, {"reason": "unsafe"}, 201
        )
        self.assertIsNone(report["reporter"])
        dismissed = self.ok("patch", f"/api/v1/reports/{report['id']}", self.convenor, {"status": "dismissed"})
        self.assertEqual(dismissed["status"], "dismissed")

    def test_it_searches_and_previews(self) -> None:
        found = self.ok("get", f"/api/v1/communities/{self.community.pk}/search?q=plain+english", self.lay)
        self.assertEqual([hit["post"]["id"] for hit in found["items"]], [self.reply.pk])
        self.assertEqual(found["count"], 1)
        self.assertEqual(self.call("get", f"/api/v1/communities/{self.community.pk}/search", self.lay).status_code, 422)
        preview = self.ok(
            "post", f"/api/v1/communities/{self.community.pk}/preview", self.lay,
            {"body": "Call 07700 900123 or email jo@example.org about @Colin Core"},
        )  # fmt: skip
        self.assertEqual([flag["kind"] for flag in preview["flags"]], ["phone", "email"])
        self.assertIn('href="/people/', preview["body_html"])

    def test_it_attaches_and_serves_files(self) -> None:
        url = f"/api/v1/posts/{self.reply.pk}/attachments"
        response = self.call("post", url, self.core, data={"file": SimpleUploadedFile("a.pdf", PDF)})
        self.assertEqual(response.status_code, 201, response.content)
        attachment = response.json()
        refused = self.call("post", url, self.core, data={"file": SimpleUploadedFile("a.html", b"<script>")})
        self.assertEqual(refused.status_code, 409)
        self.assertIn("not a kind of file", refused.json()["detail"])
        self.assertEqual(
            self.call("post", url, self.lay, data={"file": SimpleUploadedFile("a.pdf", PDF)}).status_code, 403
        )
        download = self.call("get", f"/api/v1/attachments/{attachment['id']}", self.lay)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertEqual(self.call("get", f"/api/v1/attachments/{attachment['id']}", self.outsider).status_code, 404)

    def test_it_watches_notifies_and_sets_digests(self) -> None:
        self.assertEqual(self.ok("get", f"/api/v1/threads/{self.thread.pk}/watch", self.lay)["level"], "replies")
        self.ok("put", f"/api/v1/threads/{self.thread.pk}/watch", self.lay, {"level": "all"})
        self.assertEqual(
            self.call("put", f"/api/v1/threads/{self.thread.pk}/watch", self.lay, {"level": "loud"}).status_code, 422
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.ok("post", f"/api/v1/threads/{self.thread.pk}/posts", self.core, {"body": "More"}, status=201)
        notes = self.ok("get", "/api/v1/me/notifications?unread=true", self.lay)
        self.assertEqual(notes["unread"], 1)
        self.assertTrue(notes["items"][0]["url"].startswith("http"))
        self.assertEqual(self.ok("post", "/api/v1/me/notifications/read", self.lay, {})["marked"], 1)
        self.assertFalse(Notification.objects.filter(recipient=self.lay, read_at__isnull=True).exists())
        self.assertEqual(self.ok("get", "/api/v1/me/digest", self.lay)["frequency"], "weekly")
        self.assertEqual(self.ok("put", "/api/v1/me/digest", self.lay, {"frequency": "daily"})["frequency"], "daily")
        self.assertEqual(Reader.objects.get(person=self.lay).digest_frequency, "daily")

    def test_it_refuses_hostile_input_as_json(self) -> None:
        c = self.community.pk
        for body in [
            {"title": "", "body": "x"},
            {"title": "x", "body": ""},
            {"title": "x\x00", "body": "y"},
            {"title": "x", "body": "\ud800"},
            {"title": "x" * 201, "body": "y"},
            {"title": "x", "body": "y" * 20_001},
            {"title": "x", "body": "y", "kind": "poll"},
            {"title": "x", "body": "y", "author": 1},
            [],
        ]:
            with self.subTest(body=str(body)[:40]):
                response = self.call("post", f"/api/v1/communities/{c}/threads", self.member, body)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn("detail", response.json())
        for url in [f"/api/v1/threads/{2**63}", f"/api/v1/threads/{10**30}/posts", "/api/v1/posts/0/revisions"]:
            with self.subTest(url=url):
                self.assertIn(self.call("get", url, self.member).status_code, (404, 422))
        self.assertEqual(Thread.objects.count(), 1)
