"""Time Groundswell's main pages against a minimal floor page on the same server.

Run by tools/bench.sh (``make bench``) after ``seed_scale`` and with the server already up.
For each page it

* counts the SQL queries by running the page through ``django.test.Client`` inside
  a query-timing ``execute_wrapper``, in this process, against the same database (signed in as the
  benchmark persona), and notes the summed query time (median of a few runs), and
* times it from the client over loopback: one keep-alive connection, 20 warm-up requests,
  then ``--requests`` sequential requests, each timed from sending the request to reading the
  last byte of the response. Sequential requests measure the server time of one request with
  no queueing; the machine's other core is left to PostgreSQL.

Targets (issue 2): at most 12 queries per page and a median within 4x of the floor's. Issue 3
adds a series page (six meetings of 150 people) and a gathering page (140 attendees), read by
their organiser. Issue 6 adds the product list at national scale (one product per five people:
50,000; ``--products`` to change it), filtered and searched, and a product with 200 life events
(its page and its life story), read by its convenor.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundswell.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from groundswell.communities.models import Community, Membership, MembershipStatus  # noqa: E402
from groundswell.conversations.models import Post, Thread  # noqa: E402
from groundswell.demo import conversations_scale  # noqa: E402
from groundswell.demo.scale import BENCH_EMAIL, BENCH_PASSWORD  # noqa: E402
from groundswell.demo.scale_gatherings import (  # noqa: E402
    CONFERENCE_PEOPLE,
    SERIES_PEOPLE,
    seed_bench_gatherings,
)
from groundswell.demo.scale_products import PEOPLE_PER_PRODUCT, seed_bench_products  # noqa: E402
from groundswell.people.models import Person  # noqa: E402
from groundswell.stories.models import Story  # noqa: E402

MAX_QUERIES = 12
MAX_RATIO = 4.0
WARM_UP = 20
SEARCH_FRAGMENT = "son"  # in Jackson, Johnson, Robson, Alison, ...: about 15% of names
PROFILES = 200
SQL_RUNS = 5
# Two-word searches timed through conversations.search (issue 5: median under 50 ms).
SEARCHES = 300
SEARCH_TARGET_MS = 50.0


@dataclass
class Page:
    label: str
    paths: list[str]
    queries: int = 0
    sql_ms: float = 0.0
    times: list[float] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times or [0.0])

    @property
    def p95(self) -> float:
        times = sorted(self.times or [0.0])
        # Nearest-rank 95th percentile.
        return times[max(0, -(-95 * len(times) // 100) - 1)]


def choose_pages(persona: Person) -> tuple[list[Page], Community]:
    """Pick the pages: the largest community the persona belongs to, profiles of its members."""
    community = (
        Community.objects.filter(memberships__person=persona, memberships__status=MembershipStatus.ACTIVE)
        .annotate(n=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)))
        .order_by("-n")
        .first()
    )
    assert community is not None, "the benchmark persona belongs to no community"
    member_ids = list(
        Membership.objects.active()
        .filter(community=community)
        .filter(person__is_active=True, person__erased_at__isnull=True)
        .exclude(person=persona)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    step = max(1, len(member_ids) // PROFILES)
    profiles = member_ids[::step][:PROFILES]
    search = "/people/?" + urlencode({"q": SEARCH_FRAGMENT, "profession": "gp"})
    pages = [
        Page("Floor (50-row page)", ["/bench/floor/"]),
        Page("Community directory", ["/communities/"]),
        Page("Community page", [f"/communities/{community.slug}/"]),
        Page("Profile", [f"/people/{pk}/" for pk in profiles]),
        Page("People search", [search]),
        Page("Home (not an issue target)", ["/"]),
        Page("Community stories", [f"/communities/{community.slug}/stories/"]),
        Page("Stories across Groundswell", ["/stories/"]),
        *conversation_pages(community),
    ]
    return pages, community


def gathering_pages(persona: Person) -> list[Page]:
    """Issue 3's pages, read by their organiser: a six-meeting series of 150 people, a gathering of 140."""
    made = seed_bench_gatherings(persona)
    return [
        Page(f"Series page ({SERIES_PEOPLE} people x 6 meetings)", [f"/series/{made.series_id}/"]),
        Page(f"Gathering page ({CONFERENCE_PEOPLE} attendees, after)", [f"/gatherings/{made.conference_id}/"]),
    ]


