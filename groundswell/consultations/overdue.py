"""What the centre owes: themes and unsolicited insights still without a response.

A theme is due ``ask.response_days`` after its synthesis was published; an insight sent without
an ask is due ``DEFAULT_RESPONSE_DAYS`` after it arrived. Past that day, it is overdue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from groundswell.consultations import access
from groundswell.consultations.models import DEFAULT_RESPONSE_DAYS, Ask, Insight, Theme
from groundswell.people.models import Person


@dataclass(frozen=True)
class Owed:
    """One item waiting for the centre's response."""

    kind: str  # "theme" or "insight"
    id: int
    label: str
    ask: Ask | None
    community_name: str
    due: datetime.date
    days_overdue: int
    url: str
    respond_url: str


def owed_items(person: Person, now: datetime.datetime | None = None, *, only_overdue: bool = True) -> list[Owed]:
    """Return what the person, as the centre, owes a response to; the most overdue first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    centre_ids = access.centre_community_ids(person)
    asks = Ask.objects.filter(Q(created_by=person) | Q(communities__in=centre_ids)).values("pk")
    themes = (
        Theme.objects.filter(
            synthesis__ask__in=asks,
            synthesis__published_at__isnull=False,
            member_count__gt=0,
            response__isnull=True,
        )
        .select_related("synthesis__ask")
        .order_by("synthesis__published_at", "pk")
    )
    items = []
    for theme in themes:
        ask = theme.synthesis.ask
        published = theme.synthesis.published_at
        assert published is not None
        due = timezone.localdate(published) + datetime.timedelta(days=ask.response_days)
        items.append(
            Owed(
                "theme", theme.pk, theme.label, ask, "", due, (today - due).days,
                theme.get_absolute_url(), f"/themes/{theme.pk}/response/",
            )
        )  # fmt: skip
    insights = (
        Insight.objects.filter(ask__isnull=True, community_id__in=centre_ids, response__isnull=True)
        .select_related("community")
        .order_by("created_at", "pk")
    )
    for insight in insights:
        due = timezone.localdate(insight.created_at) + datetime.timedelta(days=DEFAULT_RESPONSE_DAYS)
        items.append(
            Owed(
                "insight", insight.pk, str(insight), None, insight.community.name, due, (today - due).days,
                insight.get_absolute_url(), f"/insights/{insight.pk}/response/",
            )
        )  # fmt: skip
    if only_overdue:
        items = [item for item in items if item.days_overdue > 0]
    return sorted(items, key=lambda item: (-item.days_overdue, item.kind, item.id))


def overdue_items(person: Person, now: datetime.datetime | None = None) -> list[Owed]:
    """Return the items past their response date."""
    return owed_items(person, now, only_overdue=True)
