"""National-scale conversations for benchmarks (``manage.py seed_scale_posts``), and a timer for search.

Run after ``seed_scale``: it spreads ``posts`` posts over the communities already loaded, in
threads whose lengths have a long tail (most a handful of posts, a few hundred long), busier
communities having more, over five years. The words are drawn from the demo's own written
conversations, each word as often as it is used there, so searches meet posting lists of
realistic lengths. The largest community also gets one thread of exactly
``LONG_THREAD_REPLIES`` replies, for the thread page benchmark.

Like ``demo.scale`` this writes straight into the tables, with explicit ids: PostgreSQL
``COPY`` with the post table's secondary indexes (the full-text GIN index among them) dropped
and rebuilt afterwards, batched ``INSERT`` on SQLite, where the FTS5 triggers index each post
as it goes in. On PostgreSQL the generated ``search_vector`` column is computed during the
copy. Deterministic for a given ``posts`` and ``seed``.
"""

from __future__ import annotations

import collections
import datetime
import itertools
import random
import re
import statistics
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count

from groundswell.communities.models import Community, Membership
from groundswell.conversations import search
from groundswell.conversations.models import Post, Thread
from groundswell.demo import conversation_texts as texts

# The loaders of the national-scale dataset, shared within the demo package.
from groundswell.demo.scale import TOPICS, _Clock, _PostgresLoadMode, _Sink

LONG_THREAD_REPLIES = 500
LONG_THREAD_TITLE = "Benchmark: a conversation with 500 replies"
SENTENCES = 60_000
MEAN_THREAD_POSTS = 8
QUESTION_SHARE = 0.3
HIDDEN_SHARE = 0.002


def _vocabulary() -> tuple[list[str], list[float]]:
    """The words of the demo's conversations and topics, with how often each is used."""
    corpus = " ".join(
        [f"{s.title} {s.body} {' '.join(s.replies)}" for s in texts.SCRIPTS]
        + [f"{title} {body}" for starters in texts.STARTERS.values() for title, body, _ in starters]
        + list(texts.REPLIES)
        + TOPICS
    )
    counts = collections.Counter(re.findall(r"[a-z][a-z'-]*[a-z]|[a-z]", corpus.lower()))
    words = sorted(counts, key=lambda word: (-counts[word], word))
    return words, list(itertools.accumulate(counts[word] for word in words))


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    long_thread_id: int = 0


