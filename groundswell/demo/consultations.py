"""Load the demo's asks from the centre: three asks that the national programme team (Priya, the
National Cancer Leads Network's sponsor) sent through the year of Leads' days, about 400 insights
from the six meetings' notes, feedback and the leads' own answers, their syntheses, the brief and
the centre's responses (some overdue).

1. "Faster diagnosis": Priya named the themes she expected before the first pass (guided
   synthesis); published, most themes answered.
2. "The people who deliver and support cancer care": grouped by the machine, then shaped by
   Amara (renamed, one marked urgent, two merged, uncertain placements decided) and computed
   again; published, some themes answered and some overdue.
3. "Reaching the people who are missed": still open and on the next Leads' day's agenda; a guided
   synthesis nobody has published yet, with its uncertain placements waiting for a person.

Insights are written with bulk writes (with the activity-stream entries the actions would have
recorded), because the actions stamp the present and a demo needs a year of the past; the asks,
decisions, synthesis and responses go through ``groundswell.consultations.actions`` and are then
moved back to when they happened with queryset ``.update()``: the sanctioned seed exception
described in ``groundswell.demo.network``. Deterministic: one seeded generator, fixed orders.
"""

from __future__ import annotations

import datetime
import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Max
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Membership
from groundswell.consultations import actions, deidentify
from groundswell.consultations.models import (
    Ask,
    AskBriefing,
    AskDocument,
    Insight,
    Placement,
    Response,
    ResponseStatus,
    Source,
    Synthesis,
    Theme,
    Voice,
)
from groundswell.demo.names import pick_name
from groundswell.demo.personas import PERSONAS
from groundswell.demo.plan import SEED
from groundswell.gatherings.models import Element, FeedbackToCentre, Gathering, HarvestNote, Level, Registration, Series
from groundswell.people.models import Person

DATA = Path(__file__).resolve().parent / "data" / "insights.jsonl"
COMMUNITY = "national-cancer-leads-network"

# The labelled set's themes, as the people in the demo name them.
THEMES = {
    "referral": (
        "Urgent referral pathways",
        "referral forms and criteria, rejected referrals, advice and guidance, straight to test",
    ),
    "diagnostics": ("Waiting for tests", "endoscopy, CT, MRI, biopsy, pathology and community diagnostic centre waits"),
    "results": (
        "Results and communication between services",
        "who tells patients their results, letters, handovers, safety-netting",
    ),
    "digital": ("IT systems and digital tools", "systems that do not connect, e-referral, booking, apps and portals"),
    "workforce": ("Staff shortages and burnout", "vacancies, workload, burnout, retention, skill mix and training"),
    "carers": ("Support for family carers", "recognition, information, respite and bereavement support for carers"),
    "aftercare": ("Living with and beyond cancer", "support after treatment, care plans, late effects, return to work"),
    "travel_cost": (
        "Travel and the cost of cancer",
        "distance to treatment, transport, parking, lost income and benefits",
    ),
    "inequalities": (
        "Reaching people who are missed",
        "screening and early diagnosis for deprived areas, minorities, learning disabilities",
    ),
    "prison": ("Cancer care in prisons", "prisoners' access to screening, escorts, appointments, release"),
}

