"""Time conversation search at national scale on whichever database DATABASE_URL names.

Run by tools/bench.sh (``make bench``) for SQLite, after the PostgreSQL pages (tools/bench.py
times search on PostgreSQL with the same queries). Into an empty database it migrates, loads
``seed_scale --people`` and ``seed_scale_posts --posts``, then runs ``--searches`` two-word
searches within the community with the most posts, through the same function the search page
and the API call, after 20 warm-up searches, and reports the median and 95th percentile.

Target (issue 5): median under 50 ms over 2,000,000 posts.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundswell.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from groundswell.conversations.models import Post  # noqa: E402
from groundswell.demo import conversations_scale, scale  # noqa: E402

TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--posts", type=int, required=True)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    if not Post.objects.exists():
        scale.seed_scale(args.people)
        conversations_scale.seed_scale_posts(args.posts)
    seed_seconds = time.monotonic() - started
    community = conversations_scale.largest_community()
    timing = conversations_scale.time_search(community, conversations_scale.search_queries(args.searches))
    version = sqlite3.sqlite_version if connection.vendor == "sqlite" else ""
    lines = [
        f"# Search over {Post.objects.count():,} posts on {connection.vendor} {version}".rstrip(),
        "",
        f"- Data: seed_scale --people {args.people:,}, seed_scale_posts --posts {args.posts:,} "
        f"(seeded in {seed_seconds:.0f} s)",
        f"- Searched: {community.name} ({timing.posts_in_community:,} posts); {timing.queries} two-word "
        f"searches after 20 warm-up; median {timing.matches_median:,} matching posts per search; top 20 ranked",
        f"- Target: median under {TARGET_MS:.0f} ms",
        "",
        "| Database | Posts | Posts in community | Median (ms) | p95 (ms) | Meets target |",
        "|---|---:|---:|---:|---:|---|",
        f"| {connection.vendor} | {Post.objects.count():,} | {timing.posts_in_community:,} | {timing.median_ms:.1f} | "
        f"{timing.p95_ms:.1f} | {'yes' if timing.median_ms < TARGET_MS else 'NO'} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
