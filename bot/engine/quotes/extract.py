"""Quotation extraction: the words inside the marks, and who said them.

The entry point of the quotation engine. `extract` finds the quoted spans (`quote_marks`), reads the
cue and speaker phrase around each one (`attribution`), carries a speaker over to quotations that have
none of their own (the second half of a split quote, a follow-on paragraph, a paragraph introduced by
`Kim said:`), resolves the phrase to a full name with its role (`speakers`), and leaves out what
nobody is quoted as saying: scare quotes, titles, short fragments with no speaker in sight.

A quotation that runs over several paragraphs comes out as one `Quote` per paragraph, all with the
same speaker: each piece's `start`/`end` stay inside one paragraph, so no piece can run away with the
article. Rule-based, offline, and linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.quotes.attribution import (
    Attribution,
    Paragraph,
    attribute,
    attribute_dash_line,
    attribute_intro,
    attribute_last_subject,
    attribute_previous_sentence,
    attribute_reported_before,
    subject_owns_clause,
    verbless_lead_in,
)
from bot.engine.quotes.frames import cue_kind, tokenize
from bot.engine.quotes.lexicon import (
    FINITE_AUX,
    IRREGULAR_PAST,
    MEDIA_NOUNS,
    NP_STOP,
    PRONOUNS,
    SPEECH_NOUNS,
    TITLE_SMALL_WORDS,
    WORK_CONTEXTS,
)
from bot.engine.quotes.marks import LINE_RE, QuoteSpan, find_quote_spans, mask_quotes
from bot.engine.quotes.speakers import Speaker, SpeakerResolver
from bot.models import Quote

QUOTES_VERSION = "12"

WORD_RE = re.compile(r"\w+(?:[’']\w+)*")
SCARE_PREFIX_RE = re.compile(
    r"(?:so-called|so called|quote-unquote|dubbed|nicknamed?|known as|titled|"
    r"entitled|headlined|hashtag)\W*$",
    re.IGNORECASE,
)
# A term the sentence goes on to define (`a “targeted area,” which is defined as …`) is no speech.
DEFINED_AFTER_RE = re.compile(
    r"[\s,]*(?:(?:which|that)\s+(?:is|are|was|were)\s+|(?:is|are)\s+)?defined\s+as\b",
    re.IGNORECASE,
)
# Participles that make a title-case quotation before them a named event: `a “… Forum” hosted by`.
EVENT_PARTICIPLES = frozenset({"sponsored", "co-sponsored", "hosted", "organized", "organised"})
SCARE_WINDOW = 40  # characters before the opening mark that `SCARE_PREFIX_RE` looks at
# Verbs whose object in title case is a programme or an outlet: `Kim told “Morning Report”`.
TITLE_OBJECT_VERBS = frozenset({"told", "tells", "telling"})
# A nickname worn inside a name: `Marcia “Cia” Price`, a capitalised word straight before and after.
NAME_BEFORE_RE = re.compile(r"\b[A-Z][\w.’'-]*[ \t]+$")
NAME_AFTER_RE = re.compile(r"[ \t]+[A-Z]")
MAX_NICKNAME_WORDS = 2
# A title: a few capitalised words right after a possessive (`NTV’s`, `the channel’s`) or next to a
# media noun.
MAX_TITLE_WORDS = 8
TITLE_CONTEXT = 30
LIST_GAP_RE = re.compile(r"[\s,;]*(?:and|or)?\s*", re.IGNORECASE)
POSSESSIVE_BEFORE_RE = re.compile(r"[A-Za-z][\w.&-]*[’']s?\s*$")
# A label worn by a noun: `the “Sky High” reception`, `its “safety check” feature`. A determiner or
# a possessive before the opening mark, and a lower-case word that can be a noun after the closing one.
MODIFIER_BEFORE_RE = re.compile(
    r"(?:\b(?:a|an|the|his|her|its|their|our|my|your|this|that|these|those)|\w[’']s|\ws[’'])"
    r"[ \t\u00a0]+$",
    re.IGNORECASE,
)
MODIFIER_AFTER_RE = re.compile(r"[ \t\u00a0]+([a-z][a-z-]*)\b(?![’'])")
MAX_MODIFIER_WORDS = 6
# How far after the closing mark a speaker phrase may start and still be the noun the label wears.
MODIFIED_SPEAKER_GAP = 2
# A byline after a headline in marks (`“…,” by the Gazette's Kim Varga`), and what may come
# before the headline in its paragraph: nothing, or a label in capitals and a dash.
BYLINE_AFTER_RE = re.compile(r",?[ \t\u00a0]+by[ \t\u00a0]+(?:the[ \t\u00a0]+)?[A-Z]")
# What joins a headline to the excerpt a roundup quotes from it: `,” by the Gazette's Kim Varga: “`.
BYLINE_EXCERPT_RE = re.compile(r",?[ \t\u00a0]+by[ \t\u00a0]+[^\n“”\"]{1,80}:[ \t\u00a0]*")
LABEL_BEFORE_RE = re.compile(r"[\s\W]*(?:[A-Z0-9][A-Z0-9’' ]*[—–-]+[ \t]*)?")
# A parenthesis holding a year right after the closing mark dates a printed item, `“…” (2015)`,
# `“…” (party poster, 2003)`: a slogan, an ad or a headline on display, not words someone said.
DATED_AFTER_RE = re.compile(r"[\s,.]*\([^()\n]{0,60}\b(?:1[89]|20)\d\d\)")
# A transcript's stage direction in a quoted paragraph, `(CROSSTALK.)`, `[Applause]`: no speech.
STAGE_DIRECTION_RE = re.compile(r"\s*[(\[][^()\[\]]*[)\]][\s.,;:!?]*")
# A paragraph holding only a word or two in marks ending in a colon, `“Related:”`, `"Watch:"`, is
# a heading that introduces links or media, not something said.
MAX_HEADING_WORDS = 2
# An unattributed quotation shorter than this is a scare quote or a title, not something said.
MIN_UNATTRIBUTED_WORDS = 4
# A quotation opening a paragraph with no attribution of its own carries on the last speaker only
# when it is this long: a shorter one is more often a title or a slogan.
MIN_CARRIED_WORDS = 6
# Most words of a paragraph read as a stage direction between quotations (`Long pause.`)
STAGE_DIRECTION_WORDS = 2
# How near a nested quotation a reporting verb inside the outer marks must stand to report it.
NARRATION_WORDS = 3
NARRATION_CHARS = 40
# Confidence scale for speakers carried over from another quotation rather than found next to it.
INHERITED = 0.85
CONF_UNATTRIBUTED = 0.3
# Words after the cue of an intro to a block quotation (`Kim wrote in a letter:`), at most.
MAX_BLOCK_INTRO_TAIL = 5
# Words that open an object after that cue, a document shown rather than the speaker's own text.
OBJECT_DETERMINERS = frozenset({"the", "a", "an", "this", "these", "his", "her", "their", "its"})


@dataclass(slots=True)
class _Item:
    """One quoted span while the article is being worked through."""

    span: QuoteSpan
    direct: Attribution | None = None
    speaker: Speaker | None = None
    cue: str | None = None
    confidence: float = CONF_UNATTRIBUTED
    # Confidence of the attribution the speaker was found by, which a chain of quotations carrying
    # it over (a long multi-paragraph quotation) scales once rather than once per link.
    found_confidence: float = CONF_UNATTRIBUTED


class _Article:
    """The masked text, its paragraphs and their tokens, built lazily for the paragraphs we need."""

    def __init__(self, text: str, spans: list[QuoteSpan]) -> None:
        self.text = text
        self.masked = mask_quotes(text, spans)
        self.lines = [(m.start(), m.end()) for m in LINE_RE.finditer(text)]
        self.closers = {s.close_at for s in spans if s.closed}
        self._paragraphs: dict[int, Paragraph] = {}

    def paragraph(self, p: int) -> Paragraph:
        par = self._paragraphs.get(p)
        if par is None:
            start, end = self.lines[p]
            par = Paragraph(self.text, tokenize(self.masked, start, end), self.closers)
            self._paragraphs[p] = par
        return par

    def opens_paragraph(self, span: QuoteSpan) -> bool:
        """Whether nothing but punctuation comes before `span` in its paragraph."""
        par = self.paragraph(span.paragraph)
        return not par.words_between(0, par.index_at(span.open_at))

    def ends_paragraph(self, span: QuoteSpan) -> bool:
        """Whether nothing but punctuation follows `span` in its paragraph."""
        par = self.paragraph(span.paragraph)
        return not par.words_between(par.index_at(span.close_at), len(par.toks))

    def only_quotes(self, p: int) -> bool:
        """Whether paragraph `p` holds nothing but quotations (and punctuation)."""
        par = self.paragraph(p)
        return not par.words_between(0, len(par.toks))


def extract(text: str) -> list[Quote]:
    """Every quotation in `text`, sorted by start offset; see the module docstring."""
    if not text:
        return []
    spans = _unwrap_narration(text, find_quote_spans(text))
    if not spans:
        return []
    art = _Article(text, spans)
    items = [_Item(s) for s in spans]
    for item in items:
        span = item.span
        par = art.paragraph(span.paragraph)
        open_idx = par.index_at(span.open_at)
        close_idx = par.index_at(span.close_at) if span.closed else None
        item.direct = attribute(par, open_idx, close_idx)
        if item.direct is None and span.paragraph + 1 < len(art.lines) and art.ends_paragraph(span):
            item.direct = attribute_dash_line(art.paragraph(span.paragraph + 1))
        if item.direct is None or item.direct.cue is None:
            item.direct = _block_intro(art, span) or item.direct
    for i, item in enumerate(items):
        if item.direct and item.direct.cue is None and _cued_in_same_sentence(art, items, i):
            item.direct = None  # `X is “A” and “B,” Kim said`: the cue outranks a bare subject
    resolver = SpeakerResolver(art.masked)
    for item in items:  # first the quotations with a cue of their own, in reading order
        if item.direct:
            item.cue = item.direct.cue
            item.speaker = resolver.resolve(
                item.direct.mention, item.direct.confidence, strict=item.direct.cue is None
            )
            if item.speaker:
                item.confidence = item.found_confidence = item.speaker.confidence
                resolver.remember(item.direct.mention.start, item.speaker)
            elif not resolver.could_speak(item.direct.mention):
                item.direct = item.cue = None  # "Already", "FULL TEXT": look to the neighbours
            else:
                item.confidence = item.direct.confidence * 0.5
    for i, item in enumerate(items):  # then those that take their speaker from a neighbour
        if not item.direct or _unresolved_subject(art, item):
            _carry_over(art, items, i, resolver)
    for item in items:  # last, the register of people: one name and one role per person
        if item.speaker:
            item.speaker = resolver.finish(item.speaker, item.span.open_at)
    found: list[Quote] = []
    last_title = -1  # closing mark of the last quotation left out as the title of a work
    last_byline = -1  # closing mark of the last headline left out before its byline
    for item in items:
        span = item.span
        if _is_byline_title(text, span):
            last_title = last_byline = span.close_at
        elif _is_title(text, span, text[span.start : span.end], last_title):
            last_title = span.close_at
        elif _is_byline_excerpt(text, span, last_byline):
            continue
        elif (quote := _to_quote(text, item)) is not None:
            found.append(quote)
    return found


def _unwrap_narration(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Spans with every narration in marks replaced by the quotations it reports.

    A paragraph in marks that tells of someone speaking, `"“We will win,” Kim replied before
    leaving."`, is the writer's narration in stray marks, not a quotation: the words in the inner
    marks, which a reporting verb inside the outer ones reports, are what was said. An excerpt
    introduced as someone's (`As the Gazette wrote:` ending the paragraph before) stays whole,
    over all its paragraphs.
    """
    out: list[QuoteSpan] = []
    introduced = False  # whether the quotation the current paragraph goes on with was introduced
    for span in spans:
        introduced = (introduced and span.continued) or _introduced(text, span)
        if span.nested and not introduced and _reports_nested(text, span):
            out.extend(span.nested)
        else:
            out.append(span)
    return out


