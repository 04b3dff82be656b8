"""``manage.py seed_demo`` loads a believable, deterministic demo network once."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Max, Min
from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities.models import (
    Community,
    CommunityKind,
    Invitation,
    InvitationStatus,
    Lifecycle,
    Membership,
    MembershipStatus,
    Privacy,
    Role,
)
from groundswell.demo import network
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.demo.plan import build_plan
from groundswell.people.models import Affiliation, Organisation, OrganisationKind, Person, Region

NATIONAL = "/communities/national-cancer-leads-network/"
GP = "/communities/gp-cancer-community/"
CEOS = "/communities/chief-executives-peer-network/"
LEAD_TITLES = ("Lead cancer nurse, ", "Clinical lead, ", "Network manager, ")
# A community each persona belongs to, to visit as them.
PERSONA_COMMUNITY = {
    "convenor": NATIONAL,
    "core": GP,
    "lay": "/communities/cancer-lay-partners-panel/",
    "centre": CEOS,
    "admin": "/communities/groundswell-help-and-feedback/",
}


class SeedDemoTestCase(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        call_command("seed_demo", stdout=out)
        cls.output = out.getvalue()

    def persona(self, key: str) -> Person:
        email = next(p.email for p in PERSONAS if p.key == key)
        return Person.objects.get(email=email)

    def sign_in(self, key: str) -> Person:
        person = self.persona(key)
        self.assertTrue(self.client.login(email=person.email, password=DEMO_PASSWORD))
        return person

    def test_it_loads_about_600_people_in_about_80_organisations(self):
        """The network has the promised size and spread across England."""
        self.assertIn("Loaded the demo network", self.output)
        self.assertTrue(550 <= Person.objects.count() <= 650)
        self.assertTrue(70 <= Organisation.objects.count() <= 90)
        self.assertTrue(15 <= Community.objects.count() <= 22)
        kinds = set(Organisation.objects.values_list("kind", flat=True))
        self.assertEqual(kinds, set(OrganisationKind.values))
        english = set(Region.values) - {Region.NATIONAL, Region.WALES, Region.SCOTLAND, Region.NORTHERN_IRELAND}
        regions = Counter(Person.objects.values_list("region", flat=True))
        for region in english:
            self.assertGreater(regions[region], 30, region)

    def test_it_builds_the_national_network_around_the_leads_of_34_local_networks(self):
        """Each local network's current lead nurse, doctor and manager is in the core (34 x 3 = 102)."""
        national = Community.objects.get(slug="national-cancer-leads-network")
        leads = (
            Affiliation.objects.current()
            .filter(role_title__endswith="Cancer Network")
            .filter(person__memberships__community=national, person__memberships__status=MembershipStatus.ACTIVE)
            .values_list("role_title", "person__memberships__role")
        )
        posts = Counter(title for title, _ in leads)
        self.assertEqual(len(posts), 102)
        self.assertEqual(set(posts.values()), {1})
        self.assertEqual({title.split(", ")[0] + ", " for title in posts}, set(LEAD_TITLES))
        self.assertEqual(len({title.split(", ")[1] for title in posts}), 34)
        roles = Counter(role for _, role in leads)
        self.assertEqual(roles, {Role.CORE_MEMBER: 101, Role.CONVENOR: 1})
        active = Membership.objects.active().filter(community=national)
        self.assertEqual(active.get(person=self.persona("convenor")).role, Role.CONVENOR)
        self.assertEqual(active.get(person=self.persona("centre")).role, Role.SPONSOR)
        # Leads who handed over are alumni with a reason, their ties kept.
        alumni = Membership.objects.alumni().filter(community=national).exclude(left_reason="")
        self.assertGreater(alumni.count(), 5)

    def test_it_covers_every_privacy_tier_stage_role_and_kind(self):
        """The directory shows every kind of community at every stage."""
        communities = Community.objects.all()
        self.assertEqual(set(communities.values_list("privacy", flat=True)), set(Privacy.values))
        self.assertEqual(set(communities.values_list("lifecycle", flat=True)), set(Lifecycle.values))
        self.assertEqual(set(communities.values_list("kind", flat=True)), set(CommunityKind.values))
        roles = set(Membership.objects.active().values_list("role", flat=True))
        self.assertEqual(roles, set(Role.values))
        for community in communities.filter(lifecycle=Lifecycle.CLOSED):
            self.assertTrue(community.closing_note)
            self.assertIsNotNone(community.closed_at)
            self.assertTrue(Membership.objects.alumni().filter(community=community).exists())
        for community in communities:
            self.assertTrue(
                Membership.objects.active().filter(community=community, role=Role.CONVENOR).exists(), community
            )
        self.assertTrue(communities.exclude(learning_question="").filter(kind=CommunityKind.SPECIAL_INTEREST_GROUP))

    def test_it_keeps_the_chief_executives_network_confidential(self):
        """The peer network is confidential: members and guests see it, outsiders get 404."""
        ceos = Community.objects.get(slug="chief-executives-peer-network")
        self.assertEqual(ceos.privacy, Privacy.CONFIDENTIAL)
        self.assertTrue(15 <= Membership.objects.active().filter(community=ceos).count() <= 25)
        self.sign_in("core")
        self.assertEqual(self.client.get(CEOS).status_code, 404)
        self.sign_in("centre")
        self.assertContains(self.client.get(CEOS), "Chatham House")

    def test_it_gives_five_years_of_history(self):
        """People moved jobs, left and rejoined, and the activity stream runs from five years ago to now."""
        now = timezone.now()
        times = Activity.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
        self.assertLess(times["first"], now - datetime.timedelta(days=4 * 365 + 300))
        self.assertGreater(times["last"], now - datetime.timedelta(days=3))
        self.assertFalse(Activity.objects.filter(created_at__gt=now).exists())
        verbs = set(Activity.objects.values_list("verb", flat=True))
        for verb in ("joined", "left", "changed_role", "changed_lifecycle", "approved_membership", "ended_affiliation"):
            self.assertIn(verb, verbs)
        self.assertGreater(Affiliation.objects.filter(end_date__isnull=False).count(), 50)
        spells = Counter(Membership.objects.exclude(joined_at=None).values_list("community_id", "person_id"))
        self.assertIn(2, spells.values())
        self.assertGreater(Person.objects.exclude(access_needs="").count(), 20)
        self.assertGreater(Person.objects.exclude(email_visibility="communities").count(), 20)

    def test_it_leaves_requests_and_invitations_waiting(self):
        """Convenors have requests to decide and invitations to chase, one of them lapsed."""
        national = Community.objects.get(slug="national-cancer-leads-network")
        self.assertEqual(Membership.objects.pending().filter(community=national).count(), 3)
        self.assertTrue(Invitation.objects.pending().filter(community=national).exists())
        self.assertTrue(Invitation.objects.filter(status=InvitationStatus.EXPIRED).exists())
        self.assertFalse(Invitation.objects.pending().filter(expires_at__lte=timezone.now()).exists())
        self.sign_in("convenor")
        response = self.client.get(f"{NATIONAL}members/")
        self.assertContains(response, "Asking to join")
        self.assertContains(response, "Lapsed")

    def test_it_lets_each_persona_sign_in_with_the_demo_password(self):
        """Every demo login works with the shared password and a verified address."""
        for persona in PERSONAS:
            with self.subTest(persona.key):
                self.assertTrue(self.client.login(email=persona.email, password=DEMO_PASSWORD))
                person = Person.objects.get(email=persona.email)
                self.assertEqual(person.display_name, persona.display_name)
                self.assertTrue(EmailAddress.objects.filter(user=person, verified=True, primary=True).exists())
        admin = self.persona("admin")
        self.assertTrue(admin.is_staff)
        self.assertTrue(admin.is_superuser)
        self.assertFalse(self.persona("convenor").is_staff)

    def test_it_shows_each_persona_their_home_community_and_profile(self):
        """Each persona's home page, one of their communities and their profile open."""
        for persona in PERSONAS:
            with self.subTest(persona.key):
                person = self.sign_in(persona.key)
                self.assertContains(self.client.get("/"), person.display_name)
                self.assertContains(self.client.get(PERSONA_COMMUNITY[persona.key]), "You are a")
                self.assertContains(self.client.get(f"/people/{person.pk}/"), person.display_name)

    def test_it_gives_the_core_member_no_convenor_powers(self):
        """Tom is a core member of the GP community, not a convenor."""
        self.sign_in("core")
        self.assertEqual(self.client.get(f"{GP}edit/").status_code, 403)

    def test_it_changes_nothing_when_run_again(self):
        """A second run sees the demo is loaded and writes nothing."""
        before = network.counts()
        out = StringIO()
        call_command("seed_demo", stdout=out)
        self.assertIn("already loaded", out.getvalue())
        self.assertEqual(network.counts(), before)


class DemoPlanTestCase(SimpleTestCase):
    def test_it_plans_the_same_network_every_time(self):
        """The seeded plan gives the same people, communities and memberships on every run."""
        first, second = build_plan(), build_plan()
        self.assertEqual(
            [(p.display_name, p.email) for p in first.people], [(p.display_name, p.email) for p in second.people]
        )
        shape = [(m.community, m.person, m.role, m.joined_ago) for c in first.communities for m in c.memberships]
        again = [(m.community, m.person, m.role, m.joined_ago) for c in second.communities for m in c.memberships]
        self.assertEqual(shape, again)
        self.assertEqual(len({p.email for p in first.people}), len(first.people))


class DemoLoginsTestCase(TestCase):
    def test_it_prints_each_login_with_the_password_and_address(self):
        """``demo_logins`` prints who to sign in as, and warns when the demo is not loaded."""
        out = StringIO()
        call_command("demo_logins", stdout=out)
        text = out.getvalue()
        self.assertIn("http://127.0.0.1:8000", text)
        for persona in PERSONAS:
            self.assertIn(persona.email, text)
            self.assertIn(persona.description, text)
        self.assertIn(DEMO_PASSWORD, text)
        self.assertIn("seed_demo", text)
