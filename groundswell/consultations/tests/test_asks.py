"""Asks: sent by the centre, emailed to convenors, shown on the asked communities' pages and
placed on gatherings' agendas; as visible as the communities asked."""

from __future__ import annotations

import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from groundswell.communities.models import Privacy, Role
from groundswell.consultations import actions
from groundswell.consultations.models import Ask, AskBriefing, AskStatus
from groundswell.consultations.tests.builders import ConsultationTestCase, make_ask
from groundswell.consultations.tests.test_centre_role import bearer
from groundswell.gatherings.models import Element
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.people.actions import ActionError
from groundswell.testing import PASSWORD, add_member, make_community, make_person

FORM = {
    "title": "Faster diagnosis",
    "context": "We are revising the guidance.",
    "questions": "What slows diagnosis?\nWhat would help?",
    "guidance": "Examples help.",
    "response_days": "30",
    "anonymity_allowed": "on",
}


def deadline(days: int = 20) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


class SendAskTestCase(ConsultationTestCase):
    def test_it_sends_an_ask_from_the_web_and_emails_each_convenor_once(self) -> None:
        other = make_community(self.convenor, name="Prison Health Network", privacy=Privacy.OPEN)
        add_member(other, self.centre, Role.SPONSOR)
        self.client.login(email=self.centre.email, password=PASSWORD)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/asks/new/", {**FORM, "deadline": deadline(), "communities": [self.community.pk, other.pk]}
            )
        ask = Ask.objects.get()
        self.assertRedirects(response, f"/asks/{ask.pk}/")
        self.assertEqual(
            list(ask.questions.values_list("text", flat=True)), ["What slows diagnosis?", "What would help?"]
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.convenor.email])
        self.assertIn("What slows diagnosis?", mail.outbox[0].body)
        self.assertIn(f"/asks/{ask.pk}/", mail.outbox[0].body)

    def test_it_rerenders_the_form_with_errors(self) -> None:
        self.client.login(email=self.centre.email, password=PASSWORD)
        yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        page = self.client.post("/asks/new/", {**FORM, "questions": "", "deadline": yesterday})
        self.assertContains(page, "Ask at least one question.")
        self.assertContains(page, "The deadline must be today or later.")
        self.assertContains(page, "Choose at least one community or series to ask.")
        self.assertFalse(Ask.objects.exists())

    def test_it_asks_a_series_through_its_community(self) -> None:
        gathering = make_gathering(self.community, self.convenor)
        from groundswell.gatherings import actions as gathering_actions

        series = gathering_actions.schedule_series(
            self.community,
            by=self.convenor,
            title="Leads' days",
            first_starts_at=gathering.starts_at,
            duration=datetime.timedelta(hours=2),
            meetings=2,
        )
        ask = actions.create_ask(
            by=self.centre, title="X", context="Y", questions=["Q"], deadline=timezone.localdate(), series=[series]
        )
        self.assertEqual(list(ask.communities.all()), [self.community])
        self.assertEqual(list(ask.series.all()), [series])

    def test_it_shows_asks_on_the_community_page(self) -> None:
        ask = make_ask(self.centre, [self.community])
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(f"/communities/{self.community.slug}/")
        self.assertContains(page, ask.title)
        self.assertContains(page, f"/asks/{ask.pk}/")
        self.assertNotContains(page, "Send an ask to this community")


