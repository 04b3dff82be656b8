"""Products (guidance, standards, toolkits...) and their social life.

A product has a lifecycle with dated stages, versions (a file or a link), authors, and life
events: what happened to it once people outside its authors got hold of it. Life events feed
the uptake ladder (seen < discussed < cited < endorsed < adopted), which is stored on the
product so that lists can filter by it at national scale.
"""

from __future__ import annotations

import functools
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone

from groundswell.communities.models import Community, Membership, MembershipStatus, Privacy
from groundswell.lib.dates import DatePrecision, describe

if TYPE_CHECKING:
    from groundswell.people.models import Person


class ProductKind(models.TextChoices):
    GUIDELINE = "guideline", "Guideline"
    STANDARD = "standard", "Standard"
    FRAMEWORK = "framework", "Framework"
    REPORT = "report", "Report"
    TOOLKIT = "toolkit", "Toolkit"
    PATIENT_INFORMATION = "patient_information", "Patient information"
    CONSULTATION_RESPONSE = "consultation_response", "Consultation response"
    ARTICLE = "article", "Article"
    CURRICULUM = "curriculum", "Curriculum"
    PRESENTATION = "presentation", "Presentation"
    PROGRAMME = "programme", "Programme"


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    DRAFTING = "drafting", "Drafting"
    CONSULTATION = "consultation", "Out for consultation"
    ENDORSED = "endorsed", "Endorsed"
    PUBLISHED = "published", "Published"
    IN_USE = "in_use", "In use"
    REVISED = "revised", "Revised"
    RETIRED = "retired", "Retired"


# Stages that only a product published before can be in.
AFTER_PUBLICATION = frozenset({Stage.IN_USE, Stage.REVISED})
# Members comment on versions only while the product is being written.
COMMENTING_STAGES = frozenset({Stage.DRAFTING, Stage.CONSULTATION})


class Rung(models.IntegerChoices):
    """The uptake ladder: the highest step a product's verified life events reach."""

    NONE = 0, "No uptake recorded"
    SEEN = 1, "Seen"
    DISCUSSED = 2, "Discussed"
    CITED = 3, "Cited"
    ENDORSED = 4, "Endorsed"
    ADOPTED = 5, "Adopted"


class EventKind(models.TextChoices):
    DRAFT_CIRCULATED = "draft_circulated", "Draft circulated"
    COMMENT_RECEIVED = "comment_received", "Comments received"
    REVISED = "revised", "Revised"
    ENDORSED = "endorsed", "Endorsed"
    PUBLISHED = "published", "Published"
    PRESENTED = "presented", "Presented"
    DISCUSSED_AT_GATHERING = "discussed_at_gathering", "Discussed at a gathering"
    DOWNLOADED = "downloaded", "Downloaded"
    CITED_ACADEMIC = "cited_academic", "Cited in academic work"
    CITED_POLICY = "cited_policy", "Cited in policy"
    REFERENCED_IN_GUIDELINE = "referenced_in_guideline", "Referenced in a guideline"
    ADOPTED = "adopted", "Adopted"
    ADAPTED_LOCALLY = "adapted_locally", "Adapted locally"
    TRANSLATED = "translated", "Translated"
    MENTIONED_MEDIA = "mentioned_media", "Mentioned in the media"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Which rung of the ladder each kind of life event reaches (docs/subsystems/products.md).
