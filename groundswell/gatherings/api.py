"""API: gatherings, series, registrations, attendance, harvest notes and actions."""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints, model_validator

from groundswell.chronicle import actions as chronicle
from groundswell.communities import access as community_access
from groundswell.communities.api import PersonRef
from groundswell.communities.models import Role
from groundswell.gatherings import access, actions
from groundswell.gatherings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Confidentiality,
    Element,
    FeedbackToCentre,
    Format,
    Gathering,
    GatheringStatus,
    HarvestNote,
    HarvestPhoto,
    Invitee,
    Level,
    PreRead,
    Registration,
    RegistrationStatus,
    Series,
)
from groundswell.lib.api import MAX_ID, Email, Id, InputSchema, Paging, PatchSchema, Storable, errors, page
from groundswell.lib.documents import download_response
from groundswell.people import access as people_access
from groundswell.people.actions import ActionError
from groundswell.people.api_auth import caller
from groundswell.people.models import Person

router = Router(tags=["gatherings"])

JOINING = "The place and joining link are shown to people with a place and to organisers; null for others."


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160), Storable]
Purpose = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable]
Theme = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), Storable]
Place = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Storable]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120), Storable]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000), Storable]
AltText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000), Storable]
Caption = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Storable]
AccessNeeds = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000), Storable]


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _time_zone(value: str) -> str:
    if value not in _zones():
        raise ValueError("must be an IANA time zone name, such as Europe/London")
    return value


def _url(value: str) -> str:
    if value:
        try:
            URLValidator(schemes=["https", "http"])(value)
        except DjangoValidationError:
            raise ValueError("must be a web address starting https://") from None
    return value


# The earliest and latest years a gathering may be planned in: generous, and far inside what
# Python's datetime and every database can hold after adding months and durations.
MIN_YEAR, MAX_YEAR = 2000, 2200


def _plausible(value: datetime.datetime) -> datetime.datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"must be between the years {MIN_YEAR} and {MAX_YEAR}")
    return value


TimeZone = Annotated[str, StringConstraints(max_length=64), Storable, AfterValidator(_time_zone)]
JoiningLink = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), Storable, AfterValidator(_url)]
Moment = Annotated[AwareDatetime, AfterValidator(_plausible)]
Capacity = Annotated[int, Field(ge=1, le=100_000)]


class SeriesGatheringOut(Schema):
    id: int
    number: int | None
    starts_at: datetime.datetime
    status: GatheringStatus
    registered_count: int = Field(description="People holding a place.")
    attended_count: int = Field(description="People recorded as having come.")


class SeriesOut(Schema):
    id: int
    url: str
    community_id: int
    title: str
    purpose: str
    every_months: int
    meetings: int
    created_at: datetime.datetime


class SeriesDetail(SeriesOut):
    gatherings: list[SeriesGatheringOut]
    core_roster: list[PersonRef] | None = Field(description="The people invited to every meeting; convenors only.")


class SeriesList(Schema):
    items: list[SeriesOut]
    count: int


class SeriesIn(InputSchema):
    """A series: its meetings are planned at once, `every_months` apart at the same local time."""

    title: Title
    purpose: Purpose = ""
    first_starts_at: Moment = Field(description="ISO 8601 with offset, e.g. `2026-03-05T10:00:00+00:00`.")
    duration_minutes: int = Field(ge=1, le=24 * 60)
    every_months: int = Field(2, ge=1, le=24)
    meetings: int = Field(6, ge=1, le=52)
    time_zone: TimeZone = "Europe/London"
    format: Format = Format.IN_PERSON
    place: Place = ""
    joining_link: JoiningLink = ""
    capacity: Capacity | None = None


class GatheringOut(Schema):
    id: int
    url: str
    community_id: int
    series_id: int | None
    number_in_series: int | None
    title: str
    purpose: str
    theme: str
    format: Format
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    place: str | None = Field(description=JOINING)
    joining_link: str | None = Field(description=JOINING)
    capacity: int | None
    confidentiality: Confidentiality
    is_chatham_house: bool = Field(description="Names stay in the room: note-takers are not shown.")
    status: GatheringStatus
    cancel_reason: str
    registered_count: int = Field(description="People holding a place.")
    facilitator_ids: list[int] = Field(description="People who organise this gathering with the convenors.")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class GatheringList(Schema):
    items: list[GatheringOut]
    count: int


class GatheringFilters(Paging):
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming", description="`upcoming`: not yet ended, soonest first; `past`: most recent first; `all`: by start."
    )
    status: GatheringStatus | None = None


class GatheringIn(InputSchema):
    title: Title
    purpose: Purpose = ""
    theme: Theme = ""
    format: Format = Format.IN_PERSON
    starts_at: Moment = Field(description="ISO 8601 with offset.")
    ends_at: Moment = Field(description="ISO 8601 with offset; after `starts_at`.")
    time_zone: TimeZone = "Europe/London"
    place: Place = ""
    joining_link: JoiningLink = ""
    capacity: Capacity | None = None
    confidentiality: Confidentiality = Confidentiality.COMMUNITY

    @model_validator(mode="after")
    def _ends_after_start(self) -> GatheringIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if self.ends_at - self.starts_at > datetime.timedelta(days=14):
            raise ValueError("a gathering lasts at most 14 days")
        return self


