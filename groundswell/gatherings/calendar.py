"""Gatherings as iCalendar events (RFC 5545), for .ics files, feeds and emailed invitations."""

from __future__ import annotations

from django.conf import settings

from groundswell.gatherings.models import Gathering
from groundswell.lib.ical import CalendarEvent


def event_for(gathering: Gathering, *, show_joining_details: bool) -> CalendarEvent:
    """Describe a gathering as a calendar event.

    The place and joining link go only into calendars of people who may see them (those with a
    place, and organisers); everyone else's event says where to find them.
    """
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    location = ""
    if show_joining_details:
        location = ", ".join(part for part in (gathering.place, gathering.joining_link) if part)
    description = gathering.purpose
    if gathering.is_cancelled:
        description = f"Cancelled: {gathering.cancel_reason}\n\n{description}".strip()
    return CalendarEvent(
        uid=f"gathering-{gathering.pk}@{host}",
        sequence=gathering.sequence,
        start=gathering.starts_at,
        end=gathering.ends_at,
        summary=gathering.title,
        description=description,
        location=location,
        cancelled=gathering.is_cancelled,
        last_modified=gathering.updated_at,
    )
