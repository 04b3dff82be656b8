"""API: products, their stages, versions, comments, authors, life events, uptake and life story."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from pydantic import AfterValidator, Field, StringConstraints, model_validator

from groundswell.communities import access as community_access
from groundswell.communities.api import PersonRef
from groundswell.communities.models import Community
from groundswell.conversations.models import Thread
from groundswell.gatherings.models import Gathering
from groundswell.lib.api import MAX_ID, Id, InputSchema, Paging, PatchSchema, Storable, errors, page
from groundswell.lib.dates import DatePrecision
from groundswell.lib.documents import download_response
from groundswell.people import access as people_access
from groundswell.people.actions import ActionError
from groundswell.people.api_auth import caller
from groundswell.people.models import Organisation, Person
from groundswell.products import access, actions, story, uptake
from groundswell.products.models import (
    AuthorRole,
    Authorship,
    DownloadMonth,
    EventKind,
    LifeEvent,
    Product,
    ProductKind,
    Rung,
    Stage,
    StageChange,
    Version,
    VersionComment,
)
from groundswell.stories.models import Story

router = Router(tags=["products"])

RungName = Literal["none", "seen", "discussed", "cited", "endorsed", "adopted"]
RUNG_NAMES: dict[int, RungName] = {
    Rung.NONE: "none",
    Rung.SEEN: "seen",
    Rung.DISCUSSED: "discussed",
    Rung.CITED: "cited",
    Rung.ENDORSED: "endorsed",
    Rung.ADOPTED: "adopted",
}
RUNG_OF_NAME = {name: value for value, name in RUNG_NAMES.items()}
FULL = (
    "`record` is `full` for readers of the whole record (the owning communities' people and the authors), "
    "`public` for everyone else once the product is published."
)

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Storable]
Licence = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120), Storable]
Doi = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200, pattern=r"^(10\.\d{4,9}/\S+)?$"), Storable
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), Storable]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), Storable]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), Storable]
Evidence = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable]


def _web_address(value: str) -> str:
    if value:
        try:
            URLValidator(schemes=["https", "http"])(value)
        except DjangoValidationError:
            raise ValueError("must be a web address starting https://") from None
    return value


def _past(value: datetime.date) -> datetime.date:
    if value.year < actions.EARLIEST_YEAR:
        raise ValueError(f"must be in {actions.EARLIEST_YEAR} or later")
    if value > timezone.localdate():
        raise ValueError("cannot be in the future")
    return value


Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Storable, AfterValidator(_web_address)]
PastDate = Annotated[datetime.date, AfterValidator(_past)]


class CommunityRef(Schema):
    id: int
    name: str
    url: str


class GatheringRef(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    url: str


class AuthorOut(Schema):
    id: int
    person: PersonRef | None = Field(description="null for an author without an account.")
    name: str
    organisation_id: int | None
    organisation: str
    role: AuthorRole
    lay: bool = Field(description="A lay reviewer, or a lay partner in another role.")


class AuthorList(Schema):
    items: list[AuthorOut]
    count: int


class AuthorIn(InputSchema):
    role: AuthorRole
    person_id: Id | None = Field(None, description="Someone in Groundswell; or give `name`.")
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120), Storable] = ""
    organisation_id: Id | None = Field(None, description="Defaults to the person's current organisation.")
    organisation_name: Name = Field("", description="For an organisation not in Groundswell.")

    @model_validator(mode="after")
    def _someone(self) -> AuthorIn:
        if (self.person_id is None) == (not self.name):
            raise ValueError("give either person_id or name")
        return self


class VersionOut(Schema):
    id: int
    number: int
    label: str
    change_summary: str
    kind: str = Field(description="The file's kind (`pdf`, `docx`...), or `link`.")
    size: int | None
    link: str
    download_url: str | None = Field(description="The file, with the same authentication; null for a link.")
    released_on: datetime.date | None = Field(description="null for a draft, seen only by the whole record's readers.")
    created_at: datetime.datetime


class VersionList(Schema):
    items: list[VersionOut]
    count: int


class VersionIn(Schema):
    label: Label
    change_summary: Summary = ""
    link: Url = Field("", description="Instead of a file: where the version lives.")
    release: bool = Field(False, description="Release it to readers at once (published products only).")


class StageOut(Schema):
    stage: Stage
    on: datetime.date
    date_precision: DatePrecision
    note: str


class StageList(Schema):
    items: list[StageOut]
    count: int


class StageIn(InputSchema):
    stage: Stage
    on: PastDate = Field(description="`YYYY-MM-DD`; the first day of the month or year for approximate dates.")
    date_precision: DatePrecision = DatePrecision.DAY
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Storable] = ""


class ProductOut(Schema):
    id: int
    url: str
    share_url: str | None = Field(description="The public page, once published.")
    record: Literal["full", "public"] = Field(description=FULL)
    kind: ProductKind
    title: str
    summary: str
    audience: str
    licence: str
    doi: str
    canonical_url: str
    stage: Stage
    published_on: datetime.date | None
    rung: RungName = Field(description="The highest rung of the uptake ladder its verified events reach.")
    communities: list[CommunityRef] = Field(description="The owning communities you can see.")
    authors: list[AuthorOut]
    current_version: VersionOut | None
    endorsers: list[str] = Field(description="Organisations whose endorsement is verified.")
    born_at: list[GatheringRef] = Field(description="Gatherings it came from, that you can see.")
    born_in: OriginsOut | None = Field(
        None, description="Conversations and stories it came from, that you may open; in one product's answer only."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime


class OriginRef(Schema):
    id: int
    title: str
    url: str


class OriginsOut(Schema):
    threads: list[OriginRef]
    stories: list[OriginRef] = Field(description="Only stories whose tellers' consent lets you read them.")


class ProductList(Schema):
    items: list[ProductOut]
    count: int


class ProductFilters(Paging):
    q: Annotated[str, StringConstraints(max_length=100), Storable] = Field(
        "", description="Words in the title or summary."
    )
    kind: ProductKind | None = None
    stage: Stage | None = None
    rung: RungName | None = Field(None, description="Products that reached at least this rung.")
    community_id: Id | None = None


class ProductIn(InputSchema):
    title: Title
    kind: ProductKind
    community_ids: list[Id] = Field(min_length=1, max_length=20, description="Communities you belong to.")
    summary: Summary = ""
    audience: Short = ""
    licence: Licence = ""
    doi: Doi = ""
    canonical_url: Url = ""
    stage: Literal["idea", "drafting", "consultation", "endorsed", "published"] = "idea"
    stage_on: PastDate | None = Field(None, description="When it reached `stage`; today if left out.")
    stage_precision: DatePrecision = DatePrecision.DAY
    my_role: Literal["lead_author", "editor"] | None = Field(
        "lead_author", description="Your credit; null only for a convenor recording someone else's work."
    )


class ProductPatch(PatchSchema):
    title: Title | None = None
    kind: ProductKind | None = None
    summary: Summary | None = None
    audience: Short | None = None
    licence: Licence | None = None
    doi: Doi | None = None
    canonical_url: Url | None = None
    community_ids: list[Id] | None = Field(None, min_length=1, max_length=20, description="Replaces the owners.")
    born_at_gathering_ids: list[Id] | None = Field(None, max_length=200, description="Replaces where it was born.")
    born_in_thread_ids: list[Id] | None = Field(None, max_length=200, description="Replaces the conversations.")
    born_in_story_ids: list[Id] | None = Field(None, max_length=200, description="Replaces the stories.")


class CommentOut(Schema):
    id: int
    author: PersonRef | None
    body: str
    created_at: datetime.datetime


class CommentList(Schema):
    items: list[CommentOut]
    count: int


class CommentIn(InputSchema):
    body: Body


class EventOut(Schema):
    id: int
    kind: EventKind
    occurred_on: datetime.date
    date_precision: DatePrecision
    organisation_id: int | None
    organisation: str
    venue: str
    gathering: GatheringRef | None = Field(description="null if none, or if you cannot see its community.")
    audience_size: int | None
    count: int | None
    link: str
    evidence: str
    version_id: int | None
    verified: bool
    rung: RungName = Field(description="The rung of the uptake ladder this kind of event reaches.")
    created_at: datetime.datetime


class EventList(Schema):
    items: list[EventOut]
    count: int


class EventFilters(Paging):
    kind: EventKind | None = None
    verified: bool | None = None


class EventIn(InputSchema):
    kind: EventKind
    occurred_on: PastDate = Field(description="`YYYY-MM-DD`; the first day of the month or year for approximate dates.")
    date_precision: DatePrecision = DatePrecision.DAY
    organisation_id: Id | None = None
    organisation_name: Name = Field("", description="For an organisation not in Groundswell.")
    venue: Name = ""
    gathering_id: Id | None = Field(None, description="For `presented` and `discussed_at_gathering`.")
    audience_size: int | None = Field(None, ge=1, le=10_000_000)
    count: int | None = Field(None, ge=1, le=1_000_000_000)
    link: Url = ""
    evidence: Evidence = ""
    version_id: Id | None = None


class EventPatch(InputSchema):
    verified: Literal[True] = Field(description="Verify the event (convenors). A verified event stays verified.")


class UseIn(InputSchema):
    """ "We use this": an adoption, unverified until a convenor checks it."""

    organisation_id: Id | None = None
    organisation_name: Name = ""
    how_used: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), Storable]
    link: Url = ""
    occurred_on: PastDate | None = Field(None, description="Since when; today if left out.")
    date_precision: DatePrecision = DatePrecision.DAY

    @model_validator(mode="after")
    def _organisation(self) -> UseIn:
        if self.organisation_id is None and not self.organisation_name:
            raise ValueError("give organisation_id or organisation_name")
        return self


class StepOut(Schema):
    rung: RungName
    reached_on: datetime.date | None
    date_precision: DatePrecision
    events: int = Field(description="Verified events at this rung.")
    reported: bool = Field(description="Reached only by reports waiting for a convenor (whole record only).")


class DownloadsOut(Schema):
    month: datetime.date
    count: int


class UptakeOut(Schema):
    rung: RungName
    reported_rung: RungName = Field(description="Counting unverified reports too (whole record only).")
    steps: list[StepOut]
    downloads: list[DownloadsOut] = Field(description="Downloads from Groundswell by month; nothing else is kept.")


class StoryEntryOut(Schema):
    date: datetime.date
    date_precision: DatePrecision
    what: story.What
    description: str
    detail: str
    organisation: str
    gathering_id: int | None
    link: str
    verified: bool | None
    event_id: int | None


class StoryOut(Schema):
    items: list[StoryEntryOut]
    count: int


class AdoptionOut(Schema):
    product_id: int
    title: str
    event_id: int
    organisation: str
    occurred_on: datetime.date
    date_precision: DatePrecision
    verified: bool


class AdoptionReportOut(Schema):
    community_id: int
    products: int
    published: int
    taken_up: int = Field(description="Published products with a verified policy citation or adoption.")
    median_days_to_uptake: float | None = Field(
        description="Median days from first publication to the first verified policy citation or adoption, over the "
        "products taken up (earlier events count as 0). Products not yet taken up are left out."
    )
    by_rung: dict[str, int]
    adoptions: list[AdoptionOut] = Field(description="Adoptions and local adaptations, newest first (at most 500).")


def _check_id(value: int) -> int:
    # Path ids beyond 64 bits cannot exist; answer 404 rather than overflow in SQL.
    if value > MAX_ID:
        raise Http404
    return value


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _person_ref(request: HttpRequest, person: Person | None) -> PersonRef | None:
    if person is None:
        return None
    return PersonRef(id=person.pk, display_name=person.display_name, url=_absolute(request, person.get_absolute_url()))


def _gathering_ref(request: HttpRequest, gathering: Gathering) -> GatheringRef:
    url = _absolute(request, reverse("gatherings:detail", args=[gathering.pk]))
    return GatheringRef(id=gathering.pk, title=gathering.title, starts_at=gathering.starts_at, url=url)


def _author_out(request: HttpRequest, a: Authorship) -> AuthorOut:
    return AuthorOut(
        id=a.pk,
        person=_person_ref(request, a.person),
        name=a.display_name,
        organisation_id=a.organisation_id,
        organisation=a.affiliation,
        role=AuthorRole(a.role),
        lay=a.is_lay,
    )


def _version_out(request: HttpRequest, v: Version) -> VersionOut:
    download = None
    if v.file:
        download = _absolute(request, reverse("api:product_version_file", args=[v.product_id, v.pk]))
    return VersionOut(
        id=v.pk,
        number=v.number,
        label=v.label,
        change_summary=v.change_summary,
        kind=v.extension or "link",
        size=v.size,
        link=v.link,
        download_url=download,
        released_on=v.released_on,
        created_at=v.created_at,
    )


def _product_out(
    request: HttpRequest, product: Product, *, full: bool, communities: list[Community], born_at: list[Gathering]
) -> ProductOut:
    """A product fetched with_provenance(); ``communities`` and ``born_at`` already filtered for the caller."""
    current = product.current_version
    return ProductOut(
        id=product.pk,
        url=_absolute(request, product.get_absolute_url()),
        share_url=_absolute(request, reverse("products:share", args=[product.pk])) if product.is_public else None,
        record="full" if full else "public",
        kind=ProductKind(product.kind),
        title=product.title,
        summary=product.summary,
        audience=product.audience,
        licence=product.licence,
        doi=product.doi,
        canonical_url=product.canonical_url,
        stage=Stage(product.stage),
        published_on=product.published_on,
        rung=RUNG_NAMES[product.rung],
        communities=[
            CommunityRef(id=c.pk, name=c.name, url=_absolute(request, c.get_absolute_url())) for c in communities
        ],
        authors=[_author_out(request, a) for a in product.credited],  # type: ignore[attr-defined]
        current_version=_version_out(request, current) if current is not None else None,
        endorsers=product.endorsers,
        born_at=[_gathering_ref(request, g) for g in born_at],
        born_in=None,
        created_at=product.created_at,
        updated_at=product.updated_at,
    )


def _detail(request: HttpRequest, found: access.ProductAccess, viewer: Person) -> ProductOut:
    product = found.product
    if not hasattr(product, "credited"):
        product = Product.objects.with_provenance().get(pk=product.pk)
    born = story.visible_gatherings(viewer, set(product.born_at.values_list("pk", flat=True)))
    born_at = sorted(born.values(), key=lambda g: (g.starts_at, g.pk))
    out = _product_out(request, product, full=found.full, communities=list(found.visible_communities), born_at=born_at)
    out.born_in = OriginsOut(
        threads=[
            OriginRef(id=t.pk, title=t.title, url=_absolute(request, t.get_absolute_url()))
            for t in story.visible_origin_threads(product, viewer)
        ],
        stories=[
            OriginRef(id=o.pk, title=o.title, url=_absolute(request, o.get_absolute_url()))
            for o in story.visible_origin_stories(product, viewer)
        ],
    )
    return out


def _event_out(request: HttpRequest, e: LifeEvent, gatherings: dict[int, Gathering]) -> EventOut:
    gathering = gatherings.get(e.gathering_id) if e.gathering_id else None
    return EventOut(
        id=e.pk,
        kind=EventKind(e.kind),
        occurred_on=e.occurred_on,
        date_precision=DatePrecision(e.date_precision),
        organisation_id=e.organisation_id,
        organisation=e.actor,
        venue=e.venue,
        gathering=_gathering_ref(request, gathering) if gathering else None,
        audience_size=e.audience_size,
        count=e.count,
        link=e.link,
        evidence=e.evidence,
        version_id=e.version_id,
        verified=e.verified,
        rung=RUNG_NAMES[e.rung],
        created_at=e.created_at,
    )


def _organisation(organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise HttpError(422, "organisation_id names no organisation")
    return organisation


def _communities_for_member(viewer: Person, ids: list[int]) -> list[Community]:
    return [community_access.get_community_for_member(viewer, _check_id(i))[0] for i in dict.fromkeys(ids)]


def _gatherings_for(viewer: Person, ids: list[int], field: str) -> list[Gathering]:
    found = story.visible_gatherings(viewer, set(ids))
    if len(found) != len(set(ids)):
        raise HttpError(422, f"{field} names a gathering that does not exist or that you cannot see")
    return list(found.values())


# Products ----------------------------------------------------------------------------------


@router.get("/products", response={200: ProductList, **errors(422)}, summary="Products you can find")
def list_products(request: HttpRequest, filters: Query[ProductFilters]) -> ProductList:
    """Published products, and drafts of communities you can see; most recently active first."""
    viewer = caller(request)
    qs = Product.objects.visible_to(viewer).search(
        q=filters.q.strip(),
        kind=filters.kind.value if filters.kind else "",
        stage=filters.stage.value if filters.stage else "",
        rung=RUNG_OF_NAME[filters.rung] if filters.rung else None,
        community_id=filters.community_id,
    )
    rows, count = page(qs.with_provenance(), filters)
    access.mark_visible_owners(rows, viewer)
    readable = set(
        Product.objects.filter(pk__in=[p.pk for p in rows])
        .seen_through_communities(viewer)
        .values_list("pk", flat=True)
    )
    born = Product.born_at.through.objects.filter(product_id__in=[p.pk for p in rows]).values_list(
        "product_id", "gathering_id"
    )
    born_pairs = list(born)
    gatherings = story.visible_gatherings(viewer, {g for _, g in born_pairs})
    items = []
    for product in rows:
        mine = sorted((gatherings[g] for p, g in born_pairs if p == product.pk and g in gatherings), key=lambda g: g.pk)
        items.append(
            _product_out(
                request,
                product,
                full=product.pk in readable,
                communities=product.shown_communities,  # type: ignore[attr-defined]
                born_at=mine,
            )
        )
    return ProductList(items=items, count=count)


@router.post("/products", response={201: ProductOut, **errors(400, 403, 404, 409, 422)}, summary="Start a product")
def create_product(request: HttpRequest, payload: ProductIn) -> Status[ProductOut]:
    """Start a product in communities you belong to (404 for a community you cannot see, 403 for
    one you are not in), at a stage up to `published`, back-dated with `stage_on` if need be."""
    viewer = caller(request)
    communities = _communities_for_member(viewer, payload.community_ids)
    product = actions.create_product(
        communities,
        by=viewer,
        title=payload.title,
        kind=payload.kind.value,
        stage=payload.stage,
        stage_on=payload.stage_on,
        stage_precision=payload.stage_precision.value,
        my_role=payload.my_role,
        summary=payload.summary,
        audience=payload.audience,
        licence=payload.licence,
        doi=payload.doi,
        canonical_url=payload.canonical_url,
    )
    return Status(201, _detail(request, access.get_product_for_viewer(viewer, product.pk), viewer))


@router.get("/products/{int:product_id}", response={200: ProductOut, **errors(404, 422)}, summary="One product")
def get_product(request: HttpRequest, product_id: int) -> ProductOut:
    """A product with its provenance. Drafts of communities you cannot see answer 404."""
    viewer = caller(request)
    found = access.get_product_for_viewer(viewer, _check_id(product_id), Product.objects.with_provenance())
    return _detail(request, found, viewer)


@router.patch(
    "/products/{int:product_id}",
    response={200: ProductOut, **errors(400, 403, 404, 409, 422)},
    summary="Change a product (editors)",
)
def update_product(request: HttpRequest, product_id: int, payload: ProductPatch) -> ProductOut:
    """Change the details sent. `community_ids` replaces the owners (communities added must be yours);
    `born_at_gathering_ids` replaces the gatherings it was born at (ones you can see)."""
    viewer = caller(request)
    found = access.get_product_for_editor(viewer, _check_id(product_id))
    fields = {name: getattr(payload, name) for name in payload.model_fields_set & set(actions.EDITABLE)}
    if "kind" in fields:
        fields["kind"] = fields["kind"].value
    communities = None
    if payload.community_ids is not None:
        current = {c.pk: c for c in found.product.owning_communities()}
        wanted = list(dict.fromkeys(payload.community_ids))
        kept = [current[i] for i in wanted if i in current]
        communities = kept + _communities_for_member(viewer, [i for i in wanted if i not in current])
    born_at = (
        _gatherings_for(viewer, payload.born_at_gathering_ids, "born_at_gathering_ids")
        if payload.born_at_gathering_ids is not None
        else None
    )
    threads = None
    if payload.born_in_thread_ids is not None:
        wanted_threads = set(payload.born_in_thread_ids)
        threads = list(
            Thread.objects.listed().filter(pk__in=wanted_threads, community__in=Community.objects.visible_to(viewer))
        )
        if len(threads) != len(wanted_threads):
            raise HttpError(404, "born_in_thread_ids names a conversation that does not exist or you cannot see")
    stories = None
    if payload.born_in_story_ids is not None:
        wanted_stories = set(payload.born_in_story_ids)
        stories = list(Story.objects.visible_to(viewer).filter(pk__in=wanted_stories))
        if len(stories) != len(wanted_stories):
            raise HttpError(404, "born_in_story_ids names a story that does not exist or you may not read")
    actions.update_product(
        found.product,
        by=viewer,
        communities=communities,
        born_at=born_at,
        born_in_threads=threads,
        born_in_stories=stories,
        **fields,
    )
    return _detail(request, access.get_product_for_viewer(viewer, found.product.pk), viewer)


# Stages ------------------------------------------------------------------------------------


@router.get(
    "/products/{int:product_id}/stages", response={200: StageList, **errors(404, 422)}, summary="A product's lifecycle"
)
def list_stages(request: HttpRequest, product_id: int) -> StageList:
    """Every move through the lifecycle, oldest first, with its (maybe approximate) date."""
    found = access.get_product_for_viewer(caller(request), _check_id(product_id))
    rows = StageChange.objects.filter(product=found.product).order_by("on", "id")
    items = [
        StageOut(stage=Stage(s.stage), on=s.on, date_precision=DatePrecision(s.precision), note=s.note) for s in rows
    ]
    return StageList(items=items, count=len(items))


@router.post(
    "/products/{int:product_id}/stages",
    response={201: StageOut, **errors(400, 403, 404, 409, 422)},
    summary="Move a product to another stage (editors)",
)
def create_stage(request: HttpRequest, product_id: int, payload: StageIn) -> Status[StageOut]:
    """Before its first publication a product moves freely up to `published`; after it, it may be
    drafted, consulted on, endorsed, published again, `in_use`, `revised` or `retired`. A retired
    product stays retired. 409 for a move its lifecycle does not allow, or a date before its last."""
    viewer = caller(request)
    found = access.get_product_for_editor(viewer, _check_id(product_id))
    change = actions.change_stage(
        found.product,
        by=viewer,
        stage=payload.stage.value,
        on=payload.on,
        precision=payload.date_precision.value,
        note=payload.note,
    )
    return Status(
        201,
        StageOut(
            stage=Stage(change.stage), on=change.on, date_precision=DatePrecision(change.precision), note=change.note
        ),
    )


# Versions and comments ---------------------------------------------------------------------


@router.get("/products/{int:product_id}/versions", response={200: VersionList, **errors(404, 422)}, summary="Versions")
def list_versions(request: HttpRequest, product_id: int, paging: Query[Paging]) -> VersionList:
    """Newest first: every version for readers of the whole record, released ones for others."""
    found = access.get_product_for_viewer(caller(request), _check_id(product_id))
    qs = Version.objects.filter(access.versions_for(found), product=found.product).order_by("-number")
    rows, count = page(qs, paging)
    return VersionList(items=[_version_out(request, v) for v in rows], count=count)


@router.post(
    "/products/{int:product_id}/versions",
    response={201: VersionOut, **errors(400, 403, 404, 409, 422)},
    summary="Add a version (editors)",
)
def create_version(
    request: HttpRequest, product_id: int, fields: Form[VersionIn], file: File[UploadedFile | None] = None
) -> Status[VersionOut]:
    """A `multipart/form-data` upload: `file` (PDF, Word, PowerPoint, Excel, OpenDocument or text, up
    to 30 MB; its content must match its name) or `link`, with `label` and an optional
    `change_summary`; `release` for a published product. 422 for an unusable file."""
    viewer = caller(request)
    found = access.get_product_for_editor(viewer, _check_id(product_id))
    raw = file.read(actions.MAX_VERSION_BYTES + 1) if file is not None else None
    if (raw is None) == (not fields.link):
        raise HttpError(422, "Send either a file or a link, not both.")
    if fields.release and not found.product.is_public:
        raise HttpError(409, "Only versions of a published product can be released; publishing releases the newest.")
    try:
        version = actions.add_version(
            found.product,
            by=viewer,
            label=fields.label,
            change_summary=fields.change_summary,
            filename=(file.name or "") if file is not None else "",
            raw=raw,
            link=fields.link,
            release=fields.release,
        )
    except ActionError as error:
        raise HttpError(422, str(error)) from error
    return Status(201, _version_out(request, version))


@router.get(
    "/products/{int:product_id}/versions/{int:version_id}/file",
    response={200: None, **errors(404, 422)},
    url_name="product_version_file",
    summary="Download a version's file",
    openapi_extra={"responses": {200: {"description": "The file, as an attachment"}}},
)
def version_file(request: HttpRequest, product_id: int, version_id: int) -> FileResponse:
    """Always as a download. Downloads of released versions are counted by month, nothing more."""
    found, version = access.get_version_for_download(caller(request), _check_id(product_id), _check_id(version_id))
    if version.is_released:
        actions.count_download(found.product)
    return download_response(
        version.file,
        title=f"{found.product.title} {version.label}",
        extension=version.extension,
        content_type=version.content_type,
    )


def _version_for_reader(viewer: Person, product_id: int, version_id: int) -> Version:
    found = access.get_product_for_reader(viewer, _check_id(product_id))
    version = Version.objects.filter(pk=_check_id(version_id), product=found.product).first()
    if version is None:
        raise Http404("No such version")
    version.product = found.product
    return version


@router.get(
    "/products/{int:product_id}/versions/{int:version_id}/comments",
    response={200: CommentList, **errors(404, 422)},
    summary="Comments on a version",
)
def list_comments(request: HttpRequest, product_id: int, version_id: int, paging: Query[Paging]) -> CommentList:
    """Oldest first; for readers of the whole record."""
    version = _version_for_reader(caller(request), product_id, version_id)
    qs = VersionComment.objects.filter(version=version).select_related("author").order_by("created_at", "id")
    rows, count = page(qs, paging)
    items = [
        CommentOut(id=c.pk, author=_person_ref(request, c.author), body=c.body, created_at=c.created_at) for c in rows
    ]
    return CommentList(items=items, count=count)


@router.post(
    "/products/{int:product_id}/versions/{int:version_id}/comments",
    response={201: CommentOut, **errors(400, 403, 404, 409, 422)},
    summary="Comment on a version (members, while drafting or in consultation)",
)
def create_comment(request: HttpRequest, product_id: int, version_id: int, payload: CommentIn) -> Status[CommentOut]:
    """409 once the product is past drafting and consultation."""
    viewer = caller(request)
    version = _version_for_reader(viewer, product_id, version_id)
    access.get_product_for_member(viewer, version.product_id)
    comment = actions.add_comment(version, by=viewer, body=payload.body)
    return Status(
        201,
        CommentOut(
            id=comment.pk, author=_person_ref(request, viewer), body=comment.body, created_at=comment.created_at
        ),
    )


# Authors -----------------------------------------------------------------------------------


@router.get("/products/{int:product_id}/authors", response={200: AuthorList, **errors(404, 422)}, summary="Authors")
def list_authors(request: HttpRequest, product_id: int) -> AuthorList:
    """Everyone credited, in order. Not paged."""
    found = access.get_product_for_viewer(caller(request), _check_id(product_id))
    rows = found.product.authors.select_related("person", "organisation").order_by("position", "id")
    items = [_author_out(request, a) for a in rows]
    return AuthorList(items=items, count=len(items))


@router.post(
    "/products/{int:product_id}/authors",
    response={201: AuthorOut, **errors(400, 403, 404, 409, 422)},
    summary="Credit an author (editors)",
)
def create_author(request: HttpRequest, product_id: int, payload: AuthorIn) -> Status[AuthorOut]:
    """A person in Groundswell (`person_id`) or a named outsider (`name`), from any community or
    organisation. 409 if the person is credited already."""
    viewer = caller(request)
    found = access.get_product_for_editor(viewer, _check_id(product_id))
    person = people_access.get_person_for_viewer(viewer, payload.person_id) if payload.person_id else None
    authorship = actions.add_author(
        found.product,
        by=viewer,
        role=payload.role.value,
        person=person,
        name=payload.name,
        organisation=_organisation(payload.organisation_id),
        organisation_name=payload.organisation_name,
    )
    return Status(201, _author_out(request, authorship))


@router.delete(
    "/products/{int:product_id}/authors/{int:author_id}",
    response={204: None, **errors(403, 404, 422)},
    summary="Take an author off (editors)",
)
def delete_author(request: HttpRequest, product_id: int, author_id: int) -> Status[None]:
    viewer = caller(request)
    found = access.get_product_for_editor(viewer, _check_id(product_id))
    authorship = Authorship.objects.filter(pk=_check_id(author_id), product=found.product).first()
    if authorship is None:
        raise Http404("No such author")
    actions.remove_author(authorship, by=viewer)
    return Status(204, None)


# Life events -------------------------------------------------------------------------------


@router.get("/products/{int:product_id}/events", response={200: EventList, **errors(404, 422)}, summary="Life events")
def list_events(request: HttpRequest, product_id: int, filters: Query[EventFilters]) -> EventList:
    """Oldest first. Readers of the whole record see unverified reports too; others see verified events."""
    viewer = caller(request)
    found = access.get_product_for_viewer(viewer, _check_id(product_id))
    qs = LifeEvent.objects.filter(product=found.product).select_related("organisation").in_order()
    if not found.full:
        qs = qs.filter(verified=True)
    if filters.kind is not None:
        qs = qs.filter(kind=filters.kind.value)
    if filters.verified is not None:
        qs = qs.filter(verified=filters.verified)
    rows, count = page(qs, filters)
    gatherings = story.visible_gatherings(viewer, {e.gathering_id for e in rows if e.gathering_id})
    return EventList(items=[_event_out(request, e, gatherings) for e in rows], count=count)


@router.post(
    "/products/{int:product_id}/events",
    response={201: EventOut, **errors(400, 403, 404, 409, 422)},
    summary="Record a life event (members)",
)
def create_event(request: HttpRequest, product_id: int, payload: EventIn) -> Status[EventOut]:
    """Recorded by a convenor of an owning community it is verified at once; otherwise it waits for
    one. `endorsed`, `adopted` and `adapted_locally` need the organisation. 409 if the event does
    not fit (a gathering for a kind that does not happen at one)."""
    viewer = caller(request)
    found = access.get_product_for_member(viewer, _check_id(product_id))
    gathering = _gatherings_for(viewer, [payload.gathering_id], "gathering_id")[0] if payload.gathering_id else None
    version = None
    if payload.version_id is not None:
        version = Version.objects.filter(pk=payload.version_id, product=found.product).first()
        if version is None:
            raise HttpError(422, "version_id names no version of this product")
    event = actions.record_event(
        found.product,
        by=viewer,
        kind=payload.kind.value,
        occurred_on=payload.occurred_on,
        date_precision=payload.date_precision.value,
        organisation=_organisation(payload.organisation_id),
        organisation_name=payload.organisation_name,
        venue=payload.venue,
        gathering=gathering,
        audience_size=payload.audience_size,
        count=payload.count,
        link=payload.link,
        evidence=payload.evidence,
        version=version,
    )
    return Status(201, _event_out(request, event, {gathering.pk: gathering} if gathering else {}))


def _event_for_convenor(viewer: Person, product_id: int, event_id: int) -> LifeEvent:
    found = access.get_product_for_convenor(viewer, _check_id(product_id))
    event = LifeEvent.objects.filter(pk=_check_id(event_id), product=found.product).first()
    if event is None:
        raise Http404("No such event")
    event.product = found.product
    return event


@router.patch(
    "/products/{int:product_id}/events/{int:event_id}",
    response={200: EventOut, **errors(400, 403, 404, 422)},
    summary="Verify a life event (convenors)",
)
def update_event(request: HttpRequest, product_id: int, event_id: int, payload: EventPatch) -> EventOut:
    """`{"verified": true}`: it then counts on the uptake ladder; an outside reporter's email is erased."""
    viewer = caller(request)
    event = _event_for_convenor(viewer, product_id, event_id)
    actions.verify_event(event, by=viewer)
    gatherings = story.visible_gatherings(viewer, {event.gathering_id} if event.gathering_id else set())
    return _event_out(request, event, gatherings)


