from django.core import mail

from groundswell.gatherings import actions
from groundswell.gatherings.models import CalendarFeed, Registration, RegistrationStatus
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.people.actions import ActionError
from groundswell.testing import BaseTestCase


class RegistrationTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, capacity=2)
        actions.open_registration(self.gathering, by=self.convenor)

    def test_it_refuses_registration_before_it_opens(self) -> None:
        planned = make_gathering(self.community, self.convenor, title="Not yet")
        with self.assertRaisesMessage(ActionError, "not open"):
            actions.register(planned, person=self.member)

    def test_it_puts_people_on_a_waiting_list_when_full(self) -> None:
        first = actions.register(self.gathering, person=self.core)
        second = actions.register(self.gathering, person=self.member)
        third = actions.register(self.gathering, person=self.lay)
        self.assertEqual(
            [first.status, second.status, third.status],
            [RegistrationStatus.REGISTERED, RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
        )

    def test_it_promotes_the_first_on_the_waiting_list_and_emails_them(self) -> None:
        first = actions.register(self.gathering, person=self.core)
        actions.register(self.gathering, person=self.member)
        waiting = actions.register(self.gathering, person=self.lay)
        actions.register(self.gathering, person=self.outsider)
        with self.captureOnCommitCallbacks(execute=True):
            promoted = actions.send_apologies(first)
        self.assertEqual(promoted, waiting)
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, RegistrationStatus.REGISTERED)
        self.assertEqual(mail.outbox[0].to, ["lee@example.org"])
        self.assertIn("A place has come up", mail.outbox[0].subject)

    def test_it_promotes_no_one_when_a_waiting_place_is_given_up(self) -> None:
        actions.register(self.gathering, person=self.core)
        actions.register(self.gathering, person=self.member)
        waiting = actions.register(self.gathering, person=self.lay)
        self.assertIsNone(actions.cancel_registration(waiting))

    def test_it_refuses_registering_twice(self) -> None:
        actions.register(self.gathering, person=self.core)
        with self.assertRaisesMessage(ActionError, "already registered"):
            actions.register(self.gathering, person=self.core)

    def test_it_keeps_access_needs_with_the_registration(self) -> None:
        registration = actions.register(self.gathering, person=self.lay, access_needs="Hearing loop")
        self.assertEqual(registration.access_needs, "Hearing loop")

    def test_it_lets_an_invited_guest_register_later_with_an_account(self) -> None:
        invitation = actions.invite_to_gathering(
            self.gathering, by=self.convenor, email="OTTO@example.org", invitee="theme_guest"
        )
        self.assertEqual(invitation.person, self.outsider)
        registration = actions.register(self.gathering, person=self.outsider)
        self.assertEqual(registration.pk, invitation.pk)
        self.assertEqual(registration.invitee, "theme_guest")

    def test_it_refuses_inviting_the_same_address_twice(self) -> None:
        actions.invite_to_gathering(self.gathering, by=self.convenor, email="guest@prison.example.net")
        with self.assertRaises(ActionError):
            actions.invite_to_gathering(self.gathering, by=self.convenor, email="Guest@prison.example.net")


class PersonalDataTestCase(BaseTestCase):
    def test_it_exports_and_erases_what_registrations_hold(self) -> None:
        from groundswell.people import actions as people_actions

        gathering = make_gathering(self.community, self.convenor, title="Leads' day")
        actions.open_registration(gathering, by=self.convenor)
        actions.register(gathering, person=self.member, access_needs="Hearing loop")
        actions.create_calendar_feed(self.member)
        exported = people_actions.export_personal_data(self.member)
        self.assertEqual(exported["gatherings"][0]["gathering"], "Leads' day")
        self.assertEqual(exported["gatherings"][0]["access_needs"], "Hearing loop")
        people_actions.erase_person(self.member, by=self.member)
        registration = Registration.objects.get(gathering=gathering)
        self.assertEqual(registration.status, "registered")  # the count still adds up
        self.assertNotIn("mina", registration.email)
        self.assertEqual((registration.name, registration.access_needs), ("Former member", ""))
        self.assertFalse(CalendarFeed.objects.filter(person=self.member).exists())
