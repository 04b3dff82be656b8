"""API: the centre's asks (consultations), insights, the synthesis and its themes, the brief,
responses and the centre capacity. The same access rules and actions as the pages.

Anonymous insights (and those heard under the Chatham House rule) answer `author: null`,
`contributor_name: ""` and `recorded_by` only when someone else captured them: nothing else
about the contributor exists to answer with.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AfterValidator, Field, StringConstraints, model_validator

from groundswell.communities import access as community_access
from groundswell.communities.api import PersonRef
from groundswell.communities.models import Community, Membership, Role
from groundswell.consultations import access, actions, brief
from groundswell.consultations.models import (
    Ask,
    AskStatus,
    CentreGrant,
    Insight,
    Placement,
    Response,
    ResponseStatus,
    Sector,
    Source,
    Synthesis,
    SynthesisStatus,
    Theme,
    Voice,
)
from groundswell.consultations.overdue import owed_items
from groundswell.conversations.models import Post
from groundswell.gatherings import access as gathering_access
from groundswell.gatherings.models import FeedbackToCentre, Gathering, HarvestNote, Level, Series
from groundswell.lib import themes as theme_engine
from groundswell.lib.api import MAX_ID, Email, Id, InputSchema, Paging, PatchSchema, Storable, errors, page
from groundswell.people import access as people_access
from groundswell.people.api_auth import caller
from groundswell.people.models import Person, Profession, Region
from groundswell.stories.models import Story

router = Router(tags=["consultations"])

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), Storable]
OptionalLongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000), Storable]
QuestionText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), Storable]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Storable]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), Storable]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120), Storable]
Detail = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable]


def _link(value: str) -> str:
    if value and not value.startswith(("https://", "http://")):
        raise ValueError("must be a web address starting https://")
    return value


Link = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Storable, AfterValidator(_link)]
Questions = Annotated[list[QuestionText], Field(min_length=1, max_length=actions.MAX_QUESTIONS)]
MIN_YEAR, MAX_YEAR = 2000, 2200


def _plausible(value: datetime.date) -> datetime.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"must be between the years {MIN_YEAR} and {MAX_YEAR}")
    return value


Day = Annotated[datetime.date, AfterValidator(_plausible)]


def _check_id(value: int) -> int:
    # Path ids beyond 64 bits cannot exist; answer 404 rather than overflow in SQL.
    if value > MAX_ID:
        raise Http404
    return value


# -- schemas ------------------------------------------------------------------------------


class CommunityRef(Schema):
    id: int
    name: str
    url: str


class DocumentOut(Schema):
    id: int
    title: str
    url: str = Field(description="The link, or the address to download the uploaded file from.")
    is_file: bool


class AskOut(Schema):
    id: int
    url: str
    title: str
    context: str
    guidance: str
    questions: list[str]
    deadline: datetime.date
    is_open: bool = Field(description="Open for answers: not closed, and the deadline has not passed.")
    status: AskStatus
    anonymity_allowed: bool
    response_days: int = Field(description="Days the centre gives itself to answer each published theme.")
    communities: list[CommunityRef] = Field(description="The communities asked that you can see.")
    other_communities: int = Field(description="Communities asked that are hidden from you.")
    series_ids: list[int]
    documents: list[DocumentOut]
    created_by: PersonRef | None
    created_at: datetime.datetime
    synthesis_status: SynthesisStatus
    synthesis_published: bool
    you_said_we_did_url: str


class AskList(Schema):
    items: list[AskOut]
    count: int


class AskFilters(Paging):
    status: Literal["open", "closed"] | None = Field(None, description="`open`: still taking answers.")
    community_id: Id | None = None


class AskIn(InputSchema):
    title: Title
    context: LongText = Field(description="Why the centre is asking and what it will do with the answers.")
    questions: Questions
    guidance: OptionalLongText = ""
    deadline: Day
    community_ids: list[Id] = Field(default_factory=list, max_length=actions.MAX_TARGETS)
    series_ids: list[Id] = Field(default_factory=list, max_length=actions.MAX_TARGETS)
    anonymity_allowed: bool = True
    response_days: int = Field(30, ge=1, le=365)
    documents: list[LinkIn] = Field(
        default_factory=list, max_length=20, description="Links; upload files on the web page."
    )

    @model_validator(mode="after")
    def _some_target(self) -> AskIn:
        if not self.community_ids and not self.series_ids:
            raise ValueError("give community_ids or series_ids")
        return self


class LinkIn(InputSchema):
    title: Title
    url: Link


AskIn.model_rebuild()


class AskPatch(PatchSchema):
    title: Title | None = None
    context: LongText | None = None
    guidance: OptionalLongText | None = None
    questions: Questions | None = None
    deadline: Day | None = None
    anonymity_allowed: bool | None = None
    response_days: int | None = Field(None, ge=1, le=365)
    status: AskStatus | None = Field(None, description="`closed` stops new answers; `open` opens the ask again.")


class InsightOut(Schema):
    id: int
    url: str
    ask_id: int | None
    community: CommunityRef
    gathering_id: int | None
    harvest_note_id: int | None
    feedback_id: int | None
    post_id: int | None
    story_id: int | None
    source: Source
    text: str
    anonymous: bool = Field(description="No record of who gave it exists (anonymous, or the Chatham House rule).")
    author: PersonRef | None = Field(description="null for anonymous insights and notes from a table.")
    contributor_name: str = Field(description="For insights recorded on behalf of someone without an account.")
    recorded_by: PersonRef | None = Field(description="Who captured it for others; null for people's own insights.")
    theme_tag: str
    place: str
    sector: Sector | Literal[""]
    profession: Profession | Literal[""]
    region: Region | Literal[""]
    voice: Voice | Literal[""]
    urgency: Level
    confidence: Level
    evidence_link: str
    evidence_example: str
    evidence_file_url: str | None
    theme_id: int | None = Field(description="Its theme, when you can see the synthesis.")
    created_at: datetime.datetime


class InsightList(Schema):
    items: list[InsightOut]
    count: int


class InsightFilters(Paging):
    community_id: Id | None = None


class InsightIn(InputSchema):
    """Your own insight (named, or anonymous where allowed); or, for convenors and the centre,
    one recorded on someone's behalf (`on_behalf: true`); or a gathering's harvest note or
    feedback turned into an insight (`harvest_note_id` or `feedback_id`, no `text`); or, for
    convenors and the centre, a post of a conversation (`post_id`) or a story whose teller agreed
    to reports to the centre (`story_id`)."""

    text: OptionalLongText = ""
    community_id: Id | None = Field(None, description="Needed unless the ask went to one community, or capturing.")
    gathering_id: Id | None = None
    harvest_note_id: Id | None = None
    feedback_id: Id | None = None
    post_id: Id | None = None
    story_id: Id | None = None
    anonymous: bool = False
    on_behalf: bool = False
    contributor_name: PersonName = ""
    contributor_email: Email | Literal[""] = ""
    theme_tag: ShortText = ""
    place: ShortText = ""
    sector: Sector | Literal[""] = ""
    profession: Profession | Literal[""] = ""
    region: Region | Literal[""] = ""
    voice: Voice | Literal[""] = ""
    urgency: Level = Level.MEDIUM
    confidence: Level = Level.MEDIUM
    evidence_link: Link = ""
    evidence_example: Detail = ""

    @model_validator(mode="after")
    def _consistent(self) -> InsightIn:
        sources = (self.harvest_note_id, self.feedback_id, self.post_id, self.story_id)
        captures = sum(source is not None for source in sources)
        if captures > 1:
            raise ValueError("give one of harvest_note_id, feedback_id, post_id and story_id")
        if captures and (self.text or self.on_behalf or self.anonymous):
            raise ValueError("a captured note, feedback, post or story brings its own text; leave out text")
        if not captures and not self.text:
            raise ValueError("text is needed")
        if (self.contributor_name or self.contributor_email) and not self.on_behalf:
            raise ValueError("contributor_name and contributor_email go with on_behalf")
        return self

    def tags(self) -> dict[str, Any]:
        return self.model_dump(
            include={
                "theme_tag", "place", "sector", "profession", "region", "voice", "urgency", "confidence",
                "evidence_link", "evidence_example",
            }
        )  # fmt: skip


class ResponseOut(Schema):
    status: ResponseStatus
    detail: str
    reason: str
    owner_name: str
    date: datetime.date
    updated_at: datetime.datetime


class ResponseIn(InputSchema):
    status: ResponseStatus
    detail: Detail = Field("", description="What the centre did or will do; needed unless not possible.")
    reason: Detail = Field("", description="Needed when `status` is `not_possible`.")
    owner_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), Storable]
    date: Day = Field(description="When it was, or will be, done.")

    @model_validator(mode="after")
    def _explained(self) -> ResponseIn:
        if self.status == ResponseStatus.NOT_POSSIBLE and not self.reason:
            raise ValueError("reason is needed when it is not possible")
        if self.status != ResponseStatus.NOT_POSSIBLE and not self.detail:
            raise ValueError("detail is needed: say what the centre did or will do")
        return self


class ThemeOut(Schema):
    id: int
    url: str
    label: str
    description: str
    origin: Literal["machine", "person"]
    held: bool = Field(description="Shaped by a person: it survives every recompute.")
    urgent: bool
    size: int
    confidence: float = Field(description="Mean machine confidence of its placements, 0 to 1.")
    low_confidence_ids: list[int] = Field(
        description="Insights placed here with low confidence, for a person to decide."
    )
    dissent_ids: list[int] = Field(description="Insights that disagree with the theme's majority.")
    insight_ids: list[int] = Field(description="Most representative first.")
    representative_quotes: list[str] = Field(description="De-identified wording.")
    response: ResponseOut | None


class SynthesisOut(Schema):
    ask_id: int
    status: SynthesisStatus
    progress: int = Field(description="0 to 100 while computing.")
    error: str
    method: str
    methods_available: list[str]
    insight_count: int
    runs: int
    finished_at: datetime.datetime | None
    published: bool
    published_at: datetime.datetime | None
    themes: list[ThemeOut] = Field(description="By urgency, then size.")
    minority_ids: list[int] = Field(description="Insights no theme covers.")


class SynthesisRequest(InputSchema):
    method: Literal["tfidf", "semantic"] | None = Field(None, description="Default: the best installed.")
    discover: bool | None = Field(
        None,
        description="Also group the insights that fit no person-held theme into new themes. Default: yes, "
        "unless people named expected themes (then every insight is sorted to the named themes).",
    )


class SynthesisPatch(PatchSchema):
    published: bool = Field(description="Publish (after the identifiability check) or unpublish.")


class ExpectedThemeIn(InputSchema):
    label: Label
    description: Description = ""


class ThemePatch(PatchSchema):
    label: Label | None = None
    description: Description | None = None
    urgent: bool | None = None


class MergeIn(InputSchema):
    into_id: Id


class SplitIn(InputSchema):
    insight_ids: list[Id] = Field(min_length=1, max_length=5000)
    label: Label
    description: Description = ""


class MoveIn(InputSchema):
    insight_ids: list[Id] = Field(min_length=1, max_length=5000)
    theme_id: Id | None = Field(description="null: no theme (minority views).")


class MoveOut(Schema):
    moved: int


class WordingIn(InputSchema):
    text: LongText = Field(description="The wording to share beyond the community, checked by you.")


class QuoteOut(Schema):
    text: str
    community: str
    gathering: str
    gathering_date: datetime.date | None
    region: str
    profession: str
    voice: str
    redactions: int = Field(description="Passages redacted automatically because nobody has checked them yet.")


class CountOut(Schema):
    label: str
    count: int


class BreakdownOut(Schema):
    professions: list[CountOut]
    regions: list[CountOut]
    voices: list[CountOut]
    communities: list[CountOut]


class BriefThemeOut(Schema):
    id: int
    label: str
    description: str
    size: int
    share: int
    urgent: bool
    confidence: float
    low_confidence: int
    quotes: list[QuoteOut]
    dissent: list[QuoteOut]
    dissent_count: int
    breakdown: BreakdownOut
    response: ResponseOut | None


class BriefOut(Schema):
    ask_id: int
    generated_at: datetime.datetime
    insight_count: int
    flagged: int = Field(description="Insights whose wording may identify someone and nobody has checked yet.")
    themes: list[BriefThemeOut]
    minority: list[QuoteOut]
    minority_count: int
    breakdown: BreakdownOut


class OwedOut(Schema):
    kind: Literal["theme", "insight"]
    id: int
    label: str
    ask_id: int | None
    due: datetime.date
    days_overdue: int


class OwedList(Schema):
    items: list[OwedOut]
    count: int


class OwedFilters(Schema):
    overdue_only: bool = Field(True, description="false: everything awaiting a response.")


class CentreHolder(Schema):
    person: PersonRef
    how: Literal["sponsor", "granted"]
    granted_at: datetime.datetime | None


class CentreList(Schema):
    items: list[CentreHolder]
    count: int


class GrantIn(InputSchema):
    person_id: Id


class AgendaIn(InputSchema):
    gathering_id: Id


class AgendaOut(Schema):
    agenda_item_id: int
    gathering_id: int
    title: str


# -- builders -----------------------------------------------------------------------------


def _absolute(request: HttpRequest, name: str, *args: object) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _person_ref(request: HttpRequest, person: Person | None) -> PersonRef | None:
    if person is None:
        return None
    return PersonRef(
        id=person.pk, display_name=person.display_name, url=request.build_absolute_uri(person.get_absolute_url())
    )


def _community_ref(request: HttpRequest, community: Community) -> CommunityRef:
    return CommunityRef(
        id=community.pk, name=community.name, url=_absolute(request, "communities:detail", community.slug)
    )


def _ask_out(request: HttpRequest, ask: Ask, viewer: Person) -> AskOut:
    asked = list(ask.communities.order_by("name"))
    visible = set(
        Community.objects.visible_to(viewer).filter(pk__in=[c.pk for c in asked]).values_list("pk", flat=True)
    )
    synthesis = Synthesis.objects.filter(ask=ask).first()
    return AskOut(
        id=ask.pk,
        url=_absolute(request, "consultations:ask", ask.pk),
        title=ask.title,
        context=ask.context,
        guidance=ask.guidance,
        questions=list(ask.questions.values_list("text", flat=True)),
        deadline=ask.deadline,
        is_open=ask.is_open(),
        status=AskStatus(ask.status),
        anonymity_allowed=ask.anonymity_allowed,
        response_days=ask.response_days,
        communities=[_community_ref(request, c) for c in asked if c.pk in visible],
        other_communities=sum(1 for c in asked if c.pk not in visible),
        series_ids=list(ask.series.filter(community_id__in=visible).values_list("pk", flat=True)),
        documents=[
            DocumentOut(
                id=d.pk,
                title=d.title,
                url=_absolute(request, "consultations:document", ask.pk, d.pk) if d.file else d.link,
                is_file=bool(d.file),
            )
            for d in ask.documents.all()
        ],
        created_by=_person_ref(request, ask.created_by),
        created_at=ask.created_at,
        synthesis_status=SynthesisStatus(synthesis.status) if synthesis else SynthesisStatus.EMPTY,
        synthesis_published=bool(synthesis and synthesis.is_published),
        you_said_we_did_url=_absolute(request, "consultations:ask_loop", ask.pk),
    )


def _response_out(response: Response | None) -> ResponseOut | None:
    if response is None:
        return None
    return ResponseOut(
        status=ResponseStatus(response.status),
        detail=response.detail,
        reason=response.reason,
        owner_name=response.owner_name or (response.owner.display_name if response.owner else ""),
        date=response.date,
        updated_at=response.updated_at,
    )


def _insight_out(request: HttpRequest, insight: Insight, *, theme_id: int | None) -> InsightOut:
    return InsightOut(
        id=insight.pk,
        url=_absolute(request, "consultations:insight", insight.pk),
        ask_id=insight.ask_id,
        community=_community_ref(request, insight.community),
        gathering_id=insight.gathering_id,
        harvest_note_id=insight.harvest_note_id,
        feedback_id=insight.feedback_id,
        post_id=insight.post_id,
        story_id=insight.story_id,
        source=Source(insight.source),
        text=insight.text,
        anonymous=insight.anonymous,
        author=_person_ref(request, insight.author),  # type: ignore[arg-type]
        contributor_name=insight.contributor_name,
        recorded_by=_person_ref(request, insight.recorded_by),  # type: ignore[arg-type]
        theme_tag=insight.theme_tag,
        place=insight.place,
        sector=insight.sector,  # type: ignore[arg-type]
        profession=insight.profession,  # type: ignore[arg-type]
        region=insight.region,  # type: ignore[arg-type]
        voice=insight.voice,  # type: ignore[arg-type]
        urgency=Level(insight.urgency),
        confidence=Level(insight.confidence),
        evidence_link=insight.evidence_link,
        evidence_example=insight.evidence_example,
        evidence_file_url=_absolute(request, "consultations:insight_evidence", insight.pk)
        if insight.evidence_file
        else None,
        theme_id=theme_id,
        created_at=insight.created_at,
    )


def _quote_out(quote: brief.Quote) -> QuoteOut:
    return QuoteOut(
        text=quote.text, community=quote.community, gathering=quote.gathering, gathering_date=quote.gathering_date,
        region=quote.region, profession=quote.profession, voice=quote.voice, redactions=quote.redactions,
    )  # fmt: skip


def _breakdown_out(breakdown: brief.Breakdown) -> BreakdownOut:
    def counts(rows: list[tuple[str, int]]) -> list[CountOut]:
        return [CountOut(label=label, count=n) for label, n in rows]

    return BreakdownOut(
        professions=counts(breakdown.professions),
        regions=counts(breakdown.regions),
        voices=counts(breakdown.voices),
        communities=counts(breakdown.communities),
    )


def _synthesis_out(request: HttpRequest, ask: Ask, synthesis: Synthesis | None) -> SynthesisOut:
    methods = list(theme_engine.available_methods())
    if synthesis is None:
        return SynthesisOut(
            ask_id=ask.pk, status=SynthesisStatus.EMPTY, progress=0, error="", method="", methods_available=methods,
            insight_count=0, runs=0, finished_at=None, published=False, published_at=None, themes=[], minority_ids=[],
        )  # fmt: skip
    report = brief.build(ask, synthesis)
    placements = list(Placement.objects.filter(synthesis=synthesis).order_by("rank", "insight_id"))
    members: dict[int, list[Placement]] = {}
    for placement in placements:
        if placement.theme_id is not None:
            members.setdefault(placement.theme_id, []).append(placement)
    themes = {t.pk: t for t in synthesis.themes.all()}
    out = []
    for summary in report.themes:
        theme = themes[summary.id]
        inside = members.get(theme.pk, [])
        out.append(
            ThemeOut(
                id=theme.pk,
                url=_absolute(request, "consultations:theme", theme.pk),
                label=theme.label,
                description=theme.description,
                origin=theme.origin,  # type: ignore[arg-type]
                held=theme.held,
                urgent=theme.urgent,
                size=summary.size,
                confidence=round(summary.confidence, 4),
                low_confidence_ids=[p.insight_id for p in inside if p.low_confidence],
                dissent_ids=[p.insight_id for p in inside if p.dissent],
                insight_ids=[p.insight_id for p in inside],
                representative_quotes=[q.text for q in summary.quotes],
                response=_response_out(summary.response),
            )
        )
    return SynthesisOut(
        ask_id=ask.pk,
        status=SynthesisStatus(synthesis.status),
        progress=synthesis.progress,
        error=synthesis.error,
        method=synthesis.method,
        methods_available=methods,
        insight_count=synthesis.insight_count,
        runs=synthesis.runs,
        finished_at=synthesis.finished_at,
        published=synthesis.is_published,
        published_at=synthesis.published_at,
        themes=out,
        minority_ids=[p.insight_id for p in placements if p.theme_id is None],
    )


def _theme_out(request: HttpRequest, theme: Theme) -> ThemeOut:
    ask = theme.synthesis.ask
    result = _synthesis_out(request, ask, theme.synthesis)
    return next(t for t in result.themes if t.id == theme.pk)


# -- asks ---------------------------------------------------------------------------------


@router.get("/consultations", response={200: AskList, **errors(422)}, summary="Asks from the centre")
def list_asks(request: HttpRequest, filters: Query[AskFilters]) -> AskList:
    """Asks sent to communities you can see, and asks you sent; newest first."""
    viewer = caller(request)
    qs = Ask.objects.visible_to(viewer).select_related("created_by").order_by("-created_at", "-id")
    if filters.community_id is not None:
        qs = qs.filter(communities=filters.community_id)
    if filters.status == "open":
        qs = qs.filter(status=AskStatus.OPEN, deadline__gte=timezone.localdate())
    elif filters.status == "closed":
        qs = qs.exclude(status=AskStatus.OPEN, deadline__gte=timezone.localdate())
    rows, count = page(qs, filters)
    return AskList(items=[_ask_out(request, ask, viewer) for ask in rows], count=count)


@router.post(
    "/consultations", response={201: AskOut, **errors(400, 403, 404, 409, 422)}, summary="Send an ask (the centre)"
)
def create_ask(request: HttpRequest, payload: AskIn) -> Status[AskOut]:
    """Send an ask to communities (and meeting series) where you are the centre: a sponsor, or
    a member a convenor gave the centre capacity. Their convenors are emailed. 403 where you
    are not the centre; 409 for a closed community."""
    viewer = caller(request)
    communities = [community_access.get_community_for_viewer(viewer, _check_id(pk))[0] for pk in payload.community_ids]
    series = []
    for pk in payload.series_ids:
        one = Series.objects.select_related("community").filter(pk=pk).first()
        if one is None:
            raise Http404
        community_access.get_community_for_viewer(viewer, one.community_id)
        series.append(one)
    targets = {c.pk for c in communities} | {s.community_id for s in series}
    if targets - access.centre_community_ids(viewer, among=targets):
        raise HttpError(403, "You can send asks only to communities where you are the centre.")
    with transaction.atomic():
        ask = actions.create_ask(
            by=viewer, title=payload.title, context=payload.context, questions=payload.questions,
            deadline=payload.deadline, communities=communities, series=series, guidance=payload.guidance,
            anonymity_allowed=payload.anonymity_allowed, response_days=payload.response_days,
        )  # fmt: skip
        for document in payload.documents:
            actions.add_document(ask, by=viewer, title=document.title, link=document.url)
    return Status(201, _ask_out(request, ask, viewer))


@router.get("/consultations/overdue", response={200: OwedList, **errors(422)}, summary="What the centre owes")
def list_owed(request: HttpRequest, filters: Query[OwedFilters]) -> OwedList:
    """Themes of published syntheses and unsolicited insights still without your response, as
    the centre; the most overdue first. A theme is due `response_days` after publication."""
    viewer = caller(request)
    items = owed_items(viewer, only_overdue=filters.overdue_only)
    return OwedList(
        items=[
            OwedOut(
                kind=i.kind,  # type: ignore[arg-type]
                id=i.id,
                label=i.label,
                ask_id=i.ask.pk if i.ask else None,
                due=i.due,
                days_overdue=i.days_overdue,
            )
            for i in items
        ],
        count=len(items),
    )


@router.get("/consultations/{int:ask_id}", response={200: AskOut, **errors(404, 422)}, summary="One ask")
def get_ask(request: HttpRequest, ask_id: int) -> AskOut:
    """An ask sent to a community you can see (or sent by you)."""
    viewer = caller(request)
    return _ask_out(request, access.get_ask_for_viewer(viewer, _check_id(ask_id)), viewer)


@router.patch(
    "/consultations/{int:ask_id}", response={200: AskOut, **errors(400, 403, 404, 409, 422)}, summary="Change an ask"
)
def update_ask(request: HttpRequest, ask_id: int, payload: AskPatch) -> AskOut:
    """Change the fields sent (the centre of the ask). `status: closed` stops new answers."""
    viewer = caller(request)
    ask = access.get_ask_for_centre(viewer, _check_id(ask_id))
    fields = payload.model_dump(exclude_unset=True, exclude={"questions", "status"})
    with transaction.atomic():
        if fields or payload.questions is not None:
            actions.update_ask(ask, by=viewer, questions=payload.questions, **fields)
        if payload.status is not None:
            actions.set_ask_status(ask, by=viewer, status=payload.status.value)
    return _ask_out(request, ask, viewer)


@router.post(
    "/consultations/{int:ask_id}/agenda",
    response={201: AgendaOut, **errors(400, 403, 404, 409, 422)},
    summary="Put an ask on a gathering's agenda (its organisers)",
)
def place_on_agenda(request: HttpRequest, ask_id: int, payload: AgendaIn) -> Status[AgendaOut]:
    """Adds a "briefing from the centre" item linking the ask. 409 if the gathering is over,
    cancelled, not in a community asked, or already has the ask."""
    viewer = caller(request)
    ask = access.get_ask_for_viewer(viewer, _check_id(ask_id))
    gathering = gathering_access.get_gathering_for_organiser(viewer, payload.gathering_id)
    briefing = actions.place_on_agenda(ask, by=viewer, gathering=gathering)
    item = briefing.agenda_item
    return Status(201, AgendaOut(agenda_item_id=item.pk, gathering_id=gathering.pk, title=item.title))


# -- insights -----------------------------------------------------------------------------


def _theme_ids(ask: Ask | None, viewer: Person, insights: list[Insight]) -> dict[int, int | None]:
    if ask is None:
        return {}
    synthesis = Synthesis.objects.filter(ask=ask).first()
    if not access.can_see_synthesis(ask, synthesis, viewer):
        return {}
    rows = Placement.objects.filter(insight__in=insights).values_list("insight_id", "theme_id")
    return dict(rows)


@router.get(
    "/consultations/{int:ask_id}/insights",
    response={200: InsightList, **errors(403, 404, 422)},
    summary="Insights answering an ask",
)
def list_insights(request: HttpRequest, ask_id: int, filters: Query[InsightFilters]) -> InsightList:
    """Every insight for the ask's centre and convenors; members see those from their
    communities and their own. Newest first."""
    viewer = caller(request)
    ask = access.get_ask_for_viewer(viewer, _check_id(ask_id))
    steward, condition = access.insights_for_viewer(ask, viewer)
    if not steward and not access.member_community_ids(ask, viewer):
        raise HttpError(403, "Insights are seen by the members of the communities asked.")
    qs = (
        Insight.objects.filter(ask=ask)
        .filter(condition)
        .select_related("community", "author", "recorded_by")
        .order_by("-created_at", "-id")
    )
    if filters.community_id is not None:
        qs = qs.filter(community_id=filters.community_id)
    rows, count = page(qs, filters)
    themes = _theme_ids(ask, viewer, rows)
    return InsightList(items=[_insight_out(request, i, theme_id=themes.get(i.pk)) for i in rows], count=count)


def _capture_or_add(
    request: HttpRequest, viewer: Person, ask: Ask | None, payload: InsightIn, community: Community | None
) -> Insight:
    if payload.post_id is not None:
        post = Post.objects.select_related("community").filter(pk=payload.post_id).first()
        if post is None or not community_access.can_view(
            post.community, viewer, community_access.active_membership(post.community, viewer)
        ):
            raise Http404
        if not _may_record(ask, post.community, viewer):
            raise HttpError(403, "Only the centre and the community's convenors turn posts into insights.")
        return actions.capture_post(post, by=viewer, ask=ask)
    if payload.story_id is not None:
        story = (
            Story.objects.visible_to(viewer).select_related("community", "consent").filter(pk=payload.story_id).first()
        )
        if story is None:
            raise Http404
        if not _may_record(ask, story.community, viewer):
            raise HttpError(403, "Only the centre and the community's convenors turn stories into insights.")
        return actions.capture_story(story, by=viewer, ask=ask)
    if payload.harvest_note_id is not None or payload.feedback_id is not None:
        source: HarvestNote | FeedbackToCentre | None
        if payload.harvest_note_id is not None:
            source = HarvestNote.objects.select_related("gathering").filter(pk=payload.harvest_note_id).first()
        elif payload.feedback_id is not None:
            source = FeedbackToCentre.objects.select_related("gathering").filter(pk=payload.feedback_id).first()
        if source is None:
            raise Http404
        gathering_access.get_gathering_for_organiser(viewer, source.gathering_id)
        if isinstance(source, HarvestNote):
            return actions.capture_note(source, by=viewer, ask=ask)
        return actions.capture_feedback(source, by=viewer, ask=ask)
    if community is None:
        raise HttpError(400, "Give community_id: the ask went to more than one community.")
    gathering = None
    if payload.gathering_id is not None:
        gathering = Gathering.objects.filter(pk=payload.gathering_id, community=community).first()
        if gathering is None:
            raise HttpError(400, "gathering_id must be a gathering of the community.")
    if payload.on_behalf:
        if not _may_record(ask, community, viewer):
            raise HttpError(403, "Only the centre and the community's convenors record insights on someone's behalf.")
        return actions.record_insight(
            by=viewer, ask=ask, community=community, text=payload.text, gathering=gathering,
            contributor_name=payload.contributor_name, contributor_email=payload.contributor_email, **payload.tags(),
        )  # fmt: skip
    if not Membership.objects.active().filter(community=community, person=viewer).exists():
        raise HttpError(403, "Only members of the community can add their own insights.")
    return actions.add_insight(
        by=viewer, ask=ask, community=community, text=payload.text, gathering=gathering, anonymous=payload.anonymous,
        **payload.tags(),
    )  # fmt: skip


def _may_record(ask: Ask | None, community: Community, viewer: Person) -> bool:
    if ask is not None and access.is_centre_for(ask, viewer):
        return True
    if access.has_centre_role(community, viewer):
        return True
    return Membership.objects.active().filter(community=community, person=viewer, role=Role.CONVENOR).exists()


@router.post(
    "/consultations/{int:ask_id}/insights",
    response={201: InsightOut, **errors(400, 403, 404, 409, 422)},
    summary="Answer an ask with an insight",
)
def create_insight(request: HttpRequest, ask_id: int, payload: InsightIn) -> Status[InsightOut]:
    """Add an insight to an ask sent to your community. `anonymous: true` (where the ask
    allows it) stores nothing that says who you are; so does the Chatham House rule. 409 if
    the ask is closed or the note is already an insight."""
    viewer = caller(request)
    ask = access.get_ask_for_viewer(viewer, _check_id(ask_id))
    asked = list(ask.communities.all())
    community = None
    if payload.community_id is not None:
        community = next((c for c in asked if c.pk == payload.community_id), None)
        if community is None:
            raise HttpError(400, "community_id must be one of the communities asked.")
    elif len(asked) == 1:
        community = asked[0]
    insight = _capture_or_add(request, viewer, ask, payload, community)
    return Status(201, _insight_out(request, insight, theme_id=None))


@router.get(
    "/communities/{int:community_id}/insights",
    response={200: InsightList, **errors(403, 404, 422)},
    summary="Insights a community sent without an ask",
)
def list_unsolicited(request: HttpRequest, community_id: int, paging: Query[Paging]) -> InsightList:
    """For the community's members, newest first."""
    viewer = caller(request)
    community, _ = community_access.get_community_for_member(viewer, _check_id(community_id))
    qs = Insight.objects.unsolicited(community.pk).select_related("community", "author", "recorded_by")
    rows, count = page(qs, paging)
    return InsightList(items=[_insight_out(request, i, theme_id=None) for i in rows], count=count)


