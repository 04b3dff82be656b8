from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from groundswell.chronicle import actions as chronicle
from groundswell.chronicle.models import Activity
from groundswell.communities import access, actions
from groundswell.communities.forms import (
    CommunityForm,
    DirectoryFilterForm,
    InviteForm,
    LifecycleForm,
    NewcomerForm,
    ReasonForm,
    RemoveForm,
    RequestForm,
    RoleForm,
)
from groundswell.communities.models import (
    ROLE_ORDER,
    Community,
    Invitation,
    InvitationStatus,
    Membership,
    Role,
)
from groundswell.lib.db import top_per_group
from groundswell.lib.http import HtmxHttpRequest, paginate, querystring_without_page
from groundswell.people.actions import ActionError
from groundswell.people.models import Person

RECENT_ACTIVITY = 15
# Alumni listed on the members page, most recent first; the rest are counted.
ALUMNI_SHOWN = 50


def _viewer(request: HttpRequest) -> Person | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def community_list(request: HtmxHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    communities = (
        Community.objects.visible_to(viewer).search(**{k: v or "" for k, v in filters.items()}).order_by("name", "id")
    )
    page = paginate(request, communities)
    mine: set[int] = set()
    if viewer is not None:
        mine = set(
            Membership.objects.active()
            .filter(person=viewer, community_id__in=[c.pk for c in page])
            .values_list("community_id", flat=True)
        )
    context = {"form": form, "page": page, "mine": mine, "querystring": querystring_without_page(request)}
    if request.htmx:
        return render(request, "communities/community_list.html#results", context)
    return render(request, "communities/community_list.html", context)


@login_required
def community_create(request: HttpRequest) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = actions.create_community(by=viewer, **form.cleaned_data)
        messages.success(request, f"{community} has started. You are its convenor: invite people to join.")
        return redirect(community)
    return render(request, "communities/community_form.html", {"form": form, "community": None})


# Names shown under each role on a community page, newest first; the rest are counted and linked.
SHOWN_PER_ROLE = 12


class RoleGroup(NamedTuple):
    role: str
    label: str
    members: list[Membership]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.members)


def _members_by_role(community: Community, counts: dict[str, int]) -> list[RoleGroup]:
    """Preview each role with its newest members, reading only those rows however large the role."""
    roles = [role for role in ROLE_ORDER if counts.get(role)]
    newest = top_per_group(
        Membership.objects.active().filter(community=community),
        group="role",
        keys=roles,
        order_by=["-joined_at", "-id"],
        n=SHOWN_PER_ROLE,
    )
    shown: dict[str, list[Membership]] = {role: [] for role in roles}
    for membership in newest.select_related("person").order_by("-joined_at", "-id"):
        shown[membership.role].append(membership)
    return [RoleGroup(role, Role(role).label, shown[role], counts[role]) for role in roles]


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    community, membership = access.get_community_for_viewer(viewer, slug)
    show_names = access.can_see_member_names(community, viewer, membership)
    pending = None
    if viewer is not None and membership is None:
        pending = Membership.objects.pending().filter(community=community, person=viewer).first()
    counts = community.role_counts
    activity = (
        Activity.objects.for_community(community.pk).select_related("actor")[:RECENT_ACTIVITY] if show_names else []
    )
    context = {
        "community": community,
        "membership": membership,
        "is_convenor": membership is not None and membership.role == Role.CONVENOR,
        "pending": pending,
        "members_by_role": _members_by_role(community, counts) if show_names else None,
        "role_counts": [(Role(role).label, counts[role]) for role in ROLE_ORDER if counts.get(role)],
        "activity": activity,
        "request_form": RequestForm(),
        "leave_form": ReasonForm(),
    }
    return render(request, "communities/community_detail.html", context)


