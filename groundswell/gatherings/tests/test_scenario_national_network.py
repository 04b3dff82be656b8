"""The national network's year, replayed as a new convenor would run it (product.md, issue 3).

A national cancer network meets every two months for a year: the leads of local networks are
the core roster (102 people), each meeting has a theme and theme guests, registrations go past
capacity, attendance comes from an Eventbrite export, notes and actions are taken, actions are
carried to the next meeting until done, and feedback goes to the centre. The convenor works
through the JSON API and the web pages by turns; calendars are read with the independent
`icalendar` parser.
"""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from groundswell.communities.models import Role
from groundswell.gatherings import actions
from groundswell.gatherings.models import Gathering, Registration, RegistrationStatus
from groundswell.gatherings.tests.test_api import bearer
from groundswell.people.models import Person
from groundswell.testing import add_member, make_person

LEADS = 102
CAPACITY = 90
START = datetime.datetime(2027, 1, 14, 10, 0, tzinfo=datetime.UTC)


class NationalNetworkScenarioTestCase(TestCase):
    def api(self, method: str, url: str, person: Person, body: Any = None, status: int = 200) -> Any:
        kwargs: dict[str, Any] = {"headers": self.tokens.setdefault(person.pk, bearer(person))}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        response = getattr(self.client, method)(f"/api/v1{url}", **kwargs)
        self.assertEqual(response.status_code, status, response.content)
        return response.json() if response.content else None

    def test_it_runs_a_year_of_the_national_network(self) -> None:
        self.tokens: dict[int, dict[str, str]] = {}
        with time_machine.travel(START - datetime.timedelta(days=30), tick=False):
            self.plan_the_year()
        for number, meeting in enumerate(self.meetings, start=1):
            self.run_meeting(number, meeting)
        self.check_the_year()

    def plan_the_year(self) -> None:
        self.convenor = make_person("amara@network.example", "Amara Convenor")
        community = self.api(
            "post",
            "/communities",
            self.convenor,
            {"name": "National Cancer Leads Network", "purpose": "Leads of 34 local networks.", "kind": "network",
             "privacy": "private"},
            status=201,
        )  # fmt: skip
        self.community_id = community["id"]
        from groundswell.communities.models import Community

        community_row = Community.objects.get(pk=self.community_id)
        self.leads = [make_person(f"lead{n}@trust{n % 34}.nhs.example", f"Lead {n:03}") for n in range(LEADS)]
        for lead in self.leads:
            add_member(community_row, lead, Role.CORE_MEMBER)
        self.member = make_person("member@trust.nhs.example", "Mo Member")
        add_member(community_row, self.member, Role.MEMBER)
        with self.captureOnCommitCallbacks(execute=True):
            series = self.api(
                "post",
                f"/communities/{self.community_id}/series",
                self.convenor,
                {"title": "Leads' day", "purpose": "Test national guidance against local experience.",
                 "first_starts_at": START.isoformat(), "duration_minutes": 6 * 60, "every_months": 2, "meetings": 6,
                 "place": "Royal College, London", "capacity": CAPACITY},
                status=201,
            )  # fmt: skip
        self.series_id = series["id"]
        self.meetings = [g["id"] for g in series["gatherings"]]
        self.assertEqual(len(self.meetings), 6)
        # One invitation per person for the whole series, with its first meeting.
        self.assertEqual(len(mail.outbox), LEADS + 1)
        roster = self.api("get", f"/series/{self.series_id}", self.convenor)["core_roster"]
        self.assertEqual(len(roster), LEADS + 1)
        # A lead's private feed holds the year's six meetings, each a valid event at 10:00 in
        # London, in winter and in summer time alike.
        raw = actions.create_calendar_feed(self.leads[10])
        feed = icalendar.Calendar.from_ical(self.client.get(f"/calendar/{raw}/gatherings.ics").content)
        events = sorted(feed.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
        self.assertEqual([str(e["SUMMARY"]) for e in events], [f"Leads' day: meeting {n}" for n in range(1, 7)])
        london = [timezone.localtime(e.decoded("DTSTART")) for e in events]
        self.assertEqual({(t.hour, t.minute) for t in london}, {(10, 0)})
        self.assertEqual([t.month for t in london], [1, 3, 5, 7, 9, 11])

    def run_meeting(self, number: int, gathering_id: int) -> None:
        gathering = Gathering.objects.get(pk=gathering_id)
        before = gathering.starts_at - datetime.timedelta(days=14)
        with time_machine.travel(before, tick=False):
            self.before_the_meeting(number, gathering_id)
        with time_machine.travel(gathering.ends_at + datetime.timedelta(hours=2), tick=False):
            self.after_the_meeting(number, gathering_id)

    def before_the_meeting(self, number: int, gathering_id: int) -> None:
        self.api("patch", f"/gatherings/{gathering_id}", self.convenor, {"theme": f"Theme {number}", "status": "open"})
        for guest in range(2):
            self.api(
                "post",
                f"/gatherings/{gathering_id}/invitations",
                self.convenor,
                {"email": f"guest{guest}.m{number}@charity.example", "name": f"Theme guest {guest}"},
                status=201,
            )
        # 95 of the 102 leads register through the API; 5 of them are past capacity.
        for lead in self.leads[:95]:
            self.api("post", f"/gatherings/{gathering_id}/registrations", lead, {"access_needs": ""}, status=201)
        statuses = Registration.objects.filter(gathering_id=gathering_id, person__in=self.leads[:95])
        self.assertEqual(statuses.filter(status=RegistrationStatus.WAITLISTED).count(), 95 - CAPACITY)
        # Three send apologies: three on the waiting list are offered their places, by email.
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            for lead in self.leads[:3]:
                answer = self.api("patch", f"/gatherings/{gathering_id}/registration", lead, {"status": "apologies"})
                self.assertEqual(answer["status"], "apologies")
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(statuses.filter(status=RegistrationStatus.WAITLISTED).count(), 95 - CAPACITY - 3)
        # The agenda shows the actions still open from earlier meetings: the one agreed at
        # meeting 1 until it is done at meeting 3, the one agreed at meeting 4 after that.
        carried = self.api("get", f"/gatherings/{gathering_id}/actions", self.member)["carried_forward"]
        self.assertEqual(len(carried), 0 if number in (1, 4) else 1)
        if carried:
            self.client.force_login(self.member)
            self.assertContains(self.client.get(f"/gatherings/{gathering_id}/"), carried[0]["title"])
        # The leads' calendars: the .ics parses, with the place for those with a place only.
        self.client.force_login(self.leads[10])
        event = icalendar.Calendar.from_ical(self.client.get(f"/gatherings/{gathering_id}.ics").content)
        (vevent,) = event.walk("VEVENT")
        self.assertIn("Royal College", str(vevent["LOCATION"]))
        self.client.force_login(self.leads[94])
        (vevent,) = icalendar.Calendar.from_ical(self.client.get(f"/gatherings/{gathering_id}.ics").content).walk(
            "VEVENT"
        )
        self.assertNotIn("LOCATION", vevent)

    def after_the_meeting(self, number: int, gathering_id: int) -> None:
        # Attendance from the Eventbrite export: 80 leads and one theme guest came, plus a
        # stranger who signed in at the door (shown in the preview, not recorded).
        came = self.leads[3:83]
        rows = [f"{n},2027-01-01,{p.display_name},,{p.email.upper()},1,Delegate,Checked In" for n, p in enumerate(came)]
        rows.append(f"900,2027-01-01,Theme,Guest,guest0.m{number}@charity.example,1,Guest,Checked In")
        rows.append("901,2027-01-01,Walk,In,walk.in@elsewhere.example,1,Guest,Checked In")
        csv = "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee Status\n" + "\n".join(rows)
        self.client.force_login(self.convenor)
        url = f"/gatherings/{gathering_id}/attendance/upload/"
        upload = self.client.post(url, {"file": SimpleUploadedFile("eventbrite.csv", csv.encode(), "text/csv")})
        preview = self.client.get(upload["Location"])
        self.assertContains(preview, "walk.in@elsewhere.example")
        self.assertContains(preview, "Record 81 people as having come")
        self.client.post(url, {"digest": upload["Location"].split("upload=")[1]})
        registrations = Registration.objects.filter(gathering_id=gathering_id)
        self.assertEqual(registrations.filter(attended=True).count(), 81)
        # Notes, by a lead with a place (API) ...
        note = self.api(
            "post",
            f"/gatherings/{gathering_id}/notes",
            self.leads[5],
            {"what_we_heard": f"Meeting {number}: letters confuse patients", "group": "Table 1", "urgency": "high"},
            status=201,
        )
        self.assertEqual(note["note_taker"]["id"], self.leads[5].pk)
        # ... an action, agreed at meetings 1 and 4, done two meetings later ...
        if number in (1, 4):
            self.action = self.api(
                "post",
                f"/gatherings/{gathering_id}/actions",
                self.convenor,
                {"title": f"Rewrite the letter (from meeting {number})", "owner_id": self.leads[7].pk},
                status=201,
            )
        if number in (3, 6):
            self.api("patch", f"/actions/{self.action['id']}", self.convenor, {"status": "done"})
        # ... and the feedback to the centre, on the web.
        response = self.client.post(
            f"/gatherings/{gathering_id}/feedback/new/", {"message": f"Meeting {number}: fund letter rewrites"}
        )
        self.assertEqual(response.status_code, 302)

    def check_the_year(self) -> None:
        with time_machine.travel(START + datetime.timedelta(days=400), tick=False):
            series = self.api("get", f"/series/{self.series_id}", self.member)
            self.assertEqual([g["attended_count"] for g in series["gatherings"]], [81] * 6)
            self.assertEqual([g["status"] for g in series["gatherings"]], ["held"] * 6)
            self.client.force_login(self.convenor)
            page = self.client.get(f"/series/{self.series_id}/")
            self.assertContains(page, "81 / ", count=6)
            self.assertContains(page, "Lead 005")  # the convenor's grid of who came
            feedback = self.api("get", f"/gatherings/{self.meetings[5]}/feedback", self.member)
            self.assertEqual([f["message"] for f in feedback["items"]], ["Meeting 6: fund letter rewrites"])
