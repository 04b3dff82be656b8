"""``manage.py seed_demo`` loads a dozen stories with different consents, one withdrawn."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from groundswell.chronicle.models import Activity
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.people.models import Person
from groundswell.stories.models import ConsentRecord, Naming, Story, Use


class SeedStoriesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", stdout=StringIO())

    def persona(self, key: str) -> Person:
        return Person.objects.get(email=next(p.email for p in PERSONAS if p.key == key))

    def test_it_loads_a_dozen_stories_from_lay_partners_and_professionals(self):
        stories = list(Story.objects.select_related("teller", "consent"))
        self.assertEqual(len(stories), 12)
        lay = [s for s in stories if s.teller is not None and s.teller.is_lay_partner]
        self.assertGreaterEqual(len(lay), 5)
        self.assertGreaterEqual(len([s for s in stories if s.teller is not None and not s.teller.is_lay_partner]), 4)
        self.assertTrue(any(s.on_behalf and s.teller is None for s in stories))

    def test_it_covers_every_use_and_naming_and_one_withdrawal(self):
        consents = [s.consent for s in Story.objects.select_related("consent")]
        self.assertEqual(sum(1 for c in consents if c is not None and c.withdrawn), 1)
        for use in Use:
            with self.subTest(use=use):
                self.assertTrue(any(c is not None and use in c.uses for c in consents))
        self.assertEqual({c.naming for c in consents if c is not None}, set(Naming.values))
        self.assertTrue(any(c is not None and c.has_expired for c in consents))
        self.assertGreater(ConsentRecord.objects.count(), Story.objects.count())

    def test_the_consent_rule_holds_for_the_demo(self):
        public = set(Story.objects.readable_by(None, use=Use.PUBLIC).values_list("title", flat=True))
        self.assertEqual(
            public, {"The letter that finally made sense", "Reviewing the leaflet", "Research that asked us first"}
        )
        withdrawn = Story.objects.get(consent__withdrawn=True)
        self.assertFalse(Story.objects.visible_to(self.persona("convenor")).filter(pk=withdrawn.pk).exists())
        waiting = Story.objects.get(title="Knowing who to ring")
        self.assertFalse(waiting.is_checked)
        self.assertFalse(
            Story.objects.readable_by(self.persona("centre"), use=Use.GROUNDSWELL).filter(pk=waiting.pk).exists()
        )

    def test_it_records_activity_without_naming_tellers(self):
        entries = Activity.objects.filter(target_type="story")
        self.assertEqual(entries.filter(verb="told_story").count(), 12)
        self.assertFalse(entries.exclude(actor=None).exists())
        self.assertFalse(entries.filter(target_label__icontains="leaflet").exists())

    def test_the_lay_persona_sees_her_stories_and_the_public_page_works(self):
        self.assertTrue(self.client.login(email=self.persona("lay").email, password=DEMO_PASSWORD))
        response = self.client.get("/me/stories/")
        self.assertContains(response, "Waiting-room chairs")
        self.assertContains(response, "Robin (you)")
        self.client.logout()
        response = self.client.get("/stories/")
        self.assertContains(response, "Reviewing the leaflet")
        self.assertContains(response, "Heron")
        self.assertNotContains(response, "Leroy Bailey")


class SeedScaleStoriesTestCase(TestCase):
    def test_it_adds_stories_with_mixed_consent_to_the_scale_dataset(self):
        from django.core.management import CommandError

        with self.assertRaises(CommandError):
            call_command("seed_scale_stories", stories=10, stdout=StringIO())
        call_command("seed_scale", people=250, stdout=StringIO())
        out = StringIO()
        call_command("seed_scale_stories", stories=2000, stdout=out)
        self.assertIn("Loaded 2,000 stories", out.getvalue())
        self.assertEqual(Story.objects.count(), 2000)
        self.assertEqual(Story.objects.filter(consent__isnull=True).count(), 0)
        self.assertEqual(ConsentRecord.objects.count(), 2000)
        self.assertTrue(Story.objects.filter(consent__withdrawn=True).exists())
        public = Story.objects.readable_by(None, use=Use.PUBLIC).count()
        self.assertTrue(50 < public < 400, public)
        # New stories after the load get fresh ids.
        first = Story.objects.order_by("pk").first()
        assert first is not None
        later = Story.objects.create(community_id=first.community_id, title="x", what_happened="x", content_digest="x")
        self.assertGreater(later.pk, 2000)
