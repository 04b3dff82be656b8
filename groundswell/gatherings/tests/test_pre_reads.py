"""Pre-read files on a gathering's agenda, and the agenda through the API."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from groundswell.gatherings import actions
from groundswell.gatherings.models import PreRead
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.gatherings.tests.test_api import bearer
from groundswell.testing import PASSWORD, BaseTestCase

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class PreReadPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor)
        self.item = actions.add_agenda_item(self.gathering, by=self.convenor, title="Briefing", element="briefing")
        self.url = f"/gatherings/{self.gathering.pk}/agenda/"

    def attach(self, name: str, raw: bytes, **fields: Any) -> Any:
        body = {"intent": "pre_read", "item": self.item.pk, "file": SimpleUploadedFile(name, raw), **fields}
        return self.client.post(self.url, body)

    def test_it_attaches_a_document_that_members_download(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        response = self.attach("../../Draft guidance.pdf", PDF, pre_read_title="")
        self.assertRedirects(response, self.url)
        pre_read = PreRead.objects.get()
        self.assertEqual((pre_read.title, pre_read.extension), ("Draft guidance", "pdf"))
        self.assertTrue(str(pre_read.file.name).startswith(f"pre-reads/{self.item.pk}/"))
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(f"/gatherings/{self.gathering.pk}/")
        self.assertContains(page, "Draft guidance</a> (PDF")
        download = self.client.get(f"/gatherings/{self.gathering.pk}/pre-reads/{pre_read.pk}/")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.getvalue(), PDF)
        self.assertEqual(download["Content-Disposition"], 'attachment; filename="Draft guidance.pdf"')
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")

    def test_it_refuses_wrong_and_disguised_files(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.assertContains(self.attach("tool.exe", b"MZ\x90\x00"), "Upload a document of one of these kinds")
        self.assertContains(self.attach("guidance.pdf", b"<html><script>x</script>"), "does not match its name")
        self.assertFalse(PreRead.objects.exists())

    def test_it_lets_only_organisers_attach_and_keeps_outsiders_out(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.attach("a.pdf", PDF).status_code, 403)
        pre_read = actions.add_pre_read(self.item, by=self.convenor, filename="a.pdf", raw=PDF)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/pre-reads/{pre_read.pk}/").status_code, 404)
        self.assertEqual(self.attach("b.pdf", PDF).status_code, 404)
        self.assertEqual(PreRead.objects.count(), 1)

    def test_it_removes_a_pre_read_and_its_file(self) -> None:
        pre_read = actions.add_pre_read(self.item, by=self.convenor, filename="a.pdf", raw=PDF)
        name = str(pre_read.file.name)
        self.client.login(email=self.convenor.email, password=PASSWORD)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url, {"intent": "remove_pre_read", "pre_read": pre_read.pk})
        self.assertFalse(PreRead.objects.exists())
        self.assertFalse(default_storage.exists(name))


class AgendaApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor)
        self.url = f"/api/v1/gatherings/{self.gathering.pk}/agenda"

    def test_it_builds_and_reorders_the_agenda(self) -> None:
        headers = bearer(self.convenor)
        for title, element in (("Check-in", "check_in"), ("Briefing", "briefing")):
            body = {"title": title, "element": element, "lead_id": self.core.pk,
                    "pre_read_links": ["https://example.org/guidance"]}  # fmt: skip
            response = self.client.post(self.url, data=body, content_type="application/json", headers=headers)
            self.assertEqual(response.status_code, 201, response.content)
        second = response.json()["id"]
        moved = self.client.post(
            f"{self.url}/{second}/move", data={"direction": "up"}, content_type="application/json", headers=headers
        )
        self.assertEqual([i["title"] for i in moved.json()["items"]], ["Briefing", "Check-in"])
        upload = self.client.post(
            f"{self.url}/{second}/pre-reads",
            {"file": SimpleUploadedFile("guide.pdf", PDF), "title": "Guide"},
            headers=headers,
        )
        self.assertEqual(upload.status_code, 201, upload.content)
        listed = self.client.get(self.url, headers=bearer(self.member)).json()
        item = listed["items"][0]
        self.assertEqual(item["pre_read_links"], ["https://example.org/guidance"])
        self.assertEqual(item["pre_reads"][0]["title"], "Guide")
        file = self.client.get(item["pre_reads"][0]["download_url"], headers=bearer(self.member))
        self.assertEqual((file.status_code, file["Content-Disposition"]), (200, 'attachment; filename="Guide.pdf"'))
        self.assertEqual(
            self.client.get(item["pre_reads"][0]["download_url"], headers=bearer(self.outsider)).status_code, 404
        )

    def test_it_refuses_bad_input_and_people_without_the_role(self) -> None:
        headers = bearer(self.convenor)
        bad_link = {"title": "X", "element": "briefing", "pre_read_links": ["javascript:alert(1)"]}
        self.assertEqual(
            self.client.post(self.url, data=bad_link, content_type="application/json", headers=headers).status_code, 422
        )
        good = {"title": "X", "element": "briefing"}
        self.assertEqual(
            self.client.post(
                self.url, data=good, content_type="application/json", headers=bearer(self.member)
            ).status_code,
            403,
        )
        self.assertEqual(
            self.client.post(
                self.url, data=good, content_type="application/json", headers=bearer(self.outsider)
            ).status_code,
            404,
        )
        item = actions.add_agenda_item(self.gathering, by=self.convenor, title="Briefing", element="briefing")
        disguised = {"file": SimpleUploadedFile("guide.pdf", b"<svg onload=alert(1)>")}
        response = self.client.post(f"{self.url}/{item.pk}/pre-reads", disguised, headers=headers)
        self.assertEqual(response.status_code, 422)
        self.assertIn("does not match its name", response.json()["detail"])
        self.assertEqual(self.client.get(self.url, headers=bearer(self.outsider)).status_code, 404)
