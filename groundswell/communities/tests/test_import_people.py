import codecs
import contextlib
import io
import tempfile
from pathlib import Path
from unittest import mock

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.models import Q

from groundswell.chronicle.models import Activity
from groundswell.communities import actions, importing
from groundswell.communities.models import Lifecycle, Membership, MembershipStatus, Role
from groundswell.people import actions as people_actions
from groundswell.people.actions import ActionError
from groundswell.people.models import Affiliation, Organisation, OrganisationKind, Person, Profession, Region
from groundswell.testing import BaseTestCase, make_person

SAMPLE = Path(__file__).parent / "data" / "people_sample.csv"
SAMPLE_EMAILS = [
    "priya.raman@example.org",
    "tom.adeyemi@example.org",
    "grace.lindqvist@example.org",
    "sam.oconnor@example.org",
    "helen.marsh@example.org",
]


def csv_text(*lines: str) -> str:
    return "\r\n".join(lines) + "\r\n"


def counts() -> tuple[int, int, int, int, int]:
    return (
        Person.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
        Affiliation.objects.count(),
        Activity.objects.count(),
    )


class ReadingTestCase(BaseTestCase):
    """Turning a file into rows: encodings, delimiters, headers, blank lines."""

    def test_it_reads_utf8_with_a_byte_order_mark(self) -> None:
        text = importing.decode(codecs.BOM_UTF8 + "Email,Name\r\nzoe@example.org,Zoë Ng\r\n".encode())
        parsed = importing.parse(text)
        self.assertEqual(parsed.columns, ["email", "name"])
        self.assertEqual(parsed.records[0].cells, {"email": "zoe@example.org", "name": "Zoë Ng"})

    def test_it_reads_excel_windows_csv(self) -> None:
        text = importing.decode("email,name\r\nzoe@example.org,Zoë Ng\r\n".encode("cp1252"))
        self.assertEqual(importing.parse(text).records[0].cells["name"], "Zoë Ng")

    def test_it_reads_excel_unicode_text_and_semicolon_csv(self) -> None:
        utf16 = importing.decode("email\tname\r\nzoe@example.org\tZoë Ng\r\n".encode("utf-16"))
        semicolons = importing.decode(b'email;name;expertise\r\nzoe@example.org;Zoe Ng;"Falls;Frailty"\r\n')
        self.assertEqual(importing.parse(utf16).records[0].cells["name"], "Zoë Ng")
        self.assertEqual(importing.parse(semicolons).records[0].cells["expertise"], "Falls;Frailty")

    def test_it_matches_headers_ignoring_case_spaces_and_spelling(self) -> None:
        parsed = importing.parse(
            csv_text(" E-mail Address ,FULL NAME,Organization,Role Title,Notes", "a@example.org,A,B,C,D")
        )
        self.assertEqual(parsed.columns, ["email", "name", "organisation", "role_title"])
        self.assertEqual(parsed.ignored_columns, ["notes"])

    def test_it_skips_blank_lines_and_numbers_rows_as_a_spreadsheet_does(self) -> None:
        text = csv_text(
            "", "email,name", "a@example.org,Ann", "", ",", 'b@example.org,"Bob\nSmith"', "c@example.org,Cy"
        )
        records = importing.parse(text).records
        self.assertEqual([r.row_number for r in records], [3, 6, 7])
        self.assertEqual(records[1].cells["name"], "Bob\nSmith")

    def test_it_needs_a_header_with_email_and_name(self) -> None:
        with self.assertRaisesMessage(importing.ImportFileError, "Missing: name"):
            importing.parse(csv_text("email,profession", "a@example.org,GP"))
        with self.assertRaisesMessage(importing.ImportFileError, "more than once: email"):
            importing.parse(csv_text("email,name,Email", "a@example.org,A,b@example.org"))
        with self.assertRaisesMessage(importing.ImportFileError, "nobody in it"):
            importing.parse(csv_text("email,name"))

    def test_it_refuses_too_many_rows(self) -> None:
        lines = [f"p{i}@example.org,P {i}" for i in range(importing.MAX_ROWS + 1)]
        with self.assertRaisesMessage(importing.ImportFileError, "more than 5,000 people"):
            importing.parse(csv_text("email,name", *lines))
        self.assertEqual(len(importing.parse(csv_text("email,name", *lines[:-1])).records), importing.MAX_ROWS)

    def test_it_refuses_big_binary_and_workbook_files(self) -> None:
        with self.assertRaisesMessage(importing.ImportFileError, "larger than 2 MB"):
            importing.decode(b"email,name\n" + b"x" * importing.MAX_FILE_BYTES)
        with self.assertRaisesMessage(importing.ImportFileError, "not a CSV file"):
            importing.decode(bytes(range(256)) * 4)
        with self.assertRaisesMessage(importing.ImportFileError, "Excel workbook"):
            importing.decode(b"PK\x03\x04\x14\x00\x06\x00")
        with self.assertRaisesMessage(importing.ImportFileError, "empty"):
            importing.decode(b"\r\n\r\n")


