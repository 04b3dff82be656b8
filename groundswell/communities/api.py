"""API: communities and their members."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, StringConstraints, model_validator

from groundswell.communities import access, actions
from groundswell.communities.models import (
    Community,
    CommunityKind,
    Invitation,
    InvitationStatus,
    Lifecycle,
    Membership,
    MembershipStatus,
    Privacy,
    Role,
)
from groundswell.lib.api import Email, Id, InputSchema, Paging, PatchSchema, Storable, Text, errors, page
from groundswell.people import access as people_access
from groundswell.people.api_auth import caller
from groundswell.people.models import Person

router = Router(tags=["communities"])

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160), Storable]
Purpose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), Storable]
LearningQuestion = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Storable]
ClosingNote = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Storable]


class CommunityOut(Schema):
    id: int
    slug: str
    url: str
    name: str
    kind: CommunityKind
    purpose: str
    learning_question: str
    privacy: Privacy
    lifecycle: Lifecycle
    closing_note: str
    closed_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    member_count: int = Field(description="Current members.")
    my_role: Role | None = Field(description="Your role, if you are a current member.")


class CommunityList(Schema):
    items: list[CommunityOut]
    count: int


class CommunityFilters(Paging):
    q: Text = Field("", max_length=100, description="Words from the name or purpose.")
    kind: CommunityKind | None = None
    privacy: Privacy | None = None
    lifecycle: Lifecycle | None = None


class CommunityIn(InputSchema):
    name: Name
    purpose: Purpose
    kind: CommunityKind = CommunityKind.COMMUNITY_OF_PRACTICE
    privacy: Privacy = Privacy.OPEN
    learning_question: LearningQuestion = ""
    lifecycle: Literal["forming", "active"] = "forming"


class CommunityPatch(PatchSchema):
    """Only the fields sent are changed; `closing_note` goes with `lifecycle: closed`."""

    name: Name | None = None
    kind: CommunityKind | None = None
    purpose: Purpose | None = None
    learning_question: LearningQuestion | None = None
    privacy: Privacy | None = None
    lifecycle: Lifecycle | None = None
    closing_note: ClosingNote | None = Field(None, description="Needed when closing: what the community achieved.")

    @model_validator(mode="after")
    def _closing_note_with_closing(self) -> CommunityPatch:
        if self.lifecycle == Lifecycle.CLOSED and not self.closing_note:
            raise ValueError("closing_note is needed to close a community")
        if self.closing_note is not None and self.lifecycle != Lifecycle.CLOSED:
            raise ValueError("closing_note is given only with lifecycle closed")
        return self


class PersonRef(Schema):
    id: int
    display_name: str
    url: str


class MemberOut(Schema):
    id: int = Field(description="The membership's id; a person who rejoins has a new one.")
    person: PersonRef
    role: Role
    status: MembershipStatus
    requested_at: datetime.datetime | None
    joined_at: datetime.datetime | None
    left_at: datetime.datetime | None
    left_reason: str | None = Field(description="Shown to convenors only.")


class MemberList(Schema):
    items: list[MemberOut]
    count: int


class MemberFilters(Paging):
    status: Literal["active", "alumni"] = Field(
        "active", description="`active`: current members by name; `alumni`: people who left or were removed."
    )


class MemberAdd(InputSchema):
    """Join yourself, or (convenors) add someone or invite them by email."""

    email: Email | None = Field(None, description="Convenors: invite this address (anyone; no account needed).")
    person_id: Id | None = Field(None, description="Yourself to join; someone else (convenors) to add them.")
    role: Role | None = Field(None, description="Convenors only; `member` when not given.")
    message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000), Storable] = Field(
        "", description="A note with the invitation, or with your request to join."
    )

    @model_validator(mode="after")
    def _one_target(self) -> MemberAdd:
        if self.email is not None and self.person_id is not None:
            raise ValueError("give either email or person_id, not both")
        return self


class RemoveParams(Schema):
    reason: Reason = Field("", description="Why you leave (optional), or why you remove someone (needed).")


class MemberPatch(InputSchema):
    role: Role


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    status: InvitationStatus
    created_at: datetime.datetime
    expires_at: datetime.datetime


def _community_out(
    request: HttpRequest, community: Community, *, member_count: int, my_role: str | None
) -> CommunityOut:
    return CommunityOut(
        id=community.pk,
        slug=community.slug,
        url=request.build_absolute_uri(community.get_absolute_url()),
        name=community.name,
        kind=CommunityKind(community.kind),
        purpose=community.purpose,
        learning_question=community.learning_question,
        privacy=Privacy(community.privacy),
        lifecycle=Lifecycle(community.lifecycle),
        closing_note=community.closing_note,
        closed_at=community.closed_at,
        created_at=community.created_at,
        updated_at=community.updated_at,
        member_count=member_count,
        my_role=Role(my_role) if my_role else None,
    )


def _member_out(request: HttpRequest, membership: Membership, *, show_reason: bool) -> MemberOut:
    person: Person = membership.person  # type: ignore[assignment]
    return MemberOut(
        id=membership.pk,
        person=PersonRef(
            id=person.pk,
            display_name=person.display_name,
            url=request.build_absolute_uri(person.get_absolute_url()),
        ),
        role=Role(membership.role),
        status=MembershipStatus(membership.status),
        requested_at=membership.requested_at,
        joined_at=membership.joined_at,
        left_at=membership.left_at,
        left_reason=membership.left_reason if show_reason else None,
    )


def _invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.pk,
        email=invitation.email,
        role=Role(invitation.role),
        status=InvitationStatus(invitation.status),
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )


def _detail(request: HttpRequest, community: Community, membership: Membership | None) -> CommunityOut:
    member_count = community.member_count
    return _community_out(
        request, community, member_count=member_count, my_role=membership.role if membership is not None else None
    )


def _is_convenor(membership: Membership | None) -> bool:
    return membership is not None and membership.role in access.MANAGER_ROLES


@router.get("/communities", response={200: CommunityList, **errors(422)}, summary="List communities")
def list_communities(request: HttpRequest, filters: Query[CommunityFilters]) -> CommunityList:
    """Communities you can see, in name order: open and restricted ones, and private or
    confidential ones only if you are a member."""
    viewer = caller(request)
    qs = (
        Community.objects.visible_to(viewer)
        .search(
            q=filters.q.strip(),
            kind=filters.kind.value if filters.kind else "",
            privacy=filters.privacy.value if filters.privacy else "",
            lifecycle=filters.lifecycle.value if filters.lifecycle else "",
        )
        .order_by("name", "id")
    )
    communities, count = page(qs, filters)
    roles = dict(
        Membership.objects.active()
        .filter(person=viewer, community_id__in=[c.pk for c in communities])
        .values_list("community_id", "role")
    )
    items = [_community_out(request, c, member_count=c.member_count, my_role=roles.get(c.pk)) for c in communities]
    return CommunityList(items=items, count=count)


@router.post("/communities", response={201: CommunityOut, **errors(400, 403, 422)}, summary="Start a community")
def create_community(request: HttpRequest, payload: CommunityIn) -> Status[CommunityOut]:
    """Anyone signed in may start a community; you become its first convenor."""
    viewer = caller(request)
    community = actions.create_community(
        by=viewer,
        name=payload.name,
        purpose=payload.purpose,
        kind=payload.kind.value,
        privacy=payload.privacy.value,
        learning_question=payload.learning_question,
        lifecycle=payload.lifecycle,
    )
    return Status(201, _community_out(request, community, member_count=1, my_role=Role.CONVENOR))


@router.get(
    "/communities/{int:community_id}", response={200: CommunityOut, **errors(404, 422)}, summary="One community"
)
def get_community(request: HttpRequest, community_id: int) -> CommunityOut:
    """A community you can see; 404 for private and confidential ones you are not a member of."""
    viewer = caller(request)
    community, membership = access.get_community_for_viewer(viewer, community_id)
    return _detail(request, community, membership)


@router.patch(
    "/communities/{int:community_id}",
    response={200: CommunityOut, **errors(400, 403, 404, 409, 422)},
    summary="Change a community (convenors)",
)
def update_community(request: HttpRequest, community_id: int, payload: CommunityPatch) -> CommunityOut:
    """Change the fields sent. Changing `lifecycle` to `closed` needs a `closing_note`; a
    closed community stays readable as an archive."""
    viewer = caller(request)
    community, membership = access.get_community_for_convenor(viewer, community_id)
    fields = payload.model_dump(exclude_unset=True, exclude={"lifecycle", "closing_note"})
    with transaction.atomic():
        actions.update_community(community, by=viewer, **{name: str(value) for name, value in fields.items()})
        if payload.lifecycle is not None:
            actions.change_lifecycle(
                community, by=viewer, lifecycle=payload.lifecycle, closing_note=payload.closing_note or ""
            )
    return _detail(request, community, membership)


@router.get(
    "/communities/{int:community_id}/members",
    response={200: MemberList, **errors(403, 404, 422)},
    summary="Members of a community, or its alumni",
)
def list_members(request: HttpRequest, community_id: int, filters: Query[MemberFilters]) -> MemberList:
    """Current members with their role and when they joined, in name order; with
    `?status=alumni`, the people who left or were removed, most recent first (history is
    kept). Only for people who may see the members' names."""
    viewer = caller(request)
    community, membership = access.get_community_for_viewer(viewer, community_id)
    if not access.can_see_member_names(community, viewer, membership):
        raise HttpError(403, "Only members can see who belongs to this community.")
    memberships = community.memberships.select_related("person")
    if filters.status == "alumni":
        qs = memberships.alumni().order_by("-left_at", "-id")
    else:
        qs = memberships.active().order_by("person__display_name", "id")
    rows, count = page(qs, filters)
    show_reason = _is_convenor(membership)
    return MemberList(items=[_member_out(request, m, show_reason=show_reason) for m in rows], count=count)


