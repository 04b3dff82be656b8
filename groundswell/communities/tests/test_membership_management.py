from groundswell.chronicle.models import Activity
from groundswell.communities import actions
from groundswell.communities.models import Membership, MembershipStatus, Role
from groundswell.people.actions import ActionError
from groundswell.testing import BaseTestCase


class ChangeRoleTestCase(BaseTestCase):
    def membership(self, person) -> Membership:  # type: ignore[no-untyped-def]
        return Membership.objects.get(community=self.community, person=person, status="active")

    def test_it_lets_a_convenor_change_a_role(self) -> None:
        self.client.force_login(self.convenor)
        m = self.membership(self.member)
        self.client.post(f"/communities/{self.community.slug}/members/{m.pk}/role/", {"role": "core_member"})
        self.assertEqual(self.membership(self.member).role, Role.CORE_MEMBER)
        activity = Activity.objects.get(verb="changed_role")
        self.assertEqual(activity.data, {"previous": "member", "role": "core_member"})

    def test_it_refuses_a_member_without_the_role(self) -> None:
        self.client.force_login(self.core)
        m = self.membership(self.member)
        response = self.client.post(f"/communities/{self.community.slug}/members/{m.pk}/role/", {"role": "convenor"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.membership(self.member).role, Role.MEMBER)

    def test_it_refuses_an_outsider(self) -> None:
        self.client.force_login(self.outsider)
        m = self.membership(self.member)
        response = self.client.post(f"/communities/{self.community.slug}/members/{m.pk}/role/", {"role": "convenor"})
        self.assertEqual(response.status_code, 404)

    def test_it_keeps_at_least_one_convenor(self) -> None:
        with self.assertRaisesMessage(ActionError, "needs a convenor"):
            actions.change_role(self.membership(self.convenor), by=self.convenor, role=Role.MEMBER)
        actions.change_role(self.membership(self.core), by=self.convenor, role=Role.CONVENOR)
        actions.change_role(self.membership(self.convenor), by=self.convenor, role=Role.MEMBER)
        self.assertEqual(self.membership(self.convenor).role, Role.MEMBER)


class LeaveAndRemoveTestCase(BaseTestCase):
    def test_it_keeps_history_when_someone_leaves(self) -> None:
        self.client.force_login(self.member)
        self.client.post(f"/communities/{self.community.slug}/leave/", {"reason": "New job in Leeds"})
        m = Membership.objects.get(community=self.community, person=self.member)
        self.assertEqual(m.status, MembershipStatus.LEFT)
        self.assertEqual(m.left_reason, "New job in Leeds")
        self.assertIsNotNone(m.joined_at)
        self.assertIsNotNone(m.left_at)
        # Alumni stay visible to members, with their dates.
        self.client.force_login(self.core)
        response = self.client.get(f"/communities/{self.community.slug}/members/")
        self.assertContains(response, "Alumni")
        self.assertContains(response, "Mina Member")

    def test_it_starts_a_new_spell_when_someone_rejoins(self) -> None:
        m = Membership.objects.get(community=self.community, person=self.member)
        actions.leave_community(m)
        actions.invite(self.community, by=self.convenor, email=self.member.email)
        invitation = self.community.invitations.get()
        actions.accept_invitation(invitation, person=self.member)
        spells = Membership.objects.filter(community=self.community, person=self.member).order_by("pk")
        self.assertEqual([s.status for s in spells], ["left", "active"])

    def test_it_lets_a_convenor_remove_someone_with_a_reason(self) -> None:
        self.client.force_login(self.convenor)
        m = Membership.objects.get(community=self.community, person=self.member)
        response = self.client.post(f"/communities/{self.community.slug}/members/{m.pk}/remove/", {"reason": ""})
        self.assertContains(response, "This field is required")
        self.client.post(
            f"/communities/{self.community.slug}/members/{m.pk}/remove/", {"reason": "Asked to be removed"}
        )
        m.refresh_from_db()
        self.assertEqual((m.status, m.left_reason), (MembershipStatus.REMOVED, "Asked to be removed"))

    def test_it_refuses_removal_by_a_member_without_the_role(self) -> None:
        self.client.force_login(self.core)
        m = Membership.objects.get(community=self.community, person=self.member)
        response = self.client.post(f"/communities/{self.community.slug}/members/{m.pk}/remove/", {"reason": "x"})
        self.assertEqual(response.status_code, 403)
        m.refresh_from_db()
        self.assertEqual(m.status, MembershipStatus.ACTIVE)

    def test_it_does_not_let_the_last_convenor_leave(self) -> None:
        self.client.force_login(self.convenor)
        self.client.post(f"/communities/{self.community.slug}/leave/", {"reason": ""})
        m = Membership.objects.get(community=self.community, person=self.convenor)
        self.assertEqual(m.status, MembershipStatus.ACTIVE)

    def test_it_refuses_leaving_a_community_you_are_not_in(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(f"/communities/{self.community.slug}/leave/").status_code, 404)


class MemberPageTestCase(BaseTestCase):
    def test_it_shows_convenors_access_needs_and_audits_the_look(self) -> None:
        from groundswell.people import actions as people_actions

        people_actions.update_profile(
            self.lay, by=self.lay, access_needs="Large print papers, please", consent_to_share_access_needs=True
        )
        self.client.force_login(self.convenor)
        response = self.client.get(f"/communities/{self.community.slug}/members/")
        self.assertContains(response, "Large print papers, please")
        record = self.lay.access_records.get()
        self.assertEqual((record.viewer_id, record.what), (self.convenor.pk, "access_needs"))

    def test_it_never_shows_access_needs_stored_without_consent(self) -> None:
        # Data from before consent was recorded, or written around the actions.
        self.lay.access_needs = "Large print papers, please"
        self.lay.save(update_fields=["access_needs"])
        self.client.force_login(self.convenor)
        self.assertNotContains(self.client.get(f"/communities/{self.community.slug}/members/"), "Large print")
        self.assertFalse(self.lay.access_records.exists())

    def test_it_hides_access_needs_from_other_members(self) -> None:
        from groundswell.people import actions as people_actions

        people_actions.update_profile(
            self.lay, by=self.lay, access_needs="Large print papers, please", consent_to_share_access_needs=True
        )
        self.client.force_login(self.core)
        response = self.client.get(f"/communities/{self.community.slug}/members/")
        self.assertNotContains(response, "Large print")
        self.assertFalse(self.lay.access_records.exists())

    def test_it_uses_a_constant_number_of_queries(self) -> None:
        from groundswell.testing import add_member, make_person

        self.client.force_login(self.convenor)
        url = f"/communities/{self.community.slug}/members/"
        self.client.get(url)
        with self.assertNumQueries(11):
            self.client.get(url)
        for i in range(15):
            add_member(self.community, make_person(f"extra{i}@example.org"))
        with self.assertNumQueries(11):
            self.client.get(url)


class MemberPagePagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from groundswell.testing import add_member, make_person

        for i in range(55):
            add_member(cls.community, make_person(f"bulk{i:02d}@example.org", f"Bulk {i:02d}"))

    def test_it_lists_members_fifty_to_a_page(self) -> None:
        self.client.force_login(self.member)
        first = self.client.get(f"/communities/{self.community.slug}/members/")
        self.assertContains(first, "Current members (59)")
        self.assertContains(first, "Bulk 00")
        self.assertNotContains(first, "Lee Lay")
        second = self.client.get(f"/communities/{self.community.slug}/members/?page=2")
        self.assertContains(second, "Lee Lay")
        self.assertNotContains(second, "Bulk 00")

    def test_it_filters_members_by_role(self) -> None:
        self.client.force_login(self.member)
        response = self.client.get(f"/communities/{self.community.slug}/members/?role=core_member")
        self.assertContains(response, "Core members (1)")
        self.assertContains(response, "Colin Core")
        self.assertNotContains(response, "Bulk 00")
