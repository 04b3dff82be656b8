"""Trigram indexes for the product search, on PostgreSQL only.

The product list matches words with ``title__icontains`` or ``summary__icontains``, which
PostgreSQL runs as ``UPPER(column) LIKE UPPER('%...%')``: no B-tree index serves a leading
wildcard, so at national scale (50,000 products) every search would read the whole table. GIN
indexes with pg_trgm's operator class on the same expressions serve both sides of the OR (as
for people's names in people 0002). SQLite has no such index and is left as it is.
"""

from django.db import migrations

INDEXES = {
    "product_title_trgm": "UPPER(title::text) gin_trgm_ops",
    "product_summary_trgm": "UPPER(summary::text) gin_trgm_ops",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON products_product USING gin ({expression})")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("products", "0001_products_versions_authors_life_events")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
