from groundswell.chronicle.models import Activity
from groundswell.communities import actions
from groundswell.communities.models import Lifecycle, Privacy
from groundswell.testing import BaseTestCase, make_community


class LifecycleTestCase(BaseTestCase):
    def test_it_needs_a_closing_note_to_close(self) -> None:
        self.client.force_login(self.convenor)
        response = self.client.post(
            f"/communities/{self.community.slug}/stage/", {"lifecycle": "closed", "closing_note": ""}
        )
        self.assertContains(response, "Write a closing note")
        self.community.refresh_from_db()
        self.assertEqual(self.community.lifecycle, Lifecycle.FORMING)

    def test_it_keeps_a_closed_community_readable_as_an_archive(self) -> None:
        self.client.force_login(self.convenor)
        self.client.post(
            f"/communities/{self.community.slug}/stage/",
            {"lifecycle": "closed", "closing_note": "Our guidance is now part of the national pathway."},
        )
        self.community.refresh_from_db()
        self.assertEqual(self.community.lifecycle, Lifecycle.CLOSED)
        self.assertIsNotNone(self.community.closed_at)
        self.client.force_login(self.member)
        response = self.client.get(f"/communities/{self.community.slug}/")
        self.assertContains(response, "stay here as an archive")
        self.assertContains(response, "Our guidance is now part of the national pathway.")
        self.assertNotContains(response, "Leave this community")

    def test_it_refuses_invitations_into_a_closed_community(self) -> None:
        actions.change_lifecycle(self.community, by=self.convenor, lifecycle=Lifecycle.CLOSED, closing_note="Done")
        self.client.force_login(self.convenor)
        response = self.client.post(
            f"/communities/{self.community.slug}/invite/", {"email": "x@example.net", "role": "member"}
        )
        self.assertContains(response, "has closed")

    def test_it_can_move_to_dormant_and_back(self) -> None:
        actions.change_lifecycle(self.community, by=self.convenor, lifecycle=Lifecycle.DORMANT)
        actions.change_lifecycle(self.community, by=self.convenor, lifecycle=Lifecycle.ACTIVE)
        verbs = list(Activity.objects.filter(verb="changed_lifecycle").values_list("data__lifecycle", flat=True))
        self.assertEqual(verbs, ["dormant", "active"])

    def test_it_refuses_a_member_without_the_role(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(f"/communities/{self.community.slug}/stage/", {"lifecycle": "dormant"})
        self.assertEqual(response.status_code, 403)


class EditCommunityTestCase(BaseTestCase):
    def test_it_lets_a_convenor_change_purpose_and_privacy(self) -> None:
        self.client.force_login(self.convenor)
        self.client.post(
            f"/communities/{self.community.slug}/edit/",
            {"name": "Cancer Leads Network", "kind": "network", "purpose": "New purpose", "privacy": "restricted"},
        )
        self.community.refresh_from_db()
        self.assertEqual((self.community.purpose, self.community.privacy), ("New purpose", Privacy.RESTRICTED))
        self.assertEqual(Activity.objects.get(verb="updated_community").data, {"fields": ["purpose", "privacy"]})

    def test_it_refuses_a_member_without_the_role(self) -> None:
        self.client.force_login(self.member)
        response = self.client.post(
            f"/communities/{self.community.slug}/edit/",
            {"name": "Hijacked", "kind": "network", "purpose": "x", "privacy": "open"},
        )
        self.assertEqual(response.status_code, 403)
        self.community.refresh_from_db()
        self.assertEqual(self.community.name, "Cancer Leads Network")


class DirectoryTestCase(BaseTestCase):
    def test_it_filters_by_kind_privacy_stage_and_text(self) -> None:
        make_community(self.outsider, name="Lay Panel", kind="lay_panel", privacy=Privacy.OPEN, purpose="Patients")
        make_community(self.outsider, name="GP Cancer Group", kind="community_of_practice", privacy=Privacy.OPEN)
        self.client.force_login(self.outsider)
        response = self.client.get("/communities/?kind=lay_panel")
        self.assertContains(response, "Lay Panel")
        self.assertNotContains(response, "GP Cancer Group")
        response = self.client.get("/communities/?q=cancer")
        self.assertContains(response, "GP Cancer Group")
        self.assertNotContains(response, "Cancer Leads Network")  # private, outsider

    def test_it_answers_htmx_with_the_results_fragment(self) -> None:
        make_community(self.outsider, name="Lay Panel", privacy=Privacy.OPEN)
        response = self.client.get("/communities/?q=lay", headers={"HX-Request": "true"})
        self.assertContains(response, "Lay Panel")
        self.assertNotContains(response, "<html")

    def test_it_uses_a_constant_number_of_queries(self) -> None:
        self.client.force_login(self.member)
        self.client.get("/communities/")
        with self.assertNumQueries(6):
            self.client.get("/communities/")
        for i in range(12):
            make_community(self.outsider, name=f"Community {i}", privacy=Privacy.OPEN)
        with self.assertNumQueries(6):
            self.client.get("/communities/")
