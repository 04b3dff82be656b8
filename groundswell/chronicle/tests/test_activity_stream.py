from groundswell.chronicle.models import Activity
from groundswell.communities import actions
from groundswell.communities.models import Privacy
from groundswell.testing import BaseTestCase, make_community


class ActivityStreamTestCase(BaseTestCase):
    def test_it_records_actor_verb_target_community_and_time_for_each_write(self) -> None:
        community = make_community(self.convenor, name="Open Cafe", privacy=Privacy.OPEN)
        membership = actions.join_community(community, person=self.outsider)
        actions.change_role(membership, by=self.convenor, role="core_member")
        actions.leave_community(membership, reason="Busy")
        rows = list(
            Activity.objects.for_community(community.pk).reverse().values_list("verb", "actor_id", "target_type")
        )
        self.assertEqual(
            rows,
            [
                ("created_community", self.convenor.pk, "community"),
                ("joined", self.outsider.pk, "membership"),
                ("changed_role", self.convenor.pk, "membership"),
                ("left", self.outsider.pk, "membership"),
            ],
        )

    def test_it_shows_recent_activity_to_members_on_the_community_page(self) -> None:
        self.client.force_login(self.member)
        response = self.client.get(f"/communities/{self.community.slug}/")
        self.assertContains(response, "started the community")

    def test_it_shows_what_is_new_on_the_home_page_without_n_plus_one(self) -> None:
        self.client.force_login(self.member)
        self.client.get("/")
        with self.assertNumQueries(7):
            response = self.client.get("/")
        self.assertContains(response, "Cancer Leads Network")
        community = make_community(self.convenor, name="Open Cafe", privacy=Privacy.OPEN)
        actions.join_community(community, person=self.member)
        with self.assertNumQueries(7):
            self.client.get("/")

    def test_it_keeps_the_stream_of_a_private_community_from_outsiders(self) -> None:
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get("/"), "Cancer Leads Network")