class CheckingTestCase(BaseTestCase):
    """Row-level checks, and choices written as labels or values."""

    def preview(self, *lines: str) -> importing.Preview:
        return importing.preview(csv_text(*lines), community=self.community)

    def test_it_accepts_labels_and_values_in_any_case(self) -> None:
        preview = self.preview(
            "email,name,profession,region,role,organisation,organisation_kind",
            "a@example.org,A,Allied health professional,England-wide,Core member,Org A,GP practice",
            "b@example.org,B,AHP,NATIONAL,core_member,Org B,gp_practice",
            "c@example.org,C,gp,north west,lay partner,Org C,integrated care board",
        )
        self.assertFalse(preview.has_errors, preview.error_rows)
        cleaned = [row.clean for row in preview.rows]
        self.assertEqual([c.profession for c in cleaned if c], [Profession.AHP, Profession.AHP, Profession.GP])
        self.assertEqual([c.region for c in cleaned if c], [Region.NATIONAL, Region.NATIONAL, Region.NORTH_WEST])
        self.assertEqual([row.role for row in preview.rows], [Role.CORE_MEMBER, Role.CORE_MEMBER, Role.LAY_PARTNER])
        self.assertEqual(cleaned[2].organisation_kind if cleaned[2] else "", OrganisationKind.ICB)

    def test_it_splits_expertise_on_semicolons(self) -> None:
        preview = self.preview("email,name,expertise", "a@example.org,A, Sepsis ;  frailty care;; SEPSIS ;")
        clean = preview.rows[0].clean
        self.assertEqual(clean.expertise if clean else None, ["Sepsis", "frailty care"])

    def test_it_reports_each_problem_on_its_row(self) -> None:
        preview = self.preview(
            "email,name,profession,region,role,organisation,ods_code,organisation_kind",
            ",Ann,,,,,,",
            "not-an-email,Bob,,,,,,",
            "c@example.org,,,,,,,",
            "d@example.org,Dee,Doctor,,,,,",
            "e@example.org,Eve,,Wessex,,,,",
            "f@example.org,Fay,,,Boss,,,",
            f"g@example.org,{'G' * 121},,,,,,",
            "h@example.org,Hal,,,,Org,AB-12,",
            "i@example.org,Ian,,,,,Y1,",
            "j@example.org,Jo,,,,Org,,hospital",
            "k@example.org,Kit,,,,,,,surplus",
            "C@Example.org,Cee,,,,,,",
        )
        errors = {row.row_number: " ".join(row.errors) for row in preview.rows}
        self.assertIn("Email is missing", errors[2])
        self.assertIn("“not-an-email” is not a valid email address", errors[3])
        self.assertIn("Name is missing", errors[4])
        self.assertIn("Profession “Doctor” is not one we know. Use one of: GP, Hospital doctor", errors[5])
        self.assertIn("Region “Wessex” is not one we know", errors[6])
        self.assertIn("Role “Boss” is not one we know", errors[7])
        self.assertIn("Name is too long (at most 120 characters)", errors[8])
        self.assertIn("ODS code “AB-12” should be letters and digits only", errors[9])
        self.assertIn("needs the organisation name too", errors[10])
        self.assertIn("Organisation kind “hospital” is not one we know", errors[11])
        self.assertIn("more cells than the header row", errors[12])
        self.assertIn("Email c@example.org also appears on row 4", errors[13])
        self.assertEqual(len(preview.error_rows), 12)

    def test_it_asks_for_an_ods_code_when_a_name_is_ambiguous(self) -> None:
        people_actions.create_organisation(by=None, name="Northshire Cancer Alliance", kind="charity")
        preview = self.preview("email,name,organisation", "a@example.org,A,NORTHSHIRE cancer alliance")
        self.assertIn("More than one organisation is called", preview.rows[0].errors[0])