@router.post(
    "/communities/{int:community_id}/insights",
    response={201: InsightOut, **errors(400, 403, 404, 409, 422)},
    summary="Send the centre an insight without an ask",
)
def create_unsolicited(request: HttpRequest, community_id: int, payload: InsightIn) -> Status[InsightOut]:
    """Members send their own (named or anonymous); convenors and the centre may record one on
    someone's behalf, or turn a gathering's note or feedback into one."""
    viewer = caller(request)
    community, _ = community_access.get_community_for_member(viewer, _check_id(community_id))
    if payload.community_id is not None and payload.community_id != community.pk:
        raise HttpError(400, "community_id must be this community.")
    insight = _capture_or_add(request, viewer, None, payload, community)
    return Status(201, _insight_out(request, insight, theme_id=None))


@router.get("/insights/{int:insight_id}", response={200: InsightOut, **errors(404, 422)}, summary="One insight")
def get_insight(request: HttpRequest, insight_id: int) -> InsightOut:
    """An insight you may see: from your community, your own, or one the centre or convenors steward."""
    viewer = caller(request)
    insight = access.get_insight_for_viewer(viewer, _check_id(insight_id))
    return _insight_out(request, insight, theme_id=_theme_ids(insight.ask, viewer, [insight]).get(insight.pk))


