"""Every write to the large-group formats: the Open Space grid and World Café rounds.

Organisers set up rooms, time slots, rounds and tables. People with a place (and organisers)
propose Open Space sessions into free cells of the grid; the convener or an organiser withdraws one.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from groundswell.chronicle.actions import record_activity
from groundswell.gatherings import access
from groundswell.gatherings.models import (
    CafeRound,
    CafeTable,
    Gathering,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceTime,
    Registration,
    RegistrationStatus,
)
from groundswell.people.actions import ActionError
from groundswell.people.models import Person


def has_place(gathering: Gathering, person: Person | None) -> bool:
    """Return whether the person holds a place (a registered registration) at the gathering."""
    if person is None or not person.is_authenticated:
        return False
    return Registration.objects.filter(
        gathering=gathering, person=person, status=RegistrationStatus.REGISTERED
    ).exists()


def _lock(gathering: Gathering) -> Gathering:
    """Lock the gathering row so that changes to its grid happen one at a time."""
    return Gathering.objects.select_for_update().select_related("community").get(pk=gathering.pk)


def _require_organiser(gathering: Gathering, by: Person) -> None:
    if not access.is_organiser(gathering, by):
        raise ActionError("Only the gathering's organisers can do this.")


def _require_not_cancelled(gathering: Gathering) -> None:
    if gathering.is_cancelled:
        raise ActionError("This gathering is cancelled.")


@transaction.atomic
def add_open_space_room(gathering: Gathering, *, by: Person, name: str) -> OpenSpaceRoom:
    """Add a room (a column) to the gathering's Open Space grid; organisers only."""
    gathering = _lock(gathering)
    _require_organiser(gathering, by)
    name = name.strip()
    if not name:
        raise ActionError("Give the room a name.")
    if gathering.open_space_rooms.filter(name__iexact=name).exists():
        raise ActionError(f"There is already a room called {name}.")
    room = OpenSpaceRoom.objects.create(gathering=gathering, name=name)
    record_activity("added_open_space_room", actor=by, target=room, community_id=gathering.community_id)
    return room


@transaction.atomic
def add_open_space_time(
    gathering: Gathering, *, by: Person, starts_at: datetime.datetime, minutes: int = 45
) -> OpenSpaceTime:
    """Add a time slot (a row) to the gathering's Open Space grid; organisers only."""
    if timezone.is_naive(starts_at):
        raise ValueError("time slots must be timezone-aware")
    gathering = _lock(gathering)
    _require_organiser(gathering, by)
    if not 1 <= minutes <= 600:
        raise ActionError("A time slot lasts between 1 and 600 minutes.")
    if gathering.open_space_times.filter(starts_at=starts_at).exists():
        raise ActionError("There is already a time slot starting then.")
    slot = OpenSpaceTime.objects.create(gathering=gathering, starts_at=starts_at, minutes=minutes)
    record_activity("added_open_space_time", actor=by, target=slot, community_id=gathering.community_id)
    return slot


@transaction.atomic
def propose_session(
    gathering: Gathering, *, by: Person, room: OpenSpaceRoom, time: OpenSpaceTime, title: str
) -> OpenSpaceSession:
    """Put a session into a free room and time of the grid.

    Only people with a place and organisers may propose; a taken cell is refused.
    """
    gathering = _lock(gathering)
    _require_not_cancelled(gathering)
    if room.gathering_id != gathering.pk or time.gathering_id != gathering.pk:
        raise ActionError("Choose a room and time from this gathering's grid.")
    if not has_place(gathering, by) and not access.is_organiser(gathering, by):
        raise ActionError("Only people with a place at the gathering can propose a session.")
    title = title.strip()
    if not title:
        raise ActionError("Give the session a title.")
    if OpenSpaceSession.objects.filter(room=room, time=time).exists():
        raise ActionError("That room is already taken at that time. Choose another.")
    try:
        with transaction.atomic():
            session = OpenSpaceSession.objects.create(
                gathering=gathering, room=room, time=time, title=title, convener=by
            )
    except IntegrityError as error:
        raise ActionError("That room is already taken at that time. Choose another.") from error
    record_activity("proposed_session", actor=by, target=session, community_id=gathering.community_id)
    return session


@transaction.atomic
def withdraw_session(session: OpenSpaceSession, *, by: Person) -> None:
    """Take a session off the grid, freeing its cell; the convener or an organiser."""
    gathering = _lock(session.gathering)
    if session.convener_id != by.pk and not access.is_organiser(gathering, by):
        raise ActionError("Only the session's convener or an organiser can withdraw it.")
    record_activity("withdrew_session", actor=by, target=session, community_id=gathering.community_id)
    session.delete()


@transaction.atomic
def add_cafe_round(gathering: Gathering, *, by: Person, question: str) -> CafeRound:
    """Add the next World Café round, with the question its tables talk about; organisers only."""
    gathering = _lock(gathering)
    _require_organiser(gathering, by)
    question = question.strip()
    if not question:
        raise ActionError("Write the round's question.")
    last = gathering.cafe_rounds.aggregate(last=Max("number"))["last"]
    cafe_round = CafeRound.objects.create(gathering=gathering, number=(last or 0) + 1, question=question)
    record_activity("added_cafe_round", actor=by, target=cafe_round, community_id=gathering.community_id)
    return cafe_round


@transaction.atomic
def add_cafe_table(
    cafe_round: CafeRound, *, by: Person, name: str, host: Person | None = None, host_name: str = ""
) -> CafeTable:
    """Add a table to a World Café round; organisers only.

    The host is either a person with a place at the gathering or, for a host without an
    account, a name.
    """
    gathering = _lock(cafe_round.gathering)
    _require_organiser(gathering, by)
    name, host_name = name.strip(), host_name.strip()
    if not name:
        raise ActionError("Give the table a name.")
    if host is not None and host_name:
        raise ActionError("Choose a host or write a host's name, not both.")
    if host is None and not host_name:
        raise ActionError("Choose a host or write a host's name.")
    if host is not None and not has_place(gathering, host):
        raise ActionError("A host must have a place at the gathering.")
    table = CafeTable.objects.create(round=cafe_round, name=name, host=host, host_name=host_name)
    record_activity("added_cafe_table", actor=by, target=table, community_id=gathering.community_id)
    return table