@router.post(
    "/communities/{int:community_id}/members",
    response={201: MemberOut, 202: InvitationOut, **errors(400, 403, 404, 409, 422)},
    summary="Join, add a member, or invite by email",
)
def add_member(request: HttpRequest, community_id: int, payload: MemberAdd) -> Status[MemberOut | InvitationOut]:
    """What happens depends on the body:

    - `{}` or `{"person_id": <your id>}`: **join** yourself. An open community takes you at
      once (201, status `active`); a restricted one records a request for its convenors to
      decide (201, status `requested`; `message` goes with it). Your role follows your
      profile (member, or lay partner).
    - `{"email": "...", "role": "..."}` (convenors): **invite** anyone by email, with an
      optional `message`; they need no account beforehand. Answers 202 with the invitation,
      since the person has still to accept.
    - `{"person_id": <someone else>, "role": "..."}` (convenors): **add** someone who already
      has an account, straight away (201).

    409 if the person is already a member (or has asked to join, or has an invitation
    waiting), or the community has closed.
    """
    viewer = caller(request)
    if payload.email is not None:
        community, _ = access.get_community_for_convenor(viewer, community_id)
        invitation = actions.invite(
            community, by=viewer, email=payload.email, role=payload.role or Role.MEMBER, message=payload.message
        )
        return Status(202, _invitation_out(invitation))
    if payload.person_id is not None and payload.person_id != viewer.pk:
        community, _ = access.get_community_for_convenor(viewer, community_id)
        person = people_access.get_person_for_viewer(viewer, payload.person_id)
        added = actions.add_member(community, by=viewer, person=person, role=payload.role or Role.MEMBER)
        return Status(201, _member_out(request, added, show_reason=True))
    community, membership = access.get_community_for_viewer(viewer, community_id)
    if membership is not None:
        raise HttpError(409, "You are already a member.")
    if payload.role is not None:
        raise HttpError(400, "Your role is chosen by the convenors: leave out role to join.")
    if community.privacy == Privacy.RESTRICTED:
        joined = actions.request_membership(community, person=viewer, message=payload.message)
    else:
        joined = actions.join_community(community, person=viewer)
    return Status(201, _member_out(request, joined, show_reason=False))


