"""What an uploaded document is, judged by its content as well as its name."""

from __future__ import annotations

import io
import zipfile

from django.test import SimpleTestCase

from groundswell.lib.documents import (
    DocumentProblem,
    UnusableDocumentError,
    download_headers,
    download_name,
    extension_of,
    identify,
)

LIMIT = 1024 * 1024


def office(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<document/>")
    return out.getvalue()


class IdentifyTestCase(SimpleTestCase):
    def problem(self, name: str, raw: bytes, max_bytes: int = LIMIT) -> DocumentProblem:
        with self.assertRaises(UnusableDocumentError) as caught:
            identify(name, raw, max_bytes=max_bytes)
        return caught.exception.problem

    def test_it_accepts_documents_whose_content_matches_their_name(self) -> None:
        cases = {
            "Guidance v2.PDF": (b"%PDF-1.7\n...", "application/pdf"),
            "letter.docx": (office("word/document.xml"), "wordprocessingml"),
            "slides.pptx": (office("ppt/presentation.xml"), "presentationml"),
            "figures.xlsx": (office("xl/workbook.xml"), "spreadsheetml"),
            "notes.txt": ("Café notes — agenda\n".encode(), "text/plain"),
        }
        for name, (raw, kind) in cases.items():
            with self.subTest(name):
                self.assertIn(kind, identify(name, raw, max_bytes=LIMIT).content_type)

    def test_it_refuses_files_that_are_not_what_they_claim(self) -> None:
        self.assertEqual(self.problem("guidance.pdf", b"<html><script>alert(1)</script>"), DocumentProblem.MISMATCH)
        self.assertEqual(self.problem("letter.docx", office("xl/workbook.xml")), DocumentProblem.MISMATCH)
        self.assertEqual(self.problem("letter.docx", b"PK\x03\x04 not really a zip"), DocumentProblem.MISMATCH)
        self.assertEqual(self.problem("notes.txt", b"MZ\x90\x00\x03\x00binary"), DocumentProblem.MISMATCH)

    def test_it_refuses_kinds_it_does_not_take(self) -> None:
        for name in ("setup.exe", "page.html", "image.svg", "macro.docm", "no-extension", ".pdf", "archive.zip"):
            with self.subTest(name):
                self.assertEqual(self.problem(name, b"%PDF-1.7"), DocumentProblem.WRONG_TYPE)

    def test_it_refuses_empty_and_oversized_files(self) -> None:
        self.assertEqual(self.problem("a.pdf", b""), DocumentProblem.EMPTY)
        self.assertEqual(self.problem("a.pdf", b"%PDF-" + b"x" * 100, max_bytes=50), DocumentProblem.TOO_BIG)

    def test_it_reads_the_extension_of_the_last_path_segment_only(self) -> None:
        self.assertEqual(extension_of("../../etc/passwd"), "")
        self.assertEqual(extension_of("C:\\Users\\x\\report.final.PDF"), "pdf")
        self.assertEqual(extension_of("dir.pdf/evil"), "")


class DownloadTestCase(SimpleTestCase):
    def test_it_makes_safe_download_names(self) -> None:
        self.assertEqual(download_name('../../x"; rm -rf /', "pdf"), "x rm -rf.pdf")
        self.assertEqual(download_name("Guía de práctica", "docx"), "Guia de practica.docx")
        self.assertEqual(download_name("\r\n", "txt"), "document.txt")

    def test_it_always_downloads_never_displays(self) -> None:
        headers = download_headers("Guidance", "pdf", "application/pdf")
        self.assertTrue(headers["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", headers["Content-Security-Policy"])
