"""Private calendar feeds: a secret link per person that calendar apps subscribe to.

Calendar apps cannot sign in, so the link's token stands in for the person. Only the token's
hash is stored: the links are shown right after they are made, and a reset makes new ones and
stops the old ones working. A feed shows what its person could see signed in, and no more:
a community they have left (if it is private) drops out, and the place and joining link appear
only where they hold a place or organise.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from groundswell.communities import access as community_access
from groundswell.communities.models import Community, Membership, Privacy
from groundswell.gatherings import access, actions, calendar
from groundswell.gatherings.models import CalendarFeed, Gathering, RegistrationStatus
from groundswell.lib import ical
from groundswell.people.models import Person, hash_token

# Past gatherings stay in the feed this long, so recent ones do not vanish from calendars.
FEED_HISTORY = datetime.timedelta(days=60)
# Communities anyone signed in may see; the rest need a current membership.
VISIBLE_TO_ANYONE_SIGNED_IN = (Privacy.OPEN, Privacy.RESTRICTED)
# Registrations that put a gathering in someone's calendar even outside their communities.
IN_CALENDAR = (
    RegistrationStatus.INVITED,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.APOLOGIES,
)
SESSION_KEY = "new_calendar_token"


@login_required
def calendar_links(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    if request.method == "POST":
        # Shown once on the next page, then gone: only its hash is stored.
        request.session[SESSION_KEY] = actions.reset_calendar_feed(person)
        messages.success(request, "Your calendar links have been reset. The old links no longer work.")
        return redirect("gatherings:calendar_links")
    raw = request.session.pop(SESSION_KEY, None)
    has_feed = CalendarFeed.objects.filter(person=person).exists()
    if not has_feed:
        raw = actions.create_calendar_feed(person)
    communities = list(
        Community.objects.filter(memberships__in=Membership.objects.active().filter(person=person)).order_by("name")
    )
    links: list[tuple[str, str]] = []
    if raw is not None:
        links.append(("All your gatherings", request.build_absolute_uri(reverse("gatherings:person_feed", args=[raw]))))
        links.extend(
            (
                community.name,
                request.build_absolute_uri(reverse("gatherings:community_feed", args=[raw, community.slug])),
            )
            for community in communities
        )
    return render(
        request,
        "gatherings/calendar_links.html",
        {"links": links, "communities": communities, "shown": raw is not None},
    )


def _person_for_token(token: str) -> Person:
    feed = CalendarFeed.objects.select_related("person").filter(token_hash=hash_token(token)).first()
    if feed is None or not feed.person.is_active or feed.person.erased_at is not None:
        raise Http404("No such calendar")
    return feed.person


def _feed_response(gatherings: list[Gathering], person: Person, name: str) -> HttpResponse:
    with_details = access.gatherings_with_joining_details(gatherings, person)
    events = [calendar.event_for(g, show_joining_details=g.pk in with_details) for g in gatherings]
    response = HttpResponse(
        ical.calendar(events, name=name, method="PUBLISH"), content_type="text/calendar; charset=utf-8"
    )
    # Private to one person: never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _visible_gatherings(person: Person, community: Community | None = None) -> list[Gathering]:
    """Gatherings of the person's communities, and those they answer an invitation to, that they may see."""
    member_of = Membership.objects.active().filter(person=person).values("community_id")
    registered = Q(
        registrations__person=person,
        registrations__status__in=IN_CALENDAR,
        community__privacy__in=VISIBLE_TO_ANYONE_SIGNED_IN,
    )
    gatherings = Gathering.objects.filter(
        Q(community_id__in=member_of) | registered, ends_at__gte=timezone.now() - FEED_HISTORY
    )
    if community is not None:
        gatherings = gatherings.filter(community=community)
    return list(gatherings.distinct().order_by("starts_at", "id"))


def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    person = _person_for_token(token)
    return _feed_response(_visible_gatherings(person), person, "Groundswell gatherings")


def community_feed(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    person = _person_for_token(token)
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404("No such calendar")
    if not community_access.can_view(community, person, community_access.active_membership(community, person)):
        raise Http404("No such calendar")
    return _feed_response(_visible_gatherings(person, community), person, f"{community.name}: gatherings")
