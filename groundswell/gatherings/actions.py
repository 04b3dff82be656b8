"""Every write to gatherings, series and registrations goes through here."""

from __future__ import annotations

import calendar
import datetime
import re
import zoneinfo
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from groundswell.chronicle import actions as chronicle
from groundswell.communities.models import Community, Membership, Role
from groundswell.gatherings import tasks
from groundswell.gatherings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    FeedbackToCentre,
    Format,
    Gathering,
    GatheringStatus,
    HarvestNote,
    HarvestPhoto,
    Invitee,
    PreRead,
    Registration,
    RegistrationStatus,
    Series,
)
from groundswell.lib.documents import ACCEPTED, DocumentProblem, UnusableDocumentError, identify
from groundswell.lib.images import ImageProblem, UnusableImageError, reencode_photo
from groundswell.people.actions import ActionError
from groundswell.people.models import Person

# Statuses that free a place when someone moves out of "registered".
PLACE_FREEING = (RegistrationStatus.CANCELLED, RegistrationStatus.APOLOGIES, RegistrationStatus.DECLINED)


def _record(verb: str, *, actor: Person | None, target: Any, community_id: int, **data: Any) -> None:
    chronicle.record_activity(verb, actor=actor, target=target, community_id=community_id, data=data or None)


def add_months(moment: datetime.datetime, months: int, time_zone: str) -> datetime.datetime:
    """Move a moment on by whole months, keeping its local wall-clock time in the time zone.

    A meeting at 10:00 in London stays at 10:00 across the clock changes; a day past the end
    of a shorter month becomes that month's last day.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    local = moment.astimezone(zone)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day, tzinfo=None).replace(tzinfo=zone)


MAX_LENGTH = datetime.timedelta(days=14)


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("gathering times must be timezone-aware")
    if ends_at <= starts_at:
        raise ActionError("A gathering must end after it starts.")
    if ends_at - starts_at > MAX_LENGTH:
        raise ActionError("A gathering lasts at most 14 days.")


def default_roster(community: Community) -> list[Person]:
    """The community's convenors and core members, who are invited to every meeting of a series."""
    return [
        m.person
        for m in Membership.objects.active()
        .filter(community=community, role__in=[Role.CONVENOR, Role.CORE_MEMBER])
        .select_related("person")
        .order_by("person__display_name")
    ]


def _invite_people(gathering: Gathering, people: Iterable[Person], *, by: Person | None, invitee: str) -> int:
    rows = [
        Registration(gathering=gathering, person=p, email=p.email, name=p.display_name, invitee=invitee, invited_by=by)
        for p in people
    ]
    created = Registration.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


@transaction.atomic
def schedule_gathering(
    community: Community,
    *,
    by: Person,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    series: Series | None = None,
    number_in_series: int | None = None,
    **fields: Any,
) -> Gathering:
    """Plan a gathering in a community; the series' core roster, if any, is invited to it."""
    if community.is_closed:
        raise ActionError("This community has closed; it cannot plan new gatherings.")
    _check_times(starts_at, ends_at)
    if not title.strip():
        raise ActionError("A gathering needs a title.")
    now = timezone.now()
    gathering = Gathering.objects.create(
        community=community,
        series=series,
        number_in_series=number_in_series,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=by,
        created_at=now,
        updated_at=now,
        **fields,
    )
    _record("scheduled_gathering", actor=by, target=gathering, community_id=gathering.community_id)
    if series is not None:
        _invite_people(gathering, series.core_roster.all(), by=by, invitee=Invitee.CORE)
        # One invitation per person for a whole series, sent with its first meeting; later
        # meetings reach people through their calendar feed and the reminder a day before.
        if number_in_series in (None, 1):
            queue_invitation_emails(gathering)
    return gathering