class AskVisibilityTestCase(ConsultationTestCase):
    def setUp(self) -> None:
        self.ask = make_ask(self.centre, [self.community])

    def test_it_shows_the_ask_to_members_and_hides_it_from_outsiders(self) -> None:
        url = f"/asks/{self.ask.pk}/"
        self.client.login(email=self.lay.email, password=PASSWORD)
        page = self.client.get(url)
        self.assertContains(page, "What slows diagnosis down where you work?")
        self.assertContains(page, "Add your insight")
        self.client.login(email=self.outsider.email, password=PASSWORD)
        for path in ["", "edit/", "documents/", "agenda/", "insights/", "insights/new/", "synthesis/", "brief/",
                     "brief.csv", "brief.pdf", "brief/check/", "you-said-we-did/"]:  # fmt: skip
            self.assertEqual(self.client.get(url + path).status_code, 404, path)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_names_hidden_communities_only_to_their_members(self) -> None:
        open_one = make_community(self.convenor, name="Open Forum", privacy=Privacy.OPEN)
        add_member(open_one, self.centre, Role.SPONSOR)
        ask = make_ask(self.centre, [self.community, open_one], title="Two communities")
        page = self.client.get(f"/asks/{ask.pk}/")
        self.assertContains(page, "Open Forum")
        self.assertNotContains(page, self.community.name)
        self.assertContains(page, "and 1 other community")

    def test_it_lets_only_the_centre_change_the_ask(self) -> None:
        url = f"/asks/{self.ask.pk}/edit/"
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, {"intent": "close"}).status_code, 403)
        self.client.login(email=self.centre.email, password=PASSWORD)
        response = self.client.post(url, {**FORM, "title": "Renamed", "deadline": deadline(40)})
        self.assertRedirects(response, f"/asks/{self.ask.pk}/")
        self.ask.refresh_from_db()
        self.assertEqual(self.ask.title, "Renamed")
        self.client.post(url, {"intent": "close"})
        self.ask.refresh_from_db()
        self.assertEqual(self.ask.status, AskStatus.CLOSED)
        self.assertFalse(self.ask.is_open())
        self.client.post(url, {"intent": "open"})
        self.ask.refresh_from_db()
        self.assertTrue(self.ask.is_open())


