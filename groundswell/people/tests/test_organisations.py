from groundswell.people.models import Organisation
from groundswell.testing import BaseTestCase


class OrganisationTestCase(BaseTestCase):
    def test_it_adds_an_organisation_with_an_ods_code(self) -> None:
        self.client.force_login(self.member)
        response = self.client.post(
            "/organisations/new/",
            {"name": "HMP Northshire", "kind": "prison", "region": "north_west", "ods_code": "yx1"},
        )
        organisation = Organisation.objects.get(name="HMP Northshire")
        self.assertRedirects(response, f"/organisations/{organisation.pk}/")
        self.assertEqual(organisation.ods_code, "YX1")

    def test_it_refuses_a_duplicate_ods_code(self) -> None:
        Organisation.objects.create(name="A", kind="gp_practice", ods_code="P81001")
        self.client.force_login(self.member)
        response = self.client.post("/organisations/new/", {"name": "B", "kind": "gp_practice", "ods_code": "p81001"})
        self.assertContains(response, "already exists")
        self.assertFalse(Organisation.objects.filter(name="B").exists())

    def test_it_searches_by_name_kind_and_code(self) -> None:
        Organisation.objects.create(name="Salford Royal", kind="nhs_trust", ods_code="RM3")
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/organisations/?q=rm3"), "Salford Royal")
        self.assertNotContains(self.client.get("/organisations/?kind=prison"), "Salford Royal")

    def test_it_uses_a_constant_number_of_queries(self) -> None:
        self.client.force_login(self.member)
        with self.assertNumQueries(5):
            self.client.get("/organisations/")
        Organisation.objects.bulk_create(Organisation(name=f"Org {i}", kind="charity") for i in range(20))
        with self.assertNumQueries(5):
            self.client.get("/organisations/")

    def test_it_needs_sign_in(self) -> None:
        self.assertEqual(self.client.get("/organisations/").status_code, 302)


class OrganisationPageTestCase(BaseTestCase):
    def test_it_lists_the_people_there_who_show_it_in_constant_queries(self) -> None:
        from groundswell.people import actions
        from groundswell.people.models import Visibility
        from groundswell.testing import make_person

        actions.add_affiliation(self.core, by=self.core, organisation=self.organisation)
        hidden = make_person("hidden@example.org", "Hidden Person", organisations_visibility=Visibility.ONLY_ME)
        actions.add_affiliation(hidden, by=hidden, organisation=self.organisation)
        self.client.force_login(self.outsider)
        url = f"/organisations/{self.organisation.pk}/"
        response = self.client.get(url)
        self.assertContains(response, "Colin Core")
        self.assertNotContains(response, "Hidden Person")
        with self.assertNumQueries(6):
            self.client.get(url)
        for i in range(10):
            extra = make_person(f"o{i}@example.org")
            actions.add_affiliation(extra, by=extra, organisation=self.organisation)
        with self.assertNumQueries(6):
            self.client.get(url)