@transaction.atomic
def schedule_series(
    community: Community,
    *,
    by: Person,
    title: str,
    first_starts_at: datetime.datetime,
    duration: datetime.timedelta,
    every_months: int = 2,
    meetings: int = 6,
    purpose: str = "",
    roster: Iterable[Person] | None = None,
    time_zone: str = "Europe/London",
    format: str = Format.IN_PERSON,
    place: str = "",
    joining_link: str = "",
    capacity: int | None = None,
) -> Series:
    """Plan a series on a cadence: create its meetings and invite its core roster to each."""
    if not 1 <= every_months <= 24 or not 1 <= meetings <= 52:
        raise ActionError("A series meets every 1 to 24 months, 1 to 52 times.")
    if duration <= datetime.timedelta(0):
        raise ActionError("Meetings must last some time.")
    series = Series.objects.create(
        community=community, title=title.strip(), purpose=purpose.strip(), every_months=every_months,
        meetings=meetings, created_by=by,
    )  # fmt: skip
    series.core_roster.set(list(roster) if roster is not None else default_roster(community))
    _record("scheduled_series", actor=by, target=series, community_id=community.pk)
    for number in range(1, meetings + 1):
        starts_at = add_months(first_starts_at, every_months * (number - 1), time_zone)
        schedule_gathering(
            community, by=by, title=f"{series.title}: meeting {number}", starts_at=starts_at,
            ends_at=starts_at + duration, series=series, number_in_series=number, purpose=series.purpose,
            time_zone=time_zone, format=format, place=place, joining_link=joining_link, capacity=capacity,
        )  # fmt: skip
    return series


def _lock(gathering: Gathering) -> Gathering:
    """Lock the gathering row so that places are counted one change at a time."""
    return Gathering.objects.select_for_update().get(pk=gathering.pk)


def _places_left(gathering: Gathering) -> int | None:
    if gathering.capacity is None:
        return None
    return gathering.capacity - Registration.objects.filter(gathering=gathering).coming().count()


@transaction.atomic
def open_registration(gathering: Gathering, *, by: Person) -> None:
    """Let people register for a planned gathering."""
    if gathering.status != GatheringStatus.PLANNED:
        raise ActionError("Only a planned gathering can open for registration.")
    gathering.status = GatheringStatus.OPEN
    gathering.updated_at = timezone.now()
    gathering.save(update_fields=["status", "updated_at"])
    _record("opened_registration", actor=by, target=gathering, community_id=gathering.community_id)


@transaction.atomic
def invite_to_gathering(
    gathering: Gathering, *, by: Person, email: str, name: str = "", invitee: str = Invitee.THEME_GUEST
) -> Registration:
    """Invite someone by email (a theme guest or a significant local other); no account is needed."""
    if gathering.is_cancelled or gathering.status == GatheringStatus.HELD:
        raise ActionError("This gathering is not taking invitations.")
    email = email.strip().lower()
    person = Person.objects.filter(email__iexact=email).first()
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                gathering=gathering,
                person=person,
                email=email,
                name=name.strip() or (person.display_name if person else ""),
                invitee=invitee,
                invited_by=by,
            )
    except IntegrityError as exc:
        raise ActionError(f"{email} is already invited to this gathering.") from exc
    _record("invited_to_gathering", actor=by, target=registration, community_id=gathering.community_id, invitee=invitee)
    transaction.on_commit(partial(tasks.send_gathering_invitation_email.enqueue, registration.pk))
    return registration


@transaction.atomic
def register(gathering: Gathering, *, person: Person, access_needs: str = "") -> Registration:
    """Take a place at an open gathering, or a place on its waiting list when it is full."""
    gathering = _lock(gathering)
    if gathering.status != GatheringStatus.OPEN:
        raise ActionError("This gathering is not open for registration.")
    registration = Registration.objects.filter(gathering=gathering, email__iexact=person.email).first()
    if registration is None:
        registration = Registration(
            gathering=gathering, person=person, email=person.email, name=person.display_name, invitee=Invitee.MEMBER
        )
    elif registration.status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED):
        raise ActionError("You have already registered.")
    now = timezone.now()
    registration.person = person
    registration.access_needs = access_needs.strip()
    registration.responded_at = now
    left = _places_left(gathering)
    if left is not None and left <= 0:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = now
        verb = "joined_waitlist"
    else:
        registration.status = RegistrationStatus.REGISTERED
        registration.registered_at = now
        verb = "registered"
    registration.save()
    _record(verb, actor=person, target=registration, community_id=gathering.community_id)
    return registration