class ImportTestCase(BaseTestCase):
    """What an import writes, and that it writes all or nothing."""

    def import_sample(self, by: Person | None = None) -> importing.ImportResult:
        return importing.apply(SAMPLE.read_text(), community=self.community, by=by or self.convenor)

    def test_it_creates_people_organisations_affiliations_and_memberships(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            result = self.import_sample()
        self.assertTrue(result.applied)
        self.assertEqual((result.people_created, result.members_added, result.organisations_created), (5, 5, 2))
        priya = Person.objects.get(email="priya.raman@example.org")
        self.assertEqual((priya.display_name, priya.profession, priya.region), ("Priya Raman", "gp", "north_west"))
        self.assertFalse(priya.has_usable_password())
        self.assertEqual(sorted(priya.expertise.values_list("name", flat=True)), ["Diabetes", "Frailty"])
        millbrook = Organisation.objects.get(ods_code="Y90001")
        self.assertEqual((millbrook.name, millbrook.kind), ("Millbrook Surgery", OrganisationKind.GP_PRACTICE))
        self.assertEqual(
            sorted(millbrook.affiliations.values_list("person__email", "role_title")),
            [
                ("helen.marsh@example.org", "Practice manager, operations"),
                ("priya.raman@example.org", "GP partner"),
            ],
        )
        # Matched to the existing organisation, whose name the file writes the same way.
        self.assertTrue(
            Affiliation.objects.filter(person__email="tom.adeyemi@example.org", organisation=self.organisation)
        )
        roles = dict(Membership.objects.active().filter(community=self.community).values_list("person__email", "role"))
        self.assertEqual(roles["tom.adeyemi@example.org"], Role.CORE_MEMBER)
        self.assertEqual(roles["sam.oconnor@example.org"], Role.LAY_PARTNER)
        self.assertEqual(roles["priya.raman@example.org"], Role.MEMBER)
        self.assertEqual(mail.outbox, [])

    def test_it_records_one_import_in_the_community_activity(self) -> None:
        self.import_sample()
        activity = Activity.objects.get(verb="imported_people")
        self.assertEqual((activity.actor_id, activity.community_id), (self.convenor.pk, self.community.pk))
        self.assertEqual(activity.data["people_created"], 5)
        self.assertEqual(activity.data["members_added"], 5)
        self.assertEqual(Activity.objects.filter(verb="added_member", community=self.community).count(), 5)

    def test_it_changes_nothing_the_second_time(self) -> None:
        self.import_sample()
        before = counts()
        preview = importing.preview(SAMPLE.read_text(), community=self.community)
        self.assertEqual((preview.new_people, preview.new_members, preview.new_organisations), (0, 0, 0))
        self.assertEqual(preview.changing, 0)
        result = self.import_sample()
        self.assertEqual((result.people_created, result.members_added, result.affiliations_added), (0, 0, 0))
        self.assertEqual(counts(), before)

    def test_it_matches_organisations_ignoring_case_even_beyond_ascii(self) -> None:
        text = csv_text(
            "email,name,organisation",
            "a@example.org,A,NORTHSHIRE cancer alliance",
            "b@example.org,B,ÉCOLE DE SANTÉ",
            "c@example.org,C,école de santé",
        )
        importing.apply(text, community=self.community, by=self.convenor)
        self.assertEqual(Affiliation.objects.get(person__email="a@example.org").organisation, self.organisation)
        self.assertEqual(Organisation.objects.filter(name__icontains="SANT").count(), 1)
        again = text.replace("a@example.org", "a2@example.org").replace("b@example.org", "b2@example.org")
        preview = importing.preview(again, community=self.community)
        self.assertEqual(preview.new_organisations, 0)

    def test_it_leaves_existing_profiles_alone_and_adds_them_as_members(self) -> None:
        self.outsider.refresh_from_db()
        people_actions.add_affiliation(self.outsider, by=None, organisation=self.organisation)
        before = Affiliation.objects.count()
        text = csv_text(
            "email,name,profession,organisation,region",
            "OTTO@example.org,Someone Else,GP,Northshire Cancer Alliance,London",
            "mina@example.org,Mina,Nurse,,",
            "lee@example.org,Lee,,,",
        )
        preview = importing.preview(text, community=self.community)
        self.assertEqual(
            [row.outcome for row in preview.rows],
            [
                "already on Groundswell, profile unchanged, will join as member",
                "already on Groundswell and a member, unchanged",
                "already on Groundswell and a member, unchanged",
            ],
        )
        importing.apply(text, community=self.community, by=self.convenor)
        otto = Person.objects.get(pk=self.outsider.pk)
        self.assertEqual((otto.display_name, otto.profession, otto.region), ("Otto Outsider", "researcher", ""))
        self.assertEqual(Affiliation.objects.count(), before)
        self.assertTrue(Membership.objects.active().filter(community=self.community, person=otto).exists())

    def test_it_gives_existing_lay_partners_the_lay_partner_role(self) -> None:
        carer = make_person("cath@example.org", "Cath", profession=Profession.CARER)
        importing.apply(csv_text("email,name", "cath@example.org,Cath"), community=self.community, by=self.convenor)
        membership = Membership.objects.get(community=self.community, person=carer)
        self.assertEqual(membership.role, Role.LAY_PARTNER)

    def test_it_does_not_touch_pending_requests(self) -> None:
        Membership.objects.create(community=self.community, person=self.outsider, status=MembershipStatus.REQUESTED)
        result = importing.apply(csv_text("email,name", "otto@example.org,Otto"), community=self.community, by=None)
        self.assertIn("has asked to join", result.preview.rows[0].outcome)
        self.assertEqual(result.members_added, 0)

    def test_it_writes_nothing_when_any_row_has_an_error(self) -> None:
        before = counts()
        text = SAMPLE.read_text() + "broken@example.org,Broken Row,Surgeon\r\n"
        result = importing.apply(text, community=self.community, by=self.convenor)
        self.assertFalse(result.applied)
        self.assertEqual(result.preview.error_rows[0].row_number, 7)
        self.assertEqual(counts(), before)

    def test_it_writes_nothing_when_the_plan_changed_since_the_preview(self) -> None:
        text = SAMPLE.read_text()
        fingerprint = importing.preview(text, community=self.community).fingerprint
        make_person("grace.lindqvist@example.org", "Grace L")
        before = counts()
        result = importing.apply(text, community=self.community, by=self.convenor, expected_fingerprint=fingerprint)
        self.assertTrue(result.stale)
        self.assertFalse(result.applied)
        self.assertEqual(counts(), before)

    def test_it_rolls_everything_back_when_an_action_refuses_a_row(self) -> None:
        text = csv_text("email,name", "new1@example.org,New One", "new2@example.org,New Two")
        before = counts()
        original = people_actions.create_person

        def refuse_second(**kwargs: object) -> Person:
            if kwargs["email"] == "new2@example.org":
                raise ActionError("Someone with the email new2@example.org already exists.")
            return original(**kwargs)  # type: ignore[arg-type]

        people_actions.create_person = refuse_second  # type: ignore[assignment]
        self.addCleanup(setattr, people_actions, "create_person", original)
        result = importing.apply(text, community=self.community, by=self.convenor)
        self.assertFalse(result.applied)
        self.assertIn("already exists", result.preview.rows[1].errors[0])
        self.assertEqual(counts(), before)

    def test_it_imports_people_without_a_community(self) -> None:
        result = importing.apply(SAMPLE.read_text(), community=None, by=None)
        self.assertEqual((result.people_created, result.members_added), (5, 0))
        self.assertFalse(Activity.objects.filter(verb="imported_people").exists())

    def test_it_refuses_a_closed_community(self) -> None:
        actions.change_lifecycle(self.community, by=self.convenor, lifecycle=Lifecycle.CLOSED, closing_note="Done.")
        with self.assertRaisesMessage(importing.ImportFileError, "closed"):
            importing.preview(SAMPLE.read_text(), community=self.community)


class AddMemberTestCase(BaseTestCase):
    def test_it_adds_an_active_member_and_records_it(self) -> None:
        membership = actions.add_member(self.community, by=self.convenor, person=self.outsider, role=Role.GUEST)
        self.assertEqual((membership.status, membership.role), (MembershipStatus.ACTIVE, Role.GUEST))
        self.assertTrue(Activity.objects.filter(verb="added_member", actor_id=self.convenor.pk).exists())

    def test_it_refuses_someone_already_in(self) -> None:
        with self.assertRaisesMessage(ActionError, "already a member"):
            actions.add_member(self.community, by=self.convenor, person=self.member, role=Role.MEMBER)
        self.assertEqual(Membership.objects.filter(community=self.community, person=self.member).count(), 1)


class ImportPageTestCase(BaseTestCase):
    """Upload, preview and confirm through the web, as a convenor."""

    url = ""

    def setUp(self) -> None:
        self.url = f"/communities/{self.community.slug}/import/"

    def upload(self, content: bytes, name: str = "people.csv"):  # type: ignore[no-untyped-def]
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})

    def test_it_shows_the_upload_form(self) -> None:
        self.client.force_login(self.convenor)
        response = self.client.get(self.url)
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "Check the file")

    def test_it_previews_then_imports_on_confirmation(self) -> None:
        self.client.force_login(self.convenor)
        response = self.upload(SAMPLE.read_bytes(), "network.csv")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Person.objects.filter(email__in=SAMPLE_EMAILS).exists())
        preview = self.client.get(response["Location"])
        self.assertContains(preview, "network.csv")
        self.assertContains(preview, "New person at Millbrook Surgery (new organisation), will join as member")
        self.assertContains(preview, "will join as lay partner")
        self.assertContains(preview, "Import 5 people")
        self.assertNotContains(preview, "There is a problem")
        self.assertFalse(Person.objects.filter(email__in=SAMPLE_EMAILS).exists())
        confirm = self.client.post(
            self.url, {"digest": preview.context["digest"], "fingerprint": preview.context["preview"].fingerprint}
        )
        self.assertRedirects(confirm, f"/communities/{self.community.slug}/members/", fetch_redirect_response=False)
        self.assertEqual(Person.objects.filter(email__in=SAMPLE_EMAILS).count(), 5)
        members = self.client.get(confirm["Location"])
        self.assertContains(members, "Import finished: 5 new people on Groundswell, 5 added to Cancer Leads Network.")
        self.assertContains(members, "Priya Raman")
        community_page = self.client.get(f"/communities/{self.community.slug}/")
        self.assertContains(community_page, "imported people from a spreadsheet")
        self.assertContains(community_page, "added a member")

    def test_it_keeps_the_upload_on_the_server_not_in_the_form(self) -> None:
        self.client.force_login(self.convenor)
        preview = self.client.get(self.upload(SAMPLE.read_bytes())["Location"])
        self.assertNotContains(preview, "priya.raman@example.org,")
        tampered = self.client.post(
            self.url, {"digest": "0" * 64, "fingerprint": preview.context["preview"].fingerprint}
        )
        self.assertRedirects(tampered, self.url, fetch_redirect_response=False)
        self.assertFalse(Person.objects.filter(email__in=SAMPLE_EMAILS).exists())

    def test_it_cannot_confirm_the_same_upload_twice(self) -> None:
        self.client.force_login(self.convenor)
        preview = self.client.get(self.upload(SAMPLE.read_bytes())["Location"])
        data = {"digest": preview.context["digest"], "fingerprint": preview.context["preview"].fingerprint}
        self.client.post(self.url, data)
        before = counts()
        again = self.client.post(self.url, data, follow=True)
        self.assertContains(again, "That upload is no longer available")
        self.assertEqual(counts(), before)

    def test_it_says_there_is_nothing_to_do_for_a_file_already_imported(self) -> None:
        importing.apply(SAMPLE.read_text(), community=self.community, by=self.convenor)
        self.client.force_login(self.convenor)
        preview = self.client.get(self.upload(SAMPLE.read_bytes())["Location"])
        self.assertContains(preview, "Nothing to import")
        self.assertContains(preview, "Already on Groundswell and a member, unchanged")
        self.assertNotContains(preview, 'name="fingerprint"')

    def test_it_lists_row_errors_and_offers_no_import(self) -> None:
        self.client.force_login(self.convenor)
        content = SAMPLE.read_bytes() + b"priya.raman@example.org,Priya Again,Wizard\r\n"
        preview = self.client.get(self.upload(content)["Location"])
        self.assertContains(preview, "There is a problem")
        self.assertContains(preview, "1 row has a problem, so nothing has been imported")
        self.assertContains(preview, '<a href="#row-7">Row 7: Profession “Wizard” is not one we know.')
        self.assertContains(preview, 'id="row-7"')
        self.assertNotContains(preview, 'name="fingerprint"')

    def test_it_shows_the_preview_again_when_something_changed(self) -> None:
        self.client.force_login(self.convenor)
        preview = self.client.get(self.upload(SAMPLE.read_bytes())["Location"])
        make_person("sam.oconnor@example.org", "Sam O")
        data = {"digest": preview.context["digest"], "fingerprint": preview.context["preview"].fingerprint}
        response = self.client.post(self.url, data)
        self.assertContains(response, "Something changed")
        self.assertContains(response, "Import 5 people")
        self.assertFalse(Person.objects.filter(email="priya.raman@example.org").exists())
        data["fingerprint"] = response.context["preview"].fingerprint
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertTrue(Person.objects.filter(email="priya.raman@example.org").exists())

    def test_it_gives_a_form_error_for_files_that_are_not_csv(self) -> None:
        self.client.force_login(self.convenor)
        cases = [
            (bytes(range(256)) * 8, "not a CSV file we can read"),
            (b"PK\x03\x04" + bytes(200), "looks like an Excel workbook"),
            (b"", "The submitted file is empty"),
            (b"email,name\r\n" + b"a" * importing.MAX_FILE_BYTES, "larger than 2 MB"),
            (b"first,last\r\nAnn,Smith\r\n", "Missing: email and name"),
        ]
        for content, message in cases:
            with self.subTest(message=message):
                response = self.upload(content)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "There is a problem")
                self.assertContains(response, message)
        self.assertEqual(self.client.post(self.url, {}).status_code, 200)

    def test_it_sends_files_over_the_web_limit_to_the_command(self) -> None:
        from groundswell.communities.import_views import WEB_MAX_ROWS

        lines = "\n".join(f"p{i}@example.org,P {i}" for i in range(WEB_MAX_ROWS + 1))
        self.client.force_login(self.convenor)
        response = self.upload(f"email,name\n{lines}\n".encode())
        self.assertContains(response, "Upload at most 1,000 at a time")
        self.assertFalse(Person.objects.filter(email="p0@example.org").exists())

    def test_it_uses_the_same_number_of_queries_for_more_rows(self) -> None:
        self.client.force_login(self.convenor)
        small = self.upload(SAMPLE.read_bytes())["Location"]
        with self.assertNumQueries(8):
            self.client.get(small)
        lines = [f"person{i}@example.org,Person {i},Nurse,Org {i % 7}" for i in range(60)]
        big = self.upload(csv_text("email,name,profession,organisation", "otto@example.org,Otto", *lines).encode())
        with self.assertNumQueries(8):
            self.client.get(big["Location"])

    def test_it_refuses_members_who_are_not_convenors(self) -> None:
        for person in (self.core, self.member, self.lay):
            with self.subTest(person=person.email):
                self.client.force_login(person)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.upload(SAMPLE.read_bytes()).status_code, 403)
        self.assertFalse(Person.objects.filter(email__in=SAMPLE_EMAILS).exists())

    def test_it_hides_a_private_community_from_outsiders(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.upload(SAMPLE.read_bytes()).status_code, 404)
        self.assertEqual(self.client.post(self.url, {"digest": "x", "fingerprint": "y"}).status_code, 404)
        self.assertFalse(Person.objects.filter(email__in=SAMPLE_EMAILS).exists())

    def test_it_sends_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])