@router.put(
    "/insights/{int:insight_id}/response",
    response={200: ResponseOut, **errors(400, 403, 404, 409, 422)},
    summary="Respond to an insight (the centre)",
)
def respond_to_insight(request: HttpRequest, insight_id: int, payload: ResponseIn) -> ResponseOut:
    """Accepted, in progress, or not possible (with a reason), with an owner and a date. The
    contributor is emailed (anonymous ones cannot be)."""
    viewer = caller(request)
    insight = access.get_insight_for_centre(viewer, _check_id(insight_id))
    response = actions.respond(by=viewer, insight=insight, **payload.model_dump())
    out = _response_out(response)
    assert out is not None
    return out


@router.put(
    "/insights/{int:insight_id}/wording",
    response={200: InsightOut, **errors(400, 403, 404, 409, 422)},
    summary="Set an insight's checked wording for sharing (stewards)",
)
def check_wording(request: HttpRequest, insight_id: int, payload: WordingIn) -> InsightOut:
    """The wording the brief and published pages use, after you checked it for anything that
    identifies someone; until then they redact flagged passages automatically."""
    viewer = caller(request)
    insight = access.get_insight_for_viewer(viewer, _check_id(insight_id))
    if insight.ask is None or not access.is_steward(insight.ask, viewer):
        raise HttpError(403, "Only the centre and the convenors of the communities asked check wording.")
    actions.check_shared_text(insight, by=viewer, text=payload.text)
    return _insight_out(request, insight, theme_id=_theme_ids(insight.ask, viewer, [insight]).get(insight.pk))