class GatheringPatch(PatchSchema):
    """Change a gathering's details, open it for registration, or cancel it with a reason."""

    nullable = frozenset({"capacity"})

    title: Title | None = None
    purpose: Purpose | None = None
    theme: Theme | None = None
    format: Format | None = None
    starts_at: Moment | None = Field(None, description="ISO 8601 with offset.")
    ends_at: Moment | None = Field(None, description="ISO 8601 with offset; after `starts_at`.")
    time_zone: TimeZone | None = None
    place: Place | None = None
    joining_link: JoiningLink | None = None
    capacity: Capacity | None = Field(None, description="null for no limit; not below the places already taken.")
    confidentiality: Confidentiality | None = None
    facilitator_ids: list[Id] | None = Field(None, max_length=200, description="Replaces the facilitators.")
    status: Literal["open", "cancelled"] | None = None
    cancel_reason: Reason | None = Field(None, description="Needed with `status: cancelled`; people are told.")

    @model_validator(mode="after")
    def _reason_with_cancelling(self) -> GatheringPatch:
        if self.status == "cancelled" and not self.cancel_reason:
            raise ValueError("cancel_reason is needed to cancel a gathering")
        if self.cancel_reason is not None and self.status != "cancelled":
            raise ValueError("cancel_reason is given only with status cancelled")
        if self.status == "cancelled" and self.model_fields_set - {"status", "cancel_reason"}:
            raise ValueError("cancel a gathering on its own, without other changes")
        return self

    def changes(self) -> dict[str, object]:
        """The detail fields sent, as keyword arguments for actions.update_gathering."""
        sent = self.model_fields_set & set(actions.EDITABLE)
        values: dict[str, object] = {name: getattr(self, name) for name in sent}
        for name in ("format", "confidentiality"):
            if name in values:
                values[name] = getattr(values[name], "value", values[name])
        return values


class SeriesPatch(PatchSchema):
    """Rename a series, restate its purpose, or replace its core roster."""

    title: Title | None = None
    purpose: Purpose | None = None
    core_roster_ids: list[Id] | None = Field(
        None,
        max_length=2000,
        description="Replaces the core roster. People added are invited to every meeting still to come; people "
        "taken off lose only the invitations they have not answered.",
    )


class GatheringInvitationOut(Schema):
    id: int = Field(description="The registration's id: an invitation becomes the person's registration.")
    email: str
    name: str
    person: PersonRef | None
    invitee: Invitee
    status: RegistrationStatus
    created_at: datetime.datetime


class GatheringInvitationList(Schema):
    items: list[GatheringInvitationOut]
    count: int


class GatheringInvitationIn(InputSchema):
    email: Email
    name: PersonName = ""
    invitee: Invitee = Invitee.THEME_GUEST


class RegistrationOut(Schema):
    id: int
    person: PersonRef | None
    name: str
    invitee: Invitee
    status: RegistrationStatus
    registered_at: datetime.datetime | None
    waitlisted_at: datetime.datetime | None
    attended: bool | None = Field(description="null until attendance is recorded.")
    access_needs: str | None = Field(description="Shown to the organisers and the person only; never exported.")


class RegistrationList(Schema):
    items: list[RegistrationOut]
    count: int


class RegistrationFilters(Paging):
    status: RegistrationStatus | None = None


class RegistrationIn(InputSchema):
    access_needs: AccessNeeds = Field("", description="Communication and access needs; seen only by organisers.")


class AttendanceIn(InputSchema):
    came: list[Id] = Field(max_length=10_000, description="Ids of the registrations of the people who came.")


class AttendanceOut(Schema):
    came: int = Field(description="How many came. Others who had a place are recorded as absent.")


class NoteOut(Schema):
    id: int
    agenda_item_id: int | None
    group: str
    what_we_heard: str
    evidence: str
    where: str
    who_is_affected: str
    urgency: Level
    confidence: Level
    note_taker: PersonRef | None = Field(description="null under the Chatham House rule.")
    created_at: datetime.datetime


class NoteList(Schema):
    items: list[NoteOut]
    count: int


class NoteIn(InputSchema):
    what_we_heard: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), Storable]
    group: PersonName = ""
    evidence: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable] = ""
    where: Theme = ""
    who_is_affected: Place = ""
    urgency: Level = Level.MEDIUM
    confidence: Level = Level.MEDIUM


class ActionOut(Schema):
    id: int
    gathering_id: int
    title: str
    owner: PersonRef | None
    owner_name: str
    due_date: datetime.date | None
    status: ActionStatus
    created_at: datetime.datetime


class ActionList(Schema):
    items: list[ActionOut]
    count: int
    carried_forward: list[ActionOut] = Field(
        description="Open actions from earlier meetings of the series, carried to this one until done."
    )


class ActionIn(InputSchema):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), Storable]
    owner_id: Id | None = Field(None, description="A person who owns it; or give `owner_name`.")
    owner_name: PersonName = ""
    due_date: datetime.date | None = None

    @model_validator(mode="after")
    def _plausible_date(self) -> ActionIn:
        if self.due_date is not None and not MIN_YEAR <= self.due_date.year <= MAX_YEAR:
            raise ValueError(f"due_date must be between the years {MIN_YEAR} and {MAX_YEAR}")
        return self


def _absolute(request: HttpRequest, name: str, pk: int) -> str:
    return request.build_absolute_uri(reverse(name, args=[pk]))


def _person_out(request: HttpRequest, person: Person) -> PersonRef:
    return PersonRef(
        id=person.pk, display_name=person.display_name, url=request.build_absolute_uri(person.get_absolute_url())
    )


def _person_ref(request: HttpRequest, person: Person | None) -> PersonRef | None:
    return None if person is None else _person_out(request, person)


def _series_out(request: HttpRequest, series: Series) -> SeriesOut:
    return SeriesOut(
        id=series.pk,
        url=_absolute(request, "gatherings:series", series.pk),
        community_id=series.community_id,
        title=series.title,
        purpose=series.purpose,
        every_months=series.every_months,
        meetings=series.meetings,
        created_at=series.created_at,
    )


