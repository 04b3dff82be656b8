"""Who may see and change people's details. Views and the API obtain people only here."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404

from groundswell.lib.http import Forbidden
from groundswell.people.models import VISIBLE_FIELDS, Person, Visibility

CONVENOR = "convenor"


def get_person_for_viewer(viewer: Person, person_id: int) -> Person:
    """Return a person's record for a signed-in viewer; erased and deactivated people are gone."""
    person = Person.objects.active().filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    return person


def get_person_for_editor(viewer: Person, person_id: int) -> Person:
    """Return a person the viewer may edit: themselves, or anyone for an administrator."""
    person = get_person_for_viewer(viewer, person_id)
    if viewer.pk != person.pk and not viewer.is_superuser:
        raise Forbidden("Only the person themselves or an administrator may change this profile.")
    return person


def people_sharing_a_community(viewer: Person, person_ids: Iterable[int]) -> set[int]:
    """Return which of the people are active members of a community the viewer is in."""
    ids = list(person_ids)
    if not ids or not viewer.is_authenticated:
        return set()
    # Query the memberships directly (reached through the reverse relation, as communities sits
    # above people): joining people made PostgreSQL gather every member of the viewer's
    # communities, tens of thousands for a national network, before picking out these few.
    membership = Person._meta.get_field("memberships").related_model
    viewer_communities = membership._default_manager.filter(person_id=viewer.pk, status="active").values("community_id")
    return set(
        membership._default_manager.filter(
            person_id__in=ids, status="active", community_id__in=viewer_communities
        ).values_list("person_id", flat=True)
    )


def visible_fields(viewer: Person, person: Person, *, shares_community: bool) -> set[str]:
    """Return the profile fields the viewer may see on the person's profile."""
    if viewer.pk == person.pk:
        return set(VISIBLE_FIELDS)
    allowed = {Visibility.SIGNED_IN}
    if shares_community:
        allowed.add(Visibility.COMMUNITIES)
    return {field for field in VISIBLE_FIELDS if person.visibility_of(field) in allowed}


def can_see_access_needs(viewer: Person, person: Person) -> bool:
    """Access needs are for the person and the convenors of the communities they belong to."""
    if viewer.pk == person.pk:
        return True
    return Person.objects.filter(
        pk=person.pk,
        memberships__status="active",
        memberships__community__memberships__person=viewer,
        memberships__community__memberships__status="active",
        memberships__community__memberships__role=CONVENOR,
    ).exists()
