"""Every write to communities, memberships and invitations goes through here.

Each action checks the rule it enforces, writes inside one transaction, appends to the
activity stream, and queues email on commit.
"""

from __future__ import annotations

import secrets
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from groundswell.chronicle import actions as chronicle
from groundswell.communities import tasks
from groundswell.communities.models import (
    INVITATION_LIFETIME,
    Community,
    Invitation,
    InvitationStatus,
    Lifecycle,
    Membership,
    MembershipStatus,
    Privacy,
    Role,
)
from groundswell.people import actions as people_actions
from groundswell.people.actions import ActionError
from groundswell.people.models import Person, hash_token

EDITABLE_FIELDS = frozenset({"name", "kind", "purpose", "learning_question", "privacy"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:160] or "community"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _record(verb: str, *, actor: Person | None, target: Any, community: Community, **data: Any) -> None:
    chronicle.record_activity(verb, actor=actor, target=target, community_id=community.pk, data=data or None)


@transaction.atomic
def create_community(
    *,
    by: Person,
    name: str,
    purpose: str,
    kind: str,
    privacy: str = Privacy.OPEN,
    learning_question: str = "",
    lifecycle: str = Lifecycle.FORMING,
) -> Community:
    """Start a community; anyone signed in may, and they become its first convenor."""
    if not name.strip():
        raise ActionError("A community needs a name.")
    now = timezone.now()
    community = Community.objects.create(
        name=name.strip(),
        slug=_unique_slug(name),
        purpose=purpose.strip(),
        kind=kind,
        privacy=privacy,
        learning_question=learning_question.strip(),
        lifecycle=lifecycle,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    _record("created_community", actor=by, target=community, community=community)
    Membership.objects.create(community=community, person=by, role=Role.CONVENOR, joined_at=now)
    _recount(community)
    return community


@transaction.atomic
def update_community(community: Community, *, by: Person, **fields: Any) -> list[str]:
    """Change a community's description or privacy tier; return what changed."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(community, name) != value]
    for name in changed:
        setattr(community, name, fields[name])
    if changed:
        community.updated_at = timezone.now()
        community.save(update_fields=[*changed, "updated_at"])
        _record("updated_community", actor=by, target=community, community=community, fields=changed)
    return changed


@transaction.atomic
def change_lifecycle(community: Community, *, by: Person, lifecycle: str, closing_note: str = "") -> None:
    """Move a community through forming, active, dormant and closed (with a closing note)."""
    if lifecycle == Lifecycle.CLOSED and not closing_note.strip():
        raise ActionError("Write a closing note: what the community did and where its work lives on.")
    if lifecycle == community.lifecycle:
        return
    community.lifecycle = lifecycle
    community.closing_note = closing_note.strip() if lifecycle == Lifecycle.CLOSED else community.closing_note
    community.closed_at = timezone.now() if lifecycle == Lifecycle.CLOSED else None
    community.updated_at = timezone.now()
    community.save(update_fields=["lifecycle", "closing_note", "closed_at", "updated_at"])
    _record("changed_lifecycle", actor=by, target=community, community=community, lifecycle=lifecycle)


def _recount(community: Community) -> None:
    """Refresh the community's stored role counts after a membership change.

    The row lock makes concurrent changes to one community's members recount one after
    another, so the last to commit counts everyone.
    """
    Community.objects.select_for_update().filter(pk=community.pk).values_list("pk").first()
    community.role_counts = community.count_roles()
    community.save(update_fields=["role_counts"])


def _open_membership(community: Community, person: Person) -> Membership | None:
    return Membership.objects.filter(
        community=community, person=person, status__in=[MembershipStatus.ACTIVE, MembershipStatus.REQUESTED]
    ).first()


def _refuse_if_closed(community: Community) -> None:
    if community.is_closed:
        raise ActionError("This community has closed; its pages stay as an archive.")


def _add_member(community: Community, person: Person, *, role: str, by: Person | None, verb: str) -> Membership:
    now = timezone.now()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                community=community, person=person, role=role, status=MembershipStatus.ACTIVE, joined_at=now
            )
    except IntegrityError as exc:
        raise ActionError(f"{person} is already a member or has asked to join.") from exc
    _record(verb, actor=by or person, target=membership, community=community, role=role)
    _recount(community)
    return membership


@transaction.atomic
def join_community(community: Community, *, person: Person) -> Membership:
    """Join an open community straight away."""
    _refuse_if_closed(community)
    if community.privacy != Privacy.OPEN:
        raise ActionError("This community is not open to join: ask to join or wait for an invitation.")
    if _open_membership(community, person):
        raise ActionError("You are already a member.")
    role = Role.LAY_PARTNER if person.is_lay_partner else Role.MEMBER
    return _add_member(community, person, role=role, by=person, verb="joined")


@transaction.atomic
def request_membership(community: Community, *, person: Person, message: str = "") -> Membership:
    """Ask to join a restricted community; convenors are told by email."""
    _refuse_if_closed(community)
    if community.privacy != Privacy.RESTRICTED:
        raise ActionError("Requests are for restricted communities.")
    if _open_membership(community, person):
        raise ActionError("You are already a member or have asked to join.")
    role = Role.LAY_PARTNER if person.is_lay_partner else Role.MEMBER
    membership = Membership.objects.create(
        community=community,
        person=person,
        role=role,
        status=MembershipStatus.REQUESTED,
        requested_at=timezone.now(),
        request_message=message.strip()[:500],
    )
    _record("requested_membership", actor=person, target=membership, community=community)
    transaction.on_commit(partial(tasks.send_request_email.enqueue, membership.pk))
    return membership


@transaction.atomic
def decide_request(membership: Membership, *, by: Person, approve: bool) -> None:
    """Approve or decline a request to join, and tell the person."""
    if membership.status != MembershipStatus.REQUESTED:
        raise ActionError("This request has already been decided.")
    if approve:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = timezone.now()
    else:
        membership.status = MembershipStatus.DECLINED
    membership.save(update_fields=["status", "joined_at"])
    verb = "approved_membership" if approve else "declined_membership"
    _record(verb, actor=by, target=membership, community=membership.community)
    _recount(membership.community)
    transaction.on_commit(partial(tasks.send_request_decision_email.enqueue, membership.pk))


@transaction.atomic
def add_member(community: Community, *, by: Person | None, person: Person, role: str) -> Membership:
    """Make someone a current member straight away, as a convenor's import does.

    Refuses people who are already members or have asked to join; ``by`` may be None when
    an administrator's script adds them.
    """
    _refuse_if_closed(community)
    if role not in Role.values:
        raise ActionError("Unknown role.")
    if _open_membership(community, person):
        raise ActionError(f"{person} is already a member or has asked to join.")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                community=community, person=person, role=role, status=MembershipStatus.ACTIVE, joined_at=timezone.now()
            )
    except IntegrityError as exc:
        raise ActionError(f"{person} is already a member or has asked to join.") from exc
    _record("added_member", actor=by, target=membership, community=community, role=role)
    _recount(community)
    return membership


def _convenor_count(community: Community) -> int:
    return Membership.objects.active().filter(community=community, role=Role.CONVENOR).count()


def _refuse_if_last_convenor(membership: Membership) -> None:
    if membership.role == Role.CONVENOR and _convenor_count(membership.community) <= 1:
        raise ActionError("A community needs a convenor: name another convenor first.")


@transaction.atomic
def change_role(membership: Membership, *, by: Person, role: str) -> None:
    """Give a member another role; the last convenor cannot step down."""
    if not membership.is_active:
        raise ActionError("Only current members have a role.")
    if role == membership.role:
        return
    if role not in Role.values:
        raise ActionError("Unknown role.")
    _refuse_if_last_convenor(membership)
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _record("changed_role", actor=by, target=membership, community=membership.community, previous=previous, role=role)
    _recount(membership.community)


def _end_membership(membership: Membership, *, by: Person, status: str, reason: str, verb: str) -> None:
    if not membership.is_active:
        raise ActionError("This membership has already ended.")
    _refuse_if_last_convenor(membership)
    membership.status = status
    membership.left_at = timezone.now()
    membership.left_reason = reason.strip()[:300]
    membership.save(update_fields=["status", "left_at", "left_reason"])
    _record(verb, actor=by, target=membership, community=membership.community)
    _recount(membership.community)


@transaction.atomic
def leave_community(membership: Membership, *, reason: str = "") -> None:
    """Leave a community; the membership stays in its history as an alumnus."""
    _end_membership(membership, by=membership.person, status=MembershipStatus.LEFT, reason=reason, verb="left")  # type: ignore[arg-type]


@transaction.atomic
def remove_member(membership: Membership, *, by: Person, reason: str) -> None:
    """Remove someone from a community, with a reason kept in its history."""
    if not reason.strip():
        raise ActionError("Give a reason for removing someone.")
    _end_membership(membership, by=by, status=MembershipStatus.REMOVED, reason=reason, verb="removed_member")


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


@transaction.atomic
def invite(community: Community, *, by: Person, email: str, role: str = Role.MEMBER, message: str = "") -> Invitation:
    """Invite anyone, from any organisation, by email; no account is needed beforehand."""
    _refuse_if_closed(community)
    email = email.strip().lower()
    existing = Person.objects.filter(email__iexact=email).first()
    if existing and _open_membership(community, existing):
        raise ActionError(f"{email} is already a member or has asked to join.")
    if Invitation.objects.pending().filter(community=community, email__iexact=email).exists():
        raise ActionError(f"{email} already has an invitation waiting: re-send it instead.")
    raw, token_hash = _new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        role=role,
        message=message.strip(),
        token_hash=token_hash,
        invited_by=by,
        created_at=now,
        last_sent_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    _record("invited", actor=by, target=invitation, community=community, role=role)
    transaction.on_commit(partial(tasks.send_invitation_email.enqueue, invitation.pk, raw))
    return invitation


@transaction.atomic
def resend_invitation(invitation: Invitation, *, by: Person) -> None:
    """Send a pending or lapsed invitation again with a fresh link and a fresh 30 days."""
    if invitation.status not in (InvitationStatus.PENDING, InvitationStatus.EXPIRED):
        raise ActionError("Only invitations still waiting, or lapsed, can be sent again.")
    if (
        invitation.status == InvitationStatus.EXPIRED
        and Invitation.objects.pending().filter(community=invitation.community, email__iexact=invitation.email).exists()
    ):
        raise ActionError("A newer invitation is already waiting.")
    raw, invitation.token_hash = _new_token()
    now = timezone.now()
    invitation.status = InvitationStatus.PENDING
    invitation.last_sent_at = now
    invitation.expires_at = now + INVITATION_LIFETIME
    invitation.send_count += 1
    invitation.save(update_fields=["token_hash", "status", "last_sent_at", "expires_at", "send_count"])
    _record("resent_invitation", actor=by, target=invitation, community=invitation.community)
    transaction.on_commit(partial(tasks.send_invitation_email.enqueue, invitation.pk, raw))


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by: Person) -> None:
    """Withdraw an invitation; its link stops working."""
    if invitation.status != InvitationStatus.PENDING:
        raise ActionError("Only invitations still waiting can be withdrawn.")
    invitation.status = InvitationStatus.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    _record("revoked_invitation", actor=by, target=invitation, community=invitation.community)


def _check_answerable(invitation: Invitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise ActionError(f"This invitation is no longer open ({invitation.get_status_display().lower()}).")
    if invitation.has_lapsed():
        raise ActionError("This invitation has lapsed. Ask the person who invited you to send it again.")
    _refuse_if_closed(invitation.community)


@transaction.atomic
def accept_invitation(invitation: Invitation, *, person: Person) -> Membership:
    """Accept an invitation as the signed-in person, joining with the invited role."""
    _check_answerable(invitation)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    existing = _open_membership(invitation.community, person)
    if existing and existing.status == MembershipStatus.REQUESTED:
        existing.status = MembershipStatus.ACTIVE
        existing.role = invitation.role
        existing.joined_at = timezone.now()
        existing.save(update_fields=["status", "role", "joined_at"])
        _record("accepted_invitation", actor=person, target=existing, community=invitation.community)
        _recount(invitation.community)
        return existing
    if existing:
        raise ActionError("You are already a member of this community.")
    return _add_member(invitation.community, person, role=invitation.role, by=person, verb="accepted_invitation")


@transaction.atomic
def accept_invitation_as_newcomer(invitation: Invitation, *, display_name: str) -> tuple[Person, Membership]:
    """Create an account for someone who followed an invitation link, then accept it.

    The link reached their inbox, so the address counts as verified.
    """
    _check_answerable(invitation)
    if Person.objects.filter(email__iexact=invitation.email).exists():
        raise ActionError("You already have an account: sign in to accept.")
    person = people_actions.create_person(email=invitation.email, display_name=display_name, verified=True)
    return person, accept_invitation(invitation, person=person)


@transaction.atomic
def decline_invitation(invitation: Invitation) -> None:
    """Decline an invitation; the inviter sees it was declined."""
    if invitation.status != InvitationStatus.PENDING:
        raise ActionError("This invitation is no longer open.")
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    _record("declined_invitation", actor=None, target=invitation, community=invitation.community)


def expire_invitations() -> int:
    """Mark lapsed invitations and tell each inviter; return how many lapsed."""
    count = 0
    for invitation in Invitation.objects.pending().filter(expires_at__lte=timezone.now()).select_related("community"):
        with transaction.atomic():
            invitation.status = InvitationStatus.EXPIRED
            invitation.save(update_fields=["status"])
            _record("invitation_lapsed", actor=None, target=invitation, community=invitation.community)
            transaction.on_commit(partial(tasks.send_invitation_lapsed_email.enqueue, invitation.pk))
        count += 1
    return count
