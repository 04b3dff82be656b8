import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from groundswell.communities.models import Privacy
from groundswell.gatherings import actions
from groundswell.gatherings.models import (
    Confidentiality,
    Gathering,
    HarvestPhoto,
    Registration,
    RegistrationStatus,
    Series,
)
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.people.models import Person
from groundswell.testing import PASSWORD, BaseTestCase, make_community, make_person


def _fill(gathering: Gathering, n: int, *, came: bool | None = None, prefix: str = "guest") -> None:
    """Give n guests (without accounts) a place, and optionally record that they came."""
    Registration.objects.bulk_create(
        Registration(
            gathering=gathering,
            email=f"{prefix}{i}-{gathering.pk}@example.org",
            name=f"Guest {i}",
            status=RegistrationStatus.REGISTERED,
            attended=came,
        )
        for i in range(n)
    )


class PagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(
            self.community, self.convenor, title="Leads' day", place="Room 4, Town Hall", capacity=1
        )
        actions.open_registration(self.gathering, by=self.convenor)

    def login(self, person: Person) -> None:
        self.client.login(email=person.email, password=PASSWORD)

    def test_it_shows_every_page_to_members(self) -> None:
        series = actions.schedule_series(
            self.community, by=self.convenor, title="Network days", meetings=2,
            first_starts_at=timezone.now() + datetime.timedelta(days=30), duration=datetime.timedelta(hours=6),
        )  # fmt: skip
        actions.register(self.gathering, person=self.member)
        self.login(self.member)
        for url, text in [
            (f"/communities/{self.community.slug}/gatherings/", "Leads&#x27; day"),
            (f"/gatherings/{self.gathering.pk}/", "Leads&#x27; day"),
            (f"/gatherings/{self.gathering.pk}/register/", "Register for"),
            (f"/series/{series.pk}/", "Network days"),
            ("/me/gatherings/", "Leads&#x27; day"),
        ]:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), text)
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}.ics").status_code, 200)

    def test_it_hides_everything_from_outsiders_of_a_private_community(self) -> None:
        series = actions.schedule_series(
            self.community, by=self.convenor, title="Network days", meetings=1,
            first_starts_at=timezone.now() + datetime.timedelta(days=30), duration=datetime.timedelta(hours=6),
        )  # fmt: skip
        self.login(self.outsider)
        for url in [
            f"/communities/{self.community.slug}/gatherings/",
            f"/gatherings/{self.gathering.pk}/",
            f"/gatherings/{self.gathering.pk}.ics",
            f"/gatherings/{self.gathering.pk}/register/",
            f"/series/{series.pk}/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(f"/gatherings/{self.gathering.pk}/respond/").status_code, 404)
        self.assertEqual(self.client.post(f"/gatherings/{self.gathering.pk}/register/").status_code, 404)
        self.assertFalse(Registration.objects.filter(person=self.outsider).exists())

    def test_it_hides_the_organiser_links_from_members(self) -> None:
        self.login(self.member)
        listing = self.client.get(f"/communities/{self.community.slug}/gatherings/")
        self.assertNotContains(listing, "Plan a gathering")
        self.assertNotContains(self.client.get(f"/gatherings/{self.gathering.pk}/"), "attendees.csv")
        self.login(self.convenor)
        listing = self.client.get(f"/communities/{self.community.slug}/gatherings/")
        self.assertContains(listing, f"/communities/{self.community.slug}/gatherings/new/")
        self.assertContains(listing, f"/communities/{self.community.slug}/series/new/")
        detail = self.client.get(f"/gatherings/{self.gathering.pk}/")
        self.assertContains(detail, f"/gatherings/{self.gathering.pk}/attendees.csv")
        self.assertContains(detail, f"/gatherings/{self.gathering.pk}/attendance/")

    def test_it_shows_the_place_only_after_registering(self) -> None:
        self.login(self.member)
        page = self.client.get(f"/gatherings/{self.gathering.pk}/")
        self.assertNotContains(page, "Room 4")
        self.assertContains(page, "shown to people with a place")
        page = self.client.post(
            f"/gatherings/{self.gathering.pk}/register/", {"access_needs": "Step-free"}, follow=True
        )
        self.assertRedirects(page, f"/gatherings/{self.gathering.pk}/")
        self.assertContains(page, "You are registered")
        self.assertContains(page, "Room 4")
        self.assertContains(page, "Full")
        self.assertEqual(Registration.objects.get(person=self.member).access_needs, "Step-free")

    def test_it_puts_people_on_the_waiting_list_when_full(self) -> None:
        actions.register(self.gathering, person=self.core)
        self.login(self.member)
        response = self.client.post(f"/gatherings/{self.gathering.pk}/register/", follow=True)
        self.assertContains(response, "you are on the waiting list")
        self.assertNotContains(response, "Room 4")
        self.assertEqual(Registration.objects.get(person=self.member).status, RegistrationStatus.WAITLISTED)

    def test_it_shows_a_refusal_as_a_message(self) -> None:
        planned = make_gathering(self.community, self.convenor, title="Not yet open")
        self.login(self.member)
        response = self.client.post(f"/gatherings/{planned.pk}/register/", follow=True)
        self.assertContains(response, "not open for registration")
        self.assertFalse(Registration.objects.filter(person=self.member).exists())

    def test_it_asks_anonymous_people_to_sign_in_to_register(self) -> None:
        response = self.client.get(f"/gatherings/{self.gathering.pk}/register/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login", response["Location"])

    def test_it_gives_up_a_place_and_promotes_the_waiting_list(self) -> None:
        actions.register(self.gathering, person=self.member)
        waiting = actions.register(self.gathering, person=self.core)
        self.login(self.member)
        response = self.client.post(f"/gatherings/{self.gathering.pk}/respond/", {"decision": "cancel"}, follow=True)
        self.assertContains(response, "You have given up your place")
        self.assertEqual(Registration.objects.get(person=self.member).status, RegistrationStatus.CANCELLED)
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, RegistrationStatus.REGISTERED)

    def test_it_sends_apologies_and_declines(self) -> None:
        actions.register(self.gathering, person=self.member)
        actions.invite_to_gathering(self.gathering, by=self.convenor, email=self.lay.email, invitee="member")
        self.login(self.member)
        self.client.post(f"/gatherings/{self.gathering.pk}/respond/", {"decision": "apologies"})
        self.assertEqual(Registration.objects.get(person=self.member).status, RegistrationStatus.APOLOGIES)
        self.login(self.lay)
        self.assertContains(self.client.get(f"/gatherings/{self.gathering.pk}/"), 'value="decline"')
        self.client.post(f"/gatherings/{self.gathering.pk}/respond/", {"decision": "decline"})
        self.assertEqual(Registration.objects.get(email=self.lay.email).status, RegistrationStatus.DECLINED)

    def test_it_refuses_a_response_without_a_registration_or_by_get(self) -> None:
        self.login(self.member)
        self.assertEqual(
            self.client.post(f"/gatherings/{self.gathering.pk}/respond/", {"decision": "cancel"}).status_code, 404
        )
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/respond/").status_code, 405)

    def test_it_writes_an_ics_without_the_place_for_people_without_one(self) -> None:
        self.login(self.member)
        response = self.client.get(f"/gatherings/{self.gathering.pk}.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        self.assertEqual(str(event["SUMMARY"]), "Leads' day")
        self.assertNotIn("LOCATION", event)
        actions.register(self.gathering, person=self.member)
        event = Calendar.from_ical(self.client.get(f"/gatherings/{self.gathering.pk}.ics").content).walk("VEVENT")[0]
        self.assertEqual(str(event["LOCATION"]), "Room 4, Town Hall")

    def test_it_lets_anonymous_people_download_an_open_communitys_ics_without_the_place(self) -> None:
        host = make_person("hana@example.org", "Hana Host")
        open_community = make_community(host, name="Open Network", privacy=Privacy.OPEN)
        gathering = make_gathering(open_community, host, place="Secret room")
        response = self.client.get(f"/gatherings/{gathering.pk}.ics")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("LOCATION", Calendar.from_ical(response.content).walk("VEVENT")[0])

    def test_it_lists_only_my_gatherings_in_communities_i_can_still_see(self) -> None:
        actions.register(self.gathering, person=self.member)
        host = make_person("hana@example.org", "Hana Host")
        other = make_community(host, name="Elsewhere", privacy=Privacy.PRIVATE)
        hidden = make_gathering(other, host, title="Hidden meeting")
        Registration.objects.create(gathering=hidden, person=self.member, email=self.member.email)
        self.login(self.member)
        page = self.client.get("/me/gatherings/")
        self.assertContains(page, "Leads&#x27; day")
        self.assertContains(page, "You: coming")
        self.assertNotContains(page, "Hidden meeting")

    def test_it_shows_a_cancellation_with_its_reason(self) -> None:
        actions.cancel_gathering(self.gathering, by=self.convenor, reason="Snow")
        self.login(self.member)
        self.assertContains(self.client.get(f"/gatherings/{self.gathering.pk}/"), "Cancelled: Snow")


class ChathamHouseTestCase(BaseTestCase):
    """Under the Chatham House rule, note-takers are never named on the page, and who came or is
    coming is named only to organisers and people with a place."""

    def setUp(self) -> None:
        self.held = make_gathering(
            self.community, self.convenor, days_ahead=-7, title="Chief executives",
            confidentiality=Confidentiality.CHATHAM_HOUSE,
        )  # fmt: skip
        registration = Registration.objects.create(
            gathering=self.held, person=self.core, email=self.core.email, name="Colin Core",
            status=RegistrationStatus.REGISTERED,
        )  # fmt: skip
        actions.record_attendance(self.held, by=self.convenor, came=[registration.pk])
        actions.add_note(self.held, by=self.core, what_we_heard="Waiting lists are growing")
        actions.add_action(self.held, by=self.convenor, title="Write to the centre", owner=self.core)

    def test_it_hides_note_takers_and_names_from_a_member_who_was_not_there(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(f"/gatherings/{self.held.pk}/")
        self.assertContains(page, "Waiting lists are growing")
        self.assertContains(page, "Write to the centre")
        self.assertContains(page, "1 person came")
        self.assertNotContains(page, "Colin Core")

    def test_it_never_names_note_takers_even_to_people_in_the_room(self) -> None:
        self.client.login(email=self.core.email, password=PASSWORD)
        page = self.client.get(f"/gatherings/{self.held.pk}/")
        self.assertContains(page, "Waiting lists are growing")
        self.assertNotContains(page, "Noted by")

    def test_it_names_attendees_to_organisers(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/gatherings/{self.held.pk}/"), "Colin Core")

    def test_it_names_note_takers_outside_chatham_house(self) -> None:
        Gathering.objects.filter(pk=self.held.pk).update(confidentiality=Confidentiality.COMMUNITY)
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/gatherings/{self.held.pk}/"), "Noted by Colin Core")

    def test_it_hides_who_is_coming_to_an_upcoming_meeting_from_members_without_a_place(self) -> None:
        upcoming = make_gathering(
            self.community, self.convenor, title="Next", confidentiality=Confidentiality.CHATHAM_HOUSE
        )
        actions.open_registration(upcoming, by=self.convenor)
        actions.register(upcoming, person=self.core)
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(f"/gatherings/{upcoming.pk}/")
        self.assertContains(page, "Who is coming (1)")
        self.assertNotContains(page, "Colin Core")
        actions.register(upcoming, person=self.member)
        self.assertContains(self.client.get(f"/gatherings/{upcoming.pk}/"), "Colin Core")


class QueryCountTestCase(BaseTestCase):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def make_series(self, title: str, people: int) -> Series:
        series = actions.schedule_series(
            self.community, by=self.convenor, title=title, meetings=6, roster=[],
            first_starts_at=timezone.now() - datetime.timedelta(days=300), duration=datetime.timedelta(hours=6),
        )  # fmt: skip
        for gathering in series.gatherings.all():
            _fill(gathering, people, came=True)
        return series

    def test_it_reads_a_series_page_in_constant_queries(self) -> None:
        # The scale: six meetings of 120 people.
        small = self.make_series("Small", 5)
        large = self.make_series("Large", 120)
        for person in (self.member, self.convenor):
            with self.subTest(person.display_name):
                self.client.login(email=person.email, password=PASSWORD)
                small_count = self.count(f"/series/{small.pk}/")
                with self.assertNumQueries(small_count):
                    page = self.client.get(f"/series/{large.pk}/")
                self.assertContains(page, "120 / 120", count=6)
                self.assertContains(page, "Meeting 6")
        # The convenor's grid: a row per person (each test guest came once), a cell per meeting.
        self.assertContains(page, '<td class="nhsuk-table__cell">Came</td>', count=120 * 6)
        self.assertContains(page, '<th scope="row"', count=120 * 6)

    def test_it_reads_a_gathering_page_in_constant_queries(self) -> None:
        series = self.make_series("Network", 2)
        first = series.gatherings.get(number_in_series=1)
        later = make_gathering(self.community, self.convenor, series=series, title="Later")
        self.client.login(email=self.convenor.email, password=PASSWORD)
        # One of everything first, so the baseline pays for each list's query once.
        first_item = actions.add_agenda_item(later, by=self.convenor, title="Welcome", element="check_in")
        actions.add_pre_read(first_item, by=self.convenor, filename="a.pdf", raw=b"%PDF-1.7\n")
        before = self.count(f"/gatherings/{later.pk}/")
        after = self.count(f"/gatherings/{first.pk}/")
        for n in range(5):
            item = actions.add_agenda_item(
                later, by=self.convenor, title=f"Item {n}", element="check_in", lead=self.core
            )
            actions.add_pre_read(item, by=self.convenor, filename=f"read {n}.pdf", raw=b"%PDF-1.7\n")
            actions.add_action(first, by=self.convenor, title=f"Action {n}", owner=self.core)
            # Some notes name their table, some their agenda item, some neither.
            actions.add_note(first, by=self.core, what_we_heard=f"Heard {n}", group=f"Table {n}" if n % 2 else "")
            actions.add_feedback(first, by=self.convenor, message=f"Message {n}")
        _fill(later, 120, prefix="more")
        _fill(first, 120, came=True, prefix="more")
        note = first.notes.first()
        HarvestPhoto.objects.bulk_create(
            HarvestPhoto(gathering=first, note=note, image=f"harvest/{n}.jpg", alt_text=f"Chart {n}", width=4, height=3)
            for n in range(5)
        )
        with self.assertNumQueries(before):
            page = self.client.get(f"/gatherings/{later.pk}/")
        self.assertContains(page, "Action 4")
        self.assertContains(page, "Item 4")
        with self.assertNumQueries(after):
            page = self.client.get(f"/gatherings/{first.pk}/")
        self.assertContains(page, "Heard 4")
        self.assertContains(page, "122 people came")
        self.assertContains(page, 'alt="Chart 4"')

    def test_it_reads_a_community_list_in_constant_queries(self) -> None:
        make_gathering(self.community, self.convenor, title="One")
        make_gathering(self.community, self.convenor, title="Old", days_ahead=-20)
        self.client.login(email=self.member.email, password=PASSWORD)
        url = f"/communities/{self.community.slug}/gatherings/"
        baseline = self.count(url)
        self.make_series("Network", 3)
        for n in range(5):
            make_gathering(self.community, self.convenor, title=f"Upcoming {n}", days_ahead=n + 1)
        with self.assertNumQueries(baseline):
            self.client.get(url)

    def test_it_reads_my_gatherings_in_constant_queries(self) -> None:
        def invite_member() -> None:
            Registration.objects.bulk_create(
                (
                    Registration(gathering=g, person=self.member, email=self.member.email)
                    for g in Gathering.objects.all()
                ),
                ignore_conflicts=True,
            )

        make_gathering(self.community, self.convenor, title="Early", days_ahead=-400)
        make_gathering(self.community, self.convenor, title="First")
        invite_member()
        self.client.login(email=self.member.email, password=PASSWORD)
        baseline = self.count("/me/gatherings/")
        self.make_series("Network", 3)
        make_gathering(self.community, self.convenor, title="Soon")
        invite_member()
        with self.assertNumQueries(baseline):
            page = self.client.get("/me/gatherings/")
        self.assertContains(page, "Soon")
        self.assertContains(page, "Network: meeting 6")
