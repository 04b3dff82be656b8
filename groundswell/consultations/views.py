"""Pages for asks and insights: sending an ask, answering it, capturing what gatherings heard,
the centre's list, the centre capacity and "we asked, you said, we did".

Synthesis, themes, the brief and responses live in synthesis_views.py. Every view checks access
first (404 for outsiders, 403 for people without the role), then the form, then calls an action.
"""

from __future__ import annotations

import datetime
import mimetypes
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from groundswell.communities import access as community_access
from groundswell.communities.models import Community, Membership, Role
from groundswell.consultations import access, actions
from groundswell.consultations.forms import (
    WHOSE_ANONYMOUS,
    WHOSE_BEHALF,
    AgendaForm,
    AskForm,
    CaptureForm,
    DocumentForm,
    GrantForm,
    InsightForm,
    RemoveDocumentForm,
)
from groundswell.consultations.models import (
    Ask,
    AskBriefing,
    AskDocument,
    AskStatus,
    CentreGrant,
    Insight,
    Response,
    Synthesis,
    Theme,
)
from groundswell.consultations.overdue import owed_items
from groundswell.conversations.models import Post
from groundswell.gatherings.models import Gathering, GatheringStatus, Series
from groundswell.lib.api import MAX_ID
from groundswell.lib.http import Forbidden, paginate
from groundswell.people.actions import ActionError
from groundswell.people.models import Person
from groundswell.stories.models import Story

T = TypeVar("T")
# Gatherings offered as "heard at": those of the last two years and any still to come.
GATHERING_LOOKBACK = datetime.timedelta(days=730)


