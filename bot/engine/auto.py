"""The `auto` summarizer: sumy's rankers, weighted for news and adapted to each article.

No single sumy algorithm suits all news. On wire-style stories written as an inverted pyramid
the first sentences are the summary and centrality picks background; on articles written in
long, dense paragraphs the sentences that share the most with the rest of the article are the
summary and the lead is only one of them. `auto` scores every sentence twice, with a *lead*
profile and a *central* profile, and mixes the two with a gate computed from the article
itself (how it is paragraphed, how long its sentences are, whether its opening is central).

Each profile is a weighted sum of the same per-sentence evidence
(`bot.engine.sentence_features`): sumy's LexRank, TextRank and SumBasic ratings, similarity to
the article centroid and to the title, position, length, and flags for sentences that cannot
stand alone (dangling pronouns or connectives, questions, quotations). Captions, credits,
bylines and promotions are never picked while enough prose is left. Sentences are then picked
greedily, MMR-style: each pick is discounted by its similarity to those already chosen, and a
near-duplicate of a pick is never taken.

The numbers below were fitted on development news data by `benchmarks/fit_auto.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Sentence

from bot.engine import sentence_features as sf

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


# Fitted by `python benchmarks/fit_auto.py --lead cnndm-dev.jsonl --central bbc-dev.jsonl
# --refine` (see that script); the held-out check is its `--split` run.
DEFAULT_PARAMS = Params.from_names(
    lead={"pos_inv": 0.812, "pos_rel": -0.265, "lr_log": -0.23, "tr_log": 0.098, "density": 0.4,
          "centroid": 2.563, "title": 0.49, "log_len": -0.335, "short": -0.282, "long": -0.176,
          "dangling": -0.003, "question": -0.009, "quote": -0.571},
    central={"pos_inv": -0.915, "pos_rel": -0.525, "lr_log": 0.043, "tr_log": 3.417, "density": 1.4,
             "centroid": 1.118, "title": 0.49, "log_len": 0.777, "short": -1.0, "long": -1.135,
             "dangling": -0.016, "question": -2.0, "quote": -0.107},
    gate={"bias": -3.812, "paragraphing": 5.5, "mean_len": -0.75, "lead_central": -0.124},
    redundancy=0.1375,
)  # fmt: skip
