"""The words a headline is matched on: lowercased, light-stemmed, function words dropped.

Headlines are short and often in Title Case, so capitals say little about names; instead the
clustering weighs every term by how rare it is in the stream itself (see `clustering`). This
module only decides what counts as a term, with rules that hold for any English headline.
"""

from __future__ import annotations

import re

# Function words plus the words headlines use about themselves ("video", "update", "live") and
# the explainer's formula ("10 things you need to know", "everything you need to know"): they
# say nothing about which event an article reports.
HEADLINE_STOP_WORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those he she they we you i his her their our your my me him them us who whom
    what which when where why how not no yes do does did done has have had will would can could
    should may might must shall than then so such too very just also into over under after before
    about up down out off again more most less least new says say said amid vs via per all any
    some one two three against between during through while here there now today week year years
    day days time make makes made get gets got report reports video photos photo watch live
    update updates news review look things know need everything
    """.split()
)

# A word, or a number with its inner separators ("7.1", "1,000", "3/10"), so figures stay whole.
_TOKEN = re.compile(r"[^\W_]+(?:[.,/'’][^\W_]+)*")
_DIGIT = re.compile(r"\d")
STEM_LENGTH = 7  # long enough to keep names apart, short enough to drop derivational endings
# Numbers that say when or how many the way any headline does, not which event: a year of this
# century ("Festival 2014 preview", "March 10, 2014") and a small count ("10 things", "5 ways",
# "down 3 pct"). Figures that name an event stay whole: "7.1", "1.75", "$425m", "150000", and an
# older year ("highest since 1956").
_PLAIN_NUMBER = re.compile(r"\d{1,2}|20\d\d")


def _stem(word: str) -> str:
    """Plural, -ing and -ed endings and a final e, so that "files", "filing", "filed" and "file"
    are one term: headlines tell one event in every tense. Then the first `STEM_LENGTH`
    letters only, so that a word and its longer derivations ("America", "American";
    "transport", "transportation"; "president", "presidential") are one term too. Stems need
    not be words."""
    if _DIGIT.search(word):
        return word
    return _strip_endings(word)[:STEM_LENGTH]


def _strip_endings(word: str) -> str:
    """The word without its plural, -ing, -ed and final-e endings (see `_stem`)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _normalize(token: str) -> str:
    """One spelling per word: possessives and inner dots dropped ("Vexa's" -> "vexa", "U.S." ->
    "us"); numbers keep their separators so that "7.1" never matches "71"."""
    if _DIGIT.search(token):
        return token.rstrip(".,")
    token = re.sub(r"['’]s$", "", token)
    return re.sub(r"[.,/'’]", "", token)


def headline_terms(title: str, lead: str = "") -> tuple[str, ...]:
    """The distinct terms of a headline (and of the article's lead sentence when there is one),
    in order of first appearance."""
    text = f"{title}\n{lead}".lower().replace("…", " ").replace("...", " ")
    terms: dict[str, None] = {}
    for match in _TOKEN.finditer(text):
        word = _normalize(match.group(0))
        if len(word) < 2 or word in HEADLINE_STOP_WORDS or _PLAIN_NUMBER.fullmatch(word):
            continue
        terms.setdefault(_stem(word), None)
    return tuple(terms)


# Words a headline puts in quotation marks: a title ("'Glass Orchard' finale") or someone's
# exact words ("Minister 'will not resign'"). The opening mark starts the headline or follows a
# space or an opening bracket, colon or dash, and the closing one ends a word, so that
# apostrophes ("Tollan's", "don't") open no quotation.
_QUOTED = re.compile(
    r"(?:^|(?<=[\s(\[:\u2013\u2014-]))['\u2018\"\u201c`]([^'\u2019\"\u201d`\n]+?)['\u2019\"\u201d]"
    r"(?=$|[\s,.:;!?)\]\u2013\u2014-])"
)
# A quoted name's term: its words' terms joined by `QUOTE_JOIN` in quotation marks
# ('"glass_orchard"'); no space, since the store keeps an article's terms space-separated.
QUOTE_MARK = '"'
QUOTE_JOIN = "_"  # no term holds it (see `_TOKEN`)


def story_terms(title: str, lead: str = "") -> tuple[str, ...]:
    """The terms a story is clustered on: `headline_terms`, and one more for each run of words
    the headline quotes, right after its last word (so that it is part of the same name for
    `clustering`). Headlines quote a work's title and a speaker's exact words; two headlines
    quoting the same words are about the same thing, where the same words unquoted ("glass",
    "orchard") may be a coincidence. One plain word in lower case is left out: that is a word
    kept at a distance ("savings 'lost'", "a 'fair' deal"), not a name or a quotation.
    Follows and summaries use `headline_terms` alone."""
    terms = list(headline_terms(title, lead))
    for match in _QUOTED.finditer(title):
        quoted = match.group(1)
        inner = headline_terms(quoted)
        if len(inner) == 1 and not quoted[:1].isupper():
            continue
        name = QUOTE_MARK + QUOTE_JOIN.join(inner) + QUOTE_MARK
        if inner and name not in terms:
            last = inner[-1]
            terms.insert(terms.index(last) + 1 if last in terms else len(terms), name)
    return tuple(terms)


def is_quoted(term: str) -> bool:
    """Whether a term is a quoted name (see `story_terms`)."""
    return term.startswith(QUOTE_MARK)


def lead_sentence(text: str) -> str:
    """The article's first sentence, which restates the headline's event in most news writing.

    The rule-based splitter is used on purpose: it needs no NLTK import, so clustering stays
    cheap in the bot process and the CLI."""
    from bot.engine.text.sentences import paragraphs, split_sentences_rules

    for paragraph in paragraphs(text or ""):
        found = split_sentences_rules(paragraph)
        if found:
            return found[0]
    return ""