# Kinds about writing the product (drafts, comments, revisions, publication, withdrawal) say
# nothing about uptake and reach no rung. Downloads counted on the share page reach "seen" too.
RUNG_OF_KIND: dict[str, int] = {
    EventKind.DOWNLOADED: Rung.SEEN,
    EventKind.PRESENTED: Rung.SEEN,
    EventKind.MENTIONED_MEDIA: Rung.SEEN,
    EventKind.DISCUSSED_AT_GATHERING: Rung.DISCUSSED,
    EventKind.CITED_ACADEMIC: Rung.CITED,
    EventKind.CITED_POLICY: Rung.CITED,
    EventKind.REFERENCED_IN_GUIDELINE: Rung.CITED,
    EventKind.ENDORSED: Rung.ENDORSED,
    EventKind.ADOPTED: Rung.ADOPTED,
    EventKind.ADAPTED_LOCALLY: Rung.ADOPTED,
    EventKind.TRANSLATED: Rung.ADOPTED,
}
# The events whose first date, after publication, is the community's "time to uptake".
UPTAKE_KINDS = (EventKind.CITED_POLICY, EventKind.ADOPTED)
# Kinds that need the organisation that did it.
ORGANISATION_KINDS = frozenset({EventKind.ENDORSED, EventKind.ADOPTED, EventKind.ADAPTED_LOCALLY})
# Kinds that may name the gathering where they happened.
GATHERING_KINDS = frozenset({EventKind.PRESENTED, EventKind.DISCUSSED_AT_GATHERING})


class AuthorRole(models.TextChoices):
    LEAD_AUTHOR = "lead_author", "Lead author"
    CONTRIBUTOR = "contributor", "Contributor"
    LAY_REVIEWER = "lay_reviewer", "Lay reviewer"
    EDITOR = "editor", "Editor"


# Authors in these roles edit the product with the owning communities' convenors.
EDITING_ROLES = frozenset({AuthorRole.LEAD_AUTHOR, AuthorRole.EDITOR})


@functools.cache
def _product_url_pattern() -> str:
    """The product page's URL with a slot for the id, reversed once per process (lists link 25)."""
    url = reverse("products:detail", args=[987654321])
    assert url.count("987654321") == 1, url
    return url.replace("987654321", "{}")


def _readable(person: Person | None) -> Q:
    """Condition: the person reads the product's whole record (an owning community they can see,
    or they are one of its authors).

    The communities' rule (``CommunityQuerySet.visible_to``: open ones; restricted ones when
    signed in; hidden ones as a member), applied to each candidate product's owners. Correlated
    scalar subqueries rather than EXISTS: inside an OR, PostgreSQL hashed every product owned by
    any visible community (60,000 rows, 20 ms at national scale) before looking at a page of
    products; this checks only the rows it considers (docs/performance.md).
    """
    viewer = person if person is not None and person.is_authenticated else None
    seen = Q(community__privacy__in=[Privacy.OPEN, Privacy.RESTRICTED] if viewer else [Privacy.OPEN])
    if viewer is not None:
        mine = Membership.objects.filter(person_id=viewer.pk, status=MembershipStatus.ACTIVE)
        seen |= Q(community_id__in=mine.values("community_id"))
    owners = Product.communities.through.objects.filter(seen, product_id=OuterRef("pk")).values("pk")[:1]
    condition = Q(IsNull(Subquery(owners), False))
    if viewer is not None:
        authored = Authorship.objects.filter(product_id=OuterRef("pk"), person_id=viewer.pk).values("pk")[:1]
        condition |= Q(IsNull(Subquery(authored), False))
    return condition


# What provenance shows of an author: lists load dozens, so only these columns.
AUTHOR_FIELDS = (
    "id", "product_id", "person_id", "name", "organisation_id", "organisation_name", "role", "position",
    "person__display_name", "person__profession", "person__lay_partner_override", "organisation__name",
)  # fmt: skip


