"""``manage.py seed_demo`` loads a year of gatherings that the demo logins can open."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.gatherings.models import (
    ActionItem,
    ActionStatus,
    Confidentiality,
    FeedbackToCentre,
    Gathering,
    GatheringStatus,
    HarvestNote,
    Invitee,
    Registration,
    RegistrationStatus,
    Series,
)
from groundswell.people.models import Person


class SeedGatheringsTestCase(TestCase):
    series: Series

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", stdout=StringIO())
        cls.series = Series.objects.get(community__slug="national-cancer-leads-network", title="Leads' days")

    def sign_in(self, key: str) -> Person:
        email = next(p.email for p in PERSONAS if p.key == key)
        self.assertTrue(self.client.login(email=email, password=DEMO_PASSWORD))
        return Person.objects.get(email=email)

    def test_it_plans_six_leads_days_five_held_and_one_to_come(self):
        """The series has six meetings; the past five were held with attendance recorded."""
        now = timezone.now()
        meetings = list(self.series.gatherings.order_by("number_in_series"))
        self.assertEqual([g.number_in_series for g in meetings], [1, 2, 3, 4, 5, 6])
        self.assertTrue(95 <= self.series.core_roster.count() <= 110)
        past, upcoming = meetings[:5], meetings[5]
        self.assertGreater(upcoming.starts_at, now)
        for gathering in past:
            with self.subTest(gathering.number_in_series):
                self.assertLess(gathering.ends_at, now)
                self.assertEqual(gathering.status, GatheringStatus.HELD)
                self.assertTrue(gathering.theme)
                registrations = Registration.objects.filter(gathering=gathering)
                self.assertGreater(registrations.filter(attended=True).count(), 60)
                self.assertTrue(registrations.filter(attended=False).exists())  # a few no-shows
                self.assertTrue(registrations.filter(status=RegistrationStatus.APOLOGIES).exists())
                self.assertTrue(registrations.filter(invitee=Invitee.THEME_GUEST).count() >= 2)
                self.assertTrue(3 <= HarvestNote.objects.filter(gathering=gathering).count() <= 6)
                self.assertTrue(2 <= ActionItem.objects.filter(gathering=gathering).count() <= 4)
                self.assertTrue(2 <= FeedbackToCentre.objects.filter(gathering=gathering).count() <= 3)
                self.assertEqual(gathering.agenda.count(), 6)
                self.assertFalse(registrations.filter(attendance_recorded_at__gt=now).exists())
        self.assertTrue(ActionItem.objects.filter(gathering__series=self.series, status=ActionStatus.DONE).exists())

    def test_it_carries_open_actions_forward_to_the_next_leads_day(self):
        """Actions left open at earlier meetings are carried to the upcoming one."""
        upcoming = self.series.gatherings.get(number_in_series=6)
        carried = ActionItem.objects.carried_to(upcoming)
        self.assertGreater(carried.count(), 0)
        self.assertGreater(len({a.gathering_id for a in carried}), 1)

    def test_it_back_dates_what_the_actions_recorded(self):
        """Nothing the seed wrote is stamped in the future or at the moment of seeding."""
        now = timezone.now()
        self.assertFalse(Activity.objects.filter(created_at__gt=now).exists())
        first = self.series.gatherings.get(number_in_series=1)
        self.assertLess(
            Activity.objects.get(verb="scheduled_series", target_id=self.series.pk).created_at, first.starts_at
        )
        registered = Activity.objects.filter(verb="registered", target_type="registration")
        self.assertLess(registered.order_by("created_at").first().created_at, first.starts_at)  # type: ignore[union-attr]

    def test_it_keeps_the_chief_executives_meetings_under_the_chatham_house_rule(self):
        """Twice-yearly retreats, Chatham House, each member may bring a significant local other."""
        retreats = Gathering.objects.filter(community__slug="chief-executives-peer-network")
        self.assertGreaterEqual(retreats.count(), 3)
        for gathering in retreats:
            self.assertEqual(gathering.confidentiality, Confidentiality.CHATHAM_HOUSE)
            self.assertTrue(gathering.is_chatham_house)
            self.assertTrue(gathering.registrations.filter(invitee=Invitee.LOCAL_OTHER).exists())

    def test_it_holds_a_prison_health_conference_of_about_140(self):
        """A past one-day conference with about 140 registrations and attendance recorded."""
        conference = Gathering.objects.get(community__slug="prison-health-network")
        coming = conference.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        self.assertTrue(120 <= coming <= 160, coming)
        self.assertGreater(conference.registrations.filter(attended=True).count(), 100)
        self.assertTrue(conference.open_space_sessions.exists())

    def test_it_gives_each_persona_something_to_come(self):
        """Every demo login has an upcoming gathering; one is full with a waiting list."""
        now = timezone.now()
        for persona in PERSONAS:
            with self.subTest(persona.key):
                upcoming = Registration.objects.filter(person__email=persona.email, gathering__starts_at__gt=now)
                self.assertTrue(upcoming.exists())
        full = Gathering.objects.get(community__slug="gp-cancer-community", capacity__isnull=False)
        self.assertEqual(full.registrations.filter(status=RegistrationStatus.REGISTERED).count(), full.capacity)
        self.assertTrue(full.registrations.filter(status=RegistrationStatus.WAITLISTED).exists())
        self.assertTrue(full.registrations.filter(person__email="grace.mensah@example.org", status="waitlisted"))

    def test_it_opens_the_gathering_series_and_my_gatherings_pages_for_the_convenor(self):
        """Amara can open a Leads' day, the series and her own list of gatherings."""
        self.sign_in("convenor")
        upcoming = self.series.gatherings.get(number_in_series=6)
        held = self.series.gatherings.get(number_in_series=5)
        self.assertContains(self.client.get(f"/gatherings/{upcoming.pk}/"), "Leads&#x27; days: meeting 6")
        self.assertEqual(self.client.get(f"/gatherings/{held.pk}/").status_code, 200)
        self.assertContains(self.client.get(f"/series/{self.series.pk}/"), "Leads&#x27; days")
        response = self.client.get("/me/gatherings/")
        self.assertContains(response, "Leads&#x27; days: meeting 6")
        self.assertContains(response, "Leads&#x27; days: meeting 5")

    def test_it_hides_the_chief_executives_retreats_from_outsiders(self):
        """A persona outside the confidential network gets 404; a guest member sees the retreat."""
        retreat = Gathering.objects.filter(community__slug="chief-executives-peer-network").order_by("-starts_at")[0]
        self.sign_in("core")
        self.assertEqual(self.client.get(f"/gatherings/{retreat.pk}/").status_code, 404)
        self.sign_in("centre")
        self.assertEqual(self.client.get(f"/gatherings/{retreat.pk}/").status_code, 200)
