"""Pages for reading products: lists, the product page, versions, the life story, the public
share page, downloads and "we use this". Editors' and convenors' pages are in manage_views.py.

Every view obtains the product through access.py first (404 for outsiders, 403 without the
role), then the form, then an action; an action's ActionError is shown on the form.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from groundswell.communities import access as community_access
from groundswell.communities.models import Role
from groundswell.lib.documents import download_name, download_response
from groundswell.lib.http import HtmxHttpRequest, paginate_uncounted, querystring_without_page
from groundswell.people.actions import ActionError
from groundswell.people.models import Person
from groundswell.products import access, actions, story, uptake
from groundswell.products.forms import CommentForm, FilterForm, OutsideUseForm, ProductForm, UseForm
from groundswell.products.models import LifeEvent, Product, Version, VersionComment

# Life events on the product page, newest first; the life story has them all.
RECENT_EVENTS = 20
PER_PAGE = 25
# A spreadsheet treats a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def _viewer(request: HttpRequest) -> Person | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def submit(request: HttpRequest, form: forms.Form, write: Callable[[], T]) -> T | None:
    """Run the write for a valid POSTed form; a refused action becomes an error on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write()
    except ActionError as error:
        form.add_error(None, str(error))
        return None


def _page_of_products(request: HttpRequest, products: Any, viewer: Person | None) -> Any:
    page = paginate_uncounted(request, products.with_provenance(), PER_PAGE)
    access.mark_visible_owners(page.object_list, viewer)
    return page


