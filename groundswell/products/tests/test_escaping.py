"""Pages built in Python (lists, provenance, the life story) escape everything people typed."""

from __future__ import annotations

import datetime

from groundswell.products import actions
from groundswell.products.tests.builders import make_product, publish
from groundswell.testing import PASSWORD, BaseTestCase

HOSTILE = '<script>alert("x")</script>'


class EscapingTestCase(BaseTestCase):
    def test_it_escapes_titles_names_organisations_and_evidence(self) -> None:
        product = make_product(self.community, self.core, title=f"Guide {HOSTILE}", summary=f"About {HOSTILE}")
        actions.add_author(
            product, by=self.core, role="lay_reviewer", name=f"<b>Bold</b> {HOSTILE}", organisation_name=HOSTILE
        )
        publish(product, self.core)
        actions.record_event(
            product,
            by=self.convenor,
            kind="endorsed",
            occurred_on=datetime.date(2024, 1, 1),
            organisation_name=HOSTILE,
            evidence=f"First line\n{HOSTILE}",
            link="https://example.org/?a=1&b=<2>",
        )
        self.client.login(email=self.member.email, password=PASSWORD)
        for url in (
            "/products/",
            f"/communities/{self.community.slug}/products/",
            f"/products/{product.pk}/",
            f"/products/{product.pk}/share/",
            f"/products/{product.pk}/story/",
        ):
            with self.subTest(url):
                page = self.client.get(url)
                self.assertEqual(page.status_code, 200)
                self.assertNotIn(HOSTILE, page.content.decode())
                self.assertNotIn("<b>Bold</b>", page.content.decode())
                self.assertContains(page, "&lt;script&gt;")
        story = self.client.get(f"/products/{product.pk}/story/")
        self.assertContains(story, "First line<br>&lt;script&gt;")
        self.assertContains(story, 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"')