# -- synthesis ----------------------------------------------------------------------------


@router.get(
    "/consultations/{int:ask_id}/synthesis",
    response={200: SynthesisOut, **errors(403, 404, 422)},
    summary="The themes of an ask",
)
def get_synthesis(request: HttpRequest, ask_id: int) -> SynthesisOut:
    """Status and progress of the computation, and the themes with their insights, dissent,
    low-confidence placements and minority views. Before publication only the centre and the
    convenors of the communities asked may see it (403 for others)."""
    viewer = caller(request)
    ask, synthesis = access.get_synthesis_for_viewer(viewer, _check_id(ask_id))
    return _synthesis_out(request, ask, synthesis)


@router.post(
    "/consultations/{int:ask_id}/synthesis",
    response={202: SynthesisOut, **errors(400, 403, 404, 409, 422)},
    summary="Compute the themes (again)",
)
def request_synthesis(request: HttpRequest, ask_id: int, payload: SynthesisRequest) -> Status[SynthesisOut]:
    """Queue a computation in the background; poll GET for `progress`. Every decision people
    made (names, moves, merges, splits, urgency, expected themes) is kept. 409 while one runs."""
    viewer = caller(request)
    ask = access.get_ask_for_steward(viewer, _check_id(ask_id))
    synthesis = actions.request_synthesis(ask, by=viewer, method=payload.method, discover=payload.discover)
    synthesis.refresh_from_db()
    return Status(202, _synthesis_out(request, ask, synthesis))


