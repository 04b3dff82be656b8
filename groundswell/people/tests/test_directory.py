from groundswell.communities.models import Privacy
from groundswell.people import actions
from groundswell.people.models import Visibility
from groundswell.testing import BaseTestCase, make_community, make_person


class DirectoryTestCase(BaseTestCase):
    def test_it_needs_sign_in(self) -> None:
        self.assertRedirects(self.client.get("/people/"), "/accounts/login/?next=/people/")

    def test_it_finds_people_by_name(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.get("/people/?q=mina")
        self.assertContains(response, "Mina Member")
        self.assertNotContains(response, "Colin Core")

    def test_it_matches_a_profession_only_where_the_person_shows_it(self) -> None:
        actions.update_profile(self.core, by=self.core, profession_visibility=Visibility.ONLY_ME)
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get("/people/?profession=gp"), "Colin Core")
        # The person themselves still finds their own record.
        self.client.force_login(self.core)
        self.assertContains(self.client.get("/people/?profession=gp"), "Colin Core")

    def test_it_shows_community_only_fields_to_fellow_members_only(self) -> None:
        actions.update_profile(self.core, by=self.core, region="london", region_visibility=Visibility.COMMUNITIES)
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/people/?region=london"), "Colin Core")
        self.client.force_login(self.outsider)
        response = self.client.get("/people/?region=london")
        self.assertNotContains(response, "Colin Core")
        self.assertNotContains(self.client.get("/people/?q=colin"), "· London")

    def test_it_finds_people_by_organisation_and_expertise(self) -> None:
        actions.add_affiliation(self.core, by=self.core, organisation=self.organisation, role_title="GP lead")
        actions.set_expertise(self.core, by=self.core, names=["Cancer care", "Quality improvement"])
        self.client.force_login(self.outsider)
        self.assertContains(self.client.get(f"/people/?organisation={self.organisation.pk}"), "Colin Core")
        self.assertContains(self.client.get("/people/?organisation=northshire"), "Colin Core")
        self.assertNotContains(self.client.get("/people/?organisation=northshire"), "Mina Member")
        self.assertContains(self.client.get("/people/?expertise=cancer-care"), "Colin Core")
        self.assertNotContains(self.client.get("/people/?expertise=cancer-care"), "Mina Member")
        self.assertContains(self.client.get("/people/?expertise=cancer+care"), "Colin Core")

    def test_it_ignores_a_bad_filter_instead_of_failing(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.get("/people/?organisation=not-a-number&profession=astronaut")
        self.assertEqual(response.status_code, 200)

    def test_it_leaves_out_erased_people(self) -> None:
        actions.erase_person(self.member, by=self.member)
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get("/people/"), "Former member")

    def test_it_uses_a_constant_number_of_queries(self) -> None:
        self.client.force_login(self.outsider)
        self.client.get("/people/")
        with self.assertNumQueries(6):
            self.client.get("/people/")
        community = make_community(self.outsider, name="Another", privacy=Privacy.OPEN)
        for i in range(10):
            person = make_person(f"p{i}@example.org")
            actions.add_affiliation(person, by=person, organisation=self.organisation)
            actions.set_expertise(person, by=person, names=["Cancer care"])
            from groundswell.testing import add_member

            add_member(community, person)
        with self.assertNumQueries(6):
            self.client.get("/people/")
