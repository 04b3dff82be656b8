"""Closing the loop: the centre responds to themes and insights (with a reason when not
possible), contributors are told, overdue items are listed, and "we asked, you said, we did"
pages are as visible as the community."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.core import mail
from django.utils import timezone

from groundswell.communities.models import Privacy, Role
from groundswell.consultations import actions
from groundswell.consultations.models import Insight, Response, ResponseStatus, Synthesis, Theme
from groundswell.consultations.overdue import owed_items
from groundswell.consultations.tests.builders import ConsultationTestCase, add_notes, make_ask
from groundswell.consultations.tests.test_centre_role import bearer
from groundswell.people.actions import ActionError
from groundswell.testing import PASSWORD, add_member, make_community

TODAY = datetime.date(2030, 1, 1)


class RespondTestCase(ConsultationTestCase):
    def setUp(self) -> None:
        self.ask = make_ask(self.centre, [self.community], response_days=14)
        add_notes(self.ask, self.member, self.community)
        self.lee_said = actions.add_insight(
            by=self.lay, community=self.community, ask=self.ask, text="Carers are not told anything about scan results."
        )
        self.quiet = actions.add_insight(
            by=self.core,
            community=self.community,
            ask=self.ask,
            text="Carers are never told about scan results.",
            anonymous=True,
        )
        self.phoned = actions.record_insight(
            by=self.convenor,
            community=self.community,
            ask=self.ask,
            text="Carers hear nothing about scan results.",
            contributor_name="A caller",
            contributor_email="caller@example.net",
        )
        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(self.ask, by=self.convenor, method="tfidf")
        self.synthesis = Synthesis.objects.get(ask=self.ask)

    def theme_with(self, insight: Insight) -> Theme:
        insight.refresh_from_db()
        theme = insight.placement.theme
        assert theme is not None
        return theme

    def any_theme(self) -> Theme:
        theme = self.synthesis.themes.order_by("pk").first()
        assert theme is not None
        return theme

    def publish(self) -> None:
        actions.publish_synthesis(self.synthesis, by=self.convenor)

    def test_it_answers_themes_only_once_the_synthesis_is_published(self) -> None:
        theme = self.any_theme()
        with self.assertRaises(ActionError):
            actions.respond(
                by=self.centre, theme=theme, status=ResponseStatus.ACCEPTED, detail="Yes", date=TODAY, owner_name="Team"
            )

    def test_it_records_a_response_and_tells_the_named_contributors_only(self) -> None:
        self.publish()
        self.lee_said.refresh_from_db()
        theme = self.theme_with(self.lee_said)
        self.client.login(email=self.centre.email, password=PASSWORD)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/themes/{theme.pk}/response/",
                {
                    "status": "accepted",
                    "detail": "Results letters will copy in carers.",
                    "owner_name": "Results team",
                    "date": "2030-03-01",
                },
            )
        self.assertRedirects(response, f"/themes/{theme.pk}/")
        saved = Response.objects.get(theme=theme)
        self.assertEqual(
            (saved.status, saved.owner_name, saved.responded_by), (ResponseStatus.ACCEPTED, "Results team", self.centre)
        )
        told = sorted(address for message in mail.outbox for address in message.to)
        authors = {
            p.insight.author.email for p in theme.placements.select_related("insight__author") if p.insight.author
        }
        expected = sorted(authors | ({"caller@example.net"} if self.phoned.placement.theme == theme else set()))
        self.assertEqual(told, expected)
        self.assertNotIn(self.core.email, told)
        self.assertIn("Results letters will copy in carers.", mail.outbox[0].body)

    def test_it_needs_a_reason_when_not_possible(self) -> None:
        self.publish()
        theme = self.any_theme()
        self.client.login(email=self.centre.email, password=PASSWORD)
        page = self.client.post(
            f"/themes/{theme.pk}/response/", {"status": "not_possible", "owner_name": "X", "date": "2030-01-01"}
        )
        self.assertContains(page, "Say why it is not possible.")
        self.assertFalse(Response.objects.exists())
        api = self.client.put(
            f"/api/v1/themes/{theme.pk}/response",
            {"status": "not_possible", "owner_name": "X", "date": "2030-01-01"},
            content_type="application/json",
            headers=bearer(self.centre),
        )
        self.assertEqual(api.status_code, 422)
        done = self.client.put(
            f"/api/v1/themes/{theme.pk}/response",
            {"status": "not_possible", "reason": "Outside our remit", "owner_name": "X", "date": "2030-01-01"},
            content_type="application/json",
            headers=bearer(self.centre),
        )
        self.assertEqual(done.json()["reason"], "Outside our remit")

    def test_it_tells_contributors_again_only_when_the_response_changes(self) -> None:
        self.publish()
        theme = self.theme_with(self.lee_said)
        fields: dict[str, Any] = {
            "by": self.centre,
            "theme": theme,
            "detail": "Working on it",
            "date": TODAY,
            "owner_name": "Team",
        }
        with self.captureOnCommitCallbacks(execute=True):
            actions.respond(status=ResponseStatus.IN_PROGRESS, **fields)
        sent = len(mail.outbox)
        with self.captureOnCommitCallbacks(execute=True):
            actions.respond(status=ResponseStatus.IN_PROGRESS, **fields)
        self.assertEqual(len(mail.outbox), sent)
        with self.captureOnCommitCallbacks(execute=True):
            actions.respond(status=ResponseStatus.ACCEPTED, **fields)
        self.assertGreater(len(mail.outbox), sent)
        self.assertEqual(Response.objects.count(), 1)

    def test_it_lets_only_the_centre_respond(self) -> None:
        self.publish()
        theme = self.any_theme()
        body = {"status": "accepted", "detail": "Yes", "owner_name": "X", "date": "2030-01-01"}
        for person in (self.convenor, self.member):
            self.client.login(email=person.email, password=PASSWORD)
            self.assertEqual(self.client.get(f"/themes/{theme.pk}/response/").status_code, 403)
            self.assertEqual(self.client.post(f"/themes/{theme.pk}/response/", body).status_code, 403)
            api = self.client.put(
                f"/api/v1/themes/{theme.pk}/response", body, content_type="application/json", headers=bearer(person)
            )
            self.assertEqual(api.status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/themes/{theme.pk}/response/").status_code, 404)
        self.assertFalse(Response.objects.exists())

    def test_it_responds_to_a_single_insight_and_tells_its_author(self) -> None:
        self.client.login(email=self.centre.email, password=PASSWORD)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/insights/{self.lee_said.pk}/response/",
                {
                    "status": "in_progress",
                    "detail": "We are looking at carers' letters.",
                    "owner_name": "Letters team",
                    "date": "2030-02-01",
                },
            )
        self.assertEqual([m.to for m in mail.outbox], [[self.lay.email]])
        self.assertContains(self.client.get(f"/insights/{self.lee_said.pk}/"), "We are looking at carers")
        api = self.client.put(
            f"/api/v1/insights/{self.lee_said.pk}/response",
            {"status": "accepted", "detail": "Done", "owner_name": "T", "date": "2030-02-01"},
            content_type="application/json",
            headers=bearer(self.member),
        )
        self.assertEqual(api.status_code, 403)


class OverdueTestCase(ConsultationTestCase):
    def test_it_lists_themes_without_a_response_after_the_asks_days(self) -> None:
        with time_machine.travel(datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC), tick=False):
            ask = make_ask(self.centre, [self.community], response_days=14)
            add_notes(ask, self.member, self.community)
            with self.captureOnCommitCallbacks(execute=True):
                actions.request_synthesis(ask, by=self.convenor, method="tfidf")
            synthesis = Synthesis.objects.get(ask=ask)
            actions.publish_synthesis(synthesis, by=self.convenor)
            answered = synthesis.themes.order_by("pk")[0]
            actions.respond(
                by=self.centre,
                theme=answered,
                status=ResponseStatus.ACCEPTED,
                detail="Yes",
                date=TODAY,
                owner_name="Team",
            )
            unsolicited = actions.add_insight(by=self.member, community=self.community, text="Pharmacy hours")
            waiting = synthesis.themes.exclude(pk=answered.pk).count()
        with time_machine.travel(datetime.datetime(2030, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
            self.assertEqual(owed_items(self.centre), [])
            self.assertEqual(len(owed_items(self.centre, only_overdue=False)), waiting + 1)
        with time_machine.travel(datetime.datetime(2030, 1, 20, 12, tzinfo=datetime.UTC), tick=False):
            overdue = owed_items(self.centre)
            self.assertEqual(len(overdue), waiting)
            self.assertTrue(all(item.kind == "theme" and item.days_overdue == 5 for item in overdue))
            self.client.login(email=self.centre.email, password=PASSWORD)
            self.assertContains(self.client.get("/centre/"), "5 days overdue")
            api = self.client.get("/api/v1/consultations/overdue", headers=bearer(self.centre)).json()
            self.assertEqual(api["count"], waiting)
        with time_machine.travel(datetime.datetime(2030, 2, 5, 12, tzinfo=datetime.UTC), tick=False):
            kinds = {item.kind: item for item in owed_items(self.centre)}
            self.assertEqual(kinds["insight"].id, unsolicited.pk)
            self.assertEqual(owed_items(self.member), [])


class LoopPagesTestCase(ConsultationTestCase):
    def test_it_publishes_we_asked_you_said_we_did_as_the_community_tier_allows(self) -> None:
        open_one = make_community(self.convenor, name="Open Forum", privacy=Privacy.OPEN)
        add_member(open_one, self.centre, Role.SPONSOR)
        add_member(open_one, self.member)
        ask = make_ask(self.centre, [open_one], title="Open question")
        add_notes(ask, self.member, open_one)
        self.assertContains(self.client.get(f"/asks/{ask.pk}/you-said-we-did/"), "being brought together")
        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(ask, by=self.convenor, method="tfidf")
        synthesis = Synthesis.objects.get(ask=ask)
        actions.publish_synthesis(synthesis, by=self.convenor)
        theme = synthesis.themes.order_by("-member_count")[0]
        actions.respond(
            by=self.centre,
            theme=theme,
            status=ResponseStatus.ACCEPTED,
            detail="New guidance on caseloads",
            date=TODAY,
            owner_name="Workforce team",
        )
        page = self.client.get(f"/asks/{ask.pk}/you-said-we-did/")
        self.assertContains(page, theme.label)
        self.assertContains(page, "New guidance on caseloads")
        self.assertContains(page, "No response yet")
        page = self.client.get(f"/communities/{open_one.slug}/you-said-we-did/")
        self.assertContains(page, "Open question")
        self.assertContains(page, "New guidance on caseloads")
        hidden = make_ask(self.centre, [self.community], title="Private question")
        self.assertEqual(self.client.get(f"/asks/{hidden.pk}/you-said-we-did/").status_code, 404)
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/you-said-we-did/").status_code, 404)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/you-said-we-did/").status_code, 404)
        self.client.login(email=self.lay.email, password=PASSWORD)
        self.assertContains(self.client.get(f"/communities/{self.community.slug}/you-said-we-did/"), "Private question")

    def test_it_keeps_quotes_off_the_public_pages(self) -> None:
        open_one = make_community(self.convenor, name="Open Forum", privacy=Privacy.OPEN)
        add_member(open_one, self.centre, Role.SPONSOR)
        add_member(open_one, self.member)
        ask = make_ask(self.centre, [open_one])
        add_notes(ask, self.member, open_one, ["workforce"])
        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(ask, by=self.convenor, method="tfidf")
        actions.publish_synthesis(Synthesis.objects.get(ask=ask), by=self.convenor)
        page = self.client.get(f"/asks/{ask.pk}/you-said-we-did/")
        self.assertNotContains(page, "clinical nurse specialists this year")


class DeadlineTestCase(ConsultationTestCase):
    def test_it_shows_an_ask_as_closed_once_its_deadline_passes(self) -> None:
        ask = make_ask(self.centre, [self.community], deadline=timezone.localdate())
        self.assertTrue(ask.is_open())
        self.assertFalse(ask.is_open(timezone.localdate() + datetime.timedelta(days=1)))
