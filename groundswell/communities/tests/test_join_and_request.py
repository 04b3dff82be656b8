from django.core import mail

from groundswell.communities import actions
from groundswell.communities.models import Lifecycle, Membership, MembershipStatus, Privacy, Role
from groundswell.people.actions import ActionError
from groundswell.testing import BaseTestCase, make_community


class JoinOpenCommunityTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.open = make_community(self.convenor, name="Open Cafe", privacy=Privacy.OPEN)

    def test_it_joins_an_open_community_at_once(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(f"/communities/{self.open.slug}/join/")
        self.assertRedirects(response, f"/communities/{self.open.slug}/")
        membership = Membership.objects.get(community=self.open, person=self.outsider)
        self.assertEqual((membership.status, membership.role), (MembershipStatus.ACTIVE, Role.MEMBER))

    def test_it_gives_lay_partners_the_lay_partner_role(self) -> None:
        self.client.force_login(self.lay)
        self.client.post(f"/communities/{self.open.slug}/join/")
        self.assertEqual(Membership.objects.get(community=self.open, person=self.lay).role, Role.LAY_PARTNER)

    def test_it_refuses_joining_twice(self) -> None:
        actions.join_community(self.open, person=self.outsider)
        with self.assertRaises(ActionError):
            actions.join_community(self.open, person=self.outsider)

    def test_it_refuses_joining_a_closed_community(self) -> None:
        actions.change_lifecycle(self.open, by=self.convenor, lifecycle=Lifecycle.CLOSED, closing_note="Done.")
        self.client.force_login(self.outsider)
        self.client.post(f"/communities/{self.open.slug}/join/")
        self.assertFalse(Membership.objects.filter(community=self.open, person=self.outsider).exists())

    def test_it_cannot_be_used_to_join_a_private_community(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(f"/communities/{self.community.slug}/join/")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Membership.objects.filter(community=self.community, person=self.outsider).exists())

    def test_it_only_accepts_post(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(f"/communities/{self.open.slug}/join/").status_code, 405)


class RequestToJoinTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.restricted = make_community(self.convenor, name="Prison Health", privacy=Privacy.RESTRICTED)

    def test_it_records_a_request_and_emails_the_convenors(self) -> None:
        self.client.force_login(self.outsider)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/communities/{self.restricted.slug}/request/", {"message": "I work in HMP Northshire"})
        membership = Membership.objects.get(community=self.restricted, person=self.outsider)
        self.assertEqual(membership.status, MembershipStatus.REQUESTED)
        self.assertEqual(membership.request_message, "I work in HMP Northshire")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["cara@example.org"])
        self.assertIn("Otto Outsider asked to join", mail.outbox[0].subject)

    def test_it_lets_a_convenor_approve_and_tells_the_person(self) -> None:
        membership = actions.request_membership(self.restricted, person=self.outsider)
        mail.outbox.clear()
        self.client.force_login(self.convenor)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/communities/{self.restricted.slug}/members/{membership.pk}/decide/", {"decision": "approve"}
            )
        membership.refresh_from_db()
        self.assertEqual(membership.status, MembershipStatus.ACTIVE)
        self.assertIsNotNone(membership.joined_at)
        self.assertEqual(mail.outbox[0].to, ["otto@example.org"])
        self.assertIn("Welcome", mail.outbox[0].subject)

    def test_it_lets_a_convenor_decline(self) -> None:
        membership = actions.request_membership(self.restricted, person=self.outsider)
        self.client.force_login(self.convenor)
        self.client.post(
            f"/communities/{self.restricted.slug}/members/{membership.pk}/decide/", {"decision": "decline"}
        )
        membership.refresh_from_db()
        self.assertEqual(membership.status, MembershipStatus.DECLINED)

    def test_it_refuses_decisions_by_members_without_the_convenor_role(self) -> None:
        membership = actions.request_membership(self.restricted, person=self.outsider)
        core_membership = actions.request_membership(self.restricted, person=self.core)
        actions.decide_request(core_membership, by=self.convenor, approve=True)
        self.client.force_login(self.core)
        response = self.client.post(
            f"/communities/{self.restricted.slug}/members/{membership.pk}/decide/", {"decision": "approve"}
        )
        self.assertEqual(response.status_code, 403)
        membership.refresh_from_db()
        self.assertEqual(membership.status, MembershipStatus.REQUESTED)

    def test_it_refuses_asking_twice(self) -> None:
        actions.request_membership(self.restricted, person=self.outsider)
        with self.assertRaises(ActionError):
            actions.request_membership(self.restricted, person=self.outsider)
