"""Template tags that let other apps' pages show community facts without importing them."""

from __future__ import annotations

from typing import Any

from django import template

from groundswell.communities.models import Community, Membership
from groundswell.people.models import Person

register = template.Library()


@register.inclusion_tag("communities/includes/person_memberships.html")
def person_memberships(viewer: Person, person: Person) -> dict[str, Any]:
    """List the communities a person belongs to, as far as the viewer may know them.

    Hidden communities (private and confidential) appear only to their fellow members, so
    a Chatham House membership is never shown beyond the room.
    """
    visible = Community.objects.visible_to(viewer).values("pk")
    memberships = (
        Membership.objects.active()
        .filter(person=person, community__in=visible)
        .select_related("community")
        .order_by("community__name")
    )
    alumni = (
        Membership.objects.alumni()
        .filter(person=person, community__in=visible)
        .select_related("community")
        .order_by("-left_at")
    )
    return {"memberships": memberships, "alumni": alumni, "person": person}
