"""Who may see and manage a community. Views and the API obtain communities only here.

Outsiders get 404 for anything hidden from them (we never reveal that a private community
exists); people who can see a community but lack the role get 403.
"""

from __future__ import annotations

from django.http import Http404

from groundswell.communities.models import Community, Invitation, Membership, Privacy, Role
from groundswell.lib.http import Forbidden
from groundswell.people.models import Person

MANAGER_ROLES = frozenset({Role.CONVENOR})


def active_membership(community: Community, person: Person | None) -> Membership | None:
    """Return the person's current membership of the community, if any."""
    if person is None or not person.is_authenticated:
        return None
    return Membership.objects.active().filter(community=community, person=person).first()


def can_view(community: Community, person: Person | None, membership: Membership | None) -> bool:
    if community.privacy == Privacy.OPEN:
        return True
    if community.privacy == Privacy.RESTRICTED:
        return person is not None and person.is_authenticated
    return membership is not None


def get_community_for_viewer(person: Person | None, key: str | int) -> tuple[Community, Membership | None]:
    """Return the community and the viewer's membership; 404 if the viewer may not see it.

    ``key`` is the slug (web pages) or the id (the API).
    """
    community = Community.objects.filter(**{"pk" if isinstance(key, int) else "slug": key}).first()
    if community is None:
        raise Http404("No such community")
    membership = active_membership(community, person)
    if not can_view(community, person, membership):
        raise Http404("No such community")
    return community, membership


def get_community_for_member(person: Person, key: str | int) -> tuple[Community, Membership]:
    """Return a community the person belongs to; 403 for a visible community they are not in."""
    community, membership = get_community_for_viewer(person, key)
    if membership is None:
        raise Forbidden("Only members can do this.")
    return community, membership


def get_community_for_convenor(person: Person, key: str | int) -> tuple[Community, Membership]:
    """Return a community the person convenes; 403 for members with another role."""
    community, membership = get_community_for_member(person, key)
    if membership.role not in MANAGER_ROLES:
        raise Forbidden("Only the community's convenors can do this.")
    return community, membership


def can_see_member_names(community: Community, person: Person | None, membership: Membership | None) -> bool:
    """Names of members: members always; others only for open or restricted communities,
    and only when signed in (Chatham House communities are hidden tiers anyway)."""
    if membership is not None:
        return True
    if community.is_hidden:
        return False
    return person is not None and person.is_authenticated


def get_invitation_for_token(raw_token: str) -> Invitation:
    """Return the invitation a link carries; the token alone grants sight of it."""
    from groundswell.people.models import hash_token

    invitation = (
        Invitation.objects.select_related("community", "invited_by").filter(token_hash=hash_token(raw_token)).first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


def get_membership_for_convenor(person: Person, slug: str, membership_id: int) -> tuple[Community, Membership]:
    """Return another person's membership (any status) in a community the person convenes."""
    community, _ = get_community_for_convenor(person, slug)
    membership = Membership.objects.select_related("person").filter(community=community, pk=membership_id).first()
    if membership is None:
        raise Http404("No such membership")
    return community, membership


def get_member_for_convenor(person: Person, key: str | int, person_id: int) -> tuple[Community, Membership]:
    """Return someone's current membership of a community the person convenes; 404 if not a member."""
    community, _ = get_community_for_convenor(person, key)
    membership = community.memberships.active().select_related("person").filter(person_id=person_id).first()
    if membership is None:
        raise Http404("No such member")
    return community, membership
