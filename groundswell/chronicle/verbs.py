"""Plain-language phrases for the verbs in the activity stream.

Each app registers the phrases for the verbs it records (in its AppConfig.ready), so the
stream can be shown without the chronicle knowing about the apps above it.
"""

from __future__ import annotations

PHRASES: dict[str, str] = {}


def register(phrases: dict[str, str]) -> None:
    """Add phrases for an app's verbs, e.g. ``{"joined": "joined"}``."""
    PHRASES.update(phrases)


def describe(verb: str) -> str:
    """Return the phrase for a verb, or the verb in words if no app registered one."""
    return PHRASES.get(verb) or verb.replace("_", " ")
