"""The identifiability check for a story: what in it could identify someone, field by field.

The finding itself is ``groundswell.lib.identifiability``; this module decides what a story is
checked against. Names are those of the people in Groundswell who share a community with the
teller (for a teller without an account, the members of the story's community), because those
are the people a reader could recognise. Places are the small places in
``groundswell.stories.places``. The story's own "place" field is checked with the whole story:
a small place there and a condition anywhere in the text are a rare detail together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from groundswell.communities.models import Membership
from groundswell.lib.identifiability import Flag, conditions_in, find_identifiers, redact
from groundswell.people.models import Person
from groundswell.stories.models import CONTENT_FIELDS, Story
from groundswell.stories.places import SMALL_PLACES

FIELD_LABELS = {
    "title": "Title",
    "what_happened": "What happened",
    "what_changed": "What changed",
    "why_it_matters": "Why it matters",
    "period": "When",
    "place": "Where",
}


@dataclass(frozen=True)
class FieldFlag:
    """A finding in one field of a story; ``id`` names it for as long as the text is unchanged."""

    field: str
    flag: Flag

    @property
    def id(self) -> str:
        return f"{self.field}:{self.flag.start}:{self.flag.end}"

    @property
    def field_label(self) -> str:
        return FIELD_LABELS[self.field]


def known_names(story: Story) -> list[str]:
    """Names of the people a reader of the story could recognise."""
    if story.teller_id is not None:
        communities = Membership.objects.active().filter(person_id=story.teller_id).values("community_id")
    else:
        communities = [story.community_id]  # type: ignore[assignment]
    names = set(
        Person.objects.filter(memberships__status="active", memberships__community_id__in=communities)
        .order_by()
        .values_list("display_name", flat=True)
        .distinct()
    )
    if story.teller_name:
        names.add(story.teller_name)
    return sorted(names)


def _small_place_in(text: str) -> str | None:
    for place in SMALL_PLACES:
        if re.search(rf"(?<!\w){re.escape(place)}(?!\w)", text):
            return place
    return None


def flags_for(story: Story, *, names: list[str] | None = None) -> list[FieldFlag]:
    """Everything in the story that could identify someone, field by field, in reading order."""
    names = known_names(story) if names is None else names
    found: list[FieldFlag] = []
    for field in CONTENT_FIELDS:
        text = getattr(story, field)
        if field == "place" or not text:
            continue
        found.extend(FieldFlag(field, flag) for flag in find_identifiers(text, known_names=names, places=SMALL_PLACES))
    place_flags = [FieldFlag("place", flag) for flag in find_identifiers(story.place, known_names=names)]
    if not place_flags and story.place and (place := _small_place_in(story.place)):
        text = " ".join(str(getattr(story, field)) for field in CONTENT_FIELDS if field != "place")
        conditions = conditions_in(text)
        if conditions:
            message = (
                f"“{place}” with “{conditions[0]}” in the story could identify someone: in a small place few"
                " people share a condition."
            )
            found.append(FieldFlag("place", Flag("rare_detail", 0, len(story.place), story.place, message)))
    found.extend(place_flags)
    order = {field: index for index, field in enumerate(CONTENT_FIELDS)}
    found.sort(key=lambda item: (order[item.field], item.flag.start))
    return found


def redacted_fields(story: Story, chosen: list[FieldFlag]) -> dict[str, str]:
    """Return the new text of each field that loses something, with the chosen flags removed."""
    by_field: dict[str, list[Flag]] = {}
    for item in chosen:
        by_field.setdefault(item.field, []).append(item.flag)
    return {field: redact(getattr(story, field), flags) for field, flags in by_field.items()}


def segments(text: str, flags: list[Flag]) -> list[tuple[str, Flag | None]]:
    """Split text into runs, each either plain or exactly one flagged span, for highlighting."""
    runs: list[tuple[str, Flag | None]] = []
    position = 0
    for flag in sorted(flags, key=lambda flag: flag.start):
        if flag.start < position:
            continue
        if flag.start > position:
            runs.append((text[position : flag.start], None))
        runs.append((text[flag.start : flag.end], flag))
        position = flag.end
    if position < len(text):
        runs.append((text[position:], None))
    return runs
