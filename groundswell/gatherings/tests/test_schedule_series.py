import datetime
import zoneinfo

from groundswell.chronicle.models import Activity
from groundswell.gatherings import actions
from groundswell.gatherings.models import Gathering, Invitee, Registration
from groundswell.people.actions import ActionError
from groundswell.testing import BaseTestCase

LONDON = zoneinfo.ZoneInfo("Europe/London")


class AddMonthsTestCase(BaseTestCase):
    def test_it_keeps_the_local_time_across_the_clock_change(self) -> None:
        winter = datetime.datetime(2027, 1, 12, 10, 0, tzinfo=LONDON)
        summer = actions.add_months(winter, 6, "Europe/London")
        self.assertEqual((summer.month, summer.hour), (7, 10))
        self.assertEqual(summer.utcoffset(), datetime.timedelta(hours=1))

    def test_it_clamps_to_the_end_of_a_shorter_month(self) -> None:
        moment = datetime.datetime(2027, 1, 31, 9, 30, tzinfo=LONDON)
        self.assertEqual(actions.add_months(moment, 1, "Europe/London").day, 28)


class ScheduleSeriesTestCase(BaseTestCase):
    def test_it_creates_the_meetings_on_the_cadence_and_invites_the_core_roster(self) -> None:
        first = datetime.datetime(2027, 1, 12, 10, 0, tzinfo=LONDON)
        series = actions.schedule_series(
            self.community, by=self.convenor, title="Leads' days", first_starts_at=first,
            duration=datetime.timedelta(hours=6), every_months=2, meetings=6,
        )  # fmt: skip
        gatherings = list(Gathering.objects.filter(series=series).order_by("number_in_series"))
        self.assertEqual([g.number_in_series for g in gatherings], [1, 2, 3, 4, 5, 6])
        self.assertEqual([g.starts_at.astimezone(LONDON).month for g in gatherings], [1, 3, 5, 7, 9, 11])
        self.assertTrue(all(g.starts_at.astimezone(LONDON).hour == 10 for g in gatherings))
        # The default roster is the convenors and core members, invited to every meeting.
        roster = {p.pk for p in series.core_roster.all()}
        self.assertEqual(roster, {self.convenor.pk, self.core.pk})
        for gathering in gatherings:
            invited = Registration.objects.filter(gathering=gathering, invitee=Invitee.CORE)
            self.assertEqual({r.person_id for r in invited}, roster)
        self.assertEqual(Activity.objects.filter(verb="scheduled_gathering").count(), 6)

    def test_it_refuses_an_impossible_cadence(self) -> None:
        with self.assertRaises(ActionError):
            actions.schedule_series(
                self.community, by=self.convenor, title="Too many",
                first_starts_at=datetime.datetime(2027, 1, 12, 10, tzinfo=LONDON),
                duration=datetime.timedelta(hours=1), meetings=100,
            )  # fmt: skip
        self.assertFalse(Gathering.objects.exists())

    def test_it_refuses_a_gathering_that_ends_before_it_starts(self) -> None:
        start = datetime.datetime(2027, 1, 12, 10, tzinfo=LONDON)
        with self.assertRaisesMessage(ActionError, "end after it starts"):
            actions.schedule_gathering(
                self.community, by=self.convenor, title="Backwards", starts_at=start, ends_at=start
            )
