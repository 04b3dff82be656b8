"""The personal data stories hold: the stories a person told. Registered with people.personal_data.

Erasure deletes them, with their consent records: a story is its teller's own account, and the
right to erasure includes it (withdrawal only hides a story; erasure removes it).
"""

from __future__ import annotations

from typing import Any

from groundswell.people.models import Person
from groundswell.stories.models import Story


def export(person: Person) -> list[dict[str, Any]]:
    """Every story the person told or had recorded for them, withdrawn ones included."""
    return [
        {
            "title": s.title,
            "community": s.community.name,
            "what_happened": s.what_happened,
            "what_changed": s.what_changed,
            "why_it_matters": s.why_it_matters,
            "period": s.period,
            "place": s.place,
            "told_at": s.created_at.isoformat(),
        }
        for s in Story.objects.told_by(person).select_related("community").order_by("created_at", "id")
    ]


def erase(person: Person) -> None:
    """Delete the person's stories (files of their own, consent records and checks go with them)."""
    Story.objects.told_by(person).delete()
