"""Background jobs of the communities app: they take IDs and send mail."""

from __future__ import annotations

from django_tasks import task

from groundswell.communities.models import Invitation, Membership
from groundswell.lib.email import send_templated_email


@task()
def send_invitation_email(invitation_id: int, raw_token: str) -> None:
    """Email an invitation with its link (the raw token exists only in this message)."""
    invitation = Invitation.objects.select_related("community", "invited_by").get(pk=invitation_id)
    send_templated_email(
        "communities/email/invitation",
        [invitation.email],
        {"invitation": invitation, "path": f"/invitations/{raw_token}/"},
    )


@task()
def send_invitation_lapsed_email(invitation_id: int) -> None:
    """Tell the inviter that an invitation lapsed unanswered, so it never lapses silently."""
    invitation = Invitation.objects.select_related("community", "invited_by").get(pk=invitation_id)
    if invitation.invited_by is None or not invitation.invited_by.is_active:
        return
    send_templated_email(
        "communities/email/invitation_lapsed", [invitation.invited_by.email], {"invitation": invitation}
    )


@task()
def send_request_email(membership_id: int) -> None:
    """Tell a community's convenors that someone asked to join."""
    membership = Membership.objects.select_related("community", "person").get(pk=membership_id)
    convenors = list(
        Membership.objects.active()
        .filter(community=membership.community, role="convenor")
        .values_list("person__email", flat=True)
    )
    if convenors:
        send_templated_email("communities/email/join_request", convenors, {"membership": membership})


@task()
def send_request_decision_email(membership_id: int) -> None:
    """Tell the person whether their request to join was approved."""
    membership = Membership.objects.select_related("community", "person").get(pk=membership_id)
    send_templated_email("communities/email/join_decision", [membership.person.email], {"membership": membership})
