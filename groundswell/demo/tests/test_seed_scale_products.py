"""The benchmark's products load into a ``seed_scale`` dataset, and their pages work."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from groundswell.demo import scale
from groundswell.demo.scale_products import BIG_PRODUCT_EVENTS, seed_bench_products
from groundswell.people.models import Person
from groundswell.products.models import Authorship, LifeEvent, Product, Rung, StageChange, Version


class SeedScaleProductsTestCase(TestCase):
    def test_it_loads_products_across_the_communities_and_one_with_200_events(self) -> None:
        call_command("seed_scale", people=300, stdout=StringIO())
        persona = Person.objects.get(email=scale.BENCH_EMAIL)
        made = seed_bench_products(persona, products=120)
        self.assertEqual(Product.objects.count(), 121)
        self.assertEqual(Authorship.objects.filter(role="lay_reviewer").count(), 120 + 4)
        self.assertTrue(Version.objects.exists())
        self.assertGreaterEqual(StageChange.objects.count(), 120)
        self.assertEqual(LifeEvent.objects.count(), made.events + BIG_PRODUCT_EVENTS)
        self.assertGreater(Product.objects.filter(rung=Rung.ADOPTED).count(), 0)
        self.assertGreater(Product.objects.filter(published_on__isnull=True).count(), 0)
        # The rung written with the rows is the one the verified events give.
        from groundswell.products import actions

        for product in Product.objects.order_by("pk")[:40]:
            with self.subTest(product.pk):
                self.assertEqual(actions.refresh_rung(product), product.rung)
        self.client.login(email=scale.BENCH_EMAIL, password=scale.BENCH_PASSWORD)
        for url in ("/products/", "/products/?q=asthma&rung=1", f"/products/{made.big_product_id}/",
                    f"/products/{made.big_product_id}/story/"):  # fmt: skip
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)
        big = Product.objects.get(pk=made.big_product_id)
        self.assertEqual(big.events.count(), BIG_PRODUCT_EVENTS)
        self.assertEqual(big.rung, Rung.ADOPTED)