@router.patch(
    "/consultations/{int:ask_id}/synthesis",
    response={200: SynthesisOut, **errors(400, 403, 404, 409, 422)},
    summary="Publish or unpublish the themes",
)
def update_synthesis(request: HttpRequest, ask_id: int, payload: SynthesisPatch) -> SynthesisOut:
    """Publishing shows the themes to the members of the communities asked and lets the centre
    respond. 409 while an insight may still identify someone (check its wording first)."""
    viewer = caller(request)
    ask = access.get_ask_for_steward(viewer, _check_id(ask_id))
    synthesis = Synthesis.objects.filter(ask=ask).first()
    if synthesis is None:
        raise HttpError(409, "Compute the synthesis before publishing it.")
    if payload.published:
        actions.publish_synthesis(synthesis, by=viewer)
    else:
        actions.unpublish_synthesis(synthesis, by=viewer)
    return _synthesis_out(request, ask, synthesis)


@router.post(
    "/consultations/{int:ask_id}/synthesis/moves",
    response={200: MoveOut, **errors(400, 403, 404, 409, 422)},
    summary="Move insights to a theme, or to none",
)
def move_insights(request: HttpRequest, ask_id: int, payload: MoveIn) -> MoveOut:
    """Put insights in a theme (`theme_id: null` for minority views). They stay there through
    every recompute. For deciding low-confidence placements in bulk."""
    viewer = caller(request)
    ask = access.get_ask_for_steward(viewer, _check_id(ask_id))
    synthesis = Synthesis.objects.filter(ask=ask).first()
    if synthesis is None:
        raise HttpError(409, "Compute the synthesis first.")
    theme = None
    if payload.theme_id is not None:
        theme = synthesis.themes.filter(pk=payload.theme_id).first()
        if theme is None:
            raise HttpError(400, "theme_id must be a theme of this synthesis.")
    return MoveOut(moved=actions.move_insights(synthesis, by=viewer, insight_ids=payload.insight_ids, theme=theme))


