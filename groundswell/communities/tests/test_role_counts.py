from groundswell.communities import actions
from groundswell.communities.models import Community, Membership, Privacy
from groundswell.testing import BaseTestCase, make_community


class RoleCountsTestCase(BaseTestCase):
    def counts(self, community: Community) -> dict[str, int]:
        community.refresh_from_db()
        return dict(community.role_counts)

    def test_it_keeps_counts_through_every_membership_change(self) -> None:
        self.assertEqual(self.counts(self.community), {"convenor": 1, "core_member": 1, "member": 1, "lay_partner": 1})
        member = Membership.objects.get(community=self.community, person=self.member)
        actions.change_role(member, by=self.convenor, role="sponsor")
        self.assertEqual(self.counts(self.community)["sponsor"], 1)
        self.assertNotIn("member", self.counts(self.community))
        actions.remove_member(member, by=self.convenor, reason="Moved on")
        self.counts(self.community)
        self.assertEqual(self.community.member_count, 3)
        open_ = make_community(self.convenor, name="Open Cafe", privacy=Privacy.OPEN)
        actions.join_community(open_, person=self.outsider)
        self.assertEqual(self.counts(open_), {"convenor": 1, "member": 1})

    def test_it_recounts_after_a_bulk_load(self) -> None:
        Community.objects.filter(pk=self.community.pk).update(role_counts={})
        changed = Community.objects.refresh_role_counts()
        self.assertEqual(changed, 1)
        self.assertEqual(self.counts(self.community)["core_member"], 1)

    def test_it_shows_the_stored_counts_in_the_directory(self) -> None:
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/communities/"), "4 members")