def _introduced(text: str, span: QuoteSpan) -> bool:
    """Whether the paragraph before the one `span` opens ends with a colon (`Kim wrote:`)."""
    line_start = _line_start(text, span)
    if text[line_start : span.open_at].strip():
        return False
    return text[:line_start].rstrip().endswith(":")


def _reports_nested(text: str, span: QuoteSpan) -> bool:
    """Whether a reporting verb inside `span` stands next to one of its nested quotations:
    within a few words after its closing mark (`“…,” Kim replied`) or before its opening one
    (`by interjecting, “…”`)."""
    for inner in span.nested:
        after = tokenize(text, inner.close_at + 1, min(span.end, inner.close_at + NARRATION_CHARS))
        words = [t for t in after if t.is_word][:NARRATION_WORDS]
        if any(cue_kind(words, k, after_quote=True) for k in range(len(words))):
            return True
        before = tokenize(text, max(span.start, inner.open_at - NARRATION_CHARS), inner.open_at)
        words = [t for t in before if t.is_word][-NARRATION_WORDS:]
        if any(cue_kind(words, k) for k in range(len(words))):
            return True
    return False


def _cued_in_same_sentence(art: _Article, items: list[_Item], i: int) -> bool:
    """Whether another quotation of the sentence holding `items[i]` has a reporting cue."""
    span = items[i].span
    par = art.paragraph(span.paragraph)
    lo, hi = par.sentence_bounds(par.index_at(span.open_at))
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(items) and items[j].span.paragraph == span.paragraph:
            if not lo <= par.index_at(items[j].span.open_at) < hi:
                break
            if (
                items[j].direct
                and items[j].direct.cue is not None
                and not subject_owns_clause(
                    par,
                    items[i].direct.mention,
                    _marks(span),
                    _marks(items[j].span),
                    items[j].direct.mention,
                )
            ):
                return True
            j += step
    return False