def _gathering_out(request: HttpRequest, gathering: Gathering, *, joining: bool, registered: int) -> GatheringOut:
    return GatheringOut(
        id=gathering.pk,
        url=_absolute(request, "gatherings:detail", gathering.pk),
        community_id=gathering.community_id,
        series_id=gathering.series_id,
        number_in_series=gathering.number_in_series,
        title=gathering.title,
        purpose=gathering.purpose,
        theme=gathering.theme,
        format=Format(gathering.format),
        starts_at=gathering.starts_at,
        ends_at=gathering.ends_at,
        time_zone=gathering.time_zone,
        place=gathering.place if joining else None,
        joining_link=gathering.joining_link if joining else None,
        capacity=gathering.capacity,
        confidentiality=Confidentiality(gathering.confidentiality),
        is_chatham_house=gathering.is_chatham_house,
        status=GatheringStatus(gathering.status),
        cancel_reason=gathering.cancel_reason,
        registered_count=registered,
        facilitator_ids=[p.pk for p in gathering.facilitators.all()],
        created_at=gathering.created_at,
        updated_at=gathering.updated_at,
    )


def _gathering_detail(request: HttpRequest, gathering: Gathering, viewer: Person) -> GatheringOut:
    gathering.refresh_from_db()
    registered = Registration.objects.filter(gathering=gathering).coming().count()
    joining = access.can_see_joining_details(gathering, viewer)
    return _gathering_out(request, gathering, joining=joining, registered=registered)


def _invitation_out(request: HttpRequest, registration: Registration) -> GatheringInvitationOut:
    return GatheringInvitationOut(
        id=registration.pk,
        email=registration.email,
        name=registration.name,
        person=_person_ref(request, registration.person),  # type: ignore[arg-type]
        invitee=Invitee(registration.invitee),
        status=RegistrationStatus(registration.status),
        created_at=registration.created_at,
    )


def _registration_out(request: HttpRequest, registration: Registration, *, show_needs: bool) -> RegistrationOut:
    return RegistrationOut(
        id=registration.pk,
        person=_person_ref(request, registration.person),  # type: ignore[arg-type]
        name=registration.name,
        invitee=Invitee(registration.invitee),
        status=RegistrationStatus(registration.status),
        registered_at=registration.registered_at,
        waitlisted_at=registration.waitlisted_at,
        attended=registration.attended,
        access_needs=registration.access_needs if show_needs else None,
    )


def _note_out(request: HttpRequest, note: HarvestNote, *, chatham_house: bool) -> NoteOut:
    return NoteOut(
        id=note.pk,
        agenda_item_id=note.agenda_item_id,
        group=note.group,
        what_we_heard=note.what_we_heard,
        evidence=note.evidence,
        where=note.where,
        who_is_affected=note.who_is_affected,
        urgency=Level(note.urgency),
        confidence=Level(note.confidence),
        note_taker=None if chatham_house else _person_ref(request, note.note_taker),  # type: ignore[arg-type]
        created_at=note.created_at,
    )


def _action_out(request: HttpRequest, action: ActionItem) -> ActionOut:
    return ActionOut(
        id=action.pk,
        gathering_id=action.gathering_id,
        title=action.title,
        owner=_person_ref(request, action.owner),  # type: ignore[arg-type]
        owner_name=action.owner_name,
        due_date=action.due_date,
        status=ActionStatus(action.status),
        created_at=action.created_at,
    )


def _check_id(value: int) -> int:
    # Path ids beyond 64 bits cannot exist; answer 404 rather than overflow in SQL.
    if value > MAX_ID:
        raise Http404
    return value


@router.get(
    "/communities/{int:community_id}/series",
    response={200: SeriesList, **errors(404, 422)},
    summary="Series of a community",
)
def list_series(request: HttpRequest, community_id: int, paging: Query[Paging]) -> SeriesList:
    """The community's meeting series, newest first."""
    viewer = caller(request)
    community, _ = community_access.get_community_for_viewer(viewer, _check_id(community_id))
    rows, count = page(Series.objects.filter(community=community).order_by("-created_at", "-id"), paging)
    return SeriesList(items=[_series_out(request, s) for s in rows], count=count)


@router.post(
    "/communities/{int:community_id}/series",
    response={201: SeriesDetail, **errors(400, 403, 404, 409, 422)},
    summary="Plan a series (convenors)",
)
def create_series(request: HttpRequest, community_id: int, payload: SeriesIn) -> Status[SeriesDetail]:
    """Plan every meeting of a series at once, `every_months` apart at the same local time in
    `time_zone`. The community's convenors and core members are invited to each meeting."""
    viewer = caller(request)
    community, _ = community_access.get_community_for_convenor(viewer, _check_id(community_id))
    if community.is_closed:
        raise HttpError(409, "This community has closed; it cannot plan new gatherings.")
    series = actions.schedule_series(
        community,
        by=viewer,
        title=payload.title,
        purpose=payload.purpose,
        first_starts_at=payload.first_starts_at,
        duration=datetime.timedelta(minutes=payload.duration_minutes),
        every_months=payload.every_months,
        meetings=payload.meetings,
        time_zone=payload.time_zone,
        format=payload.format.value,
        place=payload.place,
        joining_link=payload.joining_link,
        capacity=payload.capacity,
    )
    return Status(201, _series_detail(request, series, viewer))


