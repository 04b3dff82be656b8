"""The consultations pages each demo persona can open, for the axe scan in test_accessibility.py.

Every page the person may see is visited (forms also re-rendered with their errors); pages they
may not see are left to the 403 and 404 checks elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from groundswell.communities.models import Community, Membership, Role
from groundswell.consultations import access
from groundswell.consultations.models import Ask, Insight, Synthesis
from groundswell.gatherings import access as gathering_access
from groundswell.gatherings.models import Gathering
from groundswell.people.models import Person

if TYPE_CHECKING:
    from groundswell.tests.browser.test_accessibility import Visit


def consultations_visits(person: Person) -> list[Visit]:
    # Imported here: test_accessibility imports this module before it defines Visit.
    from groundswell.tests.browser.test_accessibility import Visit, submit_empty

    visits = [Visit("asks from the centre", "/asks/"), Visit("the centre's list", "/centre/")]
    if access.centre_community_ids(person):
        visits += [
            Visit("send an ask", "/asks/new/"),
            Visit("send an ask with errors", "/asks/new/", submit_empty("Send the ask")),
        ]
    asks = list(Ask.objects.visible_to(person).order_by("created_at", "pk"))
    published = next((a for a in asks if _synthesis(a) is not None and _synthesis(a).is_published), None)  # type: ignore[union-attr]
    unpublished = next((a for a in asks if _synthesis(a) is not None and not _synthesis(a).is_published), None)  # type: ignore[union-attr]
    for ask, label in ((published, "published"), (unpublished, "open, not yet published")):
        if ask is not None:
            visits += _ask_visits(ask, person, label, Visit, submit_empty)
    for membership in Membership.objects.active().filter(person=person).select_related("community").order_by("pk")[:1]:
        visits += _community_visits(membership.community, membership.role, Visit, submit_empty)
    gathering = _capture_gathering(person)
    if gathering is not None:
        visits.append(Visit("turn notes into insights", f"/gatherings/{gathering.pk}/insights/"))
    return visits


def _synthesis(ask: Ask) -> Synthesis | None:
    return Synthesis.objects.filter(ask=ask).first()


def _ask_visits(ask: Ask, person: Person, label: str, Visit: type, submit_empty: object) -> list[Visit]:  # noqa: N803
    base = f"/asks/{ask.pk}/"
    synthesis = _synthesis(ask)
    steward = access.is_steward(ask, person)
    centre = access.is_centre_for(ask, person)
    members_of = access.member_community_ids(ask, person)
    visits = [Visit(f"ask ({label})", base), Visit(f"we asked, you said, we did ({label})", f"{base}you-said-we-did/")]
    if steward or members_of:
        visits.append(Visit(f"insights of an ask ({label})", f"{base}insights/"))
    if steward or (members_of and ask.is_open()):
        visits += [
            Visit(f"add an insight ({label})", f"{base}insights/new/"),
            Visit(f"add an insight with errors ({label})", f"{base}insights/new/", submit_empty("Add the insight")),  # type: ignore[operator]
        ]
    if access.can_see_synthesis(ask, synthesis, person):
        visits.append(Visit(f"themes ({label})", f"{base}synthesis/"))
        theme = synthesis.themes.order_by("-member_count", "pk").first() if synthesis is not None else None
        if theme is not None:
            visits.append(Visit(f"a theme ({label})", f"/themes/{theme.pk}/"))
            if centre and synthesis is not None and synthesis.is_published:
                response = f"/themes/{theme.pk}/response/"
                visits += [
                    Visit(f"respond to a theme ({label})", response),
                    Visit(f"respond to a theme with errors ({label})", response, submit_empty("Record the response")),  # type: ignore[operator]
                ]
    if steward:
        visits += [
            Visit(
                f"themes with errors ({label})",
                f"{base}synthesis/",
                submit_empty("Add the theme"),  # type: ignore[operator]
            ),
            Visit(f"brief to the centre ({label})", f"{base}brief/"),
            Visit(f"check the brief ({label})", f"{base}brief/check/"),
            Visit(f"put an ask on an agenda ({label})", f"{base}agenda/"),
        ]
    if centre:
        visits += [
            Visit(f"change an ask ({label})", f"{base}edit/"),
            Visit(f"documents of an ask ({label})", f"{base}documents/"),
            Visit(f"documents with errors ({label})", f"{base}documents/", submit_empty("Add the document")),  # type: ignore[operator]
        ]
    insight = _visible_insight(ask, person, steward, members_of)
    if insight is not None:
        visits.append(Visit(f"an insight ({label})", f"/insights/{insight.pk}/"))
        if access.can_respond_to_insight(insight, person):
            visits.append(Visit(f"respond to an insight ({label})", f"/insights/{insight.pk}/response/"))
    return visits


def _visible_insight(ask: Ask, person: Person, steward: bool, members_of: set[int]) -> Insight | None:
    insights = Insight.objects.filter(ask=ask).order_by("pk")
    if not steward:
        insights = insights.filter(community_id__in=members_of)
    # One with the most to show: a named insight with its tags.
    return insights.filter(author__isnull=False).first() or insights.first()


def _community_visits(community: Community, role: str, Visit: type, submit_empty: object) -> list[Visit]:  # noqa: N803
    slug = community.slug
    visits = [
        Visit("we asked, you said, we did (community)", f"/communities/{slug}/you-said-we-did/"),
        Visit("insights sent without an ask", f"/communities/{slug}/insights/"),
        Visit("send an insight without an ask", f"/communities/{slug}/insights/new/"),
        Visit(
            "send an insight without an ask, with errors",
            f"/communities/{slug}/insights/new/",
            submit_empty("Add the insight"),  # type: ignore[operator]
        ),
    ]
    if role == Role.CONVENOR:
        visits += [
            Visit("who is the centre", f"/communities/{slug}/centre/"),
            Visit("who is the centre, with errors", f"/communities/{slug}/centre/", submit_empty("Give the capacity")),  # type: ignore[operator]
        ]
    return visits


def _capture_gathering(person: Person) -> Gathering | None:
    """A held gathering with notes, in a community the person convenes."""
    convened = Membership.objects.active().filter(person=person, role=Role.CONVENOR).values("community_id")
    for gathering in (
        Gathering.objects.filter(community_id__in=convened, notes__isnull=False).distinct().order_by("-starts_at")[:5]
    ):
        if gathering_access.is_organiser(gathering, person):
            return gathering
    return None
