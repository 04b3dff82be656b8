import datetime

import time_machine
from django.utils import timezone

from groundswell.gatherings import actions
from groundswell.gatherings.models import GatheringStatus, Registration
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.people.actions import ActionError
from groundswell.testing import BaseTestCase


class AttendanceTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor)
        actions.open_registration(self.gathering, by=self.convenor)
        self.core_place = actions.register(self.gathering, person=self.core)
        self.member_place = actions.register(self.gathering, person=self.member)
        self.apologies = actions.register(self.gathering, person=self.lay)
        actions.send_apologies(self.apologies)

    def test_it_keeps_attendance_apart_from_registration(self) -> None:
        with time_machine.travel(self.gathering.ends_at + datetime.timedelta(hours=1)):
            actions.record_attendance(self.gathering, by=self.convenor, came=[self.core_place.pk])
        attended = dict(Registration.objects.values_list("person_id", "attended"))
        self.assertEqual(attended[self.core.pk], True)
        self.assertEqual(attended[self.member.pk], False)  # had a place, did not come
        self.assertIsNone(attended[self.lay.pk])  # sent apologies: not recorded
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.status, GatheringStatus.HELD)

    def test_it_refuses_attendance_before_the_gathering(self) -> None:
        with self.assertRaisesMessage(ActionError, "once the gathering has started"):
            actions.record_attendance(self.gathering, by=self.convenor, came=[self.core_place.pk])

    def test_it_refuses_people_not_on_the_list(self) -> None:
        other = make_gathering(self.community, self.convenor, title="Other")
        actions.open_registration(other, by=self.convenor)
        stranger = actions.register(other, person=self.outsider)
        with time_machine.travel(self.gathering.ends_at + datetime.timedelta(hours=1)), self.assertRaises(ActionError):
            actions.record_attendance(self.gathering, by=self.convenor, came=[stranger.pk])


class CancelGatheringTestCase(BaseTestCase):
    def test_it_cancels_with_a_reason_and_raises_the_calendar_sequence(self) -> None:
        gathering = make_gathering(self.community, self.convenor)
        with self.assertRaisesMessage(ActionError, "Say why"):
            actions.cancel_gathering(gathering, by=self.convenor, reason=" ")
        actions.cancel_gathering(gathering, by=self.convenor, reason="Industrial action on the railways")
        gathering.refresh_from_db()
        self.assertEqual((gathering.status, gathering.sequence), (GatheringStatus.CANCELLED, 1))
        self.assertEqual(gathering.cancel_reason, "Industrial action on the railways")

    def test_it_refuses_to_cancel_a_gathering_that_was_held(self) -> None:
        gathering = make_gathering(self.community, self.convenor, days_ahead=-2)
        with time_machine.travel(timezone.now()):
            actions.record_attendance(gathering, by=self.convenor, came=[])
        with self.assertRaises(ActionError):
            actions.cancel_gathering(gathering, by=self.convenor, reason="Too late")
