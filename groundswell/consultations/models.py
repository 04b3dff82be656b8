"""The centre's asks, the insights that answer them, their synthesis into themes, and the
centre's responses ("we asked, you said, we did").

Anonymity is a storage rule, not a display rule: an anonymous insight, or one heard under the
Chatham House rule, keeps no author, no contributor name or email and (when the person wrote it
themselves) no record of who typed it, so no page, export, API answer, activity entry or email
can reveal them.
"""

from __future__ import annotations

import datetime
import os
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from groundswell.gatherings.models import Level
from groundswell.people.models import Profession, Region

if TYPE_CHECKING:
    from groundswell.people.models import Person

# Days the centre has to answer a theme of a published synthesis, or an unsolicited insight,
# before it shows as overdue; each ask may set its own.
DEFAULT_RESPONSE_DAYS = 30


class CentreGrant(models.Model):
    """A convenor's grant of the centre capacity (sending asks, answering them) to a member.

    Sponsors hold the capacity by their role; a grant extends it to anyone else in the community.
    It counts only while the person is an active member.
    """

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="centre_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "person"], name="one_centre_grant_per_person")]

    def __str__(self) -> str:
        return f"Centre capacity for {self.person} in {self.community}"


class AskStatus(models.TextChoices):
    OPEN = "open", "Open for answers"
    CLOSED = "closed", "Closed"


class AskQuerySet(models.QuerySet["Ask"]):
    def visible_to(self, person: Person | None) -> AskQuerySet:
        """Return asks sent to a community the person may see, and asks the person sent."""
        from groundswell.communities.models import Community

        visible = Community.objects.visible_to(person).values("pk")
        condition = Q(communities__in=visible)
        if person is not None and person.is_authenticated:
            condition |= Q(created_by=person)
        return self.filter(pk__in=Ask.objects.filter(condition).values("pk"))

    def sent_to(self, community_id: int) -> AskQuerySet:
        """Return the asks a community was sent, newest first."""
        return self.filter(communities=community_id).order_by("-created_at", "-id")


class Ask(models.Model):
    """A question from the centre to one or more communities (or the communities of series)."""

    title = models.CharField(max_length=200)
    context = models.TextField(
        max_length=4000, help_text="Why the centre is asking and what it will do with the answers."
    )
    guidance = models.TextField(max_length=4000, blank=True, help_text="How to answer: what is most useful.")
    deadline = models.DateField()
    anonymity_allowed = models.BooleanField(default=True)
    response_days = models.PositiveSmallIntegerField(
        default=DEFAULT_RESPONSE_DAYS,
        help_text="Days the centre gives itself to answer each theme once the synthesis is published.",
    )
    status = models.CharField(max_length=8, choices=AskStatus.choices, default=AskStatus.OPEN)
    communities = models.ManyToManyField("communities.Community", related_name="asks")
    series = models.ManyToManyField("gatherings.Series", blank=True, related_name="asks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = AskQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "deadline"], name="ask_status_deadline")]
        constraints = [
            models.CheckConstraint(condition=Q(response_days__gte=1, response_days__lte=365), name="ask_response_days")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:ask", args=[self.pk])

    def is_open(self, today: datetime.date | None = None) -> bool:
        """Open for answers: not closed by the centre, and the deadline has not passed."""
        return self.status == AskStatus.OPEN and self.deadline >= (today or timezone.localdate())


class Question(models.Model):
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["ask", "position"], name="one_question_per_position")]

    def __str__(self) -> str:
        return self.text


def document_path(instance: AskDocument, filename: str) -> str:
    """A safe, unguessable storage name that keeps only the file's extension."""
    extension = os.path.splitext(filename)[1].lower()
    if not extension[1:].isalnum() or len(extension) > 6:
        extension = ""
    return f"consultations/documents/{uuid.uuid4().hex}{extension}"


class AskDocument(models.Model):
    """A context or guidance document: an uploaded file or a link."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path, blank=True, max_length=200)
    # The name the file had when it was uploaded, to offer it back on download.
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    link = models.URLField(blank=True, max_length=500)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="document_is_a_file_or_a_link"),
        ]

    def __str__(self) -> str:
        return self.title


class AskBriefing(models.Model):
    """An ask placed on a gathering's agenda, as a "briefing from the centre" item."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="briefings")
    agenda_item = models.OneToOneField(
        "gatherings.AgendaItem", on_delete=models.CASCADE, related_name="centre_briefing"
    )
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.ask} on the agenda of item {self.agenda_item_id}"