def _block_intro(art: _Article, span: QuoteSpan) -> Attribution | None:
    """`Kim wrote:` then a paragraph of her text without marks (a block quotation the page lost
    its indent for): a quotation inside that paragraph, with no cue of its own, is quoted by Kim."""
    p = span.paragraph
    if p == 0 or art.opens_paragraph(span):
        return None
    par = art.paragraph(p)
    if not par.toks or par.toks[0].is_quote or par.toks[0].text in ('"', "“"):
        return None
    prev = art.paragraph(p - 1)
    found = attribute_intro(prev)
    if found is None or found.cue is None:
        return None
    toks = prev.toks
    cue = next((k for k in range(len(toks) - 2, -1, -1) if toks[k].text == found.cue), None)
    if cue is None or len(toks) - 1 - cue > MAX_BLOCK_INTRO_TAIL:
        return None
    if cue + 1 < len(toks) - 1 and toks[cue + 1].low in OBJECT_DETERMINERS:
        return None  # `Lee tweeted the transcript:`: a document was shown, not her own text
    return Attribution(found.mention, found.cue, found.confidence * INHERITED)


def _unresolved_subject(art: _Article, item: _Item) -> bool:
    """`Audiences can expect him to bring “…”`: a bare subject that names no one the article
    knows leaves a quotation long enough to stand as said to its neighbours, like no subject."""
    direct = item.direct
    return (
        direct is not None
        and direct.cue is None
        and item.speaker is None
        and _long_enough(art, item.span)
    )


