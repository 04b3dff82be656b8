"""Score groundswell.lib.themes against the labelled set of frontline insights.

    .venv/bin/python tools/evaluate_synthesis.py                 # every available method
    .venv/bin/python tools/evaluate_synthesis.py --method tfidf  # one method
    .venv/bin/python tools/evaluate_synthesis.py --json          # machine-readable
    .venv/bin/python tools/evaluate_synthesis.py --fit-confidence  # refit the confidence curve

The set (groundswell/lib/tests/data/insights_labelled.jsonl, with insights_themes.json) holds
frontline insights written for this project, each labelled with one of ten overlapping themes
or "minority" (fits no theme), and a stance ("for" / "against" / "neutral") relative to its
theme's majority. The scores:

* **Unsupervised**: no expected themes. Adjusted Rand index (Hubert & Arabie 1985) between the
  machine's groups and the labels (minority views count as one group on both sides), and
  accuracy after the best one-to-one matching of groups to labels (Hungarian algorithm, Kuhn
  1955; a group left unmatched counts as wrong).
* **Guided**: the ten expected themes given by label and description. Accuracy = share of the
  themed insights placed in their own theme; with 3 insights per theme pinned by a person
  (scored on the rest); and with only half the themes named (ARI, since the rest must be found).
* **Minority coverage**: share of the "minority" insights the machine set aside as minority
  views, and the share of what it set aside that really is minority (precision).
* **Low confidence**: accuracy of the placements above and below ``themes.LOW_CONFIDENCE``, and
  a reliability table (mean confidence against accuracy by band).
* **Dissent**: precision and recall of ``Theme.dissent`` against the "against" labels, over
  the insights placed in their own theme.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from groundswell.lib import themes

DATA = Path(__file__).resolve().parent.parent / "groundswell" / "lib" / "tests" / "data"
MINORITY = "minority"
PINS_PER_THEME = 3


@dataclass(frozen=True)
class Insight:
    id: str
    text: str
    theme: str
    stance: str
    profession: str
    region: str
    lay: bool


def load() -> tuple[list[Insight], list[themes.ExpectedTheme]]:
    """The labelled insights and the expected themes."""
    with (DATA / "insights_labelled.jsonl").open(encoding="utf-8") as lines:
        insights = [Insight(**json.loads(line)) for line in lines if line.strip()]
    expected = [themes.ExpectedTheme(**theme) for theme in json.loads((DATA / "insights_themes.json").read_text())]
    return insights, expected


def adjusted_rand(truth: Sequence[str], predicted: Sequence[str]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(list(truth), list(predicted)))


def matched_accuracy(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Accuracy after matching predicted groups to labels one-to-one (minority to minority)."""
    from scipy.optimize import linear_sum_assignment

    labels = sorted(set(truth) - {MINORITY})
    groups = sorted(set(predicted) - {MINORITY})
    hits = sum(1 for t, p in zip(truth, predicted, strict=True) if t == MINORITY and p == MINORITY)
    if labels and groups:
        table = np.zeros((len(groups), len(labels)))
        for t, p in zip(truth, predicted, strict=True):
            if t != MINORITY and p != MINORITY:
                table[groups.index(p), labels.index(t)] += 1
        rows, cols = linear_sum_assignment(-table)
        hits += int(table[rows, cols].sum())
    return hits / len(truth)


def unsupervised_labels(grouping: themes.Grouping) -> list[str]:
    return [MINORITY if p.theme is None else f"g{p.theme}" for p in grouping.placements]


def guided_labels(grouping: themes.Grouping) -> list[str]:
    out = []
    for placement in grouping.placements:
        if placement.theme is None:
            out.append(MINORITY)
        else:
            out.append(grouping.themes[placement.theme].expected_key or f"new{placement.theme}")
    return out


def minority_scores(truth: Sequence[str], grouping: themes.Grouping) -> dict[str, float]:
    set_aside = set(grouping.minority)
    real = {i for i, t in enumerate(truth) if t == MINORITY}
    surfaced = set_aside | set(grouping.low_confidence)
    return {
        "minority_surfaced": len(surfaced & real) / max(1, len(real)),
        "minority_coverage": len(set_aside & real) / max(1, len(real)),
        "minority_precision": len(set_aside & real) / len(set_aside) if set_aside else 0.0,
        "minority_set_aside": float(len(set_aside)),
    }