class _Writer:
    """Plans the threads (who, where, when), then streams their rows."""

    def __init__(self, posts: int, seed: int, clock: _Clock) -> None:
        self.rng = random.Random(seed)
        self.clock = clock
        self.posts = posts
        words, cum = _vocabulary()
        pick = self.rng.choices
        self.sentences = []
        for _ in range(SENTENCES):
            chosen = pick(words, cum_weights=cum, k=self.rng.randint(6, 22))
            self.sentences.append(" ".join(chosen).capitalize() + ".")
        self.titles = [
            " ".join(pick(words, cum_weights=cum, k=self.rng.randint(3, 9))).capitalize() for _ in range(SENTENCES // 4)
        ]
        # Per community: active members, who write; sizes weight where conversations happen.
        members: dict[int, array[int]] = collections.defaultdict(lambda: array("q"))
        for community_id, person_id in (
            Membership.objects.active().values_list("community_id", "person_id").iterator(chunk_size=20_000)
        ):
            members[community_id].append(person_id)
        self.members = dict(members)
        self.communities = sorted(self.members)
        self.largest = max(self.communities, key=lambda c: len(self.members[c]))
        self.community_cum = list(itertools.accumulate(len(self.members[c]) for c in self.communities))
        # Filled by plan(): one entry per thread, and per post in thread order.
        self.thread_community = array("q")
        self.thread_kind_question = array("b")
        self.thread_first_post = array("q")
        self.thread_size = array("q")
        self.post_time = array("q")
        self.post_author = array("q")
        # (post id, thread id) of accepted answers, set after the posts are loaded.
        self.accepted: list[tuple[int, int]] = []

    def plan(self) -> None:
        rng = self.rng
        left = self.posts
        span = self.clock.end - self.clock.start
        first = True
        while left > 0:
            if first:
                community, size = self.largest, min(left, LONG_THREAD_REPLIES + 1)
                first = False
            else:
                community = rng.choices(self.communities, cum_weights=self.community_cum)[0]
                # A long tail: geometric lengths, now and then a very long one.
                size = 1 + int(rng.expovariate(1 / (MEAN_THREAD_POSTS - 1)))
                if rng.random() < 0.002:
                    size += rng.randint(50, 300)
                size = min(size, left)
            people = self.members[community]
            self.thread_community.append(community)
            self.thread_kind_question.append(1 if rng.random() < QUESTION_SHARE else 0)
            self.thread_first_post.append(len(self.post_time) + 1)
            self.thread_size.append(size)
            start = self.clock.start + int(span * rng.random() ** 0.7)
            moment = start
            for n in range(size):
                if n:
                    moment = min(self.clock.end, moment + int(rng.expovariate(1 / 20_000)) + 60)
                self.post_time.append(moment)
                self.post_author.append(people[rng.randrange(len(people))])
            left -= size

    def threads(self) -> Iterator[tuple[Any, ...]]:
        fmt = self.clock.format
        for index in range(len(self.thread_size)):
            tid = index + 1
            first, size = self.thread_first_post[index], self.thread_size[index]
            author = self.post_author[first - 1]
            times = self.post_time[first - 1 : first - 1 + size]
            others = [
                self.post_time[first - 1 + n] for n in range(1, size) if self.post_author[first - 1 + n] != author
            ]
            question = self.thread_kind_question[index]
            if question and size > 1 and self.rng.random() < 0.4:
                # Set once the posts are in: a thread row pointing at a post not yet loaded makes
                # SQLite check every later post against every thread.
                self.accepted.append((first + 1 + self.rng.randrange(size - 1), tid))
            title = LONG_THREAD_TITLE if index == 0 else self.titles[tid % len(self.titles)]
            yield (
                tid,
                self.thread_community[index],
                "question" if question else "discussion",
                title,
                author,
                "visible",
                size - 1,
                fmt(times[0]),
                fmt(times[-1]),
                fmt(others[0]) if others else None,
                None,
            )

    THREAD_COLUMNS = (
        "id", "community_id", "kind", "title", "author_id", "state", "reply_count", "created_at",
        "last_posted_at", "first_response_at", "accepted_answer_id",
    )  # fmt: skip

    def post_rows(self) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        fmt = self.clock.format
        sentences = self.sentences
        count = len(sentences)
        for index in range(len(self.thread_size)):
            tid = index + 1
            first, size = self.thread_first_post[index], self.thread_size[index]
            community = self.thread_community[index]
            title = LONG_THREAD_TITLE if index == 0 else self.titles[tid % len(self.titles)]
            for n in range(size):
                pid = first + n
                body = " ".join(sentences[rng.randrange(count)] for _ in range(1 + int(rng.expovariate(1 / 3))))
                html = "<p>" + body + "</p>\n"
                hidden = n and rng.random() < HIDDEN_SHARE
                yield (
                    pid,
                    tid,
                    community,
                    self.post_author[pid - 1],
                    None,
                    n == 0,
                    title if n == 0 else "",
                    body,
                    html,
                    "hidden" if hidden else "visible",
                    "Hidden for the benchmark." if hidden else "",
                    None,
                    None,
                    fmt(self.post_time[pid - 1]),
                    None,
                )

    POST_COLUMNS = (
        "id", "thread_id", "community_id", "author_id", "reply_to_id", "is_opening", "title", "body", "body_html",
        "state", "moderation_reason", "moderated_by_id", "moderated_at", "created_at", "edited_at",
    )  # fmt: skip


def seed_scale_posts(posts: int, *, seed: int = 2025, log: Callable[[str], None] = print) -> Report:
    """Load ``posts`` posts, in threads, into the communities ``seed_scale`` made."""
    if posts < LONG_THREAD_REPLIES + 1:
        raise ValueError(f"Ask for at least {LONG_THREAD_REPLIES + 1} posts (one thread is that long).")
    if Post.objects.exists() or Thread.objects.exists():
        raise ValueError("The database already holds conversations: seed_scale_posts loads into empty tables.")
    if not Community.objects.exists():
        raise ValueError("Run seed_scale first: posts go into its communities.")
    postgres = connection.vendor == "postgresql"
    report = Report()
    started = time.monotonic()
    clock = _Clock(datetime.datetime.now(tz=datetime.UTC), "+00" if postgres else "")
    writer = _Writer(posts, seed, clock)
    writer.plan()
    log(f"Seeding {posts:,} posts in {len(writer.thread_size):,} threads ({connection.vendor}).")
    sink = _Sink(freeze=False)
    tables = [Thread._meta.db_table, Post._meta.db_table]
    if not postgres:
        with connection.cursor() as cursor:
            # SQLite's default page cache is 2 MB; the post table's indexes take keys in random
            # order, so a load of millions of rows spends its time re-reading pages without one.
            cursor.execute("PRAGMA cache_size = -524288")
    with transaction.atomic():
        load_mode = _PostgresLoadMode(tables) if postgres else None
        if load_mode is not None:
            load_mode.drop()
        for name, table, columns, rows in (
            ("threads", tables[0], writer.THREAD_COLUMNS, writer.threads()),
            ("posts", tables[1], writer.POST_COLUMNS, writer.post_rows()),
        ):
            t0 = time.monotonic()
            report.counts[name] = sink.load(table, columns, rows)
            report.seconds[name] = time.monotonic() - t0
            log(f"  {name}: {report.counts[name]:,} rows in {report.seconds[name]:.1f}s")
        t0 = time.monotonic()
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {connection.ops.quote_name(tables[0])} SET accepted_answer_id = %s WHERE id = %s",  # noqa: S608
                writer.accepted,
            )
        if load_mode is not None:
            load_mode.rebuild()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Thread, Post]):
                cursor.execute(statement)
        report.seconds["indexes"] = time.monotonic() - t0
        log(f"  indexes, foreign keys and sequences in {report.seconds['indexes']:.1f}s")
    t0 = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.seconds["analyze"] = time.monotonic() - t0
    report.long_thread_id = 1
    report.seconds["total"] = time.monotonic() - started
    log(f"Done in {report.seconds['total']:.1f}s.")
    return report


