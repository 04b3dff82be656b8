"""What may leave the community: each insight's shared wording, checked for identifying details.

The check (``groundswell.lib.identifiability``) flags names of people in the asked communities,
NHS numbers that pass the modulus-11 check, dates of birth, postcodes, phone numbers and email
addresses. Until a person has checked an insight's wording, every shared copy (the brief, its
PDF and CSV, published pages, the API) carries the automatically redacted text; a synthesis is
published only when no insight of its ask has unchecked flags.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from groundswell.communities.models import Membership
from groundswell.consultations.models import Ask, Insight
from groundswell.lib import identifiability
from groundswell.lib.identifiability import Flag

# Words as the identifiability check reads them: runs of letters, compared without case or accents.
_WORD = re.compile(r"[^\W\d_]+")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _tokens(text: str) -> set[str]:
    return {_fold(match.group()) for match in _WORD.finditer(text)}


@dataclass
class KnownNames:
    """The names to look for, indexed by their words.

    A national network has thousands of members, and the check reads every name it is given for
    every text; a name none of whose words appears in a text cannot be found in it, so each text
    is checked only against the names that share a word with it.
    """

    names: list[str]
    by_word: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.names:
            for token in _tokens(name):
                self.by_word.setdefault(token, []).append(name)

    def for_text(self, text: str) -> list[str]:
        """Return the names that share a word with ``text``."""
        found: dict[str, None] = {}
        for token in _tokens(text):
            for name in self.by_word.get(token, ()):
                found[name] = None
        return list(found)


def known_names(ask: Ask) -> KnownNames:
    """Names that would identify someone: members of the asked communities and the ask's contributors."""
    names = set(
        Membership.objects.active()
        .filter(community__in=ask.communities.all())
        .values_list("person__display_name", flat=True)
    )
    named = Insight.objects.filter(ask=ask)
    names.update(named.filter(author__isnull=False).values_list("author__display_name", flat=True))
    names.update(named.exclude(contributor_name="").values_list("contributor_name", flat=True))
    return KnownNames(sorted(name for name in names if name and name.strip()))


def flags_in(text: str, names: KnownNames) -> tuple[Flag, ...]:
    """Return what in ``text`` may identify someone."""
    return tuple(identifiability.find_identifiers(text, known_names=names.for_text(text)))


@dataclass(frozen=True)
class Wording:
    """An insight's wording as it may be shared, and the flags still redacted automatically."""

    text: str
    flags: tuple[Flag, ...]
    checked: bool


def wording(insight: Insight, names: KnownNames) -> Wording:
    """Return the wording to share: the checked wording, or the text with flagged parts redacted."""
    if insight.shared_checked_at is not None:
        return Wording(insight.shared_text or insight.text, (), True)
    flags = flags_in(insight.text, names)
    if not flags:
        return Wording(insight.text, (), False)
    return Wording(identifiability.redact(insight.text, flags), flags, False)


def unchecked_insights(ask: Ask, names: KnownNames | None = None) -> list[tuple[Insight, tuple[Flag, ...]]]:
    """Return the ask's insights whose text may identify someone and nobody has checked yet."""
    names = known_names(ask) if names is None else names
    pending = []
    rows = Insight.objects.for_ask(ask).filter(shared_checked_at__isnull=True).select_related("community", "gathering")
    for insight in rows:
        flags = flags_in(insight.text, names)
        if flags:
            pending.append((insight, flags))
    return pending


def label_flags(texts: Iterable[str], names: KnownNames) -> list[tuple[str, tuple[Flag, ...]]]:
    """Return the texts (theme labels, descriptions) that may identify someone, with their flags."""
    found = []
    for text in texts:
        flags = flags_in(text, names)
        if flags:
            found.append((text, flags))
    return found
