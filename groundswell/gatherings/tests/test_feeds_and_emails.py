import datetime
import io
from typing import Any, cast

import icalendar
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities import actions as community_actions
from groundswell.communities.models import Membership, Privacy
from groundswell.gatherings import actions
from groundswell.gatherings.models import CalendarFeed, Gathering
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.testing import BaseTestCase, make_community


def parse(content: bytes | str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def events(content: bytes | str) -> dict[str, Any]:
    """The feed's events, by summary."""
    return {str(e["SUMMARY"]): e for e in parse(content).walk("VEVENT")}


class FeedTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.raw = actions.create_calendar_feed(self.member)
        self.gathering = make_gathering(self.community, self.convenor, title="Leads' day", place="Room 4, Leeds")

    def feed(self, raw: str | None = None) -> Any:
        return self.client.get(f"/calendar/{raw or self.raw}/gatherings.ics")

    def test_it_lists_the_persons_gatherings_and_parses(self) -> None:
        make_gathering(self.community, self.convenor, days_ahead=-90, title="Long ago")
        elsewhere = make_community(self.outsider, name="Elsewhere", privacy=Privacy.PRIVATE)
        make_gathering(elsewhere, self.outsider, title="Not theirs")
        open_community = make_community(self.outsider, name="Open network", privacy=Privacy.OPEN)
        open_gathering = make_gathering(open_community, self.outsider, title="Open day")
        actions.open_registration(open_gathering, by=self.outsider)
        actions.register(open_gathering, person=self.member)
        make_gathering(open_community, self.outsider, title="Open but not registered")
        recent = make_gathering(self.community, self.convenor, days_ahead=-30, title="Last month")
        response = self.feed()
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        calendar = parse(response.content)
        self.assertEqual(str(calendar["METHOD"]), "PUBLISH")
        self.assertEqual(set(events(response.content)), {"Leads' day", "Open day", "Last month"})
        self.assertTrue(recent.pk)

    def test_it_404s_for_an_unknown_or_reset_token(self) -> None:
        self.assertEqual(self.feed("not-a-token").status_code, 404)
        new = actions.reset_calendar_feed(self.member)
        self.assertEqual(self.feed().status_code, 404)
        self.assertEqual(
            self.client.get(f"/calendar/{self.raw}/communities/{self.community.slug}.ics").status_code, 404
        )
        self.assertEqual(self.feed(new).status_code, 200)
        self.assertEqual(CalendarFeed.objects.count(), 1)

    def test_it_404s_for_someone_no_longer_active(self) -> None:
        self.member.is_active = False
        self.member.save(update_fields=["is_active"])
        self.assertEqual(self.feed().status_code, 404)

    def test_it_drops_a_private_community_the_person_left(self) -> None:
        actions.open_registration(self.gathering, by=self.convenor)
        actions.register(self.gathering, person=self.member)
        self.assertIn("Leads' day", events(self.feed().content))
        community_actions.leave_community(Membership.objects.active().get(community=self.community, person=self.member))
        self.assertNotIn("Leads' day", events(self.feed().content))
        self.assertEqual(
            self.client.get(f"/calendar/{self.raw}/communities/{self.community.slug}.ics").status_code, 404
        )

    def test_it_gives_the_location_only_to_people_with_a_place(self) -> None:
        actions.open_registration(self.gathering, by=self.convenor)
        event = events(self.feed().content)["Leads' day"]
        self.assertNotIn("LOCATION", event)
        actions.register(self.gathering, person=self.member)
        event = events(self.feed().content)["Leads' day"]
        self.assertEqual(str(event["LOCATION"]), "Room 4, Leeds")

    def test_it_keeps_cancelled_gatherings_with_a_raised_sequence(self) -> None:
        before = events(self.feed().content)["Leads' day"]
        self.assertEqual(int(before["SEQUENCE"]), 0)
        actions.cancel_gathering(self.gathering, by=self.convenor, reason="Strike day")
        after = events(self.feed().content)["Leads' day"]
        self.assertEqual(str(after["STATUS"]), "CANCELLED")
        self.assertEqual(int(after["SEQUENCE"]), 1)
        self.assertEqual(str(after["UID"]), str(before["UID"]))

    def test_it_uses_a_constant_number_of_queries(self) -> None:
        # Token, gatherings, then joining details: convening, facilitating, places.
        with self.assertNumQueries(5):
            self.feed()
        for number in range(5):
            g = make_gathering(self.community, self.convenor, title=f"More {number}", days_ahead=20 + number)
            actions.open_registration(g, by=self.convenor)
            actions.register(g, person=self.member)
        with self.assertNumQueries(5):
            response = self.feed()
        self.assertEqual(len(events(response.content)), 6)

    def test_it_gives_a_community_feed_only_for_a_visible_community(self) -> None:
        other = make_gathering(make_community(self.outsider, name="Other", privacy=Privacy.OPEN), self.outsider)
        response = self.client.get(f"/calendar/{self.raw}/communities/{self.community.slug}.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(events(response.content)), {"Leads' day"})
        self.assertNotEqual(other.community_id, self.community.pk)
        outsider_raw = actions.create_calendar_feed(self.outsider)
        response = self.client.get(f"/calendar/{outsider_raw}/communities/{self.community.slug}.ics")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get(f"/calendar/{self.raw}/communities/no-such.ics").status_code, 404)


class CalendarLinksPageTestCase(BaseTestCase):
    def test_it_redirects_anonymous_people_to_sign_in(self) -> None:
        response = self.client.get("/me/calendar/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_it_shows_links_once_and_resets_them(self) -> None:
        self.client.force_login(self.member)
        response = self.client.get("/me/calendar/")
        self.assertEqual(response.status_code, 200)
        first = [link for _, link in response.context["links"]]
        self.assertEqual(len(first), 2)  # everything, and the one community
        self.assertContains(response, first[0])
        self.assertEqual(self.client.get(first[0]).status_code, 200)
        self.assertContains(self.client.get(first[1]), "BEGIN:VCALENDAR")
        again = self.client.get("/me/calendar/")
        self.assertEqual(again.context["links"], [])
        self.assertContains(again, "cannot be shown again")
        response = self.client.post("/me/calendar/", follow=True)
        self.assertEqual(response.status_code, 200)
        second = [link for _, link in response.context["links"]]
        self.assertEqual(len(second), 2)
        self.assertNotEqual(first, second)
        self.assertEqual(self.client.get(first[0]).status_code, 404)
        self.assertEqual(self.client.get(second[0]).status_code, 200)


def attachment(message: Any) -> icalendar.Calendar:
    (only,) = message.attachments
    filename, content, mimetype = only
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return parse(content)


class EmailTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, title="Leads' day", place="Room 4, Leeds")

    def test_it_emails_an_invitation_with_a_calendar_request(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            actions.invite_to_gathering(self.gathering, by=self.convenor, email="guest@example.net", name="Gita")
        (message,) = mail.outbox
        self.assertEqual(message.to, ["guest@example.net"])
        self.assertIn("Leads' day", message.subject)
        self.assertEqual(cast(EmailMultiAlternatives, message).alternatives[0][1], "text/html")
        calendar = attachment(message)
        self.assertEqual(str(calendar["METHOD"]), "REQUEST")
        (event,) = calendar.walk("VEVENT")
        self.assertEqual(str(event["SUMMARY"]), "Leads' day")
        self.assertNotIn("LOCATION", event)  # no place yet
        self.assertNotIn("Room 4", message.body)

    def test_it_emails_the_series_roster_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            actions.schedule_series(
                self.community, by=self.convenor, title="Quarterly", roster=[self.core],
                first_starts_at=timezone.now() + datetime.timedelta(days=10),
                duration=datetime.timedelta(hours=2), meetings=2,
            )  # fmt: skip
        # One invitation for the whole series, with its first meeting.
        self.assertEqual([m.to for m in mail.outbox], [[self.core.email]])
        self.assertEqual(str(attachment(mail.outbox[0])["METHOD"]), "REQUEST")

    def test_it_emails_a_cancellation(self) -> None:
        actions.open_registration(self.gathering, by=self.convenor)
        actions.register(self.gathering, person=self.member)
        actions.decline(actions.register(self.gathering, person=self.lay))
        actions.invite_to_gathering(self.gathering, by=self.convenor, email="guest@example.net")
        with self.captureOnCommitCallbacks(execute=True):
            actions.cancel_gathering(self.gathering, by=self.convenor, reason="Strike day")
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["guest@example.net", self.member.email])
        for message in mail.outbox:
            self.assertIn("Strike day", message.body)
            calendar = attachment(message)
            self.assertEqual(str(calendar["METHOD"]), "CANCEL")
            (event,) = calendar.walk("VEVENT")
            self.assertEqual(str(event["STATUS"]), "CANCELLED")
            self.assertEqual(int(str(event["SEQUENCE"])), 1)

    def test_it_sends_reminders_once(self) -> None:
        soon = make_gathering(self.community, self.convenor, title="Tomorrow's", place="Room 9")
        Gathering.objects.filter(pk=soon.pk).update(
            starts_at=timezone.now() + datetime.timedelta(hours=30),
            ends_at=timezone.now() + datetime.timedelta(hours=32),
        )
        for g in (soon, self.gathering):
            actions.open_registration(g, by=self.convenor)
            actions.register(g, person=self.member)
        actions.send_apologies(actions.register(soon, person=self.core))
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_gathering_reminders", stdout=io.StringIO())
        (message,) = mail.outbox
        self.assertEqual(message.to, [self.member.email])
        self.assertIn("Tomorrow's", message.subject)
        self.assertIn("Room 9", message.body)
        calendar = attachment(message)
        self.assertEqual(str(calendar["METHOD"]), "REQUEST")
        self.assertEqual(str(calendar.walk("VEVENT")[0]["LOCATION"]), "Room 9")
        self.assertTrue(Activity.objects.filter(verb="sent_reminder", target_id=soon.pk).exists())
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(actions.send_due_reminders(), 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_it_does_not_remind_about_cancelled_gatherings(self) -> None:
        Gathering.objects.filter(pk=self.gathering.pk).update(
            starts_at=timezone.now() + datetime.timedelta(hours=30),
            ends_at=timezone.now() + datetime.timedelta(hours=32),
        )
        actions.open_registration(self.gathering, by=self.convenor)
        actions.register(self.gathering, person=self.member)
        actions.cancel_gathering(self.gathering, by=self.convenor, reason="Strike day")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(actions.send_due_reminders(), 0)
        self.assertEqual(mail.outbox, [])
