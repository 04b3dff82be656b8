"""Who may see and change a product. Views and the API obtain products only here.

A product belongs to one or more communities. Its whole record (drafts, every version,
comments, unverified reports) is for people who can see one of those communities, and for its
authors. Once published, its public record (the share page, released versions, verified life
events) is for everyone, signed in or not. Drafts of hidden communities answer 404 to everyone
else, through pages, the API, share links and search.

| may | who |
|---|---|
| read the whole record | anyone who can see an owning community; the product's authors |
| read the public record | anyone, once the product is published |
| comment, record life events (unverified) | active members of an owning community; authors |
| report "we use this" (unverified) | anyone signed in who can read the product; readers outside by email |
| edit, move stage, add versions and authors, link gatherings | convenors of owning communities; lead authors; editors |
| verify or remove life events | convenors of an owning community |
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from groundswell.communities.models import Community, Lifecycle, Membership, MembershipStatus, Privacy, Role
from groundswell.lib.http import Forbidden
from groundswell.people.models import Person
from groundswell.products.models import EDITING_ROLES, Authorship, Product, ProductQuerySet, Version


@dataclass(frozen=True)
class ProductAccess:
    """What one person may do with one product, worked out once per request."""

    product: Product
    # Owning communities the person can see (in name order), and those they belong to or convene.
    visible_communities: tuple[Community, ...]
    member_of: frozenset[int]
    convenor_of: frozenset[int]
    author_role: str | None

    @property
    def full(self) -> bool:
        """Reads the whole record: drafts, every version, comments, unverified reports."""
        return bool(self.visible_communities) or self.author_role is not None

    @property
    def member(self) -> bool:
        """Takes part: comments on drafts and records life events."""
        return bool(self.member_of) or self.author_role is not None

    @property
    def editor(self) -> bool:
        return bool(self.convenor_of) or self.author_role in EDITING_ROLES

    @property
    def convenor(self) -> bool:
        return bool(self.convenor_of)


def product_access(product: Product, person: Person | None) -> ProductAccess:
    """Work out what the person may do with the product (one to three queries; fewer when the
    product comes from ``with_provenance()``, whose communities and authors are at hand)."""
    communities = product.owning_communities()
    memberships: dict[int, str] = {}
    author_role = None
    if person is not None and person.is_authenticated:
        memberships = dict(
            Membership.objects.active()
            .filter(person=person, community__in=[c.pk for c in communities])
            .values_list("community_id", "role")
        )
        credited: list[Authorship] | None = getattr(product, "credited", None)
        if credited is not None:
            author_role = next((a.role for a in credited if a.person_id == person.pk), None)
        else:
            author_role = (
                Authorship.objects.filter(product=product, person=person).values_list("role", flat=True).first()
            )
    visible = tuple(c for c in communities if _can_see(c, person, memberships))
    return ProductAccess(
        product=product,
        visible_communities=visible,
        member_of=frozenset(memberships),
        convenor_of=frozenset(c for c, role in memberships.items() if role == Role.CONVENOR),
        author_role=author_role,
    )


def _can_see(community: Community, person: Person | None, memberships: dict[int, str]) -> bool:
    # communities.access.can_view's rule, with the person's memberships already at hand.
    if community.privacy == Privacy.OPEN:
        return True
    if community.privacy == Privacy.RESTRICTED:
        return person is not None and person.is_authenticated
    return community.pk in memberships


def _product(product_id: int, queryset: ProductQuerySet | None = None) -> Product:
    product = (queryset if queryset is not None else Product.objects.all()).filter(pk=product_id).first()
    if product is None:
        raise Http404("No such product")
    return product


def get_product_for_viewer(
    person: Person | None, product_id: int, queryset: ProductQuerySet | None = None
) -> ProductAccess:
    """Return a product the person may read, its whole record or (once published) its public one; 404 otherwise.

    ``queryset`` fetches the product with what the page needs (``with_provenance()``).
    """
    found = product_access(_product(product_id, queryset), person)
    if not found.full and not found.product.is_public:
        raise Http404("No such product")
    return found


def get_product_for_reader(person: Person | None, product_id: int) -> ProductAccess:
    """Return a product whose whole record the person may read; 404 for everyone else.

    A published product's public record is at its share page; this is for drafts and the rest.
    """
    found = product_access(_product(product_id), person)
    if not found.full:
        raise Http404("No such product")
    return found


def get_public_product(product_id: int, queryset: ProductQuerySet | None = None) -> Product:
    """Return a published product for its share page; 404 before publication, whoever asks."""
    product = _product(product_id, queryset)
    if not product.is_public:
        raise Http404("No such product")
    return product


def get_product_for_member(person: Person, product_id: int) -> ProductAccess:
    """Return a product the person takes part in (member of an owning community, or author); 403 for other readers."""
    found = get_product_for_viewer(person, product_id)
    if not found.member:
        raise Forbidden("Only members of the communities that own this product, and its authors, can do this.")
    return found


def get_product_for_editor(person: Person, product_id: int) -> ProductAccess:
    """Return a product the person edits (convenor, lead author or editor); 403 for other readers."""
    found = get_product_for_viewer(person, product_id)
    if not found.editor:
        raise Forbidden("Only the product's lead authors and editors, and its communities' convenors, can do this.")
    return found


def get_product_for_convenor(person: Person, product_id: int) -> ProductAccess:
    """Return a product whose life events the person verifies (a convenor of an owning community); 403 otherwise."""
    found = get_product_for_viewer(person, product_id)
    if not found.convenor:
        raise Forbidden("Only the convenors of the communities that own this product can do this.")
    return found


def get_version_for_download(person: Person | None, product_id: int, version_id: int) -> tuple[ProductAccess, Version]:
    """Return a version's file for someone who may have it: released versions of published
    products for anyone, drafts for readers of the whole record; 404 otherwise."""
    found = get_product_for_viewer(person, product_id)
    version = Version.objects.filter(pk=version_id, product=found.product).exclude(file="").first()
    if version is None or not (found.full or version.is_released):
        raise Http404("No such version")
    return found, version


def versions_for(found: ProductAccess) -> Q:
    """The versions a reader sees: all of them with the whole record, released ones otherwise."""
    return Q() if found.full else Q(released_on__isnull=False)


def communities_to_own(person: Person) -> list[Community]:
    """Communities a person may start or share a product in: those they belong to and that are not closed."""
    return list(
        Community.objects.filter(memberships__person=person, memberships__status=MembershipStatus.ACTIVE)
        .exclude(lifecycle=Lifecycle.CLOSED)
        .order_by("name", "id")
    )


def mark_visible_owners(products: list[Product], person: Person | None) -> None:
    """Set ``shown_communities`` on each product of a list: its owning communities the person can
    see (one query). Communities come from ``with_provenance()``'s prefetch."""
    owners = {product.pk: product.owning_communities() for product in products}
    communities = {c.pk: c for found in owners.values() for c in found}
    memberships: dict[int, str] = {}
    if person is not None and person.is_authenticated and communities:
        memberships = dict(
            Membership.objects.active()
            .filter(person=person, community_id__in=list(communities))
            .values_list("community_id", "role")
        )
    for product in products:
        product.shown_communities = [  # type: ignore[attr-defined]
            c for c in owners[product.pk] if _can_see(c, person, memberships)
        ]