@router.post(
    "/consultations/{int:ask_id}/themes",
    response={201: ThemeOut, **errors(400, 403, 404, 409, 422)},
    summary="Name an expected theme",
)
def add_expected_theme(request: HttpRequest, ask_id: int, payload: ExpectedThemeIn) -> Status[ThemeOut]:
    """A theme you expect, with a one-line description: the next computation sorts insights to
    the nearest named theme, with a confidence, and lists the uncertain ones."""
    viewer = caller(request)
    ask = access.get_ask_for_steward(viewer, _check_id(ask_id))
    theme = actions.add_expected_theme(ask, by=viewer, label=payload.label, description=payload.description)
    return Status(201, _theme_out(request, theme))


@router.get("/themes/{int:theme_id}", response={200: ThemeOut, **errors(403, 404, 422)}, summary="One theme")
def get_theme(request: HttpRequest, theme_id: int) -> ThemeOut:
    viewer = caller(request)
    return _theme_out(request, access.get_theme_for_viewer(viewer, _check_id(theme_id)))


@router.patch(
    "/themes/{int:theme_id}",
    response={200: ThemeOut, **errors(400, 403, 404, 409, 422)},
    summary="Rename a theme or mark it urgent",
)
def update_theme(request: HttpRequest, theme_id: int, payload: ThemePatch) -> ThemeOut:
    """A person's label and urgency survive every recompute."""
    viewer = caller(request)
    theme = access.get_theme_for_steward(viewer, _check_id(theme_id))
    with transaction.atomic():
        if payload.label is not None or payload.description is not None:
            actions.rename_theme(theme, by=viewer, label=payload.label or theme.label, description=payload.description)
        if payload.urgent is not None:
            actions.set_theme_urgent(theme, by=viewer, urgent=payload.urgent)
    return _theme_out(request, theme)


