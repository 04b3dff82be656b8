"""The products API: the same rules as the pages, with JSON errors for bad input."""

from __future__ import annotations

from typing import Any

from groundswell.communities.models import Privacy
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.lib.api import MAX_ID
from groundswell.people.models import Person
from groundswell.products.models import LifeEvent, Product
from groundswell.products.tests.builders import bearer, make_product, publish
from groundswell.testing import BaseTestCase, make_community

NEW = {"title": "Prehab toolkit", "kind": "toolkit"}


class ProductApiTestCase(BaseTestCase):
    def call(self, method: str, url: str, person: Person, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": bearer(person)}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return getattr(self.client, method)(url, **kwargs)

    def ok(self, method: str, url: str, person: Person, body: Any = None, status: int = 200) -> Any:
        response = self.call(method, url, person, body)
        self.assertEqual(response.status_code, status, response.content)
        return response.json() if status != 204 else None

    def test_it_starts_reads_and_changes_a_product(self) -> None:
        body = {
            **NEW,
            "community_ids": [self.community.pk],
            "summary": " For teams. ",
            "doi": "10.1234/abc.5",
            "stage": "drafting",
            "stage_on": "2021-03-01",
            "stage_precision": "month",
        }
        created = self.ok("post", "/api/v1/products", self.member, body, status=201)
        self.assertEqual(
            (created["title"], created["summary"], created["stage"], created["record"], created["rung"]),
            ("Prehab toolkit", "For teams.", "drafting", "full", "none"),
        )
        self.assertEqual([(a["name"], a["role"]) for a in created["authors"]], [("Mina Member", "lead_author")])
        url = f"/api/v1/products/{created['id']}"
        changed = self.ok("patch", url, self.member, {"title": "Prehabilitation toolkit", "kind": "framework"})
        self.assertEqual((changed["title"], changed["kind"]), ("Prehabilitation toolkit", "framework"))
        other = make_community(self.member, "Second Home", privacy=Privacy.RESTRICTED)
        both = self.ok("patch", url, self.member, {"community_ids": [self.community.pk, other.pk]})
        self.assertEqual(sorted(c["name"] for c in both["communities"]), ["Cancer Leads Network", "Second Home"])
        hidden = make_community(self.outsider, "Hidden", privacy=Privacy.PRIVATE)
        self.assertEqual(self.call("patch", url, self.member, {"community_ids": [hidden.pk]}).status_code, 404)
        visible = make_community(self.outsider, "Visible", privacy=Privacy.OPEN)
        self.assertEqual(self.call("patch", url, self.member, {"community_ids": [visible.pk]}).status_code, 403)
        self.assertEqual(self.call("patch", url, self.member, {"title": None}).status_code, 422)
        listed = self.ok("get", "/api/v1/products?kind=framework", self.core)
        self.assertEqual((listed["count"], listed["items"][0]["title"]), (1, "Prehabilitation toolkit"))

    def test_it_refuses_bad_input_with_json_details(self) -> None:
        base: dict[str, Any] = {**NEW, "community_ids": [self.community.pk]}
        changes: list[dict[str, Any]] = [
            {"title": "   "},
            {"doi": "not-a-doi"},
            {"stage": "in_use"},
            {"stage_on": "2999-01-01"},
            {"stage_on": "1900-01-01"},
            {"community_ids": []},
            {"colour": "blue"},
            {"canonical_url": "javascript:x"},
            {"title": "a\x00b"},
            {"kind": "poem"},
            {"my_role": "contributor"},
        ]
        for change in changes:
            with self.subTest(change):
                response = self.call("post", "/api/v1/products", self.member, {**base, **change})
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn("detail", response.json())
        self.assertFalse(Product.objects.exists())
        for url in (f"/api/v1/products/{MAX_ID + 1}", f"/api/v1/products/{MAX_ID + 1}/story", "/api/v1/products/0"):
            with self.subTest(url):
                self.assertEqual(self.call("get", url, self.member).status_code, 404)

    def test_it_records_verifies_and_removes_life_events(self) -> None:
        product = publish(make_product(self.community, self.core), self.core)
        url = f"/api/v1/products/{product.pk}/events"
        gathering = make_gathering(self.community, self.convenor, days_ahead=-3)
        reported = self.ok(
            "post",
            url,
            self.member,
            {"kind": "adopted", "occurred_on": "2024-05-01", "date_precision": "month", "organisation_name": "Trust"},
            status=201,
        )
        self.assertEqual(
            (reported["verified"], reported["rung"], reported["occurred_on"]), (False, "adopted", "2024-05-01")
        )
        presented = self.ok(
            "post",
            url,
            self.convenor,
            {"kind": "presented", "occurred_on": "2024-06-01", "gathering_id": gathering.pk, "audience_size": 50},
            status=201,
        )
        self.assertEqual((presented["verified"], presented["gathering"]["id"]), (True, gathering.pk))
        wrong = self.call(
            "post",
            url,
            self.member,
            {
                "kind": "cited_policy",
                "occurred_on": "2024-06-01",
                "gathering_id": gathering.pk,
                "organisation_name": "X",
            },
        )
        self.assertEqual(wrong.status_code, 409)
        no_org = self.call("post", url, self.member, {"kind": "endorsed", "occurred_on": "2024-06-01"})
        self.assertEqual(no_org.status_code, 409)
        self.assertEqual(self.ok("get", f"/api/v1/products/{product.pk}/uptake", self.member)["rung"], "seen")
        self.assertEqual(
            [e["kind"] for e in self.ok("get", f"{url}?verified=false", self.member)["items"]], ["adopted"]
        )
        self.ok("patch", f"{url}/{reported['id']}", self.convenor, {"verified": True})
        uptake = self.ok("get", f"/api/v1/products/{product.pk}/uptake", self.member)
        self.assertEqual((uptake["rung"], uptake["steps"][4]["reached_on"]), ("adopted", "2024-05-01"))
        self.assertEqual(
            self.call("patch", f"{url}/{reported['id']}", self.convenor, {"verified": False}).status_code, 422
        )
        self.ok("delete", f"{url}/{reported['id']}", self.convenor, status=204)
        self.assertEqual(self.ok("get", f"/api/v1/products/{product.pk}/uptake", self.member)["rung"], "seen")
        self.assertEqual(LifeEvent.objects.count(), 1)
