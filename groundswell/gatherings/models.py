"""Gatherings, meeting series, registrations and the record of who came.

Registration (who said they would come) and attendance (who actually came) are kept apart:
one row per person per gathering holds both, but they are written by different actions and
attendance is never inferred from registration.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person and online)"


class Confidentiality(models.TextChoices):
    COMMUNITY = "community", "As the community"
    CHATHAM_HOUSE = "chatham_house", "Chatham House rule: no names outside the room"


class GatheringStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open for registration"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


def _check_time_zone(name: str) -> None:
    zoneinfo.ZoneInfo(name)


class Series(models.Model):
    """A run of gatherings on a cadence, with a core roster invited to every one."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="series")
    title = models.CharField(max_length=160)
    purpose = models.TextField(max_length=2000, blank=True)
    every_months = models.PositiveSmallIntegerField(default=2)
    meetings = models.PositiveSmallIntegerField(default=6)
    core_roster = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="rostered_series")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "series"
        constraints = [
            models.CheckConstraint(condition=Q(every_months__gte=1, every_months__lte=24), name="series_cadence_range"),
            models.CheckConstraint(condition=Q(meetings__gte=1, meetings__lte=52), name="series_meetings_range"),
        ]

    def __str__(self) -> str:
        return self.title


class GatheringQuerySet(models.QuerySet["Gathering"]):
    def upcoming(self, now: datetime.datetime | None = None) -> GatheringQuerySet:
        """Return gatherings that have not ended, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now: datetime.datetime | None = None) -> GatheringQuerySet:
        """Return gatherings that have ended, most recent first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")


class Gathering(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="gatherings")
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="gatherings")
    number_in_series = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=160)
    purpose = models.TextField(max_length=2000, blank=True)
    theme = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="Europe/London", validators=[_check_time_zone])
    place = models.CharField(max_length=300, blank=True, help_text="Shown only to people who have registered.")
    joining_link = models.URLField(blank=True, help_text="Shown only to people who have registered.")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty for no limit.")
    confidentiality = models.CharField(
        max_length=16, choices=Confidentiality.choices, default=Confidentiality.COMMUNITY
    )
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_gatherings")
    status = models.CharField(max_length=16, choices=GatheringStatus.choices, default=GatheringStatus.PLANNED)
    cancel_reason = models.TextField(max_length=1000, blank=True)
    # Raised on every change that calendars should pick up (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = GatheringQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["community", "starts_at"], name="gathering_community_start"),
            models.Index(fields=["series", "number_in_series"], name="gathering_series_number"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="gathering_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_chatham_house(self) -> bool:
        """Names stay in the room: set on the gathering, or inherited from a confidential community."""
        return self.confidentiality == Confidentiality.CHATHAM_HOUSE or self.community.is_chatham_house

    @property
    def is_cancelled(self) -> bool:
        return self.status == GatheringStatus.CANCELLED


class RegistrationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    REGISTERED = "registered", "Coming"
    WAITLISTED = "waitlisted", "On the waiting list"
    APOLOGIES = "apologies", "Sent apologies"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Gave up their place"


class Invitee(models.TextChoices):
    CORE = "core", "Core roster"
    MEMBER = "member", "Member"
    THEME_GUEST = "theme_guest", "Theme guest"
    LOCAL_OTHER = "local_other", "Significant local other"


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def coming(self) -> RegistrationQuerySet:
        """Return registrations holding a place."""
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting(self) -> RegistrationQuerySet:
        """Return the waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at", "id")


class Registration(models.Model):
    """One person's answer to one gathering, and (afterwards) whether they came."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="registrations"
    )
    # Guests invited by email need no account until they accept.
    email = models.EmailField()
    name = models.CharField(max_length=120, blank=True)
    invitee = models.CharField(max_length=16, choices=Invitee.choices, default=Invitee.MEMBER)
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    access_needs = models.TextField(
        "communication and access needs",
        max_length=1000,
        blank=True,
        help_text="Seen only by the organisers, and never exported.",
    )
    registered_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # Attendance, recorded after the event: None until someone records it.
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["gathering", "status"], name="registration_gathering_status"),
            models.Index(fields=["person", "status"], name="registration_person_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "email"], name="one_registration_per_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.email} at {self.gathering}"


class Element(models.TextChoices):
    CHECK_IN = "check_in", "Check-in"
    BRIEFING = "briefing", "Briefing from the centre"
    LOCAL_PERSPECTIVES = "local_perspectives", "Local perspectives"
    PEER_SUPPORT = "peer_support", "Peer support"
    CASE_DISCUSSION = "case_discussion", "Case discussion"
    OPEN_SPACE = "open_space", "Open space"
    WORLD_CAFE = "world_cafe", "World café round"
    FUTURE_SEARCH = "future_search", "Future search phase"
    FEEDBACK = "feedback", "Feedback to the centre"
    CLOSE = "close", "Close"