def _promote_from_waitlist(gathering: Gathering) -> Registration | None:
    left = _places_left(gathering)
    if left is not None and left <= 0:
        return None
    nxt = Registration.objects.filter(gathering=gathering).waiting().first()
    if nxt is None:
        return None
    nxt.status = RegistrationStatus.REGISTERED
    nxt.registered_at = timezone.now()
    nxt.save(update_fields=["status", "registered_at"])
    _record("promoted_from_waitlist", actor=None, target=nxt, community_id=gathering.community_id)
    transaction.on_commit(partial(tasks.send_place_offered_email.enqueue, nxt.pk))
    return nxt


def _step_back(registration: Registration, *, status: str, verb: str) -> Registration | None:
    gathering = _lock(registration.gathering)
    if registration.status == status:
        return None
    held_a_place = registration.status == RegistrationStatus.REGISTERED
    registration.status = status
    registration.responded_at = timezone.now()
    registration.save(update_fields=["status", "responded_at"])
    _record(verb, actor=registration.person, target=registration, community_id=gathering.community_id)
    return _promote_from_waitlist(gathering) if held_a_place else None


@transaction.atomic
def cancel_registration(registration: Registration) -> Registration | None:
    """Give up a place (or a waiting-list place); the next on the waiting list is offered it.

    Return the registration promoted from the waiting list, if any.
    """
    return _step_back(registration, status=RegistrationStatus.CANCELLED, verb="cancelled_registration")


@transaction.atomic
def send_apologies(registration: Registration) -> Registration | None:
    """Say you cannot come; a place you held goes to the waiting list."""
    return _step_back(registration, status=RegistrationStatus.APOLOGIES, verb="sent_apologies")


@transaction.atomic
def decline(registration: Registration) -> Registration | None:
    """Decline an invitation."""
    return _step_back(registration, status=RegistrationStatus.DECLINED, verb="declined_gathering")


@transaction.atomic
def record_attendance(gathering: Gathering, *, by: Person, came: Iterable[int]) -> int:
    """Record who came, from the organiser's tick list of registration ids; return how many came.

    Everyone who had a place and is not ticked is recorded as absent; others stay unrecorded.
    """
    if gathering.starts_at > timezone.now():
        raise ActionError("Attendance can be recorded once the gathering has started.")
    came_ids = set(came)
    registrations = Registration.objects.filter(gathering=gathering)
    unknown = came_ids - set(registrations.values_list("pk", flat=True))
    if unknown:
        raise ActionError("Some of the people ticked are not on this gathering's list.")
    now = timezone.now()
    registrations.filter(pk__in=came_ids).update(attended=True, attendance_recorded_by=by, attendance_recorded_at=now)
    registrations.exclude(pk__in=came_ids).filter(status=RegistrationStatus.REGISTERED).update(
        attended=False, attendance_recorded_by=by, attendance_recorded_at=now
    )
    if gathering.status in (GatheringStatus.PLANNED, GatheringStatus.OPEN):
        gathering.status = GatheringStatus.HELD
        gathering.updated_at = now
        gathering.save(update_fields=["status", "updated_at"])
    _record("recorded_attendance", actor=by, target=gathering, community_id=gathering.community_id, came=len(came_ids))
    return len(came_ids)


@transaction.atomic
def cancel_gathering(gathering: Gathering, *, by: Person, reason: str) -> None:
    """Cancel a gathering with a reason; calendars pick it up through the raised sequence."""
    if not reason.strip():
        raise ActionError("Say why the gathering is cancelled.")
    if gathering.status in (GatheringStatus.CANCELLED, GatheringStatus.HELD):
        raise ActionError("Only a gathering still to come can be cancelled.")
    gathering.status = GatheringStatus.CANCELLED
    gathering.cancel_reason = reason.strip()
    gathering.sequence += 1
    gathering.updated_at = timezone.now()
    gathering.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    _record("cancelled_gathering", actor=by, target=gathering, community_id=gathering.community_id)
    transaction.on_commit(partial(tasks.send_gathering_cancelled_emails.enqueue, gathering.pk))