@router.post(
    "/themes/{int:theme_id}/merge",
    response={200: ThemeOut, **errors(400, 403, 404, 409, 422)},
    summary="Merge a theme into another",
)
def merge_theme(request: HttpRequest, theme_id: int, payload: MergeIn) -> ThemeOut:
    """Moves every insight into `into_id` and removes this theme; answers the merged theme."""
    viewer = caller(request)
    theme = access.get_theme_for_steward(viewer, _check_id(theme_id))
    into = theme.synthesis.themes.filter(pk=payload.into_id).first()
    if into is None:
        raise HttpError(400, "into_id must be another theme of the same synthesis.")
    into.synthesis = theme.synthesis
    merged = actions.merge_themes(theme, by=viewer, into=into)
    return _theme_out(request, merged)


@router.post(
    "/themes/{int:theme_id}/split", response={201: ThemeOut, **errors(400, 403, 404, 409, 422)}, summary="Split a theme"
)
def split_theme(request: HttpRequest, theme_id: int, payload: SplitIn) -> Status[ThemeOut]:
    """Moves the insights given into a new theme with this label; answers the new theme."""
    viewer = caller(request)
    theme = access.get_theme_for_steward(viewer, _check_id(theme_id))
    new = actions.split_theme(
        theme, by=viewer, insight_ids=payload.insight_ids, label=payload.label, description=payload.description
    )
    new.synthesis = theme.synthesis
    return Status(201, _theme_out(request, new))