def _series_detail(request: HttpRequest, series: Series, viewer: Person) -> SeriesDetail:
    gatherings = (
        Gathering.objects.filter(series=series)
        .annotate(
            coming=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)),
            came=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("number_in_series", "starts_at", "id")
    )
    membership = community_access.active_membership(series.community, viewer)
    roster = None
    if membership is not None and membership.role == Role.CONVENOR:
        roster = [_person_out(request, p) for p in series.core_roster.order_by("display_name", "id")]
    return SeriesDetail(
        **_series_out(request, series).model_dump(),
        core_roster=roster,
        gatherings=[
            SeriesGatheringOut(
                id=g.pk,
                number=g.number_in_series,
                starts_at=g.starts_at,
                status=GatheringStatus(g.status),
                registered_count=g.coming,  # type: ignore[attr-defined]
                attended_count=g.came,  # type: ignore[attr-defined]
            )
            for g in gatherings
        ],
    )


@router.get("/series/{int:series_id}", response={200: SeriesDetail, **errors(404, 422)}, summary="One series")
def get_series(request: HttpRequest, series_id: int) -> SeriesDetail:
    """A series with its meetings: their numbers, start times, places taken and how many came."""
    viewer = caller(request)
    return _series_detail(request, access.get_series_for_viewer(viewer, _check_id(series_id)), viewer)


@router.patch(
    "/series/{int:series_id}",
    response={200: SeriesDetail, **errors(400, 403, 404, 409, 422)},
    summary="Change a series (convenors)",
)
def update_series(request: HttpRequest, series_id: int, payload: SeriesPatch) -> SeriesDetail:
    """Rename the series, restate its purpose, or replace its core roster (`core_roster_ids`, every
    one a member of the community: 409 otherwise). To change one meeting, PATCH that gathering."""
    viewer = caller(request)
    series = access.get_series_for_convenor(viewer, _check_id(series_id))
    roster = None
    if payload.core_roster_ids is not None:
        wanted = set(payload.core_roster_ids)
        roster = list(Person.objects.filter(pk__in=wanted))
        if len(roster) != len(wanted):
            raise HttpError(422, "core_roster_ids names someone who does not exist")
    actions.update_series(series, by=viewer, title=payload.title, purpose=payload.purpose, roster=roster)
    series.refresh_from_db()
    return _series_detail(request, series, viewer)


@router.get(
    "/communities/{int:community_id}/gatherings",
    response={200: GatheringList, **errors(404, 422)},
    summary="Gatherings of a community",
)
def list_gatherings(request: HttpRequest, community_id: int, filters: Query[GatheringFilters]) -> GatheringList:
    """Upcoming gatherings by default (`?when=past` or `all` for others)."""
    viewer = caller(request)
    community, _ = community_access.get_community_for_viewer(viewer, _check_id(community_id))
    qs = Gathering.objects.filter(community=community).select_related("community").prefetch_related("facilitators")
    if filters.when == "upcoming":
        qs = qs.upcoming()
    elif filters.when == "past":
        qs = qs.past()
    else:
        qs = qs.order_by("starts_at", "id")
    if filters.status is not None:
        qs = qs.filter(status=filters.status.value)
    qs = qs.annotate(coming=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)))
    rows, count = page(qs, filters)
    joining = access.gatherings_with_joining_details(rows, viewer)
    items = [
        _gathering_out(request, g, joining=g.pk in joining, registered=g.coming)  # type: ignore[attr-defined]
        for g in rows
    ]
    return GatheringList(items=items, count=count)


@router.post(
    "/communities/{int:community_id}/gatherings",
    response={201: GatheringOut, **errors(400, 403, 404, 409, 422)},
    summary="Plan a gathering (convenors)",
)
def create_gathering(request: HttpRequest, community_id: int, payload: GatheringIn) -> Status[GatheringOut]:
    """Plan a gathering; it starts `planned`: PATCH `status: open` to take registrations."""
    viewer = caller(request)
    community, _ = community_access.get_community_for_convenor(viewer, _check_id(community_id))
    fields = payload.model_dump(exclude={"format", "confidentiality"})
    gathering = actions.schedule_gathering(
        community, by=viewer, format=payload.format.value, confidentiality=payload.confidentiality.value, **fields
    )
    return Status(201, _gathering_detail(request, gathering, viewer))