# What an organiser may change after planning a gathering.
EDITABLE = (
    "title", "purpose", "theme", "format", "starts_at", "ends_at", "time_zone", "place", "joining_link",
    "capacity", "confidentiality",
)  # fmt: skip
# Changes people who are expected must hear about, by email with the updated event.
NOTIFIED = ("title", "format", "starts_at", "ends_at", "time_zone", "place", "joining_link")
# A gathering that has been held keeps its record; only what it is called and about can change.
AFTER_HELD = {"title", "purpose", "theme"}


def _check_facilitators(gathering: Gathering, people: list[Person]) -> None:
    members = set(
        Membership.objects.active()
        .filter(community_id=gathering.community_id, person__in=people)
        .values_list("person_id", flat=True)
    )
    outside = [p.display_name for p in people if p.pk not in members]
    if outside:
        raise ActionError(f"Facilitators must be members of the community: {', '.join(outside)} is not.")


@transaction.atomic
def update_gathering(
    gathering: Gathering, *, by: Person, facilitators: Iterable[Person] | None = None, **changes: Any
) -> list[str]:
    """Change a gathering's details; return the names of the fields that changed.

    Changes of time, place, link, format or title raise the calendar sequence, so feeds and
    calendars update, and everyone invited, with a place or waiting is emailed the new details.
    A larger capacity offers the new places to the waiting list; a capacity below the places
    already taken is refused.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    gathering = _lock(gathering)
    if gathering.is_cancelled:
        raise ActionError("A cancelled gathering cannot be changed.")
    if "title" in changes:
        changes["title"] = changes["title"].strip()
        if not changes["title"]:
            raise ActionError("A gathering needs a title.")
    changed = [name for name, value in changes.items() if getattr(gathering, name) != value]
    if gathering.status == GatheringStatus.HELD and set(changed) - AFTER_HELD:
        raise ActionError("This gathering has been held: only its title, purpose and theme can change.")
    _check_times(changes.get("starts_at", gathering.starts_at), changes.get("ends_at", gathering.ends_at))
    capacity = changes.get("capacity", gathering.capacity)
    if "capacity" in changed and capacity is not None:
        taken = Registration.objects.filter(gathering=gathering).coming().count()
        if capacity < taken:
            raise ActionError(f"{taken} people already hold a place; the capacity cannot be lower than that.")
    for name in changed:
        setattr(gathering, name, changes[name])
    if facilitators is not None:
        chosen = list(facilitators)
        _check_facilitators(gathering, chosen)
        if {p.pk for p in chosen} != set(gathering.facilitators.values_list("pk", flat=True)):
            gathering.facilitators.set(chosen)
            changed.append("facilitators")
    if not changed:
        return []
    notified = [name for name in changed if name in NOTIFIED]
    now = timezone.now()
    if notified:
        gathering.sequence += 1
    gathering.updated_at = now
    gathering.save()
    if "capacity" in changed:
        while _promote_from_waitlist(gathering) is not None:
            pass
    _record("updated_gathering", actor=by, target=gathering, community_id=gathering.community_id, changed=changed)
    if notified and gathering.ends_at > now:
        transaction.on_commit(partial(tasks.send_gathering_changed_emails.enqueue, gathering.pk, notified))
    return changed


@transaction.atomic
def update_series(
    series: Series,
    *,
    by: Person,
    title: str | None = None,
    purpose: str | None = None,
    roster: Iterable[Person] | None = None,
) -> list[str]:
    """Rename a series, restate its purpose or change its core roster; return what changed.

    People added to the roster are invited to every meeting still to come (and emailed for the
    next one); people taken off it lose only the invitations they never answered.
    """
    series = Series.objects.select_for_update().get(pk=series.pk)
    changed = []
    if title is not None and title.strip() != series.title:
        if not title.strip():
            raise ActionError("A series needs a title.")
        series.title = title.strip()
        changed.append("title")
    if purpose is not None and purpose.strip() != series.purpose:
        series.purpose = purpose.strip()
        changed.append("purpose")
    if changed:
        series.save(update_fields=changed)
    if roster is not None:
        chosen = {p.pk: p for p in roster}
        current = set(series.core_roster.values_list("pk", flat=True))
        added = [p for pk, p in chosen.items() if pk not in current]
        removed = current - set(chosen)
        if added or removed:
            _change_roster(series, by=by, added=added, removed=removed)
            changed.append("roster")
    if changed:
        _record("updated_series", actor=by, target=series, community_id=series.community_id, changed=changed)
    return changed


def _change_roster(series: Series, *, by: Person, added: list[Person], removed: set[int]) -> None:
    members = set(
        Membership.objects.active()
        .filter(community_id=series.community_id, person__in=added)
        .values_list("person_id", flat=True)
    )
    outside = [p.display_name for p in added if p.pk not in members]
    if outside:
        raise ActionError(f"The core roster is drawn from the community's members: {', '.join(outside)} is not one.")
    series.core_roster.add(*added)
    series.core_roster.remove(*removed)
    still_to_come = list(
        series.gatherings.filter(
            starts_at__gt=timezone.now(), status__in=(GatheringStatus.PLANNED, GatheringStatus.OPEN)
        ).order_by("starts_at", "id")
    )
    Registration.objects.filter(
        gathering__in=still_to_come, person_id__in=removed, invitee=Invitee.CORE, status=RegistrationStatus.INVITED
    ).delete()
    for gathering in still_to_come:
        _invite_people(gathering, added, by=by, invitee=Invitee.CORE)
    if still_to_come and added:
        invited = Registration.objects.filter(
            gathering=still_to_come[0], person__in=added, status=RegistrationStatus.INVITED
        ).values_list("pk", flat=True)
        for registration_id in invited:
            transaction.on_commit(partial(tasks.send_gathering_invitation_email.enqueue, registration_id))


@transaction.atomic
def add_agenda_item(gathering: Gathering, *, by: Person, title: str, element: str, **fields: Any) -> AgendaItem:
    """Append an item to the gathering's agenda."""
    gathering = _lock(gathering)
    last = gathering.agenda.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem.objects.create(
        gathering=gathering, position=(last or 0) + 1, title=title.strip(), element=element, **fields
    )
    _bump(gathering)
    _record("added_agenda_item", actor=by, target=item, community_id=gathering.community_id)
    return item


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, by: Person, up: bool) -> None:
    """Swap an item with its neighbour (buttons, not drag and drop: WCAG 2.5.7)."""
    gathering = _lock(item.gathering)
    items = list(gathering.agenda.order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if not 0 <= swap < len(items):
        return
    first, second = items[index], items[swap]
    # Positions are unique per gathering: park one item while the other moves.
    first_position, second_position = first.position, second.position
    AgendaItem.objects.filter(pk=first.pk).update(position=0)
    AgendaItem.objects.filter(pk=second.pk).update(position=first_position)
    AgendaItem.objects.filter(pk=first.pk).update(position=second_position)
    _bump(gathering)
    _record("moved_agenda_item", actor=by, target=first, community_id=gathering.community_id)


def _save_with_file(row: models.Model, field: FieldFile, name: str, data: bytes) -> None:
    """Store the file (under the field's generated name), then the row; if the row is not
    written after all, the file must not stay behind."""
    field.save(name, ContentFile(data), save=False)
    try:
        row.save()
    except Exception:
        field.delete(save=False)
        raise


def _delete_with_file(row: models.Model, field: FieldFile) -> None:
    """Delete the row now and its file once the transaction commits (a rollback keeps both)."""
    name, storage = str(field.name), field.storage
    row.delete()
    transaction.on_commit(lambda: storage.delete(name))


MAX_PRE_READ_BYTES = 20 * 1024 * 1024
DOCUMENT_PROBLEMS = {
    DocumentProblem.TOO_BIG: f"The file is larger than {MAX_PRE_READ_BYTES // (1024 * 1024)} MB.",
    DocumentProblem.EMPTY: "The file is empty.",
    DocumentProblem.WRONG_TYPE: f"Upload a document of one of these kinds: {ACCEPTED}.",
    DocumentProblem.MISMATCH: "The file's content does not match its name: it may be damaged or another kind of file.",
}


@transaction.atomic
def add_pre_read(item: AgendaItem, *, by: Person, filename: str, raw: bytes, title: str = "") -> PreRead:
    """Attach a document to read before an agenda item; its kind is checked from its content."""
    try:
        document = identify(filename, raw, max_bytes=MAX_PRE_READ_BYTES)
    except UnusableDocumentError as error:
        raise ActionError(DOCUMENT_PROBLEMS[error.problem]) from error
    stem = re.split(r"[\\/]", filename)[-1].rsplit(".", 1)[0]
    pre_read = PreRead(
        agenda_item=item,
        title=(title.strip() or stem.strip() or "Pre-read")[:200],
        extension=document.extension,
        content_type=document.content_type,
        size=document.size,
        uploaded_by=by,
    )
    _save_with_file(pre_read, pre_read.file, f"pre-read.{document.extension}", raw)
    _bump(item.gathering)
    _record("added_pre_read", actor=by, target=item, community_id=item.gathering.community_id)
    return pre_read


@transaction.atomic
def remove_pre_read(pre_read: PreRead, *, by: Person) -> None:
    """Take a pre-read off an agenda item; its file goes too."""
    item = pre_read.agenda_item
    _delete_with_file(pre_read, pre_read.file)
    _record("removed_pre_read", actor=by, target=item, community_id=item.gathering.community_id)


def _bump(gathering: Gathering) -> None:
    """Note a change that calendars and agendas should pick up."""
    Gathering.objects.filter(pk=gathering.pk).update(sequence=models.F("sequence") + 1, updated_at=timezone.now())


@transaction.atomic
def add_note(gathering: Gathering, *, by: Person, what_we_heard: str, **fields: Any) -> HarvestNote:
    """Record what a breakout, table or session heard, in the harvest template."""
    if not what_we_heard.strip():
        raise ActionError("Write down what you heard.")
    note = HarvestNote.objects.create(gathering=gathering, note_taker=by, what_we_heard=what_we_heard.strip(), **fields)
    _record("added_note", actor=by, target=note, community_id=gathering.community_id)
    return note


MAX_PHOTO_BYTES = 15 * 1024 * 1024
# Alt text that is only a camera's file name says nothing about the photo.
FILE_NAME_ALT = re.compile(r"^(\S+\.(jpe?g|png|webp|heic|gif)|(img|dsc|pxl|photo|image|picture)[\s_-]*\d*)$", re.I)
PHOTO_PROBLEMS = {
    ImageProblem.TOO_BIG: f"The photo is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB.",
    ImageProblem.NOT_AN_IMAGE: "That file is not a photo we can read.",
    ImageProblem.WRONG_TYPE: "Upload a JPEG, PNG or WebP photo.",
    ImageProblem.TOO_MANY_PIXELS: "The photo has too many pixels; save a smaller copy and try again.",
}


@transaction.atomic
def add_photo(
    gathering: Gathering,
    *,
    by: Person,
    raw: bytes,
    alt_text: str,
    caption: str = "",
    note: HarvestNote | None = None,
) -> HarvestPhoto:
    """Add a photo of a flip chart to the harvest, re-encoded as a JPEG without metadata.

    Alt text is required and must describe the photo, not name its file.
    """
    alt_text = alt_text.strip()
    if not alt_text:
        raise ActionError("Describe what the photo shows (alt text), for people who cannot see it.")
    if FILE_NAME_ALT.match(alt_text):
        raise ActionError("The alt text should say what the photo shows, not give its file name.")
    if note is not None and note.gathering_id != gathering.pk:
        raise ActionError("That note belongs to another gathering.")
    try:
        clean = reencode_photo(raw, max_bytes=MAX_PHOTO_BYTES)
    except UnusableImageError as error:
        raise ActionError(PHOTO_PROBLEMS[error.problem]) from error
    photo = HarvestPhoto(
        gathering=gathering, note=note, alt_text=alt_text, caption=caption.strip(), width=clean.width,
        height=clean.height, uploaded_by=by,
    )  # fmt: skip
    _save_with_file(photo, photo.image, "photo.jpg", clean.data)
    _record("added_photo", actor=by, target=photo, community_id=gathering.community_id)
    return photo


@transaction.atomic
def remove_photo(photo: HarvestPhoto, *, by: Person) -> None:
    """Take a photo out of the harvest (for instance when it shows a name); its file goes too."""
    _record("removed_photo", actor=by, target=photo.gathering, community_id=photo.gathering.community_id)
    _delete_with_file(photo, photo.image)


@transaction.atomic
def add_action(gathering: Gathering, *, by: Person, title: str, **fields: Any) -> ActionItem:
    """Agree an action at a gathering; it is carried to later meetings of the series until done."""
    if not title.strip():
        raise ActionError("Say what the action is.")
    action = ActionItem.objects.create(gathering=gathering, created_by=by, title=title.strip(), **fields)
    _record("added_action", actor=by, target=action, community_id=gathering.community_id)
    return action


@transaction.atomic
def set_action_status(action: ActionItem, *, by: Person, status: str) -> None:
    """Move an action on (open, in progress, done, dropped)."""
    if status not in ActionStatus.values:
        raise ActionError("Unknown action status.")
    if status == action.status:
        return
    action.status = status
    action.updated_at = timezone.now()
    action.save(update_fields=["status", "updated_at"])
    _record("updated_action", actor=by, target=action, community_id=action.gathering.community_id, status=status)


@transaction.atomic
def add_feedback(gathering: Gathering, *, by: Person, message: str) -> FeedbackToCentre:
    """Record a key message for the centre from this gathering."""
    if not message.strip():
        raise ActionError("Write the message for the centre.")
    last = gathering.feedback.order_by("-position").values_list("position", flat=True).first()
    feedback = FeedbackToCentre.objects.create(
        gathering=gathering, message=message.strip(), position=(last or 0) + 1, created_by=by
    )
    _record("added_feedback", actor=by, target=feedback, community_id=gathering.community_id)
    return feedback


# Calendar feeds and calendar emails.

# Reminders go to gatherings starting this far ahead (run the command daily, or more often).
REMINDER_WINDOW = (datetime.timedelta(hours=24), datetime.timedelta(hours=48))


@transaction.atomic
def create_calendar_feed(person: Person) -> str:
    """Give the person a private calendar feed and return its raw token, to show once.

    Only the token's hash is kept; any earlier feed token stops working.
    """
    import secrets

    from groundswell.gatherings.models import CalendarFeed
    from groundswell.people.models import hash_token

    raw = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        person=person, defaults={"token_hash": hash_token(raw), "created_at": timezone.now()}
    )
    return raw