# What the centre did about each theme: (status, what was done or why not, owner).
RESPONSES = {
    "referral": (
        ResponseStatus.ACCEPTED,
        "The revised faster diagnosis guidance keeps one national referral form per tumour site, with "
        "advice and guidance before rejection, and straight-to-test for suspected lung cancer.",
        "National Cancer Programme, early diagnosis team",
    ),
    "diagnostics": (
        ResponseStatus.IN_PROGRESS,
        "Protected urgent slots for CT and endoscopy are now a condition of diagnostic centre funding; "
        "we report progress to the networks at each Leads' day.",
        "Diagnostics programme lead",
    ),
    "results": (
        ResponseStatus.ACCEPTED,
        "A standard 'not cancer' result letter, written with the Lay Partners' Panel, goes out to all "
        "trusts with the guidance; results will name who tells the patient.",
        "Patient experience lead",
    ),
    "digital": (
        ResponseStatus.NOT_POSSIBLE,
        "",
        "Digital programme",
    ),
    "workforce": (
        ResponseStatus.IN_PROGRESS,
        "Clinical supervision for cancer nurse specialists is in the workforce plan, funded for two "
        "years; we are testing support-worker roles to take administration off specialist nurses.",
        "Workforce lead, National Cancer Programme",
    ),
    "carers": (
        ResponseStatus.ACCEPTED,
        "Every cancer alliance now has to show how carers are identified and referred for support; "
        "the carers' information leaflet is being rewritten with carers.",
        "Personalised care team",
    ),
    "aftercare": (
        ResponseStatus.ACCEPTED,
        "Treatment summaries will go to patients as well as to their GP, in plain English.",
        "Personalised care team",
    ),
    "travel_cost": (
        ResponseStatus.NOT_POSSIBLE,
        "",
        "National Cancer Programme",
    ),
}
REASONS = {
    "digital": "A single national record is outside this programme's remit and budget; we have passed "
    "the networks' examples to the national digital team and will report back what they say.",
    "travel_cost": "Travel costs are set by the Healthcare Travel Costs Scheme, which the programme cannot "
    "change; we have asked the scheme to review its rules for people on daily radiotherapy.",
}

DOCUMENTS = {
    1: ("Faster diagnosis framework: draft for comment", "https://www.example.nhs.uk/cancer/faster-diagnosis-draft"),
    2: ("Cancer workforce plan: summary", "https://www.example.nhs.uk/cancer/workforce-plan-summary"),
    3: (
        "Early diagnosis and health inequalities: evidence review",
        "https://www.example.nhs.uk/cancer/inequalities-review",
    ),
}


@dataclass(frozen=True)
class PlannedAsk:
    number: int
    title: str
    context: str
    questions: tuple[str, ...]
    themes: tuple[str, ...]
    meetings: tuple[int, ...]
    guided: bool
    published: bool


ASKS = (
    PlannedAsk(
        1,
        "Faster diagnosis: what gets in the way?",
        "We are revising the national faster diagnosis guidance this year. Before we write it, we want to "
        "know what slows people down on the way to a diagnosis where you work, and what has helped.",
        (
            "What gets in the way of telling people within 28 days whether they have cancer?",
            "Where has something changed locally that made a real difference?",
            "What should the national guidance say, or stop saying?",
        ),
        ("referral", "diagnostics", "results", "digital"),
        (1, 2),
        True,
        True,
    ),
    PlannedAsk(
        2,
        "The people who deliver and support cancer care",
        "The workforce plan and the personalised care programme are both being refreshed. We want to hear "
        "from staff, patients and carers about what keeps people going, and what breaks them.",
        (
            "What would keep experienced cancer staff in post?",
            "What support do patients and carers need that they are not getting?",
        ),
        ("workforce", "carers", "aftercare", "travel_cost"),
        (3, 4),
        False,
        True,
    ),
    PlannedAsk(
        3,
        "Reaching the people who are missed",
        "Early diagnosis rates are lowest for the people services reach least. We want examples of what "
        "works, and of what stands in the way, for the next round of inequalities funding.",
        (
            "Who is being missed where you work, and why?",
            "What has worked to reach them?",
        ),
        ("inequalities", "prison", "minority"),
        (5, 6),
        True,
        False,
    ),
)


def load_texts() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


