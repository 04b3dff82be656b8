"""The life story: one timeline of stages, versions, comments, events, downloads and where the
product was born, compared with what was recorded; and its CSV export."""

from __future__ import annotations

import csv
import datetime
import io

import time_machine

from groundswell.communities.models import Privacy
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.products import actions
from groundswell.products.models import DownloadMonth
from groundswell.products.tests.builders import PDF, bearer, make_product
from groundswell.testing import PASSWORD, BaseTestCase, add_member, make_community

D = datetime.date


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC))
class LifeStoryTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.open = make_community(self.convenor, "GP Community", privacy=Privacy.OPEN)
        add_member(self.open, self.core)
        self.workshop = make_gathering(self.open, self.convenor, title="Results workshop", days_ahead=-900)
        self.private_day = make_gathering(self.community, self.convenor, title="Leads' day", days_ahead=-30)
        # A product of the private community, born at an open community's workshop.
        self.product = make_product(
            self.community, self.core, stage="idea", stage_on=D(2022, 11, 1), stage_precision="month"
        )
        actions.update_product(self.product, by=self.core, born_at=[self.workshop])
        with time_machine.travel(datetime.datetime(2023, 1, 10, 9, tzinfo=datetime.UTC)):
            actions.change_stage(self.product, by=self.core, stage="drafting", on=D(2023, 1, 10))
            draft = actions.add_version(self.product, by=self.core, label="Draft 1", filename="d.pdf", raw=PDF)
            actions.add_comment(draft, by=self.core, body='=HYPERLINK("http://evil")')
        actions.record_event(
            self.product,
            by=self.convenor,
            kind="endorsed",
            occurred_on=D(2024, 1, 1),
            date_precision="year",
            organisation_name="+Royal College",
            evidence="@SUM(A1)",
        )
        actions.change_stage(self.product, by=self.core, stage="published", on=D(2024, 3, 1))
        actions.record_event(
            self.product,
            by=self.convenor,
            kind="presented",
            occurred_on=D(2024, 6, 1),
            gathering=self.private_day,
            audience_size=40,
        )
        actions.record_event(
            self.product, by=self.core, kind="adopted", occurred_on=D(2025, 1, 1), organisation_name="-Unverified ICB"
        )
        DownloadMonth.objects.create(product=self.product, month=D(2024, 4, 1), count=12)

    def titles(self, url: str) -> list[str]:
        rows = self.client.get(url, headers=self.headers).json()["items"]
        return [f"{r['date']} {r['description']}" for r in rows]

    def test_it_tells_the_whole_story_to_the_community(self) -> None:
        self.headers = bearer(self.core)
        self.assertEqual(
            self.titles(f"/api/v1/products/{self.product.pk}/story"),
            [
                "2022-11-01 Stage: Idea",
                f"{self.workshop.starts_at.date()} Born at Results workshop",
                "2023-01-10 Stage: Drafting",
                "2023-01-10 Version Draft 1 added",
                "2023-01-10 1 comment on Draft 1",
                "2024-01-01 Endorsed by +Royal College",
                "2024-03-01 Stage: Published",
                "2024-03-01 Version Draft 1 released",
                "2024-04-01 Downloaded 12 times from Groundswell",
                "2024-06-01 Presented at Leads' day (audience of 40)",
                "2025-01-01 Adopted by -Unverified ICB",
            ],
        )
        self.client.login(email=self.core.email, password=PASSWORD)
        page = self.client.get(f"/products/{self.product.pk}/story/")
        self.assertContains(page, '<time class="gs-meta" datetime="2024">2024</time>')
        self.assertContains(page, "Not yet verified", count=1)

    def test_it_tells_the_public_only_released_versions_and_verified_events(self) -> None:
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.headers = bearer(self.outsider)
        titles = self.titles(f"/api/v1/products/{self.product.pk}/story")
        self.assertIn("2024-06-01 Presented at a gathering (audience of 40)", titles)  # a private community's
        self.assertNotIn("2023-01-10 Version Draft 1 added", titles)
        self.assertNotIn("2025-01-01 Adopted by -Unverified ICB", titles)
        self.assertNotIn("2023-01-10 1 comment on Draft 1", titles)
        self.assertIn(f"{self.workshop.starts_at.date()} Born at Results workshop", titles)
        self.assertIn("2024-03-01 Version Draft 1 released", titles)

    def test_it_exports_csv_that_spreadsheets_will_not_run(self) -> None:
        self.client.login(email=self.core.email, password=PASSWORD)
        response = self.client.get(f"/products/{self.product.pk}/story.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="Safety-netting after a normal test life story.csv"'
        )
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(
            rows[0],
            [
                "date",
                "date precision",
                "what",
                "description",
                "organisation",
                "gathering",
                "link",
                "detail",
                "verified",
            ],
        )
        endorsed = next(r for r in rows if r[2] == "event" and "Royal College" in r[3])
        self.assertEqual(endorsed[:2], ["2024", "year"])
        self.assertEqual((endorsed[4], endorsed[7], endorsed[8]), ("'+Royal College", "'@SUM(A1)", "yes"))
        adopted = next(r for r in rows if "Unverified ICB" in r[3])
        self.assertEqual((adopted[4], adopted[8]), ("'-Unverified ICB", "no"))
        for row in rows[1:]:
            for cell in row:
                self.assertFalse(cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell)