def confidence_scores(truth: Sequence[str], predicted: Sequence[str], grouping: themes.Grouping) -> dict[str, Any]:
    placed = [i for i, p in enumerate(grouping.placements) if p.theme is not None]
    correct = {i: predicted[i] == truth[i] for i in placed}
    low = set(grouping.low_confidence)
    low_hits = [correct[i] for i in placed if i in low]
    high_hits = [correct[i] for i in placed if i not in low]
    bands = []
    for lower, upper in ((0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.01)):
        inside = [i for i in placed if lower <= grouping.placements[i].confidence < upper]
        if inside:
            bands.append(
                {
                    "band": f"{lower:.2f}-{min(upper, 1.0):.2f}",
                    "count": len(inside),
                    "mean_confidence": float(np.mean([grouping.placements[i].confidence for i in inside])),
                    "accuracy": float(np.mean([correct[i] for i in inside])),
                }
            )
    return {
        "low_confidence_share": len(low_hits) / max(1, len(placed)),
        "accuracy_low": float(np.mean(low_hits)) if low_hits else 0.0,
        "accuracy_confident": float(np.mean(high_hits)) if high_hits else 0.0,
        "reliability": bands,
    }


def dissent_scores(
    insights: Sequence[Insight], predicted: Sequence[str], grouping: themes.Grouping
) -> dict[str, float]:
    """Precision and recall of dissent over insights placed in their own theme."""
    flagged = {i for theme in grouping.themes for i in theme.dissent}
    in_place = [i for i, insight in enumerate(insights) if insight.theme != MINORITY and predicted[i] == insight.theme]
    against = {i for i in in_place if insights[i].stance == "against"}
    found = {i for i in in_place if i in flagged}
    return {
        "dissent_precision": len(found & against) / len(found) if found else 0.0,
        "dissent_recall": len(found & against) / max(1, len(against)),
        "dissent_flagged": float(len(found)),
        "dissent_labelled": float(len(against)),
    }


def pins(insights: Sequence[Insight], expected: Sequence[themes.ExpectedTheme]) -> dict[int, str]:
    """The first few insights of each theme (file order), as a person might sort them first."""
    chosen: dict[int, str] = {}
    for theme in expected:
        members = [i for i, insight in enumerate(insights) if insight.theme == theme.key]
        for index in members[:PINS_PER_THEME]:
            chosen[index] = theme.key
    return chosen


def evaluate(method: str, insights: Sequence[Insight], expected: Sequence[themes.ExpectedTheme]) -> dict[str, Any]:
    texts = [insight.text for insight in insights]
    truth = [insight.theme for insight in insights]
    vectors = themes.embed(texts) if method == "semantic" else None
    result: dict[str, Any] = {"method": method, "insights": len(texts), "themes": len(expected)}

    started = time.perf_counter()
    grouping = themes.group(texts, method=method, vectors=vectors)
    result["unsupervised_seconds"] = time.perf_counter() - started
    predicted = unsupervised_labels(grouping)
    result["unsupervised"] = {
        "ari": adjusted_rand(truth, predicted),
        "matched_accuracy": matched_accuracy(truth, predicted),
        "groups": len(grouping.themes),
        **minority_scores(truth, grouping),
    }

    started = time.perf_counter()
    grouping = themes.group(texts, expected=expected, method=method, vectors=vectors)
    result["guided_seconds"] = time.perf_counter() - started
    predicted = guided_labels(grouping)
    themed = [i for i, t in enumerate(truth) if t != MINORITY]
    result["guided"] = {
        "accuracy": float(np.mean([predicted[i] == truth[i] for i in themed])),
        "ari": adjusted_rand(truth, predicted),
        "new_themes": sum(1 for theme in grouping.themes if theme.expected_key is None),
        **minority_scores(truth, grouping),
        **confidence_scores(truth, predicted, grouping),
        **dissent_scores(insights, predicted, grouping),
    }

    pinned = pins(insights, expected)
    grouping = themes.group(texts, expected=expected, method=method, vectors=vectors, pinned=pinned)
    predicted = guided_labels(grouping)
    rest = [i for i in themed if i not in pinned]
    result["guided_pinned"] = {
        "pinned": len(pinned),
        "accuracy": float(np.mean([predicted[i] == truth[i] for i in rest])),
        "pins_kept": all(predicted[i] == key for i, key in pinned.items()),
    }

    half = list(expected[::2])
    named = {theme.key for theme in half}
    grouping = themes.group(texts, expected=half, method=method, vectors=vectors)
    predicted = guided_labels(grouping)
    result["guided_half"] = {
        "named_themes": len(half),
        "ari": adjusted_rand(truth, predicted),
        "accuracy_on_named": float(np.mean([predicted[i] == truth[i] for i in themed if truth[i] in named])),
        "new_themes": sum(1 for theme in grouping.themes if theme.expected_key is None),
    }
    return result


