"""Anonymous insights, and insights heard under the Chatham House rule, never reveal who gave
them: not through any page, export, API answer, activity entry or email."""

from __future__ import annotations

import datetime
import json

from django.core import mail
from django.template.loader import render_to_string

from groundswell.chronicle.models import Activity
from groundswell.consultations import actions, brief
from groundswell.consultations.models import Insight, ResponseStatus, Synthesis
from groundswell.consultations.tests.builders import NOTES, ConsultationTestCase, make_ask
from groundswell.consultations.tests.test_centre_role import bearer
from groundswell.gatherings import actions as gathering_actions
from groundswell.gatherings.models import Confidentiality
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.testing import PASSWORD

SECRETS = ("Lee Lay", "lee@example.org", "Colin Core", "colin@example.org")


class AnonymityTestCase(ConsultationTestCase):
    def test_it_never_reveals_the_author_of_an_anonymous_or_chatham_house_insight(self) -> None:
        ask = make_ask(self.centre, [self.community])
        for text in NOTES["workforce"] + NOTES["letters"]:
            actions.add_insight(by=self.member, community=self.community, ask=ask, text=text)
        secret = actions.add_insight(
            by=self.lay,
            community=self.community,
            ask=ask,
            anonymous=True,
            text="Carers of people with cancer are never told when the nurse specialist post is vacant.",
        )
        room = make_gathering(
            self.community, self.convenor, days_ahead=-2, confidentiality=Confidentiality.CHATHAM_HOUSE
        )
        said_in_room = actions.add_insight(
            by=self.core,
            community=self.community,
            ask=ask,
            gathering=room,
            text="Nurse specialist caseloads are impossible and supervision has gone.",
        )
        note = gathering_actions.add_note(
            room, by=self.core, what_we_heard="Specialist nurses are leaving the service."
        )
        captured = actions.capture_note(note, by=self.convenor, ask=ask)
        anonymous = [secret, said_in_room, captured]
        for insight in anonymous:
            insight.refresh_from_db()
            self.assertIsNone(insight.author_id)
            self.assertEqual((insight.contributor_name, insight.contributor_email), ("", ""))
            self.assertNotIn(insight.recorded_by_id, (self.lay.pk, self.core.pk))

        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(ask, by=self.convenor, method="tfidf")
        synthesis = Synthesis.objects.get(ask=ask)
        actions.publish_synthesis(synthesis, by=self.convenor)
        for theme in synthesis.themes.all():
            with self.captureOnCommitCallbacks(execute=True):
                actions.respond(
                    by=self.centre,
                    theme=theme,
                    status=ResponseStatus.ACCEPTED,
                    detail="We will act.",
                    owner_name="Programme team",
                    date=datetime.date(2030, 1, 1),
                )
        for insight in anonymous:
            with self.captureOnCommitCallbacks(execute=True):
                actions.respond(
                    by=self.centre,
                    insight=insight,
                    status=ResponseStatus.IN_PROGRESS,
                    detail="Looking into it.",
                    owner_name="Programme team",
                    date=datetime.date(2030, 1, 1),
                )

        seen: list[str] = []
        themes = list(synthesis.themes.values_list("pk", flat=True))
        pages = [
            f"/asks/{ask.pk}/",
            f"/asks/{ask.pk}/insights/",
            f"/asks/{ask.pk}/synthesis/",
            f"/asks/{ask.pk}/brief/",
            f"/asks/{ask.pk}/brief.csv",
            f"/asks/{ask.pk}/brief/check/",
            f"/asks/{ask.pk}/you-said-we-did/",
            f"/communities/{self.community.slug}/you-said-we-did/",
            "/centre/",
            "/asks/",
            *[f"/themes/{pk}/" for pk in themes],
            *[f"/themes/{pk}/response/" for pk in themes],
            *[f"/insights/{i.pk}/" for i in anonymous],
            *[f"/insights/{i.pk}/response/" for i in anonymous],
            f"/gatherings/{room.pk}/insights/",
        ]
        api = [
            f"/api/v1/consultations/{ask.pk}",
            f"/api/v1/consultations/{ask.pk}/insights?limit=500",
            f"/api/v1/consultations/{ask.pk}/synthesis",
            f"/api/v1/consultations/{ask.pk}/brief",
            "/api/v1/consultations",
            "/api/v1/consultations/overdue?overdue_only=false",
            *[f"/api/v1/themes/{pk}" for pk in themes],
            *[f"/api/v1/insights/{i.pk}" for i in anonymous],
        ]
        for person in (self.centre, self.convenor, self.member):
            self.client.login(email=person.email, password=PASSWORD)
            for path in pages:
                response = self.client.get(path)
                if response.status_code == 200:
                    seen.append(f"{path} as {person}")
                    self.assert_no_secret(response.content.decode(), f"{path} as {person}")
            for path in api:
                response = self.client.get(path, headers=bearer(person))
                if response.status_code == 200:
                    seen.append(f"{path} as {person} (API)")
                    self.assert_no_secret(json.dumps(response.json()), f"{path} as {person} (API)")
        self.assertGreater(len(seen), 60)
        pdf_html = render_to_string("consultations/brief_pdf.html", {"brief": brief.build(ask, synthesis), "ask": ask})
        self.assert_no_secret(pdf_html, "the PDF brief")
        self.client.login(email=self.centre.email, password=PASSWORD)
        self.assertTrue(self.client.get(f"/asks/{ask.pk}/brief.pdf").content.startswith(b"%PDF"))

        for activity in Activity.objects.filter(target_type="insight", target_id__in=[i.pk for i in anonymous]):
            self.assertNotIn(activity.actor_id, (self.lay.pk, self.core.pk))
            self.assert_no_secret(f"{activity.target_label} {activity.data}", f"activity {activity.verb}")
        self.assertFalse(Activity.objects.filter(actor__in=[self.lay, self.core], verb="added_insight").exists())

        self.assertGreater(len(mail.outbox), 0)
        for message in mail.outbox:
            self.assertFalse(set(message.to) & {self.lay.email, self.core.email}, message.subject)
            self.assert_no_secret(str(message.body), f"email {message.subject}")
            for content, _ in getattr(message, "alternatives", []):
                self.assert_no_secret(str(content), f"email {message.subject}")
        self.assertEqual(Insight.objects.filter(author__in=[self.lay, self.core]).count(), 0)

    def assert_no_secret(self, text: str, where: str) -> None:
        for secret in SECRETS:
            self.assertNotIn(secret, text, f"{secret} appears in {where}")