def _long_enough(art: _Article, span: QuoteSpan) -> bool:
    """Whether a quotation is kept even with no speaker, so naming one adds none to the output."""
    return len(WORD_RE.findall(art.text[span.start : span.end])) >= MIN_UNATTRIBUTED_WORDS


def _marks(span: QuoteSpan) -> tuple[int, int]:
    """The offsets of a quotation's opening and closing marks."""
    return span.open_at, span.close_at


def _carry_over(art: _Article, items: list[_Item], i: int, resolver: SpeakerResolver) -> None:
    """Give `items[i]`, which has no cue of its own, the speaker of the quotation it continues."""
    item = items[i]
    source = _neighbour(art, items, i)
    if source is not None:
        item.speaker, item.cue = source.speaker, source.cue
        item.found_confidence = source.found_confidence
        item.confidence = source.found_confidence * INHERITED
        return
    span = item.span
    par = art.paragraph(span.paragraph)
    found = attribute_previous_sentence(par, par.index_at(span.open_at))
    if found is None and _long_enough(art, span):
        found = attribute_reported_before(par, par.index_at(span.open_at))
    if (
        found is None
        and span.paragraph > 0
        and art.opens_paragraph(span)
        and not _stage_direction(art, span.paragraph - 1)
    ):
        prev = art.paragraph(span.paragraph - 1)
        found = attribute_intro(prev) or attribute_last_subject(prev)
    if found:
        item.cue = found.cue
        item.speaker = resolver.resolve(
            found.mention, found.confidence * INHERITED, strict=found.cue is None
        )
        if item.speaker:
            item.confidence = item.found_confidence = item.speaker.confidence
    elif (prev := _last_speech(art, items, i)) is not None:
        item.speaker, item.cue = prev.speaker, prev.cue
        item.found_confidence = prev.found_confidence
        item.confidence = prev.found_confidence * INHERITED


