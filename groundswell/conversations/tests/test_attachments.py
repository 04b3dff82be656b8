"""Files on posts: checked by name and contents, stored under generated names, served as
downloads with nosniff, and only to people who may read the post."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from groundswell.conversations import actions
from groundswell.conversations import attachments as files
from groundswell.conversations.models import Attachment
from groundswell.conversations.tests.builders import make_thread, opening
from groundswell.people.actions import ActionError
from groundswell.testing import BaseTestCase

PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


class AttachmentTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.thread = make_thread(self.community, self.member, title="Audit template")

    def test_it_attaches_files_from_the_reply_form_and_serves_them_as_downloads(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(
            f"/threads/{self.thread.pk}/reply/",
            {
                "body": "Here is ours.",
                "post": "1",
                "attached_files": [upload("../../etc/Audit template.PDF", PDF, "text/html"), upload("chart.png", PNG)],
            },
        )
        self.assertEqual(response.status_code, 302)
        pdf, _ = Attachment.objects.order_by("id")
        self.assertEqual(pdf.name, "Audit template.pdf")
        self.assertEqual(pdf.content_type, "application/pdf")
        self.assertNotIn("Audit", str(pdf.file.name))
        self.assertRegex(str(pdf.file.name), r"^conversations/attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$")
        self.client.force_login(self.lay)
        page = self.client.get(f"/threads/{self.thread.pk}/")
        self.assertContains(page, "Audit template.pdf")
        download = self.client.get(pdf.get_absolute_url())
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertIn("attachment;", download["Content-Disposition"])
        self.assertIn("sandbox", download["Content-Security-Policy"])
        self.assertEqual(b"".join(download.streaming_content), PDF)  # type: ignore[attr-defined]

    def test_it_refuses_files_that_are_not_what_they_say(self) -> None:
        for name, content, message in [
            ("page.html", b"<script>alert(1)</script>", "not a kind of file we accept"),
            ("report.pdf", b"<html><script>alert(1)</script></html>", "does not look like a PDF"),
            ("photo.jpg", PNG, "does not look like a JPEG image"),
            ("notes.txt", b"\x00\x01binary", "does not look like a text file"),
            ("empty.pdf", b"", "is empty"),
            ("run.exe", b"MZ", "not a kind of file we accept"),
        ]:
            with self.subTest(name=name), self.assertRaisesMessage(ActionError, message):
                actions.add_attachments(opening(self.thread), by=self.member, uploads=[upload(name, content)])
        self.assertEqual(Attachment.objects.count(), 0)

    def test_it_refuses_too_many_or_too_large_files(self) -> None:
        big = upload("big.pdf", PDF + b"0" * files.MAX_BYTES)
        with self.assertRaisesMessage(ActionError, "larger than 10 MB"):
            actions.add_attachments(opening(self.thread), by=self.member, uploads=[big])
        many = [upload(f"f{i}.pdf", PDF) for i in range(files.MAX_PER_POST + 1)]
        with self.assertRaisesMessage(ActionError, "at most 5 files"):
            actions.add_attachments(opening(self.thread), by=self.member, uploads=many)

    def test_it_shows_a_refused_file_on_the_form(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(
            f"/threads/{self.thread.pk}/reply/",
            {"body": "See attached", "post": "1", "attached_files": [upload("x.svg", b"<svg onload=alert(1)>")]},
        )
        self.assertContains(response, "x.svg is not a kind of file we accept")
        self.assertEqual(self.thread.posts.count(), 1)

    def test_it_keeps_files_from_people_who_may_not_read_the_post(self) -> None:
        [attachment] = actions.add_attachments(opening(self.thread), by=self.member, uploads=[upload("a.pdf", PDF)])
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(attachment.get_absolute_url()).status_code, 404)
        actions.moderate_post(opening(self.thread), by=self.convenor, decision="remove", reason="Wrong place.")
        self.client.force_login(self.lay)
        self.assertEqual(self.client.get(attachment.get_absolute_url()).status_code, 404)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(attachment.get_absolute_url()).status_code, 200)

    def test_it_cleans_names(self) -> None:
        self.assertEqual(files.clean_name("C:\\Users\\me\\Report\x00.PDF"), "Report.pdf")
        self.assertEqual(files.clean_name("..."), "file")
        self.assertEqual(len(files.clean_name("a" * 400 + ".pdf")), 150)
