"""Time the brief to the centre for a synthesis of 40 themes: the PDF (issue 4), the HTML page and
the CSV, through the real views, with their query counts.

    make bench-brief                                   # standalone, on a throwaway PostgreSQL 15
    .venv/bin/python tools/bench_brief.py              # against the configured database (migrated)
    BENCH_BRIEF_THEMES=80 BENCH_BRIEF_INSIGHTS=4000 .venv/bin/python tools/bench_brief.py

Run by tools/bench.sh (``make bench``) too. It writes, inside one transaction that is rolled
back at the end, a community of ``--members`` people (their names are what the identifiability
check looks for), an ask with ``--insights`` insights built deterministically from the demo's
frontline texts (groundswell/demo/data), and a synthesis of ``--themes`` themes with dissent,
low-confidence placements and minority views, written directly (the grouping engine has its own
benchmark, tools/bench_synthesis.py). It then requests each download ``--runs`` times as the
ask's sponsor and reports the median and p95 seconds. Every quote passes the identifiability
check (no wording is pre-checked), as on a brief nobody has reviewed yet.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundswell.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from groundswell.communities.models import Community, Membership, MembershipStatus, Privacy, Role  # noqa: E402
from groundswell.consultations.models import Ask, Insight, Placement, Synthesis, SynthesisStatus, Theme  # noqa: E402
from groundswell.people.models import Person, Profession, Region  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "groundswell" / "demo" / "data" / "insights.jsonl"
FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ewa", "Femi", "Grace", "Hamid", "Isla", "Jon", "Kiran", "Lola"]
LAST = ["Okafor", "Reyes", "Mensah", "Shah", "Jones", "Nowak", "Patel", "Evans", "Byrne", "Ahmed", "Clarke"]


class RollbackError(Exception):
    """Raised to undo everything the benchmark wrote."""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    # Nearest-rank 95th percentile.
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def build(themes: int, insights: int, members: int) -> tuple[Person, Ask]:
    rng = random.Random(4)  # noqa: S311 - deterministic data, not secrets
    texts = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    now = timezone.now()
    password = make_password(None)
    people = Person.objects.bulk_create(
        Person(
            email=f"bench.brief.{n}@example.net",
            display_name=f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}-{n}",
            profession=rng.choice(Profession.values),
            region=rng.choice(Region.values),
            password=password,
        )
        for n in range(members)
    )
    sponsor = people[0]
    community = Community.objects.create(
        name="Brief benchmark network", slug=f"brief-benchmark-{now:%Y%m%d%H%M%S}", purpose="Benchmark.",
        privacy=Privacy.PRIVATE,
    )  # fmt: skip
    Membership.objects.bulk_create(
        Membership(
            community=community,
            person=person,
            role=Role.SPONSOR if person is sponsor else Role.MEMBER,
            status=MembershipStatus.ACTIVE,
            joined_at=now,
        )
        for person in people
    )
    ask = Ask.objects.create(
        title="Benchmark ask", context="Benchmark.", deadline=timezone.localdate(), created_by=sponsor
    )
    ask.communities.set([community])
    rows = Insight.objects.bulk_create(
        Insight(
            ask=ask,
            community=community,
            text=f"{texts[n % len(texts)]} ({n})",
            author=people[rng.randrange(members)] if n % 3 else None,
            anonymous=n % 3 == 0,
            profession=rng.choice(Profession.values),
            region=rng.choice(Region.values),
            voice=rng.choice(["lay", "professional"]),
        )
        for n in range(insights)
    )
    synthesis = Synthesis.objects.create(
        ask=ask, status=SynthesisStatus.DONE, progress=100, method="tfidf", runs=1, insight_count=insights,
        finished_at=now,
    )  # fmt: skip
    made = Theme.objects.bulk_create(
        Theme(synthesis=synthesis, label=f"Theme {n + 1}: {texts[n % len(texts)][:60]}", urgent=n % 9 == 0)
        for n in range(themes)
    )
    placements = []
    for n, insight in enumerate(rows):
        theme = made[n % themes] if n % 25 else None  # one in 25 is a minority view
        placements.append(
            Placement(
                synthesis=synthesis, insight=insight, theme=theme, confidence=rng.random(),
                low_confidence=theme is not None and n % 7 == 0, dissent=theme is not None and n % 11 == 0, rank=n,
            )
        )  # fmt: skip
    Placement.objects.bulk_create(placements, batch_size=1000)
    for theme in made:
        theme.member_count = sum(1 for p in placements if p.theme is theme)
    Theme.objects.bulk_update(made, ["member_count"])
    return sponsor, ask


def time_path(client: Client, path: str, runs: int) -> tuple[list[float], int, int]:
    times = []
    size = queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            content = response.content
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
        size, queries = len(content), len(captured)
    return times, size, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--themes", type=int, default=int(os.environ.get("BENCH_BRIEF_THEMES", 40)))
    parser.add_argument("--insights", type=int, default=int(os.environ.get("BENCH_BRIEF_INSIGHTS", 2000)))
    parser.add_argument("--members", type=int, default=int(os.environ.get("BENCH_BRIEF_MEMBERS", 2000)))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("var/bench-brief.md"))
    args = parser.parse_args()

    setup_test_environment()
    lines = []
    try:
        with transaction.atomic():
            sponsor, ask = build(args.themes, args.insights, args.members)
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(sponsor)
            lines += [
                f"# Brief benchmark ({timezone.now():%Y-%m-%d %H:%M} UTC, {connection.vendor})",
                "",
                f"- {args.themes} themes, {args.insights:,} insights, {args.members:,} members' names checked for; "
                f"{args.runs} requests each, signed in as the ask's sponsor",
                "",
                "| download | median s | p95 s | queries | size |",
                "|---|---|---|---|---|",
            ]
            for label, path in (
                ("PDF", f"/asks/{ask.pk}/brief.pdf"),
                ("HTML page", f"/asks/{ask.pk}/brief/"),
                ("CSV", f"/asks/{ask.pk}/brief.csv"),
            ):
                times, size, queries = time_path(client, path, args.runs)
                median = statistics.median(times)
                lines.append(f"| {label} | {median:.2f} | {p95(times):.2f} | {queries} | {size / 1024:.0f} KB |")
            raise RollbackError
    except RollbackError:
        pass
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