class Sector(models.TextChoices):
    PRIMARY_CARE = "primary_care", "Primary care"
    HOSPITAL = "hospital", "Hospital care"
    COMMUNITY = "community", "Community services"
    MENTAL_HEALTH = "mental_health", "Mental health"
    PRISON_HEALTH = "prison_health", "Prison and justice health"
    SOCIAL_CARE = "social_care", "Social care"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    PUBLIC_HEALTH = "public_health", "Public health"
    OTHER = "other", "Other"


class Voice(models.TextChoices):
    LAY = "lay", "Lay (patient, carer or public)"
    PROFESSIONAL = "professional", "Professional"


class Source(models.TextChoices):
    DIRECT = "direct", "Written by the contributor"
    ON_BEHALF = "on_behalf", "Recorded on someone's behalf"
    HARVEST_NOTE = "harvest_note", "From a gathering's harvest notes"
    FEEDBACK = "feedback", "From a gathering's feedback to the centre"
    POST = "post", "From a conversation"
    STORY = "story", "From a story, with its teller's consent"


def evidence_path(instance: Insight, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    if not extension[1:].isalnum() or len(extension) > 6:
        extension = ""
    return f"consultations/evidence/{uuid.uuid4().hex}{extension}"


class InsightQuerySet(models.QuerySet["Insight"]):
    def for_ask(self, ask: Ask) -> InsightQuerySet:
        """Return the ask's insights, oldest first (the order synthesis reads them in)."""
        return self.filter(ask=ask).order_by("created_at", "id")

    def unsolicited(self, community_id: int) -> InsightQuerySet:
        """Return insights a community sent without an ask, newest first."""
        return self.filter(ask__isnull=True, community_id=community_id).order_by("-created_at", "-id")


class Insight(models.Model):
    """A piece of frontline intelligence, with where it came from."""

    ask = models.ForeignKey(Ask, null=True, blank=True, on_delete=models.CASCADE, related_name="insights")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    gathering = models.ForeignKey(
        "gatherings.Gathering", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    harvest_note = models.ForeignKey(
        "gatherings.HarvestNote", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback = models.ForeignKey(
        "gatherings.FeedbackToCentre", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey("conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    story = models.ForeignKey("stories.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.DIRECT)
    text = models.TextField(max_length=4000)
    # Who: null when anonymous or under the Chatham House rule (and then nothing else says who).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    # Someone who captured it for others (from notes, feedback, a phone call or a letter).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contributor_name = models.CharField(max_length=120, blank=True)
    contributor_email = models.EmailField(blank=True, help_text="Only to tell them what happened to it.")
    anonymous = models.BooleanField(default=False)
    # Tags.
    theme_tag = models.CharField("theme", max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=16, choices=Sector.choices, blank=True)
    profession = models.CharField(max_length=32, choices=Profession.choices, blank=True)
    region = models.CharField(max_length=32, choices=Region.choices, blank=True)
    voice = models.CharField(max_length=16, choices=Voice.choices, blank=True)
    urgency = models.CharField(max_length=8, choices=Level.choices, default=Level.MEDIUM)
    confidence = models.CharField(max_length=8, choices=Level.choices, default=Level.MEDIUM)
    evidence_link = models.URLField(blank=True, max_length=500)
    evidence_file = models.FileField(upload_to=evidence_path, blank=True, max_length=200)
    evidence_example = models.TextField(max_length=2000, blank=True)
    # The wording shared beyond the community, once a person has checked it for identifying
    # details; until then shared copies are redacted automatically.
    shared_text = models.TextField(max_length=4000, blank=True)
    shared_checked_at = models.DateTimeField(null=True, blank=True)
    # all-MiniLM-L6-v2 sentence vector (float32), cached when the semantic extra is installed.
    vector = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = InsightQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["ask", "created_at"], name="insight_ask_time"),
            models.Index(fields=["community", "created_at"], name="insight_community_time"),
        ]
        constraints = [
            # Anonymity is stored, not only shown: nothing that names the contributor.
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(author__isnull=True, contributor_name="", contributor_email=""),
                name="anonymous_insight_names_nobody",
            ),
            # People writing their own insight are its author, never its recorder.
            models.CheckConstraint(
                condition=~Q(source="direct") | Q(recorded_by__isnull=True), name="direct_insight_has_no_recorder"
            ),
            models.UniqueConstraint(
                fields=["ask", "harvest_note"], condition=Q(harvest_note__isnull=False), name="one_insight_per_note"
            ),
            models.UniqueConstraint(
                fields=["ask", "feedback"], condition=Q(feedback__isnull=False), name="one_insight_per_feedback"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("consultations:insight", args=[self.pk])

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_link or self.evidence_file or self.evidence_example)


class SynthesisStatus(models.TextChoices):
    EMPTY = "empty", "Not computed yet"
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Computing"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


BUSY_STATUSES = (SynthesisStatus.QUEUED, SynthesisStatus.RUNNING)


class Synthesis(models.Model):
    """The grouping of an ask's insights into themes, recomputed in a background task."""

    ask = models.OneToOneField(Ask, on_delete=models.CASCADE, related_name="synthesis")
    status = models.CharField(max_length=8, choices=SynthesisStatus.choices, default=SynthesisStatus.EMPTY)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=16, blank=True)
    # Let the machine group what fits no person-held theme (see actions.compute_synthesis).
    discover = models.BooleanField(default=True)
    runs = models.PositiveIntegerField(default=0)
    insight_count = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "syntheses"
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="synthesis_progress_percent")]

    def __str__(self) -> str:
        return f"Synthesis of {self.ask}"

    @property
    def is_busy(self) -> bool:
        return self.status in BUSY_STATUSES

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ThemeOrigin(models.TextChoices):
    MACHINE = "machine", "Found by the machine"
    PERSON = "person", "Named by a person"


