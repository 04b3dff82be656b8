"""Photos of flip charts in a gathering's harvest: alt text, clean files, who may add and see them."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from groundswell.gatherings import actions
from groundswell.gatherings.models import HarvestPhoto
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.gatherings.tests.test_api import bearer
from groundswell.lib.images import MAX_SIDE
from groundswell.testing import PASSWORD, BaseTestCase

GPS_TAG = 0x8825


def photo_bytes(kind: str = "PNG", size: tuple[int, int] = (120, 80), *, with_location: bool = False) -> bytes:
    image = Image.new("RGB", size, (250, 250, 240))
    out = io.BytesIO()
    if with_location:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[GPS_TAG] = {1: "N", 2: (53.0, 48.0, 0.0)}
        image.save(out, format=kind, exif=exif)
    else:
        image.save(out, format=kind)
    return out.getvalue()


def upload(data: bytes, name: str = "IMG_2041.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


class PhotoTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, days_ahead=-1)
        self.client.login(email=self.convenor.email, password=PASSWORD)

    def add(self, data: bytes, **fields: Any) -> Any:
        body = {"photo": upload(data, **fields.pop("file", {})), "alt_text": "Flip chart: three barriers", **fields}
        return self.client.post(f"/gatherings/{self.gathering.pk}/photos/new/", body)

    def test_it_stores_a_clean_jpeg_and_shows_it_with_its_alt_text(self) -> None:
        response = self.add(photo_bytes("JPEG", with_location=True), file={"name": "../../etc/passwd.jpg"})
        self.assertRedirects(response, f"/gatherings/{self.gathering.pk}/")
        photo = HarvestPhoto.objects.get()
        name = str(photo.image.name)
        self.assertTrue(name.startswith(f"harvest/{self.gathering.pk}/"))
        self.assertNotIn("passwd", name)
        with default_storage.open(name) as stored, Image.open(stored) as image:
            self.assertEqual(image.format, "JPEG")
            self.assertNotIn(GPS_TAG, image.getexif())
            self.assertEqual(len(image.getexif()), 0)
        page = self.client.get(f"/gatherings/{self.gathering.pk}/")
        self.assertContains(page, 'alt="Flip chart: three barriers"')
        served = self.client.get(f"/gatherings/{self.gathering.pk}/photos/{photo.pk}.jpg")
        self.assertEqual(served.status_code, 200)
        self.assertEqual(served["Content-Type"], "image/jpeg")
        self.assertEqual(served["X-Content-Type-Options"], "nosniff")

    def test_it_shrinks_a_large_photo(self) -> None:
        self.add(photo_bytes("PNG", size=(MAX_SIDE * 2, 100)))
        photo = HarvestPhoto.objects.get()
        self.assertEqual((photo.width, photo.height), (MAX_SIDE, 50))

    def test_it_needs_alt_text_that_describes_the_photo(self) -> None:
        response = self.add(photo_bytes(), alt_text="")
        self.assertContains(response, "There is a problem")
        response = self.add(photo_bytes(), alt_text="IMG_2041.png")
        self.assertContains(response, "should say what the photo shows")
        self.assertFalse(HarvestPhoto.objects.exists())

    def test_it_refuses_files_that_are_not_usable_photos(self) -> None:
        folder = f"harvest/{self.gathering.pk}"
        # The in-memory storage outlives each test's database; compare with what was there.
        before = set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()
        cases = [
            (b"<script>alert(1)</script>", "is not a photo we can read"),
            (photo_bytes("GIF"), "Upload a JPEG, PNG or WebP photo"),
            (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not a photo we can read"),
            (b"x" * (actions.MAX_PHOTO_BYTES + 1), "larger than 15 MB"),
        ]
        for data, message in cases:
            with self.subTest(message):
                self.assertContains(self.add(data), message)
        self.assertFalse(HarvestPhoto.objects.exists())
        # Nothing refused was written to storage.
        after = set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()
        self.assertEqual(after, before)

    def test_it_lets_only_people_in_the_room_add_photos(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.add(photo_bytes()).status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.add(photo_bytes()).status_code, 404)
        self.assertFalse(HarvestPhoto.objects.exists())

    def test_it_hides_photos_from_outsiders_and_lets_organisers_remove_them(self) -> None:
        self.add(photo_bytes())
        photo = HarvestPhoto.objects.get()
        name = str(photo.image.name)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/photos/{photo.pk}.jpg").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/photos/{photo.pk}.jpg").status_code, 404)
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/gatherings/{self.gathering.pk}/photos/{photo.pk}.jpg").status_code, 200)
        self.assertEqual(
            self.client.post(f"/gatherings/{self.gathering.pk}/photos/{photo.pk}/remove/").status_code, 403
        )
        self.client.login(email=self.convenor.email, password=PASSWORD)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/gatherings/{self.gathering.pk}/photos/{photo.pk}/remove/")
        self.assertFalse(HarvestPhoto.objects.exists())
        self.assertFalse(default_storage.exists(name))


class PhotoApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, days_ahead=-1)
        self.url = f"/api/v1/gatherings/{self.gathering.pk}/photos"
        self.note = actions.add_note(self.gathering, by=self.convenor, what_we_heard="Waits are long", group="Table 2")

    def post(self, person: Any, data: bytes, **fields: Any) -> Any:
        body = {"photo": upload(data), "alt_text": "Table 2's flip chart", **fields}
        return self.client.post(self.url, body, headers=bearer(person))

    def test_it_adds_lists_and_removes_photos(self) -> None:
        response = self.post(self.convenor, photo_bytes(), note_id=str(self.note.pk), caption="Table 2")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["note_id"], body["caption"], body["alt_text"]), (self.note.pk, "Table 2", "Table 2's flip chart")
        )
        listed = self.client.get(self.url, headers=bearer(self.member)).json()
        self.assertEqual(listed["count"], 1)
        self.assertNotIn("uploaded_by", listed["items"][0])
        image = self.client.get(listed["items"][0]["image_url"], headers=bearer(self.member))
        self.assertEqual((image.status_code, image["Content-Type"]), (200, "image/jpeg"))
        self.assertEqual(
            self.client.get(listed["items"][0]["image_url"], headers=bearer(self.outsider)).status_code, 404
        )
        self.assertEqual(self.client.delete(f"{self.url}/{body['id']}", headers=bearer(self.member)).status_code, 403)
        self.assertEqual(self.client.delete(f"{self.url}/{body['id']}", headers=bearer(self.outsider)).status_code, 404)
        self.assertEqual(self.client.delete(f"{self.url}/{body['id']}", headers=bearer(self.convenor)).status_code, 204)
        self.assertFalse(HarvestPhoto.objects.exists())

    def test_it_answers_clear_errors(self) -> None:
        cases = [
            (self.post(self.convenor, b"not an image"), 422, "not a photo we can read"),
            (self.post(self.convenor, photo_bytes(), alt_text=""), 422, None),
            (self.post(self.convenor, photo_bytes(), note_id="999999"), 422, "not a note of this gathering"),
            (self.post(self.member, photo_bytes()), 403, None),
            (self.post(self.outsider, photo_bytes()), 404, None),
        ]
        for response, status, detail in cases:
            with self.subTest(status=status, detail=detail):
                self.assertEqual(response.status_code, status, response.content)
                self.assertIn("detail", response.json())
                if detail:
                    self.assertIn(detail, response.json()["detail"])
        self.assertFalse(HarvestPhoto.objects.exists())
