"""Life events and the uptake ladder: the rung follows the verified events recorded; the
community's median time to uptake follows its definition."""

from __future__ import annotations

import datetime

import time_machine

from groundswell.gatherings.tests.builders import make_gathering
from groundswell.people.actions import ActionError
from groundswell.products import actions, uptake
from groundswell.products.models import RUNG_OF_KIND, DownloadMonth, EventKind, LifeEvent, Product, Rung
from groundswell.products.tests.builders import bearer, make_product, publish
from groundswell.testing import PASSWORD, BaseTestCase

D = datetime.date


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC))
class UptakeLadderTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.product = make_product(self.community, self.core)

    def record(self, kind: str, on: datetime.date, by: object = None, **fields: object) -> LifeEvent:
        return actions.record_event(self.product, by=by or self.convenor, kind=kind, occurred_on=on, **fields)  # type: ignore[arg-type]

    def rung(self) -> int:
        return Product.objects.get(pk=self.product.pk).rung

    def test_it_maps_every_kind_of_event_to_its_documented_rung(self) -> None:
        expected = {
            "downloaded": 1,
            "presented": 1,
            "mentioned_media": 1,
            "discussed_at_gathering": 2,
            "cited_academic": 3,
            "cited_policy": 3,
            "referenced_in_guideline": 3,
            "endorsed": 4,
            "adopted": 5,
            "adapted_locally": 5,
            "translated": 5,
        }
        self.assertEqual({k: int(v) for k, v in RUNG_OF_KIND.items()}, expected)
        for kind in set(EventKind.values) - set(expected):
            self.assertIn(kind, {"draft_circulated", "comment_received", "revised", "published", "withdrawn"})

    def test_it_climbs_the_ladder_with_verified_events_only(self) -> None:
        self.record("draft_circulated", D(2021, 1, 1))
        self.assertEqual(self.rung(), Rung.NONE)
        self.record("presented", D(2022, 3, 1), venue="A conference", audience_size=120)
        self.assertEqual(self.rung(), Rung.SEEN)
        self.record(
            "cited_policy", D(2023, 1, 1), date_precision="month", organisation_name="National Cancer Programme"
        )
        self.assertEqual(self.rung(), Rung.CITED)
        # A member's report waits for a convenor: it does not count yet.
        adoption = self.record("adopted", D(2024, 5, 5), by=self.member, organisation_name="Northshire ICB")
        self.assertFalse(adoption.verified)
        self.assertEqual(self.rung(), Rung.CITED)
        steps = uptake.ladder(self.product, include_unverified=True)
        self.assertEqual(
            [(s.label, s.when, s.events, s.reported) for s in steps],
            [
                ("Seen", "1 March 2022", 1, False),
                ("Discussed", "", 0, False),
                ("Cited", "January 2023", 1, False),
                ("Endorsed", "", 0, False),
                ("Adopted", "", 0, True),
            ],
        )
        self.assertEqual(uptake.highest_reported(steps), Rung.ADOPTED)
        actions.verify_event(adoption, by=self.convenor)
        self.assertEqual(self.rung(), Rung.ADOPTED)
        actions.remove_event(LifeEvent.objects.get(pk=adoption.pk), by=self.convenor)
        self.assertEqual(self.rung(), Rung.CITED)

    def test_it_counts_downloads_as_seen(self) -> None:
        publish(self.product, self.core, on=D(2025, 1, 1))
        version = self.product.versions.get()
        with time_machine.travel(datetime.datetime(2025, 5, 3, tzinfo=datetime.UTC)):
            for _ in range(3):
                self.client.get(f"/products/{self.product.pk}/versions/{version.pk}/file/")
        for _ in range(2):
            self.client.get(f"/products/{self.product.pk}/versions/{version.pk}/file/")
        self.assertEqual(
            list(DownloadMonth.objects.order_by("month").values_list("month", "count")),
            [(D(2025, 5, 1), 3), (D(2025, 6, 1), 2)],
        )
        self.assertEqual(self.rung(), Rung.SEEN)
        self.assertEqual(uptake.ladder(self.product, include_unverified=False)[0].when, "May 2025")

    def test_it_requires_the_organisation_for_endorsements_and_adoptions(self) -> None:
        for kind in ("endorsed", "adopted", "adapted_locally"):
            with self.subTest(kind), self.assertRaisesMessage(ActionError, "Say which organisation"):
                self.record(kind, D(2024, 1, 1))
        gathering = make_gathering(self.community, self.convenor)
        with self.assertRaisesMessage(ActionError, "Only a presentation or a discussion happens at a gathering"):
            self.record("cited_policy", D(2024, 1, 1), gathering=gathering, organisation_name="X")
        with self.assertRaisesMessage(ActionError, "Say which gathering"):
            self.record("discussed_at_gathering", D(2024, 1, 1))
        self.assertFalse(LifeEvent.objects.exists())

    def test_it_records_and_verifies_events_from_the_pages(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        url = f"/products/{self.product.pk}/events/new/"
        self.assertContains(self.client.post(url, {"kind": "endorsed", "year": "2024"}), "Say which organisation")
        response = self.client.post(
            url,
            {
                "kind": "endorsed",
                "year": "2024",
                "month": "2",
                "organisation": "Northshire Cancer Alliance",
                "link": "https://example.org/e",
            },
        )
        self.assertRedirects(response, f"/products/{self.product.pk}/")
        event = LifeEvent.objects.get()
        # The typed name matched the organisation in the directory.
        self.assertEqual((event.organisation, event.when, event.verified), (self.organisation, "February 2024", False))
        page = self.client.get(f"/products/{self.product.pk}/")
        self.assertContains(page, "Not yet verified")
        self.assertNotContains(page, "Verify<span")
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/products/{self.product.pk}/"), "Verify<span")
        self.client.post(f"/products/{self.product.pk}/events/{event.pk}/verify/")
        self.assertEqual(self.rung(), Rung.ENDORSED)
        self.assertContains(self.client.get("/products/"), "Uptake: endorsed")


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC))
class TimeToUptakeTestCase(BaseTestCase):
    def product(self, published: datetime.date | None, *events: tuple[str, datetime.date, bool]) -> Product:
        product = make_product(self.community, self.core, title=f"Product {Product.objects.count()}")
        if published is not None:
            publish(product, self.core, on=published)
        for kind, on, verified in events:
            event = actions.record_event(product, by=self.member, kind=kind, occurred_on=on, organisation_name="Org")
            if verified:
                actions.verify_event(event, by=self.convenor)
        return product

    def test_it_takes_the_median_of_days_from_publication_to_first_policy_citation_or_adoption(self) -> None:
        self.product(D(2020, 1, 1), ("cited_policy", D(2020, 1, 31), True), ("adopted", D(2020, 1, 11), True))  # 10
        self.product(D(2021, 1, 1), ("adopted", D(2021, 4, 11), True), ("endorsed", D(2021, 1, 2), True))  # 100
        self.product(D(2022, 1, 1), ("cited_policy", D(2021, 12, 1), True))  # before publication: 0
        self.product(D(2022, 1, 1), ("adopted", D(2022, 2, 1), False))  # unverified: not taken up
        self.product(D(2023, 1, 1), ("cited_academic", D(2023, 2, 1), True))  # not a policy citation
        self.product(None, ("adopted", D(2023, 2, 1), True))  # never published
        summary = uptake.community_uptake(self.community.pk)
        self.assertEqual((summary.published, summary.taken_up, summary.median_days), (5, 3, 10))
        self.product(D(2023, 1, 1), ("adopted", D(2023, 12, 27), True))  # 360: an even count takes the mean
        summary = uptake.community_uptake(self.community.pk)
        self.assertEqual((summary.taken_up, summary.median_days), (4, 55))
        self.assertEqual(summary.by_rung[Rung.ADOPTED], 4)
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(f"/communities/{self.community.slug}/products/")
        self.assertContains(page, "55 days")
        self.assertContains(page, "across the 4 of 6 published products")
        report = self.client.get(
            f"/api/v1/communities/{self.community.pk}/adoption-report", headers=bearer(self.member)
        )
        body = report.json()
        self.assertEqual((body["median_days_to_uptake"], body["taken_up"], body["published"]), (55, 4, 6))
        self.assertEqual(body["by_rung"]["adopted"], 4)
        self.assertIn(False, [a["verified"] for a in body["adoptions"]])
        self.assertEqual(
            self.client.get(
                f"/api/v1/communities/{self.community.pk}/adoption-report", headers=bearer(self.outsider)
            ).status_code,
            404,
        )

    def test_it_says_when_nothing_has_been_taken_up(self) -> None:
        self.product(D(2024, 1, 1))
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(f"/communities/{self.community.slug}/products/")
        self.assertContains(page, "None of the 1 published product has a verified policy citation or adoption yet.")
        self.assertIsNone(uptake.community_uptake(self.community.pk).median_days)
