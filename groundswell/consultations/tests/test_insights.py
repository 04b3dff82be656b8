"""Insights: named, anonymous, on someone's behalf, or captured from a gathering with one click;
each keeps its provenance, and anonymity (or the Chatham House rule) keeps no author at all."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Privacy, Role
from groundswell.consultations import actions
from groundswell.consultations.models import AskStatus, Insight, Source, Voice
from groundswell.consultations.tests.builders import ConsultationTestCase, make_ask
from groundswell.consultations.tests.test_centre_role import bearer
from groundswell.gatherings import actions as gathering_actions
from groundswell.gatherings.models import Confidentiality, Gathering, Level
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.lib import themes
from groundswell.people.actions import ActionError
from groundswell.people.models import Person, Profession, Region
from groundswell.testing import PASSWORD, add_member, make_community, make_person


def held_gathering(community: Community, by: Person, **fields: Any) -> Gathering:
    return make_gathering(community, by, days_ahead=-3, **fields)


class AddInsightTestCase(ConsultationTestCase):
    def setUp(self) -> None:
        self.ask = make_ask(self.centre, [self.community])
        self.url = f"/asks/{self.ask.pk}/insights/new/"

    def post(self, **data: str) -> Any:
        form = {"whose": "mine", "text": "Scans wait three weeks.", "urgency": "high", "confidence": "medium", **data}
        return self.client.post(self.url, form)

    def test_it_keeps_a_named_insight_with_the_contributors_profile_tags(self) -> None:
        self.lay.region = Region.LONDON
        self.lay.save(update_fields=["region"])
        self.client.login(email=self.lay.email, password=PASSWORD)
        response = self.post(place="Northshire", sector="primary_care", evidence_link="https://example.org/audit")
        insight = Insight.objects.get()
        self.assertRedirects(response, f"/insights/{insight.pk}/")
        self.assertEqual((insight.author, insight.recorded_by, insight.source), (self.lay, None, Source.DIRECT))
        self.assertEqual(
            (insight.profession, insight.region, insight.voice), (Profession.CARER, Region.LONDON, Voice.LAY)
        )
        self.assertEqual((insight.urgency, insight.place, insight.sector), (Level.HIGH, "Northshire", "primary_care"))
        activity = Activity.objects.get(verb="added_insight")
        self.assertEqual(activity.actor, self.lay)

    def test_it_exports_a_named_insight_and_keeps_it_anonymously_after_erasure(self) -> None:
        from groundswell.people import actions as people_actions

        self.client.login(email=self.lay.email, password=PASSWORD)
        self.post(text="Transport to the hub is the barrier.")
        exported = people_actions.export_personal_data(self.lay)
        self.assertEqual([i["text"] for i in exported["insights"]], ["Transport to the hub is the barrier."])
        people_actions.erase_person(self.lay, by=self.lay)
        insight = Insight.objects.get()
        self.assertEqual(insight.text, "Transport to the hub is the barrier.")
        self.assertEqual((insight.author, insight.anonymous, insight.contributor_name), (None, True, ""))

    def test_it_keeps_nothing_about_the_author_of_an_anonymous_insight(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        response = self.post(whose="anonymous")
        self.assertRedirects(response, f"/asks/{self.ask.pk}/")
        insight = Insight.objects.get()
        self.assertEqual((insight.author, insight.recorded_by, insight.contributor_name), (None, None, ""))
        self.assertEqual((insight.profession, insight.region, insight.voice), ("", "", ""))
        self.assertTrue(insight.anonymous)
        self.assertIsNone(Activity.objects.get(verb="added_insight").actor_id)

    def test_it_refuses_anonymity_where_the_ask_does_not_allow_it(self) -> None:
        ask = make_ask(self.centre, [self.community], anonymity_allowed=False)
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.post(
            f"/asks/{ask.pk}/insights/new/", {"whose": "anonymous", "text": "X", "urgency": "low", "confidence": "low"}
        )
        self.assertContains(page, "Select a valid choice")
        with self.assertRaises(ActionError):
            actions.add_insight(by=self.member, community=self.community, ask=ask, text="X", anonymous=True)

    def test_it_stores_no_author_under_the_chatham_house_rule(self) -> None:
        gathering = held_gathering(self.community, self.convenor, confidentiality=Confidentiality.CHATHAM_HOUSE)
        insight = actions.add_insight(
            by=self.member, community=self.community, ask=self.ask, gathering=gathering, text="Heard in the room"
        )
        self.assertEqual((insight.author, insight.anonymous, insight.profession), (None, True, ""))
        confidential = make_community(self.convenor, name="Chief executives", privacy=Privacy.CONFIDENTIAL)
        add_member(confidential, self.centre, Role.SPONSOR)
        add_member(confidential, self.member)
        ask = make_ask(self.centre, [confidential])
        insight = actions.add_insight(by=self.member, community=confidential, ask=ask, text="Said in confidence")
        self.assertIsNone(insight.author)

    def test_it_lets_convenors_record_an_insight_on_someones_behalf(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.assertContains(self.client.get(self.url), "recorded on their behalf")
        self.post(whose="behalf", contributor_name="Mrs Patel (by phone)", contributor_email="patel@example.net")
        insight = Insight.objects.get()
        self.assertEqual((insight.author, insight.recorded_by, insight.source), (None, self.convenor, Source.ON_BEHALF))
        self.assertEqual(
            (insight.contributor_name, insight.contributor_email), ("Mrs Patel (by phone)", "patel@example.net")
        )

    def test_it_does_not_let_members_record_for_others(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertNotContains(self.client.get(self.url), "recorded on their behalf")
        page = self.post(whose="behalf", contributor_name="Someone")
        self.assertContains(page, "Select a valid choice")
        self.assertFalse(Insight.objects.exists())

    def test_it_closes_to_members_after_the_deadline_but_lets_convenors_capture_until_closed(self) -> None:
        actions.update_ask(self.ask, by=self.centre, deadline=timezone.localdate())
        type(self.ask).objects.filter(pk=self.ask.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
        self.ask.refresh_from_db()
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertContains(self.client.get(self.url), "This ask is closed")
        with self.assertRaises(ActionError):
            actions.add_insight(by=self.member, community=self.community, ask=self.ask, text="Late")
        actions.record_insight(by=self.convenor, community=self.community, ask=self.ask, text="From a letter")
        actions.set_ask_status(self.ask, by=self.centre, status=AskStatus.CLOSED)
        with self.assertRaises(ActionError):
            actions.record_insight(by=self.convenor, community=self.community, ask=self.ask, text="Too late")

    def test_it_refuses_answers_from_people_outside_the_communities_asked(self) -> None:
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        open_one = make_community(self.convenor, name="Open Forum", privacy=Privacy.OPEN)
        add_member(open_one, self.centre, Role.SPONSOR)
        ask = make_ask(self.centre, [open_one])
        self.assertEqual(self.client.get(f"/asks/{ask.pk}/insights/new/").status_code, 403)
        self.assertEqual(self.client.get(f"/asks/{ask.pk}/insights/").status_code, 403)
        with self.assertRaises(ActionError):
            actions.add_insight(by=self.member, community=self.community, ask=ask, text="Wrong community")

    def test_it_caches_a_sentence_vector_only_when_the_semantic_extra_is_installed(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            insight = actions.add_insight(by=self.member, community=self.community, ask=self.ask, text="Scans wait.")
        insight.refresh_from_db()
        if "semantic" in themes.available_methods():
            assert insight.vector is not None
            self.assertEqual(len(bytes(insight.vector)), 4 * themes.SEMANTIC_DIMENSIONS)
        else:
            self.assertIsNone(insight.vector)


class InsightVisibilityTestCase(ConsultationTestCase):
    def test_it_shows_insights_to_members_and_stewards_and_hides_them_from_everyone_else(self) -> None:
        ask = make_ask(self.centre, [self.community])
        insight = actions.add_insight(by=self.member, community=self.community, ask=ask, text="Letters confuse people")
        for person in (self.member, self.lay, self.convenor, self.centre):
            self.client.login(email=person.email, password=PASSWORD)
            self.assertContains(self.client.get(f"/insights/{insight.pk}/"), "Letters confuse people")
            self.assertContains(self.client.get(f"/asks/{ask.pk}/insights/"), "Letters confuse people")
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/insights/{insight.pk}/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/insights/{insight.pk}/").status_code, 404)
        self.assertEqual(
            self.client.get(f"/api/v1/insights/{insight.pk}", headers=bearer(self.outsider)).status_code, 404
        )

    def test_it_shows_members_only_their_own_communities_insights(self) -> None:
        other = make_community(self.convenor, name="Prison Health Network", privacy=Privacy.PRIVATE)
        add_member(other, self.centre, Role.SPONSOR)
        prison_officer = make_person("po@example.org", "Pat Officer")
        add_member(other, prison_officer)
        ask = make_ask(self.centre, [self.community, other])
        actions.add_insight(by=self.member, community=self.community, ask=ask, text="From the leads")
        actions.add_insight(by=prison_officer, community=other, ask=ask, text="From the prisons")
        self.client.login(email=prison_officer.email, password=PASSWORD)
        page = self.client.get(f"/asks/{ask.pk}/insights/")
        self.assertContains(page, "From the prisons")
        self.assertNotContains(page, "From the leads")
        api = self.client.get(f"/api/v1/consultations/{ask.pk}/insights", headers=bearer(prison_officer)).json()
        self.assertEqual([i["text"] for i in api["items"]], ["From the prisons"])
        self.client.login(email=self.centre.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/asks/{ask.pk}/insights/"), "From the leads")


class CaptureTestCase(ConsultationTestCase):
    def setUp(self) -> None:
        self.ask = make_ask(self.centre, [self.community])
        self.gathering = held_gathering(self.community, self.convenor)
        self.note = gathering_actions.add_note(
            self.gathering,
            by=self.member,
            what_we_heard="Radiology slots decide the pathway",
            evidence="Audit of 40 referrals",
            where="North East",
            urgency=Level.HIGH,
        )
        self.feedback = gathering_actions.add_feedback(
            self.gathering, by=self.convenor, message="Protect diagnostic slots"
        )
        self.url = f"/gatherings/{self.gathering.pk}/insights/"

    def test_it_turns_a_note_into_an_insight_with_one_click_keeping_the_link(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        page = self.client.get(self.url)
        self.assertContains(page, "Radiology slots decide the pathway")
        self.client.post(self.url, {"kind": "note", "item": self.note.pk, "ask": self.ask.pk})
        insight = Insight.objects.get()
        self.assertEqual((insight.harvest_note, insight.gathering, insight.ask), (self.note, self.gathering, self.ask))
        self.assertEqual(
            (insight.text, insight.evidence_example, insight.place),
            (self.note.what_we_heard, "Audit of 40 referrals", "North East"),
        )
        self.assertEqual((insight.author, insight.recorded_by, insight.urgency), (None, self.convenor, Level.HIGH))
        self.client.post(self.url, {"kind": "note", "item": self.note.pk, "ask": self.ask.pk})
        self.assertEqual(Insight.objects.count(), 1)
        self.assertContains(self.client.get(self.url), "Already an insight for")

    def test_it_turns_every_remaining_note_and_message_into_insights(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.client.post(self.url, {"kind": "all", "ask": self.ask.pk})
        self.assertEqual(set(Insight.objects.values_list("source", flat=True)), {Source.HARVEST_NOTE, Source.FEEDBACK})
        self.client.post(self.url, {"kind": "all", "ask": self.ask.pk})
        self.assertEqual(Insight.objects.count(), 2)

    def test_it_captures_feedback_without_an_ask_as_unsolicited(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.client.post(self.url, {"kind": "feedback", "item": self.feedback.pk, "ask": ""})
        insight = Insight.objects.get()
        self.assertEqual((insight.ask, insight.feedback, insight.source), (None, self.feedback, Source.FEEDBACK))

    def test_it_keeps_a_chatham_house_gathering_anonymous(self) -> None:
        gathering = held_gathering(self.community, self.convenor, confidentiality=Confidentiality.CHATHAM_HOUSE)
        note = gathering_actions.add_note(gathering, by=self.member, what_we_heard="Said under the rule")
        insight = actions.capture_note(note, by=self.convenor, ask=self.ask)
        self.assertTrue(insight.anonymous)
        self.assertIsNone(insight.author)

    def test_it_lets_only_organisers_capture(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, {"kind": "all", "ask": self.ask.pk}).status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(Insight.objects.exists())

    def test_it_links_the_capture_page_from_the_gathering_for_organisers(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/gatherings/{self.gathering.pk}/"), self.url)
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertNotContains(self.client.get(f"/gatherings/{self.gathering.pk}/"), self.url)

    def test_it_captures_through_the_api(self) -> None:
        url = f"/api/v1/consultations/{self.ask.pk}/insights"
        refused = self.client.post(
            url, {"harvest_note_id": self.note.pk}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(refused.status_code, 403)
        made = self.client.post(
            url, {"harvest_note_id": self.note.pk}, content_type="application/json", headers=bearer(self.convenor)
        )
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual((made.json()["harvest_note_id"], made.json()["author"]), (self.note.pk, None))
        again = self.client.post(
            url, {"harvest_note_id": self.note.pk}, content_type="application/json", headers=bearer(self.convenor)
        )
        self.assertEqual(again.status_code, 409)


class InsightApiTestCase(ConsultationTestCase):
    def test_it_adds_named_anonymous_and_recorded_insights(self) -> None:
        ask = make_ask(self.centre, [self.community])
        url = f"/api/v1/consultations/{ask.pk}/insights"
        named = self.client.post(
            url, {"text": "Scans wait", "urgency": "high"}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(named.status_code, 201, named.content)
        self.assertEqual(named.json()["author"]["display_name"], "Mina Member")
        anonymous = self.client.post(
            url, {"text": "Quietly", "anonymous": True}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(
            (anonymous.json()["author"], anonymous.json()["anonymous"], anonymous.json()["recorded_by"]),
            (None, True, None),
        )
        refused = self.client.post(
            url,
            {"text": "For someone", "on_behalf": True, "contributor_name": "A caller"},
            content_type="application/json",
            headers=bearer(self.member),
        )
        self.assertEqual(refused.status_code, 403)
        recorded = self.client.post(
            url,
            {"text": "For someone", "on_behalf": True, "contributor_name": "A caller"},
            content_type="application/json",
            headers=bearer(self.convenor),
        )
        self.assertEqual(recorded.json()["recorded_by"]["display_name"], "Cara Convenor")
        bad = self.client.post(
            url, {"text": "", "urgency": "sky-high"}, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(bad.status_code, 422)
        outsider = self.client.post(
            url, {"text": "Hello"}, content_type="application/json", headers=bearer(self.outsider)
        )
        self.assertEqual(outsider.status_code, 404)

    def test_it_takes_and_lists_unsolicited_insights_for_members(self) -> None:
        url = f"/api/v1/communities/{self.community.pk}/insights"
        made = self.client.post(
            url, {"text": "Without being asked"}, content_type="application/json", headers=bearer(self.lay)
        )
        self.assertEqual((made.status_code, made.json()["ask_id"]), (201, None))
        self.assertEqual(self.client.get(url, headers=bearer(self.member)).json()["count"], 1)
        self.assertEqual(self.client.get(url, headers=bearer(self.outsider)).status_code, 404)


class UnsolicitedPagesTestCase(ConsultationTestCase):
    def test_it_takes_an_insight_without_an_ask_from_the_community_page(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        url = f"/communities/{self.community.slug}/insights/new/"
        response = self.client.post(
            url, {"whose": "mine", "text": "Out of hours pharmacy gaps", "urgency": "low", "confidence": "low"}
        )
        insight = Insight.objects.get()
        self.assertRedirects(response, f"/insights/{insight.pk}/")
        self.assertContains(
            self.client.get(f"/communities/{self.community.slug}/insights/"), "Out of hours pharmacy gaps"
        )
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/insights/").status_code, 404)