class DocumentsTestCase(ConsultationTestCase):
    def test_it_stores_uploads_under_safe_names_and_serves_them_to_people_who_see_the_ask(self) -> None:
        ask = make_ask(self.centre, [self.community])
        self.client.login(email=self.centre.email, password=PASSWORD)
        upload = SimpleUploadedFile("../../etc/Draft guidance.pdf", b"%PDF-1.4 draft", content_type="application/pdf")
        self.client.post(f"/asks/{ask.pk}/documents/", {"title": "Draft guidance", "file": upload})
        self.client.post(
            f"/asks/{ask.pk}/documents/", {"title": "Evidence review", "link": "https://example.org/review"}
        )
        file_doc, link_doc = ask.documents.order_by("pk")
        self.assertRegex(file_doc.file.name or "", r"^consultations/documents/[0-9a-f]{32}\.pdf$")
        self.assertEqual(link_doc.link, "https://example.org/review")
        self.client.login(email=self.member.email, password=PASSWORD)
        download = self.client.get(f"/asks/{ask.pk}/documents/{file_doc.pk}/")
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.4 draft")  # type: ignore[attr-defined]
        self.assertContains(self.client.get(f"/asks/{ask.pk}/"), "Evidence review")
        self.assertEqual(self.client.get(f"/asks/{ask.pk}/documents/").status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/asks/{ask.pk}/documents/{file_doc.pk}/").status_code, 404)

    def test_it_refuses_an_upload_that_is_not_a_document_and_needs_one_of_file_or_link(self) -> None:
        ask = make_ask(self.centre, [self.community])
        self.client.login(email=self.centre.email, password=PASSWORD)
        bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
        page = self.client.post(f"/asks/{ask.pk}/documents/", {"title": "Tool", "file": bad})
        self.assertContains(page, "Upload a document")
        page = self.client.post(f"/asks/{ask.pk}/documents/", {"title": "Nothing"})
        self.assertContains(page, "Upload a file or give a link")
        self.assertFalse(ask.documents.exists())


class AgendaTestCase(ConsultationTestCase):
    def test_it_puts_the_ask_on_a_gathering_agenda_as_a_briefing(self) -> None:
        ask = make_ask(self.centre, [self.community])
        gathering = make_gathering(self.community, self.convenor)
        self.client.login(email=self.convenor.email, password=PASSWORD)
        response = self.client.post(f"/asks/{ask.pk}/agenda/", {"gathering": gathering.pk})
        self.assertRedirects(response, f"/gatherings/{gathering.pk}/agenda/")
        item = gathering.agenda.get()
        self.assertEqual(item.element, Element.BRIEFING)
        self.assertIn(f"/asks/{ask.pk}/", item.pre_reads)
        self.assertEqual(AskBriefing.objects.get().agenda_item, item)
        self.assertContains(self.client.get(f"/gatherings/{gathering.pk}/"), ask.title)
        again = self.client.post(f"/asks/{ask.pk}/agenda/", {"gathering": gathering.pk})
        self.assertContains(again, "already on this gathering")

    def test_it_refuses_gatherings_of_communities_not_asked(self) -> None:
        ask = make_ask(self.centre, [self.community])
        elsewhere = make_community(self.convenor, name="Elsewhere")
        gathering = make_gathering(elsewhere, self.convenor)
        with self.assertRaises(ActionError):
            actions.place_on_agenda(ask, by=self.convenor, gathering=gathering)

    def test_it_refuses_the_agenda_page_to_members(self) -> None:
        ask = make_ask(self.centre, [self.community])
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/asks/{ask.pk}/agenda/").status_code, 403)


class AskApiTestCase(ConsultationTestCase):
    def test_it_sends_lists_reads_and_changes_an_ask(self) -> None:
        body = {
            "title": "Faster diagnosis",
            "context": "Why we ask",
            "questions": ["Q1?", "Q2?"],
            "deadline": deadline(),
            "community_ids": [self.community.pk],
            "documents": [{"title": "Review", "url": "https://example.org/r"}],
        }
        with self.captureOnCommitCallbacks(execute=True):
            created = self.client.post(
                "/api/v1/consultations", body, content_type="application/json", headers=bearer(self.centre)
            )
        self.assertEqual(created.status_code, 201, created.content)
        data = created.json()
        self.assertEqual(
            (data["questions"], data["is_open"], data["documents"][0]["url"]),
            (["Q1?", "Q2?"], True, "https://example.org/r"),
        )
        self.assertEqual(len(mail.outbox), 1)
        listed = self.client.get("/api/v1/consultations?status=open", headers=bearer(self.lay)).json()
        self.assertEqual([a["id"] for a in listed["items"]], [data["id"]])
        self.assertEqual(self.client.get("/api/v1/consultations", headers=bearer(self.outsider)).json()["count"], 0)
        self.assertEqual(
            self.client.get(f"/api/v1/consultations/{data['id']}", headers=bearer(self.outsider)).status_code, 404
        )
        patch = {"status": "closed", "title": "Renamed"}
        refused = self.client.patch(
            f"/api/v1/consultations/{data['id']}", patch, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(refused.status_code, 403)
        changed = self.client.patch(
            f"/api/v1/consultations/{data['id']}", patch, content_type="application/json", headers=bearer(self.centre)
        )
        self.assertEqual((changed.json()["title"], changed.json()["is_open"]), ("Renamed", False))

    def test_it_answers_422_for_bad_input(self) -> None:
        body = {"title": "", "context": "Why", "questions": [], "deadline": "1800-01-01", "community_ids": []}
        response = self.client.post(
            "/api/v1/consultations", body, content_type="application/json", headers=bearer(self.centre)
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())

    def test_it_answers_409_for_a_past_deadline(self) -> None:
        body = {
            "title": "X",
            "context": "Y",
            "questions": ["Q"],
            "deadline": "2001-01-01",
            "community_ids": [self.community.pk],
        }
        response = self.client.post(
            "/api/v1/consultations", body, content_type="application/json", headers=bearer(self.centre)
        )
        self.assertEqual(response.status_code, 409)

    def test_it_places_an_ask_on_an_agenda_through_the_api(self) -> None:
        ask = make_ask(self.centre, [self.community])
        gathering = make_gathering(self.community, self.convenor)
        url = f"/api/v1/consultations/{ask.pk}/agenda"
        refused = self.client.post(
            url, {"gathering_id": gathering.pk}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(refused.status_code, 403)
        placed = self.client.post(
            url, {"gathering_id": gathering.pk}, content_type="application/json", headers=bearer(self.convenor)
        )
        self.assertEqual(placed.status_code, 201, placed.content)
        self.assertTrue(placed.json()["title"].startswith("Briefing from the centre"))

    def test_it_answers_404_for_ids_beyond_64_bits(self) -> None:
        self.assertEqual(
            self.client.get(f"/api/v1/consultations/{2**70}", headers=bearer(self.centre)).status_code, 404
        )


class PersonMadeTestCase(ConsultationTestCase):
    def test_it_lists_asks_for_a_new_member(self) -> None:
        ask = make_ask(self.centre, [self.community])
        newcomer = make_person("new@example.org")
        add_member(self.community, newcomer)
        self.client.login(email=newcomer.email, password=PASSWORD)
        self.assertContains(self.client.get("/asks/"), ask.title)
