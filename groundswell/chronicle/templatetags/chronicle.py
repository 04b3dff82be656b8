from __future__ import annotations

from django import template

from groundswell.chronicle import verbs

register = template.Library()


@register.filter
def activity_phrase(verb: str) -> str:
    """Describe an activity verb in plain language ("joined", "started the community")."""
    return verbs.describe(verb)
