"""``manage.py seed_demo`` loads a few hundred conversations the demo logins can read and act on."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase
from django.utils import timezone

from groundswell.chronicle.models import Notification
from groundswell.conversations import search
from groundswell.conversations.models import Post, PostState, Report, ReportStatus, Thread
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.people.models import Person


class SeedConversationsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", stdout=StringIO())

    def sign_in(self, key: str) -> Person:
        email = next(p.email for p in PERSONAS if p.key == key)
        self.assertTrue(self.client.login(email=email, password=DEMO_PASSWORD))
        return Person.objects.get(email=email)

    def test_it_loads_lively_and_quiet_communities(self) -> None:
        self.assertGreaterEqual(Thread.objects.count(), 200)
        per_community = dict(Thread.objects.values_list("community__slug").annotate(n=Count("id")))
        self.assertGreater(per_community["gp-cancer-community"], 40)
        self.assertGreater(per_community["national-cancer-leads-network"], 40)
        self.assertLessEqual(per_community["acute-oncology-nurses-forum"], 3)
        dormant_last = Thread.objects.filter(community__slug="acute-oncology-nurses-forum").latest("last_posted_at")
        self.assertLess(dormant_last.last_posted_at, timezone.now() - datetime.timedelta(days=100))
        self.assertGreater(Thread.objects.unanswered().count(), 10)
        self.assertTrue(Thread.objects.filter(accepted_answer__isnull=False).exists())
        # Replies are written, and varied.
        replies = Post.objects.filter(is_opening=False)
        self.assertGreater(replies.values("body").distinct().count(), 60)

    def test_it_keeps_thread_counts_and_first_responses_right(self) -> None:
        for thread in Thread.objects.all():
            visible = thread.posts.filter(is_opening=False, state=PostState.VISIBLE).count()
            self.assertEqual(thread.reply_count, visible, thread.title)
            other = thread.posts.filter(is_opening=False).exclude(author_id=thread.author_id).order_by("created_at")
            first = other.values_list("created_at", flat=True).first()
            self.assertEqual(thread.first_response_at, first, thread.title)

    def test_it_leaves_moderation_waiting_for_the_convenor(self) -> None:
        self.sign_in("convenor")
        page = self.client.get("/communities/national-cancer-leads-network/conversations/moderation/")
        content = page.content.decode()
        self.assertIn("Safeguarding", content)
        self.assertLess(content.index("Someone may be unsafe"), content.index("Something else"))
        self.assertEqual(Report.objects.filter(status=ReportStatus.OPEN).count(), 2)
        self.assertEqual(Post.objects.filter(state=PostState.HIDDEN).count(), 1)
        self.assertTrue(Notification.objects.filter(recipient__email="amara.okafor@example.org", read_at=None).exists())

    def test_it_has_digests_ready_to_send(self) -> None:
        from groundswell.conversations import actions

        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            queued = actions.queue_due_digests()
        self.assertGreater(queued, 100)
        self.assertGreater(len(mail.outbox), 50)

    def test_it_lets_the_personas_read_and_search(self) -> None:
        self.sign_in("core")
        page = self.client.get("/communities/gp-cancer-community/conversations/")
        self.assertContains(page, "Safety-netting after a normal FIT")
        self.assertContains(self.client.get("/"), "Notifications <span")
        community = Thread.objects.get(title__startswith="Safety-netting after a normal FIT").community
        self.assertTrue(search.search(community, "safety-netting template", limit=5))
