"""Stories told in a community, and the teller's consent for each use of them.

Consent is decided in one place: ``StoryQuerySet.readable_by`` (and ``visible_to``, built from
the same conditions) says which stories a viewer may read for a use, and ``shown_teller`` says
what name to show beside one. Pages, the API, exports and (through ``readable_by``) other apps'
digests and search all ask these, so a withdrawn story, or one without consent for the use in
hand, never leaks through one door that forgot a rule.

Consent history is append-only: each decision (giving consent, changing its scope, withdrawing)
is a new ``ConsentRecord``; the story points at the latest. A story whose pointer is empty has
no consent at all and is shown to no one but its teller.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import operator
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from groundswell.communities.models import Membership, Role

if TYPE_CHECKING:
    from groundswell.people.models import Person


class Genre(models.TextChoices):
    MOMENT = "moment", "A moment"
    VALUE_CREATION = "value_creation", "Value-creation story"
    MOST_SIGNIFICANT_CHANGE = "most_significant_change", "Most-significant-change story"
    OTHER = "other", "Other"


class Use(models.TextChoices):
    """What a story may be used for. Each wider use includes the narrower ones (IMPLIES)."""

    COMMUNITY = "community", "Within the community"
    GROUNDSWELL = "groundswell", "Across Groundswell"
    SPONSOR_REPORTS = "sponsor_reports", "In reports to sponsors"
    PUBLIC = "public", "In public"


class Naming(models.TextChoices):
    NAMED = "named", "Named"
    PSEUDONYMOUS = "pseudonymous", "Under a pseudonym"
    ANONYMOUS = "anonymous", "Anonymous"


# The consent record's column for each use.
USE_FIELDS: dict[str, str] = {
    Use.COMMUNITY: "for_community",
    Use.GROUNDSWELL: "for_groundswell",
    Use.SPONSOR_REPORTS: "for_sponsor_reports",
    Use.PUBLIC: "for_public",
}
# Consent for the public is consent for Groundswell's members, who are part of the public, and so
# on down; a report to the community's sponsors is written from within the community.
IMPLIES: dict[str, frozenset[str]] = {
    Use.COMMUNITY: frozenset(),
    Use.GROUNDSWELL: frozenset({Use.COMMUNITY}),
    Use.SPONSOR_REPORTS: frozenset({Use.COMMUNITY}),
    Use.PUBLIC: frozenset({Use.GROUNDSWELL, Use.COMMUNITY}),
}
# Uses that take a story beyond its community: each waits for the identifiability check.
BEYOND_COMMUNITY = frozenset({Use.GROUNDSWELL, Use.SPONSOR_REPORTS, Use.PUBLIC})
# Who reads stories for sponsors' reports: the people who write the reports and receive them.
REPORT_ROLES = (Role.CONVENOR, Role.SPONSOR)
# The text a story is checked for identifying details in, in the order shown.
CONTENT_FIELDS = ("title", "what_happened", "what_changed", "why_it_matters", "period", "place")
ANONYMOUS_NAME = "Anonymous"


@functools.cache
def _url_pattern(name: str) -> str:
    """A URL with a slot for the one argument, reversed once per process (lists link every row)."""
    url = reverse(name, args=["987654321"])
    assert url.count("987654321") == 1, url
    return url.replace("987654321", "{}")


def community_url(slug: str) -> str:
    """The community's page, without a reverse() per row."""
    return _url_pattern("communities:detail").format(slug)


def with_implied(uses: set[str] | frozenset[str]) -> frozenset[str]:
    """Return the uses together with every narrower use they include."""
    return frozenset(uses).union(*(IMPLIES[use] for use in uses))


def _signed_in(viewer: Person | None) -> bool:
    return viewer is not None and viewer.is_authenticated


# Marks "the viewer's role in the story's community is not known in advance".
_ANY_COMMUNITY = object()