@router.put(
    "/themes/{int:theme_id}/response",
    response={200: ResponseOut, **errors(400, 403, 404, 409, 422)},
    summary="Respond to a theme (the centre)",
)
def respond_to_theme(request: HttpRequest, theme_id: int, payload: ResponseIn) -> ResponseOut:
    """Accepted, in progress, or not possible (with a reason), with an owner and a date. Everyone
    named in the theme's insights is emailed. 409 before the synthesis is published."""
    viewer = caller(request)
    theme = access.get_theme_for_centre(viewer, _check_id(theme_id))
    response = actions.respond(by=viewer, theme=theme, **payload.model_dump())
    out = _response_out(response)
    assert out is not None
    return out


@router.get(
    "/consultations/{int:ask_id}/brief",
    response={200: BriefOut, **errors(403, 404, 422)},
    summary="The brief to the centre (stewards)",
)
def get_brief(request: HttpRequest, ask_id: int) -> BriefOut:
    """The de-identified brief: themes by urgency then weight, quotes with provenance (never a
    person), dissent, minority views and who answered by profession, region and voice. The
    same brief as the web page, PDF and CSV."""
    viewer = caller(request)
    ask = access.get_ask_for_steward(viewer, _check_id(ask_id))
    report = brief.build(ask, Synthesis.objects.filter(ask=ask).first())
    return BriefOut(
        ask_id=ask.pk,
        generated_at=report.generated_at,
        insight_count=report.insight_count,
        flagged=report.flagged,
        themes=[
            BriefThemeOut(
                id=t.id,
                label=t.label,
                description=t.description,
                size=t.size,
                share=t.share,
                urgent=t.urgent,
                confidence=round(t.confidence, 4),
                low_confidence=t.low_confidence,
                quotes=[_quote_out(q) for q in t.quotes],
                dissent=[_quote_out(q) for q in t.dissent],
                dissent_count=t.dissent_count,
                breakdown=_breakdown_out(t.breakdown),
                response=_response_out(t.response),
            )
            for t in report.themes
        ],
        minority=[_quote_out(q) for q in report.minority],
        minority_count=report.minority_count,
        breakdown=_breakdown_out(report.breakdown),
    )


# -- the centre capacity ------------------------------------------------------------------


def _holders(request: HttpRequest, community: Community) -> list[CentreHolder]:
    members = Membership.objects.active().filter(community=community).select_related("person")
    holders = [
        CentreHolder(person=_person_ref(request, m.person), how="sponsor", granted_at=None)  # type: ignore[arg-type]
        for m in members.filter(role=Role.SPONSOR).order_by("person__display_name")
    ]
    active = set(members.values_list("person_id", flat=True))
    for grant in (
        CentreGrant.objects.filter(community=community).select_related("person").order_by("person__display_name")
    ):
        if grant.person_id in active:
            holders.append(
                CentreHolder(person=_person_ref(request, grant.person), how="granted", granted_at=grant.granted_at)  # type: ignore[arg-type]
            )
    return holders


@router.get(
    "/communities/{int:community_id}/centre",
    response={200: CentreList, **errors(403, 404, 422)},
    summary="Who is the centre of a community",
)
def list_centre(request: HttpRequest, community_id: int) -> CentreList:
    """Sponsors, and members a convenor gave the centre capacity. For members."""
    viewer = caller(request)
    community, _ = community_access.get_community_for_member(viewer, _check_id(community_id))
    holders = _holders(request, community)
    return CentreList(items=holders, count=len(holders))


@router.post(
    "/communities/{int:community_id}/centre",
    response={201: CentreList, **errors(400, 403, 404, 409, 422)},
    summary="Give a member the centre capacity (convenors)",
)
def grant_centre(request: HttpRequest, community_id: int, payload: GrantIn) -> Status[CentreList]:
    viewer = caller(request)
    community = access.get_community_for_centre_roles(viewer, _check_id(community_id))
    person = people_access.get_person_for_viewer(viewer, payload.person_id)
    actions.grant_centre(community, by=viewer, person=person)
    holders = _holders(request, community)
    return Status(201, CentreList(items=holders, count=len(holders)))


@router.delete(
    "/communities/{int:community_id}/centre/{int:person_id}",
    response={200: CentreList, **errors(400, 403, 404, 409, 422)},
    summary="Take back a granted centre capacity (convenors)",
)
def revoke_centre(request: HttpRequest, community_id: int, person_id: int) -> CentreList:
    viewer = caller(request)
    community = access.get_community_for_centre_roles(viewer, _check_id(community_id))
    person = people_access.get_person_for_viewer(viewer, _check_id(person_id))
    actions.revoke_centre(community, by=viewer, person=person)
    holders = _holders(request, community)
    return CentreList(items=holders, count=len(holders))
