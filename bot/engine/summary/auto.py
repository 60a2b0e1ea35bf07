"""The `auto` summarizer: sumy's rankers, weighted for news and adapted to each article.

No single sumy algorithm suits all news. On stories written as an inverted pyramid, in one-
or two-sentence paragraphs, the first sentences are the summary and centrality picks
background; on articles written in long, dense paragraphs the sentences that share the most
with the rest of the article are the summary and the lead is only one of them. `auto` scores
every sentence with a *lead* profile and a *central* profile and mixes the two with a gate
read from the article itself: mostly how many sentences its paragraphs hold (text without
paragraph breaks counts as news-style), a little the length of its sentences.

The evidence is computed once per article (`bot.engine.summary.features`): sumy's LexRank,
TextRank, Reduction and SumBasic ratings from one shared word-overlap matrix, similarity to
the article centroid and to the title, position, length, and flags for sentences that cannot
stand alone. The lead profile weighs position and centroid similarity most; the central
profile is Reduction's rating corrected for length. Questions, quotations, fragments and
run-ons are penalised alike in both. Captions, credits, bylines and promotions are never
picked while any prose is left. Sentences are then picked greedily, MMR-style: each pick is
discounted by its similarity to those already chosen, and a near-duplicate of a pick is never
taken, even when that leaves the summary shorter than asked.

The numbers at the bottom were fitted on development news data by `benchmarks/fit_auto.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Sentence

from bot.engine.summary import features as sf

# A pick may not share more than this (cosine of content-word counts) with an earlier pick.
NEAR_DUPLICATE = 0.6


def _vector(weights: Mapping[str, float], names: tuple[str, ...]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    out = np.zeros(len(names))
    for name, value in weights.items():
        out[index[name]] = value
    return out


@dataclass(frozen=True)
class Params:
    """The fitted numbers: two sentence profiles, the gate that mixes them, and MMR."""

    lead: np.ndarray  # weights over sf.FEATURES
    central: np.ndarray  # weights over sf.FEATURES
    gate: np.ndarray  # weights over sf.ARTICLE_FEATURES; sigmoid -> share of `central`
    redundancy: float = 0.3  # MMR: subtract this times the highest similarity to a pick
    duplicate: float = field(default=NEAR_DUPLICATE)

    @classmethod
    def from_names(
        cls,
        lead: Mapping[str, float],
        central: Mapping[str, float],
        gate: Mapping[str, float],
        **rest: float,
    ) -> Params:
        return cls(
            _vector(lead, sf.FEATURES),
            _vector(central, sf.FEATURES),
            _vector(gate, sf.ARTICLE_FEATURES),
            **rest,
        )


def gate(article: np.ndarray, params: Params) -> float:
    """How much of the `central` profile this article gets, in [0, 1]."""
    return float(1.0 / (1.0 + np.exp(-float(article @ params.gate))))


def sentence_scores(features: np.ndarray, article: np.ndarray, params: Params) -> np.ndarray:
    """One score per sentence: the two profiles mixed by the article's gate."""
    g = gate(article, params)
    return features @ ((1.0 - g) * params.lead + g * params.central)


def select(
    scores: np.ndarray,
    similarity: np.ndarray,
    blocked: np.ndarray,
    count: int,
    params: Params,
) -> list[int]:
    """Indices of at most `count` sentences, in article order, picked greedily (MMR).

    `blocked` sentences (captions, credits) are only considered when nothing else is left, so
    an article of nothing but captions still gets a one-line summary.
    """
    n = len(scores)
    count = min(count, n)
    available = ~blocked
    if not available.any():
        available = np.ones(n, dtype=bool)
    picked: list[int] = []
    closest = np.zeros(n)
    while len(picked) < count and available.any():
        value = np.where(available, scores - params.redundancy * closest, -np.inf)
        best = int(np.argmax(value))
        picked.append(best)
        closest = np.maximum(closest, similarity[best])
        available[best] = False
        available &= closest < params.duplicate
    return sorted(picked)


class AutoSummarizer:
    """A sumy-style summarizer: `summarizer(document, count)` -> sentences in article order."""

    def __init__(
        self,
        stemmer: Callable[[str], str],
        stop_words: frozenset[str],
        lang: str = "en",
        title: str = "",
        params: Params | None = None,
    ) -> None:
        self.stemmer = stemmer
        self.stop_words = stop_words
        self.lang = lang
        self.title = title
        self.params = params or DEFAULT_PARAMS

    def rate(self, document: ObjectDocumentModel) -> tuple[sf.ArticleEvidence, np.ndarray]:
        """The evidence and the score of every sentence (before redundancy control)."""
        evidence = sf.evidence(document, self.stemmer, self.stop_words, self.lang, self.title)
        return evidence, sentence_scores(evidence.features, evidence.article, self.params)

    def __call__(self, document: ObjectDocumentModel, count: int) -> tuple[Sentence, ...]:
        if count <= 0 or not document.sentences:
            return ()
        evidence, scores = self.rate(document)
        blocked = evidence.features[:, sf.F["not_prose"]] > 0
        picked = select(scores, evidence.similarity, blocked, count, self.params)
        return tuple(evidence.sentences[i] for i in picked)


# Fitted by `python benchmarks/fit_auto.py --lead ../shared/eval/cnndm-dev.jsonl --central
# ../shared/eval/bbc-dev.jsonl` (with `--fold 0` / `--fold 1` for the held-out check). Weights
# not listed are 0: the title and dangling-opener features are computed but the development
# references gave them no weight (a dangling-opener penalty of 0.3 cost about 1 ROUGE-1 point).
DEFAULT_PARAMS = Params.from_names(
    lead={"pos_inv": 1.054, "pos_rel": -0.515, "lr_log": -0.237, "tr_log": -0.027,
          "density": 0.65, "centroid": 2.93, "log_len": -0.335, "short": -0.907,
          "long": -0.426, "dangling": -0.001, "question": -1, "quote": -0.075},
    central={"tr_log": -0.5, "rd_log": 1, "density": 0.062, "log_len": 0.5,
             "short": -0.907, "long": -0.426, "dangling": -0.001, "question": -1,
             "quote": -0.075},
    gate={"bias": -3.596, "paragraphing": 5.188, "mean_len": -0.125},
    redundancy=0.161,
)  # fmt: skip
