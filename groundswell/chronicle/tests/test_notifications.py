"""In-app notifications: made by chronicle.actions.notify, counted cheaply, marked read."""

from __future__ import annotations

from groundswell.chronicle import actions
from groundswell.chronicle.context_processors import UNREAD_CAP, UnreadNotifications
from groundswell.chronicle.models import Notification
from groundswell.testing import BaseTestCase


class NotificationTestCase(BaseTestCase):
    def test_it_notifies_each_recipient_once_and_never_the_actor(self) -> None:
        made = actions.notify(
            [self.member.pk, self.member.pk, self.core.pk, self.convenor.pk],
            verb="replied_to_you",
            text="Cara replied",
            url="/threads/1/",
            actor=self.convenor,
        )
        self.assertEqual(made, 2)
        self.assertEqual(
            set(Notification.objects.values_list("recipient_id", flat=True)), {self.member.pk, self.core.pk}
        )

    def test_it_marks_some_or_all_read(self) -> None:
        for text in ("one", "two", "three"):
            actions.notify([self.member.pk], verb="x", text=text, url="/")
        first = Notification.objects.for_recipient(self.member.pk).last()
        assert first is not None
        self.assertEqual(actions.mark_read(self.member, ids=[first.pk]), 1)
        self.assertEqual(Notification.objects.count_unread(self.member.pk), 2)
        # Someone else's notifications are not theirs to mark.
        self.assertEqual(actions.mark_read(self.core, ids=[first.pk]), 0)
        self.assertEqual(actions.mark_read(self.member), 2)
        self.assertEqual(Notification.objects.count_unread(self.member.pk), 0)

    def test_it_caps_the_count_shown_in_the_header(self) -> None:
        Notification.objects.bulk_create(
            Notification(recipient=self.member, verb="x", text="t", url="/") for _ in range(UNREAD_CAP + 5)
        )
        unread = UnreadNotifications(self.member.pk)
        self.assertEqual(unread.count, UNREAD_CAP)
        self.assertEqual(unread.label, "99+")
        with self.assertNumQueries(0):
            self.assertEqual(unread.count, UNREAD_CAP)
