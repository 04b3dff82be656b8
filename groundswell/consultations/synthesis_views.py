"""Pages for the synthesis of an ask: its progress, themes and the decisions people make on them,
the brief to the centre (HTML, PDF, CSV) with its identifiability check, and responses.

Every decision is a form with buttons and selects (no drag and drop, WCAG 2.5.7) and works
without JavaScript; htmx only refreshes the progress while a computation runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from groundswell.consultations import access, actions, brief, deidentify
from groundswell.consultations.forms import (
    ExpectedThemeForm,
    MergeForm,
    MoveForm,
    RecomputeForm,
    RenameForm,
    ResponseForm,
    SplitForm,
    WordingForm,
)
from groundswell.consultations.models import (
    Ask,
    Insight,
    Placement,
    Response,
    ResponseStatus,
    Synthesis,
    Theme,
    ThemeOrigin,
)
from groundswell.consultations.views import _submit, _viewer, parse_id
from groundswell.lib import themes as theme_engine
from groundswell.lib.http import Forbidden, HtmxHttpRequest
from groundswell.people.actions import ActionError
from groundswell.people.models import Person

# Shown for each insight in a checkbox list.
EXCERPT = 220


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _target(synthesis: Synthesis, value: str) -> Theme | None:
    """The theme a move form chose ("none" is no theme)."""
    if value == "none":
        return None
    theme_id = parse_id(value)
    theme = synthesis.themes.filter(pk=theme_id).first() if theme_id is not None else None
    if theme is None:
        raise ActionError("Choose a theme of this synthesis.")
    return theme


def _low_label(placement: Placement, texts: dict[int, str], labels: dict[int, str]) -> str:
    where = labels.get(placement.theme_id or 0, "")
    return f"{_excerpt(texts[placement.insight_id])} (now in {where}, {placement.confidence:.0%} sure)"


def _synthesis_context(ask: Ask, synthesis: Synthesis | None, viewer: Person | None) -> dict[str, Any]:
    steward = access.is_steward(ask, viewer)
    context: dict[str, Any] = {
        "ask": ask,
        "synthesis": synthesis,
        "is_steward": steward,
        "is_centre": access.is_centre_for(ask, viewer),
        "methods": theme_engine.available_methods(),
    }
    if synthesis is None:
        return context
    report = brief.build(ask, synthesis)
    themes = sorted(synthesis.themes.all(), key=lambda t: (not t.urgent, -t.member_count, t.label.lower()))
    by_id = {t.id: t for t in report.themes}
    context.update(report=report, rows=[(t, by_id.get(t.pk)) for t in themes], themes=themes)
    if steward:
        placements = list(
            Placement.objects.filter(Q(theme__isnull=True) | Q(low_confidence=True), synthesis=synthesis).order_by(
                "-confidence", "insight_id"
            )
        )
        texts = dict(Insight.objects.filter(pk__in=[p.insight_id for p in placements]).values_list("pk", "text"))
        low = [p for p in placements if p.low_confidence and p.theme_id is not None]
        minority = [p for p in placements if p.theme_id is None]
        theme_labels = {t.pk: t.label for t in themes}
        context.update(
            low_form=MoveForm(
                insights=[(p.insight_id, _low_label(p, texts, theme_labels)) for p in low], themes=themes
            ),
            minority_form=MoveForm(
                insights=[(p.insight_id, _excerpt(texts[p.insight_id])) for p in minority], themes=themes
            ),
            low_count=len(low),
            minority_count=len(minority),
        )
    return context


def _recompute_initial(synthesis: Synthesis | None) -> dict[str, Any]:
    named = synthesis is not None and synthesis.themes.filter(origin=ThemeOrigin.PERSON).exists()
    return {"method": actions.default_method(), "discover": not named}


def synthesis_detail(request: HtmxHttpRequest, ask_id: int) -> HttpResponse:
    viewer = _viewer(request)
    ask, synthesis = access.get_synthesis_for_viewer(viewer, ask_id)
    if request.htmx and request.GET.get("progress"):
        response = render(request, "consultations/synthesis.html#progress", {"ask": ask, "synthesis": synthesis})
        if synthesis is not None and not synthesis.is_busy:
            # The computation finished: reload the page to show the new themes.
            response["HX-Refresh"] = "true"
        return response
    context = _synthesis_context(ask, synthesis, viewer)
    if context["is_steward"]:
        context.update(
            recompute_form=RecomputeForm(methods=context["methods"], initial=_recompute_initial(synthesis)),
            expected_form=ExpectedThemeForm(),
        )
    return render(request, "consultations/synthesis.html", context)


@login_required
def synthesis_change(request: HttpRequest, ask_id: int) -> HttpResponse:
    """The forms of the synthesis page post here; errors re-render the page with the form."""
    viewer: Person = request.user  # type: ignore[assignment]
    ask = access.get_ask_for_steward(viewer, ask_id)
    if request.method != "POST":
        return redirect("consultations:synthesis", ask.pk)
    synthesis = Synthesis.objects.filter(ask=ask).first()
    intent = request.POST.get("intent", "")
    methods = theme_engine.available_methods()
    recompute_form = RecomputeForm(methods=methods, initial=_recompute_initial(synthesis))
    expected_form = ExpectedThemeForm()
    error_context: dict[str, Any] = {}
    if intent == "recompute":
        recompute_form = RecomputeForm(request.POST, methods=methods)
        if _submit(
            request,
            recompute_form,
            lambda: actions.request_synthesis(
                ask,
                by=viewer,
                method=recompute_form.cleaned_data["method"],
                discover=recompute_form.cleaned_data["discover"],
            ),
        ):
            messages.success(request, "The themes are being computed. Decisions people made are kept.")
            return redirect("consultations:synthesis", ask.pk)
    elif intent == "expect":
        expected_form = ExpectedThemeForm(request.POST)
        data_ok = _submit(
            request,
            expected_form,
            lambda: actions.add_expected_theme(
                ask,
                by=viewer,
                label=expected_form.cleaned_data["label"],
                description=expected_form.cleaned_data["description"],
            ),
        )
        if data_ok:
            messages.success(request, "Theme added. Recompute to sort insights into it.")
            return redirect("consultations:synthesis", ask.pk)
    elif intent in ("move_low", "move_minority") and synthesis is not None:
        themes = list(synthesis.themes.all())
        ids = [i for i in (parse_id(v) for v in request.POST.getlist("insights")) if i is not None]
        form = MoveForm(request.POST, insights=[(i, str(i)) for i in ids], themes=themes)
        moved = _submit(
            request,
            form,
            lambda: actions.move_insights(
                synthesis,
                by=viewer,
                insight_ids=form.cleaned_data["insights"],
                theme=_target(synthesis, form.cleaned_data["target"]),
            ),
        )
        if moved:
            messages.success(request, f"Moved {moved} insight{'s' if moved != 1 else ''}.")
            return redirect("consultations:synthesis", ask.pk)
        error_context["move_errors"] = [str(e) for errors in form.errors.values() for e in errors]
    elif intent in ("publish", "unpublish") and synthesis is not None:
        try:
            if intent == "publish":
                actions.publish_synthesis(synthesis, by=viewer)
            else:
                actions.unpublish_synthesis(synthesis, by=viewer)
        except ActionError as error:
            messages.error(request, str(error))
            if intent == "publish":
                return redirect("consultations:brief_check", ask.pk)
        else:
            messages.success(
                request,
                "Published: members of the communities asked can see the themes."
                if intent == "publish"
                else "Unpublished: only the centre and the convenors see the themes.",
            )
        return redirect("consultations:synthesis", ask.pk)
    else:
        return redirect("consultations:synthesis", ask.pk)
    context = _synthesis_context(ask, synthesis, viewer)
    context.update(recompute_form=recompute_form, expected_form=expected_form, **error_context)
    return render(request, "consultations/synthesis.html", context, status=200)


def theme_detail(request: HttpRequest, theme_id: int) -> HttpResponse:
    viewer = _viewer(request)
    theme = access.get_theme_for_viewer(viewer, theme_id)
    synthesis = theme.synthesis
    ask = synthesis.ask
    steward = access.is_steward(ask, viewer)
    report = brief.build(ask, synthesis)
    summary = next((t for t in report.themes if t.id == theme.pk), None)
    placements = list(
        Placement.objects.filter(theme=theme)
        .select_related("insight__community", "insight__gathering")
        .order_by("rank", "insight_id")
    )
    others = [t for t in synthesis.themes.order_by("label") if t.pk != theme.pk]
    choices = [(p.insight_id, _excerpt(p.insight.text)) for p in placements]
    context: dict[str, Any] = {
        "ask": ask,
        "theme": theme,
        "summary": summary,
        "placements": placements,
        "is_steward": steward,
        "is_centre": access.is_centre_for(ask, viewer),
        "response": Response.objects.filter(theme=theme).select_related("owner").first(),
    }
    if request.method == "POST" and not steward:
        raise Forbidden("Only the centre and the convenors of the communities asked can change themes.")
    if steward:
        intent = request.POST.get("intent", "") if request.method == "POST" and viewer is not None else ""
        forms_ = {
            "rename_form": RenameForm(initial={"label": theme.label, "description": theme.description}),
            "merge_form": MergeForm(themes=others),
            "move_form": MoveForm(insights=choices, themes=others),
            "split_form": SplitForm(insights=choices),
        }
        assert viewer is not None or not intent
        done = _theme_change(request, theme, intent, forms_, choices, others) if intent and viewer else None
        if done is not None:
            return done
        context.update(forms_)
        context["members_form"] = forms_["split_form"] if intent == "split" else forms_["move_form"]
    return render(request, "consultations/theme_detail.html", context)


def _theme_change(
    request: HttpRequest,
    theme: Theme,
    intent: str,
    forms_: dict[str, Any],
    choices: Sequence[tuple[int, str]],
    others: list[Theme],
) -> HttpResponse | None:
    viewer: Person = request.user  # type: ignore[assignment]
    synthesis = theme.synthesis
    here = redirect("consultations:theme", theme.pk)
    if intent == "urgent":
        actions.set_theme_urgent(theme, by=viewer, urgent=request.POST.get("urgent") == "yes")
        messages.success(request, "Marked as urgent." if theme.urgent else "No longer marked as urgent.")
        return here
    if intent == "rename":
        rename = RenameForm(request.POST)
        forms_["rename_form"] = rename
        if _submit(request, rename, lambda: actions.rename_theme(theme, by=viewer, **rename.cleaned_data) or True):
            messages.success(request, "Theme renamed. It keeps this name through every recompute.")
            return here
    elif intent == "merge":
        merge = MergeForm(request.POST, themes=others)
        forms_["merge_form"] = merge
        into = _submit(
            request,
            merge,
            lambda: actions.merge_themes(
                theme, by=viewer, into=_target(synthesis, merge.cleaned_data["into"]) or theme
            ),
        )
        if into is not None:
            messages.success(request, f"Merged into {into.label}.")
            return redirect("consultations:theme", into.pk)
    elif intent == "move":
        move = MoveForm(request.POST, insights=choices, themes=others)
        forms_["move_form"] = move
        moved = _submit(
            request,
            move,
            lambda: actions.move_insights(
                synthesis,
                by=viewer,
                insight_ids=move.cleaned_data["insights"],
                theme=_target(synthesis, move.cleaned_data["target"]),
            ),
        )
        if moved:
            messages.success(request, f"Moved {moved} insight{'s' if moved != 1 else ''}.")
            return here
    elif intent == "split":
        split = SplitForm(request.POST, insights=choices)
        forms_["split_form"] = split
        new = _submit(
            request,
            split,
            lambda: actions.split_theme(
                theme,
                by=viewer,
                insight_ids=split.cleaned_data["insights"],
                label=split.cleaned_data["label"],
                description=split.cleaned_data["description"],
            ),
        )
        if new is not None:
            messages.success(request, f"Split into a new theme, {new.label}.")
            return redirect("consultations:theme", new.pk)
    return None


# -- responses ----------------------------------------------------------------------------


def _response_initial(response: Response | None) -> dict[str, Any]:
    if response is None:
        return {}
    return {
        "status": response.status, "detail": response.detail, "reason": response.reason,
        "owner_name": response.owner_name, "date": response.date,
    }  # fmt: skip


def _response_page(
    request: HttpRequest, *, theme: Theme | None, insight: Insight | None, back: str, about: str
) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    existing = (
        Response.objects.filter(theme=theme).first() if theme else Response.objects.filter(insight=insight).first()
    )
    form = ResponseForm(request.POST or None, initial=_response_initial(existing))
    saved = _submit(
        request,
        form,
        lambda: actions.respond(
            by=viewer,
            theme=theme,
            insight=insight,
            status=form.cleaned_data["status"],
            detail=form.cleaned_data["detail"],
            reason=form.cleaned_data["reason"],
            owner_name=form.cleaned_data["owner_name"],
            date=form.cleaned_data["date"],
        ),
    )
    if saved is not None:
        messages.success(request, "Response recorded. The people who contributed are told by email.")
        return redirect(back)
    ask = theme.synthesis.ask if theme else insight.ask  # type: ignore[union-attr]
    context = {"form": form, "theme": theme, "insight": insight, "ask": ask, "back": back, "about": about,
               "existing": existing, "statuses": ResponseStatus}  # fmt: skip
    return render(request, "consultations/response_form.html", context)


@login_required
def theme_response(request: HttpRequest, theme_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    theme = access.get_theme_for_centre(viewer, theme_id)
    return _response_page(request, theme=theme, insight=None, back=theme.get_absolute_url(), about=theme.label)


@login_required
def insight_response(request: HttpRequest, insight_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    insight = access.get_insight_for_centre(viewer, insight_id)
    return _response_page(request, theme=None, insight=insight, back=insight.get_absolute_url(), about=str(insight))


# -- the brief ----------------------------------------------------------------------------


def _brief_for(request: HttpRequest, ask_id: int) -> tuple[Ask, brief.Brief]:
    viewer: Person = request.user  # type: ignore[assignment]
    ask = access.get_ask_for_steward(viewer, ask_id)
    synthesis = Synthesis.objects.filter(ask=ask).first()
    return ask, brief.build(ask, synthesis)


@login_required
def brief_page(request: HttpRequest, ask_id: int) -> HttpResponse:
    ask, report = _brief_for(request, ask_id)
    return render(request, "consultations/brief.html", {"ask": ask, "brief": report})


@login_required
def brief_pdf(request: HttpRequest, ask_id: int) -> HttpResponse:
    ask, report = _brief_for(request, ask_id)
    pdf = render_pdf(report)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brief-{ask.pk}.pdf"'
    return response


def render_pdf(report: brief.Brief) -> bytes:
    """Write the brief as PDF with WeasyPrint; nothing is fetched from anywhere."""
    import weasyprint

    def refuse(url: str, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"The brief loads nothing from outside: {url}")

    html = render_to_string("consultations/brief_pdf.html", {"brief": report, "ask": report.ask})
    return bytes(weasyprint.HTML(string=html, url_fetcher=refuse).write_pdf())


@login_required
def brief_csv(request: HttpRequest, ask_id: int) -> HttpResponse:
    ask, report = _brief_for(request, ask_id)
    response = HttpResponse(brief.to_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="brief-{ask.pk}.csv"'
    return response


@login_required
def brief_check(request: HttpRequest, ask_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    ask = access.get_ask_for_steward(viewer, ask_id)
    names = deidentify.known_names(ask)
    if request.method == "POST":
        form = WordingForm(request.POST)
        if form.is_valid():
            insight = Insight.objects.filter(ask=ask, pk=form.cleaned_data["insight"]).first()
            if insight is not None:
                try:
                    actions.check_shared_text(insight, by=viewer, text=form.cleaned_data["text"])
                except ActionError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, "Wording checked.")
        else:
            messages.error(request, "The shared wording cannot be empty.")
        return redirect(reverse("consultations:brief_check", args=[ask.pk]) + "#pending")
    pending = [
        (insight, flags, deidentify.wording(insight, names).text)
        for insight, flags in deidentify.unchecked_insights(ask, names)
    ]
    synthesis = Synthesis.objects.filter(ask=ask).first()
    labels = []
    if synthesis is not None:
        texts = [t.label for t in synthesis.themes.all()] + [
            t.description for t in synthesis.themes.exclude(description="")
        ]
        labels = deidentify.label_flags(texts, names)
    context = {"ask": ask, "pending": pending, "labels": labels, "synthesis": synthesis}
    return render(request, "consultations/brief_check.html", context)
