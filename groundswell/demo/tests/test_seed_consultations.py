"""``manage.py seed_demo`` loads the centre's three asks for the National Cancer Leads Network's year."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from groundswell.consultations.models import Ask, AskBriefing, Insight, Response, Source, Synthesis, SynthesisStatus
from groundswell.consultations.overdue import owed_items
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.people.models import Person


class SeedConsultationsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", stdout=StringIO())

    def person(self, key: str) -> Person:
        return Person.objects.get(email=next(p.email for p in PERSONAS if p.key == key))

    def test_it_loads_three_asks_with_about_400_insights_from_the_six_meetings(self) -> None:
        asks = list(Ask.objects.order_by("created_at"))
        self.assertEqual(len(asks), 3)
        self.assertTrue(all(ask.created_by == self.person("centre") for ask in asks))
        total = Insight.objects.count()
        self.assertTrue(350 <= total <= 450, total)
        self.assertTrue(Insight.objects.filter(source=Source.HARVEST_NOTE).exists())
        self.assertTrue(Insight.objects.filter(source=Source.FEEDBACK).exists())
        self.assertTrue(Insight.objects.filter(anonymous=True, author__isnull=True).exists())
        self.assertTrue(Insight.objects.filter(source=Source.ON_BEHALF).exclude(contributor_name="").exists())
        self.assertEqual(AskBriefing.objects.count(), 6)
        self.assertFalse(Insight.objects.filter(anonymous=True, author__isnull=False).exists())

    def test_it_has_syntheses_a_brief_and_responses_some_overdue(self) -> None:
        syntheses = list(Synthesis.objects.order_by("ask__created_at"))
        self.assertEqual([s.status for s in syntheses], [SynthesisStatus.DONE] * 3)
        self.assertEqual([s.is_published for s in syntheses], [True, True, False])
        self.assertGreaterEqual(Response.objects.count(), 4)
        self.assertTrue(Response.objects.filter(status="not_possible").exclude(reason="").exists())
        self.assertGreaterEqual(len(owed_items(self.person("centre"))), 2)
        self.assertTrue(syntheses[1].themes.filter(held=True, urgent=True).exists())
        self.assertTrue(syntheses[2].placements.filter(low_confidence=True).exists())
        self.client.login(email=self.person("centre").email, password=DEMO_PASSWORD)
        page = self.client.get(f"/asks/{syntheses[0].ask_id}/brief/")
        self.assertContains(page, "Urgent referral pathways")
        self.assertContains(self.client.get("/centre/"), "overdue")
