"""Insights captured from a conversation's posts and from stories, within their rules."""

from __future__ import annotations

from groundswell.consultations.models import Insight, Source
from groundswell.consultations.tests.builders import ConsultationTestCase, make_ask
from groundswell.consultations.tests.test_centre_role import bearer
from groundswell.conversations.tests.builders import make_reply, make_thread
from groundswell.stories import actions as story_actions
from groundswell.stories.models import Naming, Use
from groundswell.stories.tests.builders import make_story
from groundswell.testing import PASSWORD


class CapturePostTestCase(ConsultationTestCase):
    def setUp(self) -> None:
        self.ask = make_ask(self.centre, [self.community])
        self.thread = make_thread(self.community, self.core, title="Two-week waits")
        self.reply = make_reply(self.thread, self.lay, body="Our scans wait three weeks in winter.")

    def test_it_turns_a_post_into_an_insight_with_its_author(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        page = self.client.get(self.thread.get_absolute_url())
        self.assertContains(page, "Send to the centre as an insight")
        response = self.client.post("/insights/from-post/", {"item": self.reply.pk, "ask": self.ask.pk})
        self.assertRedirects(response, self.thread.get_absolute_url(), fetch_redirect_response=False)
        insight = Insight.objects.get()
        self.assertEqual(
            (insight.source, insight.post, insight.author, insight.ask), (Source.POST, self.reply, self.lay, self.ask)
        )
        self.assertIn("three weeks", insight.text)

    def test_it_refuses_members_without_the_role_and_outsiders(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertNotContains(self.client.get(self.thread.get_absolute_url()), "Send to the centre as an insight")
        self.assertEqual(self.client.post("/insights/from-post/", {"item": self.reply.pk}).status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.post("/insights/from-post/", {"item": self.reply.pk}).status_code, 404)
        self.assertFalse(Insight.objects.exists())

    def test_it_captures_through_the_api(self) -> None:
        url = f"/api/v1/consultations/{self.ask.pk}/insights"
        response = self.client.post(
            url, data={"post_id": self.reply.pk}, content_type="application/json", headers=bearer(self.convenor)
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["post_id"], self.reply.pk)
        refused = self.client.post(
            url, data={"post_id": self.reply.pk}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(refused.status_code, 403)


class CaptureStoryTestCase(ConsultationTestCase):
    def setUp(self) -> None:
        self.ask = make_ask(self.centre, [self.community])

    def capture(self, story_id: int) -> object:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        return self.client.post("/insights/from-story/", {"item": story_id, "ask": self.ask.pk}, follow=True)

    def test_it_needs_the_tellers_consent_for_reports_to_the_centre(self) -> None:
        private = make_story(self.community, self.lay, title="Only for us", uses=(Use.COMMUNITY,))
        self.assertContains(self.capture(private.pk), "has not agreed")  # type: ignore[arg-type]
        self.assertFalse(Insight.objects.exists())
        named = make_story(self.community, self.lay, title="For the centre", uses=(Use.SPONSOR_REPORTS,))
        self.capture(named.pk)
        insight = Insight.objects.get()
        self.assertEqual(
            (insight.source, insight.story, insight.author, insight.anonymous), (Source.STORY, named, self.lay, False)
        )

    def test_it_names_nobody_for_an_anonymous_story_and_never_takes_a_withdrawn_one(self) -> None:
        anonymous = make_story(
            self.community, self.lay, title="Unnamed", uses=(Use.SPONSOR_REPORTS,), naming=Naming.ANONYMOUS
        )
        self.capture(anonymous.pk)
        insight = Insight.objects.get()
        self.assertEqual((insight.author, insight.anonymous), (None, True))
        gone = make_story(self.community, self.core, title="Taken back", uses=(Use.SPONSOR_REPORTS,))
        story_actions.withdraw_story(gone, by=self.core)
        self.assertEqual(self.capture(gone.pk).status_code, 404)  # type: ignore[attr-defined]
        self.assertEqual(Insight.objects.count(), 1)
