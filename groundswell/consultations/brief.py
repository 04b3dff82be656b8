"""The brief to the centre, built once from a synthesis and written as HTML, PDF, CSV or JSON.

A brief names nobody: quotes carry their shared (checked, or automatically redacted) wording
and provenance by community, gathering, region, profession and lay or professional voice,
never by person.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from groundswell.consultations import deidentify
from groundswell.consultations.models import REPRESENTATIVES, Ask, Placement, Response, Synthesis, Voice
from groundswell.people.models import Profession, Region

# A spreadsheet treats a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Minority views and dissent shown per theme in the HTML and PDF briefs (the CSV has every one).
MAX_DISSENT = 3
MAX_MINORITY = 20
UNKNOWN = "Not given"


@dataclass(frozen=True)
class Quote:
    insight_id: int
    text: str
    community: str
    gathering: str
    gathering_date: datetime.date | None
    region: str
    profession: str
    voice: str
    urgency: str
    confidence: float
    redactions: int
    low_confidence: bool = False
    dissent: bool = False

    @property
    def provenance(self) -> str:
        parts = [self.community]
        if self.gathering:
            when = f", {self.gathering_date:%-d %B %Y}" if self.gathering_date else ""
            parts.append(f"{self.gathering}{when}")
        parts += [p for p in (self.profession, self.region, self.voice) if p != UNKNOWN]
        return " · ".join(parts)


@dataclass
class Breakdown:
    """Counts by profession, region, lay or professional voice, and community."""

    professions: list[tuple[str, int]] = field(default_factory=list)
    regions: list[tuple[str, int]] = field(default_factory=list)
    voices: list[tuple[str, int]] = field(default_factory=list)
    communities: list[tuple[str, int]] = field(default_factory=list)

    @classmethod
    def of(cls, quotes: Iterable[Quote]) -> Breakdown:
        professions: Counter[str] = Counter()
        regions: Counter[str] = Counter()
        voices: Counter[str] = Counter()
        communities: Counter[str] = Counter()
        for quote in quotes:
            professions[quote.profession] += 1
            regions[quote.region] += 1
            voices[quote.voice] += 1
            communities[quote.community] += 1

        def ordered(counter: Counter[str]) -> list[tuple[str, int]]:
            return sorted(counter.items(), key=lambda item: (item[0] == UNKNOWN, -item[1], item[0]))

        return cls(ordered(professions), ordered(regions), ordered(voices), ordered(communities))


@dataclass
class BriefTheme:
    id: int
    label: str
    description: str
    size: int
    share: int
    urgent: bool
    confidence: float
    low_confidence: int
    quotes: list[Quote]
    dissent: list[Quote]
    dissent_count: int
    breakdown: Breakdown
    response: Response | None
    members: list[Quote] = field(repr=False, default_factory=list)


@dataclass
class Brief:
    ask: Ask
    synthesis: Synthesis | None
    generated_at: datetime.datetime
    insight_count: int
    themes: list[BriefTheme]
    minority: list[Quote]
    minority_count: int
    low_confidence: int
    breakdown: Breakdown
    redactions: int
    flagged: int
    unplaced: list[Quote] = field(default_factory=list)

    @property
    def placed_count(self) -> int:
        return sum(theme.size for theme in self.themes)


def _label(choices: dict[str, str], value: str) -> str:
    return choices.get(value, UNKNOWN) if value else UNKNOWN


PROFESSIONS = dict(Profession.choices)
REGIONS = dict(Region.choices)
VOICES: dict[str, str] = {Voice.LAY.value: "Lay voice", Voice.PROFESSIONAL.value: "Professional voice"}
LEVELS = {"low": "Low", "medium": "Medium", "high": "High"}


def build(ask: Ask, synthesis: Synthesis | None) -> Brief:
    """Assemble the brief: themes by urgency then weight, de-identified quotes, dissent, minority views."""
    names = deidentify.known_names(ask)
    placements = (
        list(
            Placement.objects.filter(synthesis=synthesis)
            .select_related("insight__community", "insight__gathering")
            .order_by("rank", "insight_id")
        )
        if synthesis is not None
        else []
    )
    themes = list(synthesis.themes.all()) if synthesis is not None else []
    responses = {r.theme_id: r for r in Response.objects.filter(theme__in=themes).select_related("owner")}
    quotes: dict[int, Quote] = {}
    redactions = 0
    for placement in placements:
        insight = placement.insight
        shared = deidentify.wording(insight, names)
        redactions += len(shared.flags)
        gathering = insight.gathering
        quotes[insight.pk] = Quote(
            insight_id=insight.pk,
            text=shared.text,
            community=insight.community.name,
            gathering=gathering.title if gathering is not None else "",
            gathering_date=timezone.localdate(gathering.starts_at) if gathering is not None else None,
            region=_label(REGIONS, insight.region),
            profession=_label(PROFESSIONS, insight.profession),
            voice=_label(VOICES, insight.voice),
            urgency=LEVELS.get(insight.urgency, UNKNOWN),
            confidence=placement.confidence,
            redactions=len(shared.flags),
            low_confidence=placement.low_confidence,
            dissent=placement.dissent,
        )
    by_theme: dict[int, list[Placement]] = {}
    minority: list[Quote] = []
    for placement in placements:
        if placement.theme_id is None:
            minority.append(quotes[placement.insight_id])
        else:
            by_theme.setdefault(placement.theme_id, []).append(placement)
    placed_total = sum(len(members) for members in by_theme.values()) or 1
    brief_themes = []
    for theme in themes:
        members = by_theme.get(theme.pk, [])
        member_quotes = [quotes[p.insight_id] for p in members]
        dissent = [quotes[p.insight_id] for p in members if p.dissent]
        representatives = [quotes[p.insight_id] for p in members if not p.dissent][:REPRESENTATIVES]
        brief_themes.append(
            BriefTheme(
                id=theme.pk,
                label=theme.label,
                description=theme.description,
                size=len(members),
                share=round(100 * len(members) / placed_total),
                urgent=theme.urgent,
                confidence=sum(p.confidence for p in members) / len(members) if members else 0.0,
                low_confidence=sum(1 for p in members if p.low_confidence),
                quotes=representatives,
                dissent=dissent[:MAX_DISSENT],
                dissent_count=len(dissent),
                breakdown=Breakdown.of(member_quotes),
                response=responses.get(theme.pk),
                members=member_quotes,
            )
        )
    brief_themes.sort(key=lambda t: (not t.urgent, -t.size, t.label.lower()))
    return Brief(
        ask=ask,
        synthesis=synthesis,
        generated_at=timezone.now(),
        insight_count=len(placements),
        themes=brief_themes,
        minority=minority[:MAX_MINORITY],
        minority_count=len(minority),
        low_confidence=sum(1 for p in placements if p.low_confidence),
        breakdown=Breakdown.of(quotes.values()),
        redactions=redactions,
        flagged=sum(1 for quote in quotes.values() if quote.redactions),
        unplaced=minority,
    )


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


CSV_HEADER = [
    "theme", "theme urgent", "theme size", "response", "insight", "in theme with confidence", "low confidence",
    "dissent", "minority view", "community", "gathering", "gathering date", "region", "profession", "voice",
    "urgency",
]  # fmt: skip


def to_csv(brief: Brief) -> str:
    """Write every insight of the brief as one row: theme, de-identified wording, provenance."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)

    def row(theme: BriefTheme | None, quote: Quote) -> list[str]:
        response = theme.response.get_status_display() if theme is not None and theme.response else ""
        return [
            _cell(v)
            for v in (
                theme.label if theme else "",
                ("yes" if theme.urgent else "no") if theme else "",
                theme.size if theme else "",
                response,
                quote.text,
                f"{quote.confidence:.2f}",
                "yes" if quote.low_confidence else "no",
                "yes" if quote.dissent else "no",
                "no" if theme else "yes",
                quote.community,
                quote.gathering,
                quote.gathering_date.isoformat() if quote.gathering_date else "",
                quote.region,
                quote.profession,
                quote.voice,
                quote.urgency,
            )
        ]

    for theme in brief.themes:
        for quote in theme.members:
            writer.writerow(row(theme, quote))
    for quote in brief.unplaced:
        writer.writerow(row(None, quote))
    return out.getvalue()
