"""Who may see and change a story. Views and the API obtain stories only here.

Seeing a story is the consent rule (``Story.objects.visible_to``): a story the viewer may not
read is absent to them (404). Among those who can see it:

- its teller looks after it: changes it, its consent, and may withdraw it;
- a convenor of its community looks after a story they or a fellow convenor recorded for
  someone else (who contributes by phone or post), until it is withdrawn;
- any convenor of its community may check it for identifying details (and redact them) and may
  withdraw it, telling the teller why;
- others get 403.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404

from groundswell.communities import access as community_access
from groundswell.communities.models import Community, Membership, Privacy, Role
from groundswell.lib.http import Forbidden
from groundswell.people.models import Person
from groundswell.stories.models import Story


def get_story_for_viewer(person: Person | None, story_id: int) -> Story:
    """Return a story the person may read; 404 for everything else."""
    story = (
        Story.objects.visible_to(person)
        .select_related("community", "teller", "consent", "recorded_by", "checked_by")
        .filter(pk=story_id)
        .first()
    )
    if story is None:
        raise Http404("No such story")
    return story


def is_convenor(story: Story, person: Person | None) -> bool:
    if person is None or not person.is_authenticated:
        return False
    return (
        Membership.objects.active()
        .filter(community_id=story.community_id, person_id=person.pk, role=Role.CONVENOR)
        .exists()
    )


def is_teller(story: Story, person: Person | None) -> bool:
    return person is not None and person.is_authenticated and story.teller_id == person.pk


def convened_communities(person: Person | None) -> set[int]:
    """Ids of the communities the person convenes, for deciding about a list of stories at once."""
    if person is None or not person.is_authenticated:
        return set()
    rows = Membership.objects.active().filter(person_id=person.pk, role=Role.CONVENOR).values_list("community_id")
    return {community_id for (community_id,) in rows}


def can_manage(story: Story, person: Person | None, convened: set[int] | None = None) -> bool:
    """The teller, and the convenors for a story recorded on someone's behalf.

    ``convened`` (from convened_communities) saves a query per story in lists.
    """
    if is_teller(story, person):
        return True
    if not story.on_behalf or story.is_withdrawn:
        return False
    return story.community_id in convened if convened is not None else is_convenor(story, person)


def can_check(story: Story, person: Person | None, convened: set[int] | None = None) -> bool:
    """Those who look after the story, and the community's convenors."""
    if can_manage(story, person, convened):
        return True
    return story.community_id in convened if convened is not None else is_convenor(story, person)


def get_story_for_manager(person: Person, story_id: int) -> Story:
    """Return a story the person looks after; 403 for others who can read it."""
    story = get_story_for_viewer(person, story_id)
    if not can_manage(story, person):
        raise Forbidden(
            "Only the story's teller can change it, or a convenor for a story recorded on someone's behalf."
        )
    return story


def get_story_for_checker(person: Person, story_id: int) -> Story:
    """Return a story the person may check and withdraw; 403 for other readers."""
    story = get_story_for_viewer(person, story_id)
    if not can_check(story, person):
        raise Forbidden("Only the story's teller and the community's convenors can do this.")
    return story


def get_community_for_teller(person: Person, key: str | int) -> Community:
    """Return a community the person may tell a story in: one they belong to."""
    community, _ = community_access.get_community_for_member(person, key)
    return community


def get_community_for_recorder(person: Person, key: str | int) -> Community:
    """Return a community whose convenor may record stories for others."""
    community, _ = community_access.get_community_for_convenor(person, key)
    return community


def get_community_for_exporter(person: Person, key: str | int) -> Community:
    """Return a community whose stories the person may export: its convenors."""
    community, _ = community_access.get_community_for_convenor(person, key)
    return community


def shows_community(story: Story, person: Person | None) -> bool:
    """Whether to name the story's community: not to someone from whom a private one is hidden."""
    membership = community_access.active_membership(story.community, person)
    return community_access.can_view(story.community, person, membership)


def communities_shown(communities: Iterable[Community], person: Person | None) -> set[int]:
    """The same rule as shows_community, for the communities of a list of stories, in one query."""
    communities = list(communities)
    signed_in = person is not None and person.is_authenticated
    shown = {c.pk for c in communities if c.privacy == Privacy.OPEN or (c.privacy == Privacy.RESTRICTED and signed_in)}
    hidden = {c.pk for c in communities} - shown
    if hidden and signed_in:
        assert person is not None
        shown |= set(
            Membership.objects.active()
            .filter(person_id=person.pk, community_id__in=hidden)
            .values_list("community_id", flat=True)
        )
    return shown