def conversation_pages(community: Community) -> list[Page]:
    """The community's conversations, the thread of 500 replies (first and last page) and the
    search page with two-word searches (issue 5)."""
    long_thread = Thread.objects.filter(title=conversations_scale.LONG_THREAD_TITLE).first()
    assert long_thread is not None, "run seed_scale_posts first"
    last_page = -(-(long_thread.reply_count + 1) // 50)
    searches = [
        f"/communities/{community.slug}/conversations/search/?" + urlencode({"q": q})
        for q in conversations_scale.search_queries(SEARCHES)
    ]
    return [
        Page("Community conversations", [f"/communities/{community.slug}/conversations/"]),
        Page(f"Thread of {long_thread.reply_count} replies, page 1", [f"/threads/{long_thread.pk}/"]),
        Page(
            f"Thread of {long_thread.reply_count} replies, last page", [f"/threads/{long_thread.pk}/?page={last_page}"]
        ),
        Page("Conversation search page", searches),
    ]


def product_pages(persona: Person, products: int) -> list[Page]:
    """Issue 6's pages: the product list at national scale, and a product with 200 life events."""
    t0 = time.monotonic()
    made = seed_bench_products(persona, products=products)
    print(f"  seeded {made.products:,} products and {made.events:,} life events in {time.monotonic() - t0:.0f}s")
    big = made.big_product_id
    return [
        Page(f"Product list ({products:,} products)", ["/products/"]),
        Page("Product list, filtered (kind, stage, uptake)", ["/products/?kind=guideline&stage=in_use&rung=3"]),
        Page("Product search (`q=asthma`)", ["/products/?q=asthma"]),
        Page("Product page (200 life events, convenor)", [f"/products/{big}/"]),
        Page("Life story (200 life events)", [f"/products/{big}/story/"]),
    ]


class QueryTimer:
    """A database execute wrapper that counts queries and sums their time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0
            self.count += 1


def count_queries(pages: list[Page], persona: Person) -> None:
    """Count each page's queries, and take the median SQL time of a few in-process runs."""
    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(persona)
    for page in pages:
        sql_ms = []
        for run in range(SQL_RUNS):
            timer = QueryTimer()
            # The first profile shares the big community with the persona: every field shows.
            with connection.execute_wrapper(timer):
                response = client.get(page.paths[0])
            assert response.status_code == 200, f"{page.paths[0]} answered {response.status_code}"
            if run == 0:
                page.queries = timer.count
            sql_ms.append(timer.seconds * 1000)
        page.sql_ms = statistics.median(sql_ms)
        print(f"  {page.label}: {page.queries} queries, SQL {page.sql_ms:.1f} ms", flush=True)


class Browser:
    """One keep-alive HTTP/1.1 connection that keeps its cookies."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data

    def sign_in(self, email: str, password: str) -> None:
        status, html = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert status == 200 and match, "no sign-in form"
        form = {"csrfmiddlewaretoken": match.group(1).decode(), "login": email, "password": password}
        status, _ = self.request("POST", "/accounts/login/", urlencode(form))
        assert status == 302 and "sessionid" in self.cookies, f"sign-in failed ({status})"


def wait_for_server(base: str) -> None:
    for _ in range(150):
        try:
            if Browser(base).request("GET", "/healthz/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not answer")


def time_pages(base: str, pages: list[Page], requests: int) -> None:
    browser = Browser(base)
    browser.sign_in(BENCH_EMAIL, BENCH_PASSWORD)
    for page in pages:
        for i in range(WARM_UP):
            browser.request("GET", page.paths[i % len(page.paths)])
        times = []
        for i in range(requests):
            path = page.paths[i % len(page.paths)]
            t0 = time.perf_counter()
            status, _ = browser.request("GET", path)
            times.append((time.perf_counter() - t0) * 1000)
            assert status == 200, f"{path} answered {status}"
        page.times = times
        print(f"  {page.label}: median {page.median:.1f} ms, p95 {page.p95:.1f} ms", flush=True)


def machine() -> str:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]  # type: ignore[index]
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, PostgreSQL {pg}"


def table(pages: list[Page], floor: Page) -> list[str]:
    rows = [
        "| Page | Queries | Median (ms) | p95 (ms) | Median / floor | SQL (ms) | Meets targets |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for page in pages:
        ratio = page.median / floor.median
        ok = page.queries <= MAX_QUERIES and (page is floor or ratio <= MAX_RATIO)
        rows.append(
            f"| {page.label} | {page.queries} | {page.median:.1f} | {page.p95:.1f} | "
            f"{ratio:.1f}x | {page.sql_ms:.1f} | {'yes' if ok else 'NO'} |"
        )
    return rows


def search_lines(searched: conversations_scale.SearchTiming, seed_seconds: float) -> list[str]:
    """The conversation search figures (issue 5), measured in-process through conversations.search."""
    posts = Post.objects.count()
    return [
        f"## Conversation search over {posts:,} posts (PostgreSQL)",
        "",
        f"- Data: seed_scale_posts --posts {posts:,} ({Thread.objects.count():,} threads), seeded in "
        f"{seed_seconds:.0f} s",
        f"- Searched: {searched.community.name} ({searched.posts_in_community:,} posts); {searched.queries} two-word "
        f"searches after 20 warm-up, top 20 ranked; median {searched.matches_median:,} matching posts per search",
        f"- Target: median under {SEARCH_TARGET_MS:.0f} ms",
        "",
        "| Database | Posts | Posts in community | Median (ms) | p95 (ms) | Meets target |",
        "|---|---:|---:|---:|---:|---|",
        f"| postgresql | {posts:,} | {searched.posts_in_community:,} | {searched.median_ms:.1f} | "
        f"{searched.p95_ms:.1f} | {'yes' if searched.median_ms < SEARCH_TARGET_MS else 'NO'} |",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--seed-ms", type=int, required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--posts-seed-ms", type=int, default=0, help="How long seed_scale_posts took.")
    parser.add_argument("--products", type=int, default=None, help="default: one for every five people")
    parser.add_argument("--out", type=Path, default=Path("var/bench-results.md"))
    args = parser.parse_args()

    persona = Person.objects.get(email=BENCH_EMAIL)
    pages, community = choose_pages(persona)
    pages.extend(gathering_pages(persona))
    products = args.products if args.products is not None else max(10, args.people // PEOPLE_PER_PRODUCT)
    pages.extend(product_pages(persona, products))
    count_queries(pages, persona)
    wait_for_server(args.base)
    time_pages(args.base, pages, args.requests)
    searched = conversations_scale.time_search(community, conversations_scale.search_queries(SEARCHES))
    print(f"  Search (in-process): median {searched.median_ms:.1f} ms, p95 {searched.p95_ms:.1f} ms", flush=True)

    seed_seconds = args.seed_ms / 1000
    members = Membership.objects.active().filter(community=community).count()
    git = shutil.which("git")
    commit = (
        # A fixed command and git's resolved path: nothing here comes from input.
        subprocess.run(  # noqa: S603
            [git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if git
        else ""
    )
    lines = [
        f"# Benchmark results ({datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {commit or '?'})",
        "",
        f"- Machine: {machine()}",
        "- Server: granian 2 WSGI workers, 1 blocking thread each, DEBUG off, loopback http",
        f"- Data: seed_scale --people {args.people:,}; {Person.objects.count():,} people, "
        f"{Community.objects.count():,} communities, {Membership.objects.count():,} memberships, "
        f"{Story.objects.count():,} stories (seed_scale_stories), "
        f"{products:,} products",
        f"- Seed time: {seed_seconds:.0f} s (target under 600 s: {'yes' if seed_seconds < 600 else 'NO'})",
        f"- Timing: {args.requests} sequential requests per page after {WARM_UP} warm-up, signed in as "
        f"{BENCH_EMAIL}; profile requests rotate over {len(pages[3].paths)} members of the community",
        f"- Community page: /communities/{community.slug}/ ({members:,} active members)",
        f"- Search: {pages[4].paths[0]}",
        f"- Targets: at most {MAX_QUERIES} queries and a median within {MAX_RATIO:.0f}x of the floor",
        f"- SQL (ms): the page's summed query time in-process (median of {SQL_RUNS} runs); the rest of the "
        "median is Python (view, templates, forms, middleware) and HTTP",
        "",
        *table(pages, pages[0]),
        "",
        *search_lines(searched, args.posts_seed_ms / 1000),
    ]
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
