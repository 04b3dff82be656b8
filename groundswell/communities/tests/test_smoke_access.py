from groundswell.testing import BaseTestCase


class PrivateCommunityAccessTestCase(BaseTestCase):
    def test_it_hides_a_private_community_from_an_outsider(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.get(f"/communities/{self.community.slug}/")
        self.assertEqual(response.status_code, 404)

    def test_it_shows_a_private_community_to_a_member(self) -> None:
        self.client.force_login(self.member)
        response = self.client.get(f"/communities/{self.community.slug}/")
        self.assertContains(response, "Cancer Leads Network")
        self.assertContains(response, "Colin Core")
