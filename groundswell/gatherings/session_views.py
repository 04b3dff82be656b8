"""Pages for the large-group formats: the Open Space grid and World Café tables.

Anyone who can see the gathering sees these pages. Each form posts an ``intent``; a good post
redirects back with a message, a bad one re-renders the page with the error summary.
No drag and drop (WCAG 2.5.7): a session goes into a cell chosen from a list of free cells.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from groundswell.communities import access as community_access
from groundswell.gatherings import access, session_actions
from groundswell.gatherings.forms import local_moment
from groundswell.gatherings.models import (
    CafeRound,
    CafeTable,
    Gathering,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceTime,
    RegistrationStatus,
)
from groundswell.lib.http import Forbidden
from groundswell.lib.widgets import Select
from groundswell.people.actions import ActionError
from groundswell.people.models import Person


class RoomForm(forms.Form):
    name = forms.CharField(label="Room name", max_length=80)


class TimeSlotForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="For example 2026-07-15")
    start_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), help_text="For example 10:00"
    )
    minutes = forms.IntegerField(label="Length in minutes", min_value=1, max_value=600, initial=45)

    def __init__(self, *args: Any, zone: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["start_time"].help_text = f"For example 10:00, in {zone.key} time"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start = data.get("date"), data.get("start_time")
        if day is not None and start is not None:
            try:
                data["starts_at"] = local_moment(day, start, self.zone)
            except ValidationError as error:
                self.add_error("start_time", error)
        return data


class ProposeForm(forms.Form):
    title = forms.CharField(label="Session title", max_length=200)
    cell = forms.ChoiceField(label="Time and room", widget=Select, help_text="Only free rooms and times are listed.")

    def __init__(self, *args: Any, cells: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cell"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = cells


class WithdrawForm(forms.Form):
    session = forms.IntegerField()


class RoundForm(forms.Form):
    question = forms.CharField(label="Question for this round", max_length=300)


class _RoundChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"Round {obj.number}: {obj.question}"


class _PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class TableForm(forms.Form):
    cafe_round = _RoundChoice(label="Round", queryset=CafeRound.objects.none(), widget=Select)
    name = forms.CharField(label="Table name", max_length=80)
    host = _PersonChoice(
        label="Host",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not on the list",
        widget=Select,
        help_text="Someone with a place at the gathering.",
    )
    host_name = forms.CharField(
        label="Or the host's name", required=False, max_length=120, help_text="For a host without an account."
    )

    def __init__(self, *args: Any, gathering: Gathering, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds = self.fields["cafe_round"]
        hosts = self.fields["host"]
        assert isinstance(rounds, forms.ModelChoiceField) and isinstance(hosts, forms.ModelChoiceField)
        rounds.queryset = gathering.cafe_rounds.all()
        hosts.queryset = Person.objects.filter(
            registrations__gathering=gathering, registrations__status=RegistrationStatus.REGISTERED
        ).order_by("display_name", "id")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("host") is not None and data.get("host_name"):
            self.add_error("host_name", "Choose a host or write a host's name, not both.")
        elif "host" in data and "host_name" in data and data["host"] is None and not data["host_name"]:
            self.add_error("host", "Choose a host or write a host's name.")
        return data


def _viewer(request: HttpRequest) -> Person | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


class _Viewing:
    """Who is looking at a gathering's format page, and what they may do there."""

    def __init__(self, request: HttpRequest, gathering_id: int) -> None:
        self.viewer = _viewer(request)
        self.gathering = access.get_gathering_for_viewer(self.viewer, gathering_id)
        self.is_organiser = access.is_organiser(self.gathering, self.viewer)
        self.has_place = session_actions.has_place(self.gathering, self.viewer)
        membership = community_access.active_membership(self.gathering.community, self.viewer)
        # Chatham House: names of those taking part stay with the people in the room.
        self.show_names = community_access.can_see_member_names(self.gathering.community, self.viewer, membership) and (
            not self.gathering.is_chatham_house or self.is_organiser or self.has_place
        )

    def require_organiser(self) -> Person:
        if self.viewer is None or not self.is_organiser:
            raise Forbidden("Only the gathering's organisers can do this.")
        return self.viewer

    def require_participant(self) -> Person:
        if self.viewer is None or not (self.is_organiser or self.has_place):
            raise Forbidden("Only people with a place at the gathering can do this.")
        return self.viewer


def _slot_label(slot: OpenSpaceTime, zone: zoneinfo.ZoneInfo) -> str:
    start = slot.starts_at.astimezone(zone)
    end = start + datetime.timedelta(minutes=slot.minutes)
    return f"{start:%a %d %b, %H:%M} to {end:%H:%M}"


