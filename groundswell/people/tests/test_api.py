"""API: /me, the people directory, profiles and organisations."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from groundswell.chronicle.models import Activity
from groundswell.people import actions
from groundswell.people.models import Organisation, Person, Profession, Visibility
from groundswell.testing import BaseTestCase, add_member, make_community, make_person


def bearer(person: Person) -> dict[str, str]:
    _, raw = actions.create_api_token(person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


class MeApiTestCase(BaseTestCase):
    def test_it_shows_the_caller_their_private_details(self):
        actions.update_profile(
            self.lay,
            by=self.lay,
            access_needs="Large print, please.",
            bio_visibility="only_me",
            consent_to_share_access_needs=True,
        )
        response = self.client.get("/api/v1/me", headers=bearer(self.lay))
        self.assertEqual(response.status_code, 200)
        me = response.json()
        self.assertEqual(me["id"], self.lay.pk)
        self.assertEqual(me["url"], f"http://testserver/people/{self.lay.pk}/")
        self.assertEqual(me["email"], "lee@example.org")
        self.assertEqual(me["profession"], "carer")
        self.assertTrue(me["lay_partner"])
        self.assertEqual(me["bio"], "")
        self.assertEqual(me["private"]["access_needs"], "Large print, please.")
        self.assertEqual(me["private"]["visibility"]["bio"], "only_me")
        self.assertIsNone(me["private"]["lay_partner_override"])


class PersonApiTestCase(BaseTestCase):
    def test_it_keeps_access_needs_to_the_person(self):
        """Not even a convenor of the person's community sees access needs through the API."""
        actions.update_profile(
            self.lay, by=self.lay, access_needs="Large print, please.", consent_to_share_access_needs=True
        )
        response = self.client.get(f"/api/v1/people/{self.lay.pk}", headers=bearer(self.convenor))
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.json()["private"])
        self.assertNotContains(response, "Large print")
        listing = self.client.get("/api/v1/people", headers=bearer(self.convenor))
        self.assertNotContains(listing, "Large print")
        lee = next(p for p in listing.json()["items"] if p["id"] == self.lay.pk)
        self.assertIsNone(lee["private"])

    def test_it_shows_the_person_their_own_access_needs_by_id(self):
        actions.update_profile(
            self.lay, by=self.lay, access_needs="Large print, please.", consent_to_share_access_needs=True
        )
        response = self.client.get(f"/api/v1/people/{self.lay.pk}", headers=bearer(self.lay))
        self.assertEqual(response.json()["private"]["access_needs"], "Large print, please.")

    def test_it_hides_fields_the_person_does_not_share(self):
        actions.update_profile(
            self.member,
            by=self.member,
            bio="Service manager in Northshire.",
            region="north_west",
            bio_visibility=Visibility.ONLY_ME,
            region_visibility=Visibility.COMMUNITIES,
            profession_visibility=Visibility.ONLY_ME,
        )
        outsider = self.client.get(f"/api/v1/people/{self.member.pk}", headers=bearer(self.outsider)).json()
        self.assertEqual(outsider["display_name"], "Mina Member")
        for field in ["bio", "region", "profession", "lay_partner", "email"]:
            with self.subTest(field=field):
                self.assertIsNone(outsider[field])
        self.assertEqual(outsider["affiliations"], [])
        # Someone who shares a community sees the community-only fields, but not the private ones.
        colleague = self.client.get(f"/api/v1/people/{self.member.pk}", headers=bearer(self.core)).json()
        self.assertEqual(colleague["region"], "north_west")
        self.assertEqual(colleague["email"], "mina@example.org")
        self.assertIsNone(colleague["bio"])
        self.assertIsNone(colleague["profession"])

    def test_it_does_not_leak_hidden_fields_through_the_directory(self):
        actions.update_profile(self.member, by=self.member, bio="Secret bio", bio_visibility=Visibility.ONLY_ME)
        response = self.client.get("/api/v1/people?q=Mina", headers=bearer(self.outsider))
        self.assertEqual(response.json()["count"], 1)
        self.assertNotContains(response, "Secret bio")
        self.assertNotContains(response, "mina@example.org")

    def test_it_does_not_match_filters_on_hidden_fields(self):
        actions.update_profile(self.member, by=self.member, profession_visibility=Visibility.ONLY_ME)
        response = self.client.get("/api/v1/people?profession=manager", headers=bearer(self.outsider))
        self.assertEqual(response.json(), {"items": [], "count": 0})
        own = self.client.get("/api/v1/people?profession=manager", headers=bearer(self.member))
        self.assertEqual([p["id"] for p in own.json()["items"]], [self.member.pk])

    def test_it_searches_by_name_organisation_region_and_expertise(self):
        actions.add_affiliation(self.core, by=self.core, organisation=self.organisation, role_title="GP partner")
        actions.set_expertise(self.convenor, by=self.convenor, names=["Cancer care"])
        headers = bearer(self.outsider)
        self.assertEqual(self.ids("/api/v1/people?q=colin", headers), [self.core.pk])
        self.assertEqual(self.ids(f"/api/v1/people?organisation={self.organisation.pk}", headers), [self.core.pk])
        self.assertEqual(self.ids("/api/v1/people?expertise=cancer-care", headers), [self.convenor.pk])
        colin = self.client.get(f"/api/v1/people/{self.core.pk}", headers=headers).json()
        self.assertEqual(colin["affiliations"][0]["organisation"]["name"], "Northshire Cancer Alliance")
        self.assertEqual(colin["affiliations"][0]["role_title"], "GP partner")
        self.assertTrue(colin["affiliations"][0]["current"])

    def ids(self, url: str, headers: dict[str, str]) -> list[int]:
        response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200, response.content)
        return [item["id"] for item in response.json()["items"]]

    def test_it_pages_the_directory(self):
        headers = bearer(self.outsider)
        first = self.client.get("/api/v1/people?limit=2", headers=headers).json()
        rest = self.client.get("/api/v1/people?limit=2&offset=2", headers=headers).json()
        self.assertEqual(first["count"], 5)
        self.assertEqual(len(first["items"]), 2)
        self.assertEqual(len(rest["items"]), 2)
        self.assertFalse({p["id"] for p in first["items"]} & {p["id"] for p in rest["items"]})

    def test_it_answers_404_for_someone_erased(self):
        actions.erase_person(self.lay, by=self.lay)
        response = self.client.get(f"/api/v1/people/{self.lay.pk}", headers=bearer(self.outsider))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Not found."})

    def test_it_lists_people_in_a_constant_number_of_queries(self):
        """Affiliations, expertise and shared communities are fetched once per page, not per person."""
        headers = bearer(self.outsider)
        self.client.get("/api/v1/me", headers=headers)  # the token's first use is noted once a minute

        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get("/api/v1/people?limit=500", headers=headers)
            self.assertEqual(response.status_code, 200)
            return len(queries)

        self.add_people(3)
        few = count_queries()
        self.add_people(27)
        self.assertEqual(count_queries(), few)
        with self.assertNumQueries(6):
            self.client.get("/api/v1/people", headers=headers)

    def add_people(self, n: int) -> None:
        start = Person.objects.count()
        community = make_community(self.outsider, name=f"Group {start}", privacy="open")
        for i in range(start, start + n):
            person = make_person(f"person{i}@example.org", f"Person {i}", profession=Profession.NURSE)
            actions.add_affiliation(person, by=person, organisation=self.organisation)
            actions.set_expertise(person, by=person, names=["Cancer care", f"Topic {i}"])
            add_member(community, person)


