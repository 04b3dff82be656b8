"""Emails about gatherings, each in text and HTML with the gathering attached as an .ics file.

The attachment follows iTIP (RFC 5546): METHOD:REQUEST for invitations and reminders, so
calendar apps offer to add or update the event, and METHOD:CANCEL when it is called off. The
same UID and a raised SEQUENCE make apps update the event they already hold.
"""

from __future__ import annotations

import dataclasses
import zoneinfo
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.urls import reverse

from groundswell.gatherings import access
from groundswell.gatherings.calendar import event_for
from groundswell.gatherings.models import Gathering, Registration
from groundswell.lib import ical
from groundswell.lib.email import send_templated_email


def calendar_attachment(gathering: Gathering, *, method: str, show_joining_details: bool) -> tuple[str, str, str]:
    """Return the gathering as a (filename, content, mimetype) email attachment."""
    event = event_for(gathering, show_joining_details=show_joining_details)
    # iTIP requests and cancellations name an organiser; replies go to the site's address.
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event = dataclasses.replace(event, organiser_name=gathering.community.name, organiser_email=address)
    content = ical.calendar([event], name=gathering.title, method=method)
    return (f"gathering-{gathering.pk}.ics", content, f"text/calendar; method={method}")


def _context(registration: Registration, show_joining_details: bool) -> dict[str, Any]:
    gathering = registration.gathering
    zone = zoneinfo.ZoneInfo(gathering.time_zone)
    return {
        "registration": registration,
        "gathering": gathering,
        "starts_at": gathering.starts_at.astimezone(zone),
        "ends_at": gathering.ends_at.astimezone(zone),
        "gathering_url": settings.SITE_URL.rstrip("/") + reverse("gatherings:detail", args=[gathering.pk]),
        "show_joining_details": show_joining_details,
    }


def _send(
    template: str,
    registration: Registration,
    *,
    method: str,
    show_joining_details: bool,
    extra: dict[str, Any] | None = None,
) -> None:
    attachment = calendar_attachment(registration.gathering, method=method, show_joining_details=show_joining_details)
    send_templated_email(
        f"gatherings/email/{template}",
        [registration.email],
        {**_context(registration, show_joining_details), **(extra or {})},
        attachments=[attachment],
    )


def send_invitation(registration: Registration) -> None:
    """Invite someone to a gathering, with the event for their calendar."""
    show = access.can_see_joining_details(registration.gathering, registration.person)
    _send("gathering_invitation", registration, method="REQUEST", show_joining_details=show)


def send_cancellation(registration: Registration) -> None:
    """Tell someone a gathering is cancelled; the attachment removes it from their calendar."""
    _send("gathering_cancelled", registration, method="CANCEL", show_joining_details=False)


def send_reminder(registration: Registration) -> None:
    """Remind someone with a place that the gathering is a day away."""
    show = access.can_see_joining_details(registration.gathering, registration.person)
    _send("gathering_reminder", registration, method="REQUEST", show_joining_details=show)


# How a change is described in the email, in the order people care about.
CHANGE_LABELS = {
    "starts_at": "the start",
    "ends_at": "the end",
    "time_zone": "the time zone",
    "place": "the place",
    "joining_link": "the joining link",
    "format": "the format",
    "title": "the title",
}


def send_change(registration: Registration, changed: list[str]) -> None:
    """Tell someone what changed about a gathering; the attachment updates their calendar."""
    show = access.can_see_joining_details(registration.gathering, registration.person)
    # Someone without a place is told the place or link changed, not what it now is.
    labels = [label for name, label in CHANGE_LABELS.items() if name in changed]
    _send("gathering_changed", registration, method="REQUEST", show_joining_details=show, extra={"changes": labels})
