import datetime
import zoneinfo

import icalendar

from groundswell.gatherings import actions
from groundswell.gatherings.calendar import event_for
from groundswell.gatherings.models import ActionItem, ActionStatus, Element, Gathering, Level
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.lib.ical import calendar
from groundswell.people.actions import ActionError
from groundswell.testing import BaseTestCase

LONDON = zoneinfo.ZoneInfo("Europe/London")


class AgendaTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor)

    def titles(self) -> list[str]:
        return list(self.gathering.agenda.values_list("title", flat=True))

    def test_it_builds_an_ordered_agenda_and_reorders_it_without_drag_and_drop(self) -> None:
        check_in = actions.add_agenda_item(self.gathering, by=self.convenor, title="Check-in", element=Element.CHECK_IN)
        actions.add_agenda_item(self.gathering, by=self.convenor, title="Briefing", element=Element.BRIEFING)
        close = actions.add_agenda_item(self.gathering, by=self.convenor, title="Close", element=Element.CLOSE)
        self.assertEqual(self.titles(), ["Check-in", "Briefing", "Close"])
        actions.move_agenda_item(close, by=self.convenor, up=True)
        self.assertEqual(self.titles(), ["Check-in", "Close", "Briefing"])
        actions.move_agenda_item(check_in, by=self.convenor, up=True)  # already first: no change
        self.assertEqual(self.titles(), ["Check-in", "Close", "Briefing"])
        self.gathering.refresh_from_db()
        self.assertGreater(self.gathering.sequence, 0)


class CarriedActionsTestCase(BaseTestCase):
    def test_it_carries_open_actions_to_later_meetings_of_the_series_until_done(self) -> None:
        series = actions.schedule_series(
            self.community, by=self.convenor, title="Leads' days",
            first_starts_at=datetime.datetime(2027, 1, 12, 10, tzinfo=LONDON),
            duration=datetime.timedelta(hours=6), meetings=3,
        )  # fmt: skip
        first, second, third = Gathering.objects.filter(series=series).order_by("number_in_series")
        done_later = actions.add_action(first, by=self.convenor, title="Share the audit template", owner=self.core)
        actions.add_action(first, by=self.convenor, title="Invite the prison leads", owner_name="A guest")
        self.assertEqual(ActionItem.objects.carried_to(first).count(), 0)
        self.assertEqual(ActionItem.objects.carried_to(second).count(), 2)
        actions.set_action_status(done_later, by=self.core, status=ActionStatus.DONE)
        self.assertEqual(
            list(ActionItem.objects.carried_to(third).values_list("title", flat=True)), ["Invite the prison leads"]
        )

    def test_it_refuses_an_empty_action(self) -> None:
        gathering = make_gathering(self.community, self.convenor)
        with self.assertRaises(ActionError):
            actions.add_action(gathering, by=self.convenor, title=" ")


class HarvestAndFeedbackTestCase(BaseTestCase):
    def test_it_records_notes_in_the_template_and_feedback_in_order(self) -> None:
        gathering = make_gathering(self.community, self.convenor)
        note = actions.add_note(
            gathering, by=self.member, what_we_heard="Two-week-wait letters confuse patients", group="Table 3",
            evidence="Six patients phoned the practice", where="Northshire", who_is_affected="Patients over 75",
            urgency=Level.HIGH, confidence=Level.MEDIUM,
        )  # fmt: skip
        self.assertEqual((note.note_taker, note.urgency), (self.member, "high"))
        actions.add_feedback(gathering, by=self.convenor, message="Rewrite the letter with patients")
        actions.add_feedback(gathering, by=self.convenor, message="Fund navigators in primary care")
        self.assertEqual(
            list(gathering.feedback.values_list("message", flat=True)),
            ["Rewrite the letter with patients", "Fund navigators in primary care"],
        )


class CalendarEventTestCase(BaseTestCase):
    def test_it_keeps_the_place_out_of_calendars_of_people_without_a_place(self) -> None:
        gathering = make_gathering(
            self.community, self.convenor, place="Room 4, Civic Centre", joining_link="https://meet.example.org/x"
        )
        hidden = event_for(gathering, show_joining_details=False)
        shown = event_for(gathering, show_joining_details=True)
        self.assertEqual(hidden.location, "")
        self.assertEqual(shown.location, "Room 4, Civic Centre, https://meet.example.org/x")

    def test_it_propagates_a_cancellation_that_an_independent_parser_reads(self) -> None:
        gathering = make_gathering(self.community, self.convenor)
        actions.cancel_gathering(gathering, by=self.convenor, reason="Rail strike")
        gathering.refresh_from_db()
        text = calendar([event_for(gathering, show_joining_details=False)], name="Leads", method="CANCEL")
        event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
        self.assertEqual(str(event["STATUS"]), "CANCELLED")
        self.assertEqual(event.decoded("SEQUENCE"), 1)
        self.assertEqual(event.decoded("DTSTART"), gathering.starts_at)
        self.assertIn("Rail strike", str(event["DESCRIPTION"]))
