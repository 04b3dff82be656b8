"""The personal data gatherings hold: registrations (with the name, email and access needs given),
and calendar feeds. Registered with people.personal_data in GatheringsConfig.ready()."""

from __future__ import annotations

from typing import Any

from groundswell.gatherings.models import CalendarFeed, Registration
from groundswell.people.models import Person


def export(person: Person) -> list[dict[str, Any]]:
    """Every gathering the person was invited to or registered for, with their answers."""
    rows = Registration.objects.filter(person=person).select_related("gathering").order_by("created_at", "id")
    return [
        {
            "gathering": r.gathering.title,
            "starts_at": r.gathering.starts_at.isoformat(),
            "email": r.email,
            "name": r.name,
            "status": r.status,
            "invited_as": r.invitee,
            "access_needs": r.access_needs,
            "attended": r.attended,
        }
        for r in rows
    ]


def erase(person: Person) -> None:
    """Keep that someone came (the gatherings' counts still add up) but not who they were."""
    Registration.objects.filter(person=person).update(
        email=f"erased-{person.pk}@erased.invalid", name="Former member", access_needs=""
    )
    CalendarFeed.objects.filter(person=person).delete()
