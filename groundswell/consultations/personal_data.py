"""The personal data consultations hold: insights a person gave under their name, or that a
convenor recorded for them with their email. Registered with people.personal_data."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from groundswell.consultations.models import Insight
from groundswell.people.models import Person


def _theirs(person: Person) -> Q:
    return Q(author=person) | Q(contributor_email__iexact=person.email)


def export(person: Person) -> list[dict[str, Any]]:
    """The insights that name the person (anonymous ones name nobody, so cannot be found)."""
    rows = Insight.objects.filter(_theirs(person)).select_related("ask", "community").order_by("created_at", "id")
    return [
        {
            "ask": i.ask.title if i.ask else None,
            "community": i.community.name,
            "text": i.text,
            "given_at": i.created_at.isoformat(),
        }
        for i in rows
    ]


def erase(person: Person) -> None:
    """Keep what was said (the synthesis still adds up) as an anonymous insight."""
    Insight.objects.filter(_theirs(person)).update(
        author=None, recorded_by=None, contributor_name="", contributor_email="", anonymous=True
    )