@login_required
def community_edit(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = access.get_community_for_convenor(viewer, slug)
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        community.refresh_from_db()
        actions.update_community(community, by=viewer, **form.cleaned_data)
        messages.success(request, "Changes saved.")
        return redirect(community)
    return render(request, "communities/community_form.html", {"form": form, "community": community})


@login_required
def community_lifecycle(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = access.get_community_for_convenor(viewer, slug)
    form = LifecycleForm(
        request.POST or None, initial={"lifecycle": community.lifecycle, "closing_note": community.closing_note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_lifecycle(community, by=viewer, **form.cleaned_data)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{community} is now {community.get_lifecycle_display().lower()}.")
            return redirect(community)
    return render(request, "communities/community_lifecycle.html", {"form": form, "community": community})


def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    community, membership = access.get_community_for_viewer(viewer, slug)
    if not access.can_see_member_names(community, viewer, membership):
        return redirect("account_login") if viewer is None else redirect(community)
    is_convenor = membership is not None and membership.role == Role.CONVENOR
    role = request.GET.get("role", "")
    members_qs = Membership.objects.active().filter(community=community)
    if role in Role.values:
        members_qs = members_qs.filter(role=role)
    page = paginate(request, members_qs.select_related("person").order_by("person__display_name", "person_id"), 50)
    members = list(page)
    alumni = Membership.objects.alumni().filter(community=community).select_related("person").order_by("-left_at")
    context = {
        "community": community,
        "membership": membership,
        "is_convenor": is_convenor,
        "members": members,
        "page": page,
        "role": role if role in Role.values else "",
        "role_label": Role(role).label if role in Role.values else "",
        "alumni": alumni[:ALUMNI_SHOWN],
        "alumni_count": alumni.count(),
        "requests": Membership.objects.pending().filter(community=community).select_related("person")
        if is_convenor
        else [],
        "invitations": (
            Invitation.objects.filter(community=community)
            .exclude(status=InvitationStatus.ACCEPTED)
            .select_related("invited_by")
            .order_by("-last_sent_at")
            if is_convenor
            else []
        ),
        "invite_form": InviteForm() if is_convenor else None,
        "role_choices": Role.choices,
    }
    if is_convenor and viewer is not None:
        # Access needs are special-category data: convenors see them, and each look is audited.
        needing = [m.person for m in members if m.person.shared_access_needs]
        if needing:
            chronicle.record_access(
                viewer=viewer, subjects=needing, what="access_needs", context=f"members of {community.slug}"
            )  # type: ignore[arg-type]
    return render(request, "communities/member_list.html", context)


def _done(request: HttpRequest, community: Community, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(community)


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = access.get_community_for_viewer(viewer, slug)
    try:
        actions.join_community(community, person=viewer)
    except ActionError as error:
        messages.error(request, str(error))
        return redirect(community)
    return _done(request, community, f"Welcome to {community}.")


@login_required
@require_POST
def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = access.get_community_for_viewer(viewer, slug)
    form = RequestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        actions.request_membership(community, person=viewer, message=message)
    except ActionError as error:
        messages.error(request, str(error))
        return redirect(community)
    return _done(request, community, "Your request has been sent to the convenors. We will email you their answer.")


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, membership = access.get_community_for_member(viewer, slug)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.leave_community(membership, reason=reason)
    except ActionError as error:
        messages.error(request, str(error))
        return redirect(community)
    messages.success(request, f"You have left {community}. Your past contributions stay in its history.")
    return redirect("communities:list") if community.is_hidden else redirect(community)


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = access.get_community_for_convenor(viewer, slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = actions.invite(community, by=viewer, **form.cleaned_data)
        except ActionError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("communities:members", community.slug)
    return render(request, "communities/invite.html", {"form": form, "community": community})


@login_required
@require_POST
def invitation_manage(request: HttpRequest, slug: str, invitation_id: int, verb: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = access.get_community_for_convenor(viewer, slug)
    invitation = Invitation.objects.filter(community=community, pk=invitation_id).first()
    if invitation is None or verb not in {"resend", "revoke"}:
        return render(request, "404.html", status=404)
    try:
        if verb == "resend":
            actions.resend_invitation(invitation, by=viewer)
            messages.success(request, f"Invitation sent again to {invitation.email}.")
        else:
            actions.revoke_invitation(invitation, by=viewer)
            messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    except ActionError as error:
        messages.error(request, str(error))
    return redirect("communities:members", community.slug)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, membership = access.get_membership_for_convenor(viewer, slug, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role.")
    else:
        try:
            actions.change_role(membership, by=viewer, role=form.cleaned_data["role"])
            messages.success(request, f"{membership.person} is now {membership.get_role_display().lower()}.")
        except ActionError as error:
            messages.error(request, str(error))
    return redirect("communities:members", community.slug)


@login_required
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, membership = access.get_membership_for_convenor(viewer, slug, membership_id)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.remove_member(membership, by=viewer, reason=form.cleaned_data["reason"])
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{membership.person} has been removed.")
            return redirect("communities:members", community.slug)
    return render(
        request, "communities/member_remove.html", {"form": form, "community": community, "target": membership}
    )


@login_required
@require_POST
def member_decide(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, membership = access.get_membership_for_convenor(viewer, slug, membership_id)
    approve = request.POST.get("decision") == "approve"
    try:
        actions.decide_request(membership, by=viewer, approve=approve)
        messages.success(request, f"{membership.person} {'has joined' if approve else 'was declined'}.")
    except ActionError as error:
        messages.error(request, str(error))
    return redirect("communities:members", community.slug)


def invitation_respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = access.get_invitation_for_token(token)
    viewer = _viewer(request)
    has_account = Person.objects.filter(email__iexact=invitation.email).exists()
    newcomer_form = NewcomerForm(request.POST or None) if viewer is None and not has_account else None
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "decline":
                actions.decline_invitation(invitation)
                messages.success(request, "You have declined the invitation. Thank you for letting us know.")
                return redirect("home")
            if viewer is not None:
                actions.accept_invitation(invitation, person=viewer)
                return _done(request, invitation.community, f"Welcome to {invitation.community}.")
            if newcomer_form is not None and newcomer_form.is_valid():
                person, _ = actions.accept_invitation_as_newcomer(
                    invitation, display_name=newcomer_form.cleaned_data["display_name"]
                )
                login(request, person, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request, f"Welcome to {invitation.community}. You can complete your profile at any time."
                )
                return redirect(invitation.community)
        except ActionError as exc:
            error = str(exc)
    context = {
        "invitation": invitation,
        "has_account": has_account,
        "newcomer_form": newcomer_form,
        "error": error,
        "open": invitation.status == InvitationStatus.PENDING and not invitation.has_lapsed(),
    }
    return render(request, "communities/invitation.html", context)