@router.get("/gatherings/{int:gathering_id}", response={200: GatheringOut, **errors(404, 422)}, summary="One gathering")
def get_gathering(request: HttpRequest, gathering_id: int) -> GatheringOut:
    """A gathering in a community you can see."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    return _gathering_detail(request, gathering, viewer)


@router.patch(
    "/gatherings/{int:gathering_id}",
    response={200: GatheringOut, **errors(400, 403, 404, 409, 422)},
    summary="Change, open or cancel a gathering (organisers)",
)
def update_gathering(request: HttpRequest, gathering_id: int, payload: GatheringPatch) -> GatheringOut:
    """Change any of the details sent. Changes of time, place, link, format or title are emailed to
    everyone invited, with a place or waiting, with the updated event, and calendars update.
    `{"status": "open"}` opens a planned gathering for registration;
    `{"status": "cancelled", "cancel_reason": "..."}` cancels one still to come (on its own).
    409 when the gathering's state does not allow the change (held, cancelled, capacity below
    the places taken, a facilitator who is not a member)."""
    viewer = caller(request)
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    changes = payload.changes()
    facilitators = None
    if payload.facilitator_ids is not None:
        wanted = set(payload.facilitator_ids)
        facilitators = list(Person.objects.filter(pk__in=wanted))
        if len(facilitators) != len(wanted):
            raise HttpError(422, "facilitator_ids names someone who does not exist")
    if changes or facilitators is not None:
        with transaction.atomic():
            actions.update_gathering(gathering, by=viewer, facilitators=facilitators, **changes)
            if payload.status == "open":
                actions.open_registration(gathering, by=viewer)
        return _gathering_detail(request, gathering, viewer)
    if payload.status == "open":
        actions.open_registration(gathering, by=viewer)
    elif payload.status == "cancelled":
        actions.cancel_gathering(gathering, by=viewer, reason=payload.cancel_reason or "")
    return _gathering_detail(request, gathering, viewer)


@router.get(
    "/gatherings/{int:gathering_id}/invitations",
    response={200: GatheringInvitationList, **errors(403, 404, 422)},
    summary="Invitations to a gathering (organisers)",
)
def list_invitations(request: HttpRequest, gathering_id: int, paging: Query[Paging]) -> GatheringInvitationList:
    """Everyone invited (the series' core roster and guests invited by email), with their answer."""
    viewer = caller(request)
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    qs = (
        Registration.objects.filter(gathering=gathering, invited_by__isnull=False)
        .select_related("person")
        .order_by("created_at", "id")
    )
    rows, count = page(qs, paging)
    return GatheringInvitationList(items=[_invitation_out(request, r) for r in rows], count=count)


@router.post(
    "/gatherings/{int:gathering_id}/invitations",
    response={201: GatheringInvitationOut, **errors(400, 403, 404, 409, 422)},
    summary="Invite someone by email (organisers)",
)
def create_invitation(
    request: HttpRequest, gathering_id: int, payload: GatheringInvitationIn
) -> Status[GatheringInvitationOut]:
    """Invite anyone by email, a theme guest or a significant local other; no account is
    needed. 409 if the address is already invited or the gathering is over or cancelled."""
    viewer = caller(request)
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    registration = actions.invite_to_gathering(
        gathering, by=viewer, email=payload.email, name=payload.name, invitee=payload.invitee.value
    )
    return Status(201, _invitation_out(request, registration))


@router.get(
    "/gatherings/{int:gathering_id}/registrations",
    response={200: RegistrationList, **errors(403, 404, 422)},
    summary="Who registered, and who came (organisers)",
)
def list_registrations(
    request: HttpRequest, gathering_id: int, filters: Query[RegistrationFilters]
) -> RegistrationList:
    """Everyone on the gathering's list with their answer and, once recorded, whether they
    came; with their access needs (organisers only; each look is audited)."""
    viewer = caller(request)
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    qs = Registration.objects.filter(gathering=gathering).select_related("person").order_by("name", "id")
    if filters.status is not None:
        qs = qs.filter(status=filters.status.value)
    rows, count = page(qs, filters)
    needing = [r.person for r in rows if r.access_needs and r.person is not None]
    if needing:
        chronicle.record_access(
            viewer=viewer, subjects=needing, what="access_needs", context=f"registrations for gathering {gathering.pk}"
        )
    return RegistrationList(items=[_registration_out(request, r, show_needs=True) for r in rows], count=count)


@router.post(
    "/gatherings/{int:gathering_id}/registrations",
    response={201: RegistrationOut, **errors(400, 404, 409, 422)},
    summary="Register yourself",
)
def register(request: HttpRequest, gathering_id: int, payload: RegistrationIn) -> Status[RegistrationOut]:
    """Take a place (status `registered`), or a place on the waiting list (`waitlisted`) when
    the gathering is full. 409 if it is not open for registration or you already registered."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    registration = actions.register(gathering, person=viewer, access_needs=payload.access_needs)
    return Status(201, _registration_out(request, registration, show_needs=True))


@router.put(
    "/gatherings/{int:gathering_id}/attendance",
    response={200: AttendanceOut, **errors(400, 403, 404, 409, 422)},
    summary="Record who came (organisers)",
)
def record_attendance(request: HttpRequest, gathering_id: int, payload: AttendanceIn) -> AttendanceOut:
    """Send the ids of the registrations of everyone who came; the others who had a place are
    recorded as absent. 409 before the gathering starts or for ids not on its list."""
    viewer = caller(request)
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    came = actions.record_attendance(gathering, by=viewer, came=payload.came)
    return AttendanceOut(came=came)


@router.get(
    "/gatherings/{int:gathering_id}/notes",
    response={200: NoteList, **errors(404, 422)},
    summary="Harvest notes of a gathering",
)
def list_notes(request: HttpRequest, gathering_id: int, paging: Query[Paging]) -> NoteList:
    """What the breakouts, tables and sessions heard, oldest first. Under the Chatham House
    rule the note-takers are not named."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    qs = HarvestNote.objects.filter(gathering=gathering).select_related("note_taker").order_by("created_at", "id")
    rows, count = page(qs, paging)
    chatham_house = gathering.is_chatham_house
    return NoteList(items=[_note_out(request, n, chatham_house=chatham_house) for n in rows], count=count)


@router.post(
    "/gatherings/{int:gathering_id}/notes",
    response={201: NoteOut, **errors(400, 403, 404, 409, 422)},
    summary="Add a harvest note (organisers and people with a place)",
)
def create_note(request: HttpRequest, gathering_id: int, payload: NoteIn) -> Status[NoteOut]:
    """Record what a breakout, table or session heard, in the harvest template."""
    viewer = caller(request)
    gathering = access.get_gathering_for_note_taker(viewer, _check_id(gathering_id))
    fields = payload.model_dump(exclude={"what_we_heard", "urgency", "confidence"})
    note = actions.add_note(
        gathering,
        by=viewer,
        what_we_heard=payload.what_we_heard,
        urgency=payload.urgency.value,
        confidence=payload.confidence.value,
        **fields,
    )
    return Status(201, _note_out(request, note, chatham_house=gathering.is_chatham_house))


@router.get(
    "/gatherings/{int:gathering_id}/actions",
    response={200: ActionList, **errors(404, 422)},
    summary="Actions agreed at a gathering",
)
def list_actions(request: HttpRequest, gathering_id: int, paging: Query[Paging]) -> ActionList:
    """Actions agreed at this gathering, in `items`; open actions from earlier meetings of its
    series, in `carried_forward` (not paged)."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    qs = ActionItem.objects.filter(gathering=gathering).select_related("owner").order_by("created_at", "id")
    rows, count = page(qs, paging)
    carried = ActionItem.objects.carried_to(gathering).select_related("owner")
    return ActionList(
        items=[_action_out(request, a) for a in rows],
        count=count,
        carried_forward=[_action_out(request, a) for a in carried],
    )


@router.post(
    "/gatherings/{int:gathering_id}/actions",
    response={201: ActionOut, **errors(400, 403, 404, 409, 422)},
    summary="Agree an action (organisers)",
)
def create_action(request: HttpRequest, gathering_id: int, payload: ActionIn) -> Status[ActionOut]:
    """An action, owned by a person (`owner_id`) or someone named (`owner_name`); it is
    carried to later meetings of the series until done or dropped."""
    viewer = caller(request)
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    owner = people_access.get_person_for_viewer(viewer, payload.owner_id) if payload.owner_id is not None else None
    action = actions.add_action(
        gathering, by=viewer, title=payload.title, owner=owner, owner_name=payload.owner_name, due_date=payload.due_date
    )
    return Status(201, _action_out(request, action))


class PhotoOut(Schema):
    id: int
    image_url: str = Field(description="The photo itself: a JPEG without metadata, with the same authentication.")
    alt_text: str
    caption: str
    note_id: int | None
    width: int
    height: int
    created_at: datetime.datetime


class PhotoIn(Schema):
    alt_text: AltText = Field(description="Required: what the photo shows, for people who cannot see it.")
    caption: Caption = ""
    note_id: Id | None = Field(None, description="The harvest note the photo belongs with.")


class PhotoList(Schema):
    items: list[PhotoOut]
    count: int


def _photo_out(request: HttpRequest, photo: HarvestPhoto) -> PhotoOut:
    url = reverse("api:photo_image", kwargs={"gathering_id": photo.gathering_id, "photo_id": photo.pk})
    return PhotoOut(
        id=photo.pk,
        image_url=request.build_absolute_uri(url),
        alt_text=photo.alt_text,
        caption=photo.caption,
        note_id=photo.note_id,
        width=photo.width,
        height=photo.height,
        created_at=photo.created_at,
    )


@router.get(
    "/gatherings/{int:gathering_id}/photos",
    response={200: PhotoList, **errors(404, 422)},
    summary="Photos of a gathering's flip charts",
)
def list_photos(request: HttpRequest, gathering_id: int, paging: Query[Paging]) -> PhotoList:
    """Photos in the gathering's harvest, oldest first. Who added them is not given."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    rows, count = page(HarvestPhoto.objects.filter(gathering=gathering).order_by("created_at", "id"), paging)
    return PhotoList(items=[_photo_out(request, p) for p in rows], count=count)


@router.post(
    "/gatherings/{int:gathering_id}/photos",
    response={201: PhotoOut, **errors(400, 403, 404, 409, 422)},
    summary="Add a photo of a flip chart (organisers and people with a place)",
)
def create_photo(
    request: HttpRequest,
    gathering_id: int,
    photo: File[UploadedFile],
    fields: Form[PhotoIn],
) -> Status[PhotoOut]:
    """A `multipart/form-data` upload: `photo` (JPEG, PNG or WebP, up to 15 MB; re-encoded without
    its metadata), `alt_text` (required: what the photo shows), optional `caption` and `note_id`.
    422 for a file that is not a usable photo or alt text that is only a file name."""
    viewer = caller(request)
    gathering = access.get_gathering_for_note_taker(viewer, _check_id(gathering_id))
    note = None
    if fields.note_id is not None:
        note = HarvestNote.objects.filter(pk=fields.note_id, gathering=gathering).first()
        if note is None:
            raise HttpError(422, "note_id is not a note of this gathering")
    raw = photo.read(actions.MAX_PHOTO_BYTES + 1)
    try:
        added = actions.add_photo(
            gathering, by=viewer, raw=raw, alt_text=fields.alt_text, caption=fields.caption, note=note
        )
    except ActionError as error:
        # The upload itself is unusable, not the state of things: 422, not 409.
        raise HttpError(422, str(error)) from error
    return Status(201, _photo_out(request, added))


@router.get(
    "/gatherings/{int:gathering_id}/photos/{int:photo_id}/image",
    response={200: None, **errors(404, 422)},
    url_name="photo_image",
    summary="The photo itself (image/jpeg)",
    openapi_extra={"responses": {200: {"description": "A JPEG", "content": {"image/jpeg": {}}}}},
)
def photo_image(request: HttpRequest, gathering_id: int, photo_id: int) -> FileResponse:
    """The JPEG, for anyone who can see the gathering."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    item = HarvestPhoto.objects.filter(pk=_check_id(photo_id), gathering=gathering).first()
    if item is None:
        raise Http404("No such photo")
    return FileResponse(item.image.open("rb"), content_type="image/jpeg")


@router.delete(
    "/gatherings/{int:gathering_id}/photos/{int:photo_id}",
    response={204: None, **errors(403, 404, 422)},
    summary="Remove a photo (organisers and the person who added it)",
)
def delete_photo(request: HttpRequest, gathering_id: int, photo_id: int) -> Status[None]:
    """Take a photo out of the harvest, for instance because it shows a name; its file goes too."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    item = HarvestPhoto.objects.filter(pk=_check_id(photo_id), gathering=gathering).first()
    if item is None:
        raise Http404("No such photo")
    if item.uploaded_by_id != viewer.pk and not access.is_organiser(gathering, viewer):
        raise HttpError(403, "Only the organisers and the person who added a photo can remove it.")
    actions.remove_photo(item, by=viewer)
    return Status(204, None)


class AnswerIn(InputSchema):
    status: Literal["apologies", "declined", "cancelled"] = Field(
        description="`apologies`: you cannot come; `declined`: you decline the invitation; `cancelled`: you give up "
        "your place or leave the waiting list. A place you free goes to the first on the waiting list."
    )


ANSWERS = {"apologies": actions.send_apologies, "declined": actions.decline, "cancelled": actions.cancel_registration}


@router.patch(
    "/gatherings/{int:gathering_id}/registration",
    response={200: RegistrationOut, **errors(400, 404, 409, 422)},
    summary="Answer for yourself: apologies, decline, give up a place",
)
def answer(request: HttpRequest, gathering_id: int, payload: AnswerIn) -> RegistrationOut:
    """Change your own registration or invitation. 404 if you have neither for this gathering."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    registration = Registration.objects.filter(gathering=gathering, person=viewer).first()
    if registration is None:
        raise Http404("You have no invitation or registration for this gathering")
    if gathering.is_cancelled or gathering.ends_at < timezone.now():
        raise HttpError(409, "This gathering is over or cancelled.")
    registration.gathering = gathering
    ANSWERS[payload.status](registration)
    registration.refresh_from_db()
    return _registration_out(request, registration, show_needs=True)


class ActionPatch(PatchSchema):
    status: ActionStatus = Field(description="Open and in-progress actions are carried to later meetings.")


@router.patch(
    "/actions/{int:action_id}",
    response={200: ActionOut, **errors(400, 403, 404, 422)},
    summary="Move an action on (organisers)",
)
def update_action(request: HttpRequest, action_id: int, payload: ActionPatch) -> ActionOut:
    """Set an action's status: the organisers of the gathering it was agreed at may (the
    community's convenors organise every meeting of a series)."""
    viewer = caller(request)
    action = ActionItem.objects.select_related("gathering", "owner").filter(pk=_check_id(action_id)).first()
    if action is None:
        raise Http404("No such action")
    gathering = access.get_gathering_for_organiser(viewer, action.gathering_id)
    action.gathering = gathering
    actions.set_action_status(action, by=viewer, status=payload.status.value)
    return _action_out(request, action)


class FeedbackOut(Schema):
    id: int
    gathering_id: int
    message: str
    position: int
    created_at: datetime.datetime


class FeedbackList(Schema):
    items: list[FeedbackOut]
    count: int


class FeedbackIn(InputSchema):
    message: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), Storable]


