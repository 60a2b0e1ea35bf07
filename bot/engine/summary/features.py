"""Per-sentence evidence for the `auto` summarizer, computed once per article with numpy.

Four of sumy's rankers are rebuilt here from one term-count matrix, with sumy's own word
normalisation, stemmer and stop words: LexRank's idf-modified cosine graph and TextRank's
word-overlap graph are the formulas of `LexRankSummarizer._create_matrix` and
`TextRankSummarizer._create_matrix`, vectorised, with the stationary vectors from sumy's own
`power_method`s; Reduction's rating is the row sum of TextRank's edge weights, and SumBasic's
is the mean article probability of a sentence's words. The word-overlap matrix is reused for
redundancy control, so an article is tokenised, stemmed and compared once, where sumy's
LexRank alone compares every pair of sentences in Python.

Everything else is what news needs and graph centrality does not see: where a sentence sits,
how much of the title it repeats, how long it is, and whether it can stand on its own.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Sentence
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

# Sentences shorter than this (in words) rarely carry a summary on their own.
SHORT_WORDS = 6
# Longer than this usually means a run-on list, a table flattened into text or a split failure.
LONG_WORDS = 55
# A caption is at most this many words.
CAPTION_WORDS = 20

# Words that, first in a sentence, point back to something the summary may not contain.
_DANGLING = {
    "en": """he she it they him them his her hers its their theirs this that these those
        here such but and or so also however meanwhile still yet instead then thus
        therefore moreover furthermore besides nevertheless nonetheless otherwise likewise
        similarly additionally indeed though although while whereas hence accordingly
        later afterwards earlier previously elsewhere again too either neither nor""",
    "de": """er sie es ihm ihn ihr ihre ihren ihrem ihrer sein seine seinen seinem seiner
        dies diese dieser dieses diesen diesem dort hier aber und oder doch jedoch auch
        trotzdem dennoch deshalb daher darum außerdem zudem allerdings stattdessen dann""",
    "fr": """il elle ils elles lui leur leurs son sa ses ce cet cette ces mais et ou donc
        pourtant cependant toutefois aussi ensuite puis alors""",
    "es": """él ella ellos ellas su sus este esta estos estas ese esa esos esas pero y o
        sin embargo también entonces además luego""",
    "it": """lui lei loro suo sua suoi sue questo questa questi queste quel quella ma e o
        però tuttavia anche poi inoltre quindi""",
    "nl": """hij zij ze het hem haar hun zijn dit dat deze die maar en of toch echter ook
        dan bovendien daarom""",
}
DANGLING_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split()) for code, words in _DANGLING.items()
}

_OPEN_QUOTES = "\"“‘'«„"
# A caption, credit, byline, promotion or navigation line that survived cleaning.
_NOT_PROSE = re.compile(
    r"""(?ix)
      ^\W*(?:photos?|pictures?|images?|video|watch|gallery|graphic|infographic|map|chart|
            listen|audio|podcast|slideshow)\b\s*[:|]
    | ^\W*(?:scroll\s+down|click\s+(?:here|through)|read\s+more|read\s+the\s+full|
            see\s+also|related\s*:|more\s*:|follow\s+(?:us|@|\w+\s+on)|sign\s+up|
            subscribe|download\s+the|like\s+us\s+on|share\s+this|watch\s+the\s+video)
    | ^\W*(?:by|von|par|por|di|door)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*
            (?:[,|/–—-].{0,60})?$
    | ^\W*(?:reporting|additional\s+reporting|editing|writing)\s+by\b
    | \bcontributed\s+to\s+this\s+report\b
    | ^\W*(?:copyright|©)\s
    | \ball\s+rights\s+reserved\b
    | \(\s*(?:photo|image|picture|video)s?\s*[:)]
    | ^\W*(?:updated|published|posted|last\s+modified)\b.{0,40}\d
    | (?:[/|(]|photo|image|credit)\s*:?\s*(?:getty\s+images|shutterstock|afp|epa|ap|reuters)\W*$
    | \bfollow\s+@\w+
    | @\w+\s*$
    | https?://|www\.
    """
)
# Captions in scraped corpora are short and often end with a detached full stop ("... on
# Monday ."); a line mostly in capitals is a heading or a caption too.
_DETACHED_STOP = re.compile(r"\s\.$")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞΑ-ΩА-ЯЁ]")
_LOWER = re.compile(r"[a-zß-öø-ÿα-ωа-яё]")


def not_prose(text: str) -> bool:
    """True for captions, credits, bylines, promotions and other lines that are not prose."""
    stripped = text.strip()
    if _NOT_PROSE.search(stripped):
        return True
    if _DETACHED_STOP.search(stripped) and len(stripped.split()) <= CAPTION_WORDS:
        return True
    upper = len(_UPPER.findall(stripped))
    letters = upper + len(_LOWER.findall(stripped))
    return letters >= 12 and upper / letters > 0.6


def is_question(text: str) -> bool:
    return text.rstrip(" \"'”’)]").endswith("?")


def opens_with_quote(text: str) -> bool:
    return bool(text) and text[0] in _OPEN_QUOTES


def dangles(words: Sequence[str], lang: str) -> bool:
    """True when the first word needs an antecedent or a previous clause to make sense."""
    if not words:
        return False
    table = DANGLING_WORDS.get(lang)
    return bool(table) and words[0].lower() in table


# Per-sentence feature columns, in this order. Values are comparable across articles:
# centralities are logs of the ratio to their article mean, lengths are logs, flags are 0/1.
FEATURES = (
    "pos_inv",  # 1 / (1 + sentence index)
    "pos_rel",  # index / (sentences - 1)
    "lr_log",  # LexRank score, log-ratio to the article mean
    "tr_log",  # TextRank score, log-ratio
    "rd_log",  # Reduction's rating (summed word-overlap edges), log-ratio
    "density",  # SumBasic's rating: mean article probability of the content words, log-ratio
    "centroid",  # tf-idf cosine with the article centroid
    "title",  # share of the title's content words the sentence has
    "log_len",  # log(1 + words)
    "short",  # fewer than SHORT_WORDS words
    "long",  # more than LONG_WORDS words
    "dangling",  # starts with a pronoun or connective
    "question",  # ends with a question mark
    "quote",  # opens with a quotation mark
    "not_prose",  # caption, credit, byline, promotion
)
F = {name: i for i, name in enumerate(FEATURES)}

# Article-level columns, from which `auto` chooses its weighting.
ARTICLE_FEATURES = (
    "bias",
    "paragraphing",  # log(mean sentences per paragraph); 0 for text without paragraph breaks
    "mean_len",  # log(mean words per sentence / 20)
    "lead_central",  # how central (LexRank) the first three sentences are vs the rest, z-score
)
A = {name: i for i, name in enumerate(ARTICLE_FEATURES)}


@dataclass(slots=True)
class ArticleEvidence:
    sentences: tuple[Sentence, ...]
    features: np.ndarray  # (sentences, len(FEATURES))
    article: np.ndarray  # (len(ARTICLE_FEATURES),)
    similarity: np.ndarray  # (sentences, sentences) content-word cosine, for redundancy


@functools.lru_cache(maxsize=16)
def _lower_set(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


@functools.lru_cache(maxsize=200_000)
def _stem(stemmer: Callable[[str], str], word: str) -> str:
    return stemmer(word)


class _Words(LexRankSummarizer):
    """sumy's word normalisation (lower case, stop words out, stemmed), with the stop words
    lower-cased once per list and stems remembered across articles."""

    def __init__(self, stemmer: Callable[[str], str], stop_words: frozenset[str]) -> None:
        super().__init__(stemmer)
        self._stop_words = _lower_set(frozenset(stop_words))

    def content_stems(self, words: Sequence[str]) -> list[str]:
        stops, stemmer = self._stop_words, self._stemmer
        out = []
        for word in words:
            lower = word.lower()  # sumy's `normalize_word` for text
            if lower not in stops:
                out.append(_stem(stemmer, lower))
        return out


def _counts(stemmed: list[list[str]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, stems in enumerate(stemmed):
        for stem in stems:
            rows.append(i)
            cols.append(vocab.setdefault(stem, len(vocab)))
    counts = np.zeros((len(stemmed), max(1, len(vocab))))
    np.add.at(counts, (np.array(rows, dtype=int), np.array(cols, dtype=int)), 1.0)
    return counts


def tfidf(counts: np.ndarray) -> np.ndarray:
    """LexRank's sentence vectors: term frequency over the sentence's top frequency, times
    log(sentences / (1 + sentences with the term)), as sumy's `_compute_tf`/`_compute_idf`."""
    n = counts.shape[0]
    max_tf = counts.max(axis=1, keepdims=True)
    tf = counts / np.where(max_tf > 0, max_tf, 1.0)
    df = (counts > 0).sum(axis=0)
    return tf * np.log(n / (1.0 + df))


def lexrank_scores(weighted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """sumy's LexRank over tf-idf vectors: (scores, idf-modified cosine matrix)."""
    norms = np.sqrt((weighted**2).sum(axis=1))
    dots = weighted @ weighted.T
    denom = np.outer(norms, norms)
    cosine = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
    edges = (cosine > LexRankSummarizer.threshold).astype(float)
    degrees = edges.sum(axis=1, keepdims=True)
    matrix = edges / np.where(degrees == 0, 1.0, degrees)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = LexRankSummarizer.power_method(matrix, LexRankSummarizer.epsilon)
    return _finite(scores), cosine


def overlap_edges(counts: np.ndarray, overlap: np.ndarray | None = None) -> np.ndarray:
    """TextRank's and Reduction's edge weights: shared words (with repeats) over the sum of
    the log lengths of the two sentences (sumy's `_rate_sentences_edge`)."""
    lengths = counts.sum(axis=1)
    if overlap is None:
        overlap = counts @ counts.T
    logs = np.log(np.where(lengths > 0, lengths, 1.0))
    norm = logs[:, None] + logs[None, :]
    weights = np.where(np.isclose(norm, 0.0), overlap, overlap / np.where(norm == 0, 1.0, norm))
    return np.where(overlap == 0, 0.0, weights)


def reduction_scores(edges: np.ndarray) -> np.ndarray:
    """sumy's Reduction: each sentence's edge weights to every other sentence, summed."""
    return edges.sum(axis=1) - np.diag(edges)


def textrank_scores(edges: np.ndarray) -> np.ndarray:
    """sumy's TextRank over the overlap edges: row-normalised, damped, power method."""
    n = edges.shape[0]
    weights = edges / (edges.sum(axis=1)[:, None] + TextRankSummarizer._ZERO_DIVISION_PREVENTION)
    damping = TextRankSummarizer.damping
    matrix = np.full((n, n), (1.0 - damping) / n) + damping * weights
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = TextRankSummarizer.power_method(matrix, TextRankSummarizer.epsilon)
    return _finite(scores)


def _finite(scores) -> np.ndarray:
    """Scores as floats; a graph without edges (no sentence shares a word) rates all alike."""
    scores = np.asarray(scores, dtype=float)
    if not np.isfinite(scores).all():
        return np.full(len(scores), 1.0 / max(1, len(scores)))
    return scores


def sumbasic_scores(counts: np.ndarray) -> np.ndarray:
    """SumBasic's first rating (sumy's `_compute_average_probability_of_words`): the mean
    probability, in the article, of the sentence's content words."""
    totals = counts.sum(axis=0)
    probability = totals / (totals.sum() or 1.0)
    words = counts.sum(axis=1)
    return np.divide(counts @ probability, words, out=np.zeros(len(words)), where=words > 0)


def _log_ratio(values: np.ndarray) -> np.ndarray:
    mean = float(values.mean()) if values.size else 0.0
    if mean <= 0:
        return np.zeros_like(values)
    return np.log(np.maximum(values / mean, 1e-3))


def evidence(
    document: ObjectDocumentModel,
    stemmer: Callable[[str], str],
    stop_words: frozenset[str],
    lang: str = "en",
    title: str = "",
) -> ArticleEvidence:
    """Every feature `auto` uses, for each sentence of `document` and for the article."""
    sentences = list(document.sentences)
    n = len(sentences)
    if n == 0:
        return ArticleEvidence((), np.zeros((0, len(FEATURES))), np.zeros(len(ARTICLE_FEATURES)),
                               np.zeros((0, 0)))  # fmt: skip
    words = _Words(stemmer, stop_words)
    tokens = [sentence.words for sentence in sentences]
    stemmed = [words.content_stems(t) for t in tokens]
    counts = _counts(stemmed)

    weighted = tfidf(counts)
    lexrank, _ = lexrank_scores(weighted)
    overlap = counts @ counts.T  # shared content words (with repeats)
    edges = overlap_edges(counts, overlap)
    textrank = textrank_scores(edges)
    # Redundancy: cosine of the content-word counts. Unlike LexRank's idf-weighted cosine it
    # does not shrink when the repeated words are frequent in the article, as repeats are.
    size = np.sqrt(np.diag(overlap))
    cosine = np.divide(
        overlap, np.outer(size, size), out=np.zeros_like(overlap), where=np.outer(size, size) > 0
    )
    centroid = weighted.sum(axis=0)
    norms = np.linalg.norm(weighted, axis=1) * (np.linalg.norm(centroid) or 1.0)
    to_centroid = np.divide(weighted @ centroid, norms, out=np.zeros(n), where=norms > 0)

    heading = title or " ".join(str(h) for h in document.headings)
    title_stems = set(words.content_stems(re.findall(r"[^\W\d_]+", heading))) if heading else set()

    features = np.zeros((n, len(FEATURES)))
    index = np.arange(n, dtype=float)
    features[:, F["pos_inv"]] = 1.0 / (1.0 + index)
    features[:, F["pos_rel"]] = index / max(1, n - 1)
    features[:, F["lr_log"]] = _log_ratio(lexrank)
    features[:, F["tr_log"]] = _log_ratio(textrank)
    features[:, F["rd_log"]] = _log_ratio(reduction_scores(edges))
    features[:, F["density"]] = _log_ratio(sumbasic_scores(counts))
    features[:, F["centroid"]] = to_centroid
    lengths = np.array([len(t) for t in tokens], dtype=float)
    features[:, F["log_len"]] = np.log1p(lengths)
    features[:, F["short"]] = lengths < SHORT_WORDS
    features[:, F["long"]] = lengths > LONG_WORDS
    for i, sentence in enumerate(sentences):
        text = str(sentence)
        if title_stems:
            features[i, F["title"]] = len(title_stems.intersection(stemmed[i])) / len(title_stems)
        features[i, F["dangling"]] = dangles(tokens[i], lang)
        features[i, F["question"]] = is_question(text)
        features[i, F["quote"]] = opens_with_quote(text)
        features[i, F["not_prose"]] = not_prose(text)

    article = np.zeros(len(ARTICLE_FEATURES))
    article[A["bias"]] = 1.0
    if len(document.paragraphs) > 1:
        article[A["paragraphing"]] = math.log(n / len(document.paragraphs))
    article[A["mean_len"]] = math.log(max(1.0, float(lengths.mean())) / 20)
    if n > 3:
        rest = lexrank[3:]
        spread = float(rest.std()) or 1.0
        article[A["lead_central"]] = float((lexrank[:3].mean() - rest.mean()) / spread)
    return ArticleEvidence(tuple(sentences), features, article, cosine)