class ProductQuerySet(models.QuerySet["Product"]):
    def seen_through_communities(self, person: Person | None) -> ProductQuerySet:
        """Return products whose whole record the person may read: an owning community they can
        see (open ones, restricted ones when signed in, hidden ones as a member), or their own."""
        return self.filter(_readable(person))

    def visible_to(self, person: Person | None) -> ProductQuerySet:
        """Return products the person may find: public (published) ones, and those they may read
        through an owning community. Drafts of hidden communities stay hidden from outsiders."""
        return self.filter(Q(published_on__isnull=False) | _readable(person))

    def search(
        self, *, q: str = "", kind: str = "", stage: str = "", rung: int | None = None, community_id: int | None = None
    ) -> ProductQuerySet:
        """Filter by words in the title or summary, kind, stage, the lowest rung reached and an
        owning community; most recently active first."""
        qs = self
        if q:
            qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q))
        if kind:
            qs = qs.filter(kind=kind)
        if stage:
            qs = qs.filter(stage=stage)
        if rung:
            qs = qs.filter(rung__gte=rung)
        if community_id is not None:
            qs = qs.filter(
                Exists(Product.communities.through.objects.filter(product_id=OuterRef("pk"), community_id=community_id))
            )
        return qs.order_by("-updated_at", "-id")

    def with_provenance(self, *, versions: bool = True) -> ProductQuerySet:
        """Fetch, with the products, what shows their provenance wherever they appear: authors,
        versions, verified endorsements and owning communities (four more queries for a whole
        page, see ``load_provenance``).

        Without ``versions``, the caller sets ``newest_first`` from its own query of them.
        """
        clone: ProductQuerySet = self._chain()  # type: ignore[attr-defined]
        clone._provenance = versions
        return clone

    # Set by with_provenance(): None, or whether to load versions too. Carried by _clone so
    # that slicing and .get() keep it.
    _provenance: bool | None = None

    def _clone(self) -> ProductQuerySet:
        clone: ProductQuerySet = super()._clone()  # type: ignore[misc]
        clone._provenance = self._provenance
        return clone

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._provenance is not None and self._result_cache and isinstance(self._result_cache[0], Product):
            load_provenance(self._result_cache, versions=self._provenance)  # type: ignore[arg-type]


def load_provenance(products: list[Product], *, versions: bool = True) -> None:
    """Attach provenance to products: ``credited`` authors, ``newest_first`` versions,
    ``endorsements`` and ``owners`` (one query each, whatever the number of products).

    Plain queries grouped here rather than ``prefetch_related``, whose machinery cost more than
    the queries on a page of 25 products.
    """
    if not products:
        return
    ids = [p.pk for p in products]
    credited: dict[int, list[Authorship]] = {pk: [] for pk in ids}
    authors = (
        Authorship.objects.filter(product_id__in=ids)
        .select_related("person", "organisation")
        .only(*AUTHOR_FIELDS)
        .order_by("product_id", "position", "id")
    )
    for author in authors:
        credited[author.product_id].append(author)
    newest: dict[int, list[Version]] = {pk: [] for pk in ids}
    if versions:
        rows = (
            Version.objects.filter(product_id__in=ids)
            .only("id", "product_id", "number", "label", "released_on", "created_at", "file", "link")
            .order_by("product_id", "-number")
        )
        for version in rows:
            newest[version.product_id].append(version)
    endorsements: dict[int, list[LifeEvent]] = {pk: [] for pk in ids}
    events = (
        LifeEvent.objects.filter(product_id__in=ids, kind=EventKind.ENDORSED, verified=True)
        .select_related("organisation")
        .only("id", "product_id", "organisation_name", "organisation__name")
        .order_by("occurred_on", "id")
    )
    for event in events:
        endorsements[event.product_id].append(event)
    owners: dict[int, list[Community]] = {pk: [] for pk in ids}
    links = (
        Product.communities.through.objects.filter(product_id__in=ids)
        .select_related("community")
        .only("product_id", "community__id", "community__name", "community__slug", "community__privacy")
        .order_by("community__name", "community__id")
    )
    for link in links:
        owners[link.product_id].append(link.community)
    for product in products:
        product.credited = credited[product.pk]  # type: ignore[attr-defined]
        product.endorsements = endorsements[product.pk]  # type: ignore[attr-defined]
        product.owners = owners[product.pk]  # type: ignore[attr-defined]
        if versions:
            product.newest_first = newest[product.pk]  # type: ignore[attr-defined]