class AgendaItem(models.Model):
    """One part of a gathering's agenda, built around its purpose."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    element = models.CharField(max_length=24, choices=Element.choices)
    minutes = models.PositiveSmallIntegerField(default=30)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_name = models.CharField(max_length=120, blank=True, help_text="For a lead without an account.")
    pre_reads = models.TextField(blank=True, help_text="Links to read beforehand, one a line.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["gathering", "position"], name="one_item_per_position")]

    def __str__(self) -> str:
        return self.title


def _pre_read_path(pre_read: PreRead, filename: str) -> str:
    # A generated name: the uploader's file name is kept only as the title shown to readers.
    return f"pre-reads/{pre_read.agenda_item_id}/{uuid.uuid4().hex}.{pre_read.extension}"


class PreRead(models.Model):
    """A file to read before an agenda item (links stay in AgendaItem.pre_reads)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_pre_read_path, max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class HarvestNote(models.Model):
    """What a breakout, table or open-space session heard, in the harvest template."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="notes")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    group = models.CharField(max_length=120, blank=True, help_text="The breakout, table or session.")
    what_we_heard = models.TextField(max_length=4000)
    evidence = models.TextField("evidence or example", max_length=2000, blank=True)
    where = models.CharField(max_length=200, blank=True)
    who_is_affected = models.CharField(max_length=300, blank=True)
    urgency = models.CharField(max_length=8, choices=Level.choices, default=Level.MEDIUM)
    confidence = models.CharField(max_length=8, choices=Level.choices, default=Level.MEDIUM)
    note_taker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["gathering", "created_at"], name="note_gathering_time")]

    def __str__(self) -> str:
        return self.what_we_heard[:60]


def _photo_path(photo: HarvestPhoto, filename: str) -> str:
    # The uploader's file name is never used: it can carry a patient's or a place's name.
    return f"harvest/{photo.gathering_id}/{uuid.uuid4().hex}.jpg"


class HarvestPhoto(models.Model):
    """A photo of a flip chart or wall of notes, re-encoded on upload (no EXIF, no location).

    Alt text is required: the photo is a record, and people using screen readers must get it too.
    """

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="photos")
    note = models.ForeignKey(HarvestNote, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos")
    image = models.FileField(upload_to=_photo_path, max_length=200)
    alt_text = models.CharField(max_length=1000)
    caption = models.CharField(max_length=300, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["gathering", "created_at"], name="photo_gathering_time")]
        constraints = [models.CheckConstraint(condition=~Q(alt_text=""), name="photo_has_alt_text")]

    def __str__(self) -> str:
        return self.alt_text[:60]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        """Return actions not yet done or dropped."""
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def carried_to(self, gathering: Gathering) -> ActionItemQuerySet:
        """Return the open actions that earlier meetings of the gathering's series carry forward to it."""
        if gathering.series_id is None:
            return self.none()
        return (
            self.open()
            .filter(gathering__series_id=gathering.series_id, gathering__starts_at__lt=gathering.starts_at)
            .order_by("due_date", "id")
        )


class ActionItem(models.Model):
    """An action agreed at a gathering, carried to each later meeting of its series until done."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(max_length=120, blank=True, help_text="For an owner without an account.")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["gathering", "status"], name="action_gathering_status")]

    def __str__(self) -> str:
        return self.title


class FeedbackToCentre(models.Model):
    """A key message the gathering wants the national team to hear: a first-class record, so the
    consultations work can route it to a response tracker."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="feedback")
    message = models.TextField(max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "feedback to the centre"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.message[:60]


class CalendarFeed(models.Model):
    """A person's private calendar subscription; the link carries a secret stored only as a hash."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"


class OpenSpaceRoom(models.Model):
    """A space in an Open Space grid."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="open_space_rooms")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["gathering", "name"], name="one_room_name_per_gathering")]

    def __str__(self) -> str:
        return self.name


class OpenSpaceTime(models.Model):
    """A time slot in an Open Space grid."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="open_space_times")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=45)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["gathering", "starts_at"], name="one_slot_per_start")]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}"


class OpenSpaceSession(models.Model):
    """A session an attendee proposes into one room and time of the grid."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="open_space_sessions")
    room = models.ForeignKey(OpenSpaceRoom, on_delete=models.CASCADE, related_name="sessions")
    time = models.ForeignKey(OpenSpaceTime, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    convener = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "time"], name="one_session_per_room_and_time")]

    def __str__(self) -> str:
        return self.title


class CafeRound(models.Model):
    """A World Café round: a question the tables talk about."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="cafe_rounds")
    number = models.PositiveSmallIntegerField()
    question = models.CharField(max_length=300)

    class Meta:
        ordering = ["number", "id"]
        constraints = [models.UniqueConstraint(fields=["gathering", "number"], name="one_round_per_number")]

    def __str__(self) -> str:
        return self.question


class CafeTable(models.Model):
    """A table in a World Café round, with its host."""

    round = models.ForeignKey(CafeRound, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(max_length=80)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    host_name = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