def _last_speech(art: _Article, items: list[_Item], i: int) -> _Item | None:
    """`“…,” Kim said on Sunday.` then a paragraph opening `“Which is why …”. You know …`:
    a whole sentence of quotation opening the next paragraph, with nothing there to name anyone
    else, goes on with the speaker of the quotation that closed the paragraph before."""
    span = items[i].span
    prev = items[i - 1] if i > 0 else None
    before = span.paragraph - 1
    if before > 0 and _stage_direction(art, before):
        before -= 1  # `“…,” Kim said.` / `Pause.` / `“…”`: the pause is no one's words
    if (
        prev is None
        or not prev.speaker
        or not prev.cue
        or prev.span.paragraph != before
        or not (art.opens_paragraph(span) or _led_in(art, span))
        or len(art.text[span.start : span.end].split()) < MIN_CARRIED_WORDS
    ):
        return None
    return prev


def _stage_direction(art: _Article, p: int) -> bool:
    """Whether paragraph `p` is a stage direction between a speaker's paragraphs: a word or two
    and a full stop, no quotation (`Pause.`, `Silence.`, `Laughter.`)."""
    par = art.paragraph(p)
    toks = par.toks
    return (
        bool(toks)
        and toks[-1].text == "."
        and 0 < par.words_between(0, len(toks)) <= STAGE_DIRECTION_WORDS
        and all(t.is_word or t.text == "." for t in toks)
        and not all(t.text.isupper() for t in toks if t.is_word)  # `TOP STORIES.`: a heading
    )


def _led_in(art: _Article, span: QuoteSpan) -> bool:
    """Whether only a verbless lead-in and a colon come before `span` (`Then, on the radio:`)."""
    par = art.paragraph(span.paragraph)
    return verbless_lead_in(par, par.index_at(span.open_at))


def _neighbour(art: _Article, items: list[_Item], i: int) -> _Item | None:
    """The quotation whose speaker `items[i]` shares, if the layout says they share one."""
    span = items[i].span
    prev = items[i - 1] if i > 0 else None
    if prev and prev.speaker and (span.continued or prev.span.paragraph == span.paragraph):
        return prev  # carried on from the previous paragraph, or `“…,” Kim said. “…”`
    par = art.paragraph(span.paragraph)
    at = par.index_at(span.open_at)
    lo, hi = par.sentence_bounds(at)
    if not par.words_between(lo, at) and hi < len(par.toks):
        _, hi = par.sentence_bounds(hi)  # a quotation opening its sentence may lean on the next
    for later in items[i + 1 :]:
        if later.span.paragraph != span.paragraph or par.index_at(later.span.open_at) >= hi:
            break
        if later.direct:
            return later if later.speaker else None  # `“…” “…,” Kim said.`
    if (
        prev
        and prev.speaker
        and prev.span.paragraph == span.paragraph - 1
        and art.only_quotes(span.paragraph)
        and art.opens_paragraph(span)
    ):
        return prev  # a paragraph of nothing but quotation, following the speaker's last one
    return None