class Theme(models.Model):
    """A theme of a synthesis. ``held`` themes were shaped by a person and survive a recompute."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(max_length=200)
    description = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=8, choices=ThemeOrigin.choices, default=ThemeOrigin.MACHINE)
    held = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    member_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["synthesis", "member_count"], name="theme_synthesis_size")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("consultations:theme", args=[self.pk])


class Placement(models.Model):
    """Where an insight sits in its ask's synthesis: a theme (or none: a minority view)."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="placements")
    insight = models.OneToOneField(Insight, on_delete=models.CASCADE, related_name="placement")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements")
    confidence = models.FloatField(default=0.0)
    # Put here by a person: stays here through every recompute.
    pinned = models.BooleanField(default=False)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    low_confidence = models.BooleanField(default=False)
    dissent = models.BooleanField(default=False)
    # Order within the theme, most representative first; 1 to 3 are the quotes.
    rank = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["synthesis", "theme", "rank"], name="placement_theme_rank")]

    def __str__(self) -> str:
        return f"Insight {self.insight_id} in theme {self.theme_id}"


REPRESENTATIVES = 3


class ResponseStatus(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    IN_PROGRESS = "in_progress", "In progress"
    NOT_POSSIBLE = "not_possible", "Not possible"


class Response(models.Model):
    """The centre's answer to a theme or to an insight: what it did, who owns it and when."""

    ask = models.ForeignKey(Ask, null=True, blank=True, on_delete=models.CASCADE, related_name="responses")
    theme = models.OneToOneField(Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="response")
    insight = models.OneToOneField(Insight, null=True, blank=True, on_delete=models.CASCADE, related_name="response")
    status = models.CharField(max_length=16, choices=ResponseStatus.choices)
    detail = models.TextField("what we did or will do", max_length=2000, blank=True)
    reason = models.TextField(max_length=2000, blank=True, help_text="Needed when it is not possible.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(max_length=120, blank=True)
    date = models.DateField(help_text="When it was, or will be, done.")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__isnull=False, insight__isnull=True) | Q(theme__isnull=True, insight__isnull=False),
                name="response_to_a_theme_or_an_insight",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_possible") | ~Q(reason=""), name="not_possible_needs_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.detail[:50]}"

    @property
    def owner_label(self) -> str:
        """The person or team who owns it, as recorded."""
        if self.owner_name:
            return self.owner_name
        return self.owner.display_name if self.owner is not None else ""
