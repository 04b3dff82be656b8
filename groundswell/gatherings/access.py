"""Who may see and organise a gathering. Views and the API obtain gatherings only here.

A gathering is as visible as its community: outsiders of a private community get 404.
Organisers are the community's convenors and the gathering's named facilitators.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.http import Http404

from groundswell.communities import access as community_access
from groundswell.communities.models import Membership, Role
from groundswell.gatherings.models import Gathering, Registration, RegistrationStatus, Series
from groundswell.lib.http import Forbidden
from groundswell.people.models import Person


def get_gathering_with_membership(person: Person | None, gathering_id: int) -> tuple[Gathering, Membership | None]:
    """Return a gathering the person may see and their membership of its community; 404 if hidden."""
    gathering = Gathering.objects.select_related("community", "series").filter(pk=gathering_id).first()
    if gathering is None:
        raise Http404("No such gathering")
    membership = community_access.active_membership(gathering.community, person)
    if not community_access.can_view(gathering.community, person, membership):
        raise Http404("No such gathering")
    return gathering, membership


def get_gathering_for_viewer(person: Person | None, gathering_id: int) -> Gathering:
    """Return a gathering the person may see; 404 if it or its community is hidden from them."""
    return get_gathering_with_membership(person, gathering_id)[0]


_UNKNOWN = object()


def is_organiser(
    gathering: Gathering, person: Person | None, membership: Membership | object | None = _UNKNOWN
) -> bool:
    """Convenors of the community and the gathering's facilitators organise it.

    Pass the person's membership of the community when it is already at hand.
    """
    if person is None or not person.is_authenticated:
        return False
    if membership is _UNKNOWN:
        membership = community_access.active_membership(gathering.community, person)
    if isinstance(membership, Membership) and membership.role == Role.CONVENOR:
        return True
    return gathering.facilitators.filter(pk=person.pk).exists()


def joining_details_shown(*, organiser: bool, registration: Registration | None) -> bool:
    """The rule of can_see_joining_details, for a caller that has both facts at hand."""
    return organiser or (registration is not None and registration.status == RegistrationStatus.REGISTERED)


def get_gathering_for_organiser(person: Person, gathering_id: int) -> Gathering:
    """Return a gathering the person organises; 403 for others who can see it."""
    gathering = get_gathering_for_viewer(person, gathering_id)
    if not is_organiser(gathering, person):
        raise Forbidden("Only the gathering's organisers can do this.")
    return gathering


def can_take_notes(gathering: Gathering, person: Person | None) -> bool:
    """Organisers, people with a place and people who came write the harvest: notes and photos."""
    if person is None or not person.is_authenticated:
        return False
    in_room = Q(status=RegistrationStatus.REGISTERED) | Q(attended=True)
    if Registration.objects.filter(in_room, gathering=gathering, person=person).exists():
        return True
    return is_organiser(gathering, person)


def get_gathering_for_note_taker(person: Person, gathering_id: int) -> Gathering:
    """Return a gathering whose harvest the person may add to; 403 for others who can see it."""
    gathering = get_gathering_for_viewer(person, gathering_id)
    if not can_take_notes(gathering, person):
        raise Forbidden("Only the organisers and people registered for the gathering can add to its harvest.")
    return gathering


def get_series_for_viewer(person: Person | None, series_id: int) -> Series:
    """Return a series the person may see (as visible as its community); 404 otherwise."""
    series = Series.objects.select_related("community").filter(pk=series_id).first()
    if series is None:
        raise Http404("No such series")
    membership = community_access.active_membership(series.community, person)
    if not community_access.can_view(series.community, person, membership):
        raise Http404("No such series")
    return series


def get_series_for_convenor(person: Person, series_id: int) -> Series:
    """Return a series the person convenes (its community's convenors); 403 for other viewers."""
    series = get_series_for_viewer(person, series_id)
    membership = community_access.active_membership(series.community, person)
    if membership is None or membership.role != Role.CONVENOR:
        raise Forbidden("Only the community's convenors can change a series.")
    return series


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
