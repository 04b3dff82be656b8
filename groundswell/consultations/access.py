"""Who may see and do what with asks, insights, syntheses and responses.

Views and the API obtain these objects only here. Outsiders get 404 (an ask is as visible as
the communities it was sent to); people who can see a thing but lack the role get 403.

The roles:

- **the centre of a community**: its sponsors, and members a convenor granted the capacity
  (``CentreGrant``), while they are active members. They send asks to the community.
- **the centre of an ask**: whoever sent it, and the centre of any community it was sent to.
  They record responses and may name expected themes.
- **stewards of an ask**: its centre and the convenors of the communities it was sent to. They
  see every insight, see and edit the synthesis before it is published, check the brief and
  publish it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.http import Http404

from groundswell.communities import access as community_access
from groundswell.communities.models import Community, Membership, Role
from groundswell.consultations.models import Ask, CentreGrant, Insight, Synthesis, Theme
from groundswell.gatherings import access as gathering_access
from groundswell.gatherings.models import Gathering
from groundswell.lib.http import Forbidden
from groundswell.people.models import Person


def _signed_in(person: Person | None) -> bool:
    return person is not None and person.is_authenticated


def centre_community_ids(person: Person | None, among: Iterable[int] | None = None) -> set[int]:
    """Return the ids of communities where the person holds the centre capacity."""
    if not _signed_in(person):
        return set()
    memberships = Membership.objects.active().filter(person=person)
    if among is not None:
        memberships = memberships.filter(community_id__in=list(among))
    granted = CentreGrant.objects.filter(person=person).values("community_id")
    rows = memberships.filter(Q(role=Role.SPONSOR) | Q(community_id__in=granted)).values_list("community_id", flat=True)
    return set(rows)


def has_centre_role(community: Community, person: Person | None) -> bool:
    """Sponsors, and members granted the capacity by a convenor, are the community's centre."""
    return bool(centre_community_ids(person, among=[community.pk]))


def _asked_ids(ask: Ask) -> list[int]:
    # Cached on the instance: several rules read it in one request.
    cached: list[int] | None = getattr(ask, "_asked_ids", None)
    if cached is None:
        cached = list(ask.communities.values_list("pk", flat=True))
        ask._asked_ids = cached  # type: ignore[attr-defined]
    return cached


def is_centre_for(ask: Ask, person: Person | None) -> bool:
    """The person sent the ask, or holds the centre capacity in a community it was sent to."""
    if not _signed_in(person):
        return False
    assert person is not None
    if ask.created_by_id == person.pk:
        return True
    return bool(centre_community_ids(person, among=_asked_ids(ask)))


def convenes_asked(ask: Ask, person: Person | None) -> bool:
    """The person convenes a community the ask was sent to."""
    if not _signed_in(person):
        return False
    return (
        Membership.objects.active().filter(person=person, role=Role.CONVENOR, community_id__in=_asked_ids(ask)).exists()
    )


def is_steward(ask: Ask, person: Person | None) -> bool:
    """The ask's centre, and the convenors of the communities it was sent to."""
    return is_centre_for(ask, person) or convenes_asked(ask, person)


def member_community_ids(ask: Ask, person: Person | None) -> set[int]:
    """Return the communities the ask was sent to in which the person is an active member."""
    if not _signed_in(person):
        return set()
    rows = Membership.objects.active().filter(person=person, community_id__in=_asked_ids(ask))
    return set(rows.values_list("community_id", flat=True))


def get_ask_for_viewer(person: Person | None, ask_id: int) -> Ask:
    """Return an ask the person may see; 404 if it went only to communities hidden from them."""
    ask = Ask.objects.select_related("created_by").filter(pk=ask_id).first()
    if ask is None:
        raise Http404("No such ask")
    if _signed_in(person) and ask.created_by_id == person.pk:  # type: ignore[union-attr]
        return ask
    if not Ask.objects.filter(pk=ask.pk).visible_to(person).exists():
        raise Http404("No such ask")
    return ask


def get_ask_for_centre(person: Person, ask_id: int) -> Ask:
    """Return an ask the person is the centre of; 403 for others who can see it."""
    ask = get_ask_for_viewer(person, ask_id)
    if not is_centre_for(ask, person):
        raise Forbidden("Only the centre that sent this ask can do this.")
    return ask


def get_ask_for_steward(person: Person, ask_id: int) -> Ask:
    """Return an ask the person stewards (its centre or a convenor it was sent to); 403 for others."""
    ask = get_ask_for_viewer(person, ask_id)
    if not is_steward(ask, person):
        raise Forbidden("Only the centre and the convenors of the communities asked can do this.")
    return ask


