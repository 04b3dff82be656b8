"""The products pages for the axe scan in test_accessibility.py: every page, as a reader of the
demo's GP guidance, as the editor and convenor of a product in a community the person convenes,
and (``public_products_visits``) as a reader outside Groundswell."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from playwright.sync_api import Page

from groundswell.communities.models import Community, Lifecycle, Membership, Role
from groundswell.people.models import Person
from groundswell.products import actions
from groundswell.products.models import AdoptionReport, Product, Version

if TYPE_CHECKING:
    from .test_accessibility import Visit

PDF = b"%PDF-1.7\n%%EOF\n"


def _guidance() -> Product:
    return Product.objects.get(title="Safety-netting in primary care: guidance for GPs")


def _convened(person: Person) -> Community | None:
    membership = (
        Membership.objects.active()
        .filter(person=person, role=Role.CONVENOR)
        .exclude(community__lifecycle=Lifecycle.CLOSED)
        .select_related("community")
        .order_by("community__name")
        .first()
    )
    return membership.community if membership is not None else None


def axe_product(person: Person, community: Community) -> tuple[Product, Version]:
    """A draft in a community the person convenes, with something in every section."""
    existing = Product.objects.filter(communities=community, title="Axe check toolkit").first()
    if existing is not None:
        return existing, existing.versions.order_by("number").first()  # type: ignore[return-value]
    product = actions.create_product(
        [community], by=person, title="Axe check toolkit", kind="toolkit", stage="drafting",
        stage_on=timezone.localdate() - datetime.timedelta(days=30), summary="A toolkit to check the pages.",
    )  # fmt: skip
    version = actions.add_version(product, by=person, label="Draft 1", filename="draft.pdf", raw=PDF)
    actions.add_version(product, by=person, label="Draft 2", link="https://example.org/draft-2")
    actions.add_comment(version, by=person, body="Check the headings.")
    actions.add_author(product, by=person, role="lay_reviewer", name="Axe Reviewer", organisation_name="Voices")
    other = Membership.objects.active().filter(community=community).exclude(person=person).first()
    assert other is not None
    actions.record_event(
        product, by=other.person, kind="presented", occurred_on=timezone.localdate(), venue="A conference"
    )
    actions.record_event(
        product, by=person, kind="endorsed", occurred_on=timezone.localdate(), organisation_name="A royal college"
    )
    return product, version


def products_visits(person: Person) -> list[Visit]:
    """Every products page a signed-in person reaches."""
    from .test_accessibility import Visit, clear_and_submit, submit_empty

    guidance = _guidance()
    g = guidance.pk
    draft = guidance.versions.filter(released_on__isnull=True).order_by("number").first()
    assert draft is not None
    visits = [
        Visit("products", "/products/"),
        Visit("products, filtered", "/products/?q=safety&kind=guideline&stage=in_use&rung=3"),
        Visit("community products", f"/communities/{guidance.communities.get().slug}/products/"),
        Visit("product (reader)", f"/products/{g}/"),
        Visit("product version, closed to comments", f"/products/{g}/versions/{draft.pk}/"),
        Visit("product life story", f"/products/{g}/story/"),
        Visit("product share page, signed in", f"/products/{g}/share/"),
        Visit("we use this, signed in", f"/products/{g}/we-use-this/"),
        Visit("we use this with errors", f"/products/{g}/we-use-this/", submit_empty("Send the report")),
    ]
    community = _convened(person)
    if community is None:
        return visits
    product, version = axe_product(person, community)
    p, slug = product.pk, community.slug
    return [
        *visits,
        Visit("start a product", f"/communities/{slug}/products/new/"),
        Visit("start a product with errors", f"/communities/{slug}/products/new/", submit_empty("Start the product")),
        Visit("product (convenor and editor)", f"/products/{p}/"),
        Visit("product version with comments", f"/products/{p}/versions/{version.pk}/"),
        Visit("comment with errors", f"/products/{p}/versions/{version.pk}/", submit_empty("Add the comment")),
        Visit("change a product", f"/products/{p}/edit/"),
        Visit("change a product with errors", f"/products/{p}/edit/", clear_and_submit("Title", "Save the changes")),
        Visit("move a product's stage", f"/products/{p}/stage/"),
        Visit("move a product's stage with errors", f"/products/{p}/stage/", clear_and_submit("When? Year", "Move it")),
        Visit("add a version", f"/products/{p}/versions/new/"),
        Visit("add a version with errors", f"/products/{p}/versions/new/", submit_empty("Add the version")),
        Visit("authors", f"/products/{p}/authors/"),
        Visit("authors with errors", f"/products/{p}/authors/", submit_empty("Credit them")),
        Visit("where it was born", f"/products/{p}/born-at/"),
        Visit("where it was born with errors", f"/products/{p}/born-at/", submit_empty("Link the gathering")),
        Visit("born in a conversation, errors", f"/products/{p}/born-at/", submit_empty("Link the conversation")),
        Visit("born from a story, errors", f"/products/{p}/born-at/", submit_empty("Link the story")),
        Visit("record a life event", f"/products/{p}/events/new/"),
        Visit(
            "record a life event with errors", f"/products/{p}/events/new/", clear_and_submit("When? Year", "Record it")
        ),
        Visit("draft product life story", f"/products/{p}/story/"),
    ]


def report_use(page: Page) -> None:
    page.get_by_label("Organisation").fill("Harbour Road Practice")
    page.get_by_label("How you use it").fill("In every results consultation.")
    page.get_by_label("Your email address").fill("axe.reader@example.net")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_role("heading", name="Check your email").wait_for()


def public_products_visits() -> list[Visit]:
    """The pages a reader outside Groundswell reaches from a share link."""
    from .test_accessibility import Visit, submit_empty

    guidance = _guidance()
    g = guidance.pk
    report = AdoptionReport.objects.create(
        product=guidance, email="axe.confirm@example.net", organisation_name="Axe Practice", how_used="Daily"
    )
    return [
        Visit("products, signed out", "/products/"),
        Visit("share page", f"/products/{g}/share/"),
        Visit("share page, report sent", f"/products/{g}/share/", report_use),
        Visit("product life story, signed out", f"/products/{g}/story/"),
        Visit("we use this, outside", f"/products/{g}/we-use-this/"),
        Visit("we use this, outside, with errors", f"/products/{g}/we-use-this/", submit_empty("Send the report")),
        Visit("confirm a report", f"/products/{g}/we-use-this/{actions.confirmation_token(report)}/"),
        Visit("a lapsed confirmation link", f"/products/{g}/we-use-this/not-a-token/", status=404),
    ]
