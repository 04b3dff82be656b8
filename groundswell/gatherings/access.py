"""Who may see and organise a gathering. Views and the API obtain gatherings only here.

A gathering is as visible as its community: outsiders of a private community get 404.
Organisers are the community's convenors and the gathering's named facilitators.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import Http404

from groundswell.communities import access as community_access
from groundswell.communities.models import Membership, Role
from groundswell.gatherings.models import Gathering, Registration, RegistrationStatus
from groundswell.lib.http import Forbidden
from groundswell.people.models import Person


def get_gathering_for_viewer(person: Person | None, gathering_id: int) -> Gathering:
    """Return a gathering the person may see; 404 if it or its community is hidden from them."""
    gathering = Gathering.objects.select_related("community", "series").filter(pk=gathering_id).first()
    if gathering is None:
        raise Http404("No such gathering")
    membership = community_access.active_membership(gathering.community, person)
    if not community_access.can_view(gathering.community, person, membership):
        raise Http404("No such gathering")
    return gathering


def is_organiser(gathering: Gathering, person: Person | None) -> bool:
    """Convenors of the community and the gathering's facilitators organise it."""
    if person is None or not person.is_authenticated:
        return False
    membership = community_access.active_membership(gathering.community, person)
    if membership is not None and membership.role == Role.CONVENOR:
        return True
    return gathering.facilitators.filter(pk=person.pk).exists()


def get_gathering_for_organiser(person: Person, gathering_id: int) -> Gathering:
    """Return a gathering the person organises; 403 for others who can see it."""
    gathering = get_gathering_for_viewer(person, gathering_id)
    if not is_organiser(gathering, person):
        raise Forbidden("Only the gathering's organisers can do this.")
    return gathering


def can_see_joining_details(gathering: Gathering, person: Person | None) -> bool:
    """The place and joining link are for people with a place, and for organisers."""
    if person is None or not person.is_authenticated:
        return False
    if Registration.objects.filter(gathering=gathering, person=person, status=RegistrationStatus.REGISTERED).exists():
        return True
    return is_organiser(gathering, person)


def gatherings_with_joining_details(gatherings: Sequence[Gathering], person: Person | None) -> set[int]:
    """Return the ids, among gatherings of one community, whose joining details the person may see.

    The same rule as can_see_joining_details, in a fixed number of queries for a list.
    """
    if not gatherings or person is None or not person.is_authenticated:
        return set()
    ids = [g.pk for g in gatherings]
    communities = {g.community_id for g in gatherings}
    convening = set(
        Membership.objects.active()
        .filter(community_id__in=communities, person=person, role=Role.CONVENOR)
        .values_list("community_id", flat=True)
    )
    seen = {g.pk for g in gatherings if g.community_id in convening}
    seen.update(person.facilitated_gatherings.filter(pk__in=ids).values_list("pk", flat=True))
    seen.update(
        Registration.objects.filter(
            gathering_id__in=ids, person=person, status=RegistrationStatus.REGISTERED
        ).values_list("gathering_id", flat=True)
    )
    return seen
