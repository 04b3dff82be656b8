"""Comments on versions while a product is written; authors and credit, shown as provenance."""

from __future__ import annotations

from groundswell.communities.models import Privacy
from groundswell.people import actions as people_actions
from groundswell.products import actions
from groundswell.products.models import Authorship, VersionComment
from groundswell.products.tests.builders import PDF, bearer, make_product, publish
from groundswell.testing import PASSWORD, BaseTestCase, make_community, make_person


class CommentsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.product = make_product(self.community, self.core, stage="drafting")
        self.version = actions.add_version(self.product, by=self.core, label="Draft 1", filename="d.pdf", raw=PDF)
        self.url = f"/products/{self.product.pk}/versions/{self.version.pk}/"
        self.api = f"/api/v1/products/{self.product.pk}/versions/{self.version.pk}/comments"

    def test_it_takes_members_comments_while_drafting_and_in_consultation(self) -> None:
        self.client.login(email=self.lay.email, password=PASSWORD)
        self.assertContains(self.client.post(self.url, {"body": ""}), "There is a problem")
        self.assertRedirects(self.client.post(self.url, {"body": "Say what 'safety-netting' means."}), self.url)
        actions.change_stage(self.product, by=self.core, stage="consultation", on=self.product.created_at.date())
        response = self.client.post(
            self.api, {"body": "Still unclear."}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(response.status_code, 201, response.content)
        page = self.client.get(self.url)
        self.assertContains(page, "Say what &#x27;safety-netting&#x27; means.")
        self.assertContains(page, "Mina Member")
        listed = self.client.get(self.api, headers=bearer(self.core)).json()
        self.assertEqual([c["body"] for c in listed["items"]], ["Say what 'safety-netting' means.", "Still unclear."])
        self.assertContains(self.client.get(f"/products/{self.product.pk}/"), "(2 comments)")

    def test_it_closes_comments_after_consultation(self) -> None:
        publish(self.product, self.core)
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(self.url)
        self.assertContains(page, "Comments are open while the product is being drafted")
        self.assertNotContains(page, "Add the comment")
        self.assertContains(self.client.post(self.url, {"body": "Late"}), "Comments are open only while")
        response = self.client.post(
            self.api, {"body": "Late"}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(response.status_code, 409)
        self.assertFalse(VersionComment.objects.exists())

    def test_it_refuses_comments_from_readers_who_are_not_members(self) -> None:
        open_community = make_community(self.convenor, "Open Circle", privacy=Privacy.OPEN)
        product = make_product(open_community, self.convenor, stage="drafting")
        version = actions.add_version(product, by=self.convenor, label="Draft", filename="d.pdf", raw=PDF)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        url = f"/products/{product.pk}/versions/{version.pk}/"
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Add the comment")
        self.assertEqual(self.client.post(url, {"body": "Hello"}).status_code, 403)
        api = f"/api/v1/products/{product.pk}/versions/{version.pk}/comments"
        response = self.client.post(api, {"body": "Hi"}, content_type="application/json", headers=bearer(self.outsider))
        self.assertEqual(response.status_code, 403)
        # Not signed in: asked to sign in.
        self.client.logout()
        self.assertRedirects(
            self.client.post(url, {"body": "Hi"}), f"/accounts/login/?next={url}", fetch_redirect_response=False
        )
        self.assertFalse(VersionComment.objects.exists())


class AuthorsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.product = make_product(self.community, self.core)
        self.url = f"/products/{self.product.pk}/authors/"
        self.client.login(email=self.core.email, password=PASSWORD)

    def test_it_credits_people_and_named_outsiders_from_several_organisations(self) -> None:
        people_actions.add_affiliation(self.lay, by=self.lay, organisation=self.organisation, role_title="Volunteer")
        college = people_actions.create_organisation(
            by=None, name="Royal College of Primary Care", kind="royal_college"
        )
        response = self.client.post(self.url, {"intent": "add", "role": "lay_reviewer", "email": "LEE@example.org"})
        self.assertRedirects(response, self.url)
        self.client.post(
            self.url,
            {
                "intent": "add",
                "role": "contributor",
                "name": "Prof. Ruth Okonjo",
                "organisation": "royal college of primary care",
            },
        )
        self.client.post(
            self.url,
            {"intent": "add", "role": "contributor", "name": "Sam Someone", "organisation": "A Charity Not Listed"},
        )
        credited = list(Authorship.objects.order_by("position").select_related("organisation"))
        self.assertEqual(
            [(a.display_name, a.role, a.affiliation) for a in credited],
            [
                ("Colin Core", "lead_author", ""),
                ("Lee Lay", "lay_reviewer", "Northshire Cancer Alliance"),
                ("Prof. Ruth Okonjo", "contributor", "Royal College of Primary Care"),
                ("Sam Someone", "contributor", "A Charity Not Listed"),
            ],
        )
        self.assertEqual(credited[2].organisation, college)
        # Provenance shows wherever the product appears: its page, lists, the share page.
        for url in (f"/products/{self.product.pk}/", "/products/", f"/communities/{self.community.slug}/products/"):
            with self.subTest(url):
                self.assertContains(self.client.get(url), "Lee Lay (lay reviewer)")

    def test_it_refuses_unknown_people_duplicates_and_both_or_neither(self) -> None:
        cases = [
            ({"role": "contributor", "email": "nobody@example.org"}, "No one in Groundswell has that email"),
            ({"role": "contributor"}, "Give either the email address"),
            ({"role": "contributor", "email": "lee@example.org", "name": "Lee"}, "Give either the email address"),
            ({"role": "contributor", "email": "colin@example.org"}, "Colin Core is already an author."),
            ({"role": "boss", "name": "X"}, "Select a valid choice"),
        ]
        for data, message in cases:
            with self.subTest(message):
                self.assertContains(self.client.post(self.url, {"intent": "add", **data}), message)
        self.assertEqual(Authorship.objects.count(), 1)

    def test_it_manages_authors_through_the_api(self) -> None:
        guest = make_person("gus@example.org", "Gus Guest")
        api = f"/api/v1/products/{self.product.pk}/authors"
        headers = bearer(self.core)
        added = self.client.post(
            api, {"role": "contributor", "person_id": guest.pk}, content_type="application/json", headers=headers
        )
        self.assertEqual(added.status_code, 201, added.content)
        again = self.client.post(
            api, {"role": "editor", "person_id": guest.pk}, content_type="application/json", headers=headers
        )
        self.assertEqual(again.status_code, 409)
        neither = self.client.post(api, {"role": "editor"}, content_type="application/json", headers=headers)
        self.assertEqual(neither.status_code, 422)
        self.assertEqual(self.client.delete(f"{api}/{added.json()['id']}", headers=headers).status_code, 204)
        self.assertEqual(self.client.delete(f"{api}/{added.json()['id']}", headers=headers).status_code, 404)
        names = [a["name"] for a in self.client.get(api, headers=bearer(self.member)).json()["items"]]
        self.assertEqual(names, ["Colin Core"])
        # Removing an author from the page.
        actions.add_author(self.product, by=self.core, role="contributor", name="Temporary")
        temporary = Authorship.objects.get(name="Temporary")
        self.assertRedirects(self.client.post(self.url, {"intent": "remove", "authorship": temporary.pk}), self.url)
        self.assertFalse(Authorship.objects.filter(name="Temporary").exists())