def product_list(request: HtmxHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    mine = access.communities_to_own(viewer) if viewer is not None else []
    form = FilterForm(request.GET or None, communities=mine)
    filters = form.cleaned_data if form.is_valid() else {}
    products = Product.objects.visible_to(viewer).search(
        q=(filters.get("q") or "").strip(),
        kind=filters.get("kind") or "",
        stage=filters.get("stage") or "",
        rung=filters.get("rung"),
        community_id=filters.get("community"),
    )
    context = {
        "form": form,
        "page": _page_of_products(request, products, viewer),
        "querystring": querystring_without_page(request),
    }
    if request.htmx:
        return render(request, "products/product_list.html#results", context)
    return render(request, "products/product_list.html", context)


def community_products(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    community, membership = community_access.get_community_for_viewer(viewer, slug)
    products = Product.objects.filter(communities=community).search()
    context = {
        "community": community,
        "membership": membership,
        "page": _page_of_products(request, products, viewer),
        "uptake": uptake.community_uptake(community.pk),
    }
    return render(request, "products/community_products.html", context)


@login_required
def product_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, membership = community_access.get_community_for_member(viewer, slug)
    mine = access.communities_to_own(viewer)
    form = ProductForm(
        request.POST or None,
        initial={"communities": [community.pk]},
        communities=mine,
        convenor=membership.role == Role.CONVENOR,
    )
    product = submit(
        request,
        form,
        lambda: actions.create_product(
            form.cleaned_data["communities"],
            by=viewer,
            stage=form.cleaned_data["stage"],
            stage_on=form.cleaned_data["on"],
            stage_precision=form.cleaned_data["precision"],
            my_role=form.cleaned_data["my_role"] or None,
            **form.details(),
        ),
    )
    if product is not None:
        messages.success(request, f"{product} is started. Add a version, authors and where it was born.")
        return redirect(product)
    return render(request, "products/product_form.html", {"form": form, "community": community})


def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    viewer = _viewer(request)
    found = access.get_product_for_viewer(viewer, product_id, Product.objects.with_provenance(versions=False))
    if not found.full:
        # Readers outside its communities see a published product's public record.
        return redirect("products:share", product_id)
    product = found.product
    versions = list(
        Version.objects.filter(product=product).annotate(comment_count=Count("comments")).order_by("-number")
    )
    product.newest_first = versions  # type: ignore[attr-defined]
    events = list(
        LifeEvent.objects.filter(product=product)
        .select_related("organisation")
        .order_by("-occurred_on", "-created_at", "-id")[: RECENT_EVENTS + 1]
    )
    born = set(product.born_at.values_list("pk", flat=True))
    gatherings = story.visible_gatherings(viewer, {e.gathering_id for e in events if e.gathering_id} | born)
    steps = uptake.ladder(product, include_unverified=True)
    context = {
        "product": product,
        "access": found,
        "communities": found.visible_communities,
        "versions": versions,
        "events": [(e, gatherings.get(e.gathering_id) if e.gathering_id else None) for e in events[:RECENT_EVENTS]],
        "more_events": len(events) > RECENT_EVENTS,
        "born_at": sorted((g for g in gatherings.values() if g.pk in born), key=lambda g: (g.starts_at, g.pk)),
        "born_in_threads": story.visible_origin_threads(product, viewer),
        "born_in_stories": story.visible_origin_stories(product, viewer),
        "steps": steps,
        "reported_rung": uptake.highest_reported(steps),
        "last_stage": product.stage_changes.order_by("-on", "-id").first(),
    }
    return render(request, "products/product_detail.html", context)


def version_detail(request: HttpRequest, product_id: int, version_id: int) -> HttpResponse:
    viewer = _viewer(request)
    found = access.get_product_for_reader(viewer, product_id)
    product = found.product
    version = Version.objects.filter(pk=version_id, product=product).select_related("added_by").first()
    if version is None:
        raise Http404("No such version")
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if viewer is None:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        access.get_product_for_member(viewer, product_id)
        comment = submit(request, form, lambda: actions.add_comment(version, by=viewer, body=form.cleaned_data["body"]))
        if comment is not None:
            messages.success(request, "Your comment is added.")
            return redirect("products:version", product.pk, version.pk)
    comments = VersionComment.objects.filter(version=version).select_related("author").order_by("created_at", "id")
    context = {
        "product": product,
        "version": version,
        "access": found,
        "comments": comments,
        "form": form,
        "can_comment": found.member and product.takes_comments,
    }
    return render(request, "products/version_detail.html", context)


def version_file(request: HttpRequest, product_id: int, version_id: int) -> FileResponse:
    """A version's file, always as a download. Released versions count towards the month's downloads."""
    found, version = access.get_version_for_download(_viewer(request), product_id, version_id)
    if version.is_released:
        actions.count_download(found.product)
    return download_response(
        version.file,
        title=f"{found.product.title} {version.label}",
        extension=version.extension,
        content_type=version.content_type,
    )


def product_story(request: HttpRequest, product_id: int) -> HttpResponse:
    viewer = _viewer(request)
    found = access.get_product_for_viewer(viewer, product_id)
    entries = story.timeline(found.product, person=viewer, full=found.full)
    context = {
        "product": found.product,
        "access": found,
        "entries": entries,
        "steps": uptake.ladder(found.product, include_unverified=False),
    }
    return render(request, "products/product_story.html", context)


def _cell(value: Any) -> str:
    """Neutralise a cell a spreadsheet would run as a formula, by prefixing a single quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


VERIFIED = {True: "yes", False: "no", None: ""}


def product_story_csv(request: HttpRequest, product_id: int) -> HttpResponse:
    """The life story as CSV: the same entries the page shows to this reader."""
    viewer = _viewer(request)
    found = access.get_product_for_viewer(viewer, product_id)
    entries = story.timeline(found.product, person=viewer, full=found.full)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = download_name(f"{found.product.title} life story", "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    writer = csv.writer(response)
    writer.writerow(["date", "date precision", "what", "description", "organisation", "gathering", "link",
                     "detail", "verified"])  # fmt: skip
    for e in entries:
        cells = [e.iso, e.precision, e.what, e.title, e.organisation, e.gathering.title if e.gathering else "",
                 e.link, e.detail, VERIFIED[e.verified]]  # fmt: skip
        writer.writerow([_cell(c) for c in cells])
    return response


def product_share(request: HttpRequest, product_id: int) -> HttpResponse:
    """The public page of a published product: no sign-in, nothing recorded about readers."""
    viewer = _viewer(request)
    product = access.get_public_product(product_id, Product.objects.with_provenance())
    access.mark_visible_owners([product], viewer)
    released = [v for v in getattr(product, "newest_first", []) if v.released_on is not None]
    context = {
        "product": product,
        "released": released,
        "steps": uptake.ladder(product, include_unverified=False),
        "highlights": story.recent_verified(product, viewer, 10),
        "form": OutsideUseForm() if viewer is None else None,
    }
    return render(request, "products/product_share.html", context)


def report_use(request: HttpRequest, product_id: int) -> HttpResponse:
    """ "We use this": signed in, it is recorded at once (unverified); otherwise confirmed by email."""
    viewer = _viewer(request)
    if viewer is None:
        product = access.get_public_product(product_id)
        outside = OutsideUseForm(request.POST or None)
        sent = submit(
            request,
            outside,
            lambda: actions.request_use_confirmation(
                product,
                email=outside.cleaned_data["email"],
                organisation_name=outside.cleaned_data["organisation"].name
                if outside.cleaned_data["organisation"]
                else outside.cleaned_data["organisation_name"],
                how_used=outside.cleaned_data["how_used"],
                link=outside.cleaned_data["link"] or "",
            ),
        )
        if sent is not None:
            return render(request, "products/report_use_sent.html", {"product": product, "email": sent.email})
        return render(request, "products/report_use.html", {"product": product, "form": outside, "outside": True})
    found = access.get_product_for_viewer(viewer, product_id)
    form = UseForm(request.POST or None)
    event = submit(
        request,
        form,
        lambda: actions.report_use(
            found.product,
            by=viewer,
            organisation=form.cleaned_data["organisation"],
            organisation_name=form.cleaned_data["organisation_name"],
            how_used=form.cleaned_data["how_used"],
            link=form.cleaned_data["link"] or "",
        ),
    )
    if event is not None:
        note = "" if event.verified else " A convenor will check it; until then it shows as unverified."
        messages.success(request, f"Thank you: we have recorded that {event.actor} uses it.{note}")
        return redirect("products:detail" if found.full else "products:share", found.product.pk)
    return render(request, "products/report_use.html", {"product": found.product, "form": form, "outside": False})


def confirm_use(request: HttpRequest, product_id: int, token: str) -> HttpResponse:
    """The link emailed to an outside reader: a button confirms (mail scanners only follow links)."""
    report = actions.report_for_token(token)
    product = access.get_public_product(product_id)
    if report is not None and report.product_id != product.pk:
        report = None
    error = ""
    if request.method == "POST" and report is not None:
        try:
            actions.confirm_use(token)
        except ActionError as refused:
            error = str(refused)
        else:
            return render(request, "products/confirm_use.html", {"product": product, "confirmed": True})
    context = {"product": product, "report": report, "error": error, "confirmed": False}
    return render(request, "products/confirm_use.html", context, status=200 if report is not None or error else 404)
