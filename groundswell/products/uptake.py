"""The uptake ladder of one product, and the time to uptake across a community's products.

The ladder is seen < discussed < cited < endorsed < adopted (evaluation.md §8, after Brown and
Duguid's social life of documents). Each kind of life event reaches one rung
(``models.RUNG_OF_KIND``); a product stands on the highest rung its verified events reach.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Min, Q

from groundswell.lib.dates import DatePrecision, describe
from groundswell.products.models import RUNG_OF_KIND, UPTAKE_KINDS, DownloadMonth, LifeEvent, Product, Rung


@dataclass(frozen=True)
class Step:
    """One rung of a product's ladder: whether and when it was first reached, and by how many events."""

    rung: int
    label: str
    reached_on: datetime.date | None
    precision: str
    events: int
    # Reached only by reports still waiting for a convenor to verify them.
    reported: bool

    @property
    def reached(self) -> bool:
        return self.reached_on is not None

    @property
    def when(self) -> str:
        return describe(self.reached_on, self.precision) if self.reached_on else ""


def ladder(product: Product, *, include_unverified: bool) -> list[Step]:
    """The five rungs, each with the date of the first verified event that reached it (two queries).

    Downloads counted on the share page reach "seen" in the month of the first one. With
    ``include_unverified``, rungs reached only by unverified reports are marked as reported.
    """
    rows = (
        LifeEvent.objects.filter(product=product, kind__in=list(RUNG_OF_KIND))
        .order_by("occurred_on", "id")
        .values_list("kind", "occurred_on", "date_precision", "verified")
    )
    first: dict[int, tuple[datetime.date, str]] = {}
    counts: dict[int, int] = {}
    reported: set[int] = set()
    for kind, day, precision, verified in rows:
        rung = RUNG_OF_KIND[kind]
        if not verified:
            reported.add(rung)
            continue
        counts[rung] = counts.get(rung, 0) + 1
        first.setdefault(rung, (day, precision))
    downloads = DownloadMonth.objects.filter(product=product, count__gt=0).aggregate(first=Min("month"))["first"]
    if downloads is not None and (Rung.SEEN not in first or downloads < first[Rung.SEEN][0]):
        first[Rung.SEEN] = (downloads, DatePrecision.MONTH)
    steps = []
    for rung in (Rung.SEEN, Rung.DISCUSSED, Rung.CITED, Rung.ENDORSED, Rung.ADOPTED):
        found = first.get(rung)
        reached_on = found[0] if found is not None else None
        precision = found[1] if found is not None else DatePrecision.DAY
        steps.append(
            Step(
                rung=rung,
                label=Rung(rung).label,
                reached_on=reached_on,
                precision=precision,
                events=counts.get(rung, 0),
                reported=reached_on is None and include_unverified and rung in reported,
            )
        )
    return steps


def highest_reported(steps: Iterable[Step]) -> int:
    """The highest rung reached counting unverified reports too (for "reported: adopted")."""
    return max((s.rung for s in steps if s.reached or s.reported), default=Rung.NONE)


@dataclass(frozen=True)
class CommunityUptake:
    """Time to uptake across a community's products (docs/subsystems/products.md)."""

    published: int
    taken_up: int
    median_days: float | None
    by_rung: dict[int, int]

    @property
    def median_text(self) -> str:
        if self.median_days is None:
            return ""
        days = self.median_days
        if days >= 60:
            return f"{days / 30.44:.0f} months"
        return f"{days:.0f} day{'s' if days != 1 else ''}"

    @property
    def rungs(self) -> list[tuple[str, int]]:
        return [(Rung(r).label, self.by_rung.get(r, 0)) for r in Rung]


def community_uptake(community_id: int) -> CommunityUptake:
    """Count the community's products by rung, and the median time to uptake (two queries).

    Time to uptake (evaluation.md §10.15, "median lag from publication to the first cited_policy
    or adopted event"): for each of the community's published products with at least one
    verified policy citation or adoption, the days from its first publication to the earliest
    such event; an event dated before publication counts as 0 days. Approximate dates count
    from the first day of their month or year. The median is the middle value, or the mean of
    the two middle values (``statistics.median``). Products not yet cited or adopted are left
    out, so while many are still waiting the median understates the typical wait.
    """
    products = Product.objects.filter(communities=community_id)
    by_rung = dict(products.order_by().values_list("rung").annotate(n=Count("id")).values_list("rung", "n"))
    rows = (
        products.filter(published_on__isnull=False)
        .annotate(first=Min("events__occurred_on", filter=Q(events__verified=True, events__kind__in=UPTAKE_KINDS)))
        .values_list("published_on", "first")
    )
    published = 0
    lags = []
    for published_on, first in rows:
        published += 1
        if first is not None:
            lags.append(max(0, (first - published_on).days))
    return CommunityUptake(
        published=published,
        taken_up=len(lags),
        median_days=statistics.median(lags) if lags else None,
        by_rung=by_rung,
    )
