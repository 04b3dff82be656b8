from __future__ import annotations

import datetime

from django import template
from django.utils.safestring import SafeString

from groundswell.conversations import markdown
from groundswell.people.models import Person

register = template.Library()


@register.filter
def sanitised(html: str) -> SafeString:
    """Show stored post HTML, sanitised again on the way out (it was sanitised when written)."""
    return markdown.safe(html)


@register.filter
def name_of(person: Person | None) -> str:
    """A post's or thread's author as shown to readers."""
    return person.display_name if person is not None else "A former member"


@register.filter
def duration_words(value: datetime.timedelta) -> str:
    """A time span in words a person would use: "40 minutes", "5 hours", "3 days"."""
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = hours // 24
    return f"{days} days"