def _is_title(text: str, span: QuoteSpan, quote: str, last_title: int) -> bool:
    """A short run of capitalised words named as a work: `NTV's “Morning Report”`, `the film “…”`.

    A title listed right after another (`roles in “A,” “B” and “C”`, closing mark of the previous
    title at `last_title`) is one too: only the first of the list stands next to the cue word.
    """
    words = WORD_RE.findall(quote)
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    if not all(
        w[0].isupper() or w[0].isdigit() for w in words if w.lower() not in TITLE_SMALL_WORDS
    ):
        return False
    if 0 <= last_title < span.open_at and LIST_GAP_RE.fullmatch(text, last_title + 1, span.open_at):
        return True
    before = text[max(0, span.open_at - TITLE_CONTEXT) : span.open_at]
    after = WORD_RE.findall(text[span.end : span.end + TITLE_CONTEXT])
    prev = WORD_RE.findall(before)
    return (
        tuple(w.lower() for w in prev[-2:]) in WORK_CONTEXTS
        or (bool(prev) and prev[-1].lower() in TITLE_OBJECT_VERBS)
        or bool(POSSESSIVE_BEFORE_RE.search(before))
        or (bool(prev) and prev[-1].lower() in MEDIA_NOUNS)
        or (bool(after) and after[0].lower() in MEDIA_NOUNS)
        or (len(after) > 1 and after[0].islower() and after[1].lower() in MEDIA_NOUNS)
        or (len(after) > 1 and after[0].lower() in EVENT_PARTICIPLES and after[1].lower() == "by")
    )


def _line_start(text: str, span: QuoteSpan) -> int:
    """Where the paragraph holding the quotation's opening mark begins."""
    return text.rfind("\n", 0, span.open_at) + 1


def _is_byline_title(text: str, span: QuoteSpan) -> bool:
    """`“Port strike ends after three weeks,” by the Gazette's Kim Varga`: a headline and its byline.

    A quotation that opens its paragraph (after at most a label in capitals, `NOW OPEN—`), ends in
    a comma and is followed by `by` and a name is the title of a piece, cited the way roundups cite
    articles.
    """
    if not span.closed or not BYLINE_AFTER_RE.match(text, span.close_at + 1):
        return False
    if (
        text[span.start : span.end].rstrip()[-1:] != ","
        and text[span.close_at + 1 : span.close_at + 2] != ","
    ):
        return False  # `“If not for that intervention” by the allies, Kim said`: a clause goes on
    line_start = _line_start(text, span)
    return bool(LABEL_BEFORE_RE.fullmatch(text, line_start, span.open_at))


def _is_byline_excerpt(text: str, span: QuoteSpan, last_byline: int) -> bool:
    """`“Port strike ends,” by the Gazette's Kim Varga: “The strike ended on …”`: the excerpt a
    roundup quotes from the article it cites, which is the article's text, not someone's words.
    """
    return 0 <= last_byline < span.open_at and bool(
        BYLINE_EXCERPT_RE.fullmatch(text, last_byline + 1, span.open_at)
    )


def _is_nickname(text: str, span: QuoteSpan, quote: str) -> bool:
    """One or two capitalised words set between a first name and a surname: `Jesús “Chuy” García`.

    The marks hug the words (no punctuation inside), so `Kim called Varga “Unhinged.” Lee …` stays.
    """
    words = WORD_RE.findall(quote)
    if not span.closed or not words or len(words) > MAX_NICKNAME_WORDS:
        return False
    if quote != quote.strip(" ,.!?;:"):
        return False
    if not all(w[0].isupper() for w in words):
        return False
    line_start = _line_start(text, span)
    before = text[max(line_start, span.open_at - TITLE_CONTEXT) : span.open_at]
    return bool(NAME_BEFORE_RE.search(before)) and bool(
        NAME_AFTER_RE.match(text, span.close_at + 1)
    )


