"""Bad input is refused with a message or a 4xx answer, never a server error."""

from __future__ import annotations

from groundswell.consultations import actions
from groundswell.consultations.models import Synthesis
from groundswell.consultations.tests.builders import ConsultationTestCase, add_notes, make_ask
from groundswell.consultations.tests.test_centre_role import bearer
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.testing import PASSWORD

HUGE = str(2**80)


class HostileInputTestCase(ConsultationTestCase):
    def test_it_refuses_ids_that_cannot_exist_without_a_server_error(self) -> None:
        ask = make_ask(self.centre, [self.community])
        add_notes(ask, self.member, self.community, ["workforce", "letters"])
        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(ask, by=self.convenor, method="tfidf")
        synthesis = Synthesis.objects.get(ask=ask)
        theme = synthesis.themes.first()
        assert theme is not None
        gathering = make_gathering(self.community, self.convenor, days_ahead=-1)
        self.client.login(email=self.convenor.email, password=PASSWORD)
        posts = [
            (
                f"/asks/{ask.pk}/synthesis/change/",
                {"intent": "move_low", "insights": [HUGE, "x", "-1"], "target": HUGE},
            ),
            (f"/asks/{ask.pk}/synthesis/change/", {"intent": "recompute", "method": "\x00"}),
            (f"/themes/{theme.pk}/", {"intent": "merge", "into": HUGE}),
            (f"/themes/{theme.pk}/", {"intent": "move", "insights": [HUGE], "target": "none"}),
            (f"/gatherings/{gathering.pk}/insights/", {"kind": "note", "item": HUGE, "ask": HUGE}),
            (f"/asks/{ask.pk}/brief/check/", {"insight": HUGE, "text": "x"}),
            (f"/communities/{self.community.slug}/centre/", {"intent": "revoke", "person": HUGE}),
            (f"/communities/{self.community.slug}/centre/", {"intent": "grant", "person": "١٢"}),
            (f"/asks/{ask.pk}/insights/new/", {"whose": "mine", "text": "x\x00y", "urgency": "high"}),
        ]
        for path, data in posts:
            response = self.client.post(path, data)
            self.assertLess(response.status_code, 500, path)
        self.assertEqual(self.client.get(f"/asks/{ask.pk}/insights/?community={HUGE}").status_code, 200)
        self.client.login(email=self.centre.email, password=PASSWORD)
        self.client.post(f"/asks/{ask.pk}/documents/", {"intent": "remove", "document": HUGE})
        api = [
            ("put", f"/api/v1/insights/{HUGE}/response", {"status": "accepted"}),
            ("get", f"/api/v1/themes/{HUGE}", None),
            ("post", f"/api/v1/consultations/{ask.pk}/synthesis/moves", {"insight_ids": [int(HUGE)], "theme_id": None}),
            ("post", f"/api/v1/consultations/{ask.pk}/insights", {"text": "x\x00"}),
            ("post", f"/api/v1/consultations/{ask.pk}/agenda", {"gathering_id": -3}),
            ("get", f"/api/v1/consultations?community_id={HUGE}", None),
        ]
        for method, path, body in api:
            kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
            response = getattr(self.client, method)(path, headers=bearer(self.centre), **kwargs)
            self.assertIn(response.status_code, (400, 403, 404, 409, 422), path)
            self.assertIn("detail", response.json())
