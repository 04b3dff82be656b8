"""Pages for the people who look after a product: editors (lead authors, editors and the owning
communities' convenors) change it; members record life events; convenors verify them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from groundswell.communities.models import Community, MembershipStatus
from groundswell.conversations.models import Thread
from groundswell.gatherings.models import Gathering
from groundswell.people.models import Person
from groundswell.products import access, actions
from groundswell.products.forms import (
    AuthorForm,
    EventForm,
    OriginForm,
    ProductEditForm,
    StageForm,
    StoryOriginForm,
    ThreadOriginForm,
    VersionForm,
)
from groundswell.products.models import Authorship, LifeEvent, Product, Version
from groundswell.products.views import submit
from groundswell.stories.models import Story

# Gatherings offered when linking a product or recording an event: the newest this many.
GATHERING_CHOICES = 200


def _done(request: HttpRequest, product: Product, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(product)


def gathering_choices(product: Product, person: Person) -> QuerySet[Gathering]:
    """Gatherings of the product's communities and of the person's own, newest first."""
    communities = Community.objects.visible_to(person).filter(
        Q(products=product) | Q(memberships__person=person, memberships__status=MembershipStatus.ACTIVE)
    )
    newest = (
        Gathering.objects.filter(community__in=communities)
        .order_by("-starts_at", "-id")
        .values_list("pk", flat=True)[:GATHERING_CHOICES]
    )
    return Gathering.objects.filter(pk__in=list(newest)).order_by("-starts_at", "-id")


@login_required
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    product = access.get_product_for_editor(viewer, product_id).product
    current = list(product.communities.all())
    choices = {c.pk: c for c in [*current, *access.communities_to_own(viewer)]}
    initial = {name: getattr(product, name) for name in ("title", "kind", "summary", "audience", "licence", "doi",
                                                          "canonical_url")}  # fmt: skip
    initial["communities"] = [c.pk for c in current]
    form = ProductEditForm(request.POST or None, initial=initial, communities=choices.values())
    changed = submit(
        request,
        form,
        lambda: actions.update_product(
            product, by=viewer, communities=form.cleaned_data["communities"], **form.details()
        ),
    )
    if changed is not None:
        return _done(request, product, f"{product} is updated." if changed else "Nothing changed.")
    return render(request, "products/product_edit.html", {"product": product, "form": form})


@login_required
def product_stage(request: HttpRequest, product_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    product = access.get_product_for_editor(viewer, product_id).product
    stages = actions.allowed_stages(product)
    form = StageForm(request.POST or None, stages=stages)
    change = submit(
        request,
        form,
        lambda: actions.change_stage(
            product,
            by=viewer,
            stage=form.cleaned_data["stage"],
            on=form.cleaned_data["on"],
            precision=form.cleaned_data["precision"],
            note=form.cleaned_data["note"],
        ),
    )
    if change is not None:
        note = " It is now public, with a share page." if product.published_on == change.on else ""
        return _done(request, product, f"{product} is now at the stage {change.get_stage_display().lower()}.{note}")
    history = product.stage_changes.order_by("on", "id")
    context = {"product": product, "form": form, "stages": stages, "history": history}
    return render(request, "products/product_stage.html", context)


@login_required
def version_create(request: HttpRequest, product_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    product = access.get_product_for_editor(viewer, product_id).product
    form = VersionForm(request.POST or None, request.FILES or None, can_release=product.is_public)

    def add() -> Version:
        data = form.cleaned_data
        upload = data.get("file")
        # Read one byte past the limit: enough to know the file is too big, no more.
        raw = upload.read(actions.MAX_VERSION_BYTES + 1) if upload else None
        return actions.add_version(
            product,
            by=viewer,
            label=data["label"],
            change_summary=data["change_summary"],
            filename=(upload.name or "") if upload else "",
            raw=raw,
            link=data.get("link") or "",
            release=bool(data.get("release")),
        )

    version = submit(request, form, add)
    if version is not None:
        return _done(request, product, f"Version {version.label} is added.")
    return render(request, "products/version_form.html", {"product": product, "form": form})


@login_required
def authors(request: HttpRequest, product_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    product = access.get_product_for_editor(viewer, product_id).product
    if request.method == "POST" and request.POST.get("intent") == "remove":
        authorship = get_object_or_404(Authorship, pk=request.POST.get("authorship") or 0, product=product)
        actions.remove_author(authorship, by=viewer)
        messages.success(request, f"{authorship.display_name} is no longer credited.")
        return redirect("products:authors", product.pk)
    form = AuthorForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda: actions.add_author(
            product,
            by=viewer,
            role=form.cleaned_data["role"],
            person=form.cleaned_data["person"],
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
            organisation_name=form.cleaned_data["organisation_name"],
        ),
    )
    if added is not None:
        messages.success(request, f"{added.display_name} is credited as {added.get_role_display().lower()}.")
        return redirect("products:authors", product.pk)
    credited = product.authors.select_related("person", "organisation").order_by("position", "id")
    return render(request, "products/authors.html", {"product": product, "form": form, "credited": credited})


def _origin_communities(product: Product, person: Person) -> QuerySet[Community]:
    return Community.objects.visible_to(person).filter(
        Q(products=product) | Q(memberships__person=person, memberships__status=MembershipStatus.ACTIVE)
    )


def thread_choices(product: Product, person: Person) -> QuerySet[Thread]:
    """Conversations of the product's communities and of the person's own, newest first."""
    newest = (
        Thread.objects.listed()
        .filter(community__in=_origin_communities(product, person))
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:GATHERING_CHOICES]
    )
    return Thread.objects.filter(pk__in=list(newest)).order_by("-created_at", "-id")


def story_choices(product: Product, person: Person) -> QuerySet[Story]:
    """Stories the person may read (their tellers' consent decides), of those communities, newest first."""
    newest = (
        Story.objects.visible_to(person)
        .filter(community__in=_origin_communities(product, person))
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:GATHERING_CHOICES]
    )
    return Story.objects.filter(pk__in=list(newest)).order_by("-created_at", "-id")


