import datetime
import io
import re

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from groundswell.communities import actions
from groundswell.communities.models import Invitation, InvitationStatus, Membership, Role
from groundswell.people.models import Person
from groundswell.testing import BaseTestCase


def link_from(message: mail.EmailMessage) -> str:
    match = re.search(r"(/invitations/[^/\s]+/)", str(message.body))
    assert match, message.body
    return match.group(1)


class InviteTestCase(BaseTestCase):
    def test_it_emails_an_invitation_to_any_domain(self) -> None:
        self.client.force_login(self.convenor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/communities/{self.community.slug}/invite/",
                {"email": "Governor@HMP-Northshire.example.net", "role": "guest", "message": "Join us in May"},
            )
        self.assertRedirects(response, f"/communities/{self.community.slug}/members/")
        invitation = Invitation.objects.get(community=self.community)
        self.assertEqual((invitation.email, invitation.role), ("governor@hmp-northshire.example.net", Role.GUEST))
        self.assertEqual(mail.outbox[0].to, ["governor@hmp-northshire.example.net"])
        self.assertIn("Join us in May", mail.outbox[0].body)
        self.assertEqual(len(getattr(mail.outbox[0], "alternatives", [])), 1)

    def test_it_stores_only_a_hash_of_the_link(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            actions.invite(self.community, by=self.convenor, email="new@example.net")
        token = link_from(mail.outbox[0]).split("/")[2]
        self.assertNotIn(token, Invitation.objects.get().token_hash)

    def test_it_refuses_a_second_pending_invitation_to_the_same_address(self) -> None:
        actions.invite(self.community, by=self.convenor, email="new@example.net")
        self.client.force_login(self.convenor)
        response = self.client.post(
            f"/communities/{self.community.slug}/invite/", {"email": "NEW@example.net", "role": "member"}
        )
        self.assertContains(response, "already has an invitation waiting")
        self.assertEqual(Invitation.objects.count(), 1)

    def test_it_refuses_inviting_by_a_member_without_the_role(self) -> None:
        self.client.force_login(self.member)
        response = self.client.post(
            f"/communities/{self.community.slug}/invite/", {"email": "x@example.net", "role": "member"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Invitation.objects.exists())


class AnswerInvitationTestCase(BaseTestCase):
    def setUp(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.invitation = actions.invite(
                self.community, by=self.convenor, email="nadia@prison.example.net", role=Role.GUEST
            )
        self.link = link_from(mail.outbox[0])

    def test_it_lets_a_newcomer_join_with_just_a_name(self) -> None:
        response = self.client.post(self.link, {"decision": "accept", "display_name": "Nadia Governor"})
        self.assertRedirects(response, f"/communities/{self.community.slug}/")
        person = Person.objects.get(email="nadia@prison.example.net")
        self.assertEqual(person.display_name, "Nadia Governor")
        self.assertFalse(person.has_usable_password())
        membership = Membership.objects.get(community=self.community, person=person)
        self.assertEqual((membership.role, membership.status), (Role.GUEST, "active"))
        # Signed in straight away: the private community is visible.
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/").status_code, 200)

    def test_it_asks_an_existing_person_to_sign_in(self) -> None:
        self.outsider.email = "nadia@prison.example.net"
        self.outsider.save(update_fields=["email"])
        response = self.client.get(self.link)
        self.assertContains(response, "Sign in</a> to accept")
        self.client.force_login(self.outsider)
        self.client.post(self.link, {"decision": "accept"})
        self.assertTrue(
            Membership.objects.filter(community=self.community, person=self.outsider, status="active").exists()
        )

    def test_it_records_a_decline(self) -> None:
        self.client.post(self.link, {"decision": "decline"})
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.status, InvitationStatus.DECLINED)
        self.assertFalse(Person.objects.filter(email="nadia@prison.example.net").exists())

    def test_it_refuses_an_unknown_link(self) -> None:
        self.assertEqual(self.client.get("/invitations/not-a-real-token/").status_code, 404)

    def test_it_refuses_a_lapsed_invitation(self) -> None:
        with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
            response = self.client.post(self.link, {"decision": "accept", "display_name": "Nadia"})
        self.assertContains(response, "lapsed")
        self.assertFalse(Person.objects.filter(email="nadia@prison.example.net").exists())

    def test_it_refuses_a_withdrawn_invitation(self) -> None:
        actions.revoke_invitation(self.invitation, by=self.convenor)
        response = self.client.post(self.link, {"decision": "accept", "display_name": "Nadia"})
        self.assertContains(response, "no longer open")
        self.assertFalse(Membership.objects.filter(community=self.community, role=Role.GUEST).exists())


class ResendAndLapseTestCase(BaseTestCase):
    def setUp(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.invitation = actions.invite(self.community, by=self.convenor, email="late@example.net")
        self.old_link = link_from(mail.outbox[0])
        mail.outbox.clear()

    def test_it_resends_with_a_fresh_link_and_period(self) -> None:
        with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
            self.client.force_login(self.convenor)
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(f"/communities/{self.community.slug}/invitations/{self.invitation.pk}/resend/")
            self.invitation.refresh_from_db()
            self.assertEqual(self.invitation.send_count, 2)
            self.assertGreater(self.invitation.expires_at, timezone.now() + datetime.timedelta(days=29))
        new_link = link_from(mail.outbox[0])
        self.assertNotEqual(new_link, self.old_link)
        self.assertEqual(self.client.get(self.old_link).status_code, 404)

    def test_it_never_lapses_silently(self) -> None:
        later = timezone.now() + datetime.timedelta(days=31)
        with time_machine.travel(later), self.captureOnCommitCallbacks(execute=True):
            call_command("expire_invitations", stdout=io.StringIO())
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.status, InvitationStatus.EXPIRED)
        self.assertEqual(mail.outbox[0].to, ["cara@example.org"])
        self.assertIn("lapsed", mail.outbox[0].subject)
        # ... and the convenor can send it again.
        actions.resend_invitation(self.invitation, by=self.convenor)
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.status, InvitationStatus.PENDING)

    def test_it_refuses_resending_by_a_member_without_the_role(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(f"/communities/{self.community.slug}/invitations/{self.invitation.pk}/resend/")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(mail.outbox, [])

    def test_it_hides_invitation_management_from_outsiders(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(f"/communities/{self.community.slug}/invitations/{self.invitation.pk}/revoke/")
        self.assertEqual(response.status_code, 404)
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.status, InvitationStatus.PENDING)