class ImportCommandTestCase(BaseTestCase):
    def write(self, text: str) -> str:
        handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8")  # noqa: SIM115
        with handle:
            handle.write(text)
        self.addCleanup(Path(handle.name).unlink)
        return handle.name

    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("import_people", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_the_preview_and_imports(self) -> None:
        output = self.run_command(str(SAMPLE), "--community", self.community.slug, "--by", "CARA@example.org")
        self.assertIn("Row 2: priya.raman@example.org: new person at Millbrook Surgery (new organisation)", output)
        self.assertIn("Imported: 5 new people, 2 new organisations, 5 new members.", output)
        activity = Activity.objects.get(verb="imported_people")
        self.assertEqual(activity.actor_id, self.convenor.pk)

    def test_it_names_no_actor_without_by(self) -> None:
        self.run_command(str(SAMPLE), "--community", self.community.slug)
        self.assertIsNone(Activity.objects.get(verb="imported_people").actor_id)
        self.assertFalse(Activity.objects.filter(Q(verb="added_member") & ~Q(actor=None)).exists())

    def test_it_only_previews_on_a_dry_run(self) -> None:
        before = counts()
        output = self.run_command(str(SAMPLE), "--community", self.community.slug, "--dry-run")
        self.assertIn("5 rows: 5 new people, 5 new members, 2 new organisations, 0 unchanged.", output)
        self.assertIn("Dry run: nothing was written.", output)
        self.assertEqual(counts(), before)

    def test_it_changes_nothing_on_a_second_run(self) -> None:
        self.run_command(str(SAMPLE), "--community", self.community.slug)
        before = counts()
        output = self.run_command(str(SAMPLE), "--community", self.community.slug)
        self.assertIn("Nothing to import.", output)
        self.assertEqual(counts(), before)

    def test_it_fails_and_writes_nothing_when_a_row_has_an_error(self) -> None:
        path = self.write(SAMPLE.read_text() + "bad,Bad Row\r\n")
        before = counts()
        out = io.StringIO()
        with self.assertRaisesMessage(CommandError, "1 row has a problem; nothing was imported."):
            call_command("import_people", path, stdout=out)
        self.assertIn("Row 7: bad: “bad” is not a valid email address.", out.getvalue())
        self.assertEqual(counts(), before)

    def test_it_exits_non_zero_on_errors(self) -> None:
        path = self.write("email,name\r\nbad,Bad Row\r\n")
        stderr = io.StringIO()
        # run_from_argv closes every connection when done, which would end the test's transaction.
        with (
            mock.patch.object(connections, "close_all"),
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(stderr),
            self.assertRaises(SystemExit) as exit_,
        ):
            ManagementUtility(["manage.py", "import_people", path]).execute()
        self.assertEqual(exit_.exception.code, 1)
        self.assertIn("nothing was imported", stderr.getvalue())

    def test_it_explains_bad_arguments(self) -> None:
        cases = [
            ((str(SAMPLE), "--community", "no-such-community"), "No community has the slug"),
            ((str(SAMPLE), "--by", "nobody@example.org"), "Nobody has the email"),
            (("/nonexistent/people.csv",), "Cannot read /nonexistent/people.csv"),
            ((self.write("name,profession\r\nAnn,GP\r\n"),), "Missing: email"),
        ]
        for args, message in cases:
            with self.subTest(message=message), self.assertRaisesMessage(CommandError, message):
                self.run_command(*args)
        self.assertEqual(Person.objects.filter(email__in=SAMPLE_EMAILS).count(), 0)
