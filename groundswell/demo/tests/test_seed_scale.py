"""seed_scale loads a proportionally scaled national dataset and a persona who can sign in."""

from __future__ import annotations

from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import TestCase

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Membership, MembershipStatus, Privacy
from groundswell.demo import scale
from groundswell.people.models import Affiliation, ExpertiseTag, Organisation, Person


class SeedScaleTestCase(TestCase):
    def seed(self, people: int = 250) -> str:
        out = StringIO()
        call_command("seed_scale", people=people, stdout=out)
        return out.getvalue()

    def test_it_scales_every_table_with_the_number_of_people(self) -> None:
        # 1% of national scale: 2,500 people, 200 organisations, 50 communities, about 10,000
        # memberships and 100,000 activity rows.
        self.seed(2500)
        persona = 1
        self.assertEqual(Person.objects.count(), 2500 + persona)
        self.assertEqual(Organisation.objects.count(), 200)
        self.assertEqual(Community.objects.count(), 50)
        self.assertAlmostEqual(Membership.objects.count() / 10_000, 1, delta=0.05)
        self.assertAlmostEqual(Activity.objects.count() / 100_000, 1, delta=0.001)
        self.assertGreater(Affiliation.objects.count(), 2000)
        # The mixtures the pages have to cope with.
        self.assertEqual(Community.objects.values("privacy").distinct().count(), len(Privacy))
        self.assertTrue(Membership.objects.filter(status=MembershipStatus.LEFT).exists())
        self.assertTrue(Person.objects.filter(email_visibility="only_me").exists())
        sizes = sorted(
            Membership.objects.active().values_list("community").annotate(n=Count("id")).values_list("n", flat=True)
        )
        # A long tail: the largest community dwarfs the median one.
        self.assertGreater(sizes[-1], 5 * sizes[len(sizes) // 2])

    def test_it_creates_a_persona_who_signs_in_and_belongs(self) -> None:
        self.seed(250)
        self.assertTrue(self.client.login(email=scale.BENCH_EMAIL, password=scale.BENCH_PASSWORD))
        persona = Person.objects.get(email=scale.BENCH_EMAIL)
        self.assertTrue(EmailAddress.objects.filter(user=persona, verified=True, primary=True).exists())
        memberships = Membership.objects.active().filter(person=persona).select_related("community")
        self.assertGreaterEqual(memberships.count(), 3)
        private = next(m.community for m in memberships if m.community.privacy == Privacy.PRIVATE)
        self.assertEqual(self.client.get(f"/communities/{private.slug}/").status_code, 200)

    def test_it_refuses_a_database_that_already_has_people(self) -> None:
        self.seed(250)
        with self.assertRaisesMessage(CommandError, "already holds"):
            self.seed(250)

    def test_it_makes_the_same_data_from_the_same_seed(self) -> None:
        self.seed(250)
        generated = Membership.objects.exclude(person__email=scale.BENCH_EMAIL).order_by("id")
        first = list(generated.values_list("community_id", "person_id", "role", "status"))
        names = list(Person.objects.order_by("id").values_list("display_name", flat=True)[:250])
        Activity.objects.all().delete()
        Membership.objects.all().delete()
        Community.objects.all().delete()
        Person.objects.all().delete()
        Organisation.objects.all().delete()
        ExpertiseTag.objects.all().delete()
        self.seed(250)
        self.assertEqual(list(Person.objects.order_by("id").values_list("display_name", flat=True)[:250]), names)
        again = list(generated.values_list("community_id", "person_id", "role", "status"))
        self.assertEqual(again, first)
