"""Changing a gathering or a series after planning it: pages, API, emails and calendars."""

from __future__ import annotations

import datetime
from typing import Any, cast

import icalendar
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from groundswell.gatherings import actions
from groundswell.gatherings.models import Gathering, GatheringStatus, Invitee, Registration, RegistrationStatus
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.gatherings.tests.test_api import bearer
from groundswell.people.actions import ActionError
from groundswell.people.models import Person
from groundswell.testing import PASSWORD, BaseTestCase, make_person


def attached_event(message: EmailMultiAlternatives) -> Any:
    """The one event in the email's calendar attachment, read by the icalendar package."""
    (attachment,) = message.attachments
    _, content, mimetype = cast(tuple[str, str, str], attachment)
    assert mimetype.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    return event


class EditGatheringTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, title="Leads' day", place="Room 4", capacity=2)
        actions.open_registration(self.gathering, by=self.convenor)
        actions.register(self.gathering, person=self.member)
        actions.invite_to_gathering(self.gathering, by=self.convenor, email="guest@example.org", name="Gita Guest")
        mail.outbox.clear()

    def form(self, **changes: Any) -> dict[str, Any]:
        local = timezone.localtime(self.gathering.starts_at)
        data = {
            "title": self.gathering.title, "purpose": "", "theme": "", "format": "in_person",
            "date": local.date().isoformat(), "start_time": local.strftime("%H:%M"),
            "end_time": timezone.localtime(self.gathering.ends_at).strftime("%H:%M"), "time_zone": "Europe/London",
            "place": "Room 4", "joining_link": "", "capacity": "2", "confidentiality": "community",
        }  # fmt: skip
        data.update(changes)
        return data

    def test_it_emails_a_new_time_with_an_updated_event(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/gatherings/{self.gathering.pk}/edit/", self.form(start_time="13:00", end_time="15:30")
            )
        self.assertRedirects(response, f"/gatherings/{self.gathering.pk}/")
        self.gathering.refresh_from_db()
        self.assertEqual(timezone.localtime(self.gathering.starts_at).hour, 13)
        self.assertEqual(self.gathering.sequence, 1)
        by_address = {m.to[0]: cast(EmailMultiAlternatives, m) for m in mail.outbox}
        self.assertEqual(set(by_address), {self.member.email, "guest@example.org"})
        to_member = by_address[self.member.email]
        self.assertIn("Changed: Leads' day", to_member.subject)
        self.assertIn("the start, the end", to_member.body)
        self.assertIn("Room 4", to_member.body)
        # The guest has no place yet: told a change happened, not where it is.
        self.assertNotIn("Room 4", by_address["guest@example.org"].body)
        event = attached_event(to_member)
        self.assertEqual(int(event["SEQUENCE"]), 1)
        self.assertEqual(event.decoded("DTSTART"), self.gathering.starts_at)
        self.assertTrue(str(event["UID"]).startswith(f"gathering-{self.gathering.pk}@"))

    def test_it_sends_nothing_for_a_new_purpose(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            changed = actions.update_gathering(self.gathering, by=self.convenor, purpose="Test the new guidance")
        self.assertEqual(changed, ["purpose"])
        self.assertEqual(mail.outbox, [])
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.sequence, 0)

    def test_it_offers_new_places_to_the_waiting_list(self) -> None:
        actions.register(self.gathering, person=self.core)
        waiting = actions.register(self.gathering, person=self.lay)
        self.assertEqual(waiting.status, RegistrationStatus.WAITLISTED)
        with self.captureOnCommitCallbacks(execute=True):
            actions.update_gathering(self.gathering, by=self.convenor, capacity=3)
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, RegistrationStatus.REGISTERED)
        self.assertEqual([m.to for m in mail.outbox], [[self.lay.email]])

    def test_it_refuses_a_capacity_below_the_places_taken(self) -> None:
        actions.register(self.gathering, person=self.core)
        self.client.login(email=self.convenor.email, password=PASSWORD)
        response = self.client.post(f"/gatherings/{self.gathering.pk}/edit/", self.form(capacity="1"))
        self.assertContains(response, "2 people already hold a place", status_code=200)
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.capacity, 2)

    def test_it_keeps_the_record_of_a_held_gathering(self) -> None:
        Gathering.objects.filter(pk=self.gathering.pk).update(status=GatheringStatus.HELD)
        self.gathering.refresh_from_db()
        with self.assertRaisesMessage(ActionError, "only its title, purpose and theme"):
            actions.update_gathering(self.gathering, by=self.convenor, place="Elsewhere")
        self.assertEqual(actions.update_gathering(self.gathering, by=self.convenor, theme="Prehab"), ["theme"])

    def test_it_makes_facilitators_organisers(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/edit/").status_code, 403)
        actions.update_gathering(self.gathering, by=self.convenor, facilitators=[self.member])
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/edit/").status_code, 200)
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/attendees.csv").status_code, 200)
        with self.assertRaisesMessage(ActionError, "must be members of the community"):
            actions.update_gathering(self.gathering, by=self.convenor, facilitators=[self.outsider])

    def test_it_keeps_a_multi_day_gathering_over_its_days(self) -> None:
        starts = self.gathering.starts_at
        conference = make_gathering(self.community, self.convenor, title="Conference", days_ahead=30)
        Gathering.objects.filter(pk=conference.pk).update(ends_at=conference.starts_at + datetime.timedelta(days=1))
        self.client.login(email=self.convenor.email, password=PASSWORD)
        local = timezone.localtime(conference.starts_at)
        data = self.form(title="Conference", date=local.date().isoformat(), start_time="09:00", end_time="16:00")
        data["capacity"] = ""
        response = self.client.post(f"/gatherings/{conference.pk}/edit/", data)
        self.assertRedirects(response, f"/gatherings/{conference.pk}/")
        conference.refresh_from_db()
        self.assertEqual((timezone.localtime(conference.ends_at).date() - local.date()).days, 1)
        self.assertEqual(timezone.localtime(conference.ends_at).hour, 16)
        self.assertTrue(starts)

    def test_it_shows_the_form_again_with_errors(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        response = self.client.post(
            f"/gatherings/{self.gathering.pk}/edit/", self.form(title="", end_time="08:00", start_time="09:00")
        )
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "The end time must be after the start time.")
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.title, "Leads' day")

    def test_it_refuses_outsiders_and_cancelled_gatherings(self) -> None:
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/edit/").status_code, 404)
        actions.cancel_gathering(self.gathering, by=self.convenor, reason="Strike day")
        with self.assertRaisesMessage(ActionError, "cancelled gathering cannot be changed"):
            actions.update_gathering(self.gathering, by=self.convenor, title="Again")


class EditGatheringApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, title="Leads' day", place="Room 4")
        self.url = f"/api/v1/gatherings/{self.gathering.pk}"

    def patch(self, person: Person, body: dict[str, Any]) -> Any:
        return self.client.patch(self.url, data=body, content_type="application/json", headers=bearer(person))

    def test_it_changes_details_and_opens_in_one_call(self) -> None:
        actions.invite_to_gathering(self.gathering, by=self.convenor, email="guest@example.org")
        mail.outbox.clear()
        new_start = (self.gathering.starts_at + datetime.timedelta(days=7)).isoformat()
        new_end = (self.gathering.ends_at + datetime.timedelta(days=7)).isoformat()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.patch(
                self.convenor,
                {
                    "starts_at": new_start, "ends_at": new_end, "joining_link": "https://meet.example.org/leads",
                    "format": "hybrid", "capacity": None, "facilitator_ids": [self.core.pk], "status": "open",
                },
            )  # fmt: skip
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["format"], "hybrid")
        self.assertEqual(body["status"], "open")
        self.assertEqual(body["facilitator_ids"], [self.core.pk])
        self.assertEqual(body["joining_link"], "https://meet.example.org/leads")
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("the start, the end, the joining link, the format", mail.outbox[0].body)

    def test_it_refuses_what_the_state_or_input_does_not_allow(self) -> None:
        registration = Registration.objects.create(
            gathering=self.gathering,
            email="a@example.org",
            status=RegistrationStatus.REGISTERED,
            invitee=Invitee.MEMBER,
        )
        self.assertTrue(registration.pk)
        Registration.objects.create(
            gathering=self.gathering,
            email="b@example.org",
            status=RegistrationStatus.REGISTERED,
            invitee=Invitee.MEMBER,
        )
        response = self.patch(self.convenor, {"capacity": 1})
        self.assertEqual(response.status_code, 409)
        self.assertIn("2 people already hold a place", response.json()["detail"])
        response = self.patch(self.convenor, {"ends_at": self.gathering.starts_at.isoformat()})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.patch(self.convenor, {"title": None}).status_code, 422)
        self.assertEqual(self.patch(self.convenor, {"facilitator_ids": [987654]}).status_code, 422)
        body = {"status": "cancelled", "cancel_reason": "Storm", "title": "Renamed"}
        self.assertEqual(self.patch(self.convenor, body).status_code, 422)
        self.assertEqual(self.patch(self.convenor, {"time_zone": "Mars/Olympus"}).status_code, 422)
        self.gathering.refresh_from_db()
        self.assertEqual((self.gathering.title, self.gathering.capacity), ("Leads' day", None))

    def test_it_refuses_members_without_the_role_and_outsiders(self) -> None:
        self.assertEqual(self.patch(self.member, {"title": "Mine now"}).status_code, 403)
        self.assertEqual(self.patch(self.outsider, {"title": "Mine now"}).status_code, 404)
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.title, "Leads' day")


class EditSeriesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.series = actions.schedule_series(
            self.community, by=self.convenor, title="Leads' network", meetings=3, roster=[self.convenor, self.core],
            first_starts_at=timezone.now() - datetime.timedelta(days=20), duration=datetime.timedelta(hours=6),
            every_months=1,
        )  # fmt: skip
        self.past, self.next, self.last = self.series.gatherings.order_by("number_in_series")
        actions.open_registration(self.next, by=self.convenor)
        actions.register(self.next, person=self.core)
        mail.outbox.clear()

    def invited(self, person: Person) -> list[int]:
        rows = Registration.objects.filter(gathering__series=self.series, person=person)
        return sorted(n for n in rows.values_list("gathering__number_in_series", flat=True) if n is not None)

    def test_it_invites_people_added_to_the_roster_to_meetings_to_come(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        body = {
            "title": "Cancer leads' network",
            "purpose": "",
            "roster": [self.convenor.pk, self.core.pk, self.lay.pk],
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/series/{self.series.pk}/edit/", body)
        self.assertRedirects(response, f"/series/{self.series.pk}/")
        self.assertEqual(self.invited(self.lay), [2, 3])
        self.assertEqual([m.to for m in mail.outbox], [[self.lay.email]])
        self.assertIn(self.next.title, str(mail.outbox[0].subject))
        self.series.refresh_from_db()
        self.assertEqual(self.series.title, "Cancer leads' network")

    def test_it_withdraws_only_unanswered_invitations_of_people_taken_off(self) -> None:
        actions.update_series(self.series, by=self.convenor, roster=[self.convenor])
        # Colin answered for meeting 2 and keeps his place; his invitation to meeting 3 goes;
        # the record of meeting 1, already held, stays.
        self.assertEqual(self.invited(self.core), [1, 2])

    def test_it_refuses_a_roster_from_outside_the_community(self) -> None:
        stranger = make_person("stranger@example.org", "Stan Stranger")
        with self.assertRaisesMessage(ActionError, "drawn from the community's members"):
            actions.update_series(self.series, by=self.convenor, roster=[self.convenor, stranger])
        self.assertEqual(self.invited(stranger), [])

    def test_it_refuses_members_without_the_role_and_outsiders(self) -> None:
        self.client.login(email=self.core.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/series/{self.series.pk}/edit/").status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/series/{self.series.pk}/edit/").status_code, 404)
        url = f"/api/v1/series/{self.series.pk}"
        for person, status in ((self.core, 403), (self.outsider, 404)):
            response = self.client.patch(
                url, data={"title": "X"}, content_type="application/json", headers=bearer(person)
            )
            self.assertEqual(response.status_code, status)
        self.series.refresh_from_db()
        self.assertEqual(self.series.title, "Leads' network")

    def test_it_changes_the_roster_through_the_api(self) -> None:
        url = f"/api/v1/series/{self.series.pk}"
        body = {"core_roster_ids": [self.convenor.pk, self.member.pk], "purpose": "Test guidance locally"}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.patch(url, data=body, content_type="application/json", headers=bearer(self.convenor))
        self.assertEqual(response.status_code, 200, response.content)
        roster = [p["id"] for p in response.json()["core_roster"]]
        self.assertEqual(sorted(roster), sorted([self.convenor.pk, self.member.pk]))
        self.assertEqual(self.invited(self.member), [2, 3])
        # Members see the series but not who is on its roster.
        seen = self.client.get(url, headers=bearer(self.member)).json()
        self.assertIsNone(seen["core_roster"])
        bad = self.client.patch(
            url,
            data={"core_roster_ids": [self.outsider.pk]},
            content_type="application/json",
            headers=bearer(self.convenor),
        )
        self.assertEqual(bad.status_code, 409)

    def test_it_shows_who_came_to_the_convenors_only(self) -> None:
        Registration.objects.filter(gathering=self.past, person=self.core).update(
            status=RegistrationStatus.REGISTERED, attended=True
        )
        self.client.login(email=self.convenor.email, password=PASSWORD)
        page = self.client.get(f"/series/{self.series.pk}/")
        self.assertContains(page, "Who came")
        self.assertContains(page, '<th scope="row" class="nhsuk-table__header">Colin Core</th>', html=False)
        self.assertContains(page, "Came")
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(f"/series/{self.series.pk}/")
        self.assertNotContains(page, "Who came")
        self.assertNotContains(page, "Colin Core")


class AnswersActionsAndFeedbackApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, capacity=1)
        actions.open_registration(self.gathering, by=self.convenor)
        self.url = f"/api/v1/gatherings/{self.gathering.pk}"

    def call(self, method: str, url: str, person: Person, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": bearer(person)}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return getattr(self.client, method)(url, **kwargs)

    def test_it_lets_people_answer_for_themselves(self) -> None:
        actions.register(self.gathering, person=self.core)
        waiting = actions.register(self.gathering, person=self.member)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call("patch", f"{self.url}/registration", self.core, {"status": "apologies"})
        self.assertEqual((response.status_code, response.json()["status"]), (200, "apologies"))
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, RegistrationStatus.REGISTERED)
        self.assertEqual([m.to for m in mail.outbox], [[self.member.email]])
        self.assertEqual(
            self.call("patch", f"{self.url}/registration", self.lay, {"status": "declined"}).status_code, 404
        )
        self.assertEqual(
            self.call("patch", f"{self.url}/registration", self.core, {"status": "maybe"}).status_code, 422
        )
        self.assertEqual(
            self.call("patch", f"{self.url}/registration", self.outsider, {"status": "declined"}).status_code, 404
        )

    def test_it_lets_organisers_move_actions_on(self) -> None:
        action = actions.add_action(self.gathering, by=self.convenor, title="Share the audit")
        url = f"/api/v1/actions/{action.pk}"
        self.assertEqual(self.call("patch", url, self.member, {"status": "done"}).status_code, 403)
        self.assertEqual(self.call("patch", url, self.outsider, {"status": "done"}).status_code, 404)
        self.assertEqual(self.call("patch", url, self.convenor, {"status": "finished"}).status_code, 422)
        response = self.call("patch", url, self.convenor, {"status": "in_progress"})
        self.assertEqual((response.status_code, response.json()["status"]), (200, "in_progress"))
        action.refresh_from_db()
        self.assertEqual(action.status, "in_progress")

    def test_it_records_feedback_to_the_centre(self) -> None:
        response = self.call("post", f"{self.url}/feedback", self.convenor, {"message": "Fund the letter rewrite"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(self.call("post", f"{self.url}/feedback", self.member, {"message": "Mine"}).status_code, 403)
        self.assertEqual(self.call("post", f"{self.url}/feedback", self.outsider, {"message": "Mine"}).status_code, 404)
        self.assertEqual(self.call("post", f"{self.url}/feedback", self.convenor, {"message": " "}).status_code, 422)
        listed = self.call("get", f"{self.url}/feedback", self.member).json()
        self.assertEqual([f["message"] for f in listed["items"]], ["Fund the letter rewrite"])
        self.assertEqual(self.call("get", f"{self.url}/feedback", self.outsider).status_code, 404)