@login_required
def origins(request: HttpRequest, product_id: int) -> HttpResponse:
    """Where it was born: the gatherings, conversations and stories it came from."""
    viewer: Person = request.user  # type: ignore[assignment]
    product = access.get_product_for_editor(viewer, product_id).product
    current = list(product.born_at.order_by("-starts_at", "-id"))
    threads = list(product.born_in_threads.order_by("-created_at", "-id"))
    stories = list(product.born_in_stories.order_by("-created_at", "-id"))
    intent = request.POST.get("intent", "") if request.method == "POST" else ""
    if intent.startswith("remove"):
        kind = intent.removeprefix("remove_") if intent != "remove" else "gathering"
        chosen = request.POST.get(kind, "")
        if kind == "thread":
            actions.update_product(product, by=viewer, born_in_threads=[t for t in threads if str(t.pk) != chosen])
        elif kind == "story":
            actions.update_product(product, by=viewer, born_in_stories=[s for s in stories if str(s.pk) != chosen])
        else:
            actions.update_product(product, by=viewer, born_at=[g for g in current if str(g.pk) != chosen])
        messages.success(request, "The link is removed.")
        return redirect("products:origins", product.pk)
    form = OriginForm(request.POST if intent == "add" else None, gatherings=gathering_choices(product, viewer))
    thread_form = ThreadOriginForm(
        request.POST if intent == "add_thread" else None, threads=thread_choices(product, viewer)
    )
    story_form = StoryOriginForm(
        request.POST if intent == "add_story" else None, stories=story_choices(product, viewer)
    )
    writes = {
        "add": (
            form,
            lambda: actions.update_product(product, by=viewer, born_at=[*current, form.cleaned_data["gathering"]]),
        ),
        "add_thread": (
            thread_form,
            lambda: actions.update_product(
                product, by=viewer, born_in_threads=[*threads, thread_form.cleaned_data["thread"]]
            ),
        ),
        "add_story": (
            story_form,
            lambda: actions.update_product(
                product, by=viewer, born_in_stories=[*stories, story_form.cleaned_data["story"]]
            ),
        ),
    }
    if intent in writes:
        chosen_form, write = writes[intent]
        changed = submit(request, chosen_form, write)
        if changed is not None:
            messages.success(request, "The link is added." if changed else "It was linked already.")
            return redirect("products:origins", product.pk)
    visible = {g.pk for g in Gathering.objects.filter(pk__in=[g.pk for g in current],
                                                       community__in=Community.objects.visible_to(viewer))}  # fmt: skip
    seen_threads = set(
        Thread.objects.listed()
        .filter(pk__in=[t.pk for t in threads], community__in=Community.objects.visible_to(viewer))
        .values_list("pk", flat=True)
    )
    seen_stories = set(
        Story.objects.visible_to(viewer).filter(pk__in=[s.pk for s in stories]).values_list("pk", flat=True)
    )
    context = {
        "product": product,
        "form": form,
        "thread_form": thread_form,
        "story_form": story_form,
        "current": [(g, g.pk in visible) for g in current],
        "threads": [(t, t.pk in seen_threads) for t in threads],
        "stories": [(s, s.pk in seen_stories) for s in stories],
    }
    return render(request, "products/origins.html", context)


@login_required
def event_create(request: HttpRequest, product_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    found = access.get_product_for_member(viewer, product_id)
    product = found.product
    form = EventForm(
        request.POST or None,
        gatherings=gathering_choices(product, viewer),
        versions=Version.objects.filter(product=product).order_by("-number"),
    )

    def record() -> LifeEvent:
        data = form.cleaned_data
        return actions.record_event(
            product,
            by=viewer,
            kind=data["kind"],
            occurred_on=data["on"],
            date_precision=data["precision"],
            organisation=data["organisation"],
            organisation_name=data["organisation_name"],
            venue=data["venue"],
            gathering=data["gathering"],
            audience_size=data["audience_size"],
            count=data["count"],
            link=data["link"] or "",
            evidence=data["evidence"],
            version=data["version"],
        )

    event = submit(request, form, record)
    if event is not None:
        note = "" if event.verified else " A convenor will verify it."
        return _done(request, product, f"Recorded: {event.get_kind_display().lower()}.{note}")
    return render(request, "products/event_form.html", {"product": product, "form": form, "access": found})


def _event(viewer: Person, product_id: int, event_id: int) -> LifeEvent:
    product = access.get_product_for_convenor(viewer, product_id).product
    event = get_object_or_404(LifeEvent, pk=event_id, product=product)
    event.product = product
    return event


@login_required
@require_POST
def event_verify(request: HttpRequest, product_id: int, event_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    event = _event(viewer, product_id, event_id)
    actions.verify_event(event, by=viewer)
    return _done(request, event.product, f"Verified: {event.get_kind_display().lower()} ({event.when}).")


@login_required
@require_POST
def event_remove(request: HttpRequest, product_id: int, event_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    event = _event(viewer, product_id, event_id)
    actions.remove_event(event, by=viewer)
    return _done(request, event.product, f"Removed: {event.get_kind_display().lower()} ({event.when}).")
