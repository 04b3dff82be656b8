from groundswell.communities import actions
from groundswell.communities.models import Privacy
from groundswell.testing import BaseTestCase, make_community


class CommunityVisibilityTestCase(BaseTestCase):
    """The community in BaseTestCase is private."""

    def test_it_hides_a_private_community_from_an_outsider(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/").status_code, 404)
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/members/").status_code, 404)
        self.assertNotContains(self.client.get("/communities/"), "Cancer Leads Network")

    def test_it_hides_a_private_community_from_anonymous_visitors(self) -> None:
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/").status_code, 404)
        self.assertNotContains(self.client.get("/communities/"), "Cancer Leads Network")

    def test_it_shows_a_private_community_to_members(self) -> None:
        self.client.force_login(self.lay)
        response = self.client.get(f"/communities/{self.community.slug}/")
        self.assertContains(response, "Cancer Leads Network")
        self.assertContains(response, "Colin Core")
        self.assertContains(self.client.get("/communities/"), "Cancer Leads Network")

    def test_it_hides_it_again_once_the_member_has_left(self) -> None:
        membership = self.member.memberships.get(community=self.community, status="active")
        actions.leave_community(membership, reason="Moved job")
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/").status_code, 404)

    def test_it_shows_open_communities_to_everyone_but_names_only_when_signed_in(self) -> None:
        open_ = make_community(self.convenor, name="Open Cafe", privacy=Privacy.OPEN)
        response = self.client.get(f"/communities/{open_.slug}/")
        self.assertContains(response, "Open Cafe")
        self.assertContains(response, "1 convenor")
        self.assertNotContains(response, "Cara Convenor")
        self.client.force_login(self.outsider)
        self.assertContains(self.client.get(f"/communities/{open_.slug}/"), "Cara Convenor")

    def test_it_shows_restricted_communities_only_when_signed_in(self) -> None:
        restricted = make_community(self.convenor, name="Restricted Room", privacy=Privacy.RESTRICTED)
        self.assertEqual(self.client.get(f"/communities/{restricted.slug}/").status_code, 404)
        self.client.force_login(self.outsider)
        self.assertContains(self.client.get(f"/communities/{restricted.slug}/"), "Ask to join")

    def test_it_never_shows_confidential_memberships_on_profiles_to_non_members(self) -> None:
        confidential = make_community(self.convenor, name="Chief Executives Peer Network", privacy=Privacy.CONFIDENTIAL)
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get(f"/people/{self.convenor.pk}/"), "Chief Executives")
        self.assertEqual(self.client.get(f"/communities/{confidential.slug}/").status_code, 404)
        self.client.force_login(self.convenor)
        self.assertContains(self.client.get(f"/people/{self.convenor.pk}/"), "Chief Executives")


class ConvenorOnlyPagesTestCase(BaseTestCase):
    PAGES = ["edit/", "stage/", "invite/"]

    def test_it_refuses_members_without_the_convenor_role(self) -> None:
        self.client.force_login(self.core)
        for page in self.PAGES:
            with self.subTest(page=page):
                self.assertEqual(self.client.get(f"/communities/{self.community.slug}/{page}").status_code, 403)

    def test_it_hides_them_from_outsiders(self) -> None:
        self.client.force_login(self.outsider)
        for page in self.PAGES:
            with self.subTest(page=page):
                self.assertEqual(self.client.get(f"/communities/{self.community.slug}/{page}").status_code, 404)

    def test_it_lets_convenors_in(self) -> None:
        self.client.force_login(self.convenor)
        for page in self.PAGES:
            with self.subTest(page=page):
                self.assertEqual(self.client.get(f"/communities/{self.community.slug}/{page}").status_code, 200)
