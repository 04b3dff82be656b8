"""Template tags that let other apps' pages show products without importing them."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from groundswell.people.models import Person
from groundswell.products import access
from groundswell.products.models import Product
from groundswell.products.story import Entry

register = template.Library()


@register.inclusion_tag("products/includes/born_here.html")
def products_born_at(gathering: Any, viewer: Person | None) -> dict[str, Any]:
    """List the products born at a gathering that the viewer may find, with their provenance."""
    person = viewer if viewer is not None and viewer.is_authenticated else None
    products = list(
        Product.objects.filter(born_at=gathering).visible_to(person).with_provenance().order_by("title", "id")
    )
    access.mark_visible_owners(products, person)
    return {"products": products}


@register.inclusion_tag("products/includes/born_here.html")
def products_born_in(origin: Any, viewer: Person | None) -> dict[str, Any]:
    """List the products born in a conversation or from a story, that the viewer may find."""
    person = viewer if viewer is not None and viewer.is_authenticated else None
    products = list(origin.products_born.all().visible_to(person).with_provenance().order_by("title", "id"))
    access.mark_visible_owners(products, person)
    return {"products": products}


def _e(value: object) -> str:
    """Escape text for HTML content or a quoted attribute (what Django's escape does, without
    its lazy-string wrapper: the life story escapes thousands of values)."""
    return html.escape(str(value), quote=True)


ROLE_NOTE = {"lay_reviewer": " (lay reviewer)", "editor": " (editor)"}


def _provenance(product: Product) -> str:
    rows: list[tuple[str, str]] = []
    if getattr(product, "credited", None):
        leads = [
            _e(a.display_name) + (f" ({_e(a.affiliation)})" if a.affiliation else "") for a in product.lead_authors
        ]
        others = [_e(a.display_name) + ROLE_NOTE.get(a.role, "") for a in product.other_authors]
        authors = f"{', '.join(leads)}, with {', '.join(others)}" if leads and others else ", ".join(leads or others)
        rows.append(("By", authors))
    version = product.current_version
    if version is not None:
        if version.released_on:
            when = f"released {date_format(version.released_on, 'j F Y')}"
        else:
            when = f"added {date_format(timezone.localdate(version.created_at), 'j F Y')}"
        rows.append(("Version", f"{_e(version.label)}, {when}"))
    if product.published_on:
        rows.append(("Published", date_format(product.published_on, "F Y")))
    if product.endorsers:
        rows.append(("Endorsed by", ", ".join(_e(name) for name in product.endorsers)))
    body = "".join(f"<dt>{key}</dt><dd>{value}</dd>" for key, value in rows)
    return f'<dl class="gs-provenance nhsuk-body-s">{body}</dl>'


@register.simple_tag
def provenance(product: Product) -> SafeString:
    """A product's provenance, wherever it appears: authors (lay reviewers named as such), its
    current version and date, publication and verified endorsers.

    Rendered in Python, escaping each value with ``_e``: a list page shows it 25 times, and a
    template include per row cost more than the rest of the page. Needs a product from
    ``with_provenance()``.
    """
    return mark_safe(_provenance(product))


@register.simple_tag
def product_rows(products: list[Product], heading: str = "h2") -> SafeString:
    """List items for products (from ``with_provenance()``, with ``shown_communities``): title,
    kind, stage, uptake, provenance, owning communities and the start of the summary.

    Built in one pass like the provenance, each value escaped with ``_e``: lists show 25 a page.
    """
    tag = "h3" if heading == "h3" else "h2"
    items = []
    for product in products:
        rung = (
            f'<strong class="nhsuk-tag nhsuk-tag--aqua-green">Uptake: {product.rung_label.lower()}</strong>'
            if product.rung
            else ""
        )
        communities = getattr(product, "shown_communities", [])
        owners = ", ".join(_e(c.name) for c in communities)
        owners = f'<p class="nhsuk-body-s gs-meta nhsuk-u-margin-bottom-1">From {owners}</p>' if owners else ""
        summary = f'<p class="nhsuk-body-s">{_e(Truncator(product.summary).words(35))}</p>' if product.summary else ""
        items.append(
            f'<li><{tag} class="nhsuk-heading-s nhsuk-u-margin-bottom-1">'
            f'<a href="{_e(product.get_absolute_url())}">{_e(product.title)}</a></{tag}>'
            '<p class="gs-tags nhsuk-u-margin-bottom-1">'
            f'<strong class="nhsuk-tag nhsuk-tag--white">{_e(product.get_kind_display())}</strong> '
            f'<strong class="nhsuk-tag nhsuk-tag--grey">{_e(product.get_stage_display())}</strong> {rung}</p>'
            f"{_provenance(product)}{owners}{summary}</li>"
        )
    return mark_safe("\n".join(items))


PARAGRAPH = '<p class="nhsuk-body-s nhsuk-u-margin-bottom-1">{}</p>'
UNVERIFIED = ' <strong class="nhsuk-tag nhsuk-tag--yellow">Not yet verified</strong>'


@register.simple_tag
def timeline_rows(entries: list[Entry]) -> SafeString:
    """The life story's entries as list items, built in one pass: a product's story runs to
    hundreds of entries, and template loops or ``format_html`` per value cost several times the
    page's queries. Every value from the database goes through ``_e``."""
    links: dict[int, str] = {}

    def gathering_link(gathering: Any) -> str:
        if gathering.pk not in links:
            url = reverse("gatherings:detail", args=[gathering.pk])
            links[gathering.pk] = f'<a href="{_e(url)}">{_e(gathering.title)}</a>'
        return links[gathering.pk]

    items = []
    for e in entries:
        born = e.what == "born" and e.gathering is not None
        title = f"Born at {gathering_link(e.gathering)}" if born else _e(e.title)
        unverified = UNVERIFIED if e.verified is False else ""
        parts = [
            f'<time class="gs-meta" datetime="{_e(e.iso)}">{_e(e.when)}</time>',
            f'<p class="nhsuk-u-margin-bottom-1"><strong>{title}</strong>{unverified}</p>',
        ]
        if e.detail:
            lines = _e(e.detail.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")
            parts.append(PARAGRAPH.format(lines))
        if e.gathering is not None and not born:
            parts.append(PARAGRAPH.format(gathering_link(e.gathering)))
        if e.link:
            hidden = f'<span class="nhsuk-u-visually-hidden">: {_e(e.title)}, {_e(e.when)}</span>'
            parts.append(PARAGRAPH.format(f'<a href="{_e(e.link)}">Evidence{hidden}</a>'))
        items.append(f"<li>{''.join(parts)}</li>")
    return mark_safe("\n".join(items))
