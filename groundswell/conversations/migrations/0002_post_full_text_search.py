"""Full-text search over posts: an FTS5 index on SQLite, a tsvector with a GIN index on PostgreSQL.

Chosen by the connection's vendor; conversations/search.py queries whichever exists.

SQLite: a contentless FTS5 table (it keeps only the index, not a second copy of every post)
with three columns, ``scope`` (the token ``c<community id>``, so a search within one
community intersects posting lists instead of filtering every match afterwards), ``title``
(a thread's title, on its opening post) and ``body``. Triggers on the post table keep it
current; a contentless table forgets a row only when told the values it indexed, which the
triggers have in ``old``. Porter stemming, as PostgreSQL's English configuration does.

PostgreSQL: a stored generated column ``search_vector`` (the title weighted A, the body B, and
the same ``c<community id>`` scope token at weight D) with a GIN index. A search asks for the
scope token *and* the words in one tsquery, so the GIN index intersects the community's posting
list with the words' (its "fast scan" skips through the long lists) instead of finding every
post in the country with the words and then filtering by community: with a separate condition on
``community_id`` PostgreSQL read the words' whole posting lists (300,000 entries for a common
word over 2,000,000 posts). A user's word cannot reach another community through the token: the
query always requires this community's own. The column is not on the model: Django never reads
or writes it.

Beware on SQLite: when a later migration makes Django rebuild the post table (most field
changes do), the triggers go with the old table. Such a migration must run SQLITE_DROP and
SQLITE_CREATE from here again after its own operations.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE conversations_post_fts USING fts5("
    "scope, title, body, content='', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER conversations_post_fts_insert AFTER INSERT ON conversations_post BEGIN "
    "INSERT INTO conversations_post_fts(rowid, scope, title, body) "
    "VALUES (new.id, 'c' || new.community_id, new.title, new.body); END",
    "CREATE TRIGGER conversations_post_fts_delete AFTER DELETE ON conversations_post BEGIN "
    "INSERT INTO conversations_post_fts(conversations_post_fts, rowid, scope, title, body) "
    "VALUES ('delete', old.id, 'c' || old.community_id, old.title, old.body); END",
    "CREATE TRIGGER conversations_post_fts_update AFTER UPDATE OF community_id, title, body ON conversations_post "
    "BEGIN "
    "INSERT INTO conversations_post_fts(conversations_post_fts, rowid, scope, title, body) "
    "VALUES ('delete', old.id, 'c' || old.community_id, old.title, old.body); "
    "INSERT INTO conversations_post_fts(rowid, scope, title, body) "
    "VALUES (new.id, 'c' || new.community_id, new.title, new.body); END",
    # Rank by bm25 with a title's words worth four times a body's (the scope column counts for nothing).
    "INSERT INTO conversations_post_fts(conversations_post_fts, rank) VALUES ('rank', 'bm25(0.0, 4.0, 1.0)')",
    # Posts written before this migration (none in a new database).
    "INSERT INTO conversations_post_fts(rowid, scope, title, body) "
    "SELECT id, 'c' || community_id, title, body FROM conversations_post",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS conversations_post_fts_update",
    "DROP TRIGGER IF EXISTS conversations_post_fts_delete",
    "DROP TRIGGER IF EXISTS conversations_post_fts_insert",
    "DROP TABLE IF EXISTS conversations_post_fts",
]
POSTGRES_CREATE = [
    "ALTER TABLE conversations_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, body), 'B') || "
    "setweight(('c' || community_id::text)::tsvector, 'D')) STORED",
    "CREATE INDEX post_search ON conversations_post USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS post_search",
    "ALTER TABLE conversations_post DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_threads_posts_moderation_watching")]

    operations = [migrations.RunPython(create, drop)]
