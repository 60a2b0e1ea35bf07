"""Text cleaning, paragraphs, sentences and words: the ground every other engine part stands on.

Everything here works on a machine that never downloaded NLTK data. When NLTK's `punkt_tab`
happens to be installed it is used for sentences; otherwise a rule-based splitter written for
news text takes over (titles, initials, U.S.-style abbreviations, decimals and money, and
quotations followed by their attribution).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from bot.engine.text.boilerplate import INLINE_CREDIT, is_boilerplate

# --- normalisation -----------------------------------------------------------------------

_QUOTE_MAP = str.maketrans(
    {
        "„": "“",
        "‟": "“",
        "«": "“",
        "»": "”",
        "‚": "‘",
        "‛": "‘",
        "‹": "‘",
        "›": "’",
        "″": '"',
        "′": "'",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        "\u2028": "\n",
        "\u2029": "\n\n",
    }
)
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \u2000-\u200a\u3000]+")
_LATEX_QUOTES = re.compile(r"``([^`]{1,2000}?)''")  # bounded: a run of `` stays linear


def normalize(text: str) -> str:
    """Unicode NFC, one kind of space, one newline style, and one family of quotation marks.

    Curly and straight marks are both kept (the quotation engine reads both); the rarer
    forms (low-9, guillemets, LaTeX ``...'') become curly marks so downstream rules see two.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_QUOTE_MAP)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _LATEX_QUOTES.sub(r"“\1”", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def clean(text: str) -> str:
    """Normalise `text` and drop scraped boilerplate lines; paragraphs are joined by a blank line.

    A hard-wrapped paragraph (a line that does not end a sentence followed by one that starts in
    lower case) is joined back into one line; every other line break starts a new paragraph,
    because scraped pages put headings and captions on lines of their own.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in normalize(text).split("\n"):
        line = INLINE_CREDIT.sub("", raw).strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if is_boilerplate(line):
            continue
        if current and _continues(current[-1], line):
            current.append(line)
        else:
            if current:
                paragraphs.append(" ".join(current))
            current = [line]
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


_TERMINAL = re.compile(r"""[.!?:;…]["'”’)\]]*$""")


def _continues(previous: str, line: str) -> bool:
    """Whether `line` carries on the sentence that `previous` left open (a hard wrap)."""
    if _TERMINAL.search(previous):
        return False
    first = line[0]
    return first.islower() or (first in "“\"'‘(" and len(line) > 1 and line[1].islower())


def paragraphs(text: str) -> list[str]:
    """The paragraphs of cleaned text (separated by blank lines)."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


_HASH_TOKEN = re.compile(r"\w+")


def content_hash(text: str) -> str:
    """A hash of the words and numbers only, so the same article pasted twice with other
    spacing or punctuation is one, while a story that differs in a figure is another."""
    words = " ".join(_HASH_TOKEN.findall(text.casefold()))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


# --- sentences -----------------------------------------------------------------------------

# Titles and abbreviations after which a period never ends a sentence.
_NEVER_FINAL = frozenset(
    """mr mrs ms mx dr prof gov sen rep gen col lt sgt capt cpl maj adm cmdr pres supt insp det
    rev fr st sr jr messrs mme mlle hon amb atty esq lieut brig vs v cf approx dept
    pp jan feb mar apr jun jul aug sep sept oct nov dec mt ft ste""".split()
)
# Abbreviations that only stand before a number: No. 10, Fig. 3, Vol. 2.
_BEFORE_NUMBER = frozenset("no nos fig figs vol vols est art sec ch".split())
# Abbreviations that may end a sentence when the next word plainly starts one.
_MAYBE_FINAL = frozenset(
    """inc corp ltd co plc llc bros etc al e.g i.e a.m p.m u.s u.k u.n e.u u.s.a d.c n.y l.a
    ph.d b.a m.a""".split()
)
_SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i you his her its their our my this that these those there
    but and or so yet in on at for from by with as after before when while if although though
    since because however meanwhile still then now mr mrs ms dr officials police some many
    most several both each all no not one two three its""".split()
)
_REPORTING_VERBS = (
    r"said|says|asked|asks|added|adds|told|tells|wrote|writes|explained|warned|insisted|noted|"
    r"replied|continued|argued|claimed|declared|stated|tweeted|posted|recalled|joked|shouted|"
    r"cried|exclaimed|wondered|whispered|admitted|conceded|countered|responded|remarked"
)
_ATTRIBUTION_AFTER = re.compile(
    r"^(?:(?:" + _REPORTING_VERBS + r")\b|(?:[A-Z][\w'’.-]*\s+){1,4}(?:" + _REPORTING_VERBS + r")\b"
    r"|(?:he|she|they|it|we|i)\s+(?:" + _REPORTING_VERBS + r")\b)",
)
# A candidate boundary: terminal punctuation, closing quotes/brackets, then space. Chinese and
# Japanese full stops (。！？) end a sentence without a space after them. A match only starts at
# the first mark of a run and never backtracks into it, so 200,000 dots take linear time.
_BOUNDARY = re.compile(
    r"""(?<![.!?…。！？])([.!?…]++|[。！？]++)(["'”’)\]」』）]*+)(\s+|(?<=[。！？」』）])(?=\S))"""
)
_BEFORE_WINDOW = 200  # characters before a boundary that decide it (the last word, at most)
_OPENERS = "\"“‘'([¿¡"


