"""Every write to asks, insights, syntheses and responses goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from groundswell.chronicle import actions as chronicle
from groundswell.communities.models import Community, Membership
from groundswell.consultations import access, tasks
from groundswell.consultations.models import (
    Ask,
    AskBriefing,
    AskDocument,
    AskStatus,
    CentreGrant,
    Insight,
    Placement,
    Question,
    Response,
    ResponseStatus,
    Source,
    Synthesis,
    SynthesisStatus,
    Theme,
    ThemeOrigin,
    Voice,
)
from groundswell.conversations.models import Post, PostState
from groundswell.gatherings import actions as gathering_actions
from groundswell.gatherings.models import Element, FeedbackToCentre, Gathering, GatheringStatus, HarvestNote, Level
from groundswell.lib import themes as theme_engine
from groundswell.people.actions import ActionError
from groundswell.people.models import Person
from groundswell.stories.models import Naming, Story, Use

MAX_QUESTIONS = 12
MAX_TARGETS = 50
# A synthesis stuck "queued" or "running" this long (a worker stopped) may be asked for again.
STALE_AFTER = datetime.timedelta(minutes=15)
# The machine proposes themes of its own beside the person-held ones only for at least this many
# insights that no person has placed.
MIN_TO_DISCOVER = 6
# Insight fields a contributor may tag.
TAG_FIELDS = frozenset(
    {
        "theme_tag", "place", "sector", "profession", "region", "voice", "urgency", "confidence",
        "evidence_link", "evidence_file", "evidence_example",
    }
)  # fmt: skip
PEOPLE_FIELDS = frozenset({"profession", "region", "voice"})


def _record(verb: str, *, actor: Person | None, target: Any, community_ids: Iterable[int], **data: Any) -> None:
    """Record one activity entry in each community's stream."""
    for community_id in dict.fromkeys(community_ids):
        chronicle.record_activity(verb, actor=actor, target=target, community_id=community_id, data=data or None)


def _asked(ask: Ask) -> list[int]:
    return list(ask.communities.order_by("pk").values_list("pk", flat=True))


# -- the centre capacity ----------------------------------------------------------------


@transaction.atomic
def grant_centre(community: Community, *, by: Person, person: Person) -> CentreGrant:
    """Give a member the centre capacity: sending asks to the community and answering them."""
    if not Membership.objects.active().filter(community=community, person=person).exists():
        raise ActionError(f"{person} is not a member of {community}.")
    try:
        with transaction.atomic():
            grant = CentreGrant.objects.create(community=community, person=person, granted_by=by)
    except IntegrityError as exc:
        raise ActionError(f"{person} already has the centre capacity.") from exc
    _record("granted_centre", actor=by, target=grant, community_ids=[community.pk], person_id=person.pk)
    return grant


@transaction.atomic
def revoke_centre(community: Community, *, by: Person, person: Person) -> None:
    """Take back a granted centre capacity (sponsors keep theirs through their role)."""
    grant = CentreGrant.objects.filter(community=community, person=person).first()
    if grant is None:
        raise ActionError(f"{person} was not granted the centre capacity.")
    _record("revoked_centre", actor=by, target=grant, community_ids=[community.pk], person_id=person.pk)
    grant.delete()


# -- asks ---------------------------------------------------------------------------------


def _clean_questions(questions: Sequence[str]) -> list[str]:
    cleaned = [q.strip() for q in questions if q.strip()]
    if not cleaned:
        raise ActionError("Ask at least one question.")
    if len(cleaned) > MAX_QUESTIONS:
        raise ActionError(f"Ask at most {MAX_QUESTIONS} questions.")
    return cleaned


def _check_deadline(deadline: datetime.date) -> None:
    if deadline < timezone.localdate():
        raise ActionError("The deadline must be today or later.")