# Timing search.


def search_queries(n: int, *, seed: int = 7) -> list[str]:
    """Two-word searches as people type them: words in everyday use in the conversations (not the
    very commonest, which the stop list drops anyway), in random pairs."""
    rng = random.Random(seed)
    words, _ = _vocabulary()
    usable = [word for word in words[:600] if word not in search.STOP_WORDS and len(word) > 3][20:300]
    return [f"{rng.choice(usable)} {rng.choice(usable)}" for _ in range(n)]


@dataclass
class SearchTiming:
    community: Community
    posts_in_community: int
    queries: int
    median_ms: float
    p95_ms: float
    matches_median: int
    times: list[float]


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def time_search(community: Community, queries: list[str], *, limit: int = 20, warm_up: int = 20) -> SearchTiming:
    """Run each query through conversations.search as the search page does (the top ``limit``)."""
    for q in queries[:warm_up]:
        search.search(community, q, limit=limit)
    times = []
    for q in queries:
        t0 = time.perf_counter()
        search.search(community, q, limit=limit)
        times.append((time.perf_counter() - t0) * 1000)
    matches = [search.count(community, q) for q in queries[:50]]
    return SearchTiming(
        community=community,
        posts_in_community=Post.objects.filter(community=community).count(),
        queries=len(queries),
        median_ms=statistics.median(times),
        p95_ms=_p95(times),
        matches_median=int(statistics.median(matches)),
        times=times,
    )


def largest_community() -> Community:
    """The community with the most posts (the benchmark persona's largest community)."""
    community_id = (
        Post.objects.values("community_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("community_id", flat=True)
        .first()
    )
    assert community_id is not None, "no posts loaded"
    community = Community.objects.get(pk=community_id)
    return community
