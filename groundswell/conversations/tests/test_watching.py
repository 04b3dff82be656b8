"""Watching threads and communities, @mentions, and in-app notifications with the header count."""

from __future__ import annotations

from groundswell.chronicle import actions as chronicle
from groundswell.chronicle.models import Notification
from groundswell.communities import actions as community_actions
from groundswell.communities.models import Membership
from groundswell.conversations import actions
from groundswell.conversations.models import WatchLevel
from groundswell.conversations.tests.builders import make_reply, make_thread, opening
from groundswell.testing import BaseTestCase


class NotifyTestCase(BaseTestCase):
    def setUp(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.thread = make_thread(self.community, self.member, title="Letters to patients")

    def notified(self, person, verb: str | None = None) -> list[str]:
        qs = Notification.objects.filter(recipient=person)
        if verb:
            qs = qs.filter(verb=verb)
        return list(qs.values_list("text", flat=True))

    def test_it_tells_the_author_about_replies_by_default(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.thread, self.core)
        self.assertEqual(self.notified(self.member), ["Colin Core replied to you in “Letters to patients”"])
        self.assertEqual(self.notified(self.lay), [])
        self.assertEqual(self.notified(self.core), [])

    def test_it_tells_the_author_of_the_post_replied_to(self) -> None:
        first = make_reply(self.thread, self.core)
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.thread, self.lay, reply_to=first)
        self.assertEqual(
            self.notified(self.core, "replied_to_you"), ["Lee Lay replied to you in “Letters to patients”"]
        )
        self.assertEqual(self.notified(self.member, "replied_to_you"), [])

    def test_it_follows_the_levels_chosen(self) -> None:
        actions.set_watch(self.lay, community=self.community, thread=self.thread, level=WatchLevel.ALL)
        actions.set_watch(self.member, community=self.community, thread=self.thread, level=WatchLevel.NONE)
        actions.set_watch(self.convenor, community=self.community, level=WatchLevel.ALL)
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.thread, self.core)
        self.assertEqual(self.notified(self.lay), ["Colin Core posted in “Letters to patients”"])
        self.assertEqual(self.notified(self.member), [])
        self.assertEqual(self.notified(self.convenor), ["Colin Core posted in “Letters to patients”"])
        # A thread-level choice overrides the community's.
        actions.set_watch(self.convenor, community=self.community, thread=self.thread, level=WatchLevel.NONE)
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.thread, self.lay)
        self.assertEqual(len(self.notified(self.convenor)), 1)

    def test_it_tells_community_watchers_about_new_threads(self) -> None:
        actions.set_watch(self.lay, community=self.community, level=WatchLevel.ALL)
        with self.captureOnCommitCallbacks(execute=True):
            make_thread(self.community, self.core, title="New guidance on referral")
        self.assertEqual(
            self.notified(self.lay), ["Colin Core started “New guidance on referral” in Cancer Leads Network"]
        )

    def test_it_tells_mentioned_members_even_when_they_follow_nothing(self) -> None:
        actions.set_watch(self.lay, community=self.community, level=WatchLevel.NONE)
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.thread, self.core, body="What do you think, @Lee Lay? And @Otto Outsider?")
        self.assertEqual(self.notified(self.lay), ["Colin Core mentioned you in “Letters to patients”"])
        # Someone outside a private community is never mentioned into it.
        self.assertEqual(self.notified(self.outsider), [])

    def test_it_tells_only_current_members(self) -> None:
        actions.set_watch(self.lay, community=self.community, level=WatchLevel.ALL)
        community_actions.leave_community(Membership.objects.get(community=self.community, person=self.lay))
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.thread, self.core)
        self.assertEqual(self.notified(self.lay), [])

    def test_it_tells_nobody_about_a_post_hidden_before_the_task_ran(self) -> None:
        actions.set_watch(self.lay, community=self.community, level=WatchLevel.ALL)
        post = make_reply(self.thread, self.core)
        actions.moderate_post(post, by=self.convenor, decision="hide", reason="Check first.")
        self.assertEqual(actions.notify_about_post(post), 0)

    def test_it_sets_levels_from_the_pages(self) -> None:
        self.client.force_login(self.lay)
        self.client.post(f"/threads/{self.thread.pk}/watch/", {"level": "all"})
        self.assertEqual(actions.watch_level(self.lay, community=self.community, thread=self.thread), "all")
        self.client.post(f"/communities/{self.community.slug}/conversations/watch/", {"level": "none"})
        self.assertEqual(actions.watch_level(self.lay, community=self.community), "none")
        response = self.client.post(f"/threads/{self.thread.pk}/watch/", {"level": "loud"}, follow=True)
        self.assertContains(response, "Choose how closely")

    def test_it_shows_the_unread_count_and_marks_notifications_read(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            post = make_reply(self.thread, self.core)
            make_reply(self.thread, self.lay)
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/"), 'Notifications <span class="gs-count">(2')
        page = self.client.get("/me/notifications/")
        self.assertContains(page, "Colin Core replied to you")
        first = Notification.objects.filter(recipient=self.member).order_by("id").first()
        assert first is not None
        response = self.client.get(f"/me/notifications/{first.pk}/")
        self.assertRedirects(response, post.get_absolute_url(), fetch_redirect_response=False)
        self.assertContains(self.client.get("/"), "(1<span")
        self.client.post("/me/notifications/read/")
        self.assertNotContains(self.client.get("/"), "gs-count")
        # Someone else's notification is not theirs to open.
        other = chronicle.notify([self.lay.pk], verb="x", text="For Lee", url="/")
        self.assertEqual(other, 1)
        lee_notification = Notification.objects.get(recipient=self.lay)
        self.assertEqual(self.client.get(f"/me/notifications/{lee_notification.pk}/").status_code, 404)

    def test_it_never_notifies_the_writer(self) -> None:
        actions.set_watch(self.member, community=self.community, level=WatchLevel.ALL)
        with self.captureOnCommitCallbacks(execute=True):
            actions.reply(self.thread, by=self.member, body="Me again, @Mina Member", reply_to=opening(self.thread))
        self.assertEqual(self.notified(self.member), [])