class Loader:
    def __init__(self, now: datetime.datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.rng = random.Random(SEED + 11)
        self.community = Community.objects.get(slug=COMMUNITY)
        self.personas = {p.key: Person.objects.get(email=p.email) for p in PERSONAS}
        self.priya, self.amara = self.personas["centre"], self.personas["convenor"]
        series = Series.objects.get(community=self.community, title="Leads' days")
        self.meetings = {g.number_in_series: g for g in series.gatherings.all()}
        self.texts = load_texts()
        self.taken_names: set[str] = set(Person.objects.values_list("display_name", flat=True))
        self.members = [
            m.person
            for m in Membership.objects.active()
            .filter(community=self.community)
            .exclude(person__in=[self.priya])
            .select_related("person")
            .order_by("person__display_name", "pk")
        ]

    def past(self, moment: datetime.datetime) -> datetime.datetime:
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def last_activity(self) -> int:
        return Activity.objects.aggregate(last=Max("pk"))["last"] or 0

    def dated(self, since: int, when: datetime.datetime) -> None:
        """Move the activity written since ``since`` to ``when``."""
        Activity.objects.filter(pk__gt=since).update(created_at=self.past(when))

    def load(self) -> None:
        for planned in ASKS:
            self.ask(planned)

    # -- one ask ----------------------------------------------------------------------------

    def ask(self, planned: PlannedAsk) -> None:
        first = self.meetings[planned.meetings[0]]
        last = self.meetings[planned.meetings[-1]]
        sent = first.starts_at - datetime.timedelta(days=21)
        deadline = timezone.localdate(last.starts_at) + datetime.timedelta(days=14)
        mark = self.last_activity()
        ask = actions.create_ask(
            by=self.priya, title=planned.title, context=planned.context, questions=planned.questions,
            deadline=max(deadline, timezone.localdate(self.now)), series=[first.series],
            guidance="Short, specific examples help most: what happened, where, and what it changed. "
            "Please do not name patients or colleagues.",
        )  # fmt: skip
        title, link = DOCUMENTS[planned.number]
        actions.add_document(ask, by=self.priya, title=title, link=link)
        Ask.objects.filter(pk=ask.pk).update(deadline=deadline, created_at=self.past(sent), updated_at=self.past(sent))
        ask.refresh_from_db()
        self.dated(mark, sent)
        AskDocument.objects.filter(ask=ask).update(added_at=self.past(sent))
        for number in planned.meetings:
            self.on_agenda(ask, self.meetings[number], sent)
        insights = self.insights(ask, planned, sent, deadline)
        self.synthesis(ask, planned, insights, deadline)

    def on_agenda(self, ask: Ask, gathering: Gathering, when: datetime.datetime) -> None:
        """Link the ask to the meeting's "Briefing from the national team" item."""
        item = gathering.agenda.filter(element=Element.BRIEFING).order_by("position").first()
        if item is None:
            return
        briefing = AskBriefing.objects.create(
            ask=ask, agenda_item=item, placed_by=self.amara, placed_at=self.past(when)
        )
        Activity.objects.create(
            actor=self.amara, verb="placed_ask_on_agenda", target_type="ask", target_id=ask.pk,
            target_label=str(ask)[:300], community=self.community, created_at=self.past(when),
            data={"gathering": gathering.pk, "briefing": briefing.pk},
        )  # fmt: skip

    # -- insights -------------------------------------------------------------------------

    def attendees(self, gathering: Gathering) -> list[Person]:
        rows = (
            Registration.objects.filter(gathering=gathering, attended=True, person__isnull=False)
            .exclude(person=self.priya)
            .select_related("person")
            .order_by("person__display_name", "pk")
        )
        return [r.person for r in rows if r.person is not None]

    def insights(
        self, ask: Ask, planned: PlannedAsk, sent: datetime.datetime, deadline: datetime.date
    ) -> list[Insight]:
        held = [self.meetings[n] for n in planned.meetings if self.meetings[n].ends_at < self.now]
        rows: list[Insight] = []
        # The meetings' own harvest notes and feedback, captured by Amara after each day.
        for gathering in held:
            captured = self.past(gathering.ends_at + datetime.timedelta(days=2))
            for note in HarvestNote.objects.filter(gathering=gathering).order_by("created_at", "pk"):
                rows.append(
                    Insight(
                        ask=ask, community=self.community, gathering=gathering, harvest_note=note,
                        source=Source.HARVEST_NOTE, text=note.what_we_heard, recorded_by=self.amara,
                        evidence_example=note.evidence, place=note.where[:200], urgency=note.urgency,
                        confidence=note.confidence, created_at=captured,
                    )
                )  # fmt: skip
            for message in FeedbackToCentre.objects.filter(gathering=gathering).order_by("position", "pk"):
                rows.append(
                    Insight(
                        ask=ask, community=self.community, gathering=gathering, feedback=message,
                        source=Source.FEEDBACK, text=message.message, recorded_by=self.amara, created_at=captured,
                    )
                )  # fmt: skip
        # The leads' own answers, heard at the meetings or sent in between.
        texts = [t for t in self.texts if t["theme"] in planned.themes]
        attendees = {g.pk: self.attendees(g) for g in held}
        end = min(self.now, timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(17))))
        for n, item in enumerate(texts):
            at = held[n % len(held)] if held and self.rng.random() < 0.8 else None
            if at is not None:
                when = at.starts_at + datetime.timedelta(minutes=self.rng.randrange(30, 330))
                people = attendees[at.pk] or self.members
            else:
                span = max(int((end - sent).total_seconds()), 3600)
                when = sent + datetime.timedelta(seconds=self.rng.randrange(span))
                people = self.members
            rows.append(self.insight(ask, item, at, people, self.past(when)))
        Insight.objects.bulk_create(rows, batch_size=500)
        self.activity(rows)
        return rows

    def insight(
        self, ask: Ask, item: dict[str, Any], gathering: Gathering | None, people: list[Person], when: datetime.datetime
    ) -> Insight:
        roll = self.rng.random()
        voice = Voice.LAY if item["lay"] else Voice.PROFESSIONAL
        tags = {"profession": item["profession"], "region": item["region"], "voice": voice}
        urgency = self.rng.choices([Level.LOW, Level.MEDIUM, Level.HIGH], [2, 5, 3])[0]
        confidence = self.rng.choices([Level.LOW, Level.MEDIUM, Level.HIGH], [2, 5, 3])[0]
        common = {
            "ask": ask, "community": self.community, "gathering": gathering, "text": item["text"],
            "urgency": urgency, "confidence": confidence, "created_at": when,
        }  # fmt: skip
        if item["lay"] or roll < 0.15:
            # Patients, carers and others heard by phone, letter or at the table, recorded for them.
            if roll < 0.5:
                name = pick_name(self.rng, self.taken_names).full
                self.taken_names.add(name)
                return Insight(source=Source.ON_BEHALF, recorded_by=self.amara, contributor_name=name, **tags, **common)
            return Insight(source=Source.ON_BEHALF, recorded_by=self.amara, anonymous=True, **tags, **common)
        if roll < 0.4:
            # Anonymous: the profession and region the person chose to give, and nothing else.
            return Insight(source=Source.DIRECT, anonymous=True, **tags, **common)
        author = people[self.rng.randrange(len(people))]
        profile = {
            "profession": author.profession,
            "region": author.region,
            "voice": Voice.LAY if author.is_lay_partner else Voice.PROFESSIONAL,
        }
        return Insight(source=Source.DIRECT, author=author, **profile, **common)

    def activity(self, rows: list[Insight]) -> None:
        entries = []
        for insight in rows:
            actor = insight.author or (insight.recorded_by if insight.source != Source.DIRECT else None)
            entries.append(
                Activity(
                    actor=actor, verb="added_insight", target_type="insight", target_id=insight.pk,
                    target_label=str(insight)[:300], community=self.community, created_at=insight.created_at,
                )
            )  # fmt: skip
        Activity.objects.bulk_create(entries, batch_size=1000)

    # -- synthesis, decisions, brief and responses ---------------------------------------

    def compute(self, synthesis: Synthesis, *, discover: bool) -> None:
        # In the demo the computation runs at once, with the method every installation has, so
        # the demo is the same everywhere; "Compute again" on the page uses the best installed.
        Synthesis.objects.filter(pk=synthesis.pk).update(method="tfidf", discover=discover)
        actions.compute_synthesis(synthesis.pk)
        synthesis.refresh_from_db()

    def majority(self, theme: Theme, by_text: dict[str, str]) -> str:
        keys = Counter(
            by_text.get(text, "")
            for text in Placement.objects.filter(theme=theme).values_list("insight__text", flat=True)
        )
        keys.pop("", None)
        # A theme is recognised only when most of it is about one thing.
        if not keys or keys.most_common(1)[0][1] * 2 < theme.member_count:
            return ""
        return keys.most_common(1)[0][0]

    def synthesis(self, ask: Ask, planned: PlannedAsk, insights: list[Insight], deadline: datetime.date) -> None:
        closing = timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(16)))
        work = self.past(closing + datetime.timedelta(days=3))
        mark = self.last_activity()
        synthesis = Synthesis.objects.create(ask=ask)
        by_text = {t["text"]: t["theme"] for t in self.texts}
        if planned.guided:
            for key in planned.themes:
                if key in THEMES:
                    label, description = THEMES[key]
                    actions.add_expected_theme(ask, by=self.priya, label=label, description=description)
            self.compute(synthesis, discover=False)
            keys = {t.pk: next((k for k, v in THEMES.items() if v[0] == t.label), "") for t in synthesis.themes.all()}
        else:
            self.compute(synthesis, discover=True)
            keys = self.shape(synthesis, by_text, planned)
        if not planned.published:
            Synthesis.objects.filter(pk=synthesis.pk).update(
                requested_by=self.priya, requested_at=work, finished_at=work, updated_at=work
            )
            self.dated(mark, work)
            return
        names = deidentify.known_names(ask)
        for insight, _ in deidentify.unchecked_insights(ask, names):
            actions.check_shared_text(insight, by=self.amara, text=deidentify.wording(insight, names).text)
        actions.publish_synthesis(synthesis, by=self.amara)
        published = self.past(closing + datetime.timedelta(days=10))
        Synthesis.objects.filter(pk=synthesis.pk).update(
            requested_by=self.amara, requested_at=work, finished_at=work, updated_at=published, published_at=published
        )
        Theme.objects.filter(synthesis=synthesis).update(created_at=work, updated_at=work)
        self.dated(mark, published)
        self.respond(synthesis, keys, published)

    def shape(self, synthesis: Synthesis, by_text: dict[str, str], planned: PlannedAsk) -> dict[int, str]:
        """Amara's decisions on a machine grouping: she names the themes she recognises, adds the
        ones she expected but the machine missed, sorts everything into them, marks one urgent and
        decides some uncertain placements."""
        named: dict[int, str] = {}
        for theme in synthesis.themes.order_by("-member_count", "pk"):
            key = self.majority(theme, by_text)
            if key in THEMES and key in planned.themes and key not in named.values():
                label, description = THEMES[key]
                actions.rename_theme(theme, by=self.amara, label=label, description=description)
                named[theme.pk] = key
        for key in planned.themes:
            if key in THEMES and key not in named.values():
                label, description = THEMES[key]
                named[
                    actions.add_expected_theme(synthesis.ask, by=self.amara, label=label, description=description).pk
                ] = key
        self.compute(synthesis, discover=False)
        first = next(iter(named))
        actions.set_theme_urgent(Theme.objects.get(pk=first), by=self.amara, urgent=True)
        texts = dict(Insight.objects.filter(ask=synthesis.ask).values_list("pk", "text"))
        for placement in Placement.objects.filter(synthesis=synthesis, low_confidence=True).order_by("insight_id")[:12]:
            key = by_text.get(texts[placement.insight_id], "")
            target = next((pk for pk, k in named.items() if k == key), None)
            if target is not None:
                theme = Theme.objects.get(pk=target)
                actions.move_insights(synthesis, by=self.amara, insight_ids=[placement.insight_id], theme=theme)
        return named

    def respond(self, synthesis: Synthesis, keys: dict[int, str], published: datetime.datetime) -> None:
        """Priya answers the themes she can; two are left waiting, so they show as overdue."""
        themes = sorted(synthesis.themes.filter(member_count__gt=0), key=lambda t: (-t.member_count, t.pk))
        answerable = [t for t in themes if keys.get(t.pk) in RESPONSES]
        for n, theme in enumerate(answerable[:-1] if len(answerable) > 2 else answerable):
            status, detail, owner = RESPONSES[keys[theme.pk]]
            when = published + datetime.timedelta(days=12 + 9 * n)
            if when >= self.now:
                continue
            mark = self.last_activity()
            actions.respond(
                by=self.priya, theme=theme, status=status, detail=detail, reason=REASONS.get(keys[theme.pk], ""),
                owner_name=owner, date=timezone.localdate(when) + datetime.timedelta(days=60),
            )  # fmt: skip
            Response.objects.filter(theme=theme).update(created_at=self.past(when), updated_at=self.past(when))
            self.dated(mark, when)


def seed(now: datetime.datetime | None = None) -> None:
    """Write the demo's asks, insights, syntheses and responses (inside the seed's transaction)."""
    Loader(now).load()
