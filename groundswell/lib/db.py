"""Query helpers with no domain knowledge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.models import F, Model, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

M = TypeVar("M", bound=Model)


def top_per_group(qs: QuerySet[M], *, group: str, keys: Sequence[Any], order_by: Sequence[str], n: int) -> QuerySet[M]:
    """Return the first ``n`` rows of ``qs`` for each value of ``group`` in ``keys``.

    On PostgreSQL each group is its own ``ORDER BY ... LIMIT n``, joined laterally to the list
    of keys, so an index on (group, order) serves every group and only ``n`` rows per group are
    read however large the group; the inner query is compiled once, whatever the number of
    keys. Elsewhere (SQLite) a window function ranks the rows instead. The result is
    unordered; order it as the caller needs.
    """
    keys = list(keys)
    model = qs.model
    if not keys:
        return qs.none()
    connection = connections[qs.db]
    if connection.vendor == "postgresql":
        # The inner query compares the group to the key of the lateral row, "g"."key".
        inner = qs.filter(**{group: RawSQL('"g"."key"', ())}).order_by(*order_by).values("pk")[:n]
        inner_sql, inner_params = inner.query.sql_with_params()
        key_type = model._meta.get_field(group).db_type(connection)
        lateral = (
            f'SELECT "t".* FROM unnest(%s::{key_type}[]) AS "g"("key") '  # noqa: S608
            f'CROSS JOIN LATERAL ({inner_sql}) AS "t"'
        )
        # Safe: the SQL is Django's own compilation plus a column type from the model; every
        # value, the keys included, is passed as a parameter.
        return model._default_manager.filter(pk__in=RawSQL(lateral, (keys, *inner_params)))  # noqa: S611
    ordering = [F(field[1:]).desc() if field.startswith("-") else F(field).asc() for field in order_by]
    ranked = (
        qs.filter(**{f"{group}__in": keys})
        .annotate(_place=Window(RowNumber(), partition_by=[F(group)], order_by=ordering))
        .filter(_place__lte=n)
        .values("pk")
    )
    return model._default_manager.filter(pk__in=ranked)
