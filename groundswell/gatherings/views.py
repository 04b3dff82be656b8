"""Pages for people taking part in gatherings: lists, the gathering and series pages, registering.

Organisers' pages live in organise_views.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from groundswell.communities import access as community_access
from groundswell.communities.models import Community, Role
from groundswell.gatherings import access, actions, calendar
from groundswell.gatherings.models import (
    ActionItem,
    Gathering,
    GatheringQuerySet,
    GatheringStatus,
    Registration,
    RegistrationStatus,
    Series,
)
from groundswell.lib import ical
from groundswell.lib.http import paginate
from groundswell.people.actions import ActionError
from groundswell.people.models import Person

# A viewer's answer, and what each button on the gathering page asks for.
RESPONSES = {
    "apologies": actions.send_apologies,
    "cancel": actions.cancel_registration,
    "decline": actions.decline,
}
# Statuses from which a person may register (again).
CAN_REGISTER_FROM = frozenset(
    {
        None,
        RegistrationStatus.INVITED,
        RegistrationStatus.APOLOGIES,
        RegistrationStatus.DECLINED,
        RegistrationStatus.CANCELLED,
    }
)


class RegisterForm(forms.Form):
    access_needs = forms.CharField(
        label="Communication and access needs",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen only by the organisers, and never exported.",
    )


def _viewer(request: HttpRequest) -> Person | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def _with_places_taken(gatherings: GatheringQuerySet) -> GatheringQuerySet:
    return gatherings.annotate(
        places_taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED))
    )


def _my_statuses(viewer: Person | None, gatherings: list[Gathering]) -> dict[int, str]:
    if viewer is None or not gatherings:
        return {}
    rows = Registration.objects.filter(person=viewer, gathering__in=gatherings).values_list("gathering_id", "status")
    return {gathering_id: RegistrationStatus(status).label for gathering_id, status in rows}


def community_gatherings(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    community, membership = community_access.get_community_for_viewer(viewer, slug)
    now = timezone.now()
    upcoming = list(_with_places_taken(community.gatherings.upcoming(now).select_related("series")))
    past = paginate(request, _with_places_taken(community.gatherings.past(now).select_related("series")))
    statuses = _my_statuses(viewer, [*upcoming, *past])
    context = {
        "community": community,
        "membership": membership,
        "is_convenor": membership is not None and membership.role == Role.CONVENOR,
        "upcoming": [(g, statuses.get(g.pk)) for g in upcoming],
        "past": [(g, statuses.get(g.pk)) for g in past],
        "page": past,
    }
    return render(request, "gatherings/community_gatherings.html", context)


def _is_after(gathering: Gathering) -> bool:
    return gathering.status == GatheringStatus.HELD or gathering.ends_at < timezone.now()


def gathering_detail(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer = _viewer(request)
    gathering, membership = access.get_gathering_with_membership(viewer, gathering_id)
    community = gathering.community
    is_organiser = access.is_organiser(gathering, viewer, membership)
    mine = Registration.objects.filter(gathering=gathering, person=viewer).first() if viewer else None
    # People "in the room": organisers, and those who had a place or came.
    in_room = is_organiser or (
        mine is not None and (mine.status == RegistrationStatus.REGISTERED or mine.attended is True)
    )
    # Chatham House: names of those taking part stay with the people in the room.
    show_names = community_access.can_see_member_names(community, viewer, membership) and (
        not gathering.is_chatham_house or in_room
    )
    coming = list(Registration.objects.filter(gathering=gathering).coming().order_by("name", "id"))
    after = _is_after(gathering)
    context: dict[str, Any] = {
        "gathering": gathering,
        "community": community,
        "is_organiser": is_organiser,
        "mine": mine,
        "can_register": gathering.status == GatheringStatus.OPEN
        and (mine.status if mine else None) in CAN_REGISTER_FROM,
        "show_joining_details": access.joining_details_shown(organiser=is_organiser, registration=mine),
        "show_names": show_names,
        "show_note_takers": not gathering.is_chatham_house,
        "coming": coming,
        "is_full": gathering.status == GatheringStatus.OPEN
        and gathering.capacity is not None
        and len(coming) >= gathering.capacity,
        "after": after,
    }
    if after:
        attended = Registration.objects.filter(gathering=gathering, attended=True)
        attendees = list(attended.order_by("name", "id")) if is_organiser else None
        context.update(
            notes=gathering.notes.select_related("note_taker", "agenda_item").order_by("created_at", "id"),
            actions=gathering.actions.select_related("owner").order_by("due_date", "id"),
            feedback=gathering.feedback.all(),
            photos=gathering.photos.select_related("note").order_by("created_at", "id"),
            can_take_notes=in_room,
            attendance_count=len(attendees) if attendees is not None else attended.count(),
            attendees=attendees,
        )
    else:
        context.update(
            agenda=gathering.agenda.select_related("lead").prefetch_related("files"),
            carried=ActionItem.objects.carried_to(gathering).select_related("owner", "gathering"),
        )
    return render(request, "gatherings/gathering_detail.html", context)


def gathering_ics(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer = _viewer(request)
    gathering = access.get_gathering_for_viewer(viewer, gathering_id)
    event = calendar.event_for(gathering, show_joining_details=access.can_see_joining_details(gathering, viewer))
    text = ical.calendar([event], name=gathering.title, method="PUBLISH")
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gathering-{gathering.pk}.ics"'
    return response


@login_required
def register(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_viewer(viewer, gathering_id)
    # An empty form is a valid answer: every field is optional.
    form = RegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.register(gathering, person=viewer, access_needs=form.cleaned_data["access_needs"])
        except ActionError as error:
            messages.error(request, str(error))
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.success(
                    request,
                    "The gathering is full, so you are on the waiting list. We will email you if a place becomes free.",
                )
            else:
                messages.success(request, f"You are registered for {gathering.title}.")
        return redirect("gatherings:detail", gathering_id=gathering.pk)
    context = {"gathering": gathering, "form": form, "is_open": gathering.status == GatheringStatus.OPEN}
    return render(request, "gatherings/register.html", context)


@require_POST
@login_required
def respond(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_viewer(viewer, gathering_id)
    registration = Registration.objects.filter(gathering=gathering, person=viewer).first()
    if registration is None:
        raise Http404("No registration")
    decision = request.POST.get("decision", "")
    respond_with = RESPONSES.get(decision)
    if respond_with is None:
        messages.error(request, "Choose how to answer.")
        return redirect("gatherings:detail", gathering_id=gathering.pk)
    registration.gathering = gathering
    try:
        respond_with(registration)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _RESPONDED[decision])
    return redirect("gatherings:detail", gathering_id=gathering.pk)


_RESPONDED = {
    "apologies": "Your apologies have been sent.",
    "cancel": "You have given up your place.",
    "decline": "You have declined the invitation.",
}


def series_detail(request: HttpRequest, series_id: int) -> HttpResponse:
    viewer = _viewer(request)
    series = Series.objects.filter(pk=series_id).first()
    if series is None:
        raise Http404("No such series")
    community, membership = community_access.get_community_for_viewer(viewer, series.community_id)
    # One query for every meeting's counts, however many meetings and people.
    meetings_query = (
        series.gatherings.order_by("number_in_series", "starts_at", "id")
        .annotate(
            had_place=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)),
            came=Count("registrations", filter=Q(registrations__attended=True)),
            recorded=Count("registrations", filter=Q(registrations__attended__isnull=False)),
        )
        .only("id", "title", "number_in_series", "starts_at", "time_zone", "theme", "status", "series_id")
    )
    is_convenor = membership is not None and membership.role == Role.CONVENOR
    meetings: list[Gathering] = list(meetings_query)
    context = {
        "series": series,
        "community": community,
        "membership": membership,
        "meetings": meetings,
        "roster_count": series.core_roster.count(),
        "is_convenor": is_convenor,
        # Who came to which meeting is personal data: for the convenors, who act on it.
        "grid": _attendance_grid(series, meetings) if is_convenor else None,
    }
    return render(request, "gatherings/series_detail.html", context)


def _cell(status: str, attended: bool | None) -> str:
    if attended is True:
        return "Came"
    if attended is False and status == RegistrationStatus.REGISTERED:
        return "Did not come"
    return SERIES_CELL.get(status, NOT_INVITED)


NOT_INVITED = "Not invited"
SERIES_CELL: dict[str, str] = {
    RegistrationStatus.REGISTERED: "Coming",
    RegistrationStatus.WAITLISTED: "Waiting list",
    RegistrationStatus.APOLOGIES: "Apologies",
    RegistrationStatus.DECLINED: "Declined",
    RegistrationStatus.CANCELLED: "Gave up place",
    RegistrationStatus.INVITED: "Invited",
}


def _attendance_grid(series: Series, meetings: list[Gathering]) -> list[tuple[str, list[str]]]:
    """Each person invited to or taking part in the series, with their answer at each meeting.

    One query, however many meetings and people.
    """
    rows = Registration.objects.filter(gathering__series=series).values_list(
        "person_id", "email", "name", "gathering_id", "status", "attended"
    )
    people: dict[str, tuple[str, dict[int, str]]] = {}
    for person_id, email, name, gathering_id, status, attended in rows:
        key = f"p{person_id}" if person_id else email
        people.setdefault(key, (name or email, {}))[1][gathering_id] = _cell(status, attended)
    ordered = sorted(people.values(), key=lambda item: item[0].casefold())
    return [(name, [cells.get(m.pk, NOT_INVITED) for m in meetings]) for name, cells in ordered]


@login_required
def my_gatherings(request: HttpRequest) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    now = timezone.now()
    mine = Registration.objects.filter(
        person=viewer, gathering__community__in=Community.objects.visible_to(viewer)
    ).select_related("gathering", "gathering__community")
    upcoming = mine.filter(gathering__ends_at__gte=now).order_by("gathering__starts_at", "id")
    past = paginate(request, mine.filter(gathering__ends_at__lt=now).order_by("-gathering__starts_at", "-id"))
    context = {"upcoming": upcoming, "page": past}
    return render(request, "gatherings/my_gatherings.html", context)
