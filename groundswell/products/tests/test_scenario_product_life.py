"""A product's life replayed from idea to adoption, through the pages and the API, as a community
and readers outside it would live it; then the ladder and life story compared with what happened."""

from __future__ import annotations

import csv
import datetime
import io
import re

import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from groundswell.communities.models import Privacy, Role
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.products.models import LifeEvent, Product
from groundswell.products.tests.builders import PDF, bearer
from groundswell.testing import PASSWORD, BaseTestCase, add_member, make_community

D = datetime.date


class ProductLifeTestCase(BaseTestCase):
    def test_it_follows_a_guideline_from_an_idea_to_adoption(self) -> None:
        gp = make_community(self.convenor, "GP Cancer Community", privacy=Privacy.OPEN)
        for person, role in ((self.core, Role.CORE_MEMBER), (self.lay, Role.LAY_PARTNER), (self.member, Role.MEMBER)):
            add_member(gp, person, role)
        with time_machine.travel(datetime.datetime(2021, 3, 2, 10, tzinfo=datetime.UTC)):
            workshop = make_gathering(gp, self.convenor, title="What keeps you awake?", days_ahead=-1)

        # 2021: an idea at a workshop, started from the web by a core member.
        with time_machine.travel(datetime.datetime(2021, 3, 5, 10, tzinfo=datetime.UTC)):
            self.client.login(email=self.core.email, password=PASSWORD)
            self.client.post(
                f"/communities/{gp.slug}/products/new/",
                {
                    "title": "Safety-netting in primary care",
                    "kind": "guideline",
                    "communities": [gp.pk],
                    "stage": "idea",
                    "year": "2021",
                    "month": "3",
                    "day": "1",
                    "my_role": "lead_author",
                    "summary": "What to do after a normal test.",
                },
            )
            product = Product.objects.get()
            self.client.post(f"/products/{product.pk}/born-at/", {"intent": "add", "gathering": workshop.pk})
            self.client.post(
                f"/products/{product.pk}/authors/", {"intent": "add", "role": "lay_reviewer", "email": self.lay.email}
            )
            self.client.post(
                f"/products/{product.pk}/stage/", {"stage": "drafting", "year": "2021", "month": "3", "day": "5"}
            )
            self.client.post(
                f"/products/{product.pk}/versions/new/", {"label": "Draft 1", "file": SimpleUploadedFile("d1.pdf", PDF)}
            )
        draft = product.versions.get()
        # The lay reviewer comments on the page; the API carries the consultation.
        with time_machine.travel(datetime.datetime(2021, 6, 1, 10, tzinfo=datetime.UTC)):
            self.client.login(email=self.lay.email, password=PASSWORD)
            self.client.post(f"/products/{product.pk}/versions/{draft.pk}/", {"body": "Say what to do out of hours."})
            core = bearer(self.core)
            api = f"/api/v1/products/{product.pk}"
            self.client.post(
                f"{api}/stages",
                {"stage": "consultation", "on": "2021-06-01"},
                content_type="application/json",
                headers=core,
            )
            second = self.client.post(
                f"{api}/versions",
                {"label": "Consultation draft", "file": SimpleUploadedFile("d2.pdf", PDF)},
                headers=core,
            ).json()
            self.client.post(
                f"{api}/versions/{second['id']}/comments",
                {"body": "Works in our practice."},
                content_type="application/json",
                headers=bearer(self.member),
            )
        # 2022: endorsed by a royal college (the convenor records it: verified), then published.
        with time_machine.travel(datetime.datetime(2022, 2, 10, 10, tzinfo=datetime.UTC)):
            self.client.login(email=self.convenor.email, password=PASSWORD)
            self.client.post(
                f"/products/{product.pk}/events/new/",
                {
                    "kind": "endorsed",
                    "year": "2022",
                    "month": "2",
                    "day": "1",
                    "organisation": "Royal College of Primary Care",
                },
            )
            self.client.post(
                f"/products/{product.pk}/stage/", {"stage": "published", "year": "2022", "month": "2", "day": "10"}
            )
        # A reader who is not signed in finds the share page, downloads it (counted) and reports using it.
        self.client.logout()
        with time_machine.travel(datetime.datetime(2022, 9, 1, 10, tzinfo=datetime.UTC)):
            share = self.client.get(f"/products/{product.pk}/share/")
            self.assertContains(share, "Lee Lay (lay reviewer)")
            self.assertContains(share, "Endorsed by</dt><dd>Royal College of Primary Care")
            download = re.search(rf'href="(/products/{product.pk}/versions/\d+/file/)"', share.content.decode())
            assert download is not None
            self.assertEqual(self.client.get(download.group(1)).getvalue(), PDF)
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(
                    f"/products/{product.pk}/we-use-this/",
                    {
                        "organisation": "NHS Northshire ICB",
                        "how_used": "Our practices' standard.",
                        "email": "primary.care@northshire-icb.example.net",
                    },
                )
            link = re.search(r"/products/\d+/we-use-this/[^/\s]+/", str(mail.outbox[-1].body))
            assert link is not None
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(link.group(0))
        # The member reports a presentation, the convenor verifies both reports; the centre cites it.
        with time_machine.travel(datetime.datetime(2023, 1, 20, 10, tzinfo=datetime.UTC)):
            presented = self.client.post(
                f"/api/v1/products/{product.pk}/events",
                {
                    "kind": "presented",
                    "occurred_on": "2022-11-01",
                    "venue": "Primary Care Conference",
                    "audience_size": 300,
                },
                content_type="application/json",
                headers=bearer(self.member),
            ).json()
            convenor = bearer(self.convenor)
            for event in LifeEvent.objects.filter(verified=False):
                self.client.patch(
                    f"/api/v1/products/{product.pk}/events/{event.pk}",
                    {"verified": True},
                    content_type="application/json",
                    headers=convenor,
                )
            self.client.post(
                f"/api/v1/products/{product.pk}/events",
                {
                    "kind": "cited_policy",
                    "occurred_on": "2023-01-01",
                    "date_precision": "month",
                    "organisation_name": "National Cancer Programme",
                },
                content_type="application/json",
                headers=convenor,
            )
        self.assertFalse(LifeEvent.objects.filter(verified=False).exists())
        self.assertEqual(LifeEvent.objects.get(pk=presented["id"]).venue, "Primary Care Conference")

        # The ladder, compared with the events recorded.
        uptake = self.client.get(f"/api/v1/products/{product.pk}/uptake", headers=bearer(self.outsider)).json()
        self.assertEqual(uptake["rung"], "adopted")
        self.assertEqual(
            [(s["rung"], s["reached_on"], s["events"]) for s in uptake["steps"]],
            [
                ("seen", "2022-09-01", 1),
                ("discussed", None, 0),
                ("cited", "2023-01-01", 1),
                ("endorsed", "2022-02-01", 1),
                ("adopted", "2022-09-01", 1),
            ],
        )
        self.assertEqual(uptake["downloads"], [{"month": "2022-09-01", "count": 1}])
        # The life story, read without signing in, compared with what happened, in order.
        rows = list(csv.reader(io.StringIO(self.client.get(f"/products/{product.pk}/story.csv").content.decode())))
        self.assertEqual(
            [(r[0], r[3]) for r in rows[1:]],
            [
                ("2021-03-01", "Born at What keeps you awake?"),
                ("2021-03-01", "Stage: Idea"),
                ("2021-03-05", "Stage: Drafting"),
                ("2021-03-05", "Version Draft 1 added"),
                ("2021-06-01", "Stage: Out for consultation"),
                ("2021-06-01", "Version Consultation draft added"),
                ("2021-06-01", "1 comment on Draft 1"),
                ("2021-06-01", "1 comment on Consultation draft"),
                ("2022-02-01", "Endorsed by Royal College of Primary Care"),
                ("2022-02-10", "Stage: Published"),
                ("2022-02-10", "Version Consultation draft released"),
                ("2022-09-01", "Adopted by NHS Northshire ICB"),
                ("2022-09", "Downloaded 1 time from Groundswell"),
                ("2022-11-01", "Presented at Primary Care Conference (audience of 300)"),
                ("2023-01", "Cited in policy by National Cancer Programme"),
            ],
        )
        # The community's time to uptake: publication (10 February 2022) to the adoption (1 September).
        report = self.client.get(f"/api/v1/communities/{gp.pk}/adoption-report", headers=bearer(self.outsider)).json()
        self.assertEqual(
            (report["median_days_to_uptake"], report["taken_up"]), ((D(2022, 9, 1) - D(2022, 2, 10)).days, 1)
        )
        # The workshop's page shows the product born there.
        self.assertContains(self.client.get(f"/gatherings/{workshop.pk}/"), "Safety-netting in primary care")
