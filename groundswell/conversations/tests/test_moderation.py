"""Reporting posts, the moderation queue (safeguarding first), hiding, removing and restoring
with a reason shown to the author, and guidelines."""

from __future__ import annotations

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Privacy
from groundswell.conversations import actions
from groundswell.conversations.models import Guidelines, PostState, Report, ReportStatus
from groundswell.conversations.tests.builders import make_reply, make_thread, opening
from groundswell.testing import BaseTestCase, make_community


class ModerationTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.thread = make_thread(self.community, self.member, title="Waiting times")
        self.reply = make_reply(self.thread, self.core, body="The patient in bed 4 is John Smith.")

    def test_it_takes_reports_and_tells_the_convenors(self) -> None:
        self.client.force_login(self.lay)
        response = self.client.post(
            f"/posts/{self.reply.pk}/report/", {"reason": "personal_information", "details": "<b>names</b>"}
        )
        self.assertRedirects(response, f"/threads/{self.thread.pk}/")
        report = Report.objects.get()
        self.assertEqual(report.reporter, self.lay)
        self.assertEqual(self.convenor.notifications.filter(verb="reported_post").count(), 1)
        # Who reported stays with the convenors: not in the community's activity stream.
        self.assertFalse(Activity.objects.filter(verb="reported_post", community_id__isnull=False).exists())
        again = self.client.post(f"/posts/{self.reply.pk}/report/", {"reason": "abusive"})
        self.assertContains(again, "You have already reported this post")
        self.assertContains(
            self.client.post(f"/posts/{self.reply.pk}/report/", {"reason": "nonsense"}), "There is a problem"
        )

    def test_it_puts_safeguarding_reports_first(self) -> None:
        actions.report_post(self.reply, by=self.lay, reason="spam")
        other = make_reply(self.thread, self.lay, body="I cannot go on any more.")
        actions.report_post(other, by=self.core, reason="unsafe", details="Please check on Lee")
        self.client.force_login(self.convenor)
        page = self.client.get(f"/communities/{self.community.slug}/conversations/moderation/")
        content = page.content.decode()
        self.assertLess(content.index("Safeguarding"), content.index("It is spam"))
        self.assertContains(page, "Please check on Lee")
        self.assertContains(page, "Reported by Colin Core")

    def test_it_hides_a_post_with_a_reason_the_author_sees(self) -> None:
        actions.report_post(self.reply, by=self.lay, reason="personal_information")
        self.client.force_login(self.convenor)
        url = f"/posts/{self.reply.pk}/moderate/"
        self.assertContains(self.client.post(url, {"decision": "hide", "reason": ""}), "Give a reason")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"decision": "hide", "reason": "It names a patient."})
        self.reply.refresh_from_db()
        self.assertEqual(self.reply.state, PostState.HIDDEN)
        self.assertEqual(Report.objects.get().status, ReportStatus.ACTIONED)
        self.thread.refresh_from_db()
        self.assertEqual(self.thread.reply_count, 0)
        # Other members no longer see it.
        self.client.force_login(self.lay)
        self.assertNotContains(self.client.get(f"/threads/{self.thread.pk}/"), "John Smith")
        self.assertEqual(self.client.get(f"/posts/{self.reply.pk}/report/").status_code, 404)
        # Its author sees it, with the reason, and is told.
        self.client.force_login(self.core)
        page = self.client.get(f"/threads/{self.thread.pk}/")
        self.assertContains(page, "John Smith")
        self.assertContains(page, "It names a patient.")
        self.assertEqual(self.core.notifications.filter(verb="hid_post").count(), 1)
        # Restored, everyone sees it again.
        actions.moderate_post(self.reply, by=self.convenor, decision="restore")
        self.client.force_login(self.lay)
        self.assertContains(self.client.get(f"/threads/{self.thread.pk}/"), "John Smith")

    def test_it_removes_a_whole_thread_with_its_opening_post(self) -> None:
        actions.moderate_post(opening(self.thread), by=self.convenor, decision="remove", reason="Advertising.")
        self.client.force_login(self.lay)
        self.assertEqual(self.client.get(f"/threads/{self.thread.pk}/").status_code, 404)
        self.assertNotContains(self.client.get(f"/communities/{self.community.slug}/conversations/"), "Waiting times")
        self.client.force_login(self.member)
        self.assertContains(self.client.get(f"/threads/{self.thread.pk}/"), "Advertising.")
        self.client.force_login(self.convenor)
        self.assertContains(self.client.get(f"/threads/{self.thread.pk}/"), "Removed by a convenor")

    def test_it_withdraws_an_accepted_answer_that_is_hidden(self) -> None:
        question = make_thread(self.community, self.member, title="Q", kind="question")
        answer = make_reply(question, self.core)
        actions.accept_answer(question, by=self.member, post=answer)
        actions.moderate_post(answer, by=self.convenor, decision="hide", reason="Check")
        question.refresh_from_db()
        self.assertIsNone(question.accepted_answer_id)

    def test_it_dismisses_a_report(self) -> None:
        report = actions.report_post(self.reply, by=self.lay, reason="other")
        self.client.force_login(self.core)
        self.assertEqual(self.client.post(f"/reports/{report.pk}/dismiss/").status_code, 403)
        self.client.force_login(self.convenor)
        self.client.post(f"/reports/{report.pk}/dismiss/", {"note": "Fine as it is."})
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DISMISSED)
        self.assertEqual(report.resolution_note, "Fine as it is.")

    def test_it_keeps_moderation_to_convenors(self) -> None:
        report = actions.report_post(self.reply, by=self.lay, reason="other")
        slug = self.community.slug
        convenor_pages = [
            f"/communities/{slug}/conversations/moderation/",
            f"/communities/{slug}/conversations/unanswered/",
            f"/communities/{slug}/conversations/guidelines/edit/",
            f"/posts/{self.reply.pk}/moderate/",
        ]
        self.client.force_login(self.core)
        for url in convenor_pages:
            with self.subTest(url=url, who="member"):
                self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(
            self.client.post(f"/posts/{self.reply.pk}/moderate/", {"decision": "hide", "reason": "x"}).status_code, 403
        )
        self.client.force_login(self.outsider)
        for url in [*convenor_pages, f"/reports/{report.pk}/dismiss/"]:
            with self.subTest(url=url, who="outsider"):
                self.assertEqual(
                    self.client.get(url).status_code if "dismiss" not in url else self.client.post(url).status_code, 404
                )
        self.reply.refresh_from_db()
        self.assertEqual(self.reply.state, PostState.VISIBLE)

    def test_it_lets_convenors_write_guidelines(self) -> None:
        self.client.force_login(self.convenor)
        url = f"/communities/{self.community.slug}/conversations/guidelines/edit/"
        self.assertContains(self.client.post(url, {"body": ""}), "There is a problem")
        self.client.post(url, {"body": "Be **kind**. <script>alert(1)</script>"})
        guidelines = Guidelines.objects.get(community=self.community)
        self.assertNotIn("<script>", guidelines.body_html)
        self.client.force_login(self.lay)
        page = self.client.get(f"/communities/{self.community.slug}/conversations/guidelines/")
        self.assertContains(page, "<strong>kind</strong>", html=True)
        self.assertContains(page, "Samaritans")

    def test_it_shows_crisis_signposting_and_the_personal_information_warning(self) -> None:
        self.client.force_login(self.member)
        for url in [
            f"/communities/{self.community.slug}/conversations/",
            f"/threads/{self.thread.pk}/",
            f"/communities/{self.community.slug}/conversations/new/",
        ]:
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertContains(page, "not watched around the clock")
                self.assertContains(page, "116 123")
                self.assertContains(page, "NHS 111")
        self.assertContains(
            self.client.get(f"/communities/{self.community.slug}/conversations/new/"),
            "Do not post personal information about patients",
        )

    def test_it_lets_anyone_signed_in_report_in_an_open_community(self) -> None:
        open_community = make_community(self.convenor, name="Open Cafe", privacy=Privacy.OPEN)
        thread = make_thread(open_community, self.convenor, title="Hello")
        self.client.force_login(self.outsider)
        self.client.post(f"/posts/{opening(thread).pk}/report/", {"reason": "spam"})
        self.assertEqual(Report.objects.filter(community=open_community).count(), 1)
