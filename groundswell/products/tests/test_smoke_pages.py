"""Every products page renders for the people who may see it (a quick check of the templates)."""

from __future__ import annotations

from django.utils import timezone

from groundswell.products import actions
from groundswell.products.tests.builders import PDF, make_product, publish
from groundswell.testing import PASSWORD, BaseTestCase


class PagesTestCase(BaseTestCase):
    def test_it_renders_every_page_for_the_convenor(self) -> None:
        product = make_product(self.community, self.core, stage="drafting")
        version = actions.add_version(product, by=self.core, label="Draft 1", filename="d.pdf", raw=PDF)
        actions.add_comment(version, by=self.member, body="Looks good")
        publish(product, self.core)
        actions.record_event(
            product,
            by=self.convenor,
            kind="endorsed",
            occurred_on=timezone.localdate(),
            organisation_name="Royal College of Primary Care",
        )
        self.client.login(email=self.convenor.email, password=PASSWORD)
        p = product.pk
        for url in [
            "/products/",
            f"/communities/{self.community.slug}/products/",
            f"/communities/{self.community.slug}/products/new/",
            f"/products/{p}/",
            f"/products/{p}/versions/{version.pk}/",
            f"/products/{p}/story/",
            f"/products/{p}/share/",
            f"/products/{p}/we-use-this/",
            f"/products/{p}/edit/",
            f"/products/{p}/stage/",
            f"/products/{p}/versions/new/",
            f"/products/{p}/authors/",
            f"/products/{p}/born-at/",
            f"/products/{p}/events/new/",
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, response.content[:2000])
