"""Who may do what with a product, through the pages and the API: outsiders of a private
community get 404 for its drafts everywhere; people who can see a product but lack the role get 403."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from groundswell.communities.models import Privacy, Role
from groundswell.products import actions
from groundswell.products.models import LifeEvent, Product, StageChange, Version, VersionComment
from groundswell.products.tests.builders import PDF, bearer, make_product, publish
from groundswell.testing import PASSWORD, BaseTestCase, add_member, make_community, make_person


class ProductAccessTestCase(BaseTestCase):
    """A draft of the private community: a guideline led by the core member, with a draft version."""

    def setUp(self) -> None:
        self.product = make_product(self.community, self.core, stage="drafting")
        self.version = actions.add_version(self.product, by=self.core, label="Draft 1", filename="d.pdf", raw=PDF)
        self.event = actions.record_event(
            self.product, by=self.member, kind="presented", occurred_on=self.product.created_at.date(), venue="A talk"
        )
        p, v, e = self.product.pk, self.version.pk, self.event.pk
        self.reading = [
            f"/products/{p}/",
            f"/products/{p}/versions/{v}/",
            f"/products/{p}/versions/{v}/file/",
            f"/products/{p}/story/",
            f"/products/{p}/story.csv",
            f"/products/{p}/we-use-this/",
        ]
        self.editing = [
            f"/products/{p}/edit/",
            f"/products/{p}/stage/",
            f"/products/{p}/versions/new/",
            f"/products/{p}/authors/",
            f"/products/{p}/born-at/",
        ]
        self.verifying = [f"/products/{p}/events/{e}/verify/", f"/products/{p}/events/{e}/remove/"]
        self.api_reading = [
            f"/api/v1/products/{p}",
            f"/api/v1/products/{p}/versions",
            f"/api/v1/products/{p}/events",
            f"/api/v1/products/{p}/authors",
            f"/api/v1/products/{p}/stages",
            f"/api/v1/products/{p}/uptake",
            f"/api/v1/products/{p}/story",
            f"/api/v1/products/{p}/versions/{v}/comments",
            f"/api/v1/products/{p}/versions/{v}/file",
        ]

    def login(self, person: Any) -> None:
        self.client.login(email=person.email, password=PASSWORD)

    def api_writes(self) -> list[tuple[str, str, dict[str, Any]]]:
        p, e = self.product.pk, self.event.pk
        return [
            ("patch", f"/api/v1/products/{p}", {"title": "Changed"}),
            ("post", f"/api/v1/products/{p}/stages", {"stage": "consultation", "on": "2024-01-02"}),
            ("post", f"/api/v1/products/{p}/authors", {"role": "contributor", "name": "Someone"}),
            ("patch", f"/api/v1/products/{p}/events/{e}", {"verified": True}),
            ("delete", f"/api/v1/products/{p}/events/{e}", {}),
        ]

    def test_it_hides_a_private_draft_from_outsiders_everywhere(self) -> None:
        for who in (None, self.outsider):
            if who is not None:
                self.login(who)
            for url in [*self.reading, f"/products/{self.product.pk}/share/"]:
                with self.subTest(who=who, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            # Pages for people taking part ask someone not signed in to sign in first.
            for url in [*self.editing, f"/products/{self.product.pk}/events/new/"]:
                with self.subTest(who=who, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404 if who else 302)
            for url in self.verifying:
                with self.subTest(who=who, url=url):
                    self.assertEqual(self.client.post(url).status_code, 404 if who else 302)
            # Nor does it turn up in the product list or its search.
            listed = self.client.get("/products/?q=Safety")
            self.assertNotContains(listed, "Safety-netting")
        headers = bearer(self.outsider)
        for url in self.api_reading:
            with self.subTest(api=url):
                response = self.client.get(url, headers=headers)
                self.assertEqual((response.status_code, response.json()), (404, {"detail": "Not found."}))
        for method, url, body in [
            *self.api_writes(),
            ("post", f"/api/v1/products/{self.product.pk}/events", {"kind": "presented", "occurred_on": "2024-01-02"}),
            ("post", f"/api/v1/products/{self.product.pk}/adoptions", {"organisation_name": "X", "how_used": "Y"}),
            ("post", f"/api/v1/products/{self.product.pk}/versions/{self.version.pk}/comments", {"body": "Hi"}),
        ]:
            with self.subTest(api=url, method=method):
                response = getattr(self.client, method)(
                    url, data=body, content_type="application/json", headers=headers
                )
                self.assertEqual(response.status_code, 404, response.content)
        listed = self.client.get("/api/v1/products?q=Safety", headers=headers).json()
        self.assertEqual(listed["count"], 0)
        self.assertEqual(Product.objects.get().title, "Safety-netting after a normal test")
        self.assertEqual(LifeEvent.objects.count(), 1)

    def test_it_lets_members_read_and_take_part_but_not_edit(self) -> None:
        self.login(self.member)
        for url in self.reading:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)
        for url in self.editing:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 403)
                self.assertEqual(self.client.post(url, {"title": "Changed"}).status_code, 403)
        for url in self.verifying:
            with self.subTest(url):
                self.assertEqual(self.client.post(url).status_code, 403)
        headers = bearer(self.member)
        for method, url, body in self.api_writes():
            with self.subTest(api=url, method=method):
                response = getattr(self.client, method)(
                    url, data=body, content_type="application/json", headers=headers
                )
                self.assertEqual(response.status_code, 403, response.content)
                self.assertIn("detail", response.json())
        self.assertEqual(StageChange.objects.filter(product=self.product).count(), 1)
        self.assertFalse(LifeEvent.objects.get().verified)
        # A lay partner member comments on the draft, and records an event.
        self.login(self.lay)
        self.client.post(f"/products/{self.product.pk}/versions/{self.version.pk}/", {"body": "Plain words, please."})
        self.assertTrue(VersionComment.objects.filter(author=self.lay).exists())

    def test_it_lets_lead_authors_and_editors_edit_without_convening(self) -> None:
        actions.add_author(self.product, by=self.core, role="editor", person=self.member)
        self.login(self.member)
        for url in self.editing:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)
        # Authors other than lead authors and editors do not edit.
        actions.add_author(self.product, by=self.core, role="contributor", person=self.lay)
        self.login(self.lay)
        self.assertEqual(self.client.get(f"/products/{self.product.pk}/edit/").status_code, 403)
        # Only convenors verify, not even the lead author.
        self.login(self.core)
        self.assertEqual(self.client.post(self.verifying[0]).status_code, 403)
        self.login(self.convenor)
        self.client.post(self.verifying[0])
        self.assertTrue(LifeEvent.objects.get().verified)

    def test_it_lets_an_author_from_another_community_read_the_draft(self) -> None:
        guest = make_person("gus@example.org", "Gus Guest")
        actions.add_author(self.product, by=self.core, role="contributor", person=guest)
        self.login(guest)
        self.assertEqual(self.client.get(f"/products/{self.product.pk}/").status_code, 200)
        self.assertEqual(
            self.client.get(f"/products/{self.product.pk}/versions/{self.version.pk}/file/").status_code, 200
        )
        self.assertContains(self.client.get("/products/"), "Safety-netting")

    def test_it_shows_a_published_product_publicly_but_not_its_drafts(self) -> None:
        publish(self.product, self.core)
        draft = actions.add_version(self.product, by=self.core, label="2.0 draft", filename="n.pdf", raw=PDF)
        released = Version.objects.get(label="Draft 1")
        self.assertIsNotNone(released.released_on)  # publication released the newest version
        for who in (None, self.outsider):
            self.client.logout()
            if who is not None:
                self.login(who)
            with self.subTest(who=who):
                self.assertRedirects(
                    self.client.get(f"/products/{self.product.pk}/"), f"/products/{self.product.pk}/share/"
                )
                share = self.client.get(f"/products/{self.product.pk}/share/")
                self.assertContains(share, "Download Draft 1")
                self.assertNotContains(share, "2.0 draft")
                self.assertEqual(
                    self.client.get(f"/products/{self.product.pk}/versions/{draft.pk}/file/").status_code, 404
                )
                self.assertEqual(
                    self.client.get(f"/products/{self.product.pk}/versions/{released.pk}/file/").status_code, 200
                )
                self.assertEqual(
                    self.client.get(f"/products/{self.product.pk}/versions/{released.pk}/").status_code, 404
                )
                self.assertContains(self.client.get("/products/?q=Safety"), "Safety-netting")
        headers = bearer(self.outsider)
        body = self.client.get(f"/api/v1/products/{self.product.pk}", headers=headers).json()
        self.assertEqual((body["record"], body["communities"]), ("public", []))
        versions = self.client.get(f"/api/v1/products/{self.product.pk}/versions", headers=headers).json()
        self.assertEqual([v["label"] for v in versions["items"]], ["Draft 1"])
        # Outsiders still cannot comment, record events or edit: 403 now that they can see it.
        response = self.client.post(
            f"/api/v1/products/{self.product.pk}/events",
            data={"kind": "presented", "occurred_on": "2024-01-02"},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get(f"/products/{self.product.pk}/edit/").status_code, 403)
        self.assertEqual(self.client.get(f"/products/{self.product.pk}/events/new/").status_code, 403)
        version = Version.objects.get(label="Draft 1")
        self.assertEqual(
            self.client.post(f"/products/{self.product.pk}/versions/{version.pk}/", {"body": "Hi"}).status_code, 404
        )


class StartingProductsTestCase(BaseTestCase):
    def test_it_lets_members_start_products_only_in_their_own_communities(self) -> None:
        open_community = make_community(self.outsider, "Open Circle", privacy=Privacy.OPEN)
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/communities/{open_community.slug}/products/new/").status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/products/new/").status_code, 404)
        headers = bearer(self.member)
        body = {"title": "X", "kind": "toolkit", "community_ids": [open_community.pk]}
        response = self.client.post("/api/v1/products", data=body, content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 403)
        body["community_ids"] = [self.community.pk]
        response = self.client.post(
            "/api/v1/products", data=body, content_type="application/json", headers=bearer(self.outsider)
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Product.objects.exists())
        add_member(open_community, self.member, Role.MEMBER)
        body["community_ids"] = [self.community.pk, open_community.pk]
        response = self.client.post("/api/v1/products", data=body, content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            sorted(c["name"] for c in response.json()["communities"]), ["Cancer Leads Network", "Open Circle"]
        )

    def test_it_starts_a_product_from_the_web_with_its_history(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        url = f"/communities/{self.community.slug}/products/new/"
        response = self.client.post(
            url,
            {
                "title": "",
                "kind": "toolkit",
                "communities": [self.community.pk],
                "stage": "drafting",
                "year": "2021",
                "month": "2",
                "day": "30",
                "my_role": "lead_author",
            },
        )
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "February 2021 has no day 30")
        response = self.client.post(
            url,
            {
                "title": "Prehab toolkit",
                "kind": "toolkit",
                "communities": [self.community.pk],
                "stage": "drafting",
                "year": "2021",
                "month": "3",
                "day": "",
                "my_role": "editor",
            },
        )
        product = Product.objects.get()
        self.assertRedirects(response, f"/products/{product.pk}/")
        change = product.stage_changes.get()
        self.assertEqual((change.stage, str(change.on), change.precision), ("drafting", "2021-03-01", "month"))
        self.assertEqual(product.authors.get().role, "editor")
        page = self.client.get(f"/products/{product.pk}/")
        self.assertContains(page, "Drafting, since March 2021")
        # Starting a product is in the community's activity.
        from groundswell.chronicle.models import Activity

        self.assertTrue(Activity.objects.filter(verb="created_product", community=self.community).exists())

    def test_it_lets_only_convenors_record_a_product_without_being_its_author(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        url = f"/communities/{self.community.slug}/products/new/"
        data = {
            "title": "Old report",
            "kind": "report",
            "communities": [self.community.pk],
            "stage": "idea",
            "year": "2020",
            "my_role": "",
        }
        self.assertContains(self.client.post(url, data), "There is a problem")
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.assertRedirects(self.client.post(url, data), f"/products/{Product.objects.get().pk}/")
        self.assertFalse(Product.objects.get().authors.exists())


class UploadViaApiAccessTestCase(BaseTestCase):
    def test_it_refuses_uploads_from_members_and_outsiders(self) -> None:
        product = make_product(self.community, self.core)
        url = f"/api/v1/products/{product.pk}/versions"
        for person, status in ((self.member, 403), (self.outsider, 404)):
            response = self.client.post(
                url, {"label": "x", "file": SimpleUploadedFile("a.pdf", PDF)}, headers=bearer(person)
            )
            self.assertEqual(response.status_code, status)
        self.assertFalse(Version.objects.exists())