def get_ask_for_contributor(person: Person, ask_id: int) -> tuple[Ask, list[Community]]:
    """Return an ask and the asked communities the person belongs to; 403 if they belong to none."""
    ask = get_ask_for_viewer(person, ask_id)
    ids = member_community_ids(ask, person)
    if not ids:
        raise Forbidden("Only members of the communities asked can answer.")
    return ask, list(Community.objects.filter(pk__in=ids).order_by("name"))


def can_see_synthesis(ask: Ask, synthesis: Synthesis | None, person: Person | None) -> bool:
    """Published syntheses are seen by everyone who sees the ask; others by its stewards only."""
    if synthesis is not None and synthesis.is_published:
        return True
    return is_steward(ask, person)


def get_synthesis_for_viewer(person: Person | None, ask_id: int) -> tuple[Ask, Synthesis | None]:
    """Return the ask and its synthesis (None before the first); 403 while unpublished, for non-stewards."""
    ask = get_ask_for_viewer(person, ask_id)
    synthesis = Synthesis.objects.filter(ask=ask).first()
    if not can_see_synthesis(ask, synthesis, person):
        raise Forbidden("The synthesis is seen by the centre and the convenors until it is published.")
    return ask, synthesis


def get_theme_for_viewer(person: Person | None, theme_id: int) -> Theme:
    """Return a theme of a synthesis the person may see."""
    theme = Theme.objects.select_related("synthesis", "synthesis__ask").filter(pk=theme_id).first()
    if theme is None:
        raise Http404("No such theme")
    ask = get_ask_for_viewer(person, theme.synthesis.ask_id)
    if not can_see_synthesis(ask, theme.synthesis, person):
        raise Forbidden("The synthesis is seen by the centre and the convenors until it is published.")
    theme.synthesis.ask = ask
    return theme


def get_theme_for_steward(person: Person, theme_id: int) -> Theme:
    """Return a theme the person may edit (a steward of its ask)."""
    theme = get_theme_for_viewer(person, theme_id)
    if not is_steward(theme.synthesis.ask, person):
        raise Forbidden("Only the centre and the convenors of the communities asked can change themes.")
    return theme


def get_theme_for_centre(person: Person, theme_id: int) -> Theme:
    """Return a theme the person may respond to (the centre of its ask)."""
    theme = get_theme_for_viewer(person, theme_id)
    if not is_centre_for(theme.synthesis.ask, person):
        raise Forbidden("Only the centre that sent the ask can respond.")
    return theme


def can_see_insight(insight: Insight, person: Person | None) -> bool:
    """Stewards of its ask (or the centre of its community, if unsolicited), its author, and
    members of the community it came from."""
    if not _signed_in(person):
        return False
    assert person is not None
    if insight.author_id == person.pk:
        return True
    if Membership.objects.active().filter(person=person, community_id=insight.community_id).exists():
        return True
    if insight.ask is not None:
        return is_steward(insight.ask, person)
    return False


def get_insight_for_viewer(person: Person | None, insight_id: int) -> Insight:
    """Return an insight the person may see; 404 for everyone else (insights are never public)."""
    insight = (
        Insight.objects.select_related("ask", "community", "gathering", "author", "recorded_by")
        .filter(pk=insight_id)
        .first()
    )
    if insight is None or not can_see_insight(insight, person):
        raise Http404("No such insight")
    return insight


def can_respond_to_insight(insight: Insight, person: Person | None) -> bool:
    """The centre of the ask, or of the community for an unsolicited insight."""
    if insight.ask is not None:
        return is_centre_for(insight.ask, person)
    return bool(centre_community_ids(person, among=[insight.community_id]))


def get_insight_for_centre(person: Person, insight_id: int) -> Insight:
    """Return an insight the person may respond to; 403 for others who can see it."""
    insight = get_insight_for_viewer(person, insight_id)
    if not can_respond_to_insight(insight, person):
        raise Forbidden("Only the centre can respond to an insight.")
    return insight


def insights_for_viewer(ask: Ask, person: Person | None) -> tuple[bool, Q]:
    """Return (steward?, condition) selecting the ask's insights the person may see."""
    if is_steward(ask, person):
        return True, Q()
    if not _signed_in(person):
        return False, Q(pk__in=[])
    return False, Q(community_id__in=member_community_ids(ask, person)) | Q(author=person)


def get_gathering_for_capture(person: Person, gathering_id: int) -> Gathering:
    """Return a gathering whose notes and feedback the person may turn into insights (its organisers)."""
    return gathering_access.get_gathering_for_organiser(person, gathering_id)


def get_community_for_centre_roles(person: Person, slug: str | int) -> Community:
    """Return a community whose centre capacity the person manages (its convenors)."""
    community, _ = community_access.get_community_for_convenor(person, slug)
    return community


def get_community_for_loop(person: Person | None, slug: str | int) -> Community:
    """Return the community for its "we asked, you said, we did" page: as visible as the community."""
    community, _ = community_access.get_community_for_viewer(person, slug)
    return community