@transaction.atomic
def create_ask(
    *,
    by: Person,
    title: str,
    context: str,
    questions: Sequence[str],
    deadline: datetime.date,
    communities: Iterable[Community] = (),
    series: Iterable[Any] = (),
    guidance: str = "",
    anonymity_allowed: bool = True,
    response_days: int = 30,
) -> Ask:
    """Send an ask to communities and series where the person is the centre; convenors are emailed."""
    series = list(series)
    targets = {c.pk: c for c in communities}
    for one in series:
        targets.setdefault(one.community_id, one.community)
    if not targets:
        raise ActionError("Choose at least one community or series to ask.")
    if len(targets) > MAX_TARGETS:
        raise ActionError(f"Ask at most {MAX_TARGETS} communities at once.")
    if not title.strip() or not context.strip():
        raise ActionError("An ask needs a title and its context.")
    if not 1 <= response_days <= 365:
        raise ActionError("Give the centre between 1 and 365 days to respond.")
    _check_deadline(deadline)
    cleaned = _clean_questions(questions)
    allowed = access.centre_community_ids(by, among=targets)
    refused = sorted(c.name for pk, c in targets.items() if pk not in allowed)
    if refused:
        raise ActionError(f"You can send asks only where you are the centre; not to {', '.join(refused)}.")
    closed = sorted(c.name for c in targets.values() if c.is_closed)
    if closed:
        raise ActionError(f"{', '.join(closed)} has closed and cannot be asked.")
    now = timezone.now()
    ask = Ask.objects.create(
        title=title.strip(),
        context=context.strip(),
        guidance=guidance.strip(),
        deadline=deadline,
        anonymity_allowed=anonymity_allowed,
        response_days=response_days,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    ask.communities.set(list(targets.values()))
    ask.series.set(series)
    Question.objects.bulk_create(Question(ask=ask, position=n, text=text) for n, text in enumerate(cleaned, 1))
    _record("sent_ask", actor=by, target=ask, community_ids=sorted(targets))
    transaction.on_commit(partial(tasks.send_ask_emails.enqueue, ask.pk))
    return ask


@transaction.atomic
def update_ask(
    ask: Ask,
    *,
    by: Person,
    questions: Sequence[str] | None = None,
    **fields: Any,
) -> None:
    """Change an ask's wording, deadline, anonymity or response time (and its questions)."""
    allowed = {"title", "context", "guidance", "deadline", "anonymity_allowed", "response_days"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not ask fields: {sorted(unknown)}")
    for name in ("title", "context"):
        if name in fields and not str(fields[name]).strip():
            raise ActionError("An ask needs a title and its context.")
    if "deadline" in fields and fields["deadline"] != ask.deadline:
        _check_deadline(fields["deadline"])
    if "response_days" in fields and not 1 <= fields["response_days"] <= 365:
        raise ActionError("Give the centre between 1 and 365 days to respond.")
    for name, value in fields.items():
        setattr(ask, name, value.strip() if isinstance(value, str) else value)
    ask.updated_at = timezone.now()
    ask.save(update_fields=[*fields, "updated_at"])
    if questions is not None:
        cleaned = _clean_questions(questions)
        ask.questions.all().delete()
        Question.objects.bulk_create(Question(ask=ask, position=n, text=text) for n, text in enumerate(cleaned, 1))
    _record("updated_ask", actor=by, target=ask, community_ids=_asked(ask), fields=sorted(fields))


@transaction.atomic
def set_ask_status(ask: Ask, *, by: Person, status: str) -> None:
    """Close an ask to new answers, or open it again."""
    if status not in AskStatus.values:
        raise ActionError("Unknown status.")
    if status == ask.status:
        return
    now = timezone.now()
    if status == AskStatus.OPEN and ask.deadline < timezone.localdate():
        raise ActionError("Move the deadline on before opening the ask again.")
    ask.status = status
    ask.closed_at = now if status == AskStatus.CLOSED else None
    ask.updated_at = now
    ask.save(update_fields=["status", "closed_at", "updated_at"])
    verb = "closed_ask" if status == AskStatus.CLOSED else "reopened_ask"
    _record(verb, actor=by, target=ask, community_ids=_asked(ask))


@transaction.atomic
def add_document(
    ask: Ask, *, by: Person, title: str, file: UploadedFile[Any] | None = None, link: str = ""
) -> AskDocument:
    """Attach a context or guidance document: an uploaded file or a link."""
    if not title.strip():
        raise ActionError("Give the document a title.")
    if (file is None) == (not link):
        raise ActionError("Upload a file or give a link (one of the two).")
    document = AskDocument(ask=ask, title=title.strip(), link=link, added_by=by)
    if file is not None:
        document.filename = (file.name or "document")[-200:]
        document.content_type = (file.content_type or "application/octet-stream")[:100]
        document.file.save(file.name or "document", file, save=False)
    document.save()
    _record("added_ask_document", actor=by, target=document, community_ids=_asked(ask))
    return document


@transaction.atomic
def remove_document(document: AskDocument, *, by: Person) -> None:
    """Remove a document from an ask (the stored file is deleted too)."""
    ask = document.ask
    _record("removed_ask_document", actor=by, target=document, community_ids=_asked(ask))
    stored = document.file.name if document.file else ""
    document.delete()
    if stored:
        storage = AskDocument._meta.get_field("file").storage  # type: ignore[attr-defined]
        transaction.on_commit(partial(storage.delete, stored))


@transaction.atomic
def place_on_agenda(ask: Ask, *, by: Person, gathering: Gathering) -> AskBriefing:
    """Put the ask on a gathering's agenda as a "briefing from the centre" item."""
    if gathering.community_id not in _asked(ask):
        raise ActionError("The ask was not sent to this gathering's community.")
    if gathering.status in (GatheringStatus.CANCELLED, GatheringStatus.HELD) or gathering.ends_at < timezone.now():
        raise ActionError("Only a gathering still to come can take the ask on its agenda.")
    if AskBriefing.objects.filter(ask=ask, agenda_item__gathering=gathering).exists():
        raise ActionError("The ask is already on this gathering's agenda.")
    link = settings.SITE_URL.rstrip("/") + ask.get_absolute_url()
    item = gathering_actions.add_agenda_item(
        gathering,
        by=by,
        title=f"Briefing from the centre: {ask.title}"[:200],
        element=Element.BRIEFING,
        minutes=30,
        pre_reads=link,
    )
    briefing = AskBriefing.objects.create(ask=ask, agenda_item=item, placed_by=by)
    _record(
        "placed_ask_on_agenda", actor=by, target=ask, community_ids=[gathering.community_id], gathering=gathering.pk
    )
    return briefing


# -- insights -----------------------------------------------------------------------------


def _check_tags(tags: dict[str, Any]) -> dict[str, Any]:
    unknown = set(tags) - TAG_FIELDS
    if unknown:
        raise ValueError(f"not insight tags: {sorted(unknown)}")
    return {name: value.strip() if isinstance(value, str) else value for name, value in tags.items()}


def _is_chatham_house(community: Community, gathering: Gathering | None) -> bool:
    return community.is_chatham_house or (gathering is not None and gathering.is_chatham_house)


def _check_target(ask: Ask | None, community: Community, gathering: Gathering | None, *, capture: bool) -> None:
    if gathering is not None and gathering.community_id != community.pk:
        raise ActionError("The gathering belongs to another community.")
    if ask is None:
        if community.is_closed:
            raise ActionError("This community has closed.")
        return
    if community.pk not in _asked(ask):
        raise ActionError("The ask was not sent to this community.")
    # Organisers may still capture what a gathering heard after the deadline, until the
    # centre closes the ask; people answering themselves need it open.
    if capture and ask.status == AskStatus.CLOSED:
        raise ActionError("The centre has closed this ask.")
    if not capture and not ask.is_open():
        raise ActionError("This ask is closed to new answers.")


def _profile_tags(person: Person) -> dict[str, str]:
    return {
        "profession": person.profession,
        "region": person.region,
        "voice": Voice.LAY if person.is_lay_partner else Voice.PROFESSIONAL,
    }


def _created(insight: Insight, *, actor: Person | None) -> Insight:
    # Anonymous insights record no actor; captured ones record the person who captured them.
    _record("added_insight", actor=actor, target=insight, community_ids=[insight.community_id])
    if "semantic" in theme_engine.available_methods():
        transaction.on_commit(partial(tasks.embed_insights.enqueue, [insight.pk]))
    return insight


@transaction.atomic
def add_insight(
    *,
    by: Person,
    community: Community,
    text: str,
    ask: Ask | None = None,
    gathering: Gathering | None = None,
    anonymous: bool = False,
    **tags: Any,
) -> Insight:
    """Add your own insight, named or (where the ask allows it) anonymous.

    Under the Chatham House rule, or when anonymous, nothing identifying is stored: no author,
    and profession, region and voice only as the person chose to give them.
    """
    tags = _check_tags(tags)
    if not text.strip():
        raise ActionError("Write the insight.")
    _check_target(ask, community, gathering, capture=False)
    if anonymous and ask is not None and not ask.anonymity_allowed:
        raise ActionError("This ask does not take anonymous answers.")
    anonymous = anonymous or _is_chatham_house(community, gathering)
    if not anonymous:
        for name, value in _profile_tags(by).items():
            tags[name] = tags.get(name) or value
    insight = Insight.objects.create(
        ask=ask,
        community=community,
        gathering=gathering,
        source=Source.DIRECT,
        text=text.strip(),
        author=None if anonymous else by,
        anonymous=anonymous,
        **tags,
    )
    return _created(insight, actor=None if anonymous else by)


@transaction.atomic
def record_insight(
    *,
    by: Person,
    community: Community,
    text: str,
    ask: Ask | None = None,
    gathering: Gathering | None = None,
    contributor_name: str = "",
    contributor_email: str = "",
    anonymous: bool = False,
    **tags: Any,
) -> Insight:
    """Record an insight on someone's behalf (a phone call, a letter): a convenor or organiser."""
    tags = _check_tags(tags)
    if not text.strip():
        raise ActionError("Write the insight.")
    _check_target(ask, community, gathering, capture=True)
    anonymous = anonymous or _is_chatham_house(community, gathering)
    if anonymous:
        contributor_name = contributor_email = ""
    insight = Insight.objects.create(
        ask=ask,
        community=community,
        gathering=gathering,
        source=Source.ON_BEHALF,
        text=text.strip(),
        recorded_by=by,
        contributor_name=contributor_name.strip(),
        contributor_email=contributor_email.strip().lower(),
        anonymous=anonymous,
        **tags,
    )
    return _created(insight, actor=by)


def _capture(*, ask: Ask | None, by: Person, gathering: Gathering, source: str, text: str, **fields: Any) -> Insight:
    community = gathering.community
    _check_target(ask, community, gathering, capture=True)
    insight = Insight.objects.create(
        ask=ask,
        community=community,
        gathering=gathering,
        source=source,
        text=text,
        recorded_by=by,
        # A note speaks for a table, not for the person who wrote it down: no author. Under
        # the Chatham House rule the insight is marked anonymous as well.
        anonymous=_is_chatham_house(community, gathering),
        **fields,
    )
    return _created(insight, actor=by)


@transaction.atomic
def capture_note(note: HarvestNote, *, by: Person, ask: Ask | None) -> Insight:
    """Turn a gathering's harvest note into an insight, keeping the link to the note."""
    if Insight.objects.filter(ask=ask, harvest_note=note).exists():
        raise ActionError("This note is already an insight.")
    return _capture(
        ask=ask, by=by, gathering=note.gathering, source=Source.HARVEST_NOTE, text=note.what_we_heard,
        harvest_note=note, evidence_example=note.evidence, place=note.where[:200], urgency=note.urgency,
        confidence=note.confidence,
    )  # fmt: skip


@transaction.atomic
def capture_feedback(feedback: FeedbackToCentre, *, by: Person, ask: Ask | None) -> Insight:
    """Turn a gathering's feedback to the centre into an insight, keeping the link."""
    if Insight.objects.filter(ask=ask, feedback=feedback).exists():
        raise ActionError("This feedback is already an insight.")
    return _capture(
        ask=ask, by=by, gathering=feedback.gathering, source=Source.FEEDBACK, text=feedback.message,
        feedback=feedback, urgency=Level.MEDIUM,
    )  # fmt: skip


@transaction.atomic
def capture_post(post: Post, *, by: Person, ask: Ask | None) -> Insight:
    """Turn a post in a community's conversation into an insight, keeping the link to the post.

    The post's author is its provenance, unless the community keeps names in the room
    (Chatham House), when nothing about them is stored.
    """
    if post.state != PostState.VISIBLE:
        raise ActionError("Only a post everyone in the conversation can read becomes an insight.")
    if Insight.objects.filter(ask=ask, post=post).exists():
        raise ActionError("This post is already an insight.")
    community = post.community
    _check_target(ask, community, None, capture=True)
    named = post.author if post.author is not None and not community.is_chatham_house else None
    insight = Insight.objects.create(
        ask=ask, community=community, source=Source.POST, text=post.body[:4000], post=post, recorded_by=by,
        author=named, anonymous=named is None, **(_profile_tags(named) if named else {}),
    )  # fmt: skip
    return _created(insight, actor=by)


@transaction.atomic
def capture_story(story: Story, *, by: Person, ask: Ask | None) -> Insight:
    """Turn a story into an insight, only when its teller's consent covers reports to the centre.

    The consent rule is the stories app's (`readable_by` for sponsor reports, which also checks
    that the person capturing is in that use's audience). The teller is named only when their
    consent names them; a pseudonymous or anonymous story becomes an anonymous insight.
    """
    allowed = Story.objects.readable_by(by, use=Use.SPONSOR_REPORTS).filter(pk=story.pk).exists()
    if not allowed:
        raise ActionError("The teller has not agreed to this story being used in reports to the centre.")
    if Insight.objects.filter(ask=ask, story=story).exists():
        raise ActionError("This story is already an insight.")
    community = story.community
    _check_target(ask, community, None, capture=True)
    consent = story.consent
    named = story.teller if consent is not None and consent.naming == Naming.NAMED else None
    if community.is_chatham_house:
        named = None
    parts = [story.title, story.what_happened, story.what_changed, story.why_it_matters]
    insight = Insight.objects.create(
        ask=ask, community=community, source=Source.STORY, text=" ".join(p for p in parts if p)[:4000], story=story,
        recorded_by=by, author=named, anonymous=named is None, place=story.place[:200],
        **(_profile_tags(named) if named else {}),
    )  # fmt: skip
    return _created(insight, actor=by)


@transaction.atomic
def check_shared_text(insight: Insight, *, by: Person, text: str) -> None:
    """Set the wording shared beyond the community, after a person checked it for identifying details."""
    if not text.strip():
        raise ActionError("The shared wording cannot be empty.")
    insight.shared_text = text.strip()
    insight.shared_checked_at = timezone.now()
    insight.save(update_fields=["shared_text", "shared_checked_at"])
    _record("checked_insight_wording", actor=by, target=insight, community_ids=[insight.community_id])


def store_vectors(pairs: Iterable[tuple[int, bytes]]) -> None:
    """Cache sentence vectors on insights (written by the embedding task and the synthesis)."""
    rows = [Insight(pk=pk, vector=vector) for pk, vector in pairs]
    Insight.objects.bulk_update(rows, ["vector"], batch_size=500)


# -- synthesis ----------------------------------------------------------------------------


def default_method() -> str:
    """The best grouping method installed: sentence embeddings when available, else TF-IDF."""
    methods = theme_engine.available_methods()
    return "semantic" if "semantic" in methods else "tfidf"


def _synthesis_of(ask: Ask) -> Synthesis:
    synthesis, _ = Synthesis.objects.get_or_create(ask=ask)
    return synthesis


@transaction.atomic
def request_synthesis(ask: Ask, *, by: Person, method: str | None = None, discover: bool | None = None) -> Synthesis:
    """Queue a (re)computation of the ask's themes; people's decisions are kept.

    ``discover``: also let the machine group the insights that fit no person-held theme well.
    By default it does, unless people named expected themes (then insights are sorted to the
    named themes, and the uncertain ones listed for a person).
    """
    method = method or default_method()
    if method not in theme_engine.available_methods():
        raise ActionError(f"The {method} method is not installed here.")
    synthesis = Synthesis.objects.select_for_update().get(pk=_synthesis_of(ask).pk)
    now = timezone.now()
    if synthesis.is_busy and synthesis.updated_at > now - STALE_AFTER:
        raise ActionError("The synthesis is already being computed.")
    if discover is None:
        discover = not synthesis.themes.filter(origin=ThemeOrigin.PERSON).exists()
    synthesis.status = SynthesisStatus.QUEUED
    synthesis.progress = 0
    synthesis.error = ""
    synthesis.method = method
    synthesis.discover = discover
    synthesis.requested_by = by
    synthesis.requested_at = now
    synthesis.updated_at = now
    synthesis.save(
        update_fields=[
            "status", "progress", "error", "method", "discover", "requested_by", "requested_at", "updated_at",
        ]
    )  # fmt: skip
    _record("requested_synthesis", actor=by, target=synthesis, community_ids=_asked(ask), method=method)
    transaction.on_commit(partial(tasks.run_synthesis.enqueue, synthesis.pk))
    return synthesis


def _progress(synthesis: Synthesis, progress: int, status: str = SynthesisStatus.RUNNING) -> None:
    # Written straight away (outside any transaction) so the page polling it sees it move.
    Synthesis.objects.filter(pk=synthesis.pk).update(progress=progress, status=status, updated_at=timezone.now())


def _vectors(insights: list[Insight], synthesis: Synthesis) -> Any:
    """Return one cached sentence vector per insight, computing (and caching) the missing ones."""
    import numpy

    missing = [n for n, insight in enumerate(insights) if not insight.vector]
    batch = 64
    for start in range(0, len(missing), batch):
        chunk = missing[start : start + batch]
        computed = theme_engine.embed([insights[n].text for n in chunk])
        pairs = []
        for n, row in zip(chunk, computed, strict=True):
            vector = numpy.asarray(row, dtype=numpy.float32).tobytes()
            insights[n].vector = vector
            pairs.append((insights[n].pk, vector))
        store_vectors(pairs)
        _progress(synthesis, 10 + 50 * min(start + batch, len(missing)) // max(len(missing), 1))
    rows = [numpy.frombuffer(bytes(insight.vector), dtype=numpy.float32) for insight in insights]  # type: ignore[arg-type]
    if len({row.shape for row in rows}) > 1:
        # Vectors from an older model: compute them all again.
        for insight in insights:
            insight.vector = None
        return _vectors(insights, synthesis)
    return numpy.vstack(rows)


@dataclass
class _Decisions:
    """What people decided, as the engine takes it (indices into the ask's insights)."""

    pinned: dict[int, str]  # to a held theme's key (its id)
    pinned_out: set[int]  # a person put it in no theme
    by_person: set[int]  # pinned by a person (the rest of ``pinned`` kept by a held theme)
    previous: dict[int, Placement]


def _decisions(synthesis: Synthesis, insights: list[Insight], held: list[Theme]) -> _Decisions:
    """Person-placed insights stay put; so do the confident members of themes people shaped."""
    held_ids = {t.pk for t in held}
    previous = {p.insight_id: p for p in Placement.objects.filter(synthesis=synthesis)}
    decisions = _Decisions({}, set(), set(), {})
    for n, insight in enumerate(insights):
        placement = previous.get(insight.pk)
        if placement is None:
            continue
        decisions.previous[n] = placement
        if placement.pinned:
            decisions.by_person.add(n)
            if placement.theme_id is None:
                decisions.pinned_out.add(n)
            elif placement.theme_id in held_ids:
                decisions.pinned[n] = str(placement.theme_id)
        elif placement.theme_id in held_ids and not placement.low_confidence:
            decisions.pinned[n] = str(placement.theme_id)
    return decisions


def compute_synthesis(synthesis_id: int) -> None:
    """Group the ask's insights into themes, keeping every decision a person made.

    Without person-held themes the grouping is unsupervised. Otherwise the held themes (named,
    renamed, marked urgent, answered, merged into or split off) go to the engine as expected
    themes, and the insights people placed, with the confident members of held themes, as
    pinned; so every decision survives. With ``discover``, the machine first groups the insights
    nobody placed and proposes those groups as themes too, so that an insight goes to the nearest
    theme, held or proposed, instead of being forced into a held one.
    """
    synthesis = Synthesis.objects.select_related("ask").get(pk=synthesis_id)
    method = synthesis.method or default_method()
    _progress(synthesis, 5)
    insights = list(Insight.objects.for_ask(synthesis.ask).only("id", "text", "vector"))
    held = list(synthesis.themes.filter(held=True).order_by("pk"))
    texts = [insight.text for insight in insights]
    vectors = _vectors(insights, synthesis) if method == "semantic" and insights else None
    _progress(synthesis, 65)
    decisions = _decisions(synthesis, insights, held)
    expected = [
        theme_engine.ExpectedTheme(key=str(t.pk), label=t.label, description=t.description or t.label) for t in held
    ]
    if expected and synthesis.discover:
        expected += _machine_proposals(texts, vectors, decisions, method)
    grouping = theme_engine.group(
        texts, expected=expected, method=method, vectors=vectors, pinned=decisions.pinned or None
    )
    _progress(synthesis, 85)
    _write_synthesis(synthesis, insights, held, decisions, grouping, method)


MACHINE_KEY = "machine-"


def _machine_proposals(
    texts: list[str], vectors: Any, decisions: _Decisions, method: str
) -> list[theme_engine.ExpectedTheme]:
    """Themes the machine proposes for the insights no person has placed, to compete with the held ones.

    Each is described by its most representative insights, so an insight goes to whichever theme,
    held or proposed, it is nearest to; a proposal that ends up with fewer than
    ``theme_engine.MIN_THEME_SIZE`` insights is dropped and its insights become minority views.
    """
    free = [n for n in range(len(texts)) if n not in decisions.pinned and n not in decisions.pinned_out]
    if len(free) < MIN_TO_DISCOVER:
        return []
    found = theme_engine.group(
        [texts[n] for n in free], method=method, vectors=vectors[free] if vectors is not None else None
    )
    return [
        theme_engine.ExpectedTheme(
            key=f"{MACHINE_KEY}{number}",
            label=theme.label,
            description="; ".join(" ".join(texts[free[r]].split())[:300] for r in theme.representatives),
        )
        for number, theme in enumerate(found.themes)
    ]


# Where one insight goes: theme row, confidence, low confidence?, dissent?, rank in the theme.
_Spot = tuple[Theme | None, float, bool, bool, int]


@transaction.atomic
def _write_synthesis(
    synthesis: Synthesis,
    insights: list[Insight],
    held: list[Theme],
    decisions: _Decisions,
    grouping: theme_engine.Grouping,
    method: str,
) -> None:
    now = timezone.now()
    synthesis.themes.filter(held=False).delete()
    Placement.objects.filter(synthesis=synthesis).delete()
    by_key = {str(t.pk): t for t in held}
    where: dict[int, _Spot] = {}
    uncertain = set(grouping.low_confidence)
    for found in grouping.themes:
        row = by_key.get(found.expected_key or "")
        if row is None:
            # A theme the machine found (or proposed): too small a group is no theme.
            if len(found.members) < theme_engine.MIN_THEME_SIZE:
                continue
            row = Theme.objects.create(
                synthesis=synthesis, label=found.label[:200], origin=ThemeOrigin.MACHINE, created_at=now, updated_at=now
            )
        dissent = set(found.dissent)
        for rank, n in enumerate(found.members, 1):
            where[n] = (row, grouping.placements[n].confidence, n in uncertain, n in dissent, rank)
    for n, placement in enumerate(grouping.placements):
        if n not in where:
            where[n] = (None, min(placement.confidence, theme_engine.LOW_CONFIDENCE), False, False, 0)
    rows = []
    for n, insight in enumerate(insights):
        theme, confidence, unsure, disagrees, rank = where.get(n, (None, 0.0, False, False, 0))
        before = decisions.previous.get(n)
        by_person = n in decisions.by_person
        if n in decisions.pinned_out:
            theme, unsure, disagrees = None, False, False
        elif n in decisions.pinned and not by_person and before is not None:
            # A confident member kept by a held theme: keep the machine's confidence in it.
            confidence = before.confidence
        rows.append(
            Placement(
                synthesis=synthesis, insight_id=insight.pk, theme=theme, confidence=max(0.0, min(1.0, confidence)),
                low_confidence=unsure and n not in decisions.pinned, dissent=disagrees, rank=rank, pinned=by_person,
                pinned_by_id=before.pinned_by_id if by_person and before is not None else None,
            )
        )  # fmt: skip
    Placement.objects.bulk_create(rows, batch_size=1000)
    _recount(synthesis)
    synthesis.status = SynthesisStatus.DONE
    synthesis.progress = 100
    synthesis.method = method
    synthesis.runs += 1
    synthesis.insight_count = len(insights)
    synthesis.finished_at = now
    synthesis.updated_at = now
    synthesis.save(update_fields=["status", "progress", "method", "runs", "insight_count", "finished_at", "updated_at"])
    _record("computed_synthesis", actor=None, target=synthesis, community_ids=_asked(synthesis.ask), method=method)


def _recount(synthesis: Synthesis) -> None:
    """Store each theme's size and re-rank its members (pinned ones after the machine's order)."""
    counts: dict[int, int] = {}
    for theme_id in Placement.objects.filter(synthesis=synthesis, theme__isnull=False).values_list(
        "theme_id", flat=True
    ):
        counts[theme_id] = counts.get(theme_id, 0) + 1
    themes = list(synthesis.themes.all())
    for theme in themes:
        theme.member_count = counts.get(theme.pk, 0)
    Theme.objects.bulk_update(themes, ["member_count"], batch_size=500)


def fail_synthesis(synthesis_id: int, message: str) -> None:
    """Mark a computation as failed, with a message safe to show."""
    Synthesis.objects.filter(pk=synthesis_id).update(
        status=SynthesisStatus.FAILED, error=message[:500], updated_at=timezone.now()
    )


def _hold(theme: Theme) -> None:
    if not theme.held:
        theme.held = True
        theme.save(update_fields=["held"])


def _clean_label(label: str) -> str:
    label = " ".join(label.split())
    if not label:
        raise ActionError("Give the theme a label.")
    return label[:200]


@transaction.atomic
def add_expected_theme(ask: Ask, *, by: Person, label: str, description: str = "") -> Theme:
    """Name a theme you expect, with a one-line description; insights are sorted to it on the next computation."""
    synthesis = _synthesis_of(ask)
    label = _clean_label(label)
    if synthesis.themes.filter(label__iexact=label).exists():
        raise ActionError(f"There is already a theme called {label}.")
    now = timezone.now()
    theme = Theme.objects.create(
        synthesis=synthesis, label=label, description=" ".join(description.split())[:300],
        origin=ThemeOrigin.PERSON, held=True, created_by=by, created_at=now, updated_at=now,
    )  # fmt: skip
    _record("named_expected_theme", actor=by, target=theme, community_ids=_asked(ask))
    return theme


@transaction.atomic
def rename_theme(theme: Theme, *, by: Person, label: str, description: str | None = None) -> None:
    """Give a theme a person's label (and description); it then survives every recompute."""
    theme.label = _clean_label(label)
    fields = ["label", "held", "updated_at"]
    if description is not None:
        theme.description = " ".join(description.split())[:300]
        fields.append("description")
    theme.held = True
    theme.updated_at = timezone.now()
    theme.save(update_fields=fields)
    _record("renamed_theme", actor=by, target=theme, community_ids=_asked(theme.synthesis.ask))


@transaction.atomic
def set_theme_urgent(theme: Theme, *, by: Person, urgent: bool) -> None:
    """Mark a theme as urgent (it goes first in the brief), or not."""
    if theme.urgent == urgent:
        return
    theme.urgent = urgent
    theme.held = True
    theme.updated_at = timezone.now()
    theme.save(update_fields=["urgent", "held", "updated_at"])
    verb = "marked_theme_urgent" if urgent else "unmarked_theme_urgent"
    _record(verb, actor=by, target=theme, community_ids=_asked(theme.synthesis.ask))


def _place(synthesis: Synthesis, insight_ids: Sequence[int], *, theme: Theme | None, by: Person) -> int:
    placements = list(Placement.objects.filter(synthesis=synthesis, insight_id__in=list(insight_ids)))
    if len(placements) != len(set(insight_ids)):
        raise ActionError("Some of those insights are not in this synthesis.")
    for placement in placements:
        placement.theme = theme
        placement.pinned = True
        placement.pinned_by = by
        placement.low_confidence = False
        placement.dissent = False
        placement.confidence = 1.0
        placement.rank = 10**6 + placement.insight_id
    Placement.objects.bulk_update(
        placements, ["theme", "pinned", "pinned_by", "low_confidence", "dissent", "confidence", "rank"]
    )
    return len(placements)


@transaction.atomic
def move_insights(synthesis: Synthesis, *, by: Person, insight_ids: Sequence[int], theme: Theme | None) -> int:
    """Put insights in a theme (or in no theme: minority views); they stay there through recomputes."""
    if not insight_ids:
        raise ActionError("Choose at least one insight.")
    if theme is not None and theme.synthesis_id != synthesis.pk:
        raise ActionError("That theme belongs to another synthesis.")
    if theme is not None:
        _hold(theme)
    moved = _place(synthesis, insight_ids, theme=theme, by=by)
    _recount(synthesis)
    target = theme if theme is not None else synthesis
    _record("moved_insights", actor=by, target=target, community_ids=_asked(synthesis.ask), count=moved)
    return moved


@transaction.atomic
def merge_themes(theme: Theme, *, by: Person, into: Theme) -> Theme:
    """Move every insight of a theme into another and remove the first."""
    if theme.pk == into.pk:
        raise ActionError("Choose another theme to merge into.")
    if into.synthesis_id != theme.synthesis_id:
        raise ActionError("Both themes must be in the same synthesis.")
    if Response.objects.filter(theme=theme).exists():
        raise ActionError("The centre has responded to this theme; merge the other theme into it instead.")
    synthesis = theme.synthesis
    ids = list(Placement.objects.filter(theme=theme).values_list("insight_id", flat=True))
    _hold(into)
    if ids:
        _place(synthesis, ids, theme=into, by=by)
    _record("merged_themes", actor=by, target=into, community_ids=_asked(synthesis.ask), merged=theme.label)
    theme.delete()
    _recount(synthesis)
    return into


@transaction.atomic
def split_theme(theme: Theme, *, by: Person, insight_ids: Sequence[int], label: str, description: str = "") -> Theme:
    """Move some of a theme's insights into a new theme of their own."""
    if not insight_ids:
        raise ActionError("Choose the insights that make the new theme.")
    synthesis = theme.synthesis
    inside = set(Placement.objects.filter(theme=theme).values_list("insight_id", flat=True))
    if not set(insight_ids) <= inside:
        raise ActionError("Choose insights from this theme.")
    new = add_expected_theme(synthesis.ask, by=by, label=label, description=description)
    _hold(theme)
    _place(synthesis, insight_ids, theme=new, by=by)
    _recount(synthesis)
    _record("split_theme", actor=by, target=theme, community_ids=_asked(synthesis.ask), into=new.label)
    return new


@transaction.atomic
def publish_synthesis(synthesis: Synthesis, *, by: Person) -> None:
    """Release the synthesis beyond its stewards, once no quote may still identify someone."""
    from groundswell.consultations import deidentify

    if synthesis.status != SynthesisStatus.DONE:
        raise ActionError("Compute the synthesis before publishing it.")
    if synthesis.is_published:
        return
    unchecked = deidentify.unchecked_insights(synthesis.ask)
    if unchecked:
        raise ActionError(
            f"{len(unchecked)} insight{'s' if len(unchecked) != 1 else ''} may identify someone: "
            "check the wording before publishing."
        )
    synthesis.published_at = timezone.now()
    synthesis.published_by = by
    synthesis.save(update_fields=["published_at", "published_by"])
    _record("published_synthesis", actor=by, target=synthesis, community_ids=_asked(synthesis.ask))


@transaction.atomic
def unpublish_synthesis(synthesis: Synthesis, *, by: Person) -> None:
    """Take a synthesis back to its stewards only."""
    if not synthesis.is_published:
        return
    synthesis.published_at = None
    synthesis.published_by = None
    synthesis.save(update_fields=["published_at", "published_by"])
    _record("unpublished_synthesis", actor=by, target=synthesis, community_ids=_asked(synthesis.ask))


# -- responses ----------------------------------------------------------------------------


@transaction.atomic
def respond(
    *,
    by: Person,
    status: str,
    date: datetime.date,
    theme: Theme | None = None,
    insight: Insight | None = None,
    detail: str = "",
    reason: str = "",
    owner: Person | None = None,
    owner_name: str = "",
) -> Response:
    """Record (or change) the centre's response to a theme or an insight; contributors are told."""
    if (theme is None) == (insight is None):
        raise ValueError("respond to a theme or an insight")
    if status not in ResponseStatus.values:
        raise ActionError("Choose accepted, in progress or not possible.")
    if status == ResponseStatus.NOT_POSSIBLE and not reason.strip():
        raise ActionError("Say why it is not possible.")
    if status != ResponseStatus.NOT_POSSIBLE and not detail.strip():
        raise ActionError("Say what the centre did or will do.")
    if owner is None and not owner_name.strip():
        raise ActionError("Name the person or team who owns it.")
    if theme is not None:
        ask: Ask | None = theme.synthesis.ask
        if not theme.synthesis.is_published:
            raise ActionError("Publish the synthesis before responding to its themes.")
        _hold(theme)
        existing = Response.objects.filter(theme=theme).first()
    else:
        assert insight is not None
        ask = insight.ask
        existing = Response.objects.filter(insight=insight).first()
    now = timezone.now()
    response = existing or Response(ask=ask, theme=theme, insight=insight, created_at=now)
    changed = existing is None or (existing.status, existing.detail, existing.reason) != (
        status,
        detail.strip(),
        reason.strip(),
    )
    response.status = status
    response.detail = detail.strip()
    response.reason = reason.strip() if status == ResponseStatus.NOT_POSSIBLE else ""
    response.owner = owner
    response.owner_name = owner_name.strip()
    response.date = date
    response.responded_by = by
    response.updated_at = now
    response.save()
    community_ids = _asked(ask) if ask is not None else [insight.community_id]  # type: ignore[union-attr]
    target = theme if theme is not None else insight
    _record("responded", actor=by, target=target, community_ids=community_ids, status=status)
    if changed:
        transaction.on_commit(partial(tasks.send_response_emails.enqueue, response.pk))
    return response