@router.patch(
    "/communities/{int:community_id}/members/{int:person_id}",
    response={200: MemberOut, **errors(400, 403, 404, 409, 422)},
    summary="Change a member's role (convenors)",
)
def update_member(request: HttpRequest, community_id: int, person_id: int, payload: MemberPatch) -> MemberOut:
    """Give a current member another role. 409 if that would leave the community without a convenor."""
    viewer = caller(request)
    _, membership = access.get_member_for_convenor(viewer, community_id, person_id)
    actions.change_role(membership, by=viewer, role=payload.role.value)
    return _member_out(request, membership, show_reason=True)


@router.delete(
    "/communities/{int:community_id}/members/{int:person_id}",
    response={200: MemberOut, **errors(400, 403, 404, 409, 422)},
    summary="Leave, or remove a member (convenors)",
)
def remove_member(
    request: HttpRequest,
    community_id: int,
    person_id: int,
    params: Query[RemoveParams],
) -> MemberOut:
    """With your own id: leave (`reason` optional). With someone else's (convenors): remove
    them, giving a `reason`, which they are told. Either way the membership stays in the
    community's history (status `left` or `removed`) and is answered. 409 for the last
    convenor: name another convenor first."""
    viewer = caller(request)
    reason = params.reason
    if person_id == viewer.pk:
        _, membership = access.get_community_for_member(viewer, community_id)
        actions.leave_community(membership, reason=reason)
        return _member_out(request, membership, show_reason=True)
    _, membership = access.get_member_for_convenor(viewer, community_id, person_id)
    if not reason:
        raise HttpError(400, "Give a reason for removing someone: add ?reason=...")
    actions.remove_member(membership, by=viewer, reason=reason)
    return _member_out(request, membership, show_reason=True)