def _readable_q(viewer: Person | None, uses: Iterable[str], role: object = _ANY_COMMUNITY) -> Q:
    """Stories the viewer may read for at least one of ``uses``: THE consent rule, as a condition.

    ``role`` is the viewer's role in the one community being listed (None when not a member),
    when the caller already knows it; the audience conditions then need no subqueries.
    """
    today = timezone.localdate()
    # The current consent is in force, and the teller has not erased their personal data (they
    # took their stories with them).
    live = Q(consent__withdrawn=False)
    live &= Q(consent__expires_on__isnull=True) | Q(consent__expires_on__gte=today)
    live &= Q(teller__isnull=True) | Q(teller__erased_at__isnull=True)
    # Beyond the community only once the story as it now reads has been checked.
    checked = Q(checked_digest=F("content_digest"))
    signed_in = _signed_in(viewer)
    by_use = []
    for use in uses:
        consented = Q(**{f"consent__{USE_FIELDS[use]}": True})
        if use in BEYOND_COMMUNITY:
            consented &= checked
        if use == Use.PUBLIC or (use == Use.GROUNDSWELL and signed_in):
            by_use.append(consented)
        elif use in (Use.COMMUNITY, Use.SPONSOR_REPORTS) and signed_in:
            roles = REPORT_ROLES if use == Use.SPONSOR_REPORTS else tuple(Role)
            if role is _ANY_COMMUNITY:
                memberships = Membership.objects.active().filter(person_id=viewer.pk, role__in=roles)  # type: ignore[union-attr]
                by_use.append(consented & Q(community_id__in=memberships.values("community_id")))
            elif role in roles:
                by_use.append(consented)
    if not by_use:
        return Q(pk__in=[])
    return live & functools.reduce(operator.or_, by_use)


def _managed_q(viewer: Person | None, role: object = _ANY_COMMUNITY) -> Q:
    """Stories the viewer looks after: their own (even withdrawn), and those a convenor of the
    community recorded for someone else, until they are withdrawn."""
    if not _signed_in(viewer):
        return Q(pk__in=[])
    own = Q(teller_id=viewer.pk)  # type: ignore[union-attr]
    on_behalf = Q(on_behalf=True, consent__withdrawn=False)
    on_behalf &= Q(teller__isnull=True) | Q(teller__erased_at__isnull=True)
    if role is _ANY_COMMUNITY:
        convened = Membership.objects.active().filter(person_id=viewer.pk, role=Role.CONVENOR)  # type: ignore[union-attr]
        return own | (on_behalf & Q(community_id__in=convened.values("community_id")))
    return own | on_behalf if role == Role.CONVENOR else own


class StoryQuerySet(models.QuerySet["Story"]):
    def readable_by(self, viewer: Person | None, *, use: str = Use.COMMUNITY) -> StoryQuerySet:
        """Return the stories the viewer may read for ``use``: THE consent rule.

        A story is readable for a use when its teller's current consent covers that use, the
        consent has not expired or been withdrawn, the viewer is in that use's audience (the
        community's members; anyone signed in; the community's convenors and sponsors for
        reports; anyone at all for the public) and, beyond the community, the story as it now
        reads has passed the identifiability check. Tellers see their own stories through
        ``told_by`` and ``visible_to``; this answers only what consent allows.
        """
        return self.filter(_readable_q(viewer, [use]))

    def visible_to(self, viewer: Person | None) -> StoryQuerySet:
        """Return the stories the viewer may open: readable for some use, or theirs to look after."""
        return self.filter(_readable_q(viewer, Use) | _managed_q(viewer))

    def visible_in(self, community_id: int, viewer: Person | None, role: str | None) -> StoryQuerySet:
        """The stories of one community that the viewer may open: ``visible_to`` for a list
        whose community, and the viewer's role in it (None for none), are already known."""
        return self.filter(community_id=community_id).filter(_readable_q(viewer, Use, role) | _managed_q(viewer, role))

    def told_by(self, person: Person) -> StoryQuerySet:
        """Return the person's own stories, withdrawn ones included."""
        return self.filter(teller_id=person.pk)

    def current(self) -> StoryQuerySet:
        """Return stories that have not been withdrawn (consent may still be narrow)."""
        return self.exclude(consent__withdrawn=True)

    def newest_first(self) -> StoryQuerySet:
        return self.order_by("-created_at", "-id")


