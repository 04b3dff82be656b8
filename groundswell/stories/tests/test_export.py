"""The CSV export of a community's stories, for its convenors."""

from __future__ import annotations

import csv
import io

from groundswell.chronicle.models import Activity
from groundswell.stories import actions
from groundswell.stories.models import Naming, Use
from groundswell.stories.tests.builders import make_story
from groundswell.testing import PASSWORD, BaseTestCase


class ExportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)

    def rows(self, use: str) -> list[dict[str, str]]:
        response = self.client.get(f"/communities/{self.community.slug}/stories.csv?use={use}")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        return list(csv.DictReader(io.StringIO(response.content.decode())))

    def test_it_exports_only_the_stories_whose_tellers_agreed_to_the_use(self) -> None:
        make_story(self.community, self.member, title="Community only")
        make_story(self.community, self.member, title="For reports", uses=[Use.SPONSOR_REPORTS])
        make_story(self.community, self.lay, title="Public", uses=[Use.PUBLIC])
        withdrawn = make_story(self.community, self.core, title="Withdrawn", uses=[Use.SPONSOR_REPORTS, Use.PUBLIC])
        actions.withdraw_story(withdrawn, by=self.core)
        make_story(self.community, self.core, title="Not yet checked", uses=[Use.SPONSOR_REPORTS],
                   what_happened="Call 07700 900123.")  # fmt: skip
        self.assertEqual([row["title"] for row in self.rows("sponsor_reports")], ["For reports"])
        self.assertEqual([row["title"] for row in self.rows("public")], ["Public"])
        self.assertEqual(
            [row["title"] for row in self.rows("community")],
            ["Community only", "For reports", "Public", "Not yet checked"],
        )
        self.assertEqual(Activity.objects.filter(verb="exported_stories", actor=self.convenor).count(), 3)

    def test_it_names_tellers_only_as_they_agreed(self) -> None:
        make_story(self.community, self.lay, uses=[Use.SPONSOR_REPORTS], naming=Naming.PSEUDONYMOUS, pseudonym="Wren")
        make_story(self.community, self.member, uses=[Use.SPONSOR_REPORTS], naming=Naming.ANONYMOUS)
        make_story(self.community, self.core, uses=[Use.SPONSOR_REPORTS])
        rows = self.rows("sponsor_reports")
        self.assertEqual(sorted(row["told by"] for row in rows), ["Anonymous", "Colin Core", "Wren"])
        body = "".join(str(row) for row in rows)
        self.assertNotIn("Lee Lay", body)
        self.assertNotIn("Mina Member", body)

    def test_it_neutralises_cells_a_spreadsheet_would_run(self) -> None:
        make_story(self.community, self.member, title="=HYPERLINK(\"http://evil\")", what_happened="@SUM(1)",
                   uses=[Use.SPONSOR_REPORTS])  # fmt: skip
        row = self.rows("sponsor_reports")[0]
        self.assertEqual(row["title"], '\'=HYPERLINK("http://evil")')
        self.assertEqual(row["what happened"], "'@SUM(1)")

    def test_it_sends_a_bad_choice_back_to_the_list(self) -> None:
        response = self.client.get(f"/communities/{self.community.slug}/stories.csv?use=everything")
        self.assertRedirects(response, f"/communities/{self.community.slug}/stories/")
        self.assertFalse(Activity.objects.filter(verb="exported_stories").exists())

    def test_it_answers_403_to_members_and_404_to_outsiders(self) -> None:
        url = f"/communities/{self.community.slug}/stories.csv?use=community"
        self.client.login(email=self.core.email, password=PASSWORD)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
