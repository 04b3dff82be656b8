from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Membership, Role
from groundswell.testing import BaseTestCase


class CreateCommunityTestCase(BaseTestCase):
    def test_it_lets_anyone_signed_in_start_a_community_and_become_its_convenor(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(
            "/communities/new/",
            {
                "name": "Prison Health Network",
                "kind": "network",
                "purpose": "Prison and NHS staff improving care in custody.",
                "learning_question": "",
                "privacy": "restricted",
            },
        )
        community = Community.objects.get(name="Prison Health Network")
        self.assertRedirects(response, f"/communities/{community.slug}/")
        membership = Membership.objects.get(community=community, person=self.outsider)
        self.assertEqual(membership.role, Role.CONVENOR)
        self.assertTrue(
            Activity.objects.filter(community=community, verb="created_community", actor=self.outsider).exists()
        )

    def test_it_redirects_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get("/communities/new/")
        self.assertRedirects(response, "/accounts/login/?next=/communities/new/")

    def test_it_rerenders_the_form_with_errors_and_writes_nothing(self) -> None:
        self.client.force_login(self.outsider)
        before = Community.objects.count()
        response = self.client.post("/communities/new/", {"name": "", "kind": "nonsense", "privacy": "open"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "This field is required.")
        self.assertEqual(Community.objects.count(), before)

    def test_it_gives_each_community_a_unique_address(self) -> None:
        self.client.force_login(self.outsider)
        for _ in range(2):
            self.client.post(
                "/communities/new/",
                {"name": "Cancer Leads Network", "kind": "network", "purpose": "x", "privacy": "open"},
            )
        slugs = sorted(Community.objects.filter(name="Cancer Leads Network").values_list("slug", flat=True))
        self.assertEqual(slugs, ["cancer-leads-network", "cancer-leads-network-2", "cancer-leads-network-3"])