class Product(models.Model):
    """Something a community made for others to use: guidance, a standard, a toolkit..."""

    kind = models.CharField(max_length=32, choices=ProductKind.choices, default=ProductKind.GUIDELINE)
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=2000, blank=True)
    audience = models.CharField(max_length=300, blank=True, help_text="Who it is for.")
    licence = models.CharField(
        max_length=120, blank=True, help_text="For example CC BY 4.0 or Open Government Licence."
    )
    doi = models.CharField("DOI", max_length=200, blank=True)
    canonical_url = models.URLField("canonical web address", max_length=500, blank=True)
    communities = models.ManyToManyField("communities.Community", related_name="products")
    # Where it was born: gatherings, conversations and stories, each shown from both sides.
    born_at = models.ManyToManyField("gatherings.Gathering", blank=True, related_name="products_born")
    born_in_threads = models.ManyToManyField("conversations.Thread", blank=True, related_name="products_born")
    born_in_stories = models.ManyToManyField("stories.Story", blank=True, related_name="products_born")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.IDEA)
    # The date of the first move to "published": from then on the product is public (its share
    # page, released versions and verified life events), and the clock for time to uptake starts.
    published_on = models.DateField(null=True, blank=True)
    # The highest rung of the uptake ladder reached by verified events; kept by the actions.
    rung = models.PositiveSmallIntegerField(choices=Rung.choices, default=Rung.NONE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ProductQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["updated_at", "id"], name="product_updated"),
            models.Index(fields=["kind", "updated_at"], name="product_kind_updated"),
            models.Index(fields=["stage", "updated_at"], name="product_stage_updated"),
            models.Index(fields=["rung", "updated_at"], name="product_rung_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _product_url_pattern().format(self.pk)

    @property
    def is_public(self) -> bool:
        """Once published, a product stays public (a second edition is drafted in the open record)."""
        return self.published_on is not None

    @property
    def takes_comments(self) -> bool:
        return self.stage in COMMENTING_STAGES

    @property
    def rung_label(self) -> str:
        return Rung(self.rung).label

    # Provenance, from ProductQuerySet.with_provenance().

    def owning_communities(self) -> list[Community]:
        """The owning communities, by name: prefetched by ``with_provenance()``, or read now."""
        owners: list[Community] | None = getattr(self, "owners", None)
        return owners if owners is not None else list(self.communities.order_by("name", "id"))

    @property
    def current_version(self) -> Version | None:
        """The version readers get: the newest released one once published, the newest before."""
        versions: list[Version] = getattr(self, "newest_first", None) or []
        if self.is_public:
            return next((v for v in versions if v.released_on is not None), None)
        return versions[0] if versions else None

    @property
    def lead_authors(self) -> list[Authorship]:
        credited: list[Authorship] = getattr(self, "credited", [])
        return [a for a in credited if a.role == AuthorRole.LEAD_AUTHOR]

    @property
    def other_authors(self) -> list[Authorship]:
        credited: list[Authorship] = getattr(self, "credited", [])
        return [a for a in credited if a.role != AuthorRole.LEAD_AUTHOR]

    @property
    def lay_reviewers(self) -> list[Authorship]:
        credited: list[Authorship] = getattr(self, "credited", [])
        return [a for a in credited if a.role == AuthorRole.LAY_REVIEWER]

    @property
    def endorsers(self) -> list[str]:
        endorsements: list[LifeEvent] = getattr(self, "endorsements", [])
        return list(dict.fromkeys(e.actor for e in endorsements if e.actor))


class StageChange(models.Model):
    """One move of a product through its lifecycle, with the date it happened (maybe approximate)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    on = models.DateField()
    precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["product", "on"], name="stage_change_product_on")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.when})"

    @property
    def when(self) -> str:
        return describe(self.on, self.precision)


def _version_path(version: Version, filename: str) -> str:
    # A generated name under products/: the uploader's file name is never used for storage.
    return f"products/{version.product_id}/{uuid.uuid4().hex}.{version.extension}"


class Version(models.Model):
    """A fixed, citable state of a product: a file we keep or a link to where it lives.

    Earlier versions stay available. Only released versions reach readers outside the
    communities (the share page); drafts stay with the people who can see the product.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60, help_text="For example Draft 2, Consultation draft or 1.0.")
    change_summary = models.TextField(max_length=2000, blank=True)
    file = models.FileField(upload_to=_version_path, max_length=200, blank=True)
    extension = models.CharField(max_length=8, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    link = models.URLField(max_length=500, blank=True)
    released_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="one_version_per_number"),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")), name="version_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_released(self) -> bool:
        return self.released_on is not None

    @property
    def has_file(self) -> bool:
        return bool(self.file)