@router.delete(
    "/products/{int:product_id}/events/{int:event_id}",
    response={204: None, **errors(403, 404, 422)},
    summary="Remove a life event (convenors)",
)
def delete_event(request: HttpRequest, product_id: int, event_id: int) -> Status[None]:
    viewer = caller(request)
    actions.remove_event(_event_for_convenor(viewer, product_id, event_id), by=viewer)
    return Status(204, None)


@router.post(
    "/products/{int:product_id}/adoptions",
    response={201: EventOut, **errors(400, 404, 409, 422)},
    summary='Report "we use this" (anyone who can read the product)',
)
def create_adoption(request: HttpRequest, product_id: int, payload: UseIn) -> Status[EventOut]:
    """An adoption by your organisation, unverified until a convenor checks it (the convenors are
    emailed). Readers without an account use the product's share page instead."""
    viewer = caller(request)
    found = access.get_product_for_viewer(viewer, _check_id(product_id))
    event = actions.report_use(
        found.product,
        by=viewer,
        organisation=_organisation(payload.organisation_id),
        organisation_name=payload.organisation_name,
        how_used=payload.how_used,
        link=payload.link,
        occurred_on=payload.occurred_on,
        date_precision=payload.date_precision.value,
    )
    return Status(201, _event_out(request, event, {}))