class UpdatePersonApiTestCase(BaseTestCase):
    def test_it_changes_your_own_profile(self):
        response = self.client.patch(
            f"/api/v1/people/{self.member.pk}",
            {
                "display_name": "Mina M.",
                "region": "london",
                "visibility": {"email": "only_me"},
                "expertise": ["Quality improvement", "Cancer care"],
                "lay_partner_override": True,
            },
            content_type="application/json",
            headers=bearer(self.member),
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["display_name"], "Mina M.")
        self.assertEqual(body["region"], "london")
        self.assertEqual(body["private"]["visibility"]["email"], "only_me")
        self.assertEqual(body["private"]["visibility"]["bio"], "signed_in")
        self.assertEqual(sorted(t["slug"] for t in body["expertise"]), ["cancer-care", "quality-improvement"])
        self.member.refresh_from_db()
        self.assertEqual(self.member.email_visibility, "only_me")
        self.assertTrue(self.member.is_lay_partner)
        # The same action as the web form, so the same activity record.
        self.assertTrue(Activity.objects.filter(verb="updated_profile", target_id=self.member.pk).exists())
        self.assertTrue(Activity.objects.filter(verb="updated_expertise", target_id=self.member.pk).exists())

    def test_it_clears_the_region_with_null(self):
        actions.update_profile(self.member, by=self.member, region="london")
        response = self.client.patch(
            f"/api/v1/people/{self.member.pk}",
            {"region": None},
            content_type="application/json",
            headers=bearer(self.member),
        )
        self.assertEqual(response.status_code, 200)
        self.member.refresh_from_db()
        self.assertEqual(self.member.region, "")

    def test_it_keeps_access_needs_only_with_consent(self):
        url = f"/api/v1/people/{self.member.pk}"
        headers = bearer(self.member)
        refused = self.client.patch(
            url, {"access_needs": "Hearing loop"}, content_type="application/json", headers=headers
        )
        self.assertEqual(refused.status_code, 409)
        self.assertIn("agree", refused.json()["detail"])
        accepted = self.client.patch(
            url,
            {"access_needs": "Hearing loop", "access_needs_consent": True},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(accepted.status_code, 200)
        self.assertIsNotNone(accepted.json()["private"]["access_needs_consent_at"])

    def test_it_refuses_to_change_someone_else(self):
        response = self.client.patch(
            f"/api/v1/people/{self.member.pk}",
            {"display_name": "Hijacked"},
            content_type="application/json",
            headers=bearer(self.convenor),
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())
        self.member.refresh_from_db()
        self.assertEqual(self.member.display_name, "Mina Member")

    def test_it_lets_an_administrator_change_anyone(self):
        admin = self.make_admin()
        response = self.client.patch(
            f"/api/v1/people/{self.member.pk}",
            {"display_name": "Mina Corrected"},
            content_type="application/json",
            headers=bearer(admin),
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIsNone(response.json()["private"])
        self.member.refresh_from_db()
        self.assertEqual(self.member.display_name, "Mina Corrected")

    def make_admin(self) -> Person:
        admin = make_person("ada@example.org", "Ada Admin")
        Person.objects.filter(pk=admin.pk).update(is_superuser=True, is_staff=True)
        admin.refresh_from_db()
        return admin

    def test_it_answers_404_for_a_missing_person(self):
        response = self.client.patch(
            "/api/v1/people/424242", {"bio": "x"}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(response.status_code, 404)


class OrganisationApiTestCase(BaseTestCase):
    def test_it_lists_and_filters_organisations(self):
        actions.create_organisation(
            by=None, name="Riverside Surgery", kind="gp_practice", region="london", ods_code="F1"
        )
        headers = bearer(self.outsider)
        everything = self.client.get("/api/v1/organisations", headers=headers).json()
        self.assertEqual(everything["count"], 2)
        self.assertEqual([o["name"] for o in everything["items"]], ["Northshire Cancer Alliance", "Riverside Surgery"])
        gp = self.client.get("/api/v1/organisations?kind=gp_practice&region=london", headers=headers).json()
        self.assertEqual([o["ods_code"] for o in gp["items"]], ["F1"])
        by_code = self.client.get("/api/v1/organisations?q=f1", headers=headers).json()
        self.assertEqual(by_code["count"], 1)

    def test_it_shows_one_organisation(self):
        response = self.client.get(f"/api/v1/organisations/{self.organisation.pk}", headers=bearer(self.outsider))
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["kind"], "nhs_trust")
        self.assertEqual(body["url"], f"http://testserver/organisations/{self.organisation.pk}/")
        self.assertRegex(body["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")
        self.assertEqual(
            self.client.get("/api/v1/organisations/424242", headers=bearer(self.outsider)).status_code, 404
        )

    def test_it_creates_an_organisation(self):
        response = self.client.post(
            "/api/v1/organisations",
            {"name": " HMP Northshire ", "kind": "prison", "region": "north_west", "ods_code": "zz123"},
            content_type="application/json",
            headers=bearer(self.outsider),
        )
        self.assertEqual(response.status_code, 201, response.content)
        organisation = Organisation.objects.get(pk=response.json()["id"])
        self.assertEqual((organisation.name, organisation.ods_code), ("HMP Northshire", "ZZ123"))
        self.assertTrue(Activity.objects.filter(verb="created_organisation", actor_id=self.outsider.pk).exists())

    def test_it_refuses_a_duplicate_ods_code(self):
        actions.create_organisation(by=None, name="Riverside Surgery", kind="gp_practice", ods_code="F1")
        response = self.client.post(
            "/api/v1/organisations",
            {"name": "Another", "kind": "gp_practice", "ods_code": "f1"},
            content_type="application/json",
            headers=bearer(self.outsider),
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Organisation.objects.filter(ods_code="F1").count(), 1)

    def test_it_lists_organisations_in_a_constant_number_of_queries(self):
        headers = bearer(self.outsider)
        self.client.get("/api/v1/me", headers=headers)
        for i in range(3):
            actions.create_organisation(by=None, name=f"Practice {i}", kind="gp_practice")
        with self.assertNumQueries(3):
            self.assertEqual(self.client.get("/api/v1/organisations", headers=headers).json()["count"], 4)
        for i in range(3, 30):
            actions.create_organisation(by=None, name=f"Practice {i}", kind="gp_practice")
        with self.assertNumQueries(3):
            self.assertEqual(self.client.get("/api/v1/organisations", headers=headers).json()["count"], 31)