def reset_calendar_feed(person: Person) -> str:
    """Replace the person's calendar feed token (old links stop working) and return the new raw token."""
    return create_calendar_feed(person)


def queue_invitation_emails(gathering: Gathering) -> None:
    """Email, once the transaction commits, everyone invited to the gathering who has not answered."""
    invited = Registration.objects.filter(gathering=gathering, status=RegistrationStatus.INVITED)
    for registration_id in invited.values_list("pk", flat=True):
        transaction.on_commit(partial(tasks.send_gathering_invitation_email.enqueue, registration_id))


@transaction.atomic
def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Queue reminders for gatherings starting 24 to 48 hours from now; return how many gatherings.

    Each reminder is recorded in the activity stream ("sent_reminder" on the gathering), and a
    gathering that already has one is skipped, so running this again sends nothing twice.
    """
    from groundswell.chronicle.models import Activity

    now = now or timezone.now()
    due = list(
        Gathering.objects.select_for_update()
        .filter(
            starts_at__gte=now + REMINDER_WINDOW[0],
            starts_at__lt=now + REMINDER_WINDOW[1],
            status__in=(GatheringStatus.PLANNED, GatheringStatus.OPEN),
        )
        .order_by("starts_at", "id")
    )
    reminded = set(
        Activity.objects.filter(
            verb="sent_reminder", target_type="gathering", target_id__in=[g.pk for g in due]
        ).values_list("target_id", flat=True)
    )
    count = 0
    for gathering in due:
        if gathering.pk in reminded:
            continue
        _record("sent_reminder", actor=None, target=gathering, community_id=gathering.community_id)
        transaction.on_commit(partial(tasks.send_gathering_reminder_emails.enqueue, gathering.pk))
        count += 1
    return count
