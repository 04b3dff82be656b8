"""The public share page, read without signing in; downloads counted by month only; "we use
this" from people signed in and, confirmed by email, from readers outside Groundswell."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command

from groundswell.chronicle.models import Activity
from groundswell.products import actions
from groundswell.products.models import AdoptionReport, DownloadMonth, LifeEvent
from groundswell.products.tests.builders import bearer, make_product, publish
from groundswell.testing import PASSWORD, BaseTestCase

USE = {"organisation": "Harbour Road Practice", "how_used": "In every results consultation.", "link": ""}


class SharePageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.product = publish(make_product(self.community, self.core, summary="For GPs."), self.core)
        self.url = f"/products/{self.product.pk}/share/"

    def test_it_is_readable_without_signing_in(self) -> None:
        actions.add_author(self.product, by=self.core, role="lay_reviewer", person=self.lay)
        actions.record_event(
            self.product,
            by=self.convenor,
            kind="endorsed",
            occurred_on=datetime.date(2024, 1, 1),
            organisation_name="Royal College of Primary Care",
        )
        actions.record_event(
            self.product,
            by=self.member,
            kind="adopted",
            occurred_on=datetime.date(2024, 2, 1),
            organisation_name="Unverified Trust",
        )
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Colin Core")
        self.assertContains(page, "Lee Lay (lay reviewer)")
        self.assertContains(page, "Endorsed by</dt><dd>Royal College of Primary Care")
        self.assertContains(page, "Download 1.0")
        self.assertContains(page, "Your email address")  # the outside "we use this" form
        # Unverified reports and the private community's name stay off the public page.
        self.assertNotContains(page, "Unverified Trust")
        self.assertNotContains(page, "Cancer Leads Network")
        # The life story is public too, and the CSV export, with the same rows.
        story = self.client.get(f"/products/{self.product.pk}/story/")
        self.assertContains(story, "Endorsed by Royal College of Primary Care")
        self.assertNotContains(story, "Unverified Trust")
        csv_text = self.client.get(f"/products/{self.product.pk}/story.csv").content.decode()
        self.assertIn("Endorsed by Royal College of Primary Care", csv_text)
        self.assertNotIn("Unverified Trust", csv_text)

    def test_it_counts_downloads_by_month_and_records_nothing_about_the_reader(self) -> None:
        self.assertEqual({f.name for f in DownloadMonth._meta.get_fields()}, {"id", "product", "month", "count"})
        version = self.product.versions.get()
        activity = Activity.objects.count()
        for _ in range(3):
            response = self.client.get(
                f"/products/{self.product.pk}/versions/{version.pk}/file/",
                HTTP_USER_AGENT="Reader/1.0",
                REMOTE_ADDR="203.0.113.9",
            )
            self.assertEqual(response.status_code, 200)
        self.assertEqual(DownloadMonth.objects.get().count, 3)
        self.assertEqual(Activity.objects.count(), activity)
        self.assertNotIn("sessionid", response.cookies)

    def test_it_shows_no_share_page_before_publication(self) -> None:
        draft = make_product(self.community, self.core, title="Draft")
        for who in (None, self.member):
            if who is not None:
                self.client.login(email=who.email, password=PASSWORD)
            self.assertEqual(self.client.get(f"/products/{draft.pk}/share/").status_code, 404)
            self.assertEqual(self.client.get(f"/products/{draft.pk}/we-use-this/").status_code, 404 if not who else 200)


class OpenDraftTestCase(BaseTestCase):
    def test_it_shows_an_open_communitys_draft_without_offering_we_use_this(self) -> None:
        from groundswell.communities.models import Privacy
        from groundswell.testing import make_community

        open_community = make_community(self.convenor, "Open Circle", privacy=Privacy.OPEN)
        draft = make_product(open_community, self.convenor, title="Open draft")
        page = self.client.get(f"/products/{draft.pk}/")
        self.assertContains(page, "Open draft")
        self.assertNotContains(page, "We use this")
        self.assertEqual(self.client.get(f"/products/{draft.pk}/we-use-this/").status_code, 404)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/products/{draft.pk}/"), "We use this")


class OutsideReportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.product = publish(make_product(self.community, self.core), self.core)
        self.url = f"/products/{self.product.pk}/we-use-this/"

    def report(self, email: str = "reader@practice.example.net") -> str:
        """Send the outside form and return the confirmation path from the email."""
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {**USE, "email": email})
        self.assertContains(response, "Check your email")
        message = mail.outbox[-1]
        self.assertEqual(message.to, [email])
        self.assertIn("Confirm that Harbour Road Practice uses", message.subject)
        found = re.search(rf"/products/{self.product.pk}/we-use-this/[^/\s]+/", str(message.body))
        assert found is not None, message.body
        html = message.alternatives[0][0]  # type: ignore[union-attr]
        self.assertIn(found.group(0), str(html))
        return found.group(0)

    def test_it_turns_a_confirmed_report_into_an_unverified_adoption(self) -> None:
        link = self.report()
        self.assertFalse(LifeEvent.objects.exists())
        report = AdoptionReport.objects.get()
        # The link carries only a signed id: no email address, no organisation.
        self.assertNotIn("reader", link)
        self.assertNotIn(str(report.email), link)
        # Opening the link (as a mail scanner would) confirms nothing; the button does.
        page = self.client.get(link)
        self.assertContains(page, "Confirm that we use it")
        self.assertFalse(LifeEvent.objects.exists())
        with self.captureOnCommitCallbacks(execute=True):
            done = self.client.post(link)
        self.assertContains(done, "Thank you")
        event = LifeEvent.objects.get()
        self.assertEqual(
            (event.kind, event.organisation_name, event.verified, event.reporter_email, event.recorded_by),
            ("adopted", "Harbour Road Practice", False, "reader@practice.example.net", None),
        )
        self.assertFalse(AdoptionReport.objects.exists())
        # The community's convenor is asked to verify it, and told who to ask.
        told = [m for m in mail.outbox if m.to == [self.convenor.email]]
        self.assertEqual(len(told), 1)
        self.assertIn("reader@practice.example.net", str(told[0].body))
        # It shows as unverified to the community, not on the public page, and not yet on the ladder.
        self.assertNotContains(self.client.get(f"/products/{self.product.pk}/share/"), "Harbour Road Practice")
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/products/{self.product.pk}/"), "Not yet verified")
        self.product.refresh_from_db()
        self.assertEqual(self.product.rung, 0)
        # A second press of the same link adds nothing.
        self.client.logout()
        self.assertEqual(self.client.post(link).status_code, 404)
        self.assertEqual(LifeEvent.objects.count(), 1)
        # Verifying erases the reader's address.
        actions.verify_event(event, by=self.convenor)
        event.refresh_from_db()
        self.assertEqual((event.verified, event.reporter_email), (True, ""))

    def test_it_refuses_lapsed_tampered_and_misdirected_links(self) -> None:
        link = self.report()
        with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=8)):
            self.assertContains(self.client.get(link), "This link does not work", status_code=404)
            self.assertEqual(self.client.post(link).status_code, 404)
        token = link.rstrip("/").rsplit("/", 1)[1]
        self.assertEqual(self.client.post(f"/products/{self.product.pk}/we-use-this/{token}x/").status_code, 404)
        other = publish(make_product(self.community, self.core, title="Other"), self.core)
        self.assertEqual(self.client.post(f"/products/{other.pk}/we-use-this/{token}/").status_code, 404)
        self.assertFalse(LifeEvent.objects.exists())

    def test_it_checks_the_form_and_limits_links_per_address(self) -> None:
        response = self.client.post(self.url, {"organisation": "", "how_used": "", "email": "not an email"})
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Enter a valid email address")
        for _ in range(3):
            self.report("busy@example.net")
        response = self.client.post(self.url, {**USE, "email": "BUSY@example.net"})
        self.assertContains(response, "We have already emailed that address several links today")
        self.assertEqual(AdoptionReport.objects.count(), 3)

    def test_it_clears_lapsed_reports_and_old_addresses(self) -> None:
        link = self.report("old@example.net")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(link)
        self.report("lapsing@example.net")
        out = StringIO()
        with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=91)):
            call_command("clear_adoption_reports", stdout=out)
        self.assertIn("Deleted 1 unconfirmed report; erased 1 reader's email address.", out.getvalue())
        self.assertFalse(AdoptionReport.objects.exists())
        self.assertEqual(LifeEvent.objects.get().reporter_email, "")


class SignedInReportTestCase(BaseTestCase):
    def test_it_records_we_use_this_from_anyone_who_can_read_the_product(self) -> None:
        product = publish(make_product(self.community, self.core), self.core)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        url = f"/products/{product.pk}/we-use-this/"
        self.assertNotContains(self.client.get(url), "Your email address")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {**USE, "organisation": "Northshire Cancer Alliance"})
        self.assertRedirects(response, f"/products/{product.pk}/share/")
        event = LifeEvent.objects.get()
        self.assertEqual(
            (event.organisation, event.recorded_by, event.verified), (self.organisation, self.outsider, False)
        )
        self.assertEqual([m.to for m in mail.outbox], [[self.convenor.email]])
        # Through the API too; a convenor's own report is verified at once.
        response = self.client.post(
            f"/api/v1/products/{product.pk}/adoptions",
            {"organisation_name": "A Trust", "how_used": "Widely"},
            content_type="application/json",
            headers=bearer(self.convenor),
        )
        self.assertEqual((response.status_code, response.json()["verified"]), (201, True))
        product.refresh_from_db()
        self.assertEqual(product.rung, 5)
        missing = self.client.post(
            f"/api/v1/products/{product.pk}/adoptions",
            {"how_used": "x"},
            content_type="application/json",
            headers=bearer(self.member),
        )
        self.assertEqual(missing.status_code, 422)
