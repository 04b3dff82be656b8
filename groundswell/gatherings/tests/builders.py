"""Builders for gathering tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from groundswell.communities.models import Community
from groundswell.gatherings import actions
from groundswell.gatherings.models import Gathering
from groundswell.people.models import Person


def make_gathering(community: Community, by: Person, *, days_ahead: int = 14, **fields: Any) -> Gathering:
    """Plan a two-hour gathering some days ahead."""
    starts_at = (timezone.now() + datetime.timedelta(days=days_ahead)).replace(microsecond=0)
    fields.setdefault("title", "Leads' day")
    return actions.schedule_gathering(
        community, by=by, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **fields
    )
