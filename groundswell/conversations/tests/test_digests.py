"""Digest emails: daily or weekly, only to people who have not been back, only what they may
see, with a one-click unsubscribe that needs no sign-in."""

from __future__ import annotations

import datetime
import io

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from groundswell.communities import actions as community_actions
from groundswell.communities.models import Membership, Privacy
from groundswell.conversations import actions, digests
from groundswell.conversations.models import Reader, WatchLevel
from groundswell.conversations.tests.builders import make_reply, make_thread
from groundswell.testing import BaseTestCase, make_community, make_person

START = datetime.datetime(2030, 3, 4, 7, 0, tzinfo=datetime.UTC)


class DigestTestCase(BaseTestCase):
    def setUp(self) -> None:
        with time_machine.travel(START - datetime.timedelta(days=10), tick=False):
            # Everyone was last here ten days ago and has had no digest yet.
            for person in (self.convenor, self.core, self.member, self.lay, self.outsider):
                actions.record_visit(person)
            self.old = make_thread(self.community, self.convenor, title="Older conversation")
        with time_machine.travel(START - datetime.timedelta(days=2), tick=False):
            self.question = make_thread(self.community, self.core, title="Who has a lung clinic?", kind="question")
            make_reply(self.old, self.core, body="A new reply to the older conversation")
            make_reply(self.old, self.lay, body="And another")

    def send(self, now: datetime.datetime = START) -> int:
        mail.outbox.clear()
        with time_machine.travel(now, tick=False), self.captureOnCommitCallbacks(execute=True):
            return actions.queue_due_digests()

    def digest_for(self, person) -> mail.EmailMessage | None:
        return next((m for m in mail.outbox if m.to == [person.email]), None)

    def test_it_sends_what_is_new_to_members_who_have_not_been_back(self) -> None:
        self.send()
        message = self.digest_for(self.member)
        assert message is not None
        self.assertIn("Who has a lung clinic?", message.body)
        self.assertIn("Older conversation", message.body)
        self.assertIn("2 new replies", message.body)
        self.assertIn("116 123", message.body)
        html = message.alternatives[0][0]  # type: ignore[attr-defined]
        self.assertIn("Who has a lung clinic?", html)
        self.assertEqual(message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertRegex(message.extra_headers["List-Unsubscribe"], r"^<http.*/digests/unsubscribe/[^/]+/>$")

    def test_it_leaves_out_what_the_reader_wrote(self) -> None:
        self.send()
        message = self.digest_for(self.core)
        assert message is not None
        self.assertNotIn("Who has a lung clinic?", message.body)

    def test_it_never_sends_outsiders_anything_from_a_private_community(self) -> None:
        self.send()
        self.assertIsNone(self.digest_for(self.outsider))

    def test_it_forgets_a_private_community_once_someone_has_left(self) -> None:
        open_community = make_community(self.convenor, name="Open Cafe", privacy=Privacy.OPEN)
        community_actions.join_community(open_community, person=self.lay)
        with time_machine.travel(START - datetime.timedelta(days=1), tick=False):
            make_thread(open_community, self.convenor, title="Open news")
        community_actions.leave_community(Membership.objects.get(community=self.community, person=self.lay))
        self.send()
        message = self.digest_for(self.lay)
        assert message is not None
        self.assertIn("Open news", message.body)
        self.assertNotIn("Who has a lung clinic?", message.body)
        self.assertNotIn("Older conversation", message.body)

    def test_it_skips_people_who_have_visited_since(self) -> None:
        with time_machine.travel(START - datetime.timedelta(hours=5), tick=False):
            actions.record_visit(self.member)
        self.send()
        self.assertIsNone(self.digest_for(self.member))
        self.assertIsNotNone(self.digest_for(self.lay))

    def test_it_sends_each_digest_once_and_then_waits_a_period(self) -> None:
        self.assertGreater(self.send(), 0)
        self.assertEqual(self.send(START + datetime.timedelta(hours=2)), 0)
        self.assertEqual(mail.outbox, [])
        # A week later there is nothing new, so nothing is sent though a digest is due.
        self.assertGreater(self.send(START + datetime.timedelta(days=7)), 0)
        self.assertEqual(mail.outbox, [])

    def test_it_follows_each_person_s_frequency(self) -> None:
        actions.set_digest_frequency(self.member, frequency="daily")
        actions.set_digest_frequency(self.lay, frequency="never")
        self.send()
        self.assertIsNone(self.digest_for(self.lay))
        with time_machine.travel(START + datetime.timedelta(hours=12), tick=False):
            make_thread(self.community, self.convenor, title="Next morning's news")
        self.send(START + datetime.timedelta(days=1))
        message = self.digest_for(self.member)
        assert message is not None
        self.assertIn("Next morning's news", message.body)
        self.assertNotIn("Who has a lung clinic?", message.body)
        # Weekly readers wait for their week.
        self.assertIsNone(self.digest_for(self.core))

    def test_it_leaves_out_communities_the_reader_silenced(self) -> None:
        actions.set_watch(self.member, community=self.community, level=WatchLevel.NONE)
        self.send()
        self.assertIsNone(self.digest_for(self.member))

    def test_it_leaves_out_hidden_posts(self) -> None:
        thread = self.question
        actions.moderate_post(thread.posts.get(is_opening=True), by=self.convenor, decision="hide", reason="Check")
        self.send()
        message = self.digest_for(self.member)
        assert message is not None
        self.assertNotIn("Who has a lung clinic?", message.body)

    def test_it_runs_from_the_management_command(self) -> None:
        out = io.StringIO()
        mail.outbox.clear()
        with time_machine.travel(START, tick=False), self.captureOnCommitCallbacks(execute=True):
            call_command("send_digests", stdout=out)
        self.assertIn("Digests queued for", out.getvalue())
        self.assertIsNotNone(self.digest_for(self.member))

    def test_it_takes_sections_from_every_source(self) -> None:
        def stories(window: digests.Window) -> digests.Section:
            return digests.Section("New stories", [digests.Item("A story", "https://x.example/s", "Somewhere")])

        with time_machine.travel(START, tick=False):
            digest = digests.build(
                self.member,
                since=START - datetime.timedelta(days=7),
                until=START,
                sources=[*digests.SOURCES, stories],
            )
        assert digest is not None
        self.assertEqual(
            [section.heading for section in digest.sections],
            ["New questions: can you help?", "Conversations with new replies", "New stories"],
        )

    def test_it_sends_new_stories_with_consent_and_never_withdrawn_ones(self) -> None:
        # Stories reach a digest only as their tellers' consent allows (the stories app's rule).
        from groundswell.stories import actions as story_actions
        from groundswell.stories.tests.builders import make_story

        with time_machine.travel(START - datetime.timedelta(days=1), tick=False):
            make_story(self.community, self.lay, title="The night the ward listened")
            gone = make_story(self.community, self.core, title="A story taken back")
            story_actions.withdraw_story(gone, by=self.core)
        self.send()
        message = self.digest_for(self.member)
        assert message is not None
        self.assertIn("The night the ward listened", message.body)
        self.assertNotIn("A story taken back", message.body)
        self.assertNotIn("Lee", message.body.split("New stories", 1)[1])
        self.assertIsNone(
            next(
                (m for m in mail.outbox if "The night the ward listened" in m.body and m.to == [self.outsider.email]),
                None,
            )
        )


class UnsubscribeTestCase(BaseTestCase):
    def test_it_unsubscribes_from_the_link_without_signing_in(self) -> None:
        token = actions.unsubscribe_token(self.member)
        url = f"/digests/unsubscribe/{token}/"
        page = self.client.get(url)
        self.assertContains(page, "Stop my digest emails")
        self.assertFalse(Reader.objects.filter(person=self.member, digest_frequency="never").exists())
        done = self.client.post(url)
        self.assertContains(done, "You will get no more digest emails")
        self.assertEqual(Reader.objects.get(person=self.member).digest_frequency, "never")

    def test_it_accepts_the_one_click_post_from_mail_apps(self) -> None:
        """RFC 8058: the mail app POSTs List-Unsubscribe=One-Click with no CSRF token."""
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        token = actions.unsubscribe_token(self.lay)
        response = client.post(f"/digests/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Reader.objects.get(person=self.lay).digest_frequency, "never")

    def test_it_refuses_a_forged_or_altered_link(self) -> None:
        token = actions.unsubscribe_token(self.member)
        for bad in ["nonsense", token[:-2] + "xx", actions.unsubscribe_token(self.member).replace(":", ";")]:
            with self.subTest(token=bad):
                self.assertEqual(self.client.post(f"/digests/unsubscribe/{bad}/").status_code, 404)
        self.assertFalse(Reader.objects.filter(digest_frequency="never").exists())

    def test_it_lets_people_choose_again_when_signed_in(self) -> None:
        actions.unsubscribe(self.member)
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/me/digests/"), "Cancer Leads Network")
        self.client.post("/me/digests/", {"frequency": "daily"})
        self.assertEqual(Reader.objects.get(person=self.member).digest_frequency, "daily")
        self.assertContains(self.client.post("/me/digests/", {"frequency": "hourly"}), "There is a problem")

    def test_it_ignores_erased_people(self) -> None:
        from groundswell.people import actions as people_actions

        person = make_person("gone@example.org")
        token = actions.unsubscribe_token(person)
        people_actions.erase_person(person, by=person)
        self.assertEqual(self.client.get(f"/digests/unsubscribe/{token}/").status_code, 404)


class LastSeenTestCase(BaseTestCase):
    def test_it_records_a_visit_at_sign_in_and_then_at_most_every_fifteen_minutes(self) -> None:
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.client.force_login(self.member)
        self.assertEqual(Reader.objects.get(person=self.member).last_seen_at, start)
        with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
            self.client.get("/")
        self.assertEqual(Reader.objects.get(person=self.member).last_seen_at, start)
        later = start + datetime.timedelta(minutes=16)
        with time_machine.travel(later, tick=False):
            self.client.get("/")
        self.assertEqual(Reader.objects.get(person=self.member).last_seen_at, later)

    def test_it_costs_no_query_between_writes(self) -> None:
        self.client.force_login(self.member)
        self.client.get("/communities/")
        with self.assertNumQueries(6):
            self.client.get("/communities/")
