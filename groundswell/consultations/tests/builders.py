"""Builders for consultation tests: a centre (a sponsor) in the shared private community, asks, insights."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from groundswell.communities.models import Community, Role
from groundswell.consultations import actions
from groundswell.consultations.models import Ask, Insight
from groundswell.people.models import Person, Profession
from groundswell.testing import BaseTestCase, add_member, make_person

# Short frontline notes in three plain themes, for syntheses that must be easy to check.
NOTES = {
    "diagnostics": [
        "Patients wait weeks for a CT scan because radiology has no protected slots for urgent referrals.",
        "Straight to test works only where the scanner has ring-fenced slots; elsewhere the CT wait is weeks.",
        "Scan capacity is the bottleneck: CT and MRI slots for suspected cancer are booked out for a month.",
        "Endoscopy and CT are booked one after the other, so the scan wait doubles for suspected cancer.",
        "Radiology reporting backlog means scan results sit for two weeks before anyone reads them.",
    ],
    "workforce": [
        "Cancer nurse specialists are leaving because caseloads are impossible and there is no supervision.",
        "We lost three clinical nurse specialists this year; each cited caseload and burnout.",
        "Nurse specialist vacancies go unfilled for months, so the remaining nurses carry double caseloads.",
        "Clinical supervision for specialist nurses disappeared when the team lead post was frozen.",
        "Newly qualified nurses will not take specialist posts with these caseloads and no supervision.",
    ],
    "letters": [
        "Patients receive the two week wait letter and think they have cancer; the letter frightens them.",
        "The referral letter is full of jargon: patients do not understand why they were referred.",
        "Carers tell us the appointment letter arrived after the appointment date.",
        "Letters telling people they do not have cancer never arrive, so patients hear nothing.",
        "Rewrite the referral letter in plain English with patients and carers.",
    ],
}


def make_ask(by: Person, communities: list[Community], **fields: Any) -> Ask:
    fields.setdefault("title", "Faster diagnosis: what gets in the way?")
    fields.setdefault("context", "The national team is revising its faster diagnosis guidance.")
    fields.setdefault("questions", ["What slows diagnosis down where you work?", "What would help most?"])
    fields.setdefault("deadline", timezone.localdate() + datetime.timedelta(days=30))
    return actions.create_ask(by=by, communities=communities, **fields)


def add_notes(ask: Ask, by: Person, community: Community, themes: list[str] | None = None) -> list[Insight]:
    insights = []
    for theme in themes or list(NOTES):
        for text in NOTES[theme]:
            insights.append(actions.add_insight(by=by, community=community, ask=ask, text=text))
    return insights


class ConsultationTestCase(BaseTestCase):
    """The shared private community, with Cece as its sponsor (the centre)."""

    centre: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.centre = make_person("cece@example.org", "Cece Centre", profession=Profession.MANAGER)
        add_member(cls.community, cls.centre, Role.SPONSOR)
