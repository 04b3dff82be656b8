"""Product lists: filters, search and paging, and pages whose queries do not grow with the data."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from groundswell.communities.models import Privacy, Role
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.products import actions
from groundswell.products.models import DownloadMonth, LifeEvent, Product, VersionComment
from groundswell.products.tests.builders import PDF, make_product, publish
from groundswell.testing import PASSWORD, BaseTestCase, add_member, make_community

D = datetime.date


def _full_product(community: Any, by: Any, n: int, *, events: int = 3) -> Product:
    product = make_product(
        community,
        by,
        title=f"Toolkit {n:03d}",
        kind="toolkit" if n % 2 else "guideline",
        summary=f"Summary {n} about prehabilitation" if n % 3 == 0 else "",
    )
    actions.add_author(product, by=by, role="lay_reviewer", name=f"Reviewer {n}", organisation_name="Voices")
    publish(product, by, on=D(2024, 1, 1))
    LifeEvent.objects.bulk_create(
        LifeEvent(
            product=product,
            kind="endorsed" if e % 2 else "presented",
            occurred_on=D(2024, 2, 1),
            organisation_name=f"Org {e}",
            verified=True,
        )
        for e in range(events)
    )
    DownloadMonth.objects.create(product=product, month=D(2024, 3, 1), count=n + 1)
    actions.refresh_rung(product)
    return product


class ProductListTestCase(BaseTestCase):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_it_filters_by_kind_stage_uptake_community_and_words(self) -> None:
        other = make_community(self.convenor, "Open Circle", privacy=Privacy.OPEN)
        first = _full_product(self.community, self.core, 3)  # toolkit, endorsed, prehabilitation
        make_product(self.community, self.core, title="Idea about letters")
        make_product(other, self.convenor, title="Open guideline", kind="guideline")
        self.client.login(email=self.member.email, password=PASSWORD)

        def titles(query: str) -> list[str]:
            page = self.client.get(f"/products/?{query}")
            return [p.title for p in page.context["page"]]

        self.assertEqual(sorted(titles("")), ["Idea about letters", "Open guideline", "Toolkit 003"])
        self.assertEqual(titles("kind=toolkit"), ["Toolkit 003"])
        self.assertEqual(sorted(titles("stage=idea")), ["Idea about letters", "Open guideline"])
        self.assertEqual(titles("rung=4"), ["Toolkit 003"])
        self.assertEqual(titles("rung=5"), [])
        self.assertEqual(titles("q=PREHAB"), ["Toolkit 003"])  # in the summary, any case
        self.assertEqual(titles(f"community={self.community.pk}&q=letters"), ["Idea about letters"])
        # A community the member does not belong to is not a filter choice.
        self.assertEqual(
            sorted(titles(f"community={other.pk}")), ["Idea about letters", "Open guideline", "Toolkit 003"]
        )
        partial = self.client.get("/products/?kind=toolkit", headers={"HX-Request": "true"})
        self.assertNotContains(partial, "<html")
        self.assertContains(partial, "Toolkit 003")
        # Not signed in: published products and the open community's drafts.
        self.client.logout()
        self.assertEqual(sorted(titles("")), ["Open guideline", "Toolkit 003"])
        self.assertNotIn("community", self.client.get("/products/").context["form"].fields)
        self.assertEqual(first.kind, "toolkit")

    def test_it_pages_without_counting(self) -> None:
        for n in range(27):
            make_product(self.community, self.core, title=f"Product {n:02d}")
        self.client.login(email=self.member.email, password=PASSWORD)
        first = self.client.get("/products/")
        self.assertContains(first, "Showing products 1 to 25: more on the next page")
        second = self.client.get("/products/?page=2")
        self.assertContains(second, "Showing products 26 to 27.")
        self.assertNotContains(second, "more on the next page")

    def test_it_reads_lists_in_constant_queries(self) -> None:
        other = make_community(self.convenor, "Open Circle", privacy=Privacy.OPEN)
        add_member(other, self.member, Role.MEMBER)
        _full_product(self.community, self.core, 1)
        self.client.login(email=self.member.email, password=PASSWORD)
        urls = ["/products/", "/products/?kind=toolkit&rung=1&q=Tool", f"/communities/{self.community.slug}/products/"]
        before = {url: self.count(url) for url in urls}
        for n in range(2, 30):
            product = _full_product(self.community, self.core, n)
            if n % 4 == 0:
                product.communities.add(other)
        for url in urls:
            with self.subTest(url), self.assertNumQueries(before[url]):
                self.client.get(url)
        self.assertLessEqual(before["/products/"], 12)

    def test_it_reads_a_product_page_and_its_life_story_in_constant_queries(self) -> None:
        gathering = make_gathering(self.community, self.convenor, days_ahead=-5)
        small = _full_product(self.community, self.core, 1, events=2)
        large = _full_product(self.community, self.core, 2, events=200)
        for product in (small, large):
            for n in range(3 if product is small else 12):
                version = actions.add_version(product, by=self.core, label=f"v{n}", filename="a.pdf", raw=PDF)
                actions.add_author(product, by=self.core, role="contributor", name=f"Author {n}")
                # Written directly: comments from while it was drafted.
                VersionComment.objects.create(version=version, author=self.member, body="Fine")
            LifeEvent.objects.filter(product=product).update(gathering=gathering, kind="presented")
            actions.update_product(product, by=self.core, born_at=[gathering])
        self.client.login(email=self.convenor.email, password=PASSWORD)
        for path in ("/products/{}/", "/products/{}/story/", "/products/{}/share/", "/products/{}/story.csv"):
            with self.subTest(path):
                expected = self.count(path.format(small.pk))
                with self.assertNumQueries(expected):
                    response = self.client.get(path.format(large.pk))
                self.assertEqual(response.status_code, 200)
        self.assertContains(self.client.get(f"/products/{large.pk}/story/"), "<strong>Presented by Org ", count=200)
        gathering_page = self.count(f"/gatherings/{gathering.pk}/")
        for n in range(5):
            extra = _full_product(self.community, self.core, 100 + n)
            actions.update_product(extra, by=self.core, born_at=[gathering])
        with self.assertNumQueries(gathering_page):
            self.client.get(f"/gatherings/{gathering.pk}/")
