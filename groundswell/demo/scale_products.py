"""Products at national scale, added to a ``seed_scale`` dataset by ``make bench``.

``products`` products (50,000 for 250,000 people) across the communities, each owned by one to
three of them, with authors, versions (links: no files at this scale), dated stages and a few
life events, at every stage and rung; plus one product with 200 life events in the community
the benchmark persona convenes, read as its convenor would. Rows are loaded with the same
``COPY`` (PostgreSQL) or batched ``INSERT`` (SQLite) as ``seed_scale``, with explicit ids; the
uptake rung is written with the rows, as ``refresh_rung`` would compute it.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from groundswell.communities.models import Community, MembershipStatus, Role
from groundswell.demo.scale import TOPICS, _Sink
from groundswell.gatherings.models import Gathering
from groundswell.people.models import Organisation, Person
from groundswell.products import actions
from groundswell.products.models import (
    RUNG_OF_KIND,
    Authorship,
    EventKind,
    LifeEvent,
    Product,
    ProductKind,
    Rung,
    Stage,
    StageChange,
    Version,
)

# One product for every five people: 50,000 at the national scale of 250,000.
PEOPLE_PER_PRODUCT = 5
BIG_PRODUCT_EVENTS = 200
AUDIENCES = [
    "GPs",
    "practice nurses",
    "cancer nurse specialists",
    "commissioners",
    "patients and carers",
    "network managers",
    "prison healthcare teams",
    "pharmacists",
]
FORMS = {
    ProductKind.GUIDELINE: "guidance on",
    ProductKind.STANDARD: "a standard for",
    ProductKind.FRAMEWORK: "a framework for",
    ProductKind.REPORT: "a report on",
    ProductKind.TOOLKIT: "a toolkit for",
    ProductKind.PATIENT_INFORMATION: "what to expect from",
    ProductKind.CONSULTATION_RESPONSE: "our response on",
    ProductKind.ARTICLE: "learning from",
    ProductKind.CURRICULUM: "a curriculum in",
    ProductKind.PRESENTATION: "talking about",
    ProductKind.PROGRAMME: "a programme for",
}
# Where products stand: most published ones are at least seen; a few travel all the way.
STAGES = [
    (Stage.IDEA, 8),
    (Stage.DRAFTING, 20),
    (Stage.CONSULTATION, 8),
    (Stage.ENDORSED, 4),
    (Stage.PUBLISHED, 30),
    (Stage.IN_USE, 20),
    (Stage.REVISED, 6),
    (Stage.RETIRED, 4),
]
UPTAKE = [
    EventKind.PRESENTED,
    EventKind.DISCUSSED_AT_GATHERING,
    EventKind.CITED_ACADEMIC,
    EventKind.CITED_POLICY,
    EventKind.ENDORSED,
    EventKind.ADOPTED,
    EventKind.ADAPTED_LOCALLY,
]


@dataclass(frozen=True)
class BenchProducts:
    big_product_id: int
    community_slug: str
    products: int
    events: int


def _next_id(model: Any) -> int:
    return int(model.objects.aggregate(n=Max("pk"))["n"] or 0) + 1


class _Generator:
    def __init__(self, count: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.count = count
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.community_ids = list(Community.objects.order_by("pk").values_list("pk", flat=True))
        self.person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:50_000])
        self.org_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:5_000])
        self.first: dict[Any, int] = {m: _next_id(m) for m in (Product, Authorship, Version, StageChange, LifeEvent)}
        self.first["owners"] = _next_id(Product.communities.through)
        self.stages, weights = zip(*STAGES, strict=True)
        self.stage_weights = list(weights)
        # Per product: (stage, published_on, rung, created day offset)
        self.plans: list[tuple[str, datetime.date | None, int, int]] = []
        self.events_written = 0

    def products(self) -> Iterator[tuple[Any, ...]]:
        rng, kinds = self.rng, list(ProductKind)
        for n in range(self.count):
            pk = self.first[Product] + n
            kind = rng.choice(kinds)
            topic, audience = rng.choice(TOPICS), rng.choice(AUDIENCES)
            stage = rng.choices(self.stages, self.stage_weights)[0]
            age = rng.randint(30, 5 * 365)
            published = stage in (Stage.PUBLISHED, Stage.IN_USE, Stage.REVISED, Stage.RETIRED)
            published_on = self.today - datetime.timedelta(days=rng.randint(1, age)) if published else None
            rung = self._rung(published)
            self.plans.append((stage, published_on, rung, age))
            created = self.now - datetime.timedelta(days=age)
            updated = self.now - datetime.timedelta(days=rng.randint(0, age), seconds=rng.randint(0, 86_399))
            title = f"{topic}: {FORMS[kind]} {audience}"
            summary = (
                f"What {audience} in {rng.choice(['the North', 'London', 'the Midlands', 'rural areas'])} "
                f"learned about {topic.lower()}, and what to do about it."
            )
            yield (
                pk,
                kind,
                title,
                summary,
                audience,
                "",
                "",
                "",
                stage,
                published_on,
                rung,
                rng.choice(self.person_ids),
                created,
                updated,
            )

    def _rung(self, published: bool) -> int:
        if not published:
            return Rung.NONE
        roll = self.rng.random()
        return (
            Rung.NONE
            if roll < 0.2
            else Rung.SEEN
            if roll < 0.55
            else Rung.DISCUSSED
            if roll < 0.7
            else Rung.CITED
            if roll < 0.85
            else Rung.ENDORSED
            if roll < 0.93
            else Rung.ADOPTED
        )

    def owners(self) -> Iterator[tuple[Any, ...]]:
        pk = self.first["owners"]
        for n in range(self.count):
            for community in self.rng.sample(self.community_ids, self.rng.choice([1, 1, 1, 2, 3])):
                yield (pk, self.first[Product] + n, community)
                pk += 1

    def authors(self) -> Iterator[tuple[Any, ...]]:
        pk = self.first[Authorship]
        for n in range(self.count):
            people = self.rng.sample(self.person_ids, 3)
            for position, (person, role) in enumerate(
                zip(people, ("lead_author", "contributor", "lay_reviewer"), strict=True), 1
            ):
                yield (
                    pk,
                    self.first[Product] + n,
                    person,
                    "",
                    self.rng.choice(self.org_ids),
                    "",
                    role,
                    position,
                    None,
                    self.now,
                )
                pk += 1

    def versions(self) -> Iterator[tuple[Any, ...]]:
        pk = self.first[Version]
        for n in range(self.count):
            _, published_on, _, age = self.plans[n]
            for number in range(1, self.rng.randint(1, 3) + 1):
                released = published_on if published_on is not None and number == 1 else None
                yield (
                    pk,
                    self.first[Product] + n,
                    number,
                    f"Version {number}",
                    "",
                    "",
                    "",
                    "",
                    None,
                    f"https://example.org/products/{n}/v{number}",
                    released,
                    None,
                    self.now - datetime.timedelta(days=age - number),
                )
                pk += 1

    def stage_changes(self) -> Iterator[tuple[Any, ...]]:
        pk = self.first[StageChange]
        for n in range(self.count):
            stage, published_on, _, age = self.plans[n]
            start = self.today - datetime.timedelta(days=age)
            moves: list[tuple[str, datetime.date]] = [(Stage.IDEA, start)]
            if published_on is not None:
                moves.append((Stage.PUBLISHED, published_on))
            if stage not in (Stage.IDEA, Stage.PUBLISHED):
                moves.append((stage, max(published_on or start, start)))
            for move, on in moves:
                yield (pk, self.first[Product] + n, move, on, "day", "", None, self.now)
                pk += 1

    def events(self) -> Iterator[tuple[Any, ...]]:
        pk = self.first[LifeEvent]
        for n in range(self.count):
            _, published_on, rung, _ = self.plans[n]
            if published_on is None or rung == Rung.NONE:
                continue
            # One verified event on the product's rung, and one or two below it.
            kinds = [k for k in UPTAKE if RUNG_OF_KIND[k] == rung]
            below = [k for k in UPTAKE if RUNG_OF_KIND[k] < rung]
            for kind in [self.rng.choice(kinds), *self.rng.sample(below, min(len(below), self.rng.randint(0, 2)))]:
                since = max(0, (self.today - published_on).days)
                day = published_on + datetime.timedelta(days=self.rng.randint(0, since))
                organisation = self.rng.choice(self.org_ids)
                yield (
                    pk,
                    self.first[Product] + n,
                    None,
                    kind,
                    day,
                    "day",
                    organisation,
                    "",
                    "",
                    None,
                    None,
                    None,
                    "",
                    "",
                    None,
                    "",
                    True,
                    None,
                    None,
                    self.now,
                )
                pk += 1
                self.events_written += 1


PRODUCT_COLUMNS = (
    "id",
    "kind",
    "title",
    "summary",
    "audience",
    "licence",
    "doi",
    "canonical_url",
    "stage",
    "published_on",
    "rung",
    "created_by_id",
    "created_at",
    "updated_at",
)
OWNER_COLUMNS = ("id", "product_id", "community_id")
AUTHOR_COLUMNS = (
    "id",
    "product_id",
    "person_id",
    "name",
    "organisation_id",
    "organisation_name",
    "role",
    "position",
    "added_by_id",
    "created_at",
)
VERSION_COLUMNS = (
    "id",
    "product_id",
    "number",
    "label",
    "change_summary",
    "file",
    "extension",
    "content_type",
    "size",
    "link",
    "released_on",
    "added_by_id",
    "created_at",
)
STAGE_COLUMNS = ("id", "product_id", "stage", "on", "precision", "note", "by_id", "created_at")
EVENT_COLUMNS = (
    "id",
    "product_id",
    "version_id",
    "kind",
    "occurred_on",
    "date_precision",
    "organisation_id",
    "organisation_name",
    "venue",
    "gathering_id",
    "audience_size",
    "count",
    "link",
    "evidence",
    "recorded_by_id",
    "reporter_email",
    "verified",
    "verified_by_id",
    "verified_at",
    "created_at",
)


def _big_product(persona: Person, rng: random.Random) -> tuple[Product, Community]:
    """A product with 200 life events in the community the persona convenes, through the actions."""
    community = Community.objects.filter(
        memberships__person=persona, memberships__role=Role.CONVENOR, memberships__status=MembershipStatus.ACTIVE
    ).first()
    assert community is not None, "the benchmark persona convenes no community"
    today = timezone.localdate()
    product = actions.create_product(
        [community],
        by=persona,
        title="Faster diagnosis toolkit (benchmark)",
        kind=ProductKind.TOOLKIT,
        stage=Stage.DRAFTING,
        stage_on=today - datetime.timedelta(days=1500),
        summary="The benchmark's product: five years of life events.",
    )
    people = list(Person.objects.exclude(pk=persona.pk).order_by("pk")[:20])
    for n in range(12):
        actions.add_author(product, by=persona, role=["contributor", "lay_reviewer", "editor"][n % 3], person=people[n])
    for n in range(6):
        actions.add_version(product, by=persona, label=f"Draft {n + 1}", link=f"https://example.org/bench/{n}")
    actions.change_stage(product, by=persona, stage=Stage.PUBLISHED, on=today - datetime.timedelta(days=1400))
    gatherings = list(Gathering.objects.filter(community=community).order_by("pk")[:5])
    actions.update_product(product, by=persona, born_at=gatherings[:1])
    organisations = list(Organisation.objects.order_by("pk")[:200])
    rows = []
    for n in range(BIG_PRODUCT_EVENTS):
        kind = UPTAKE[n % len(UPTAKE)]
        rows.append(
            LifeEvent(
                product=product,
                kind=kind,
                occurred_on=today - datetime.timedelta(days=1390 - 6 * n),
                organisation=organisations[n % len(organisations)],
                venue="A conference" if n % 3 else "",
                gathering=gatherings[n % len(gatherings)]
                if gatherings and kind in (EventKind.PRESENTED, EventKind.DISCUSSED_AT_GATHERING)
                else None,
                audience_size=rng.randint(20, 400) if kind == EventKind.PRESENTED else None,
                evidence="Board paper and minutes.",
                link=f"https://example.org/evidence/{n}",
                recorded_by=persona,
                verified=n % 10 != 0,
                verified_by=persona if n % 10 else None,
            )
        )
    LifeEvent.objects.bulk_create(rows)
    actions.refresh_rung(product)
    return product, community


@transaction.atomic
def seed_bench_products(persona: Person, *, products: int, seed: int = 2024) -> BenchProducts:
    """Load ``products`` products across the dataset's communities, and the 200-event product."""
    generator = _Generator(products, seed)
    sink = _Sink(freeze=False)
    loaded: list[tuple[Any, tuple[str, ...], Iterator[tuple[Any, ...]]]] = [
        (Product, PRODUCT_COLUMNS, generator.products()),
        (Product.communities.through, OWNER_COLUMNS, generator.owners()),
        (Authorship, AUTHOR_COLUMNS, generator.authors()),
        (Version, VERSION_COLUMNS, generator.versions()),
        (StageChange, STAGE_COLUMNS, generator.stage_changes()),
        (LifeEvent, EVENT_COLUMNS, generator.events()),
    ]
    for model, columns, rows in loaded:
        sink.load(str(model._meta.db_table), columns, rows)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, _, _ in loaded]):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            # Rows COPYed into a table with GIN indexes wait in the indexes' pending lists, which
            # every search then reads in full, until a vacuum merges them: merge them now.
            for index in ("product_title_trgm", "product_summary_trgm"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            for model, _, _ in loaded:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(str(model._meta.db_table))}")
    big, community = _big_product(persona, generator.rng)
    return BenchProducts(
        big_product_id=big.pk, community_slug=community.slug, products=products, events=generator.events_written
    )
