"""Template tags that put the centre's asks on community and gathering pages.

The communities and gatherings apps sit below consultations and never import it; their
templates load these tags instead (templates are not imports).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from groundswell.communities.models import Community, Membership, Role
from groundswell.consultations import access
from groundswell.consultations.models import Ask, AskBriefing
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
