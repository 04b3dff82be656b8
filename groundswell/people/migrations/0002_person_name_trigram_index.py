"""A trigram index for the people directory's name search, on PostgreSQL only.

The directory matches names with ``display_name__icontains``, which PostgreSQL runs as
``UPPER(display_name) LIKE UPPER('%...%')``: no B-tree index can serve a leading wildcard, so
at national scale every search read the whole people table. A GIN index with pg_trgm's
operator class on the same expression serves it. pg_trgm is a trusted extension (PostgreSQL
13+), so a database owner may create it. SQLite has no such index and is left as it is.
"""

from django.db import migrations

INDEX = "person_name_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person USING gin (UPPER(display_name::text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
