"""Search the posts of one community: SQLite FTS5 or PostgreSQL full-text, whichever is in use.

Both find the posts that contain every word searched for (after stemming: "referrals" finds
"referral"), best match first, with a thread's title counting for more than the words of its
posts. Hidden and removed posts, and posts in hidden or removed threads, are never found.
The caller decides who may search which community (access.get_community_for_reader).

The words people type are never query syntax: on SQLite each word is quoted as an FTS5
string (so "low-calorie" or a stray quote cannot break the query); on PostgreSQL they go to
``plainto_tsquery``, which ignores operators. The index is made by migration 0002.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection

from groundswell.communities.models import Community
from groundswell.conversations import markdown
from groundswell.conversations.models import Post, PostState

MAX_QUERY = 200
MAX_TERMS = 12
_WORD = re.compile(r"[^\W_]+")
# Words too common to search for: the Snowball English stop-word list (snowballstem.org),
# which is also what PostgreSQL's English configuration drops, so both databases find the same.
_STOP_WORDS_TEXT = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now
    """
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_SQLITE_FROM = """
    FROM conversations_post_fts
    JOIN conversations_post p ON p.id = conversations_post_fts.rowid
    JOIN conversations_thread t ON t.id = p.thread_id
    WHERE conversations_post_fts MATCH %s AND p.state = 'visible' AND t.state = 'visible'
"""
# The community is a token in the vector (migration 0002), asked for in the same tsquery as the
# words, so that the GIN index does the intersection; "scope" is e.g. 'c12:D'.
_POSTGRES_FROM = """
    FROM conversations_post p
    JOIN conversations_thread t ON t.id = p.thread_id
    CROSS JOIN plainto_tsquery('english', %s) AS query
    CROSS JOIN CAST(%s AS tsquery) AS scope
    WHERE numnode(query) > 0 AND p.search_vector @@ (scope && query) AND p.state = 'visible' AND t.state = 'visible'
"""


def terms(q: str) -> list[str]:
    """Return the words searched for, in order, at most ``MAX_TERMS`` of them, without stop words."""
    return [word for word in _WORD.findall(q[:MAX_QUERY]) if word.casefold() not in STOP_WORDS][:MAX_TERMS]


def _fts5_query(community_id: int, words: list[str]) -> str:
    # Every word as an FTS5 string ("" doubles a quote inside one), all of them required, in
    # the title or body, within the community's scope token.
    quoted = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    return f"scope : c{community_id} AND {{title body}} : ({quoted})"


def _query(community: Community, words: list[str], select: str, tail: str, extra: list[int]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            scope = f"c{int(community.pk)}:D"
            cursor.execute(f"SELECT {select} {_POSTGRES_FROM} {tail}", [" ".join(words), scope, *extra])
        else:
            cursor.execute(f"SELECT {select} {_SQLITE_FROM} {tail}", [_fts5_query(community.pk, words), *extra])
        return list(cursor.fetchall())


def _sqlite_ranked_ids(community: Community, words: list[str], limit: int, offset: int) -> list[int]:
    """The best matches on SQLite: rank in FTS5 alone first, then keep the visible ones.

    Ranking with the post and thread tables joined made SQLite look up every match's rows
    before sorting (thousands of random reads for common words); FTS5's own ``ORDER BY rank
    LIMIT`` sorts inside the index. Twice the rows wanted are ranked, so the few hidden posts
    seldom leave a page short; if they do, the joined query runs after all.
    """
    wanted = offset + limit
    fetch = 2 * wanted + 20
    match = _fts5_query(community.pk, words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM conversations_post_fts WHERE conversations_post_fts MATCH %s ORDER BY rank LIMIT %s",
            [match, fetch],
        )
        ranked = [row[0] for row in cursor.fetchall()]
    visible = set(
        Post.objects.filter(pk__in=ranked, state=PostState.VISIBLE, thread__state=PostState.VISIBLE).values_list(
            "pk", flat=True
        )
    )
    found = [pk for pk in ranked if pk in visible]
    if len(found) >= wanted or len(ranked) < fetch:
        return found[offset:wanted]
    # rank is bm25 with the title weighted four times the body (set by migration 0002).
    tail = "ORDER BY conversations_post_fts.rank, p.id DESC LIMIT %s OFFSET %s"
    return [row[0] for row in _query(community, words, "p.id", tail, [limit, offset])]


def _ranked_ids(community: Community, words: list[str], limit: int, offset: int) -> list[int]:
    if connection.vendor != "postgresql":
        return _sqlite_ranked_ids(community, words, limit, offset)
    tail = "ORDER BY ts_rank(p.search_vector, query) DESC, p.id DESC LIMIT %s OFFSET %s"
    return [row[0] for row in _query(community, words, "p.id", tail, [limit, offset])]


def search(community: Community, q: str, *, limit: int, offset: int = 0) -> list[Post]:
    """Return the community's visible posts matching every word of ``q``, best first."""
    words = terms(q)
    if not words:
        return []
    ids = _ranked_ids(community, words, limit, offset)
    posts = Post.objects.select_related("thread", "author").in_bulk(ids)
    return [posts[pk] for pk in ids if pk in posts]


def count(community: Community, q: str) -> int:
    """Return how many posts ``search`` would find in all."""
    words = terms(q)
    if not words:
        return 0
    return int(_query(community, words, "COUNT(*)", "", [])[0][0])


@dataclass(frozen=True)
class Piece:
    text: str
    matched: bool


def excerpt(post: Post, q: str, length: int = 220) -> list[Piece]:
    """Return a stretch of the post's words around the first word searched for, in pieces
    marking where searched-for words (or words starting with them) appear."""
    text = markdown.plain_text(post.body_html)
    words = [word.casefold() for word in terms(q)]
    lowered = text.casefold()
    first = min((i for i in (lowered.find(word) for word in words) if i >= 0), default=0)
    start = max(0, first - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    chunk = text[start : start + length]
    pieces: list[Piece] = []
    if start:
        pieces.append(Piece("…", matched=False))
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None
    position = 0
    for match in pattern.finditer(chunk) if pattern else []:
        if match.start() > position:
            pieces.append(Piece(chunk[position : match.start()], matched=False))
        pieces.append(Piece(match.group(), matched=True))
        position = match.end()
    pieces.append(Piece(chunk[position:], matched=False))
    if start + length < len(text):
        pieces.append(Piece("…", matched=False))
    return pieces