class Story(models.Model):
    """An experience told in a community: by a member, or recorded for someone by a convenor."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="stories")
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories_told"
    )
    teller_name = models.CharField(
        max_length=120, blank=True, help_text="For someone without an account whose story a convenor recorded."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(default=False, help_text="Recorded by a convenor for the teller.")
    title = models.CharField(max_length=160)
    what_happened = models.TextField(max_length=6000)
    what_changed = models.TextField(max_length=4000, blank=True)
    why_it_matters = models.TextField(max_length=4000, blank=True)
    genre = models.CharField(max_length=32, choices=Genre.choices, default=Genre.MOMENT)
    period = models.CharField(max_length=100, blank=True, help_text="When it happened, in words.")
    place = models.CharField(max_length=120, blank=True)
    # The latest consent record; empty means no consent at all.
    consent = models.ForeignKey(
        "stories.ConsentRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A fingerprint of the text, and of the text as last checked for identifying details: sharing
    # beyond the community waits while they differ.
    content_digest = models.CharField(max_length=64)
    checked_digest = models.CharField(max_length=64, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        indexes = [
            # Lists across communities (shared across Groundswell, in public) read the newest first
            # and stop at a page: without this, PostgreSQL sorted every shared story (docs/performance.md).
            models.Index(fields=["created_at", "id"], name="story_time"),
            models.Index(fields=["community", "created_at"], name="story_community_time"),
            models.Index(fields=["teller", "created_at"], name="story_teller_time"),
        ]

    def __str__(self) -> str:
        # Never the title: this label is copied into the activity stream, which outlives a
        # withdrawal.
        return f"story {self.pk}"

    def get_absolute_url(self) -> str:
        return _url_pattern("stories:detail").format(self.pk)

    def compute_digest(self) -> str:
        text = "\x1f".join(str(getattr(self, field)) for field in CONTENT_FIELDS)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def is_withdrawn(self) -> bool:
        return self.consent is not None and self.consent.withdrawn

    @property
    def is_checked(self) -> bool:
        """Whether the story as it now reads has passed the identifiability check."""
        return bool(self.checked_digest) and self.checked_digest == self.content_digest

    @property
    def teller_real_name(self) -> str:
        """The teller's own name, for the teller and the convenors who look after the story."""
        if self.teller is not None:
            return self.teller.display_name
        return self.teller_name


class ConsentRecord(models.Model):
    """One decision about a story's uses, naming and expiry. Never changed: a change is a new row."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="consents")
    for_community = models.BooleanField(default=False)
    for_groundswell = models.BooleanField(default=False)
    for_sponsor_reports = models.BooleanField(default=False)
    for_public = models.BooleanField(default=False)
    naming = models.CharField(max_length=16, choices=Naming.choices, default=Naming.NAMED)
    pseudonym = models.CharField(max_length=80, blank=True)
    expires_on = models.DateField(null=True, blank=True, help_text="After this day the story is no longer shared.")
    withdrawn = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(default=False, help_text="Recorded by a convenor rather than the teller.")
    how_given = models.CharField(
        max_length=300, blank=True, help_text="How the teller gave consent, when someone else recorded it."
    )
    reason = models.CharField(max_length=500, blank=True, help_text="Why a story was withdrawn, if said.")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["story", "recorded_at"], name="consent_story_time")]

    def __str__(self) -> str:
        return f"consent {self.pk} for story {self.story_id}"

    @property
    def uses(self) -> list[Use]:
        """The uses consented to, narrowest first."""
        return [Use(use) for use, field in USE_FIELDS.items() if getattr(self, field)]

    def allows(self, use: str, today: datetime.date | None = None) -> bool:
        """Whether this consent covers the use today (ignoring the audience and the check)."""
        if self.withdrawn or not getattr(self, USE_FIELDS[use]):
            return False
        return self.expires_on is None or self.expires_on >= (today or timezone.localdate())

    @property
    def summary(self) -> str:
        """Who may read the story, in a few words."""
        if self.withdrawn:
            return "Withdrawn"
        if self.has_expired:
            return f"Consent ended on {self.expires_on:%-d %B %Y}"
        uses = self.uses
        if not uses:
            return "Only the teller"
        widest = next(use for use in (Use.PUBLIC, Use.GROUNDSWELL, Use.COMMUNITY) if use in uses)
        words = {Use.PUBLIC: "In public", Use.GROUNDSWELL: "Across Groundswell", Use.COMMUNITY: "Within the community"}
        summary = words[widest]
        if Use.SPONSOR_REPORTS in uses:
            summary += ", and in reports to sponsors"
        if self.expires_on is not None:
            summary += f", until {self.expires_on:%-d %B %Y}"
        return summary

    @property
    def has_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()


def shown_teller(story: Story, viewer: Person | None) -> str:
    """The name to show beside a story, as its consent says: the teller's name, their
    pseudonym or "Anonymous". The teller sees "(you)" after it, so they know how they appear."""
    consent = story.consent
    naming = consent.naming if consent is not None else Naming.ANONYMOUS
    if naming == Naming.NAMED and story.teller_real_name:
        shown = story.teller_real_name
    elif naming == Naming.PSEUDONYMOUS and consent is not None and consent.pseudonym:
        shown = consent.pseudonym
    else:
        shown = ANONYMOUS_NAME
    if _signed_in(viewer) and story.teller_id is not None and story.teller_id == viewer.pk:  # type: ignore[union-attr]
        return f"{shown} (you)"
    return shown


def named_teller(story: Story) -> Person | None:
    """The teller's account, to link to, only when the story is told under their name."""
    consent = story.consent
    if consent is None or consent.naming != Naming.NAMED:
        return None
    return story.teller  # type: ignore[return-value]