def _last_token(text: str) -> str:
    match = re.search(r"(\S+)$", text)
    return match.group(1) if match else ""


def _is_boundary(before: str, punct: str, closers: str, after: str) -> bool:
    """Decide whether a candidate boundary between `before` and `after` ends a sentence."""
    if not after:
        return True
    first = after[0]
    if first.islower():
        return False
    # Past this point a letter is upper case or from a script without case (Arabic, Hebrew,
    # Chinese, Devanagari...), where any letter may start a sentence.
    next_word = re.match(r"[\"“‘'(\[]*([\w’']+)", after)
    next_lower = next_word.group(1).lower() if next_word else ""
    if closers and any(c in closers for c in "\"”’'") and _ATTRIBUTION_AFTER.match(after):
        # “Why?” Kim asked.  — the attribution belongs to the quotation.
        return False
    if punct != ".":
        return True
    token = _last_token(before).lstrip("\"“‘'([")
    bare = token.lower().rstrip(".")
    if not token:
        return True
    if bare in _NEVER_FINAL:
        return False
    if bare in _BEFORE_NUMBER:
        return not first.isdigit()
    if len(bare) == 1 and bare.isalpha() and token[0].isupper():
        return False  # an initial: J. K. Rowling
    if bare in _MAYBE_FINAL or re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare):
        return next_lower in _SENTENCE_STARTERS
    return True


def split_sentences_rules(paragraph: str) -> list[str]:
    """The rule-based splitter for one paragraph (no NLTK data needed)."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end(2)
        if _is_boundary(
            paragraph[max(start, match.start(1) - _BEFORE_WINDOW) : match.start(1)],
            match.group(1),
            match.group(2),
            paragraph[match.end() : match.end() + 80],
        ):
            sentence = paragraph[start:end].strip()
            if sentence:
                sentences.append(sentence)
            start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


@functools.cache
def _punkt():
    """NLTK's punkt_tab model when it is installed, else None. Never downloads anything."""
    try:
        from nltk.tokenize import PunktTokenizer

        return PunktTokenizer("english")
    except (LookupError, OSError, ImportError, ValueError):
        return None


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph: punkt_tab when installed, the news rules otherwise."""
    punkt = _punkt()
    if punkt is None:
        return split_sentences_rules(paragraph)
    return [s.strip() for s in punkt.tokenize(paragraph) if s.strip()]


def sentences(text: str) -> list[str]:
    """Every sentence of cleaned text, paragraph by paragraph."""
    return [s for p in paragraphs(text) for s in split_sentences(p)]


# --- words ---------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def word_tokens(text: str) -> list[str]:
    """Words made of letters (with inner apostrophes and hyphens); numbers and marks dropped."""
    return _WORD.findall(text)


def reading_minutes(text: str, words_per_minute: int = 230) -> int:
    """Minutes an adult needs to read `text`, at least 1."""
    return max(1, round(len(word_tokens(text)) / words_per_minute))


class NewsTokenizer:
    """The tokenizer object sumy is given, in place of `sumy.nlp.tokenizers.Tokenizer`.

    sumy only duck-types `to_sentences`, `to_words` and `language`; its own Tokenizer needs
    downloaded NLTK data, this one does not.
    """

    def __init__(self, language: str = "english") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(word_tokens(sentence))


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `limit` characters on a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ellipsis))]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + ellipsis


def join_nonempty(parts: Iterable[str | None], sep: str = " · ") -> str:
    """Join the parts that have text."""
    return sep.join(p for p in parts if p)
