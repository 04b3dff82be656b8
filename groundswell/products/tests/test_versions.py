"""Versions: files checked by their content, stored under generated names inside storage, always
served as downloads; links; earlier versions kept; drafts and released versions."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from groundswell.people.actions import ActionError
from groundswell.products import actions
from groundswell.products.models import Version
from groundswell.products.tests.builders import PDF, bearer, make_product, publish
from groundswell.testing import PASSWORD, BaseTestCase


def docx(member: str = "word/document.xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<w:document/>")
    return out.getvalue()


class VersionUploadTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.product = make_product(self.community, self.core, stage="drafting")
        self.url = f"/products/{self.product.pk}/versions/new/"
        self.client.login(email=self.core.email, password=PASSWORD)

    def upload(self, name: str, raw: bytes, **fields: Any) -> Any:
        return self.client.post(self.url, {"label": "Draft 1", "file": SimpleUploadedFile(name, raw), **fields})

    def test_it_keeps_a_document_under_a_generated_name_and_serves_it_as_a_download(self) -> None:
        response = self.upload("Our guidance (final).docx", docx(), change_summary="First go")
        self.assertRedirects(response, f"/products/{self.product.pk}/")
        version = Version.objects.get()
        self.assertEqual((version.extension, version.number, version.label), ("docx", 1, "Draft 1"))
        self.assertRegex(str(version.file.name), rf"^products/{self.product.pk}/[0-9a-f]{{32}}\.docx$")
        download = self.client.get(f"/products/{self.product.pk}/versions/{version.pk}/file/")
        self.assertEqual(download.getvalue(), docx())
        self.assertEqual(
            download["Content-Disposition"], 'attachment; filename="Safety-netting after a normal test Draft 1.docx"'
        )
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertEqual(download["Content-Security-Policy"], "default-src 'none'; sandbox")

    def test_it_refuses_wrong_disguised_empty_and_oversized_files(self) -> None:
        cases = [
            ("tool.exe", b"MZ\x90\x00", "Upload a document of one of these kinds"),
            ("guidance.pdf", b"<html><script>alert(1)</script></html>", "does not match its name"),
            ("guidance.docx", PDF, "does not match its name"),
            ("guidance.docx", docx("evil/payload.xml"), "does not match its name"),
            ("picture.svg", b"<svg onload=alert(1)>", "Upload a document of one of these kinds"),
            ("notes.txt", b"\x00\x01binary", "does not match its name"),
            ("guidance", PDF, "Upload a document of one of these kinds"),
            ("empty.pdf", b"", "The submitted file is empty"),
        ]
        for name, raw, message in cases:
            with self.subTest(name):
                self.assertContains(self.upload(name, raw), message)
        too_big = b"%PDF-1.7\n" + b"0" * actions.MAX_VERSION_BYTES
        self.assertContains(self.upload("huge.pdf", too_big), "larger than 30 MB")
        self.assertFalse(Version.objects.exists())

    def raw_upload(self, filename_header: bytes, label: str) -> Any:
        """POST a multipart body written by hand, with the file name exactly as given."""
        boundary = b"GroundswellBoundary"
        body = b"".join(
            [
                b"--" + boundary + b'\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\nx\r\n',
                b"--"
                + boundary
                + b'\r\nContent-Disposition: form-data; name="label"\r\n\r\n'
                + label.encode()
                + b"\r\n",
                b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; ' + filename_header + b"\r\n",
                b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n--" + boundary + b"--\r\n",
            ]
        )
        return self.client.generic(
            "POST", self.url, body, content_type=f"multipart/form-data; boundary={boundary.decode()}"
        )

    def test_it_ignores_hostile_file_names(self) -> None:
        for n, name in enumerate(
            [
                "../../etc/passwd.pdf",
                "..\\..\\windows\\win.ini.pdf",
                "/etc/cron.d/x.pdf",
                "\u202egnp.pdf",
                "CON.pdf",
                "a" * 300 + ".pdf",
            ]
        ):
            with self.subTest(name):
                self.assertRedirects(self.upload(name, PDF, label=f"Draft {n}"), f"/products/{self.product.pk}/")
        # Quotes and line breaks, as browsers send them (percent-encoded) and escaped with backslashes.
        for n, header in enumerate(
            [b'filename="a%22b%0D%0AX-Evil: yes.pdf"', b'filename="a\\"b\\".pdf"', b"filename*=UTF-8''%0d%0a%22.pdf"]
        ):
            with self.subTest(header):
                self.assertRedirects(self.raw_upload(header, f"Quoted {n}"), f"/products/{self.product.pk}/")
        self.assertEqual(Version.objects.count(), 9)
        for version in Version.objects.all():
            self.assertRegex(str(version.file.name), rf"^products/{self.product.pk}/[0-9a-f]{{32}}\.pdf$")
            download = self.client.get(f"/products/{self.product.pk}/versions/{version.pk}/file/")
            self.assertRegex(download["Content-Disposition"], r'^attachment; filename="[A-Za-z0-9 ._-]+\.pdf"$')
        # The name "../../etc/passwd" has no extension we accept.
        self.assertContains(self.upload("../../etc/passwd", PDF), "Upload a document")

    def test_it_names_downloads_safely_whatever_the_title(self) -> None:
        actions.update_product(self.product, by=self.core, title='Guide "x"\r\nSet-Cookie: a=b; ../../evil')
        version = actions.add_version(self.product, by=self.core, label='1.0"\n', filename="a.pdf", raw=PDF)
        download = self.client.get(f"/products/{self.product.pk}/versions/{version.pk}/file/")
        self.assertEqual(
            download["Content-Disposition"], 'attachment; filename="Guide xSet-Cookie ab ....evil 1.0.pdf"'
        )
        self.assertNotIn("Set-Cookie", {k for k, _ in download.items()})

    def test_it_writes_nothing_outside_the_storage_folder(self) -> None:
        with tempfile.TemporaryDirectory() as root:
            media = Path(root) / "media"
            storages = {
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
            with override_settings(STORAGES=storages, MEDIA_ROOT=media):
                for name in ("../../outside.pdf", "../escape.pdf", f"{root}/absolute.pdf"):
                    self.upload(name, PDF, label=name[:60])
                refused = self.upload("../../outside.exe", b"MZ")
                self.assertEqual(refused.status_code, 200)
                version = Version.objects.order_by("pk").first()
                assert version is not None
                download = self.client.get(f"/products/{self.product.pk}/versions/{version.pk}/file/")
                self.assertEqual(download.getvalue(), PDF)
            written = [Path(folder) / f for folder, _, files in os.walk(root) for f in files]
            self.assertEqual(len(written), 3)
            for path in written:
                self.assertTrue(path.is_relative_to(media / "products" / str(self.product.pk)), path)

    def test_it_adds_a_link_instead_of_a_file_and_keeps_earlier_versions(self) -> None:
        self.upload("one.pdf", PDF)
        response = self.client.post(self.url, {"label": "Draft 2", "link": "https://example.org/draft-2"})
        self.assertRedirects(response, f"/products/{self.product.pk}/")
        both = self.client.post(
            self.url, {"label": "Draft 3", "link": "https://example.org/x", "file": SimpleUploadedFile("a.pdf", PDF)}
        )
        self.assertContains(both, "Add either a file or a link, not both.")
        self.assertContains(self.client.post(self.url, {"label": "Draft 3"}), "Add either a file or a link")
        self.assertContains(
            self.client.post(self.url, {"label": "x", "link": "javascript:alert(1)"}), "Enter a valid URL"
        )
        page = self.client.get(f"/products/{self.product.pk}/")
        self.assertContains(page, '<a href="https://example.org/draft-2">Link')
        first = Version.objects.get(number=1)
        self.assertEqual(self.client.get(f"/products/{self.product.pk}/versions/{first.pk}/file/").status_code, 200)
        self.assertEqual([v.label for v in Version.objects.order_by("number")], ["Draft 1", "Draft 2"])

    def test_it_releases_versions_only_of_published_products(self) -> None:
        self.assertNotContains(self.client.get(self.url), "Release it to readers now")
        with self.assertRaisesMessage(ActionError, "Only versions of a published product"):
            actions.add_version(self.product, by=self.core, label="x", link="https://example.org", release=True)
        api = self.client.post(
            f"/api/v1/products/{self.product.pk}/versions",
            {"label": "x", "link": "https://example.org", "release": "true"},
            headers=bearer(self.core),
        )
        self.assertEqual(api.status_code, 409)
        publish(self.product, self.core)
        self.assertContains(self.client.get(self.url), "Release it to readers now")
        self.upload("two.pdf", PDF, label="1.1", release="on")
        self.assertIsNotNone(Version.objects.get(label="1.1").released_on)


class VersionApiTestCase(BaseTestCase):
    def test_it_uploads_lists_and_downloads_through_the_api(self) -> None:
        product = make_product(self.community, self.core)
        url = f"/api/v1/products/{product.pk}/versions"
        headers = bearer(self.core)
        response = self.client.post(
            url,
            {"label": "Draft 1", "change_summary": "First", "file": SimpleUploadedFile("../x.pdf", PDF)},
            headers=headers,
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["kind"], body["size"], body["released_on"]), ("pdf", len(PDF), None))
        file = self.client.get(body["download_url"], headers=bearer(self.member))
        self.assertEqual(
            (file.status_code, file["Content-Disposition"]),
            (200, 'attachment; filename="Safety-netting after a normal test Draft 1.pdf"'),
        )
        bad = self.client.post(url, {"label": "x", "file": SimpleUploadedFile("x.pdf", b"<svg>")}, headers=headers)
        self.assertEqual(bad.status_code, 422)
        self.assertIn("does not match its name", bad.json()["detail"])
        neither = self.client.post(url, {"label": "x"}, headers=headers)
        self.assertEqual(neither.status_code, 422)
        link = self.client.post(url, {"label": "Draft 2", "link": "https://example.org/d2"}, headers=headers)
        self.assertEqual((link.status_code, link.json()["kind"], link.json()["download_url"]), (201, "link", None))
        listed = self.client.get(url, headers=bearer(self.member)).json()
        self.assertEqual([v["label"] for v in listed["items"]], ["Draft 2", "Draft 1"])
