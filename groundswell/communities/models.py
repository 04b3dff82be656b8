"""Communities, their memberships (with history) and invitations."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from groundswell.people.models import Person


class CommunityKind(models.TextChoices):
    COMMUNITY_OF_PRACTICE = "community_of_practice", "Community of practice"
    NETWORK = "network", "Network"
    SPECIAL_INTEREST_GROUP = "special_interest_group", "Special interest group"
    MEETING_SERIES = "meeting_series", "Meeting series"
    PEER_NETWORK = "peer_network", "Peer network"
    PROJECT_TEAM = "project_team", "Project team"
    LAY_PANEL = "lay_panel", "Lay panel"
    SELF_MANAGING_TEAM = "self_managing_team", "Self-managing team"


class Privacy(models.TextChoices):
    OPEN = "open", "Open: anyone may see and join"
    RESTRICTED = "restricted", "Restricted: anyone signed in may see; joining by request"
    PRIVATE = "private", "Private: only members see it; joining by invitation"
    CONFIDENTIAL = "confidential", "Confidential: private, and names stay within the community"


# Tiers whose existence is hidden from everyone but members.
HIDDEN_TIERS = frozenset({Privacy.PRIVATE, Privacy.CONFIDENTIAL})


class Lifecycle(models.TextChoices):
    FORMING = "forming", "Forming"
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    CLOSED = "closed", "Closed"


class Role(models.TextChoices):
    CONVENOR = "convenor", "Convenor"
    CORE_MEMBER = "core_member", "Core member"
    MEMBER = "member", "Member"
    LAY_PARTNER = "lay_partner", "Lay partner"
    GUEST = "guest", "Guest"
    SPONSOR = "sponsor", "Sponsor"


ROLE_ORDER = [role.value for role in Role]


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", "Asked to join"
    ACTIVE = "active", "Member"
    LEFT = "left", "Left"
    REMOVED = "removed", "Removed"
    DECLINED = "declined", "Request declined"


# Statuses that hold a person's one open place in a community.
OPEN_STATUSES = (MembershipStatus.REQUESTED, MembershipStatus.ACTIVE)


class CommunityQuerySet(models.QuerySet["Community"]):
    def visible_to(self, person: Person | None) -> CommunityQuerySet:
        """Return communities the person may see: open ones, restricted ones when signed in,
        and hidden ones only where they are an active member."""
        if person is None or not person.is_authenticated:
            return self.filter(privacy=Privacy.OPEN)
        member_of = Membership.objects.filter(person=person, status=MembershipStatus.ACTIVE).values("community_id")
        return self.filter(Q(privacy__in=[Privacy.OPEN, Privacy.RESTRICTED]) | Q(pk__in=member_of))

    def refresh_role_counts(self) -> int:
        """Recount every community's members by role (after bulk loads); return how many changed."""
        counted: dict[int, dict[str, int]] = {}
        rows = Membership.objects.active().order_by().values_list("community_id", "role").annotate(n=Count("*"))
        for community_id, role, n in rows.values_list("community_id", "role", "n"):
            counted.setdefault(community_id, {})[role] = n
        changed = []
        for community in self.only("id", "role_counts").iterator(chunk_size=2000):
            counts = counted.get(community.pk, {})
            if community.role_counts != counts:
                community.role_counts = counts
                changed.append(community)
        self.model.objects.bulk_update(changed, ["role_counts"], batch_size=1000)
        return len(changed)

    def search(self, q: str = "", kind: str = "", privacy: str = "", lifecycle: str = "") -> CommunityQuerySet:
        """Filter the directory by text, kind, privacy tier and lifecycle."""
        qs = self
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(purpose__icontains=q))
        if kind:
            qs = qs.filter(kind=kind)
        if privacy:
            qs = qs.filter(privacy=privacy)
        if lifecycle:
            qs = qs.filter(lifecycle=lifecycle)
        return qs


class Community(models.Model):
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    kind = models.CharField(max_length=32, choices=CommunityKind.choices, default=CommunityKind.COMMUNITY_OF_PRACTICE)
    purpose = models.TextField(max_length=2000, help_text="Why the community exists, in a sentence or two.")
    learning_question = models.CharField(
        max_length=300, blank=True, help_text="The question the community is trying to answer together, if it has one."
    )
    privacy = models.CharField(max_length=16, choices=Privacy.choices, default=Privacy.OPEN)
    lifecycle = models.CharField(max_length=16, choices=Lifecycle.choices, default=Lifecycle.FORMING)
    closing_note = models.TextField(max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Active members per role, kept by the membership actions so that pages need not count
    # a national network's memberships on every view.
    role_counts = models.JSONField(default=dict, blank=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "communities"
        indexes = [
            models.Index(fields=["name"], name="community_name"),
            models.Index(fields=["privacy", "lifecycle"], name="community_privacy_lifecycle"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:detail", args=[self.slug])

    @property
    def member_count(self) -> int:
        return sum(self.role_counts.values())

    def count_roles(self) -> dict[str, int]:
        """Count the active members of each role, from the memberships themselves."""
        rows = Membership.objects.active().filter(community=self).order_by().values_list("role").annotate(n=Count("*"))
        return dict(rows.values_list("role", "n"))

    @property
    def is_hidden(self) -> bool:
        return self.privacy in HIDDEN_TIERS

    @property
    def is_chatham_house(self) -> bool:
        return self.privacy == Privacy.CONFIDENTIAL

    @property
    def is_closed(self) -> bool:
        return self.lifecycle == Lifecycle.CLOSED


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        """Return current memberships."""
        return self.filter(status=MembershipStatus.ACTIVE)

    def alumni(self) -> MembershipQuerySet:
        """Return memberships that ended."""
        return self.filter(status__in=[MembershipStatus.LEFT, MembershipStatus.REMOVED])

    def pending(self) -> MembershipQuerySet:
        """Return requests to join awaiting a convenor."""
        return self.filter(status=MembershipStatus.REQUESTED)


class Membership(models.Model):
    """One spell of a person's membership; a rejoin starts a new row so history is kept."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE)
    request_message = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    left_reason = models.CharField(max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["community", "status", "role", "joined_at"], name="membership_community_role"),
            # With the community in the index, "which of these people share a community with
            # the viewer" is answered from the index alone (docs/performance.md).
            models.Index(fields=["person", "status", "community"], name="membership_person_status_comm"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"],
                condition=Q(status__in=["requested", "active"]),
                name="one_open_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.community} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a reply"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Withdrawn"
    EXPIRED = "expired", "Lapsed"


INVITATION_LIFETIME = datetime.timedelta(days=30)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        """Return invitations still waiting for a reply."""
        return self.filter(status=InvitationStatus.PENDING)

    def for_email(self, email: str) -> InvitationQuerySet:
        """Return invitations addressed to the email, ignoring case."""
        return self.filter(email__iexact=email)


class Invitation(models.Model):
    """An invitation by email to join a community; people need no account beforehand."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    message = models.TextField(max_length=1000, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(default=timezone.now)
    send_count = models.PositiveIntegerField(default=1)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["community", "status"], name="invitation_community_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.community}"

    def has_lapsed(self, now: datetime.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())