def _feedback_out(feedback: FeedbackToCentre) -> FeedbackOut:
    return FeedbackOut(
        id=feedback.pk,
        gathering_id=feedback.gathering_id,
        message=feedback.message,
        position=feedback.position,
        created_at=feedback.created_at,
    )


@router.get(
    "/gatherings/{int:gathering_id}/feedback",
    response={200: FeedbackList, **errors(404, 422)},
    summary="Feedback to the centre from a gathering",
)
def list_feedback(request: HttpRequest, gathering_id: int, paging: Query[Paging]) -> FeedbackList:
    """The key messages the gathering wants the national team to hear, in its order. Who wrote
    them is not given: they are the meeting's messages."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    rows, count = page(FeedbackToCentre.objects.filter(gathering=gathering).order_by("position", "id"), paging)
    return FeedbackList(items=[_feedback_out(f) for f in rows], count=count)


@router.post(
    "/gatherings/{int:gathering_id}/feedback",
    response={201: FeedbackOut, **errors(400, 403, 404, 422)},
    summary="Add feedback to the centre (organisers)",
)
def create_feedback(request: HttpRequest, gathering_id: int, payload: FeedbackIn) -> Status[FeedbackOut]:
    """Add a key message for the national team; it goes after the ones already recorded."""
    viewer = caller(request)
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    return Status(201, _feedback_out(actions.add_feedback(gathering, by=viewer, message=payload.message)))


class PreReadOut(Schema):
    id: int
    title: str
    kind: str = Field(description="The file's kind, from its content: pdf, docx, pptx, xlsx, odt, txt ...")
    size: int
    download_url: str


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    element: Element
    minutes: int
    lead: PersonRef | None
    lead_name: str
    pre_read_links: list[str] = Field(description="Links to read beforehand.")
    pre_reads: list[PreReadOut] = Field(description="Files to read beforehand.")


class AgendaList(Schema):
    items: list[AgendaItemOut]
    count: int


class AgendaItemIn(InputSchema):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable]
    element: Element
    minutes: int = Field(30, ge=1, le=600)
    lead_id: Id | None = None
    lead_name: PersonName = ""
    pre_read_links: list[Annotated[str, AfterValidator(_url)]] = Field(default_factory=list, max_length=20)


class MoveIn(InputSchema):
    direction: Literal["up", "down"]


class PreReadIn(Schema):
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), Storable] = ""


def _pre_read_out(request: HttpRequest, pre_read: PreRead) -> PreReadOut:
    url = reverse("api:pre_read_file", kwargs={"pre_read_id": pre_read.pk})
    return PreReadOut(
        id=pre_read.pk,
        title=pre_read.title,
        kind=pre_read.extension,
        size=pre_read.size,
        download_url=request.build_absolute_uri(url),
    )


def _agenda_item_out(request: HttpRequest, item: AgendaItem) -> AgendaItemOut:
    return AgendaItemOut(
        id=item.pk,
        position=item.position,
        title=item.title,
        element=Element(item.element),
        minutes=item.minutes,
        lead=_person_ref(request, item.lead),
        lead_name=item.lead_name,
        pre_read_links=[line.strip() for line in item.pre_reads.splitlines() if line.strip()],
        pre_reads=[_pre_read_out(request, f) for f in item.files.all()],
    )


def _agenda_item_for_organiser(viewer: Person, gathering_id: int, item_id: int) -> AgendaItem:
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    item = AgendaItem.objects.filter(pk=_check_id(item_id), gathering=gathering).first()
    if item is None:
        raise Http404("No such agenda item")
    item.gathering = gathering
    return item


@router.get(
    "/gatherings/{int:gathering_id}/agenda",
    response={200: AgendaList, **errors(404, 422)},
    summary="A gathering's agenda",
)
def list_agenda(request: HttpRequest, gathering_id: int) -> AgendaList:
    """The agenda in order, with each item's pre-reads (links and files). Not paged."""
    viewer = caller(request)
    gathering = access.get_gathering_for_viewer(viewer, _check_id(gathering_id))
    items = list(gathering.agenda.select_related("lead").prefetch_related("files").order_by("position", "id"))
    return AgendaList(items=[_agenda_item_out(request, i) for i in items], count=len(items))


