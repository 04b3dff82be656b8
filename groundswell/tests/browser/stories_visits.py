"""The stories pages for the axe scan in test_accessibility.py, as each persona sees them.

Each persona gets a story of their own (made here, with details the identifiability check
flags, so the check page has marks to show) in a community they belong to; convenors also get
the page for recording a story for someone. Forms are visited as they open and re-rendered
with their errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page

from groundswell.communities.models import Lifecycle, Membership, Role
from groundswell.people.models import Person
from groundswell.stories import actions
from groundswell.stories.models import Story, Use

if TYPE_CHECKING:
    from .test_accessibility import Visit

AXE_TITLE = "Axe check: the clinic that rang back"
AXE_TEXT = (
    "Colin rang me from the clinic on 07700 900123 and again from SW1A 1AA.\n\n"
    "In Much Wenlock, the only man with motor neurone disease waited a month."
)


def _axe_story(person: Person) -> Story | None:
    """A story the person told, waiting for the identifiability check."""
    existing = Story.objects.filter(teller=person, title=AXE_TITLE).first()
    if existing is not None:
        return existing
    membership = (
        Membership.objects.active()
        .filter(person=person)
        .exclude(community__lifecycle=Lifecycle.CLOSED)
        .select_related("community")
        .order_by("community__name")
        .first()
    )
    if membership is None:
        return None
    return actions.tell_story(
        membership.community,
        by=person,
        terms=actions.ConsentTerms(uses=frozenset({Use.GROUNDSWELL})),
        title=AXE_TITLE,
        what_happened=AXE_TEXT,
        what_changed="They ring back now.",
        place="A GP practice",
    )


def _choose_pseudonym_without_one(page: Page) -> None:
    from .test_accessibility import submit_empty

    page.get_by_label("Under a pseudonym", exact=True).check()
    page.get_by_label("Pseudonym (optional)").fill("")
    submit_empty("Record this consent")(page)


def stories_visits(person: Person) -> list[Visit]:
    """Every stories page a signed-in persona reaches, their own story's pages included."""
    from .test_accessibility import Visit, clear_and_submit, submit_empty

    visits = [
        Visit("stories across Groundswell", "/stories/"),
        Visit("stories across Groundswell, filtered", "/stories/?genre=value_creation"),
        Visit("my stories", "/me/stories/"),
    ]
    story = _axe_story(person)
    if story is None:
        return visits
    s, slug = story.pk, story.community.slug
    visits += [
        Visit("community stories", f"/communities/{slug}/stories/"),
        Visit("tell a story", f"/communities/{slug}/stories/new/"),
        Visit("tell a story with errors", f"/communities/{slug}/stories/new/", submit_empty("Save the story")),
        Visit("own story", f"/stories/{s}/"),
        Visit("change a story", f"/stories/{s}/edit/"),
        Visit("change a story with errors", f"/stories/{s}/edit/", clear_and_submit("Title", "Save the changes")),
        Visit("consent", f"/stories/{s}/consent/"),
        Visit("consent with errors", f"/stories/{s}/consent/", _choose_pseudonym_without_one),
        Visit("identifiability check", f"/stories/{s}/check/"),
        Visit("withdraw a story", f"/stories/{s}/withdraw/"),
    ]
    convened = (
        Membership.objects.active()
        .filter(person=person, role=Role.CONVENOR)
        .exclude(community__lifecycle=Lifecycle.CLOSED)
        .select_related("community")
        .order_by("community__name")
        .first()
    )
    if convened is not None:
        c = convened.community.slug
        visits += [
            Visit("community stories (convenor)", f"/communities/{c}/stories/"),
            Visit("record a story for someone", f"/communities/{c}/stories/record/"),
            Visit(
                "record a story for someone with errors",
                f"/communities/{c}/stories/record/",
                submit_empty("Save the story"),
            ),
        ]
    return visits


def stories_public_visits() -> list[Visit]:
    """The stories pages someone who has not signed in can read."""
    from .test_accessibility import Visit

    visits = [Visit("public stories", "/stories/")]
    public = Story.objects.readable_by(None, use=Use.PUBLIC).order_by("pk").first()
    if public is not None:
        visits.append(Visit("a public story", f"/stories/{public.pk}/"))
    return visits
