"""Pages read in a fixed number of queries, however many insights, themes or asks there are."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from groundswell.consultations import actions
from groundswell.consultations.models import ResponseStatus, Synthesis
from groundswell.consultations.tests.builders import NOTES, ConsultationTestCase, make_ask
from groundswell.gatherings import actions as gathering_actions
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.testing import PASSWORD


class QueryCountTestCase(ConsultationTestCase):
    def fill(self, times: int) -> tuple[int, int]:
        ask = make_ask(self.centre, [self.community], title=f"Ask {times}")
        gathering = make_gathering(self.community, self.convenor, days_ahead=-1, title=f"Day {times}")
        texts = [t for texts in NOTES.values() for t in texts] * times
        for n, text in enumerate(texts):
            actions.add_insight(
                by=self.member, community=self.community, ask=ask, text=f"{text} ({n})", gathering=gathering
            )
            gathering_actions.add_note(gathering, by=self.member, what_we_heard=f"{text} [{n}]")
        actions.record_insight(
            by=self.convenor, community=self.community, ask=ask, text="Recorded", contributor_name="A caller"
        )
        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(ask, by=self.convenor, method="tfidf")
        synthesis = Synthesis.objects.get(ask=ask)
        actions.publish_synthesis(synthesis, by=self.convenor)
        for theme in synthesis.themes.all():
            actions.respond(
                by=self.centre,
                theme=theme,
                status=ResponseStatus.ACCEPTED,
                detail="Done",
                owner_name="Team",
                date=datetime.date(2030, 1, 1),
            )
        actions.add_insight(by=self.member, community=self.community, text=f"Unsolicited {times}")
        return ask.pk, gathering.pk

    def count(self, path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        return len(queries)

    def test_it_reads_every_list_page_in_constant_queries(self) -> None:
        small, small_gathering = self.fill(1)
        large, large_gathering = self.fill(3)
        slug = self.community.slug
        pages = [
            "/asks/{ask}/",
            "/asks/{ask}/insights/",
            "/asks/{ask}/synthesis/",
            "/asks/{ask}/brief/",
            "/asks/{ask}/brief/check/",
            "/asks/{ask}/you-said-we-did/",
            "/gatherings/{gathering}/insights/",
        ]
        self.client.login(email=self.convenor.email, password=PASSWORD)
        for page in pages:
            expected = self.count(page.format(ask=small, gathering=small_gathering))
            with self.assertNumQueries(expected):
                self.client.get(page.format(ask=large, gathering=large_gathering))
        self.client.login(email=self.centre.email, password=PASSWORD)
        for page in ("/centre/", "/asks/", f"/communities/{slug}/you-said-we-did/", f"/communities/{slug}/insights/"):
            before = self.count(page)
            self.fill(2)
            with self.assertNumQueries(before):
                self.client.get(page)

    def test_it_reads_a_theme_page_in_constant_queries(self) -> None:
        small, _ = self.fill(1)
        large, _ = self.fill(3)
        self.client.login(email=self.convenor.email, password=PASSWORD)
        small_theme = Synthesis.objects.get(ask_id=small).themes.order_by("-member_count").first()
        large_theme = Synthesis.objects.get(ask_id=large).themes.order_by("-member_count").first()
        assert small_theme is not None and large_theme is not None
        expected = self.count(f"/themes/{small_theme.pk}/")
        with self.assertNumQueries(expected):
            self.client.get(f"/themes/{large_theme.pk}/")

    def test_it_adds_a_fixed_number_of_queries_to_the_community_page(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        before = self.count(f"/communities/{self.community.slug}/")
        for n in range(8):
            make_ask(self.centre, [self.community], title=f"Ask {n}")
        with self.assertNumQueries(before):
            self.client.get(f"/communities/{self.community.slug}/")