def open_space(request: HttpRequest, gathering_id: int) -> HttpResponse:
    seen = _Viewing(request, gathering_id)
    gathering = seen.gathering
    zone = zoneinfo.ZoneInfo(gathering.time_zone)
    rooms = list(OpenSpaceRoom.objects.filter(gathering=gathering))
    slots = list(OpenSpaceTime.objects.filter(gathering=gathering))
    sessions = {
        (s.time_id, s.room_id): s
        for s in OpenSpaceSession.objects.filter(gathering=gathering).select_related("convener")
    }
    free = [
        (f"{slot.pk}-{room.pk}", f"{_slot_label(slot, zone)}, {room.name}")
        for slot in slots
        for room in rooms
        if (slot.pk, room.pk) not in sessions
    ]
    intent = request.POST.get("intent", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    room_form = RoomForm(data if intent == "room" else None, prefix="room")
    default_day = timezone.localtime(gathering.starts_at, zone).date()
    time_form = TimeSlotForm(
        data if intent == "time" else None, prefix="time", zone=zone, initial={"date": default_day}
    )
    propose_form = ProposeForm(data if intent == "propose" else None, prefix="session", cells=free)

    if intent == "room":
        by = seen.require_organiser()
        if room_form.is_valid():
            try:
                room = session_actions.add_open_space_room(gathering, by=by, name=room_form.cleaned_data["name"])
            except ActionError as error:
                room_form.add_error(None, str(error))
            else:
                return _back(request, "gatherings:open_space", gathering, f"{room.name} is added to the grid.")
    elif intent == "time":
        by = seen.require_organiser()
        if time_form.is_valid():
            try:
                session_actions.add_open_space_time(
                    gathering,
                    by=by,
                    starts_at=time_form.cleaned_data["starts_at"],
                    minutes=time_form.cleaned_data["minutes"],
                )
            except ActionError as error:
                time_form.add_error(None, str(error))
            else:
                return _back(request, "gatherings:open_space", gathering, "The time slot is added to the grid.")
    elif intent == "propose":
        by = seen.require_participant()
        if propose_form.is_valid():
            time_id, room_id = (int(part) for part in propose_form.cleaned_data["cell"].split("-"))
            room = next(r for r in rooms if r.pk == room_id)
            slot = next(s for s in slots if s.pk == time_id)
            try:
                session = session_actions.propose_session(
                    gathering, by=by, room=room, time=slot, title=propose_form.cleaned_data["title"]
                )
            except ActionError as error:
                propose_form.add_error(None, str(error))
            else:
                return _back(request, "gatherings:open_space", gathering, f"{session.title} is on the grid.")
    elif intent == "withdraw":
        return _withdraw(request, seen)

    grid = [(slot, [(room, sessions.get((slot.pk, room.pk))) for room in rooms]) for slot in slots]
    context = {
        "gathering": gathering,
        "viewer_id": seen.viewer.pk if seen.viewer else None,
        "is_organiser": seen.is_organiser,
        "can_propose": seen.is_organiser or seen.has_place,
        "show_names": seen.show_names,
        "rooms": rooms,
        "grid": grid,
        "free_cells": bool(free),
        "room_form": room_form,
        "time_form": time_form,
        "propose_form": propose_form,
    }
    return render(request, "gatherings/open_space.html", context)


def _withdraw(request: HttpRequest, seen: _Viewing) -> HttpResponse:
    form = WithdrawForm(request.POST)
    gathering = seen.gathering
    session = None
    if form.is_valid():
        session = (
            OpenSpaceSession.objects.filter(gathering=gathering, pk=form.cleaned_data["session"])
            .select_related("gathering")
            .first()
        )
    if session is None or seen.viewer is None:
        messages.error(request, "That session is no longer on the grid.")
        return redirect("gatherings:open_space", gathering.pk)
    if session.convener_id != seen.viewer.pk and not seen.is_organiser:
        raise Forbidden("Only the session's convener or an organiser can withdraw it.")
    title = session.title
    try:
        session_actions.withdraw_session(session, by=seen.viewer)
    except ActionError as error:
        messages.error(request, str(error))
        return redirect("gatherings:open_space", gathering.pk)
    return _back(request, "gatherings:open_space", gathering, f"{title} is withdrawn.")


def _back(request: HttpRequest, route: str, gathering: Gathering, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(route, gathering.pk)


def world_cafe(request: HttpRequest, gathering_id: int) -> HttpResponse:
    seen = _Viewing(request, gathering_id)
    gathering = seen.gathering
    intent = request.POST.get("intent", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    round_form = RoundForm(data if intent == "round" else None, prefix="round")
    table_form = TableForm(data if intent == "table" else None, prefix="table", gathering=gathering)

    if intent == "round":
        by = seen.require_organiser()
        if round_form.is_valid():
            try:
                cafe_round = session_actions.add_cafe_round(
                    gathering, by=by, question=round_form.cleaned_data["question"]
                )
            except ActionError as error:
                round_form.add_error(None, str(error))
            else:
                return _back(request, "gatherings:world_cafe", gathering, f"Round {cafe_round.number} is added.")
    elif intent == "table":
        by = seen.require_organiser()
        if table_form.is_valid():
            cleaned = table_form.cleaned_data
            try:
                table = session_actions.add_cafe_table(
                    cleaned["cafe_round"],
                    by=by,
                    name=cleaned["name"],
                    host=cleaned["host"],
                    host_name=cleaned["host_name"],
                )
            except ActionError as error:
                table_form.add_error(None, str(error))
            else:
                return _back(request, "gatherings:world_cafe", gathering, f"{table.name} is added.")
    elif intent:
        seen.require_organiser()

    rounds = list(CafeRound.objects.filter(gathering=gathering))
    tables: dict[int, list[CafeTable]] = {r.pk: [] for r in rounds}
    for table in CafeTable.objects.filter(round__gathering=gathering).select_related("host"):
        tables[table.round_id].append(table)
    context = {
        "gathering": gathering,
        "is_organiser": seen.is_organiser,
        "show_names": seen.show_names,
        "rounds": [(r, tables[r.pk]) for r in rounds],
        "round_form": round_form,
        "table_form": table_form,
    }
    return render(request, "gatherings/world_cafe.html", context)