def parse_id(value: str) -> int | None:
    """An id from a form or query string; None for anything that cannot be a row's id."""
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def _viewer(request: HttpRequest) -> Person | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def _submit(request: HttpRequest, form: forms.Form, write: Callable[[], T]) -> T | None:
    """Run the write for a valid POSTed form; a refused action becomes an error on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write()
    except ActionError as error:
        form.add_error(None, str(error))
        return None


def visible_asked(ask: Ask, viewer: Person | None) -> tuple[list[Community], int]:
    """Return the asked communities the viewer may see, and how many others there are."""
    asked = list(ask.communities.order_by("name"))
    visible = set(
        Community.objects.visible_to(viewer).filter(pk__in=[c.pk for c in asked]).values_list("pk", flat=True)
    )
    shown = [c for c in asked if c.pk in visible]
    return shown, len(asked) - len(shown)


# -- asks ---------------------------------------------------------------------------------


@login_required
def ask_list(request: HttpRequest) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    mine = Membership.objects.active().filter(person=viewer).values("community_id")
    asks = (
        Ask.objects.visible_to(viewer)
        .filter(Q(communities__in=mine) | Q(created_by=viewer))
        .distinct()
        .annotate(insight_total=Count("insights", distinct=True))
        .order_by("-created_at", "-id")
    )
    page = paginate(request, asks)
    today = timezone.localdate()
    rows = [(ask, ask.is_open(today)) for ask in page]
    return render(request, "consultations/ask_list.html", {"page": page, "rows": rows})


def _centre_choices(viewer: Person) -> tuple[Any, Any]:
    ids = access.centre_community_ids(viewer)
    communities = Community.objects.filter(pk__in=ids).exclude(lifecycle="closed").order_by("name")
    series = Series.objects.filter(community_id__in=ids).select_related("community").order_by("title")
    return communities, series


@login_required
def ask_create(request: HttpRequest) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    communities, series = _centre_choices(viewer)
    if not communities.exists():
        raise Forbidden("Only the centre of a community (its sponsors, and members a convenor chose) can send asks.")
    initial = {}
    if slug := request.GET.get("community"):
        initial["communities"] = list(communities.filter(slug=slug).values_list("pk", flat=True))
    form = AskForm(request.POST or None, communities=communities, series=series, initial=initial)

    def write() -> Ask:
        data = form.cleaned_data
        return actions.create_ask(
            by=viewer, title=data["title"], context=data["context"], questions=data["questions"],
            deadline=data["deadline"], guidance=data["guidance"], anonymity_allowed=data["anonymity_allowed"],
            response_days=data["response_days"], communities=data["communities"], series=data.get("series") or [],
        )  # fmt: skip

    ask = _submit(request, form, write)
    if ask is not None:
        messages.success(request, "The ask is sent. The convenors of the communities asked have been emailed.")
        return redirect(ask)
    return render(request, "consultations/ask_form.html", {"form": form, "ask": None})


def ask_detail(request: HttpRequest, ask_id: int) -> HttpResponse:
    viewer = _viewer(request)
    ask = access.get_ask_for_viewer(viewer, ask_id)
    communities, hidden = visible_asked(ask, viewer)
    is_centre = access.is_centre_for(ask, viewer)
    is_steward = is_centre or access.convenes_asked(ask, viewer)
    member_of = access.member_community_ids(ask, viewer)
    synthesis = Synthesis.objects.filter(ask=ask).first()
    visible_series = ask.series.filter(community__in=Community.objects.visible_to(viewer)).order_by("title")
    briefings = (
        AskBriefing.objects.filter(ask=ask, agenda_item__gathering__community__in=Community.objects.visible_to(viewer))
        .select_related("agenda_item__gathering")
        .order_by("agenda_item__gathering__starts_at")
    )
    context = {
        "ask": ask,
        "is_open": ask.is_open(),
        "questions": ask.questions.all(),
        "documents": ask.documents.all(),
        "communities": communities,
        "hidden_communities": hidden,
        "series": visible_series,
        "briefings": briefings,
        "is_centre": is_centre,
        "is_steward": is_steward,
        "can_answer": bool(member_of) and ask.is_open(),
        "synthesis": synthesis,
        "can_see_synthesis": access.can_see_synthesis(ask, synthesis, viewer),
        "my_insights": Insight.objects.filter(ask=ask, author=viewer).count() if viewer else 0,
        "insight_count": Insight.objects.filter(ask=ask).count() if is_steward else None,
    }
    return render(request, "consultations/ask_detail.html", context)


@login_required
def ask_edit(request: HttpRequest, ask_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    ask = access.get_ask_for_centre(viewer, ask_id)
    if request.method == "POST" and request.POST.get("intent") in ("close", "open"):
        status = AskStatus.CLOSED if request.POST["intent"] == "close" else AskStatus.OPEN
        try:
            actions.set_ask_status(ask, by=viewer, status=status)
        except ActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "The ask is closed to new answers." if status == AskStatus.CLOSED else "The ask is open again."
            )
        return redirect(ask)
    initial = {
        "title": ask.title, "context": ask.context, "guidance": ask.guidance, "deadline": ask.deadline,
        "anonymity_allowed": ask.anonymity_allowed, "response_days": ask.response_days,
        "questions": "\n".join(ask.questions.values_list("text", flat=True)),
    }  # fmt: skip
    form = AskForm(request.POST or None, initial=initial)

    def write() -> bool:
        data = form.cleaned_data
        fields = {
            k: data[k] for k in ("title", "context", "guidance", "deadline", "anonymity_allowed", "response_days")
        }
        actions.update_ask(ask, by=viewer, questions=data["questions"], **fields)
        return True

    if _submit(request, form, write):
        messages.success(request, "Changes saved.")
        return redirect(ask)
    return render(request, "consultations/ask_form.html", {"form": form, "ask": ask})


@login_required
def ask_documents(request: HttpRequest, ask_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    ask = access.get_ask_for_centre(viewer, ask_id)
    if request.method == "POST" and request.POST.get("intent") == "remove":
        remove = RemoveDocumentForm(request.POST)
        if remove.is_valid():
            document = ask.documents.filter(pk=remove.cleaned_data["document"]).first()
            if document is not None:
                actions.remove_document(document, by=viewer)
                messages.success(request, f"Removed {document.title}.")
        return redirect("consultations:ask_documents", ask.pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    document = _submit(
        request,
        form,
        lambda: actions.add_document(
            ask,
            by=viewer,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            link=form.cleaned_data["link"] or "",
        ),
    )
    if document is not None:
        messages.success(request, f"Added {document.title}.")
        return redirect("consultations:ask_documents", ask.pk)
    return render(
        request, "consultations/ask_documents.html", {"ask": ask, "form": form, "documents": ask.documents.all()}
    )


def document_download(request: HttpRequest, ask_id: int, document_id: int) -> FileResponse:
    ask = access.get_ask_for_viewer(_viewer(request), ask_id)
    document = AskDocument.objects.filter(ask=ask, pk=document_id).first()
    if document is None or not document.file:
        raise Http404("No such document")
    content_type = document.content_type or mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename or "document",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _organised_upcoming(ask: Ask, viewer: Person) -> Any:
    """Gatherings still to come, in the asked communities, that the viewer organises."""
    asked = ask.communities.values("pk")
    convened = Membership.objects.active().filter(person=viewer, role=Role.CONVENOR).values("community_id")
    return (
        Gathering.objects.upcoming()
        .filter(community__in=asked, status__in=(GatheringStatus.PLANNED, GatheringStatus.OPEN))
        .filter(Q(community_id__in=convened) | Q(facilitators=viewer))
        .distinct()
        .order_by("starts_at", "id")
    )


@login_required
def ask_agenda(request: HttpRequest, ask_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    ask = access.get_ask_for_steward(viewer, ask_id)
    gatherings = _organised_upcoming(ask, viewer)
    form = AgendaForm(request.POST or None, gatherings=gatherings)
    briefing = _submit(
        request, form, lambda: actions.place_on_agenda(ask, by=viewer, gathering=form.cleaned_data["gathering"])
    )
    if briefing is not None:
        messages.success(request, "The ask is on the gathering's agenda as a briefing from the centre.")
        return redirect("gatherings:agenda", briefing.agenda_item.gathering_id)
    context = {"ask": ask, "form": form, "has_gatherings": gatherings.exists()}
    return render(request, "consultations/ask_agenda.html", context)


# -- insights -----------------------------------------------------------------------------


def _recent_gatherings(communities: list[Community]) -> Any:
    since = timezone.now() - GATHERING_LOOKBACK
    return Gathering.objects.filter(community__in=communities, starts_at__gte=since).order_by("-starts_at", "-id")


def _insight_form_page(
    request: HttpRequest,
    viewer: Person,
    *,
    ask: Ask | None,
    own: list[Community],
    on_behalf: list[Community],
    anonymity_allowed: bool,
    back: str,
) -> HttpResponse:
    """Shared by answering an ask and sending an unsolicited insight."""
    communities = sorted({c.pk: c for c in [*own, *on_behalf]}.values(), key=lambda c: c.name)
    form = InsightForm(
        request.POST or None,
        request.FILES or None,
        communities=communities,
        gatherings=_recent_gatherings(communities),
        anonymity_allowed=anonymity_allowed,
        can_record=bool(on_behalf),
    )

    def write() -> Insight:
        data = form.cleaned_data
        community: Community = data["community"]
        common = {"ask": ask, "community": community, "text": data["text"], "gathering": data["gathering"]}
        if data["whose"] == WHOSE_BEHALF:
            if community not in on_behalf:
                raise ActionError("You can record insights on someone's behalf only in communities you convene.")
            return actions.record_insight(
                by=viewer, contributor_name=data.get("contributor_name", ""),
                contributor_email=data.get("contributor_email", ""), **common, **form.tags(),
            )  # fmt: skip
        if community not in own:
            raise ActionError("You can add your own insights only to communities you belong to.")
        return actions.add_insight(by=viewer, anonymous=data["whose"] == WHOSE_ANONYMOUS, **common, **form.tags())

    insight = _submit(request, form, write)
    if insight is not None:
        if insight.anonymous and insight.source != "on_behalf":
            messages.success(request, "Thank you. Your insight was added anonymously: it records nothing about you.")
            return redirect(back)
        messages.success(request, "Thank you. The insight was added.")
        return redirect(insight)
    context = {"form": form, "ask": ask, "community": communities[0] if len(communities) == 1 else None, "back": back}
    return render(request, "consultations/insight_form.html", context)


@login_required
def insight_create(request: HttpRequest, ask_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    ask = access.get_ask_for_viewer(viewer, ask_id)
    member_of = access.member_community_ids(ask, viewer)
    is_steward = access.is_steward(ask, viewer)
    if not member_of and not is_steward:
        raise Forbidden("Only members of the communities asked can answer.")
    asked = list(ask.communities.order_by("name"))
    own = [c for c in asked if c.pk in member_of] if ask.is_open() else []
    convened = set(
        Membership.objects.active()
        .filter(person=viewer, role=Role.CONVENOR, community__in=asked)
        .values_list("community_id", flat=True)
    )
    on_behalf = asked if access.is_centre_for(ask, viewer) else [c for c in asked if c.pk in convened]
    if not own and not on_behalf:
        return render(request, "consultations/ask_closed.html", {"ask": ask}, status=200)
    return _insight_form_page(
        request, viewer, ask=ask, own=own, on_behalf=on_behalf, anonymity_allowed=ask.anonymity_allowed,
        back=ask.get_absolute_url(),
    )  # fmt: skip


@login_required
def community_insight_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, membership = community_access.get_community_for_member(viewer, slug)
    records = membership.role == Role.CONVENOR or access.has_centre_role(community, viewer)
    return _insight_form_page(
        request, viewer, ask=None, own=[community], on_behalf=[community] if records else [],
        anonymity_allowed=True, back=f"/communities/{community.slug}/insights/",
    )  # fmt: skip


@login_required
def community_insights(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = community_access.get_community_for_member(viewer, slug)
    insights = Insight.objects.unsolicited(community.pk).select_related("gathering", "response")
    page = paginate(request, insights)
    context = {"community": community, "page": page, "is_centre": access.has_centre_role(community, viewer)}
    return render(request, "consultations/community_insights.html", context)


@login_required
def insight_list(request: HttpRequest, ask_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    ask = access.get_ask_for_viewer(viewer, ask_id)
    steward, condition = access.insights_for_viewer(ask, viewer)
    if not steward and not access.member_community_ids(ask, viewer):
        raise Forbidden("Insights are seen by the members of the communities asked.")
    insights = (
        Insight.objects.for_ask(ask)
        .filter(condition)
        .select_related("community", "gathering", "author", "placement__theme")
        .order_by("-created_at", "-id")
    )
    community_id = parse_id(request.GET.get("community", ""))
    if community_id is not None:
        insights = insights.filter(community_id=community_id)
    page = paginate(request, insights)
    communities, _ = visible_asked(ask, viewer)
    synthesis = Synthesis.objects.filter(ask=ask).first()
    context = {
        "ask": ask,
        "page": page,
        "communities": communities,
        "chosen": community_id,
        "is_steward": steward,
        "show_themes": access.can_see_synthesis(ask, synthesis, viewer),
    }
    return render(request, "consultations/insight_list.html", context)


def insight_detail(request: HttpRequest, insight_id: int) -> HttpResponse:
    viewer = _viewer(request)
    insight = access.get_insight_for_viewer(viewer, insight_id)
    placement = getattr(insight, "placement", None)
    theme: Theme | None = placement.theme if placement is not None else None
    show_theme = False
    if theme is not None and insight.ask is not None:
        synthesis = Synthesis.objects.get(pk=theme.synthesis_id)
        show_theme = access.can_see_synthesis(insight.ask, synthesis, viewer)
    context = {
        "insight": insight,
        "theme": theme if show_theme else None,
        "response": Response.objects.filter(insight=insight).select_related("owner").first(),
        "theme_response": Response.objects.filter(theme=theme).first() if show_theme and theme else None,
        "can_respond": access.can_respond_to_insight(insight, viewer),
    }
    return render(request, "consultations/insight_detail.html", context)


def insight_evidence(request: HttpRequest, insight_id: int) -> FileResponse:
    insight = access.get_insight_for_viewer(_viewer(request), insight_id)
    if not insight.evidence_file:
        raise Http404("No evidence file")
    name = (insight.evidence_file.name or "file").rsplit("/", 1)[-1]
    response = FileResponse(
        insight.evidence_file.open("rb"), as_attachment=True, filename=f"evidence-{insight.pk}-{name}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- capturing what a gathering heard -----------------------------------------------------


def _capture_asks(gathering: Gathering) -> list[Ask]:
    """Asks sent to the gathering's community and not closed; the one on its agenda first."""
    asks = list(
        Ask.objects.filter(communities=gathering.community_id)
        .exclude(status=AskStatus.CLOSED)
        .order_by("-created_at", "-id")
    )
    on_agenda = set(AskBriefing.objects.filter(agenda_item__gathering=gathering).values_list("ask_id", flat=True))
    return sorted(asks, key=lambda a: a.pk not in on_agenda)