@router.post(
    "/gatherings/{int:gathering_id}/agenda",
    response={201: AgendaItemOut, **errors(400, 403, 404, 409, 422)},
    summary="Add an agenda item (organisers)",
)
def create_agenda_item(request: HttpRequest, gathering_id: int, payload: AgendaItemIn) -> Status[AgendaItemOut]:
    """Append an item; move it with `.../move`."""
    viewer = caller(request)
    gathering = access.get_gathering_for_organiser(viewer, _check_id(gathering_id))
    lead = people_access.get_person_for_viewer(viewer, payload.lead_id) if payload.lead_id is not None else None
    item = actions.add_agenda_item(
        gathering,
        by=viewer,
        title=payload.title,
        element=payload.element.value,
        minutes=payload.minutes,
        lead=lead,
        lead_name=payload.lead_name,
        pre_reads="\n".join(payload.pre_read_links),
    )
    return Status(201, _agenda_item_out(request, item))


@router.post(
    "/gatherings/{int:gathering_id}/agenda/{int:item_id}/move",
    response={200: AgendaList, **errors(400, 403, 404, 422)},
    summary="Move an agenda item up or down (organisers)",
)
def move_agenda_item(request: HttpRequest, gathering_id: int, item_id: int, payload: MoveIn) -> AgendaList:
    """Swap the item with its neighbour; answers the agenda in its new order."""
    viewer = caller(request)
    item = _agenda_item_for_organiser(viewer, gathering_id, item_id)
    actions.move_agenda_item(item, by=viewer, up=payload.direction == "up")
    return list_agenda(request, gathering_id)


