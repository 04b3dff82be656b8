"""Builders for product tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from groundswell.communities.models import Community
from groundswell.people import actions as people_actions
from groundswell.people.models import Person
from groundswell.products import actions
from groundswell.products.models import Product

# The smallest PDF our content check accepts, and a real-looking Word package.
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_product(community: Community, by: Person, **fields: Any) -> Product:
    """Start a guideline in the community, by a member who becomes its lead author."""
    fields.setdefault("title", "Safety-netting after a normal test")
    fields.setdefault("kind", "guideline")
    # An idea from long ago, so that later stages may be dated any time since.
    if "stage_on" not in fields:
        fields.update(stage_on=datetime.date(2019, 1, 1), stage_precision="year")
    return actions.create_product([community], by=by, **fields)


def publish(product: Product, by: Person, on: datetime.date | None = None) -> Product:
    """Add a first version and publish the product (releasing that version)."""
    if not product.versions.exists():
        actions.add_version(product, by=by, label="1.0", filename="guide.pdf", raw=PDF)
    actions.change_stage(product, by=by, stage="published", on=on or timezone.localdate())
    product.refresh_from_db()
    return product


def bearer(person: Person) -> dict[str, str]:
    _, raw = people_actions.create_api_token(person, name="tests")
    return {"Authorization": f"Bearer {raw}"}