def fit_confidence(method: str, insights: Sequence[Insight], expected: Sequence[themes.ExpectedTheme]) -> None:
    """Fit the logistic confidence on placements before minority views are set aside."""
    from scipy.optimize import linear_sum_assignment
    from sklearn.linear_model import LogisticRegression

    texts = [insight.text for insight in insights]
    truth = [insight.theme for insight in insights]
    vectors = themes.embed(texts) if method == "semantic" else None
    keys = [theme.key for theme in expected]
    for mode, named in (("guided", expected), ("unsupervised", ())):
        _, plan = themes._plan(texts, named, method=method, vectors=vectors, pinned={}, seed=0)
        first = plan.first_assignment
        if mode == "guided":
            meaning = dict(enumerate(keys))
        else:
            # Each group means the label it best matches, one-to-one.
            labels = sorted(set(truth) - {MINORITY})
            table = np.zeros((int(first.max()) + 1, len(labels)))
            for a, t in zip(first, truth, strict=True):
                if a >= 0 and t != MINORITY:
                    table[a, labels.index(t)] += 1
            rows, cols = linear_sum_assignment(-table)
            meaning = {int(r): labels[c] for r, c in zip(rows, cols, strict=True)}
        correct = np.array([a >= 0 and meaning.get(int(a)) == t for a, t in zip(first, truth, strict=True)])
        placed = first >= 0
        features = plan.features[placed]
        model = LogisticRegression(C=100.0).fit(features, correct[placed])
        weights = [float(w) for w in model.coef_[0]]
        if min(weights) < 0:
            # A bigger margin or score never makes a placement less likely to be right: a
            # negative weight is noise, so drop that feature and refit.
            keep = [i for i, w in enumerate(weights) if w >= 0]
            model = LogisticRegression(C=100.0).fit(features[:, keep], correct[placed])
            weights = [0.0] * len(weights)
            for i, w in zip(keep, model.coef_[0], strict=True):
                weights[i] = float(w)
        coefficients = ", ".join(f"{c:.2f}" for c in [model.intercept_[0], *weights])
        print(f'    ("{method}", "{mode}"): ({coefficients}),  # right before calibration: {correct.mean():.3f}')
        print(f"    # median margin: {np.median(plan.features[placed, 0]):.4f}")


def markdown(results: Sequence[dict[str, Any]]) -> str:
    lines = [
        "| Method | Unsupervised ARI | Unsupervised matched accuracy | Guided accuracy | Guided, 3 pinned per theme |"
        " Half the themes named (ARI) | Minority coverage (guided / unsupervised) | Dissent precision / recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        u, g = r["unsupervised"], r["guided"]
        lines.append(
            f"| {r['method']} | {u['ari']:.3f} | {u['matched_accuracy']:.3f} | {g['accuracy']:.3f} |"
            f" {r['guided_pinned']['accuracy']:.3f} | {r['guided_half']['ari']:.3f} |"
            f" {g['minority_coverage']:.2f} ({g['minority_precision']:.2f} precise) /"
            f" {u['minority_coverage']:.2f} ({u['minority_precision']:.2f} precise) |"
            f" {g['dissent_precision']:.2f} / {g['dissent_recall']:.2f} |"
        )
    lines.append("")
    for r in results:
        g = r["guided"]
        lines.append(
            f"{r['method']}: guided placements below {themes.LOW_CONFIDENCE} confidence: "
            f"{g['low_confidence_share']:.0%} of those placed, right {g['accuracy_low']:.0%} of the time "
            f"(the rest: {g['accuracy_confident']:.0%}). Minority views set aside or listed as low confidence "
            f"(so a person sees them): {g['minority_surfaced']:.0%} guided, "
            f"{r['unsupervised']['minority_surfaced']:.0%} unsupervised. Dissent: {g['dissent_flagged']:.0f} flagged, "
            f"{g['dissent_labelled']:.0f} labelled. Unsupervised found {r['unsupervised']['groups']} groups "
            f"in {r['unsupervised_seconds']:.2f} s; guided took {r['guided_seconds']:.2f} s."
        )
        lines.append("")
        lines.append("| Confidence | Placements | Mean confidence | Right |")
        lines.append("|---|---:|---:|---:|")
        for band in g["reliability"]:
            lines.append(
                f"| {band['band']} | {band['count']} | {band['mean_confidence']:.2f} | {band['accuracy']:.2f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", choices=themes.METHODS, action="append")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--fit-confidence", action="store_true", help="print refitted confidence coefficients")
    args = parser.parse_args(argv)
    methods = args.method or list(themes.available_methods())
    missing = [m for m in methods if m not in themes.available_methods()]
    if missing:
        parser.error(f"not installed here: {', '.join(missing)} (make install-semantic)")
    insights, expected = load()
    if args.fit_confidence:
        for method in methods:
            fit_confidence(method, insights, expected)
        return 0
    results = [evaluate(method, insights, expected) for method in methods]
    print(json.dumps(results, indent=2) if args.json else markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
