"""Template tags that put the centre's asks on community and gathering pages.

The communities and gatherings apps sit below consultations and never import it; their
templates load these tags instead (templates are not imports).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from groundswell.communities.models import Community, Membership, Role
from groundswell.consultations import access
from groundswell.consultations.models import Ask, AskBriefing, AskStatus
from groundswell.gatherings.models import Gathering

register = template.Library()

ASKS_SHOWN = 5


@register.inclusion_tag("consultations/includes/community_asks.html", takes_context=True)
def asks_for(context: template.Context, community: Community) -> dict[str, Any]:
    """The newest asks sent to the community, with the links its members and centre need."""
    request = context["request"]
    viewer = request.user if request.user.is_authenticated else None
    membership: Membership | None = context.get("membership")
    asks = list(Ask.objects.sent_to(community.pk)[: ASKS_SHOWN + 1])
    today = timezone.localdate()
    is_centre = membership is not None and (
        membership.role == Role.SPONSOR or access.has_centre_role(community, viewer)
    )
    return {
        "community": community,
        "asks": [(ask, ask.is_open(today)) for ask in asks[:ASKS_SHOWN]],
        "more": len(asks) > ASKS_SHOWN,
        "is_member": membership is not None,
        "is_convenor": membership is not None and membership.role == Role.CONVENOR,
        "is_centre": is_centre,
        "closed": community.is_closed,
    }


@register.inclusion_tag("consultations/includes/gathering_asks.html", takes_context=True)
def gathering_asks(context: template.Context, gathering: Gathering) -> dict[str, Any]:
    """The asks on a gathering's agenda, and (for organisers) turning its notes into insights."""
    briefings = AskBriefing.objects.filter(agenda_item__gathering=gathering).select_related("ask")
    return {
        "gathering": gathering,
        "asks": [b.ask for b in briefings.order_by("agenda_item__position")],
        "is_organiser": bool(context.get("is_organiser")),
    }


def _may_capture(context: template.Context, community: Community, viewer: Any) -> bool:
    """Convenors and the centre (sponsors, and members granted it) may send things to the centre.

    The page's own membership of the viewer is used when it has one, to save a query.
    """
    if viewer is None or not viewer.is_authenticated:
        return False
    membership = context.get("membership", _NOT_GIVEN)
    if membership is _NOT_GIVEN:
        membership = Membership.objects.active().filter(community=community, person=viewer).first()
    if not isinstance(membership, Membership):
        return False
    if membership.role in (Role.CONVENOR, Role.SPONSOR):
        return True
    return access.has_centre_role(community, viewer)


_NOT_GIVEN = object()


def _open_asks(community_id: int) -> list[Ask]:
    return list(
        Ask.objects.filter(communities=community_id).exclude(status=AskStatus.CLOSED).order_by("-created_at", "-id")
    )


@register.inclusion_tag("consultations/includes/capture_form.html", takes_context=True)
def capture_post_form(context: template.Context, thread: Any, posts: Any) -> dict[str, Any]:
    """For the community's convenors and centre: send a post of this conversation to the centre."""
    request = context["request"]
    viewer = request.user if request.user.is_authenticated else None
    if not _may_capture(context, thread.community, viewer):
        return {"show": False}
    choices = [(p.pk, f"{p.author.display_name if p.author else 'Former member'}: {p.body[:60]}") for p in posts]
    return {
        "show": True,
        "action": reverse("consultations:capture_post"),
        "items": choices,
        "item_label": "Which post",
        "asks": _open_asks(thread.community_id),
        "what": "post",
    }


@register.inclusion_tag("consultations/includes/capture_form.html", takes_context=True)
def capture_story_form(context: template.Context, story: Any) -> dict[str, Any]:
    """For the community's convenors and centre: send a story to the centre, if its consent allows."""
    request = context["request"]
    viewer = request.user if request.user.is_authenticated else None
    if not _may_capture(context, story.community, viewer):
        return {"show": False}
    return {
        "show": True,
        "action": reverse("consultations:capture_story"),
        "items": [(story.pk, story.title)],
        "item_label": "Story",
        "asks": _open_asks(story.community_id),
        "what": "story",
    }
