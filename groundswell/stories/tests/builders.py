"""Builders for story tests."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from groundswell.communities.models import Community
from groundswell.people.models import Person
from groundswell.stories import actions
from groundswell.stories.models import Naming, Story, Use


def terms(
    *uses: str, naming: str = Naming.NAMED, pseudonym: str = "", expires_on: datetime.date | None = None
) -> actions.ConsentTerms:
    return actions.ConsentTerms(uses=frozenset(uses), naming=naming, pseudonym=pseudonym, expires_on=expires_on)


def make_story(
    community: Community,
    teller: Person,
    *,
    uses: Iterable[str] = (Use.COMMUNITY,),
    naming: str = Naming.NAMED,
    pseudonym: str = "",
    expires_on: datetime.date | None = None,
    **fields: Any,
) -> Story:
    """Tell a plain story (nothing in it to flag, so it is checked at once) with the given consent.

    With ``by=`` someone else (a convenor), they record it for the teller.
    """
    fields.setdefault("title", "The ward that asked")
    fields.setdefault("what_happened", "We started asking people on the ward what mattered to them.")
    fields.setdefault("what_changed", "Handover moved to the bedside.")
    fields.setdefault("why_it_matters", "People felt heard.")
    by = fields.pop("by", teller)
    if by != teller:
        fields.update(teller=teller, how_given=fields.get("how_given", "By phone, read back to them"))
    return actions.tell_story(
        community, by=by, terms=terms(*uses, naming=naming, pseudonym=pseudonym, expires_on=expires_on), **fields
    )
