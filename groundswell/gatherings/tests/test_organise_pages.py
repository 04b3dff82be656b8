import csv
import datetime
import io

import time_machine

from groundswell.chronicle.models import AccessRecord
from groundswell.gatherings import actions
from groundswell.gatherings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    FeedbackToCentre,
    Gathering,
    GatheringStatus,
    HarvestNote,
    Registration,
    Series,
)
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.testing import BaseTestCase

JULY_GATHERING = {
    "title": "Summer leads' day",
    "purpose": "Test the new guidance against local perspectives.",
    "theme": "Early diagnosis",
    "format": "in_person",
    "date": "2027-07-15",
    "start_time": "10:00",
    "end_time": "16:00",
    "time_zone": "Europe/London",
    "place": "Leeds",
    "joining_link": "",
    "capacity": "40",
    "confidentiality": "community",
}


class CreatePagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.new_url = f"/communities/{self.community.slug}/gatherings/new/"
        self.series_url = f"/communities/{self.community.slug}/series/new/"

    def test_it_plans_a_gathering_in_local_time(self) -> None:
        self.client.force_login(self.convenor)
        self.assertEqual(self.client.get(self.new_url).status_code, 200)
        response = self.client.post(self.new_url, JULY_GATHERING)
        gathering = Gathering.objects.get()
        self.assertRedirects(response, f"/gatherings/{gathering.pk}/", fetch_redirect_response=False)
        # 10:00 in London in July is British Summer Time: 09:00 UTC.
        self.assertEqual(gathering.starts_at, datetime.datetime(2027, 7, 15, 9, 0, tzinfo=datetime.UTC))
        self.assertEqual(gathering.ends_at, datetime.datetime(2027, 7, 15, 15, 0, tzinfo=datetime.UTC))
        self.assertEqual(
            (gathering.time_zone, gathering.capacity, gathering.theme), ("Europe/London", 40, "Early diagnosis")
        )

    def test_it_rerenders_errors_and_writes_nothing(self) -> None:
        self.client.force_login(self.convenor)
        bad = {**JULY_GATHERING, "time_zone": "Mars/Olympus", "end_time": "09:00", "title": ""}
        response = self.client.post(self.new_url, bad)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "nhsuk-error-summary")
        self.assertContains(response, "Enter a time zone such as Europe/London.")
        self.assertFalse(Gathering.objects.exists())
        response = self.client.post(self.new_url, {**JULY_GATHERING, "end_time": "09:00"})
        self.assertContains(response, "The end time must be after the start time.")
        self.assertFalse(Gathering.objects.exists())

    def test_it_refuses_a_time_the_clocks_skip(self) -> None:
        self.client.force_login(self.convenor)
        # The clocks in London go forward from 01:00 to 02:00 on 28 March 2027.
        data = {**JULY_GATHERING, "date": "2027-03-28", "start_time": "01:30", "end_time": "04:00"}
        self.assertContains(self.client.post(self.new_url, data), "the clocks go forward")
        self.assertFalse(Gathering.objects.exists())

    def test_it_forbids_members_and_hides_from_outsiders(self) -> None:
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.new_url).status_code, 403)
        self.assertEqual(self.client.post(self.new_url, JULY_GATHERING).status_code, 403)
        self.assertEqual(self.client.post(self.series_url, {}).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.new_url, JULY_GATHERING).status_code, 404)
        self.assertEqual(self.client.get(self.series_url).status_code, 404)
        self.assertFalse(Gathering.objects.exists())

    def test_it_plans_a_series_with_the_default_roster(self) -> None:
        self.client.force_login(self.convenor)
        response = self.client.get(self.series_url)
        self.assertContains(response, "convenors and core members")
        data = {
            "title": "National network",
            "purpose": "",
            "date": "2027-01-12",
            "start_time": "10:00",
            "end_time": "16:00",
            "time_zone": "Europe/London",
            "every_months": "2",
            "meetings": "6",
            "format": "hybrid",
            "place": "",
            "joining_link": "https://meet.example.org/network",
            "capacity": "",
        }
        response = self.client.post(self.series_url, data)
        series = Series.objects.get()
        self.assertRedirects(response, f"/series/{series.pk}/", fetch_redirect_response=False)
        meetings = list(series.gatherings.order_by("starts_at"))
        self.assertEqual(len(meetings), 6)
        # January is GMT, July is BST: the wall-clock time stays 10:00.
        self.assertEqual(meetings[0].starts_at.hour, 10)
        self.assertEqual(meetings[3].starts_at, datetime.datetime(2027, 7, 12, 9, 0, tzinfo=datetime.UTC))
        self.assertEqual(set(series.core_roster.all()), {self.convenor, self.core})

    def test_it_refuses_a_series_out_of_range(self) -> None:
        self.client.force_login(self.convenor)
        response = self.client.post(self.series_url, {"title": "Too many", "every_months": "30", "meetings": "60"})
        self.assertContains(response, "nhsuk-error-summary")
        self.assertFalse(Series.objects.exists())


class GatheringPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor)
        self.base = f"/gatherings/{self.gathering.pk}"
        self.detail = f"/gatherings/{self.gathering.pk}/"

    def assert_organisers_only(self, url: str, data: dict[str, str]) -> None:
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, data).status_code, 404)

    def test_it_opens_registration(self) -> None:
        url = f"{self.base}/status/"
        self.assert_organisers_only(url, {"intent": "open"})
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.status, GatheringStatus.PLANNED)
        self.client.force_login(self.convenor)
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"intent": "open"})
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.status, GatheringStatus.OPEN)
        response = self.client.post(url, {"intent": "open"})
        self.assertContains(response, "Only a planned gathering can open for registration.")

    def test_it_cancels_only_with_a_reason(self) -> None:
        url = f"{self.base}/status/"
        self.assert_organisers_only(url, {"intent": "cancel", "reason": "Snow"})
        self.client.force_login(self.convenor)
        response = self.client.post(url, {"intent": "cancel", "reason": ""})
        self.assertContains(response, "nhsuk-error-summary")
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.status, GatheringStatus.PLANNED)
        response = self.client.post(url, {"intent": "cancel", "reason": "Snow"})
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        self.gathering.refresh_from_db()
        self.assertEqual((self.gathering.status, self.gathering.cancel_reason), (GatheringStatus.CANCELLED, "Snow"))

    def test_it_lets_a_facilitator_organise(self) -> None:
        self.gathering.facilitators.add(self.member)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(f"{self.base}/status/").status_code, 200)

    def test_it_invites_and_lists_access_needs_for_organisers(self) -> None:
        url = f"{self.base}/invite/"
        self.assert_organisers_only(url, {"email": "guest@example.org", "invitee": "theme_guest"})
        self.assertFalse(Registration.objects.exists())
        actions.open_registration(self.gathering, by=self.convenor)
        actions.register(self.gathering, person=self.core, access_needs="Step-free access, please")
        self.client.force_login(self.convenor)
        data = {"email": "Guest@Example.org", "name": "Gita Guest", "invitee": "theme_guest"}
        response = self.client.post(url, data)
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        guest = Registration.objects.get(email="guest@example.org")
        self.assertEqual((guest.name, guest.invitee), ("Gita Guest", "theme_guest"))
        response = self.client.post(url, data)
        self.assertContains(response, "guest@example.org is already invited")
        self.assertEqual(Registration.objects.filter(email="guest@example.org").count(), 1)
        response = self.client.get(url)
        self.assertContains(response, "Gita Guest")
        self.assertContains(response, "Step-free access, please")
        self.assertTrue(AccessRecord.objects.filter(viewer=self.convenor, subject=self.core).exists())

    def test_it_records_attendance_only_after_the_start(self) -> None:
        url = f"{self.base}/attendance/"
        actions.open_registration(self.gathering, by=self.convenor)
        core = actions.register(self.gathering, person=self.core)
        member = actions.register(self.gathering, person=self.member)
        self.assert_organisers_only(url, {"came": str(core.pk)})
        self.client.force_login(self.convenor)
        response = self.client.post(url, {"came": [str(core.pk)]})
        self.assertContains(response, "Attendance can be recorded once the gathering has started.")
        self.assertFalse(Registration.objects.filter(attended__isnull=False).exists())
        with time_machine.travel(self.gathering.ends_at + datetime.timedelta(hours=1)):
            self.client.force_login(self.convenor)  # a fresh session: the old one lapses in a fortnight
            response = self.client.get(url)
            self.assertContains(response, "Colin Core")
            response = self.client.post(url, {"came": [str(core.pk)]})
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        core.refresh_from_db()
        member.refresh_from_db()
        self.assertEqual((core.attended, member.attended), (True, False))

    def test_it_exports_attendees_without_access_needs(self) -> None:
        url = f"{self.base}/attendees.csv"
        actions.open_registration(self.gathering, by=self.convenor)
        actions.register(self.gathering, person=self.core, access_needs="Hearing loop")
        actions.invite_to_gathering(self.gathering, by=self.convenor, email="x@example.org", name='=HYPERLINK("x")')
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.convenor)
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        body = response.content.decode()
        self.assertNotIn("Hearing loop", body)
        rows = list(csv.reader(io.StringIO(body)))
        self.assertEqual(rows[0], ["name", "email", "invited as", "status", "attended"])
        self.assertIn(['\'=HYPERLINK("x")', "x@example.org", "Theme guest", "Invited", "not recorded"], rows)
        self.assertIn(["Colin Core", "colin@example.org", "Member", "Coming", "not recorded"], rows)

    def test_it_builds_and_reorders_the_agenda(self) -> None:
        url = f"{self.base}/agenda/"
        item = {"intent": "add", "title": "Check-in", "element": "check_in", "minutes": "15", "lead_name": ""}
        self.assert_organisers_only(url, item)
        self.assertFalse(AgendaItem.objects.exists())
        self.client.force_login(self.convenor)
        response = self.client.post(url, item)
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.client.post(url, {**item, "title": "Briefing", "element": "briefing"})
        response = self.client.post(url, {**item, "minutes": "0", "element": "nonsense"})
        self.assertContains(response, "nhsuk-error-summary")
        self.assertEqual(AgendaItem.objects.count(), 2)
        briefing = AgendaItem.objects.get(title="Briefing")
        response = self.client.post(url, {"intent": "move", "item": str(briefing.pk), "direction": "up"})
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.assertEqual(list(self.gathering.agenda.values_list("title", flat=True)), ["Briefing", "Check-in"])
        response = self.client.get(url)
        self.assertContains(response, "Move down")

    def test_it_takes_notes_from_organisers_and_registered_people(self) -> None:
        url = f"{self.base}/notes/new/"
        note = {"what_we_heard": "Waiting lists are long.", "urgency": "high", "confidence": "medium"}
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(url, note).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(url, note).status_code, 404)
        self.assertFalse(HarvestNote.objects.exists())
        actions.open_registration(self.gathering, by=self.convenor)
        actions.register(self.gathering, person=self.member)
        self.client.force_login(self.member)
        response = self.client.post(url, {**note, "what_we_heard": ""})
        self.assertContains(response, "nhsuk-error-summary")
        self.assertFalse(HarvestNote.objects.exists())
        response = self.client.post(url, note)
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        saved = HarvestNote.objects.get()
        self.assertEqual((saved.note_taker, saved.urgency), (self.member, "high"))

    def test_it_agrees_actions_and_moves_them_on(self) -> None:
        url = f"{self.base}/actions/new/"
        data = {"title": "Share the pathway", "owner_name": "Cara", "due_date": "2027-02-01"}
        self.assert_organisers_only(url, data)
        self.assertFalse(ActionItem.objects.exists())
        self.client.force_login(self.convenor)
        self.assertContains(self.client.post(url, {"title": ""}), "nhsuk-error-summary")
        response = self.client.post(url, data)
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        action = ActionItem.objects.get()
        self.assertEqual(action.due_date, datetime.date(2027, 2, 1))
        status_url = f"{self.base}/actions/{action.pk}/status/"
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(status_url, {"status": "done"}).status_code, 403)
        self.client.force_login(self.convenor)
        response = self.client.post(status_url, {"status": "done"})
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        action.refresh_from_db()
        self.assertEqual(action.status, ActionStatus.DONE)
        other = make_gathering(self.community, self.convenor, title="Other")
        self.assertEqual(self.client.post(f"/gatherings/{other.pk}/actions/{action.pk}/status/").status_code, 404)

    def test_it_adds_feedback_to_the_centre(self) -> None:
        url = f"{self.base}/feedback/new/"
        self.assert_organisers_only(url, {"message": "More time for local adaptation."})
        self.assertFalse(FeedbackToCentre.objects.exists())
        self.client.force_login(self.convenor)
        self.assertContains(self.client.post(url, {"message": ""}), "nhsuk-error-summary")
        self.assertFalse(FeedbackToCentre.objects.exists())
        response = self.client.post(url, {"message": "More time for local adaptation."})
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        self.assertEqual(FeedbackToCentre.objects.get().message, "More time for local adaptation.")