class BornAtTestCase(BaseTestCase):
    def test_it_links_a_product_to_its_gathering_and_shows_it_from_both_sides(self) -> None:
        gathering = make_gathering(self.community, self.convenor, title="Leads' day", days_ahead=-10)
        product = make_product(self.community, self.core, title="Faster diagnosis toolkit")
        self.client.login(email=self.core.email, password=PASSWORD)
        url = f"/products/{product.pk}/born-at/"
        self.assertContains(self.client.get(url), "Leads&#x27;s day".replace("&#x27;s", "&#x27;"))
        self.assertRedirects(self.client.post(url, {"intent": "add", "gathering": gathering.pk}), url)
        self.assertContains(self.client.get(f"/products/{product.pk}/"), f'href="/gatherings/{gathering.pk}/"')
        page = self.client.get(f"/gatherings/{gathering.pk}/")
        self.assertContains(page, "Products born here")
        self.assertContains(page, "Faster diagnosis toolkit")
        # A gathering of a community the editor cannot see is not offered, and cannot be linked by the API.
        elsewhere = make_community(self.outsider, "Elsewhere", privacy=Privacy.PRIVATE)
        hidden = make_gathering(elsewhere, self.outsider, title="Hidden day")
        self.assertNotContains(self.client.get(url), "Hidden day")
        self.assertContains(self.client.post(url, {"intent": "add", "gathering": hidden.pk}), "Select a valid choice")
        response = self.client.patch(
            f"/api/v1/products/{product.pk}",
            {"born_at_gathering_ids": [hidden.pk]},
            content_type="application/json",
            headers=bearer(self.core),
        )
        self.assertEqual(response.status_code, 422)
        body = self.client.get(f"/api/v1/products/{product.pk}", headers=bearer(self.member)).json()
        self.assertEqual([g["title"] for g in body["born_at"]], ["Leads' day"])
        # Removing the link takes the product off the gathering's page.
        self.client.post(url, {"intent": "remove", "gathering": gathering.pk})
        self.assertNotContains(self.client.get(f"/gatherings/{gathering.pk}/"), "Products born here")

    def test_it_keeps_hidden_drafts_off_an_open_gatherings_page(self) -> None:
        open_community = make_community(self.convenor, "Open Circle", privacy=Privacy.OPEN)
        gathering = make_gathering(open_community, self.convenor, title="Open day", days_ahead=-3)
        draft = make_product(self.community, self.core, title="Private draft")
        actions.update_product(draft, by=self.core, born_at=[gathering])
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertNotContains(self.client.get(f"/gatherings/{gathering.pk}/"), "Private draft")
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/gatherings/{gathering.pk}/"), "Private draft")