class VersionComment(models.Model):
    """A member's comment on a version while the product is drafted or out for consultation."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["version", "created_at"], name="comment_version_time")]

    def __str__(self) -> str:
        return self.body[:60]


class Authorship(models.Model):
    """Credit for a product: a person in Groundswell or a named outsider, with their organisation."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="authorships"
    )
    name = models.CharField(max_length=120, blank=True, help_text="For an author without an account.")
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=16, choices=AuthorRole.choices, default=AuthorRole.CONTRIBUTOR)
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["product", "position"], name="authorship_product_position")]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "person"], condition=Q(person__isnull=False), name="one_authorship_per_person"
            ),
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="authorship_has_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return self.person.display_name if self.person is not None else self.name

    @property
    def affiliation(self) -> str:
        return self.organisation.name if self.organisation is not None else self.organisation_name

    @property
    def is_lay(self) -> bool:
        return self.role == AuthorRole.LAY_REVIEWER or (self.person is not None and self.person.is_lay_partner)


class LifeEventQuerySet(models.QuerySet["LifeEvent"]):
    def verified(self) -> LifeEventQuerySet:
        """Return events a convenor has confirmed (or that the system counted)."""
        return self.filter(verified=True)

    def in_order(self) -> LifeEventQuerySet:
        """Return events oldest first."""
        return self.order_by("occurred_on", "created_at", "id")


class LifeEvent(models.Model):
    """Something that happened to a product in the world: presented, cited, endorsed, adopted..."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    occurred_on = models.DateField()
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="For an organisation not in Groundswell's list."
    )
    venue = models.CharField(max_length=200, blank=True, help_text="Where it happened, outside Groundswell.")
    gathering = models.ForeignKey(
        "gatherings.Gathering", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience_size = models.PositiveIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True, help_text="For downloads counted elsewhere.")
    link = models.URLField(max_length=500, blank=True)
    evidence = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A reader outside Groundswell who reported "we use this": kept only until a convenor
    # verifies or removes the report, so they can be asked about it (docs/subsystems/products.md).
    reporter_email = models.EmailField(blank=True)
    verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = LifeEventQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["product", "occurred_on"], name="event_product_date"),
            models.Index(fields=["product", "kind", "verified"], name="event_product_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.when})"

    @property
    def when(self) -> str:
        return describe(self.occurred_on, self.date_precision)

    @property
    def actor(self) -> str:
        return self.organisation.name if self.organisation is not None else self.organisation_name

    @property
    def headline(self) -> str:
        """What happened, in words that read well before "by ..." or "at ..."."""
        return "Discussed" if self.kind == EventKind.DISCUSSED_AT_GATHERING else self.get_kind_display()

    @property
    def rung(self) -> int:
        return RUNG_OF_KIND.get(self.kind, Rung.NONE)


class DownloadMonth(models.Model):
    """How many times a product's released versions were downloaded in a month. Nothing else
    is recorded about who downloaded them: no address, no browser, no account."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="download_months")
    month = models.DateField(help_text="The first day of the month.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "month"], name="one_count_per_product_month")]

    def __str__(self) -> str:
        return f"{self.count} in {self.month:%B %Y}"


class AdoptionReport(models.Model):
    """A "we use this" report from a reader outside Groundswell, waiting for them to confirm it
    from the link we emailed. Deleted once confirmed (it becomes an unverified adoption) or
    after the link has lapsed (``manage.py clear_adoption_reports``)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    organisation_name = models.CharField(max_length=200)
    how_used = models.TextField(max_length=2000)
    link = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["email", "created_at"], name="adoption_report_email_time")]

    def __str__(self) -> str:
        return f"{self.organisation_name} uses {self.product_id}"