@router.post(
    "/gatherings/{int:gathering_id}/agenda/{int:item_id}/pre-reads",
    response={201: PreReadOut, **errors(400, 403, 404, 422)},
    summary="Attach a pre-read file (organisers)",
)
def create_pre_read(
    request: HttpRequest, gathering_id: int, item_id: int, file: File[UploadedFile], fields: Form[PreReadIn]
) -> Status[PreReadOut]:
    """A `multipart/form-data` upload: `file` (PDF, Word, PowerPoint, Excel, OpenDocument or text,
    up to 20 MB; its content must match its name) and an optional `title`. 422 otherwise."""
    viewer = caller(request)
    item = _agenda_item_for_organiser(viewer, gathering_id, item_id)
    raw = file.read(actions.MAX_PRE_READ_BYTES + 1)
    try:
        pre_read = actions.add_pre_read(item, by=viewer, filename=file.name or "", raw=raw, title=fields.title)
    except ActionError as error:
        raise HttpError(422, str(error)) from error
    return Status(201, _pre_read_out(request, pre_read))


@router.get(
    "/pre-reads/{int:pre_read_id}/file",
    response={200: None, **errors(404, 422)},
    url_name="pre_read_file",
    summary="Download a pre-read",
    openapi_extra={"responses": {200: {"description": "The file, as an attachment"}}},
)
def pre_read_file(request: HttpRequest, pre_read_id: int) -> FileResponse:
    """The file, for anyone who can see the gathering, always as a download."""
    viewer = caller(request)
    pre_read = PreRead.objects.select_related("agenda_item").filter(pk=_check_id(pre_read_id)).first()
    if pre_read is None:
        raise Http404("No such pre-read")
    access.get_gathering_for_viewer(viewer, pre_read.agenda_item.gathering_id)
    return download_response(
        pre_read.file, title=pre_read.title, extension=pre_read.extension, content_type=pre_read.content_type
    )


@router.delete(
    "/pre-reads/{int:pre_read_id}",
    response={204: None, **errors(403, 404, 422)},
    summary="Remove a pre-read (organisers)",
)
def delete_pre_read(request: HttpRequest, pre_read_id: int) -> Status[None]:
    viewer = caller(request)
    pre_read = PreRead.objects.select_related("agenda_item").filter(pk=_check_id(pre_read_id)).first()
    if pre_read is None:
        raise Http404("No such pre-read")
    pre_read.agenda_item.gathering = access.get_gathering_for_organiser(viewer, pre_read.agenda_item.gathering_id)
    actions.remove_pre_read(pre_read, by=viewer)
    return Status(204, None)
