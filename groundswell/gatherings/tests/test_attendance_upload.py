import datetime
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from groundswell.gatherings import actions, attendance_import
from groundswell.gatherings.models import Gathering, GatheringStatus, Invitee, Registration
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.testing import BaseTestCase

EVENTBRITE = (
    "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee Status\n"
    "1001,2026-11-01,Colin,Core,Colin@Example.org,1,General admission,Attending\n"
    "1002,2026-11-01,Pat,Stranger,pat.stranger@example.net,1,General admission,Attending\n"
)
FORMS = (
    "\ufeffID,Start time,Completion time,Email,Name,Which session did you attend?\n"
    '1,11/20/26 10:01:00,11/20/26 10:02:00,mina@example.org,Mina Member,"Morning, and afternoon"\n'
    "2,11/20/26 10:03:00,11/20/26 10:04:00,anonymous,,Morning\n"
)
TEAMS = (
    "1. Summary\n"
    "Meeting title\tLeads' day\n"
    "Attended participants\t3\n"
    "Start time\t11/20/26, 10:00:00 AM\n"
    "End time\t11/20/26, 12:00:00 PM\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    "Colin Core\t11/20/26, 10:00 AM\t11/20/26, 12:00 PM\t2h\tcolin@example.org\tcolin@example.org\tAttendee\n"
    "Lee Lay\t11/20/26, 10:05 AM\t11/20/26, 11:00 AM\t55m\tLEE@example.org\tlee@example.org\tAttendee\n"
    "Guest Person\t11/20/26, 10:05 AM\t11/20/26, 11:00 AM\t55m\tguest@elsewhere.nhs.uk\t\tAttendee\n"
    "\n"
    "3. In-Meeting Activities\n"
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
    "Colin Core\t11/20/26, 10:00 AM\t11/20/26, 12:00 PM\t2h\tcolin@example.org\tAttendee\n"
)


class ParseTestCase(TestCase):
    def test_it_reads_an_eventbrite_export(self) -> None:
        attendance = attendance_import.parse(attendance_import.decode(EVENTBRITE.encode()))
        self.assertEqual([r.email for r in attendance.rows], ["Colin@Example.org", "pat.stranger@example.net"])
        self.assertEqual(attendance.rows[1].name, "Pat Stranger")

    def test_it_reads_a_forms_export_with_a_byte_order_mark(self) -> None:
        attendance = attendance_import.parse(attendance_import.decode(FORMS.encode("utf-8")))
        self.assertEqual(attendance.email_column, "Email")
        self.assertEqual(
            [(r.email, r.name) for r in attendance.rows], [("mina@example.org", "Mina Member"), ("anonymous", "")]
        )

    def test_it_reads_a_teams_report_in_utf16_after_its_summary(self) -> None:
        attendance = attendance_import.parse(attendance_import.decode(TEAMS.encode("utf-16")))
        self.assertEqual(attendance.delimiter, "\t")
        emails = [r.email for r in attendance.rows]
        self.assertEqual(emails, ["colin@example.org", "LEE@example.org", "guest@elsewhere.nhs.uk"])
        self.assertEqual(attendance.rows[0].line, 9)

    def test_it_reads_utf16_without_a_byte_order_mark_and_semicolons(self) -> None:
        text = "Nom;E-mail address\nColin;colin@example.org\n"
        attendance = attendance_import.parse(attendance_import.decode(text.encode("utf-16-le")))
        self.assertEqual([r.email for r in attendance.rows], ["colin@example.org"])

    def test_it_finds_the_email_column_by_other_names(self) -> None:
        for header in ("E-mail", "Email address", "Attendee email", "Participant email", "User email", "USER_EMAIL"):
            with self.subTest(header=header):
                attendance = attendance_import.parse(f"Name,{header}\nColin,colin@example.org\n")
                self.assertEqual(attendance.email_column, header)

    def test_it_refuses_files_it_cannot_use(self) -> None:
        cases = {
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00": "not a CSV",
            b"PK\x03\x04 workbook": "Excel workbook",
            b"Name,Organisation\nColin,NHS\n": "column of email addresses",
            b"   \n": "empty",
            b"Email\n\n": "nobody is listed",
        }
        for raw, message in cases.items():
            with self.subTest(raw=raw), self.assertRaisesMessage(attendance_import.AttendanceFileError, message):
                attendance_import.parse(attendance_import.decode(raw))

    def test_it_refuses_more_rows_than_the_limit(self) -> None:
        text = "Email\n" + "".join(f"p{i}@example.org\n" for i in range(attendance_import.MAX_ROWS + 1))
        with self.assertRaisesMessage(attendance_import.AttendanceFileError, "more than 5,000 rows"):
            attendance_import.parse(text)


class AttendanceUploadPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor)
        actions.open_registration(self.gathering, by=self.convenor)
        self.core_place = actions.register(self.gathering, person=self.core)
        self.member_place = actions.register(self.gathering, person=self.member)
        self.lay_place = actions.register(self.gathering, person=self.lay)
        self.url = f"/gatherings/{self.gathering.pk}/attendance/upload/"
        self.client.force_login(self.convenor)

    def _upload(self, content: bytes, name: str = "attendees.csv") -> Any:
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})

    def _after_start(self) -> time_machine.travel:
        return time_machine.travel(self.gathering.ends_at + datetime.timedelta(hours=1))

    def _recorded(self) -> dict[int, bool | None]:
        return dict(Registration.objects.filter(gathering=self.gathering).values_list("pk", "attended"))

    def test_it_previews_matches_and_lists_unmatched_rows(self) -> None:
        response = self._upload(EVENTBRITE.encode())
        self.assertEqual(response.status_code, 302)
        response = self.client.get(response["Location"])
        self.assertContains(response, "Colin Core")
        self.assertContains(response, "pat.stranger@example.net")
        self.assertContains(response, "Not invited or registered")
        self.assertContains(response, "Record 1 person as having come")
        self.assertEqual(set(self._recorded().values()), {None})

    def test_it_records_attendance_from_a_teams_report_on_confirmation(self) -> None:
        with self._after_start():
            self.client.force_login(self.convenor)
            response = self._upload(TEAMS.encode("utf-16"), "attendance.csv")
            digest = response["Location"].split("upload=")[1]
            preview = self.client.get(response["Location"])
            self.assertContains(preview, "guest@elsewhere.nhs.uk")
            self.assertContains(preview, "Record 2 people as having come")
            confirmed = self.client.post(self.url, {"digest": digest})
        self.assertRedirects(confirmed, f"/gatherings/{self.gathering.pk}/attendance/", fetch_redirect_response=False)
        recorded = self._recorded()
        self.assertEqual(
            (recorded[self.core_place.pk], recorded[self.lay_place.pk], recorded[self.member_place.pk]),
            (True, True, False),
        )
        self.gathering.refresh_from_db()
        self.assertEqual(self.gathering.status, GatheringStatus.HELD)
        self.assertNotIn(f"attendance_upload:{self.gathering.pk}", self.client.session)

    def test_it_matches_again_at_confirmation(self) -> None:
        with self._after_start():
            self.client.force_login(self.convenor)
            response = self._upload(FORMS.encode("utf-8"))
            digest = response["Location"].split("upload=")[1]
            self.assertContains(self.client.get(response["Location"]), "Record 1 person as having come")
            actions.cancel_registration(self.member_place)
            Registration.objects.filter(pk=self.member_place.pk).update(email="mina.new@example.org")
            self.member.email = "mina.new@example.org"
            self.member.save(update_fields=["email"])
            confirmed = self.client.post(self.url, {"digest": digest})
        self.assertEqual(confirmed.status_code, 302)
        recorded = self._recorded()
        self.assertIsNone(recorded[self.member_place.pk])
        self.assertEqual((recorded[self.core_place.pk], recorded[self.lay_place.pk]), (False, False))

    def test_it_shows_the_refusal_before_the_gathering_starts(self) -> None:
        response = self._upload(EVENTBRITE.encode())
        digest = response["Location"].split("upload=")[1]
        response = self.client.post(self.url, {"digest": digest})
        self.assertContains(response, "Attendance can be recorded once the gathering has started.")
        self.assertContains(response, "Nothing has been recorded.")
        self.assertEqual(set(self._recorded().values()), {None})

    def test_it_shows_form_errors_and_writes_nothing_for_bad_files(self) -> None:
        too_big = b"Email\n" + b"x" * (attendance_import.MAX_FILE_BYTES + 1)
        cases = {
            bytes(range(256)) * 4: "not a CSV or text file",
            too_big: "larger than 2 MB",
            b"Name,Organisation\nColin,NHS\n": "column of email addresses",
        }
        for content, message in cases.items():
            with self.subTest(message=message):
                response = self._upload(content)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertNotIn(f"attendance_upload:{self.gathering.pk}", self.client.session)
        self.assertEqual(set(self._recorded().values()), {None})

    def test_it_sends_a_lost_upload_back_to_the_start(self) -> None:
        response = self.client.post(self.url, {"digest": "0" * 64})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        response = self.client.get(self.url + "?upload=" + "0" * 64)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)

    def test_it_is_linked_from_the_tick_list(self) -> None:
        response = self.client.get(f"/gatherings/{self.gathering.pk}/attendance/")
        self.assertContains(response, f'href="{self.url}"')

    def test_it_is_for_organisers_only(self) -> None:
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self._upload(EVENTBRITE.encode()).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)


class BringSomeoneTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering: Gathering = make_gathering(self.community, self.convenor)
        actions.open_registration(self.gathering, by=self.convenor)
        actions.register(self.gathering, person=self.member)
        self.url = f"/gatherings/{self.gathering.pk}/bring/"

    def test_it_lets_a_member_with_a_place_invite_a_local_other(self) -> None:
        self.client.force_login(self.member)
        self.assertContains(self.client.get(self.url), "Bring someone")
        response = self.client.post(self.url, {"name": "Sam Social Care", "email": "Sam@Council.gov.uk"})
        self.assertRedirects(response, f"/gatherings/{self.gathering.pk}/", fetch_redirect_response=False)
        guest = Registration.objects.get(gathering=self.gathering, email="sam@council.gov.uk")
        self.assertEqual(
            (guest.name, guest.invitee, guest.invited_by), ("Sam Social Care", Invitee.LOCAL_OTHER, self.member)
        )
        self.assertContains(self.client.get(self.url), "Sam Social Care")

    def test_it_lets_an_organiser_bring_someone_without_a_place(self) -> None:
        self.client.force_login(self.convenor)
        self.client.post(self.url, {"name": "Sam", "email": "sam@council.gov.uk"})
        self.assertTrue(Registration.objects.filter(gathering=self.gathering, invitee=Invitee.LOCAL_OTHER).exists())

    def test_it_shows_the_refusal_as_a_form_error(self) -> None:
        self.client.force_login(self.member)
        self.client.post(self.url, {"name": "Colin", "email": "colin@example.org"})
        response = self.client.post(self.url, {"name": "Colin", "email": "colin@example.org"})
        self.assertContains(response, "already invited to this gathering")
        self.assertEqual(Registration.objects.filter(gathering=self.gathering, email="colin@example.org").count(), 1)

    def test_it_checks_the_form(self) -> None:
        self.client.force_login(self.member)
        response = self.client.post(self.url, {"name": "", "email": "not-an-email"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Registration.objects.filter(gathering=self.gathering, invitee=Invitee.LOCAL_OTHER).exists())

    def test_it_refuses_members_without_a_place_and_outsiders(self) -> None:
        self.client.force_login(self.core)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, {"name": "Sam", "email": "sam@council.gov.uk"}).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(Registration.objects.filter(gathering=self.gathering, invitee=Invitee.LOCAL_OTHER).exists())


class UploadKeepsTicksTestCase(BaseTestCase):
    def test_it_keeps_people_ticked_in_the_room_when_the_online_list_is_uploaded(self) -> None:
        import datetime

        import time_machine

        from groundswell.gatherings import actions
        from groundswell.gatherings.models import Registration
        from groundswell.gatherings.tests.builders import make_gathering

        gathering = make_gathering(self.community, self.convenor)
        actions.open_registration(gathering, by=self.convenor)
        in_room = actions.register(gathering, person=self.core)
        online = actions.register(gathering, person=self.member)
        with time_machine.travel(gathering.ends_at + datetime.timedelta(hours=1)):
            actions.record_attendance(gathering, by=self.convenor, came=[in_room.pk])
            self.client.force_login(self.convenor)
            url = f"/gatherings/{gathering.pk}/attendance/upload/"
            from django.core.files.uploadedfile import SimpleUploadedFile

            upload = SimpleUploadedFile("teams.csv", b"Name,Email\nMina,mina@example.org\n", content_type="text/csv")
            preview = self.client.post(url, {"file": upload}, follow=True)
            digest = preview.context["digest"]
            self.client.post(url, {"digest": digest})
        attended = dict(Registration.objects.filter(gathering=gathering).values_list("pk", "attended"))
        self.assertEqual((attended[in_room.pk], attended[online.pk]), (True, True))
