"""Time the synthesis engine (groundswell.lib.themes) on 5,000 insights, with the labelled-set scores.

    .venv/bin/python tools/bench_synthesis.py                      # 5,000 insights, 3 runs each
    BENCH_INSIGHTS=50000 .venv/bin/python tools/bench_synthesis.py  # another scale
    make bench-synthesis                                           # the same, standalone

Run by tools/bench.sh (``make bench``) too. No database: the engine is pure. The insights are
built deterministically from the labelled set (groundswell/lib/tests/data): each is a labelled
insight, sometimes joined with a sentence of another insight of the same theme or shortened to
one sentence, with typos, note-taking abbreviations and meeting-note prefixes mixed in. So the
texts are realistic in length and vocabulary but repeat, and scores on them flatter the
engine: the honest scores are the labelled set's, printed below the timings.

Timed (median and p95 of ``--runs`` runs, seconds, after a warm-up that imports the libraries and
loads the model, as a task worker does once):

* default method (TF-IDF/LSA): unsupervised, guided by the ten expected themes, and
  re-synthesis (guided, with 5% of the insights pinned by a person, as after a round of edits);
* semantic method (when the extra is installed): embedding every insight once (the cost paid
  per insight when it is saved, in a task), then the same three groupings with the cached
  vectors.

Targets (issue 4): default synthesis under 10 s for 5,000 insights; semantic under 60 s with
embeddings cached.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import evaluate_synthesis

from groundswell.lib import themes

DEFAULT_TARGET_SECONDS = 10.0
SEMANTIC_TARGET_SECONDS = 60.0
PINNED_SHARE = 0.05

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_SHORTHAND = {
    "patients": "pts",
    "patient": "pt",
    "appointment": "appt",
    "appointments": "appts",
    "with": "w/",
    "and": "&",
    "because": "bc",
    "weeks": "wks",
    "hospital": "hosp",
}
_PREFIXES = (
    "From the table discussion: ",
    "Note: ",
    "Someone in the group said ",
    "Feedback card: ",
    "(phone call) ",
    "Raised again: ",
)


def synthetic(insights: Sequence[evaluate_synthesis.Insight], count: int, seed: int = 0) -> list[tuple[str, str]]:
    """``count`` (text, theme) pairs recombined and perturbed from the labelled set, deterministically."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    by_theme: dict[str, list[evaluate_synthesis.Insight]] = {}
    for insight in insights:
        by_theme.setdefault(insight.theme, []).append(insight)
    out = []
    for number in range(count):
        base = insights[number % len(insights)] if number < len(insights) else rng.choice(insights)
        sentences = _SENTENCE.split(base.text)
        roll = rng.random()
        if roll < 0.35 and base.theme != evaluate_synthesis.MINORITY:
            other = rng.choice(by_theme[base.theme])
            sentences.append(rng.choice(_SENTENCE.split(other.text)))
        elif roll < 0.5 and len(sentences) > 1:
            sentences = [rng.choice(sentences)]
        words = " ".join(sentences).split(" ")
        if rng.random() < 0.3:
            long_words = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
            if long_words:
                i = rng.choice(long_words)
                j = rng.randrange(len(words[i]) - 1)
                w = words[i]
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        if rng.random() < 0.2:
            words = [_SHORTHAND.get(w.lower(), w) for w in words]
        text = " ".join(words)
        if rng.random() < 0.2:
            text = text.lower()
        if rng.random() < 0.15:
            text = rng.choice(_PREFIXES) + text
        out.append((text, base.theme))
    return out


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        times = sorted(self.seconds)
        # Nearest-rank 95th percentile, as in tools/bench.py.
        return times[max(0, -(-95 * len(times) // 100) - 1)]


def timed(label: str, runs: int, work: Callable[[], Any], note: str = "") -> tuple[Timing, Any]:
    timing = Timing(label, note=note)
    result = None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = work()
        timing.seconds.append(time.perf_counter() - started)
        timing.cpu_seconds.append(time.process_time() - cpu)
    print(
        f"  {label}: median {timing.median:.2f} s, p95 {timing.p95:.2f} s, "
        f"CPU {statistics.median(timing.cpu_seconds):.2f} s",
        flush=True,
    )
    return timing, result


def machine() -> str:
    cpu = platform.processor()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--insights", type=int, default=int(os.environ.get("BENCH_INSIGHTS", "5000")))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_SYNTHESIS_RUNS", "3")))
    parser.add_argument("--out", type=Path, default=Path("var/bench-synthesis.md"))
    args = parser.parse_args(argv)

    insights, expected = evaluate_synthesis.load()
    pairs = synthetic(insights, args.insights)
    texts = [text for text, _ in pairs]
    truth = [theme for _, theme in pairs]
    keys = {theme.key for theme in expected}
    rng = random.Random(1)  # noqa: S311 (a reproducible sample, not a secret)
    candidates = [i for i, theme in enumerate(truth) if theme in keys]
    pinned = {i: truth[i] for i in sorted(rng.sample(candidates, int(len(texts) * PINNED_SHARE)))}
    print(f"Synthesis of {len(texts):,} insights, {args.runs} runs each", flush=True)

    timings: list[Timing] = []
    scale: dict[str, float] = {}
    # Importing scikit-learn and SciPy is paid once per worker process, not per synthesis.
    themes.group(texts[:50])
    for method in themes.available_methods():
        vectors = None
        if method == "semantic":
            themes.embed(["warm the model up"])  # loading the model is paid once per process
            timing, vectors = timed(
                "semantic: embed every insight (once, cached per insight)", 1, lambda: themes.embed(texts)
            )
            timing.note = f"{len(texts) / timing.median:.0f} insights/s"
            timings.append(timing)
        name = "default (tfidf)" if method == "tfidf" else "semantic, cached vectors"
        target = DEFAULT_TARGET_SECONDS if method == "tfidf" else SEMANTIC_TARGET_SECONDS

        def run(method: str = method, vectors: Any = vectors, **options: Any) -> Callable[[], themes.Grouping]:
            return lambda: themes.group(texts, method=method, vectors=vectors, **options)

        timing, grouping = timed(f"{name}: unsupervised", args.runs, run())
        timing.note = f"{len(grouping.themes)} themes; target under {target:.0f} s"
        timings.append(timing)
        scale[f"{method} unsupervised ARI"] = evaluate_synthesis.adjusted_rand(
            truth, evaluate_synthesis.unsupervised_labels(grouping)
        )
        timing, grouping = timed(f"{name}: guided, 10 expected themes", args.runs, run(expected=expected))
        timing.note = f"target under {target:.0f} s"
        timings.append(timing)
        predicted = evaluate_synthesis.guided_labels(grouping)
        scale[f"{method} guided accuracy"] = sum(
            p == t for p, t in zip(predicted, truth, strict=True) if t in keys
        ) / len(candidates)
        timing, grouping = timed(
            f"{name}: re-synthesis, {len(pinned):,} pinned", args.runs, run(expected=expected, pinned=pinned)
        )
        timing.note = f"target under {target:.0f} s"
        timings.append(timing)

    print("Scores on the labelled set", flush=True)
    results = [evaluate_synthesis.evaluate(method, insights, expected) for method in themes.available_methods()]

    lines = [
        f"# Synthesis benchmark ({datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"- Machine: {machine()}",
        f"- Methods available: {', '.join(themes.available_methods())}",
        f"- Insights: {len(texts):,} built from the {len(insights)} labelled ones (tools/bench_synthesis.py)",
        f"- Runs: {args.runs} per row (median and nearest-rank p95, seconds); no database queries (pure engine)",
        "- CPU: the process's CPU time, one thread: what the step costs on a core of its own (the",
        "  machine is shared, so wall time includes waiting for a core)",
        f"- Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
        "",
        "| Step | Median (s) | p95 (s) | CPU, median (s) | Note |",
        "|---|---:|---:|---:|---|",
        *(
            f"| {t.label} | {t.median:.2f} | {t.p95:.2f} | {statistics.median(t.cpu_seconds):.2f} | {t.note} |"
            for t in timings
        ),
        "",
        "Scores on the recombined insights (flattered: they repeat the labelled texts): "
        + "; ".join(f"{name} {value:.3f}" for name, value in scale.items()),
        "",
        f"## Scores on the labelled set ({len(insights)} insights, {len(expected)} themes)",
        "",
        evaluate_synthesis.markdown(results),
    ]
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
