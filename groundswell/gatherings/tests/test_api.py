"""API: gatherings and series, with the same access rules as the pages."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groundswell.chronicle.models import AccessRecord
from groundswell.gatherings import actions
from groundswell.gatherings.models import Gathering, GatheringStatus, Registration, RegistrationStatus, Series
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.people import actions as people_actions
from groundswell.people.models import Person
from groundswell.testing import BaseTestCase, add_member, make_person

SERIES = {"title": "X", "first_starts_at": "2030-01-01T10:00:00+00:00", "duration_minutes": 60}
GATHERING = {"title": "X", "starts_at": "2030-01-01T10:00:00+00:00", "ends_at": "2030-01-01T11:00:00+00:00"}


def bearer(person: Person) -> dict[str, str]:
    _, raw = people_actions.create_api_token(person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


class GatheringApiTestCase(BaseTestCase):
    gathering: Gathering

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gathering = make_gathering(
            cls.community, cls.convenor, place="Room 4, Civic Centre", joining_link="https://meet.example.org/x"
        )

    def call(self, method: str, url: str, person: Person, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": bearer(person)}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return getattr(self.client, method)(url, **kwargs)

    def ok(self, method: str, url: str, person: Person, body: Any = None, status: int = 200) -> Any:
        response = self.call(method, url, person, body)
        self.assertEqual(response.status_code, status, response.content)
        return response.json()

    def open_gathering(self, gathering: Gathering | None = None) -> Gathering:
        gathering = gathering or self.gathering
        actions.open_registration(gathering, by=self.convenor)
        return gathering


class VisibilityTestCase(GatheringApiTestCase):
    def test_it_answers_404_to_outsiders_on_every_endpoint(self) -> None:
        series = actions.schedule_series(
            self.community,
            by=self.convenor,
            title="Quarterly",
            first_starts_at=timezone.now() + datetime.timedelta(days=3),
            duration=datetime.timedelta(hours=1),
            meetings=2,
        )
        g = self.gathering.pk
        c = self.community.pk
        calls: list[tuple[str, str, Any]] = [
            ("get", f"/api/v1/communities/{c}/series", None),
            ("post", f"/api/v1/communities/{c}/series", SERIES),
            ("get", f"/api/v1/series/{series.pk}", None),
            ("get", f"/api/v1/communities/{c}/gatherings", None),
            ("post", f"/api/v1/communities/{c}/gatherings", GATHERING),
            ("get", f"/api/v1/gatherings/{g}", None),
            ("patch", f"/api/v1/gatherings/{g}", {"status": "open"}),
            ("get", f"/api/v1/gatherings/{g}/invitations", None),
            ("post", f"/api/v1/gatherings/{g}/invitations", {"email": "guest@example.org"}),
            ("get", f"/api/v1/gatherings/{g}/registrations", None),
            ("post", f"/api/v1/gatherings/{g}/registrations", {}),
            ("put", f"/api/v1/gatherings/{g}/attendance", {"came": []}),
            ("get", f"/api/v1/gatherings/{g}/notes", None),
            ("post", f"/api/v1/gatherings/{g}/notes", {"what_we_heard": "x"}),
            ("get", f"/api/v1/gatherings/{g}/actions", None),
            ("post", f"/api/v1/gatherings/{g}/actions", {"title": "x"}),
        ]  # fmt: skip
        for method, url, body in calls:
            with self.subTest(method=method, url=url):
                response = self.call(method, url, self.outsider, body)
                self.assertEqual(response.status_code, 404, response.content)
                self.assertEqual(response.json(), {"detail": "Not found."})
        self.assertEqual(Series.objects.count(), 1)
        self.assertFalse(Registration.objects.filter(person=self.outsider).exists())

    def test_it_answers_403_to_members_on_organiser_endpoints(self) -> None:
        g = self.gathering.pk
        c = self.community.pk
        calls: list[tuple[str, str, Any]] = [
            ("post", f"/api/v1/communities/{c}/series", SERIES),
            ("post", f"/api/v1/communities/{c}/gatherings", GATHERING),
            ("patch", f"/api/v1/gatherings/{g}", {"status": "open"}),
            ("get", f"/api/v1/gatherings/{g}/invitations", None),
            ("post", f"/api/v1/gatherings/{g}/invitations", {"email": "guest@example.org"}),
            ("get", f"/api/v1/gatherings/{g}/registrations", None),
            ("put", f"/api/v1/gatherings/{g}/attendance", {"came": []}),
            ("post", f"/api/v1/gatherings/{g}/notes", {"what_we_heard": "x"}),
            ("post", f"/api/v1/gatherings/{g}/actions", {"title": "x"}),
        ]  # fmt: skip
        for method, url, body in calls:
            with self.subTest(method=method, url=url):
                response = self.call(method, url, self.member, body)
                self.assertEqual(response.status_code, 403, response.content)
                self.assertIn("detail", response.json())
        self.assertEqual(Gathering.objects.count(), 1)

    def test_it_shows_the_joining_details_only_to_people_with_a_place(self) -> None:
        self.open_gathering()
        url = f"/api/v1/gatherings/{self.gathering.pk}"
        self.assertIsNone(self.ok("get", url, self.member)["place"])
        listed = self.ok("get", f"/api/v1/communities/{self.community.pk}/gatherings", self.member)["items"]
        self.assertIsNone(listed[0]["joining_link"])
        self.ok("post", f"{url}/registrations", self.member, {}, status=201)
        body = self.ok("get", url, self.member)
        self.assertEqual((body["place"], body["joining_link"]), ("Room 4, Civic Centre", "https://meet.example.org/x"))
        listed = self.ok("get", f"/api/v1/communities/{self.community.pk}/gatherings", self.member)["items"]
        self.assertEqual(listed[0]["place"], "Room 4, Civic Centre")
        self.assertEqual(listed[0]["registered_count"], 1)
        self.assertEqual(self.ok("get", url, self.convenor)["place"], "Room 4, Civic Centre")


class SchedulingTestCase(GatheringApiTestCase):
    def test_it_plans_a_series_with_its_meetings(self) -> None:
        body = self.ok(
            "post",
            f"/api/v1/communities/{self.community.pk}/series",
            self.convenor,
            {
                "title": "Leads' forum",
                "first_starts_at": "2030-01-15T10:00:00+00:00",
                "duration_minutes": 90,
                "every_months": 3,
                "meetings": 3,
                "time_zone": "Europe/London",
                "format": "online",
                "joining_link": "https://meet.example.org/forum",
                "capacity": 20,
            },
            status=201,
        )
        self.assertEqual([g["number"] for g in body["gatherings"]], [1, 2, 3])
        # 10:00 in London all year round: 09:00 UTC in British Summer Time.
        self.assertEqual(body["gatherings"][1]["starts_at"], "2030-04-15T09:00:00+00:00")
        self.assertEqual(body["gatherings"][0]["registered_count"], 0)
        detail = self.ok("get", f"/api/v1/series/{body['id']}", self.member)
        self.assertEqual(detail["title"], "Leads' forum")
        self.assertEqual(len(detail["gatherings"]), 3)
        listed = self.ok("get", f"/api/v1/communities/{self.community.pk}/series", self.member)
        self.assertEqual((listed["count"], listed["items"][0]["id"]), (1, body["id"]))

    def test_it_plans_a_gathering_and_opens_and_cancels_it(self) -> None:
        body = self.ok(
            "post",
            f"/api/v1/communities/{self.community.pk}/gatherings",
            self.convenor,
            {
                "title": "Spring workshop",
                "starts_at": "2030-03-05T10:00:00+00:00",
                "ends_at": "2030-03-05T12:00:00+00:00",
                "place": "Leeds",
                "confidentiality": "chatham_house",
            },
            status=201,
        )
        self.assertEqual((body["status"], body["place"], body["is_chatham_house"]), ("planned", "Leeds", True))
        url = f"/api/v1/gatherings/{body['id']}"
        self.assertEqual(self.ok("patch", url, self.convenor, {"status": "open"})["status"], "open")
        self.assertEqual(self.call("patch", url, self.convenor, {"status": "cancelled"}).status_code, 422)
        body = self.ok("patch", url, self.convenor, {"status": "cancelled", "cancel_reason": "Strike day"})
        self.assertEqual((body["status"], body["cancel_reason"]), ("cancelled", "Strike day"))
        response = self.call("patch", url, self.convenor, {"status": "open"})
        self.assertEqual(response.status_code, 409, response.content)

    def test_it_refuses_bad_input_with_json_not_500(self) -> None:
        c = self.community.pk
        good = {"title": "X", "starts_at": "2030-01-01T10:00:00+00:00", "ends_at": "2030-01-01T11:00:00+00:00"}
        bad_gatherings = [
            {**good, "starts_at": "2030-01-01T12:00:00+00:00"},
            {**good, "starts_at": "2030-01-01T10:00:00"},
            {**good, "time_zone": "Mars/Olympus_Mons"},
            {**good, "time_zone": "../../etc/passwd"},
            {**good, "capacity": 10**30},
            {**good, "capacity": "lots"},
            {**good, "title": ["a"]},
            {**good, "title": "x\x00y"},
            {**good, "starts_at": "9999-12-31T23:00:00+00:00", "ends_at": "9999-12-31T23:30:00+00:00"},
            {**good, "joining_link": "javascript:alert(1)"},
            {**good, "surprise": True},
            [1, 2],
        ]
        for body in bad_gatherings:
            with self.subTest(body=body):
                response = self.call("post", f"/api/v1/communities/{c}/gatherings", self.convenor, body)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn("detail", response.json())
        good_series = {"title": "X", "first_starts_at": "2030-01-01T10:00:00+00:00", "duration_minutes": 60}
        bad_series = [
            {**good_series, "meetings": 10**6},
            {**good_series, "every_months": 0},
            {**good_series, "duration_minutes": -5},
            {**good_series, "first_starts_at": "9999-12-01T10:00:00+00:00"},
            {**good_series, "time_zone": "Nowhere"},
        ]
        for body in bad_series:
            with self.subTest(body=body):
                response = self.call("post", f"/api/v1/communities/{c}/series", self.convenor, body)
                self.assertEqual(response.status_code, 422, response.content)
        g = self.gathering.pk
        for body in [{"came": [2**70]}, {"came": "everyone"}, {"came": [0]}]:
            with self.subTest(body=body):
                response = self.call("put", f"/api/v1/gatherings/{g}/attendance", self.convenor, body)
                self.assertEqual(response.status_code, 422, response.content)
        for url in [f"/api/v1/gatherings/{2**70}", f"/api/v1/series/{2**70}", f"/api/v1/communities/{2**70}/series"]:
            with self.subTest(url=url):
                self.assertEqual(self.call("get", url, self.convenor).status_code, 404)
        self.assertEqual(
            self.call("get", f"/api/v1/communities/{c}/gatherings?limit=0", self.convenor).status_code, 422
        )
        self.assertEqual(Gathering.objects.count(), 1)


class RegistrationTestCase(GatheringApiTestCase):
    def test_it_puts_people_past_capacity_on_the_waiting_list(self) -> None:
        gathering = self.open_gathering(make_gathering(self.community, self.convenor, title="Small room", capacity=1))
        url = f"/api/v1/gatherings/{gathering.pk}/registrations"
        first = self.ok("post", url, self.member, {"access_needs": "Step-free access"}, status=201)
        self.assertEqual((first["status"], first["access_needs"]), ("registered", "Step-free access"))
        second = self.ok("post", url, self.lay, {}, status=201)
        self.assertEqual(second["status"], "waitlisted")
        self.assertEqual(self.call("post", url, self.lay, {}).status_code, 409)

    def test_it_refuses_registration_before_it_opens(self) -> None:
        response = self.call("post", f"/api/v1/gatherings/{self.gathering.pk}/registrations", self.member, {})
        self.assertEqual(response.status_code, 409, response.content)

    def test_it_shows_organisers_the_list_with_access_needs_and_audits_it(self) -> None:
        self.open_gathering()
        actions.register(self.gathering, person=self.lay, access_needs="Hearing loop")
        actions.register(self.gathering, person=self.member)
        body = self.ok("get", f"/api/v1/gatherings/{self.gathering.pk}/registrations", self.convenor)
        rows = {r["name"]: r for r in body["items"]}
        self.assertEqual(body["count"], 2)
        self.assertEqual(rows["Lee Lay"]["access_needs"], "Hearing loop")
        self.assertEqual((rows["Mina Member"]["status"], rows["Mina Member"]["attended"]), ("registered", None))
        record = AccessRecord.objects.get()
        self.assertEqual(
            (record.viewer_id, record.subject_id, record.what), (self.convenor.pk, self.lay.pk, "access_needs")
        )

    def test_it_invites_guests_by_email(self) -> None:
        url = f"/api/v1/gatherings/{self.gathering.pk}/invitations"
        body = self.ok(
            "post",
            url,
            self.convenor,
            {"email": "Guest@Example.org", "name": "Gita Guest", "invitee": "theme_guest"},
            201,
        )
        self.assertEqual((body["email"], body["status"], body["person"]), ("guest@example.org", "invited", None))
        self.assertEqual(self.call("post", url, self.convenor, {"email": "guest@example.org"}).status_code, 409)
        listed = self.ok("get", url, self.convenor)
        self.assertEqual([i["email"] for i in listed["items"]], ["guest@example.org"])
        self.assertEqual(self.call("post", url, self.convenor, {"email": "not an email"}).status_code, 422)

    def test_it_lists_in_a_constant_number_of_queries(self) -> None:
        self.open_gathering()
        extra = make_gathering(self.community, self.convenor, title="Second", days_ahead=20)
        actions.open_registration(extra, by=self.convenor)
        actions.register(self.gathering, person=self.member, access_needs="Large print")
        actions.add_note(self.gathering, by=self.member, what_we_heard="Waiting lists are long")
        actions.add_action(self.gathering, by=self.convenor, title="Write to the ICB", owner=self.core)
        headers = bearer(self.convenor)
        g = self.gathering.pk
        urls = [
            f"/api/v1/communities/{self.community.pk}/gatherings",
            f"/api/v1/gatherings/{g}/registrations",
            f"/api/v1/gatherings/{g}/invitations",
            f"/api/v1/gatherings/{g}/notes",
            f"/api/v1/gatherings/{g}/actions",
        ]
        counts = {}
        for url in urls:
            self.client.get(url, headers=headers)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url, headers=headers).status_code, 200)
            counts[url] = len(queries)
        for n in range(3):
            person = make_person(f"extra{n}@example.org", f"Extra {n}")
            add_member(self.community, person)
            actions.register(self.gathering, person=person, access_needs="Quiet room")
            actions.invite_to_gathering(self.gathering, by=self.convenor, email=f"guest{n}@example.org")
            actions.add_note(self.gathering, by=person, what_we_heard=f"Heard {n}")
            actions.add_action(self.gathering, by=self.convenor, title=f"Action {n}", owner=person)
            make_gathering(self.community, self.convenor, title=f"More {n}", days_ahead=30 + n)
        for url in urls:
            with self.subTest(url=url), self.assertNumQueries(counts[url]):
                self.assertEqual(self.client.get(url, headers=headers).status_code, 200)


class AttendanceTestCase(GatheringApiTestCase):
    def test_it_records_attendance_only_once_the_gathering_has_started(self) -> None:
        self.open_gathering()
        came = actions.register(self.gathering, person=self.member)
        absent = actions.register(self.gathering, person=self.lay)
        url = f"/api/v1/gatherings/{self.gathering.pk}/attendance"
        response = self.call("put", url, self.convenor, {"came": [came.pk]})
        self.assertEqual(response.status_code, 409, response.content)
        came.refresh_from_db()
        self.assertIsNone(came.attended)
        with time_machine.travel(self.gathering.starts_at + datetime.timedelta(minutes=30)):
            self.assertEqual(self.ok("put", url, self.convenor, {"came": [came.pk]}), {"came": 1})
            self.assertEqual(self.call("put", url, self.convenor, {"came": [absent.pk + 1000]}).status_code, 409)
        came.refresh_from_db()
        absent.refresh_from_db()
        self.assertEqual((came.attended, absent.attended), (True, False))
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.status, GatheringStatus.HELD)
        rows = self.ok("get", f"/api/v1/gatherings/{self.gathering.pk}/registrations?status=registered", self.convenor)
        self.assertEqual(sorted(r["attended"] for r in rows["items"]), [False, True])
        self.assertEqual(Registration.objects.filter(status=RegistrationStatus.REGISTERED).count(), 2)


class NotesAndActionsTestCase(GatheringApiTestCase):
    def test_it_lets_registered_people_add_notes_and_members_read_them(self) -> None:
        self.open_gathering()
        actions.register(self.gathering, person=self.lay)
        url = f"/api/v1/gatherings/{self.gathering.pk}/notes"
        body = self.ok("post", url, self.lay, {"what_we_heard": "Transport is a barrier", "urgency": "high"}, 201)
        self.assertEqual((body["urgency"], body["note_taker"]["display_name"]), ("high", "Lee Lay"))
        listed = self.ok("get", url, self.member)
        self.assertEqual([n["what_we_heard"] for n in listed["items"]], ["Transport is a barrier"])
        self.assertEqual(self.call("post", url, self.lay, {"what_we_heard": "   "}).status_code, 422)

    def test_it_hides_note_takers_under_the_chatham_house_rule(self) -> None:
        gathering = make_gathering(self.community, self.convenor, title="Closed room", confidentiality="chatham_house")
        actions.add_note(gathering, by=self.convenor, what_we_heard="Candid things")
        url = f"/api/v1/gatherings/{gathering.pk}/notes"
        self.assertIsNone(self.ok("get", url, self.member)["items"][0]["note_taker"])
        body = self.ok("post", url, self.convenor, {"what_we_heard": "More candour"}, 201)
        self.assertIsNone(body["note_taker"])
        self.assertNotIn("Cara", str(self.ok("get", url, self.member)))

    def test_it_carries_open_actions_forward_in_a_series(self) -> None:
        series = actions.schedule_series(
            self.community,
            by=self.convenor,
            title="Forum",
            first_starts_at=timezone.now() + datetime.timedelta(days=3),
            duration=datetime.timedelta(hours=1),
            meetings=2,
        )
        first, second = series.gatherings.order_by("number_in_series")
        body = self.ok(
            "post",
            f"/api/v1/gatherings/{first.pk}/actions",
            self.convenor,
            {"title": "Map local services", "owner_id": self.core.pk, "due_date": "2030-02-01"},
            201,
        )
        self.assertEqual((body["owner"]["id"], body["status"]), (self.core.pk, "open"))
        later = self.ok("get", f"/api/v1/gatherings/{second.pk}/actions", self.member)
        self.assertEqual((later["count"], [a["title"] for a in later["carried_forward"]]), (0, ["Map local services"]))
        earlier = self.ok("get", f"/api/v1/gatherings/{first.pk}/actions", self.member)
        self.assertEqual((earlier["count"], earlier["carried_forward"]), (1, []))
        response = self.call(
            "post", f"/api/v1/gatherings/{first.pk}/actions", self.convenor, {"title": "x", "owner_id": 2**40}
        )
        self.assertEqual(response.status_code, 404, response.content)