def _is_label(text: str, item: _Item, quote: str) -> bool:
    """A few words in marks set before a noun as its label: `a “unity” lunch`, `the “Avatar” star`.

    At the head of a paragraph a title-case label needs no determiner when a name follows the noun
    (`“Harbour Lights” star Mira Talbot`): a quotation with its speaker has a comma there.

    In that place the marks name a slogan, an event or a brand, which nobody is quoted as saying,
    when no reporting verb ties the quotation to a speaker, or when the speaker the rules found is
    the very noun the label wears (`the “Never Varga” movement continues`). A speech noun after the
    marks (`Kim's “47 percent” remark`) makes them words someone said, and stays.
    """
    span = item.span
    words = WORD_RE.findall(quote)
    if not span.closed or not words or len(words) > MAX_MODIFIER_WORDS:
        return False
    if quote != quote.strip(" ,.!?;:"):
        return False  # `a “liar,” and`: the marks hold the end of a clause, not a label
    line_start = _line_start(text, span)
    after = MODIFIER_AFTER_RE.match(text, span.close_at + 1)
    if after is None:
        return False
    # `“Harbour Lights” star Mira Talbot …` opening its paragraph: a title worn by a noun before a
    # name, with no determiner, as in captions and list entries.
    titled_name = (
        not text[line_start : span.open_at].strip()
        and all(w[0].isupper() for w in words if w.lower() not in TITLE_SMALL_WORDS)
        and bool(NAME_AFTER_RE.match(text, after.end()))
    )
    if not titled_name and not MODIFIER_BEFORE_RE.search(
        text[max(line_start, span.open_at - TITLE_CONTEXT) : span.open_at]
    ):
        return False
    noun = after.group(1)
    if (
        noun in NP_STOP
        or noun in PRONOUNS
        or noun in SPEECH_NOUNS
        or noun in FINITE_AUX
        or noun in IRREGULAR_PAST
        or noun.endswith(("ed", "ly"))
    ):
        return False
    if titled_name:
        return True
    direct = item.direct
    worn_by_speaker = (
        direct is not None and 0 <= direct.mention.start - after.start(1) <= MODIFIED_SPEAKER_GAP
    )
    return item.cue is None or worn_by_speaker


def _is_heading(text: str, span: QuoteSpan, quote: str) -> bool:
    """`“Related:”` alone in its paragraph: a heading over links, whatever speaker is nearby."""
    if not quote.rstrip().endswith(":") or len(WORD_RE.findall(quote)) > MAX_HEADING_WORDS:
        return False
    line_start = _line_start(text, span)
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end < 0 else line_end
    return not WORD_RE.search(text, line_start, span.open_at) and not WORD_RE.search(
        text, span.end, line_end
    )


def _to_quote(text: str, item: _Item) -> Quote | None:
    """The `Quote` for an item, or None for scare quotes, defined terms and nicknames nobody said."""
    span = item.span
    quote = text[span.start : span.end]
    if not quote.strip():
        return None
    window = max(0, span.open_at - SCARE_WINDOW)
    window = max(window, text.rfind("\n", window, span.open_at) + 1)
    if (
        SCARE_PREFIX_RE.search(text, window, span.open_at)
        or (span.closed and DEFINED_AFTER_RE.match(text, span.close_at + 1))
        or _is_nickname(text, span, quote)
        or _is_label(text, item, quote)
        or STAGE_DIRECTION_RE.fullmatch(quote)
        or _is_heading(text, span, quote)
    ):
        return None
    if item.speaker is None and item.cue is None:
        words = WORD_RE.findall(quote)
        if len(words) < MIN_UNATTRIBUTED_WORDS:
            return None
        if span.closed and DATED_AFTER_RE.match(text, span.close_at + 1):
            return None
    speaker = item.speaker
    return Quote(
        quote=quote,
        speaker=speaker.name if speaker else None,
        cue=item.cue,
        start=span.start,
        end=span.end,
        confidence=round(min(1.0, max(0.0, item.confidence)), 3),
        speaker_role=speaker.role if speaker else None,
        speaker_affiliation=speaker.affiliation if speaker else None,
    )
