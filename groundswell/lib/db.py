"""Query helpers with no domain knowledge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.models import F, Model, QuerySet, Window
from django.db.models.functions import RowNumber

M = TypeVar("M", bound=Model)


def top_per_group(qs: QuerySet[M], *, group: str, keys: Sequence[Any], order_by: Sequence[str], n: int) -> QuerySet[M]:
    """Return the first ``n`` rows of ``qs`` for each value of ``group`` in ``keys``.

    Where the database can slice the parts of a UNION (PostgreSQL), each group is its own
    ``ORDER BY ... LIMIT n`` answered from an index, so only ``n`` rows per group are read
    however large the group. Elsewhere (SQLite) a window function ranks the rows instead.
    The result is unordered; order it as the caller needs.
    """
    keys = list(keys)
    model = qs.model
    if not keys:
        return qs.none()
    if len(keys) > 1 and connections[qs.db].features.supports_slicing_ordering_in_compound:
        parts = [qs.filter(**{group: key}).order_by(*order_by).values("pk")[:n] for key in keys]
        return model._default_manager.filter(pk__in=parts[0].union(*parts[1:], all=True))
    ordering = [F(field[1:]).desc() if field.startswith("-") else F(field).asc() for field in order_by]
    ranked = (
        qs.filter(**{f"{group}__in": keys})
        .annotate(_place=Window(RowNumber(), partition_by=[F(group)], order_by=ordering))
        .filter(_place__lte=n)
        .values("pk")
    )
    return model._default_manager.filter(pk__in=ranked)