# Uptake and the life story -----------------------------------------------------------------


@router.get(
    "/products/{int:product_id}/uptake", response={200: UptakeOut, **errors(404, 422)}, summary="The uptake ladder"
)
def get_uptake(request: HttpRequest, product_id: int) -> UptakeOut:
    """Each rung with the date of the first verified event that reached it, and downloads by month."""
    found = access.get_product_for_viewer(caller(request), _check_id(product_id))
    steps = uptake.ladder(found.product, include_unverified=found.full)
    downloads = DownloadMonth.objects.filter(product=found.product).order_by("month")
    return UptakeOut(
        rung=RUNG_NAMES[found.product.rung],
        reported_rung=RUNG_NAMES[uptake.highest_reported(steps)],
        steps=[
            StepOut(
                rung=RUNG_NAMES[s.rung],
                reached_on=s.reached_on,
                date_precision=DatePrecision(s.precision),
                events=s.events,
                reported=s.reported,
            )
            for s in steps
        ],
        downloads=[DownloadsOut(month=d.month, count=d.count) for d in downloads],
    )


@router.get("/products/{int:product_id}/story", response={200: StoryOut, **errors(404, 422)}, summary="Life story")
def get_story(request: HttpRequest, product_id: int) -> StoryOut:
    """The timeline the life story page shows you, oldest first (the CSV export has the same rows). Not paged."""
    viewer = caller(request)
    found = access.get_product_for_viewer(viewer, _check_id(product_id))
    entries = story.timeline(found.product, person=viewer, full=found.full)
    items = [
        StoryEntryOut(
            date=e.day,
            date_precision=DatePrecision(e.precision),
            what=e.what,
            description=e.title,
            detail=e.detail,
            organisation=e.organisation,
            gathering_id=e.gathering.pk if e.gathering else None,
            link=e.link,
            verified=e.verified,
            event_id=e.event.pk if e.event else None,
        )
        for e in entries
    ]
    return StoryOut(items=items, count=len(items))


