"""The brief to the centre (HTML, PDF, CSV, JSON): themes by urgency then weight, de-identified
quotes with provenance, dissent, minority views and the breakdown; identifying details are
flagged, redacted until a person checks them, and block publication until then."""

from __future__ import annotations

import csv
import io

from groundswell.consultations import actions
from groundswell.consultations.models import Insight, Synthesis
from groundswell.consultations.tests.builders import ConsultationTestCase, add_notes, make_ask
from groundswell.consultations.tests.test_centre_role import bearer
from groundswell.people.actions import ActionError
from groundswell.testing import PASSWORD

IDENTIFYING = "Colin Core's patient, NHS number 943 476 5919, of LS1 4AP waited nine weeks for a CT scan result."


class BriefTestCase(ConsultationTestCase):
    def setUp(self) -> None:
        self.ask = make_ask(self.centre, [self.community])
        add_notes(self.ask, self.member, self.community)
        self.flagged = actions.add_insight(by=self.lay, community=self.community, ask=self.ask, text=IDENTIFYING)
        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(self.ask, by=self.convenor, method="tfidf")
        self.synthesis = Synthesis.objects.get(ask=self.ask)

    def test_it_writes_the_brief_without_names_and_with_provenance(self) -> None:
        theme = self.synthesis.themes.order_by("member_count").first()
        assert theme is not None
        actions.set_theme_urgent(theme, by=self.convenor, urgent=True)
        self.client.login(email=self.centre.email, password=PASSWORD)
        page = self.client.get(f"/asks/{self.ask.pk}/brief/")
        content = page.content.decode()
        self.assertIn(f"1. {theme.label}", content)
        self.assertIn("Cancer Leads Network", content)
        for secret in ("943 476 5919", "LS1 4AP", "Colin Core", "Mina Member", "Lee Lay"):
            self.assertNotIn(secret, content)
        self.assertContains(page, "may identify someone")

    def test_it_downloads_a_pdf_and_a_csv_row_per_insight(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        pdf = self.client.get(f"/asks/{self.ask.pk}/brief.pdf")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        response = self.client.get(f"/asks/{self.ask.pk}/brief.csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        self.assertEqual(len(rows), 16)
        text = response.content.decode()
        self.assertIn("[name removed]'s patient, NHS number [nhs_number removed], of [postcode removed]", text)
        for secret in ("943 476 5919", "Colin Core", "Mina Member", "Lee Lay", "lee@example.org"):
            self.assertNotIn(secret, text)
        self.assertEqual({row["voice"] for row in rows}, {"Professional voice", "Lay voice"})

    def test_it_neutralises_spreadsheet_formulas_in_the_csv(self) -> None:
        actions.add_insight(by=self.member, community=self.community, ask=self.ask, text='=HYPERLINK("http://x")')
        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(self.ask, by=self.convenor, method="tfidf")
        self.client.login(email=self.convenor.email, password=PASSWORD)
        text = self.client.get(f"/asks/{self.ask.pk}/brief.csv").content.decode()
        self.assertIn("'=HYPERLINK", text)

    def test_it_blocks_publication_until_the_flagged_wording_is_checked(self) -> None:
        with self.assertRaises(ActionError):
            actions.publish_synthesis(self.synthesis, by=self.convenor)
        self.client.login(email=self.convenor.email, password=PASSWORD)
        response = self.client.post(f"/asks/{self.ask.pk}/synthesis/change/", {"intent": "publish"})
        self.assertRedirects(response, f"/asks/{self.ask.pk}/brief/check/")
        check = self.client.get(f"/asks/{self.ask.pk}/brief/check/")
        self.assertContains(check, "943 476 5919")
        self.assertContains(check, "[nhs_number removed]")
        self.client.post(
            f"/asks/{self.ask.pk}/brief/check/",
            {"insight": self.flagged.pk, "text": "A patient waited nine weeks for a CT result."},
        )
        self.flagged.refresh_from_db()
        self.assertIsNotNone(self.flagged.shared_checked_at)
        self.assertContains(self.client.get(f"/asks/{self.ask.pk}/brief/check/"), "Nothing left to check")
        self.client.post(f"/asks/{self.ask.pk}/synthesis/change/", {"intent": "publish"})
        self.synthesis.refresh_from_db()
        self.assertTrue(self.synthesis.is_published)
        self.assertContains(
            self.client.get(f"/asks/{self.ask.pk}/brief.csv"), "A patient waited nine weeks for a CT result."
        )

    def test_it_refuses_the_brief_to_members_and_hides_it_from_outsiders(self) -> None:
        for path in ("brief/", "brief.pdf", "brief.csv", "brief/check/"):
            self.client.login(email=self.member.email, password=PASSWORD)
            self.assertEqual(self.client.get(f"/asks/{self.ask.pk}/{path}").status_code, 403, path)
            self.client.login(email=self.outsider.email, password=PASSWORD)
            self.assertEqual(self.client.get(f"/asks/{self.ask.pk}/{path}").status_code, 404, path)
        self.assertEqual(
            self.client.get(f"/api/v1/consultations/{self.ask.pk}/brief", headers=bearer(self.member)).status_code, 403
        )

    def test_it_answers_the_brief_and_the_checked_wording_through_the_api(self) -> None:
        brief = self.client.get(f"/api/v1/consultations/{self.ask.pk}/brief", headers=bearer(self.centre)).json()
        self.assertEqual((brief["insight_count"], brief["flagged"]), (16, 1))
        self.assertNotIn("943 476 5919", str(brief))
        refused = self.client.put(
            f"/api/v1/insights/{self.flagged.pk}/wording",
            {"text": "Reworded"},
            content_type="application/json",
            headers=bearer(self.member),
        )
        self.assertEqual(refused.status_code, 403)
        checked = self.client.put(
            f"/api/v1/insights/{self.flagged.pk}/wording",
            {"text": "Reworded"},
            content_type="application/json",
            headers=bearer(self.convenor),
        )
        self.assertEqual(checked.status_code, 200, checked.content)
        self.assertEqual(
            self.client.get(f"/api/v1/consultations/{self.ask.pk}/brief", headers=bearer(self.centre)).json()[
                "flagged"
            ],
            0,
        )

    def test_it_counts_by_profession_region_and_voice(self) -> None:
        from groundswell.consultations import brief

        report = brief.build(self.ask, self.synthesis)
        voices = dict(report.breakdown.voices)
        self.assertEqual(voices, {"Professional voice": 15, "Lay voice": 1})
        self.assertEqual(dict(report.breakdown.professions), {"Manager": 15, "Carer": 1})
        self.assertEqual(
            sum(t.size for t in report.themes) + report.minority_count, Insight.objects.filter(ask=self.ask).count()
        )
        order = [(not t.urgent, -t.size) for t in report.themes]
        self.assertEqual(order, sorted(order))


class KnownNamesTestCase(ConsultationTestCase):
    def test_it_finds_the_same_names_when_checking_each_text_against_the_names_it_shares_a_word_with(self) -> None:
        from groundswell.consultations.deidentify import KnownNames, flags_in
        from groundswell.lib.identifiability import find_identifiers

        names = ["Zoë Ó Briain-Walsh", "Mina Member", "Colin Core", "Tom O'Neill", "Grace Mensah", "Li Wei"]
        texts = [
            "zoe o briain-walsh rang the ward; Zoë told us the letter never came.",
            "Colin and MINA MEMBER met Mr Okafor about O'Neill's referral.",
            "Grace under pressure: the team showed grace.",
            "Nothing to see here, only scans and waits.",
            "Wei said the CT slot (LS1 4AP) moved.",
        ]
        index = KnownNames(names)
        for text in texts:
            self.assertEqual(flags_in(text, index), tuple(find_identifiers(text, known_names=names)), text)
