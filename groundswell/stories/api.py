"""API: stories, their consent, withdrawal and the identifiability check.

Every answer goes through the same consent rule as the pages (``Story.objects.readable_by`` and
``visible_to``): a story the caller may not read is 404, never an empty shell.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, StringConstraints, field_validator

from groundswell.communities import access as community_access
from groundswell.communities.api import PersonRef
from groundswell.communities.models import Role
from groundswell.lib.api import (
    MAX_ID,
    ErrorOut,
    Id,
    InputSchema,
    Paging,
    PatchSchema,
    Storable,
    ValidationErrorOut,
    errors,
    page,
)
from groundswell.people import access as people_access
from groundswell.people.api_auth import caller
from groundswell.people.models import Person
from groundswell.stories import access, actions, checking
from groundswell.stories.models import (
    ConsentRecord,
    Genre,
    Naming,
    Story,
    StoryQuerySet,
    Use,
    named_teller,
    shown_teller,
)

router = Router(tags=["stories"])

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160), Storable]
Happened = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=6000), Storable]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000), Storable]
Period = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), Storable]
Place = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120), Storable]
Pseudonym = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80), Storable]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120), Storable]
HowGiven = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Storable]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Storable]

MANAGERS_ONLY = "Shown to the teller and to the convenors who look after the story; null for others."


class ConsentOut(Schema):
    uses: list[Use] = Field(description="What the teller agreed to, narrowest first; empty once withdrawn.")
    naming: Naming
    pseudonym: str
    expires_on: datetime.date | None = Field(description="After this day the story is no longer shared.")
    withdrawn: bool
    recorded_at: datetime.datetime
    on_behalf: bool = Field(description="Recorded by a convenor for the teller rather than by the teller.")
    recorded_by: PersonRef | None = Field(description=MANAGERS_ONLY)
    how_given: str | None = Field(description=MANAGERS_ONLY)
    reason: str | None = Field(description=MANAGERS_ONLY)


class StoryOut(Schema):
    id: int
    url: str
    community_id: int | None = Field(description="null when the story's community is hidden from you.")
    title: str
    what_happened: str
    what_changed: str
    why_it_matters: str
    genre: Genre
    period: str
    place: str
    teller: str = Field(description="The name the story is told under: a name, a pseudonym or `Anonymous`.")
    teller_person: PersonRef | None = Field(
        description="The teller's profile when the story is named; for those who look after the story, always."
    )
    is_mine: bool
    can_manage: bool = Field(description="You may change the story and its consent.")
    checked: bool = Field(
        description="The story as it now reads has passed the identifiability check; until it has, it is not"
        " shared beyond its community."
    )
    consent: ConsentOut | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class StoryList(Schema):
    items: list[StoryOut]
    count: int


class ConsentList(Schema):
    items: list[ConsentOut]
    count: int


class ConsentIn(InputSchema):
    """A new decision about the story's uses. Wider uses include narrower ones: `public` adds
    `groundswell` and `community`; `groundswell` and `sponsor_reports` add `community`."""

    uses: list[Use] = Field(max_length=4, description="An empty list keeps the story to its teller.")
    naming: Naming = Naming.NAMED
    pseudonym: Pseudonym = Field("", description="Needed with `naming: pseudonymous`.")
    expires_on: datetime.date | None = Field(None, description="The last day the story may be shared.")
    how_given: HowGiven = Field(
        "", description="How the teller gave consent; needed when a convenor records it for them."
    )

    @field_validator("expires_on")
    @classmethod
    def _plausible(cls, value: datetime.date | None) -> datetime.date | None:
        if value is not None and value.year > 2200:
            raise ValueError("must be before the year 2200")
        return value

    def terms(self) -> actions.ConsentTerms:
        return actions.ConsentTerms(
            uses=frozenset(use.value for use in self.uses),
            naming=self.naming.value,
            pseudonym=self.pseudonym,
            expires_on=self.expires_on,
        )


class StoryIn(InputSchema):
    """Tell a story, or (convenors) record one for a member (`teller_id`) or for someone
    without an account (`teller_name`); `consent.how_given` is then needed."""

    title: Title
    what_happened: Happened
    what_changed: LongText = ""
    why_it_matters: LongText = ""
    genre: Genre = Genre.MOMENT
    period: Period = ""
    place: Place = ""
    consent: ConsentIn
    teller_id: Id | None = None
    teller_name: Name = ""


class StoryPatch(PatchSchema):
    """Change what the story says; send only the fields to change."""

    title: Title | None = None
    what_happened: Happened | None = None
    what_changed: LongText | None = None
    why_it_matters: LongText | None = None
    genre: Genre | None = None
    period: Period | None = None
    place: Place | None = None


class WithdrawalIn(InputSchema):
    reason: Reason = Field("", description="Kept with the consent history; the teller is told if it is not you.")


class FlagOut(Schema):
    id: str = Field(description="Send it back in `remove` to take this detail out.")
    field: str
    kind: Literal["name", "nhs_number", "date_of_birth", "postcode", "phone", "email", "rare_detail"]
    start: int
    end: int
    text: str
    message: str


class CheckOut(Schema):
    checked: bool = Field(description="The story as it now reads has passed the check.")
    digest: str = Field(description="The fingerprint of the text checked; send it back with your decision.")
    flags: list[FlagOut]


class CheckIn(InputSchema):
    digest: str = Field(
        max_length=64, description="From the check you looked at: refused with 409 if the story changed since."
    )
    remove: list[Annotated[str, StringConstraints(max_length=80)]] = Field(
        default_factory=list, max_length=1000, description="Ids of the details to remove; the rest are kept."
    )


class StoryFilters(Paging):
    genre: Genre | None = None


class CommunityStoryFilters(StoryFilters):
    use: Use | None = Field(
        None,
        description="Only stories whose tellers agreed to this use, for the audience of that use "
        "(`sponsor_reports`: the community's convenors and sponsors). Without it: every story you may read.",
    )


def _check_id(value: int) -> int:
    # Path ids beyond 64 bits cannot exist; answer 404 rather than overflow in SQL.
    if value > MAX_ID:
        raise Http404
    return value


def _person_ref(request: HttpRequest, person: Person | None) -> PersonRef | None:
    if person is None:
        return None
    return PersonRef(
        id=person.pk, display_name=person.display_name, url=request.build_absolute_uri(person.get_absolute_url())
    )


def _consent_out(request: HttpRequest, record: ConsentRecord, *, manager: bool) -> ConsentOut:
    return ConsentOut(
        uses=record.uses,
        naming=Naming(record.naming),
        pseudonym=record.pseudonym,
        expires_on=record.expires_on,
        withdrawn=record.withdrawn,
        recorded_at=record.recorded_at,
        on_behalf=record.on_behalf,
        recorded_by=_person_ref(request, record.recorded_by) if manager else None,  # type: ignore[arg-type]
        how_given=record.how_given if manager else None,
        reason=record.reason if manager else None,
    )


class _Context:
    """What is decided once per request for a list of stories."""

    def __init__(self, viewer: Person | None, stories: list[Story]) -> None:
        self.viewer = viewer
        self.convened = access.convened_communities(viewer)
        self.shown = access.communities_shown([story.community for story in stories], viewer)


def _story_out(request: HttpRequest, story: Story, context: _Context) -> StoryOut:
    viewer = context.viewer
    manager = access.can_manage(story, viewer, context.convened)
    teller_person = story.teller if manager else named_teller(story)
    return StoryOut(
        id=story.pk,
        url=request.build_absolute_uri(story.get_absolute_url()),
        community_id=story.community_id if story.community_id in context.shown else None,
        title=story.title,
        what_happened=story.what_happened,
        what_changed=story.what_changed,
        why_it_matters=story.why_it_matters,
        genre=Genre(story.genre),
        period=story.period,
        place=story.place,
        teller=shown_teller(story, viewer),
        teller_person=_person_ref(request, teller_person),  # type: ignore[arg-type]
        is_mine=access.is_teller(story, viewer),
        can_manage=manager,
        checked=story.is_checked,
        consent=_consent_out(request, story.consent, manager=manager) if story.consent is not None else None,
        created_at=story.created_at,
        updated_at=story.updated_at,
    )


def _one(request: HttpRequest, viewer: Person | None, story_id: int) -> StoryOut:
    story = access.get_story_for_viewer(viewer, story_id)
    return _story_out(request, story, _Context(viewer, [story]))


def _list(request: HttpRequest, viewer: Person | None, qs: StoryQuerySet, filters: StoryFilters) -> StoryList:
    if filters.genre is not None:
        qs = qs.filter(genre=filters.genre.value)
    qs = qs.select_related("community", "teller", "consent", "consent__recorded_by").newest_first()
    rows, count = page(qs, filters)
    context = _Context(viewer, rows)
    return StoryList(items=[_story_out(request, story, context) for story in rows], count=count)


def _check_out(story: Story) -> CheckOut:
    flags = [
        FlagOut(
            id=item.id,
            field=item.field,
            kind=item.flag.kind,  # type: ignore[arg-type]
            start=item.flag.start,
            end=item.flag.end,
            text=item.flag.text,
            message=item.flag.message,
        )
        for item in checking.flags_for(story)
    ]
    return CheckOut(checked=story.is_checked, digest=story.content_digest, flags=flags)


@router.get(
    "/communities/{int:community_id}/stories",
    response={200: StoryList, **errors(403, 404, 422)},
    summary="Stories of a community",
)
def list_community_stories(request: HttpRequest, community_id: int, filters: Query[CommunityStoryFilters]) -> StoryList:
    """The community's stories you may read, newest first. With `?use=`, only those whose tellers
    agreed to that use: what a convenor may put in a report (`sponsor_reports`) or publish."""
    viewer = caller(request)
    community, membership = community_access.get_community_for_viewer(viewer, _check_id(community_id))
    if filters.use is None:
        qs = Story.objects.filter(community=community).current().visible_to(viewer)
    else:
        if filters.use == Use.SPONSOR_REPORTS and (
            membership is None or membership.role not in (Role.CONVENOR, Role.SPONSOR)
        ):
            raise HttpError(403, "Only the community's convenors and sponsors read stories for reports.")
        qs = Story.objects.readable_by(viewer, use=filters.use.value).filter(community=community)
    return _list(request, viewer, qs, filters)


@router.post(
    "/communities/{int:community_id}/stories",
    response={201: StoryOut, **errors(400, 403, 404, 409, 422)},
    summary="Tell a story (members), or record one for someone (convenors)",
)
def create_story(request: HttpRequest, community_id: int, payload: StoryIn) -> Status[StoryOut]:
    """Tell your story in a community you belong to. Convenors record the story of someone who
    contributes by phone or post: a member (`teller_id`) or someone without an account
    (`teller_name`), with `consent.how_given`. Beyond the community the story waits for the
    identifiability check (`checked`): see `GET /stories/{id}/check`."""
    viewer = caller(request)
    on_behalf = payload.teller_id is not None or bool(payload.teller_name)
    if on_behalf:
        community = access.get_community_for_recorder(viewer, _check_id(community_id))
    else:
        community = access.get_community_for_teller(viewer, _check_id(community_id))
    teller = people_access.get_person_for_viewer(viewer, payload.teller_id) if payload.teller_id is not None else None
    story = actions.tell_story(
        community,
        by=viewer,
        terms=payload.consent.terms(),
        teller=teller,
        teller_name=payload.teller_name,
        how_given=payload.consent.how_given,
        title=payload.title,
        what_happened=payload.what_happened,
        what_changed=payload.what_changed,
        why_it_matters=payload.why_it_matters,
        genre=payload.genre.value,
        period=payload.period,
        place=payload.place,
    )
    return Status(201, _one(request, viewer, story.pk))


@router.get("/stories", response={200: StoryList, **errors(422)}, summary="Stories shared across Groundswell")
def list_stories(request: HttpRequest, filters: Query[StoryFilters]) -> StoryList:
    """Stories whose tellers agreed to share them across Groundswell, from every community."""
    viewer = caller(request)
    return _list(request, viewer, Story.objects.readable_by(viewer, use=Use.GROUNDSWELL), filters)


@router.get("/me/stories", response={200: StoryList, **errors(422)}, summary="Your own stories")
def list_my_stories(request: HttpRequest, filters: Query[StoryFilters]) -> StoryList:
    """Every story you told, withdrawn ones included (only you see those)."""
    viewer = caller(request)
    return _list(request, viewer, Story.objects.told_by(viewer), filters)


@router.get(
    "/public/stories",
    response={200: StoryList, 422: ValidationErrorOut},
    auth=None,
    summary="Stories shared in public (no sign-in)",
)
def list_public_stories(request: HttpRequest, filters: Query[StoryFilters]) -> StoryList:
    """Stories whose tellers agreed to share them in public; no token needed."""
    return _list(request, None, Story.objects.readable_by(None, use=Use.PUBLIC), filters)


@router.get(
    "/public/stories/{int:story_id}",
    response={200: StoryOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=None,
    summary="One story shared in public (no sign-in)",
)
def get_public_story(request: HttpRequest, story_id: int) -> StoryOut:
    """A story shared in public; 404 for any other."""
    story = Story.objects.readable_by(None, use=Use.PUBLIC).select_related("community", "teller", "consent")
    found = story.filter(pk=_check_id(story_id)).first()
    if found is None:
        raise Http404("No such story")
    return _story_out(request, found, _Context(None, [found]))


@router.get("/stories/{int:story_id}", response={200: StoryOut, **errors(404, 422)}, summary="One story")
def get_story(request: HttpRequest, story_id: int) -> StoryOut:
    """A story you may read (or your own)."""
    viewer = caller(request)
    return _one(request, viewer, _check_id(story_id))


@router.patch(
    "/stories/{int:story_id}",
    response={200: StoryOut, **errors(400, 403, 404, 409, 422)},
    summary="Change a story (its teller)",
)
def update_story(request: HttpRequest, story_id: int, payload: StoryPatch) -> StoryOut:
    """Change what the story says. If the change brings details the identifiability check
    flags, sharing beyond the community waits until someone checks it again. 409 once withdrawn."""
    viewer = caller(request)
    story = access.get_story_for_manager(viewer, _check_id(story_id))
    fields = {name: getattr(payload, name) for name in payload.model_fields_set}
    if "genre" in fields:
        fields["genre"] = Genre(fields["genre"]).value
    actions.edit_story(story, by=viewer, **fields)
    return _one(request, viewer, story.pk)


@router.put(
    "/stories/{int:story_id}/consent",
    response={200: StoryOut, **errors(400, 403, 404, 409, 422)},
    summary="Record new consent for a story (its teller)",
)
def put_consent(request: HttpRequest, story_id: int, payload: ConsentIn) -> StoryOut:
    """Record the teller's decision about the story's uses, naming and expiry. The earlier
    decisions stay in the history. 409 once the story is withdrawn."""
    viewer = caller(request)
    story = access.get_story_for_manager(viewer, _check_id(story_id))
    actions.record_consent(story, by=viewer, terms=payload.terms(), how_given=payload.how_given)
    return _one(request, viewer, story.pk)


@router.get(
    "/stories/{int:story_id}/consents",
    response={200: ConsentList, **errors(403, 404, 422)},
    summary="A story's consent history (its teller)",
)
def list_consents(request: HttpRequest, story_id: int, paging: Query[Paging]) -> ConsentList:
    """Every decision about the story's use, newest first, with who recorded it and when."""
    viewer = caller(request)
    story = access.get_story_for_manager(viewer, _check_id(story_id))
    qs = story.consents.select_related("recorded_by").order_by("-recorded_at", "-id")
    rows, count = page(qs, paging)
    return ConsentList(items=[_consent_out(request, record, manager=True) for record in rows], count=count)


