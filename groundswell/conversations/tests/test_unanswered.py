"""Questions waiting for an answer, for convenors, with the median time to a first response."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from groundswell.conversations.tests.builders import make_reply, make_thread
from groundswell.testing import BaseTestCase


class UnansweredTestCase(BaseTestCase):
    def test_it_lists_questions_nobody_else_has_replied_to_oldest_first(self) -> None:
        now = timezone.now()
        with time_machine.travel(now - datetime.timedelta(days=3), tick=False):
            oldest = make_thread(self.community, self.lay, title="Oldest question", kind="question")
            answered = make_thread(self.community, self.member, title="Answered question", kind="question")
        with time_machine.travel(now - datetime.timedelta(days=3, hours=-6), tick=False):
            make_reply(answered, self.core)
            make_reply(oldest, self.lay, body="Bumping my own question")
        with time_machine.travel(now - datetime.timedelta(days=1), tick=False):
            make_thread(self.community, self.core, title="Newer question", kind="question")
            make_thread(self.community, self.core, title="A discussion, not a question")
        self.client.force_login(self.convenor)
        page = self.client.get(f"/communities/{self.community.slug}/conversations/unanswered/")
        content = page.content.decode()
        self.assertLess(content.index("Oldest question"), content.index("Newer question"))
        self.assertNotIn("Answered question", content)
        self.assertNotIn("A discussion, not a question", content)
        self.assertContains(page, "1 conversation had a first reply, after 6 hours")
        with self.assertNumQueries(8):
            self.client.get(f"/communities/{self.community.slug}/conversations/unanswered/")