@router.get(
    "/communities/{int:community_id}/adoption-report",
    response={200: AdoptionReportOut, **errors(404, 422)},
    summary="A community's products: uptake and adoptions",
)
def adoption_report(request: HttpRequest, community_id: int) -> AdoptionReportOut:
    """Products by rung, the median time from publication to the first policy citation or
    adoption, and the adoptions recorded (unverified ones marked)."""
    viewer = caller(request)
    community, _ = community_access.get_community_for_viewer(viewer, _check_id(community_id))
    summary = uptake.community_uptake(community.pk)
    adoptions = (
        LifeEvent.objects.filter(
            product__communities=community, kind__in=[EventKind.ADOPTED, EventKind.ADAPTED_LOCALLY]
        )
        .select_related("product", "organisation")
        .order_by("-occurred_on", "-id")[:500]
    )
    return AdoptionReportOut(
        community_id=community.pk,
        products=sum(summary.by_rung.values()),
        published=summary.published,
        taken_up=summary.taken_up,
        median_days_to_uptake=summary.median_days,
        by_rung={RUNG_NAMES[r]: summary.by_rung.get(r, 0) for r in Rung},
        adoptions=[
            AdoptionOut(
                product_id=e.product_id,
                title=e.product.title,
                event_id=e.pk,
                organisation=e.actor,
                occurred_on=e.occurred_on,
                date_precision=DatePrecision(e.date_precision),
                verified=e.verified,
            )
            for e in adoptions
        ],
    )