@login_required
def gathering_capture(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_capture(viewer, gathering_id)
    asks = _capture_asks(gathering)
    choices = [(a.pk, a.title) for a in asks]
    default_ask = asks[0].pk if asks else None
    form = CaptureForm(request.POST or None, asks=choices, initial={"ask": default_ask})
    if request.method == "POST" and form.is_valid():
        chosen = next((a for a in asks if a.pk == form.cleaned_data["ask"]), None)
        try:
            count = _capture(gathering, viewer, chosen, form.cleaned_data["kind"], form.cleaned_data["item"])
        except ActionError as error:
            messages.error(request, str(error))
        else:
            target = f"“{chosen.title}”" if chosen else "the community, without an ask"
            messages.success(request, f"{count} insight{'s' if count != 1 else ''} added for {target}.")
        return redirect("consultations:gathering_capture", gathering.pk)
    captured: dict[tuple[str, int], list[str]] = {}
    titles = {a.pk: a.title for a in asks}
    rows = Insight.objects.filter(gathering=gathering).filter(Q(harvest_note__isnull=False) | Q(feedback__isnull=False))
    for note_id, feedback_id, ask_id in rows.values_list("harvest_note_id", "feedback_id", "ask_id"):
        key = ("note", note_id) if note_id else ("feedback", feedback_id)
        captured.setdefault(key, []).append(titles.get(ask_id, "an earlier ask") if ask_id else "no ask")
    notes = [(n, captured.get(("note", n.pk), [])) for n in gathering.notes.order_by("created_at", "id")]
    feedback = [(f, captured.get(("feedback", f.pk), [])) for f in gathering.feedback.all()]
    context = {"gathering": gathering, "form": form, "asks": asks, "notes": notes, "feedback": feedback}
    return render(request, "consultations/gathering_capture.html", context)


def _capture(gathering: Gathering, viewer: Person, ask: Ask | None, kind: str, item: int | None) -> int:
    if kind == "all":
        count = 0
        for each in gathering.notes.order_by("created_at", "id"):
            if not Insight.objects.filter(ask=ask, harvest_note=each).exists():
                actions.capture_note(each, by=viewer, ask=ask)
                count += 1
        for message in gathering.feedback.all():
            if not Insight.objects.filter(ask=ask, feedback=message).exists():
                actions.capture_feedback(message, by=viewer, ask=ask)
                count += 1
        return count
    if item is None:
        raise ActionError("Choose a note or a message.")
    if kind == "note":
        note = gathering.notes.filter(pk=item).first()
        if note is None:
            raise ActionError("That note is not from this gathering.")
        actions.capture_note(note, by=viewer, ask=ask)
    else:
        feedback = gathering.feedback.filter(pk=item).first()
        if feedback is None:
            raise ActionError("That feedback is not from this gathering.")
        actions.capture_feedback(feedback, by=viewer, ask=ask)
    return 1


# -- the centre ---------------------------------------------------------------------------


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    ids = access.centre_community_ids(viewer)
    asks = (
        Ask.objects.filter(Q(created_by=viewer) | Q(communities__in=ids))
        .distinct()
        .annotate(insight_total=Count("insights", distinct=True))
        .select_related("synthesis")
        .order_by("-created_at", "-id")
    )
    page = paginate(request, asks, per_page=20)
    today = timezone.localdate()
    owed = owed_items(viewer, only_overdue=False)
    context = {
        "communities": Community.objects.filter(pk__in=ids).order_by("name"),
        "page": page,
        "rows": [(ask, ask.is_open(today), getattr(ask, "synthesis", None)) for ask in page],
        "overdue": [item for item in owed if item.days_overdue > 0],
        "awaiting": [item for item in owed if item.days_overdue <= 0],
    }
    return render(request, "consultations/centre.html", context)


@login_required
def centre_roles(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community = access.get_community_for_centre_roles(viewer, slug)
    members = Membership.objects.active().filter(community=community).select_related("person")
    granted = {g.person_id: g for g in CentreGrant.objects.filter(community=community).select_related("granted_by")}
    sponsors = [m.person for m in members.filter(role=Role.SPONSOR).order_by("person__display_name")]
    holders = [
        (m.person, granted[m.person_id])
        for m in members.filter(person_id__in=list(granted)).order_by("person__display_name")
    ]
    candidates = [
        (m.person_id, m.person.display_name)
        for m in members.exclude(role=Role.SPONSOR)
        .exclude(person_id__in=list(granted))
        .order_by("person__display_name")
    ]
    if request.method == "POST" and request.POST.get("intent") == "revoke":
        person_id = parse_id(request.POST.get("person", ""))
        person = Person.objects.filter(pk=person_id).first() if person_id is not None else None
        if person is None or person.pk not in granted:
            messages.error(request, "Choose someone who holds the centre capacity.")
        else:
            actions.revoke_centre(community, by=viewer, person=person)
            messages.success(request, f"{person} no longer holds the centre capacity.")
        return redirect("consultations:centre_roles", community.slug)
    form = GrantForm(request.POST or None, people=candidates)
    grant = _submit(
        request,
        form,
        lambda: actions.grant_centre(community, by=viewer, person=Person.objects.get(pk=form.cleaned_data["person"])),
    )
    if grant is not None:
        messages.success(request, f"{grant.person} now holds the centre capacity in {community}.")
        return redirect("consultations:centre_roles", community.slug)
    context = {"community": community, "sponsors": sponsors, "holders": holders, "form": form}
    return render(request, "consultations/centre_roles.html", context)


# -- we asked, you said, we did -----------------------------------------------------------


def _published_themes(asks: list[Ask]) -> dict[int, list[Theme]]:
    """Themes of the asks' published syntheses, by ask, in order of urgency then weight."""
    themes = (
        Theme.objects.filter(synthesis__ask__in=asks, synthesis__published_at__isnull=False, member_count__gt=0)
        .select_related("response", "synthesis")
        .order_by("-urgent", "-member_count", "label")
    )
    grouped: dict[int, list[Theme]] = {}
    for theme in themes:
        grouped.setdefault(theme.synthesis.ask_id, []).append(theme)
    return grouped


def ask_loop(request: HttpRequest, ask_id: int) -> HttpResponse:
    viewer = _viewer(request)
    ask = access.get_ask_for_viewer(viewer, ask_id)
    synthesis = Synthesis.objects.filter(ask=ask).first()
    communities, hidden = visible_asked(ask, viewer)
    context = {
        "ask": ask,
        "questions": ask.questions.all(),
        "communities": communities,
        "hidden_communities": hidden,
        "synthesis": synthesis,
        "themes": _published_themes([ask]).get(ask.pk, []),
        "insight_count": synthesis.insight_count if synthesis is not None and synthesis.is_published else None,
    }
    return render(request, "consultations/ask_loop.html", context)


def community_loop(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    community = access.get_community_for_loop(viewer, slug)
    page = paginate(
        request,
        Ask.objects.sent_to(community.pk).select_related("synthesis").prefetch_related("questions"),
        per_page=10,
    )
    shown = list(page)
    themes = _published_themes(shown)
    rows = [(ask, getattr(ask, "synthesis", None), themes.get(ask.pk, [])) for ask in shown]
    context = {"community": community, "rows": rows, "page": page}
    return render(request, "consultations/community_loop.html", context)


def _chosen_ask(request: HttpRequest, community_id: int) -> Ask | None:
    raw = request.POST.get("ask", "")
    if not raw.isdigit():
        return None
    return Ask.objects.filter(pk=int(raw), communities=community_id).exclude(status=AskStatus.CLOSED).first()


def _may_capture_in(community: Community, viewer: Person) -> bool:
    if access.has_centre_role(community, viewer):
        return True
    return Membership.objects.active().filter(community=community, person=viewer, role=Role.CONVENOR).exists()


@login_required
@require_POST
def capture_post(request: HttpRequest) -> HttpResponse:
    """A form target on the conversation page: the post becomes an insight, then back to the thread."""
    viewer: Person = request.user  # type: ignore[assignment]
    raw = request.POST.get("item", "")
    post = Post.objects.select_related("community", "thread").filter(pk=int(raw) if raw.isdigit() else 0).first()
    if post is None or not community_access.can_view(
        post.community, viewer, community_access.active_membership(post.community, viewer)
    ):
        raise Http404("No such post")
    if not _may_capture_in(post.community, viewer):
        raise Forbidden("Only the community's convenors and the centre send posts to the centre.")
    try:
        actions.capture_post(post, by=viewer, ask=_chosen_ask(request, post.community_id))
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The post is now an insight for the centre.")
    return redirect(post.thread.get_absolute_url())


@login_required
@require_POST
def capture_story(request: HttpRequest) -> HttpResponse:
    """A form target on the story page: the story becomes an insight if its consent allows."""
    viewer: Person = request.user  # type: ignore[assignment]
    raw = request.POST.get("item", "")
    story = Story.objects.visible_to(viewer).select_related("community", "consent")
    found = story.filter(pk=int(raw) if raw.isdigit() else 0).first()
    if found is None:
        raise Http404("No such story")
    if not _may_capture_in(found.community, viewer):
        raise Forbidden("Only the community's convenors and the centre send stories to the centre.")
    try:
        actions.capture_story(found, by=viewer, ask=_chosen_ask(request, found.community_id))
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The story is now an insight for the centre.")
    return redirect(found.get_absolute_url())
