"""A product's life story: one timeline from idea through versions, gatherings, endorsements,
citations and adoptions, for the page and the CSV export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, Min
from django.utils import timezone

from groundswell.communities.models import Community
from groundswell.conversations.models import Thread
from groundswell.gatherings.models import Gathering
from groundswell.lib.dates import DatePrecision, describe, iso
from groundswell.people.models import Person
from groundswell.products.models import DownloadMonth, LifeEvent, Product, StageChange, Version, VersionComment
from groundswell.stories.models import Story

# Where an entry sits among others on the same day: the stage first, then what was made, then
# what happened to it.
What = Literal["born", "stage", "version", "released", "comments", "event", "downloads"]
ORDER: dict[What, int] = {"born": 0, "stage": 1, "version": 2, "released": 3, "comments": 4, "event": 5, "downloads": 6}


@dataclass(frozen=True)
class Entry:
    day: datetime.date
    precision: str
    what: What
    title: str
    detail: str = ""
    organisation: str = ""
    gathering: Gathering | None = None
    link: str = ""
    # None where verification does not apply (stages, versions, counts).
    verified: bool | None = None
    event: LifeEvent | None = None

    @property
    def when(self) -> str:
        return describe(self.day, self.precision)

    @property
    def iso(self) -> str:
        return iso(self.day, self.precision)


def visible_gatherings(person: Person | None, ids: set[int]) -> dict[int, Gathering]:
    """The gatherings among ``ids`` whose community the person can see."""
    if not ids:
        return {}
    rows = Gathering.objects.filter(pk__in=ids, community__in=Community.objects.visible_to(person)).only(
        "id", "title", "starts_at", "community_id"
    )
    return {g.pk: g for g in rows}


def timeline(product: Product, *, person: Person | None, full: bool) -> list[Entry]:
    """Every dated thing in the product's life, oldest first.

    ``full`` (people who read the whole record) adds drafts, comments and unverified reports;
    otherwise only released versions and verified events appear. Gatherings show only where
    the person can see their community.
    """
    entries: list[Entry] = []
    events = list(
        LifeEvent.objects.filter(product=product)
        .select_related("organisation")
        .order_by("occurred_on", "created_at", "id")
    )
    if not full:
        events = [e for e in events if e.verified]
    born = list(product.born_at.values_list("pk", flat=True))
    gatherings = visible_gatherings(person, {e.gathering_id for e in events if e.gathering_id} | set(born))
    for gathering_id in born:
        if gathering_id in gatherings:
            g = gatherings[gathering_id]
            day = timezone.localdate(g.starts_at)
            entries.append(Entry(day, DatePrecision.DAY, "born", f"Born at {g.title}", gathering=g))
    for change in StageChange.objects.filter(product=product).order_by("on", "id"):
        entries.append(Entry(change.on, change.precision, "stage", f"Stage: {change.get_stage_display()}", change.note))
    versions = Version.objects.filter(product=product).order_by("number")
    if not full:
        versions = versions.filter(released_on__isnull=False)
    for version in versions:
        if full:
            made = timezone.localdate(version.created_at)
            entries.append(
                Entry(made, DatePrecision.DAY, "version", f"Version {version.label} added", version.change_summary)
            )
        if version.released_on is not None:
            detail = "" if full else version.change_summary
            entries.append(
                Entry(version.released_on, DatePrecision.DAY, "released", f"Version {version.label} released", detail)
            )
    if full:
        comments = (
            VersionComment.objects.filter(version__product=product)
            .order_by()
            .values("version__number", "version__label")
            .annotate(first=Min("created_at"), n=Count("id"))
            .order_by("first", "version__number")
        )
        for row in comments:
            n = row["n"]
            title = f"{n} comment{'s' if n != 1 else ''} on {row['version__label']}"
            entries.append(Entry(timezone.localdate(row["first"]), DatePrecision.DAY, "comments", title))
    for event in events:
        entries.append(event_entry(event, gatherings.get(event.gathering_id) if event.gathering_id else None))
    for month in DownloadMonth.objects.filter(product=product, count__gt=0).order_by("month"):
        title = f"Downloaded {month.count} time{'s' if month.count != 1 else ''} from Groundswell"
        entries.append(Entry(month.month, DatePrecision.MONTH, "downloads", title))
    entries.sort(key=lambda e: (e.day, ORDER[e.what]))
    return entries


def event_entry(event: LifeEvent, gathering: Gathering | None) -> Entry:
    """A life event as a timeline entry; ``gathering`` only if the reader can see its community."""
    return Entry(
        event.occurred_on,
        event.date_precision,
        "event",
        _event_title(event, gathering),
        detail=event.evidence,
        organisation=event.actor,
        gathering=gathering,
        link=event.link,
        verified=event.verified,
        event=event,
    )


def recent_verified(product: Product, person: Person | None, limit: int) -> list[Entry]:
    """The newest verified life events, as entries (for the share page; two queries)."""
    events = list(
        LifeEvent.objects.filter(product=product, verified=True)
        .select_related("organisation")
        .order_by("-occurred_on", "-created_at", "-id")[:limit]
    )
    gatherings = visible_gatherings(person, {e.gathering_id for e in events if e.gathering_id})
    return [event_entry(e, gatherings.get(e.gathering_id) if e.gathering_id else None) for e in events]


def _event_title(event: LifeEvent, gathering: Gathering | None) -> str:
    title = event.headline
    if event.actor:
        title += f" by {event.actor}"
    if gathering is not None:
        title += f" at {gathering.title}"
    elif event.gathering_id:
        # A gathering of a community the reader cannot see: that there was one, not which.
        title += " at a gathering"
    elif event.venue:
        title += f" at {event.venue}"
    if event.audience_size:
        title += f" (audience of {event.audience_size})"
    if event.count:
        title += f" ({event.count} times)"
    return title


def visible_origin_threads(product: Product, viewer: Person | None) -> list[Thread]:
    """The conversations the product was born in that the viewer may open (listed, in a community they see)."""
    return list(
        Thread.objects.listed()
        .filter(products_born=product, community__in=Community.objects.visible_to(viewer))
        .order_by("created_at", "id")
    )


def visible_origin_stories(product: Product, viewer: Person | None) -> list[Story]:
    """The stories the product was born from that their tellers' consent lets the viewer read."""
    return list(Story.objects.visible_to(viewer).filter(products_born=product).order_by("created_at", "id"))