@router.post(
    "/stories/{int:story_id}/withdrawal",
    response={204: None, **errors(400, 403, 404, 409, 422)},
    summary="Withdraw a story (its teller or a convenor)",
)
def withdraw_story(request: HttpRequest, story_id: int, payload: WithdrawalIn) -> Status[None]:
    """Withdraw the story from every use, for good: afterwards only its teller sees it (a
    convenor who withdrew it no longer can). A convenor may withdraw any story of the community;
    the teller is told. 409 if already withdrawn."""
    viewer = caller(request)
    story = access.get_story_for_checker(viewer, _check_id(story_id))
    actions.withdraw_story(story, by=viewer, reason=payload.reason)
    return Status(204, None)


@router.get(
    "/stories/{int:story_id}/check",
    response={200: CheckOut, **errors(403, 404, 422)},
    summary="What in a story could identify someone (its teller or a convenor)",
)
def get_check(request: HttpRequest, story_id: int) -> CheckOut:
    """The identifiability check: names of people known to Groundswell, NHS numbers, dates of
    birth, postcodes, phone numbers, email addresses and rare details (a small place with a
    condition), each with where it is."""
    viewer = caller(request)
    return _check_out(access.get_story_for_checker(viewer, _check_id(story_id)))


@router.post(
    "/stories/{int:story_id}/check",
    response={200: CheckOut, **errors(400, 403, 404, 409, 422)},
    summary="Remove what the check found, or keep it (its teller or a convenor)",
)
def post_check(request: HttpRequest, story_id: int, payload: CheckIn) -> CheckOut:
    """Record that you looked at the check: the details in `remove` are replaced by
    "[kind removed]", the others are kept as you judged. The story may then be shared beyond its
    community as its consent allows. 409 if the story changed since the check you looked at."""
    viewer = caller(request)
    story = access.get_story_for_checker(viewer, _check_id(story_id))
    actions.check_story(story, by=viewer, digest=payload.digest, redact=payload.remove)
    return _check_out(story)
