"""Find the reporting cue and the speaker phrase around one quotation, within its paragraph.

The patterns, tried in order of how reliable they are in news writing: after the quotation
(`“…,” Kim said` / `“…,” said Kim, the leader` / `“…” — Kim` / `“…,” according to Kim`), and before
it in the same sentence (`Kim said: “…”`, `Kim told reporters that “…”`, `Kim said the men showed
“absolute loyalty”`, `According to Kim, “…”`, `…, referring to X as “…”`, `Kim's claim that “…”`,
`Kim: “…”`); a quotation that ends its own sentence tries "before" first. Then weaker evidence, each
with a lower confidence: a reporting verb later in the sentence, any past-tense verb right after
`,”`, and last the subject of any verb before the quotation. The `attribute_*` helpers serve the
caller, which knows the neighbouring quotations: a sentence or paragraph that introduces the next
one (`Kim said:`), a `— Kim` line under a quotation.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from bot.engine.quotes.frames import DASHES, Tok, cue_kind
from bot.engine.quotes.lexicon import (
    ADJUNCT_PREPOSITIONS,
    BETWEEN_SUBJECT_AND_CUE,
    CAUSATIVES,
    CLAUSE_CONJUNCTIONS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    FINDING_VERBS,
    FINITE_AUX,
    INVERTING_CUES,
    IRREGULAR_PAST,
    OBJECT_PREPOSITIONS,
    PASSIVE_AUX,
    PRONOUNS,
    QUOTE_JOINERS,
    REPORTING_LEMMAS,
    ROLE_NOUNS,
    SPEECH_NOUNS,
    SUBORDINATORS,
    TIME_WORDS,
    TITLES,
    VERB_COMPLEMENTS,
    VERB_PREPOSITIONS,
    is_ly_adverb,
)
from bot.engine.quotes.marks import CLOSERS, OPENERS, STRAIGHT
from bot.engine.quotes.mentions import CLAUSE_QUALIFIERS, INVERTED_TAIL, Mention, PhraseReader

SENTENCE_END = frozenset({".", "?", "!", "…"})
# Confidence of each pattern: how often it names the right speaker in ordinary news prose.
CONF_AFTER = 0.9
CONF_BEFORE = 0.85
CONF_ACCORDING = 0.85
CONF_DASH = 0.7
CONF_COLON = 0.7
CONF_PARTICIPLE = 0.75
CONF_LATER = 0.6
CONF_SUBJECT = 0.4
CONF_POSSESSIVE = 0.6
CONF_NEXT_SENTENCE = 0.7  # scale for a speaker named in the sentence before the quotation
AFTER_WINDOW = 40
ACCORDING = "according to"
# Naming verbs whose passive takes the namer after `by` (`was dubbed “…” by Kim`), and how many
# tokens past the closing mark the `by` may come (`called “…” in 2014 by Kim`).
PASSIVE_NAMING = frozenset(
    "called described dubbed labeled labelled termed branded characterized derided hailed".split()
)
PASSIVE_AGENT_REACH = 6
# Laws whose text a sentence opened by `Under` quotes (`Under the Harbor Act, …`).
LAW_NOUNS = frozenset(
    "law laws act rules statute statutes constitution code ordinance regulations treaty".split()
)
CAME_FROM_REACH = 4  # words between `came` and `from` (`came angry shouts from`)
# Words of time that may qualify a subordinator (`a day after`, `two weeks after`), and how many
# such words may come before it.
TIME_UNITS = frozenset("day days week weeks month months year years hour minute".split())
MAX_TIME_QUALIFIERS = 3
NO_MENTION = Mention("", 0, 0, "nominal")  # placeholder while looking for an account's source
# After a name (not a description) a clause of circumstance may follow: `said Kim when asked`.
INVERTED_NAME_TAIL = frozenset({"when", "while", "who"})
# `in Kim's words`, `in Kim's view`: a source named through what is theirs.
VIEW_NOUNS = frozenset({"words", "view", "opinion", "estimation", "telling", "account"})
# Nouns of polls, whose respondents' words are the poll's finding.
POLL_NOUNS = frozenset({"poll", "polls", "survey", "surveys"})
# Plural nouns with those endings that name no people: `The numbers were stark:`.
NOT_PEOPLE = frozenset(
    """
    numbers letters papers orders matters powers answers borders centers centres waters
    computers monitors factors sectors errors meters corners chapters headquarters
    documents arguments comments statements payments moments elements segments governments
    investments agreements departments plants grants
    """.split()
)
# Parts of a document, which speak for it: `a footnote in the report`.
DOCUMENT_PARTS = frozenset({"footnote", "passage", "section", "chapter", "page", "paragraph"})
# Endings of plural nouns for people by what they do: `questioners`, `respondents`, `activists`.
PEOPLE_ENDINGS = ("ers", "ors", "ents", "ants", "ists", "ians")
# Verbs by which a news outlet is named as the source of a second-hand account.
REPORTED = frozenset({"reported", "reports"})
MAX_SENTENCE_TOKENS = 150
# Words between `with` and a participle that has its own subject (`with about 40 fishermen chanting`).
MAX_WITH_PHRASE = 8
# Words that show a clause inside a `with` phrase rather than one subject (`with me when I was`).
CLAUSE_INSIDE = frozenset(
    """
    when while who whom whose which that if because as was were is are had has have me i he she
    we they you him us them
    """.split()
)
# Adverbs of degree that may sit between a subject and its verb (`Ward somewhat uncertainly told`).
DEGREE_ADVERBS = frozenset({"somewhat", "rather", "quite", "very", "almost", "fairly"})
# Tokens from the comma of a closing attribution (`…, said Kim, a historian.`) to the sentence end.
CLOSING_REACH = 40
# Words between two quotations of an exchange when they are only the second one's intro (`Kim
# said:`, `the mayor's spokesman replied:`), at most.
MAX_INTRO_WORDS = 6
# Words of a verbless lead-in before a colon (`Then, later that month on Radio North:`), at most.
MAX_LEAD_IN_WORDS = 8
# Words after the verb of a parenthetical attribution (`, Varga said on Monday,`), at most.
PARENTHETICAL_TAIL = 4
# Prepositions that make the name after them part of a longer phrase (`a spokesman for X`,
# `who lives in London called`), not a subject.
PHRASE_PREPOSITIONS = ADJUNCT_PREPOSITIONS | frozenset({"for", "of", "at", "from", "with", "by"})
# Documents and bodies that are the source of what they are the subject of, whatever the verb.
SOURCE_NOUNS = DOCUMENT_NOUNS | frozenset(
    """
    ad ads advert advertisement board cable campaign commission committee council editorial
    letter office post release statement team tweet video website
    blog book commercial flyer mailer newspaper pamphlet
    administration agency bureau court department government ministry panel union
    clip footage page profile site spot
    """.split()
)
# Words that make a number approximate before the noun it counts: `about 50 dockers`.
APPROXIMATORS = frozenset({"about", "around", "roughly", "nearly", "almost", "some", "over"})
# Words that open a subordinate clause whose subject a following participle may share.
# Quotation marks that pairing left as plain tokens.
STRAY_MARKS = OPENERS | CLOSERS | {STRAIGHT}

CLAUSE_OPENERS = frozenset(
    {"when", "after", "as", "while", "before", "because", "until", "once", "where"}
)
# Verbs of aspect that take a participle as their complement (`Kim kept asking`, `Lee began
# saying`): the participle's subject is theirs.
ASPECT_VERBS = frozenset(
    "keep keeps kept begin begins began start starts started resume resumes resumed".split()
)


# Verbs of answering, and of asking: the person asked is the one who answers.
ANSWER_CUES = frozenset(("replied", "replies", "answered", "answers", "responded", "responds"))
ASKING_VERBS = frozenset(("asked", "asks", "questioned", "pressed"))


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker phrase and the cue that ties it to a quotation."""

    mention: Mention
    cue: str | None  # None when the speaker is only the subject of the quotation's sentence
    confidence: float


class Paragraph:
    """The tokens of one paragraph of masked text, with its sentence starts."""

    def __init__(self, text: str, toks: list[Tok], closers: set[int]) -> None:
        self.toks = toks
        self.closers = closers
        self.reader = PhraseReader(text, toks)
        self._starts_by_offset = [t.start for t in toks]
        self.sentence_starts = self._sentence_starts(closers)
        # Where an account's source may be named (`according to`, `reported`), in token order.
        self.account_marks = [
            i for i, low in enumerate(self.reader.lows) if low == "according" or low in REPORTED
        ]
        self.poll_marks = [i for i, low in enumerate(self.reader.lows) if low in POLL_NOUNS]
        # Verbs that may report in inverted order or between commas (`, Kim said,`).
        self.inverting_marks = [
            i for i, low in enumerate(self.reader.lows) if low in INVERTING_CUES
        ]
        self._words = [0]  # running count of word tokens, for `words_between`
        for t in toks:
            self._words.append(self._words[-1] + t.is_word)

    def _sentence_starts(self, closers: set[int]) -> list[int]:
        toks = self.toks
        starts = [0]
        n = len(toks)
        depth = 0  # "(D-R.I.)": a full stop inside brackets ends no sentence
        for i, t in enumerate(toks):
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth = max(0, depth - 1)
            if t.text not in SENTENCE_END or (depth and i - 1 >= 0 and i + 4 < n):
                continue
            j = i + 1
            while j < n and (toks[j].start in closers or toks[j].text == ")"):
                j += 1
            if j < n and (
                toks[j].is_cap
                or toks[j].text in ('"', "(")
                or toks[j].is_quote
                or toks[j].text[0].isdigit()
            ):
                starts.append(j)
        return starts

    def closes_quote(self, i: int) -> bool:
        """Whether token `i` is a closing quotation mark (or the comma just after one)."""
        if i > 0 and self.toks[i].text == ",":
            i -= 1
        return i >= 0 and self.toks[i].start in self.closers

    def index_at(self, offset: int) -> int:
        """Index of the token starting at `offset` (a quotation mark)."""
        return bisect_right(self._starts_by_offset, offset) - 1

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """First token index of the sentence holding token `i`, and the index after its end.

        Clamped to `MAX_SENTENCE_TOKENS` either side of `i`, so that text without full stops
        never makes a look-around quadratic.
        """
        k = bisect_right(self.sentence_starts, i)
        lo = self.sentence_starts[k - 1]
        hi = self.sentence_starts[k] if k < len(self.sentence_starts) else len(self.toks)
        return max(lo, i - MAX_SENTENCE_TOKENS), min(hi, i + MAX_SENTENCE_TOKENS)

    def words_between(self, a: int, b: int) -> int:
        """How many word tokens (not quotations, not punctuation) lie in `toks[a:b]`."""
        a = max(a, 0)
        return self._words[max(a, b)] - self._words[a]


def attribute(par: Paragraph, open_idx: int, close_idx: int | None) -> Attribution | None:
    """The cue and speaker phrase for the quotation between tokens `open_idx` and `close_idx`."""
    lo, _ = par.sentence_bounds(open_idx)
    labelled = (
        _labelled(par, lo, open_idx)
        or _owned_words(par, lo, open_idx, close_idx)
        or _passive_namer(par, lo, open_idx, close_idx)
    )
    if labelled:
        return labelled
    # A quotation that ends its own sentence (`“… .”`) is more often introduced than followed.
    if close_idx is not None and par.toks[close_idx - 1].text == ".":
        found = _before(par, lo, open_idx) or _after(par, close_idx)
    elif close_idx is not None and (
        _exchange(par, lo, open_idx, close_idx)
        or _subordinate(par, lo, open_idx, close_idx)
        or _claim_clause(par, lo, open_idx, close_idx)
    ):
        # `When someone shouted, “Okafor,” Kim joked, “…”`: the cue that opens the quotation owns
        # it; the attribution after it introduces the next one.
        found = _before(par, lo, open_idx) or _after(par, close_idx)
    elif close_idx is not None:
        found = _after(par, close_idx)
        if found is not None and found.mention.kind == "pronoun":
            # `Asked about it, Kim said “…,” she said.`: the name before outranks the pronoun
            before = _before(par, lo, open_idx)
            if before is not None and before.mention.kind == "name" and before.cue:
                found = before
        if found is None:
            found = _closing_attribution(par, close_idx + 1) or _before(par, lo, open_idx)
    else:
        found = _before(par, lo, open_idx)
    if close_idx is not None and found is None:
        _, hi = par.sentence_bounds(close_idx)
        found = _later(par, close_idx + 1, hi) or _after_any_verb(par, close_idx)
    if found is None:
        found = (
            _single_colon_clause(par, lo, open_idx)
            or _subject(par, lo, open_idx)
            or _colon_clause(par, lo, open_idx)
            or _here_is(par, lo, open_idx - 1)
        )
    if found is not None and found.mention.kind == "pronoun" and found.cue:
        asked = _person_asked(par, lo, found)
        if asked is not None:
            found = Attribution(asked, found.cue, found.confidence)
    at = close_idx if close_idx is not None else open_idx
    if found is None or found.cue is None:
        found = _under_law(par, lo, open_idx) or found
    if found is None:
        found = _in_their_words(par, lo, at)
    if found is None:  # `“…” the president will say, according to excerpts of the speech`
        source = _account_source(par, lo, at, Attribution(NO_MENTION, None, CONF_ACCORDING))
        return source if source.mention is not NO_MENTION else None
    if found.cue != ACCORDING:
        return _account_source(par, lo, at, found)
    return found


def _exchange(par: Paragraph, lo: int, open_idx: int, close_idx: int) -> bool:
    """An exchange in one sentence, where the attribution after the quotation introduces the
    next one: a reporting verb right before the opening mark (`shouted, “A,” Kim joked, “B”`), or
    a colon before the next quotation (`After Lee said it was “A,” Kim said: “B”`)."""
    toks = par.toks
    _, hi = par.sentence_bounds(close_idx)
    following = next((j for j in range(close_idx + 1, hi) if toks[j].is_quote), None)
    if following is None:
        return False
    k = open_idx - 1
    if k > lo and toks[k].text in (",", ":"):
        k -= 1
    if k > lo and cue_kind(toks, k) == "finite":
        return True
    return (
        par.words_between(lo, open_idx) > 0
        and toks[following - 2].text == ":"
        and par.words_between(close_idx + 1, following) <= MAX_INTRO_WORDS
    )


def _claim_clause(par: Paragraph, lo: int, open_idx: int, close_idx: int) -> bool:
    """`Asked about Lee's claim that the vote was “A,” Kim said …`: a quotation closing the
    clause of a speech noun its owner names (`Lee's claim that …`) is the owner's, whatever
    attribution follows the comma."""
    toks = par.toks
    if toks[close_idx - 1].text != ",":
        return False
    for k in range(open_idx - 1, lo, -1):
        if not toks[k].is_word or cue_kind(toks, k) is not None:
            return False
        if toks[k].low == "that":
            noun = toks[k - 1]
            return (
                noun.low in SPEECH_NOUNS
                and k - 2 >= lo
                and toks[k - 2].possessive
                and par.reader.possessor(k - 1, lo) is not None
            )
    return False


def _person_asked(par: Paragraph, lo: int, found: Attribution) -> Mention | None:
    """`Lee asked Kim about the buses. “…,” he replied.`: a pronoun answering names the person
    asked in its own or the previous sentence, not the one who asked."""
    if found.cue is None or found.cue.lower() not in ANSWER_CUES:
        return None
    toks = par.toks
    at = par.index_at(found.mention.start)
    start = par.sentence_bounds(lo - 1)[0] if lo > 0 else lo
    for k in range(at - 1, start - 1, -1):
        if toks[k].low in ASKING_VERBS and k + 1 < at:
            mention, _ = par.reader.phrase_after(k + 1, at)
            return mention if mention is not None and mention.kind == "name" else None
    return None


def _subordinate(par: Paragraph, lo: int, open_idx: int, close_idx: int) -> bool:
    """A quotation closing a subordinate clause that has a cue of its own: `While Kim called
    it “A,” Lee said …`, `After Kim described the plan as “A”, Lee …`. The clause's cue owns
    the quotation; the attribution after the comma belongs to the main clause."""
    toks = par.toks
    start = lo + 1 if toks[lo].low in CLAUSE_CONJUNCTIONS else lo
    start = _past_time_qualifiers(toks, start, open_idx)
    if start >= open_idx or toks[start].low not in SUBORDINATORS:
        return False
    if toks[close_idx - 1].text != "," and (
        close_idx + 1 >= len(toks) or toks[close_idx + 1].text != ","
    ):
        return False
    if any(toks[k].text == "," for k in range(start, open_idx - 1)):
        return False  # `When asked about it, Kim said, “A,” …`: the main clause has begun
    return any(cue_kind(toks, k) == "finite" for k in range(start + 2, open_idx))


def _past_time_qualifiers(toks: list[Tok], i: int, hi: int) -> int:
    """`Hours after`, `Shortly after`, `A day after`, `Even while`: the index of the
    subordinator past the words of degree or time that qualify it (or `i` if there are none)."""
    j = i
    while j < min(hi, i + MAX_TIME_QUALIFIERS) and (
        toks[j].low in CLAUSE_QUALIFIERS
        or toks[j].low in TIME_UNITS
        or toks[j].low in ("a", "an", "one", "two", "three", "several", "few")
        or is_ly_adverb(toks[j].low)
    ):
        j += 1
    return j if j < hi and toks[j].low in SUBORDINATORS else i


def _owned_words(
    par: Paragraph, lo: int, open_idx: int, close_idx: int | None
) -> Attribution | None:
    """`Kim's “you can keep it” promise`: words set between an owner and a speech noun are the
    owner's, whatever verb the sentence has (`Lee mocked Kim's “…” remark`)."""
    toks = par.toks
    if close_idx is None or close_idx + 1 >= len(toks) or not toks[close_idx - 1].is_quote:
        return None
    noun = toks[close_idx + 1]
    if noun.low not in SPEECH_NOUNS or not noun.text.islower():
        return None
    owner = par.reader.possessor(open_idx, lo)
    if owner is None or open_idx - 1 < lo or not toks[open_idx - 1].possessive:
        return None
    return Attribution(owner, noun.text, CONF_POSSESSIVE)


def _closing_attribution(par: Paragraph, start: int) -> Attribution | None:
    """`The port treats its tenants with “kid gloves”, said Nargis Okafor, a historian.`

    An attribution that closes the sentence after a comma (`…, said Kim.`, `…, Kim said on
    Tuesday.`) reports everything before it, so it outranks a reporting verb earlier in the
    sentence (`in many Asian states, and …` is no verb at all).
    """
    toks = par.toks
    _, hi = par.sentence_bounds(start - 1)
    if any(toks[k].is_quote for k in range(start, hi)):
        return None  # the next quotation owns what follows
    for k in range(max(start, hi - CLOSING_REACH), hi):
        if toks[k].text != "," or k + 2 >= hi:
            continue
        if toks[k + 1].low in INVERTING_CUES and cue_kind(toks, k + 1) == "finite":
            cue = k + 1
            mention, end = par.reader.phrase_after(k + 2, hi)  # `…, said Kim.`
        elif (found := par.reader.subject_then_cue(k + 1, hi)) is not None:
            mention, cue = found  # `…, Kim said.`
            end = cue + 1
        else:
            continue
        if mention is None or mention.kind == "pronoun":
            continue
        while end < hi and toks[end].is_word and toks[end].low in INVERTED_TAIL:
            end += 1
        if end >= hi or toks[end].text in SENTENCE_END:
            return Attribution(mention, toks[cue].text, CONF_LATER)
    return None


def _account_source(par: Paragraph, lo: int, at: int, found: Attribution) -> Attribution:
    """`Kim said, according to the Gazette` / `…, the Gazette reported`: the account's source.

    News names where a second-hand quotation comes from, and the quotation is then that source's
    account of what was said: the source is who the article attributes it to, as with an
    `according to` of its own. Only the quotation's own sentence counts, outside quotation marks.
    """
    toks, reader = par.toks, par.reader
    if found.mention is not NO_MENTION:
        at = max(at, par.index_at(found.mention.start))  # `“…?” Kim asked, according to …`
    _, hi = par.sentence_bounds(at)
    marks = par.account_marks
    for k in marks[bisect_left(marks, lo) : bisect_left(marks, hi - 1)]:
        t = toks[k]
        if t.low == "according" and found.mention is not NO_MENTION and _after_that(toks, k, lo):
            continue  # `Kim said that according to its count, “…”`: Kim's claim (see `_before`)
        if t.low == "according" and toks[k + 1].low == "to":
            mention = _according_source(par, k + 2, hi)
        elif t.low in REPORTED and t.text[0].islower() and k > lo and toks[k - 1].text == ",":
            mention, end = reader.phrase_after(k + 1, hi)  # `…, reports the Gazette.`
            if mention is None or not _sentence_ends(toks, end):
                continue
        elif (
            t.low in REPORTED
            and t.text[0].islower()
            and _sentence_ends(toks, k + 1)
            and (subject := reader.subject_before(k, lo)) is not None
            and _after_comma(toks, par.index_at(subject.start), lo)
        ):
            mention = subject  # `…, the Gazette reported.`
        else:
            continue
        if mention is not None and mention.kind != "pronoun":
            return Attribution(mention, ACCORDING, found.confidence)
    return _poll_finding(par, lo, hi, found) or found


def _poll_finding(par: Paragraph, lo: int, hi: int, found: Attribution) -> Attribution | None:
    """`In a Harbour Radio poll, 31% of voters said they were “…”`: the poll is the source.

    What a share of respondents said is a poll's finding, and news credits it to the poll: one
    named in an opening `In …,` phrase, or the subject of `shows`/`finds` in the same sentence.
    A named person's words stay theirs.
    """
    mention = found.mention
    words = mention.text.split()
    group = (
        mention is NO_MENTION
        or mention.kind == "nominal"
        or (mention.kind == "name" and len(words) == 1 and words[0].endswith("s"))
    )
    if not group:
        return None
    toks, reader = par.toks, par.reader
    marks = par.poll_marks
    for k in marks[bisect_left(marks, lo) : bisect_left(marks, hi)]:
        if mention is not NO_MENTION and k >= par.index_at(mention.start):
            break
        nxt = k + 1
        while nxt < hi and toks[nxt].low in BETWEEN_SUBJECT_AND_CUE:
            nxt += 1
        finding = nxt < hi and toks[nxt].low in FINDING_VERBS
        opening = toks[lo].low == "in" and not any(t.text == "," for t in toks[lo:k])
        if not (finding or (opening and mention is not NO_MENTION)):
            continue
        poll = reader.classify(reader.collect_back(k, lo + opening))
        if poll is not None and poll.kind == "nominal":
            cue = toks[nxt].text if finding else toks[lo].text
            return Attribution(poll, cue, found.confidence)
    return None


def _according_source(par: Paragraph, j: int, hi: int) -> Mention | None:
    """The source named after `according to` (at `toks[j]`): the phrase, or the name of its maker.

    `according to a study by Kim`, `according to a court filing by prosecutor Lee Varga`,
    `according to audio provided by Radio Vale`: a document or recording with a named author or
    provider is that author's account.
    """
    toks, reader = par.toks, par.reader
    mention, end = reader.phrase_after(j, hi)
    if (
        mention is not None
        and mention.role
        and toks[j].low in DETERMINERS
        and end < len(toks)
        and toks[end].text not in (",", ".", ";", ":", "?", "!", "—", "–", ")")
    ):
        # `According to the indictment, Vance “…” lied`: the name after the comma opens the
        # main clause; no appositive is closed, so the source ends at the comma
        comma = next((i for i in range(j, end) if toks[i].text == ","), None)
        if comma is not None:
            mention, end = reader.phrase_after(j, comma)
    if mention is None or mention.kind != "nominal":
        return mention
    if end + 1 < hi and toks[end].text[0].islower() and _past_verb(toks[end]):
        end += 1  # `audio provided by`, `a document filed by`
    if end < hi and toks[end].low == "by":
        author, _ = reader.phrase_after(end + 1, hi)
        if author is not None and author.kind == "name":
            return author
    return mention


def _after_comma(toks: list[Tok], i: int, lo: int) -> bool:
    """Whether the phrase starting at `toks[i]` (or at its article) follows a comma, or the
    comma inside the closing mark of a title (`on her show, “Harbor Hour,” the Gazette
    reported`)."""
    if i - 1 > lo and toks[i - 1].low in ("the", "a", "an"):
        i -= 1
    if i - 2 > lo and toks[i - 1].text == '"' and toks[i - 2].text == ",":
        return True
    return i - 1 >= lo and toks[i - 1].text == ","


def _after_that(toks: list[Tok], k: int, lo: int) -> bool:
    """Whether `toks[k]` opens a clause reported with `that` (`said that, according to …`)."""
    j = k - 1
    if j > lo and toks[j].text == ",":
        j -= 1
    return j >= lo and toks[j].low == "that"


def _sentence_ends(toks: list[Tok], k: int) -> bool:
    """Whether `toks[k]` ends the sentence (or the paragraph) right there."""
    return k >= len(toks) or toks[k].text in SENTENCE_END or toks[k].is_quote


def attribute_previous_sentence(par: Paragraph, open_idx: int) -> Attribution | None:
    """A quotation opening its sentence, after `Kim tweeted a warning.`: the speaker named there."""
    lo, _ = par.sentence_bounds(open_idx)
    if lo == 0 or par.words_between(lo, open_idx):
        return None
    prev_lo, _ = par.sentence_bounds(lo - 1)
    found = (
        _before(par, prev_lo, lo) or _stray_close(par, prev_lo, lo) or _subject(par, prev_lo, lo)
    )
    if found:
        return Attribution(found.mention, found.cue, found.confidence * CONF_NEXT_SENTENCE)
    return None


def attribute_reported_before(par: Paragraph, open_idx: int) -> Attribution | None:
    """`Brill has argued that the law was crippled. As a result, there is still “…”`: a
    quotation inside a sentence with no speaker of its own goes on with the named subject of a
    reporting verb in the sentence just before, in the same paragraph."""
    lo, _ = par.sentence_bounds(open_idx)
    if lo == 0:
        return None
    prev_lo, _ = par.sentence_bounds(lo - 1)
    found = _before(par, prev_lo, lo)
    if found is None or not found.cue or found.mention.kind != "name":
        return None
    return Attribution(found.mention, found.cue, found.confidence * CONF_NEXT_SENTENCE)


def _stray_close(par: Paragraph, lo: int, hi: int) -> Attribution | None:
    """`“It is odd,“ said Ann Berg. “…”`: a mark left unpaired (a wrong curl, a slip) that
    follows a comma or an end mark and comes before an attribution still closes the quotation
    before it, so the attribution after it names the speaker the next sentence carries on."""
    toks = par.toks
    for k in range(lo + 1, hi - 1):
        if (
            toks[k].text in STRAY_MARKS
            and toks[k - 1].text in (",", "?", "!")
            and toks[k + 1].is_word
        ):
            return _after(par, k)
    return None


def attribute_dash_line(par: Paragraph) -> Attribution | None:
    """A paragraph that is only `— Kim Jong Un.` signs the quotation just above it.

    So does one that opens with a lower-case reporting verb (`said Ruth Pell, a resident.`): the
    attribution of the quotation above, cut off from it by a stray line break.
    """
    toks = par.toks
    if toks and toks[0].low in INVERTING_CUES and toks[0].text.islower():
        mention, end = par.reader.phrase_after(1, len(toks))
        if mention and mention.kind != "pronoun" and _signature_ends(toks, end):
            return Attribution(mention, toks[0].text, CONF_AFTER)
        return None
    if not toks or toks[0].text not in DASHES:
        return None
    mention, end = par.reader.phrase_after(1, len(toks))
    if mention and mention.kind == "name" and _signature_ends(toks, end):
        return Attribution(mention, toks[0].text, CONF_DASH)
    return None


def _signature_ends(toks: list[Tok], end: int) -> bool:
    """After the name of a `— Name` line: nothing, or `, Place` / `, a role` (`-Ann Lee, Ohio.`)."""
    rest = toks[end:]
    if all(not t.is_word for t in rest):
        return True
    return rest[0].text == "," and not any(t.is_quote for t in rest) and len(rest) <= 12


def attribute_intro(par: Paragraph) -> Attribution | None:
    """A paragraph ending `Kim said:` (or `as the report put it:`) introduces the next one's quote."""
    toks = par.toks
    if not toks or toks[-1].text != ":":
        return None
    lo, _ = par.sentence_bounds(len(toks) - 1)
    return (
        _before(par, lo, len(toks) - 1)
        or _colon(par, lo, len(toks))  # `_colon` takes the index after the colon
        or _here_is(par, lo, len(toks) - 1)
    )


def verbless_lead_in(par: Paragraph, open_idx: int) -> bool:
    """Whether the quotation at `open_idx` follows only a lead-in of circumstance and a colon.

    `Then, later that month on the radio: “…”`: no verb and no one named before the colon, so
    the quotation goes on with whoever spoke last, as a quotation opening the paragraph would.
    """
    toks = par.toks
    lo, _ = par.sentence_bounds(open_idx)
    if lo != 0 or open_idx < 2 or toks[open_idx - 1].text != ":":
        return False
    for j in range(lo, open_idx - 1):
        t = toks[j]
        if t.is_quote or t.low in PRONOUNS or _verb_like(t, toks[j + 1]):
            return False
        if cue_kind(toks, j) is not None or t.low.endswith("ing"):
            return False
    return par.words_between(lo, open_idx) <= MAX_LEAD_IN_WORDS


def attribute_last_subject(par: Paragraph) -> Attribution | None:
    """`Kim praised the plan.` followed by a paragraph of quotation: Kim is the likeliest speaker."""
    toks = par.toks
    if not toks or any(t.is_quote for t in toks):
        return None
    end = _before_closing_aside(toks)
    if end == 0:
        return None
    lo, _ = par.sentence_bounds(end - 1)
    mention = par.reader.sentence_subject(lo, end)
    if mention and (mention.kind in ("name", "pronoun") or _titled_description(mention)):
        return Attribution(mention, None, CONF_SUBJECT)
    return None


def _before_closing_aside(toks: list[Tok]) -> int:
    """The end of a paragraph's narration before the sentences in parentheses that close it.

    `Kim also spoke about the case. (The law requires … .)` then a paragraph of quotation: the
    aside explains, and the writer's line (Kim speaking) resumes after it.
    """
    end = len(toks)
    while end and toks[end - 1].text in SENTENCE_END:
        end -= 1
    if not end or toks[end - 1].text != ")":
        return len(toks)
    depth = 0
    for k in range(end - 1, -1, -1):
        depth += (toks[k].text == ")") - (toks[k].text == "(")
        if depth == 0:
            opens_sentence = k == 0 or toks[k - 1].text in SENTENCE_END
            return k if opens_sentence else len(toks)
    return len(toks)


def _titled_description(mention: Mention) -> bool:
    """`The mayor saw it differently.`: a definite description by title or role, which the
    register of people resolves to the person named with it, can introduce a quotation too."""
    words = mention.text.lower().split()
    return len(words) >= 2 and words[0] == "the" and words[-1] in TITLES


def _after(par: Paragraph, close_idx: int) -> Attribution | None:
    toks, reader = par.toks, par.reader
    hi = min(len(toks), close_idx + 1 + AFTER_WINDOW)
    j = close_idx + 1
    if j < hi and toks[j].text == ",":
        j += 1
    if j >= hi:
        return None
    if toks[j].text in DASHES:
        mention, end = reader.phrase_after(j + 1, hi)
        if mention and mention.kind == "name" and (end >= hi or not toks[end].is_word):
            return Attribution(mention, toks[j].text, CONF_DASH)
        return None
    came = _came_from(par, j, hi)
    if came is not None:
        return came
    kind = cue_kind(toks, j, after_quote=True)
    if kind == "according":
        mention = _according_source(par, j + 2, hi)
        return Attribution(mention, "according to", CONF_ACCORDING) if mention else None
    if kind == "finite" and toks[j].low in INVERTING_CUES:
        mention, _ = reader.phrase_after(j + 1, hi)
        return Attribution(mention, toks[j].text, CONF_AFTER) if mention else None
    found = reader.subject_then_cue(j, hi)
    if found:
        mention, k = found
        if toks[close_idx - 1].text in SENTENCE_END and _introduces_next(toks, k):
            return None  # `“…” Kim added: “…”`: the cue belongs to the next quotation
        if k + 1 < len(toks) and toks[k + 1].text == ":":
            return None  # `After Lee said it was “unfair,” Kim said: “…”`: so does this one
        if toks[close_idx - 1].text == "." and _reports_a_clause(toks, k):
            return None  # `“… .” Lee said he would resign.`: a new sentence, not an attribution
        return Attribution(mention, toks[k].text, CONF_AFTER)
    return None


def _came_from(par: Paragraph, j: int, hi: int) -> Attribution | None:
    """`“Call the vote,” came shouts from the floor`, `came the reply from Kim`: right after a
    quotation, `came` and a noun of voice name who spoke after `from`."""
    toks = par.toks
    if toks[j].low not in ("came", "comes"):
        return None
    lo, _ = par.sentence_bounds(j)
    if par.words_between(lo, j):
        return None  # `Kim said the “danger” came from …`: the quotation is no sentence's opening
    for k in range(j + 1, min(hi, j + 1 + CAME_FROM_REACH)):
        if not toks[k].is_word or toks[k].is_quote:
            return None
        if toks[k].low == "from":
            mention, _ = par.reader.phrase_after(k + 1, hi)
            if mention is None or mention.kind == "pronoun":
                return None
            return Attribution(mention, toks[j].text, CONF_AFTER)
    return None


def _introduces_next(toks: list[Tok], k: int) -> bool:
    """Whether the cue at `k` leads into a colon or a new quotation rather than ending a sentence."""
    for i in range(k + 1, min(len(toks), k + 8)):
        t = toks[i]
        if t.text == ":" or (t.text == '"' and i + 1 < len(toks) and toks[i + 1].is_quote):
            return True
        if t.text in SENTENCE_END:
            return False
    return False


def _reports_a_clause(toks: list[Tok], k: int) -> bool:
    """Whether the cue at `k` goes on to report a clause of its own (`Lee said he would …`)
    rather than ending after a few words of circumstance (`Lee said on Tuesday.`)."""
    j = k + 1
    if j < len(toks) and toks[j].low in ("that", "he", "she", "they", "it", "we", "i"):
        return True
    return not _clause_ends(toks, j) and not (j < len(toks) and toks[j].low in INVERTED_TAIL)


def _after_any_verb(par: Paragraph, close_idx: int) -> Attribution | None:
    """`“…,” Lee growled.` / `“…,” exclaimed Kim.`: after `,”` any verb in the past reports speech."""
    toks, reader = par.toks, par.reader
    if toks[close_idx - 1].text not in (",", "?", "!"):
        return None
    hi = min(len(toks), close_idx + 1 + AFTER_WINDOW)
    j = close_idx + 1
    if j >= hi:
        return None
    if _past_verb(toks[j]):
        if reader.title_opening(close_idx, 0) is not None:
            return None  # `Berg, star of the drama “Harbour,” thanked Kolb`: a title, Kolb heard
        mention, end = reader.phrase_after(j + 1, hi)
        if mention and mention.kind != "pronoun" and _clause_ends(toks, end):
            return Attribution(mention, toks[j].text, CONF_LATER)
        return None
    mention, k = reader.phrase_after(j, hi)
    if mention and k < hi and _past_verb(toks[k]) and _clause_ends(toks, k + 1):
        if k + 1 < hi and toks[k + 1].low in ("to", "by"):
            return None  # `“…,” a website linked to a group`: a participle describing a noun
        return Attribution(mention, toks[k].text, CONF_LATER)
    return None


def _past_verb(t: Tok) -> bool:
    return t.text[0].islower() and t.text.isalpha() and t.text.endswith("ed") and len(t.text) > 3


def _clause_ends(toks: list[Tok], k: int) -> bool:
    """Whether the tokens from `k` close the clause soon (a few words of circumstance at most)."""
    for t in toks[k : k + 8]:
        if t.text in SENTENCE_END or t.text in (",", ";", '"'):
            return True
    return k >= len(toks)


def _before(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    toks, reader = par.toks, par.reader
    introduced = (
        _colon_main_clause(par, lo, open_idx)
        or _parenthetical(par, lo, open_idx)
        or _caused_speaker(par, lo, open_idx)
    )
    if introduced is not None:
        return introduced
    participle: int | None = None
    # `Kim's claim that the vote was “unfair”`: the owner speaks, unless a reporting verb earlier
    # in the sentence has the claim as its topic (`Lee said that Kim's claim is “not true”`).
    owned: Attribution | None = None
    deferred: Attribution | None = None  # an `according to` inside a clause reported with `that`
    for k in range(open_idx - 1, lo - 1, -1):
        if toks[k].is_quote and _clause_between(toks, k + 1, open_idx):
            break  # `X that Kim called “A,” Lee said “B”`: cues before “A” belong to it
        kind = cue_kind(toks, k)
        if kind is None and toks[k].low in FINDING_VERBS and participle is None:
            found = _document_finding(par, k, lo)
            if found is not None:
                return found
        if kind is None:
            if toks[k].low in SPEECH_NOUNS and participle is None and owned is None:
                owner = reader.possessor(k, lo)
                if owner and not _object_of_verb(par, owner, lo):
                    owned = Attribution(owner, toks[k].text, CONF_POSSESSIVE)
            elif (
                owned is not None
                and toks[k].low in ("who", "which")
                and k > lo
                and toks[k - 1].text == ","
            ):
                # `…, who was hurt by Kim's conclusion that it was “…”`: a relative clause holds
                # the claim; a cue before it reports something else.
                return owned
            continue
        if kind == "according":
            mention = _according_source(par, k + 2, open_idx)
            if mention and deferred is None and _after_that(toks, k, lo):
                # `Kim said that according to its count, “…”`: the source backs Kim's claim,
                # which stays Kim's if a reporting verb comes before the `that`.
                deferred = Attribution(mention, "according to", CONF_ACCORDING)
            elif mention:
                return Attribution(mention, "according to", CONF_ACCORDING)
            continue
        if kind == "participle":
            if participle is None and owned is None:
                own = _participle_subject(par, k, lo) or _aspect_subject(par, k, lo)
                if own is not None:
                    return Attribution(own, toks[k].text, CONF_PARTICIPLE)
                participle = k
            continue
        mention = _named_subject_or_inverted(par, k, lo, open_idx) or _coordinated_subject(
            par, k, lo
        )
        if mention is None and k > lo and par.closes_quote(k - 1):
            mention, end = reader.phrase_after(k + 1, open_idx)  # `“A,” said Kim, “B.”`
            if mention is not None and _clause_goes_on(toks, mention, end):
                mention = None  # `…, “The Show,” said his boss was “…”`: a subject, not Kim
        if mention is not None and mention.kind == "pronoun":
            mention = _outer_reporter(par, mention, lo) or mention
        if mention:
            if participle is None:
                return Attribution(mention, toks[k].text, CONF_BEFORE)
            # `Kim mocked the plan, referring to it as “…”`: Kim speaks, the participle is the cue
            # (unless a subordinate clause of its own ends at the participle's comma).
            if toks[participle - 1].text == ",":
                mention = _nearest_clause_subject(par, participle - 1, k + 1) or mention
            return Attribution(mention, toks[participle].text, CONF_PARTICIPLE)
    if owned is not None or deferred is not None:
        return owned or deferred
    if participle is not None:
        # `with Kim calling it “…”` names its own subject; `…, calling it “…”` takes the sentence's.
        mention = None
        if participle > lo and toks[participle - 1].is_word:
            mention = reader.subject_before(participle, lo)
        if mention is None or (mention.kind == "nominal" and not _owned_document(mention)):
            mention = reader.sentence_subject(lo, participle) or mention
        if toks[participle - 1].text == ",":
            # `Kim spoke near the hotel, where protesters had gathered, chanting “…”`: the
            # participle goes with the nearer clause when a subordinate one ends at its comma
            mention = _nearest_clause_subject(par, participle - 1, lo) or mention
        if mention:
            return Attribution(mention, toks[participle].text, CONF_PARTICIPLE)
    return _colon(par, lo, open_idx)


def _owned_document(mention: Mention) -> bool:
    """`the newspaper’s editorial telling her …`: a document (or statement) with its owner named
    is the source of what it says, whoever the sentence is about; a bare `a statement saying`
    is credited to the sentence's subject, its issuer (`Kim released a statement saying`)."""
    words = mention.text.split()
    return (
        len(words) > 1
        and (words[-1].lower() in DOCUMENT_NOUNS or words[-1].lower() in SPEECH_NOUNS)
        and any(w.lower().endswith(("'s", "’s", "s'", "s’")) for w in words[:-1])
    )


def _parenthetical(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    """`The Gazette, Varga said, called the vote “…”`: an attribution set off by commas.

    A speaker and reporting verb between commas inside the sentence (`, Varga said,`, `, a
    senior aide said on Monday,`) report the whole sentence, including what another subject of
    it is said to have said: the account is the parenthetical speaker's.
    """
    toks, reader = par.toks, par.reader
    marks = par.inverting_marks
    for k in marks[bisect_left(marks, lo + 2) : bisect_left(marks, open_idx - 1)]:
        nxt = toks[k + 1]
        if nxt.text != "," and not (nxt.is_cap or nxt.low in INVERTED_TAIL):
            continue  # `said that`, `said “…”`: no parenthetical
        end = next(
            (
                j
                for j in range(k + 1, min(open_idx, k + 1 + PARENTHETICAL_TAIL))
                if not toks[j].is_word
            ),
            None,
        )
        if (
            end is None
            or toks[end].text != ","
            or not all(toks[j].low in INVERTED_TAIL or toks[j].is_cap for j in range(k + 1, end))
            or cue_kind(toks, k) != "finite"
        ):
            continue
        mention = reader.subject_before(k, lo)
        if mention is None or mention.kind == "pronoun":
            continue
        start = par.index_at(mention.start)
        if (start - 1 > lo and toks[start - 1].text == ",") or (
            start - 2 > lo
            and toks[start - 2].text == ","
            and toks[start - 1].low in ("a", "an", "the")
        ):
            return Attribution(mention, toks[k].text, CONF_BEFORE)
    return None


def _caused_speaker(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    """`That prompted Moreau to joke about it and call Varga “…”`, `leading Lee to counter that
    “…”`: the object of a verb of causing is the subject of the reporting verb after `to`.

    Only when no reporting verb earlier in the sentence reports the whole (`Kim said it would
    force Lee to explain …` is Kim's account).
    """
    toks, reader = par.toks, par.reader
    for k in range(open_idx - 1, lo + 2, -1):
        t = toks[k]
        if t.is_quote or t.text in (";", ":") or cue_kind(toks, k) == "finite":
            return None  # a nearer reporting verb or clause has the quotation
        if t.low not in REPORTING_LEMMAS or not t.text.islower():
            continue
        to = next(
            (
                j
                for j in range(k - 1, max(lo, k - MAX_WITH_PHRASE) - 1, -1)
                if toks[j].low == "to" and (j == k - 1 or toks[k - 1].low == "and")
            ),
            None,
        )
        if to is None or to - 1 <= lo:
            return None
        causative = next(
            (
                j
                for j in range(to - 2, max(lo, to - 2 - MAX_WITH_PHRASE) - 1, -1)
                if toks[j].low in CAUSATIVES or not toks[j].is_word
            ),
            None,
        )
        if causative is None or toks[causative].low not in CAUSATIVES:
            return None
        if any(cue_kind(toks, j) == "finite" for j in range(lo, causative)):
            return None
        mention = reader.classify(list(toks[causative + 1 : to]))
        if mention is None or mention.kind == "pronoun":
            return None
        return Attribution(mention, t.text, CONF_PARTICIPLE)
    return None


def _colon_main_clause(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    """`When Lee suggested a delay, Kim fired back: “…”`: the clause ending in the colon speaks.

    A clause after the sentence's last comma that ends in a colon introduces the quotation; a
    named subject of its verb is the speaker, even when that verb is no reporting verb and a
    reporting verb earlier in the sentence has another subject.
    """
    toks = par.toks
    colon = open_idx - 1
    if colon - 1 <= lo or toks[colon].text != ":":
        return None
    start = next((j + 1 for j in range(colon - 1, lo - 1, -1) if toks[j].text == ","), None)
    if start is None:
        return None
    for j in range(start, colon):
        if not toks[j].is_word:
            return None
        if _verb_like(toks[j], toks[j + 1]):
            if cue_kind(toks, j) is not None:
                return None  # a reporting verb of its own: the ordinary rules read it
            mention = par.reader.subject_before(j, start)
            first = start + (toks[start].low in ("and", "but", "then"))
            if (
                mention is not None
                and mention.kind == "name"
                and not any(
                    t.low.endswith(("ing", "ed")) for t in toks[first : par.index_at(mention.start)]
                )
            ):
                return Attribution(mention, toks[j].text, CONF_COLON)
            return None  # "…, thanking Linden controllers with a reply:": no subject opens it
    return None


def _named_subject_or_inverted(par: Paragraph, k: int, lo: int, hi: int) -> Mention | None:
    """The subject of the finite cue at `k`, or its speaker in inverted order after a comma.

    `…, forcing her to defend the budget, said Tomas Berg, a council analyst.`, `But, said Berg,
    “…”`, `The trouble, says Lena Okafor, is that …`: after a comma, a verb that can come before
    its subject, then a name (or `the`/`a` description) that closes the clause, is an attribution
    in inverted order; the words before the comma belong to the reported sentence. A name read
    backwards (`Kim, the mayor, said`) still comes first: there the comma closes an appositive.
    """
    subject = par.reader.finite_subject(k, lo)
    if subject is not None and subject.kind != "nominal":
        return subject
    toks = par.toks
    if toks[k].low not in INVERTING_CUES:
        return subject
    # `Said one donor: “…”`: a capitalised cue that opens its sentence comes before its subject
    opens = k == par.sentence_bounds(k)[0] and toks[k].text[:1].isupper() and subject is None
    if not opens and (k == 0 or toks[k - 1].text != ","):
        return subject
    mention, end = par.reader.phrase_after(k + 1, hi)
    if (
        mention is None
        or (mention.kind != "name" and toks[k + 1].low not in ("the", "a", "an", "one"))
        or (end < len(toks) and toks[end].text not in (",", ".", "?", "!", ";", ":"))
        or _clause_goes_on(toks, mention, end)
    ):
        return subject
    return mention


def _clause_goes_on(toks: list[Tok], mention: Mention, end: int) -> bool:
    """Whether a verb follows the phrase ending at `end` (`said his boss was`), so that the
    phrase is the subject of a reported clause rather than a speaker after an inverted cue."""
    if end >= len(toks) or not toks[end].is_word or toks[end].low in INVERTED_TAIL:
        return False
    return not (mention.kind == "name" and toks[end].low in INVERTED_NAME_TAIL)


def _in_their_words(par: Paragraph, lo: int, at: int) -> Attribution | None:
    """`in Bolton's view`, `in the mayor's words`: the owner of the view is the source."""
    toks, reader = par.toks, par.reader
    _, hi = par.sentence_bounds(at)
    for k in range(max(lo, at - MAX_SENTENCE_TOKENS // 3), min(hi, at + MAX_SENTENCE_TOKENS // 3)):
        if toks[k].low in VIEW_NOUNS and k - 2 >= lo and toks[k - 1].possessive:
            owner = reader.possessor(k, lo)
            if owner is not None and owner.kind != "pronoun":
                start = par.index_at(owner.start)  # "in Kim's view", "in the mayor's view"
                if any(toks[i].low == "in" for i in range(max(lo, start - 2), start)):
                    return Attribution(owner, toks[k].text, CONF_POSSESSIVE)
    return None


def _under_law(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    """`Under Lund law, trespass is committed when a person “…”`, `Under the Harbor Act, the
    board must hire “…”`: a sentence opened by `Under` and a law quotes the law's text, whatever
    the clause after it is about."""
    toks = par.toks
    first = lo
    while first < open_idx and not toks[first].is_word:
        first += 1
    if first >= open_idx or toks[first].low != "under":
        return None
    comma = next((j for j in range(first + 1, open_idx) if not toks[j].is_word), None)
    if comma is None or toks[comma].text != "," or toks[comma - 1].low not in LAW_NOUNS:
        return None
    mention = par.reader.classify(list(toks[first + 1 : comma]))
    if mention is None or mention.kind == "pronoun":
        return None
    return Attribution(mention, toks[first].text, CONF_SUBJECT)


def _passive_namer(
    par: Paragraph, lo: int, open_idx: int, close_idx: int | None
) -> Attribution | None:
    """`The plan has been called “a betrayal” by Lena Berg`: after a passive verb of naming, the
    agent after `by` (a few words past the closing mark) is the one who said the words."""
    toks = par.toks
    if close_idx is None:
        return None
    k = open_idx - 1
    if k > lo and toks[k].low in ("the", "a", "an"):
        k -= 1  # `called the “Crossroads of the North” by its people`
    if k > lo and toks[k].low == "as":
        k -= 1  # `was described as “…” by Kim`
    if k <= lo or toks[k].low not in PASSIVE_NAMING:
        return None
    aux = k - 1
    if aux > lo and is_ly_adverb(toks[aux].low):
        aux -= 1  # `has been widely called “…”`
    if toks[aux].low not in PASSIVE_AUX and toks[aux].text != ",":
        return None  # `was called “…” by Kim`, or reduced: `…, called “…” by its people,`
    if toks[close_idx - 1].text == ",":
        return None  # `called the “Feed,” anchored by five writers`: the name's clause is over
    _, hi = par.sentence_bounds(close_idx)
    for j in range(close_idx + 1, min(hi, close_idx + 1 + PASSIVE_AGENT_REACH)):
        if toks[j].is_quote or toks[j].text in SENTENCE_END or toks[j].text == ",":
            return None
        if toks[j].low == "by":
            mention, _ = par.reader.phrase_after(j + 1, hi)
            if mention is None or mention.kind == "pronoun":
                return None
            return Attribution(mention, toks[k].text, CONF_AFTER)
    return None


def _colon_clause(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    """`Hoff's letter makes a blunt case: “…”`: a clause ending in a colon introduces the
    quotation, and its subject (a name, or a document) is the source."""
    toks = par.toks
    if open_idx - 1 <= lo or toks[open_idx - 1].text != ":":
        return None
    verbs = [j for j in range(lo + 1, open_idx - 1) if _verb_like(toks[j], toks[j + 1])]
    if any(cue_kind(toks, j) == "finite" for j in range(lo, open_idx - 1)):
        verbs = verbs[:1]  # `Kim said he hoped that Lee wins:`: the last verb is reported
    # The sentence's first verb, else the one nearest the colon: `The timing was so odd that a
    # spokesman for Kim could only quip: “…”` is the spokesman's, the clause that ends in `:`.
    for verb in dict.fromkeys(verbs[:1] + verbs[-1:]):
        found = _colon_subject(par, par.reader.subject_before(verb, lo))
        if found is not None:
            return found
    return None


def _colon_subject(par: Paragraph, mention: Mention | None) -> Attribution | None:
    """The source a clause ending in a colon names: a name, a document or people (see above)."""
    if mention is None or mention.kind == "pronoun":
        return None
    head = mention.text.split()[-1].lower()
    if (
        mention.kind == "nominal"
        and head not in DOCUMENT_NOUNS
        and head not in SPEECH_NOUNS
        and not _people_noun(head)
        and not _document_part(mention, par)
    ):
        return None
    return Attribution(mention, ":", CONF_SUBJECT)


def _single_colon_clause(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    """`Respondents are obliged to disclose: “…”`: a sentence that is one clause ending in a
    colon introduces the quotation, so its subject is read as a source (cue `:`) before it is
    read as a bare subject, which must already be a known person. A comma may join clauses
    (`Reid said …, but he gave …:`), and then the bare-subject reading goes first."""
    if any(t.text in (",", ";") for t in par.toks[lo : open_idx - 1]):
        return None
    return _colon_clause(par, lo, open_idx)


def _people_noun(head: str) -> bool:
    """`Protesters were blunt:`, `Respondents must answer:`: a noun for people by what they do
    (a plural of an agent noun) or a role heads the clause, so people give the words."""
    return head in ROLE_NOUNS or (
        len(head) > 5 and head.endswith(PEOPLE_ENDINGS) and head not in NOT_PEOPLE
    )


def _document_part(mention: Mention, par: Paragraph) -> bool:
    """`A footnote in the report makes it clear:`, `A passage of the book reads:`: a part of a
    document named as such speaks for the document."""
    words = mention.text.split()
    at = par.index_at(mention.end)
    nxt = par.toks[at + 1 : at + 4] if at + 1 < len(par.toks) else []
    return words[-1].lower() in DOCUMENT_PARTS and any(
        t.low in DOCUMENT_NOUNS or t.low in SOURCE_NOUNS for t in nxt
    )


def _here_is(par: Paragraph, lo: int, colon: int) -> Attribution | None:
    """`Here's Kim in 2014: “…”`, `Here is Kim on the vote:`: a sentence that presents a named
    person and ends in a colon introduces their words. Only a name counts (`Here's the rub:`
    presents no speaker), and nothing after it may be a verb (`Here's Kim, who said:` is read
    elsewhere)."""
    toks = par.toks
    if colon < lo + 2 or colon >= len(toks) or toks[colon].text != ":":
        return None
    first = lo
    while first < colon and not toks[first].is_word:
        first += 1
    low = toks[first].low.replace("’", "'")
    if low == "here's":
        start = first + 1
    elif low == "here" and first + 1 < colon and toks[first + 1].low in ("is", "was"):
        start = first + 2
    else:
        return None
    mention, end = par.reader.phrase_after(start, colon)
    if mention is None or mention.kind != "name":
        return None
    for j in range(end, colon):
        t = toks[j]
        if t.is_quote or (t.is_word and _verb_like(t, toks[j + 1])) or t.text in (",", ";"):
            return None
    return Attribution(mention, None, CONF_COLON)


def _participle_subject(par: Paragraph, k: int, lo: int) -> Mention | None:
    """The subject a participle names itself: `…, with Kim telling reporters “…”`.

    After `with`/`without` the phrase before the participle is its subject, whatever verb
    came earlier in the sentence (`how the city responds, with Kim telling …`), and it may be a
    counted or listed group (`with about 40 fishermen chanting`, `with many dockers and their
    families chanting`).
    """
    toks, reader = par.toks, par.reader
    for j in range(k - 1, max(lo, k - 1 - MAX_WITH_PHRASE) - 1, -1):
        t = toks[j]
        if not t.is_word or t.is_quote or (j < k - 1 and cue_kind(toks, j) is not None):
            return None
        if t.low in ("with", "without"):
            phrase = list(toks[j + 1 : k])
            while phrase and _adverb(phrase[-1]):
                phrase.pop()  # "with Ward somewhat uncertainly telling"
            if not phrase or any(w.low in CLAUSE_INSIDE for w in phrase):
                return None  # "with me when I was reporting": a clause, not a subject
            head = _head_before_of(phrase)
            mention = reader.classify(head)
            if mention is not None and mention.kind == "nominal" and len(head) < len(phrase):
                # the whole description speaks, headed by its noun, not the name it ends on
                text = reader.text[phrase[0].start : phrase[-1].end]
                mention = Mention(text, phrase[0].start, phrase[-1].end, "nominal")
            return mention if mention is not None and mention.kind != "pronoun" else None
    return None


def _head_before_of(phrase: list[Tok]) -> list[Tok]:
    """`the campaign of the former senator from Ohio`: a described phrase heads at the noun
    before its first `of`/`from`, not at the name the preposition ends on."""
    if not phrase or phrase[0].low not in ("the", "a", "an"):
        return phrase
    for i in range(2, len(phrase)):
        if phrase[i].low in ("of", "from") and phrase[i - 1].text.islower():
            return phrase[:i]
    return phrase


def _outer_reporter(par: Paragraph, pronoun: Mention, lo: int) -> Mention | None:
    """`Police sources said he said “…”`, `prosecutors say that he told an agent, “…”`: a pronoun
    that opens the clause reported by an earlier verb tells a second-hand account, and news
    attributes it to the source who gives it, the subject of that earlier verb (a name or a
    description, not another pronoun)."""
    toks = par.toks
    j = par.index_at(pronoun.start) - 1
    if j > lo and toks[j].low == "that":
        j -= 1
    if j <= lo or cue_kind(toks, j) != "finite":
        return None
    outer = par.reader.finite_subject(j, lo)
    return outer if outer is not None and outer.kind != "pronoun" else None


def _aspect_subject(par: Paragraph, k: int, lo: int) -> Mention | None:
    """`Sen. Lee kept asking her why …`, `the mayor began saying`: a participle that completes a
    verb of aspect has that verb's subject, whoever the subject of an earlier reporting verb is.
    A pronoun there (`Kim said he began calling …`) is left to that earlier verb, whose subject it
    most often stands for."""
    if k - 1 <= lo or par.toks[k - 1].low not in ASPECT_VERBS:
        return None
    mention = par.reader.subject_before(k - 1, lo)
    return mention if mention is not None and mention.kind != "pronoun" else None


def _adverb(t: Tok) -> bool:
    """A lower-case word between a subject and its verb: `uncertainly`, `somewhat`, `still`."""
    return t.text.islower() and (
        is_ly_adverb(t.low) or t.low in BETWEEN_SUBJECT_AND_CUE or t.low in DEGREE_ADVERBS
    )


def _nearest_clause_subject(par: Paragraph, comma: int, lo: int) -> Mention | None:
    """The subject of a subordinate clause that ends at the comma before a participle.

    `The first clash came …, when harbour workers interrupted the mayor, shouting “…”`: the
    participle goes with the `when` clause it follows, whose subject did the shouting, when the
    sentence's own subject is no one.
    """
    toks = par.toks
    j = comma
    while j - 1 > lo:
        j -= 1
        if toks[j].text == '"' and (opening := par.reader.title_opening(j, lo)) is not None:
            j = opening  # `when Kim closed the debate with a nod to the film “Stars,” saying`
            continue
        if not toks[j].is_word or toks[j].is_quote:
            return None
        if _verb_like(toks[j], toks[j + 1]):
            if toks[j].low.endswith("s"):
                return None  # "his statements about": an -s word may be a noun
            mention = par.reader.subject_before(j, lo)
            if mention is None or mention.kind == "pronoun":
                return None
            at = par.index_at(mention.start) - 1
            while at > lo and toks[at].low in APPROXIMATORS:
                at -= 1  # "where about 50 dockers had gathered"
            if at >= lo and toks[at].low in CLAUSE_OPENERS:
                return mention
            return None
    return None


def _document_finding(par: Paragraph, k: int, lo: int) -> Attribution | None:
    """`A 2014 committee report found “…”`: a document is quoted through what it found."""
    mention = par.reader.subject_before(k, lo)
    if mention is None or mention.kind == "pronoun":
        return None
    if mention.text.split()[-1].lower() not in DOCUMENT_NOUNS:
        return None
    return Attribution(mention, par.toks[k].text, CONF_BEFORE)


def _object_of_verb(par: Paragraph, owner: Mention, lo: int) -> bool:
    """`calling Varga's charge “pathetic”`: the owner's words are what someone else talks about."""
    at = par.index_at(owner.start)
    return at - 1 >= lo and par.toks[at - 1].is_word and cue_kind(par.toks, at - 1) is not None


def _clause_between(toks: list[Tok], a: int, b: int) -> bool:
    """Whether `toks[a:b]` (between two quotations) holds more than `and`, `or` and punctuation."""
    return any(t.is_word and t.low not in QUOTE_JOINERS for t in toks[a:b])


def _coordinated_subject(par: Paragraph, k: int, lo: int) -> Mention | None:
    """`Kim said X but said “…”`, `Kim arrived and added …`: `and` shares the earlier subject.

    The subject of the nearest reporting verb before the `and`, else a name subject of the
    nearest verb before it, else the sentence's subject.
    """
    reader, toks = par.reader, par.toks
    i = k - 1
    while i >= lo and toks[i].low in BETWEEN_SUBJECT_AND_CUE:
        i -= 1
    if i <= lo or toks[i].low not in ("and", "but"):
        return None
    for j in range(i - 1, lo - 1, -1):
        if cue_kind(toks, j) == "finite":
            mention = reader.finite_subject(j, lo)
            if mention is None and j > lo and par.closes_quote(j - 1):
                mention, _ = reader.phrase_after(j + 1, i)
            if mention:
                return mention
    for j in range(i - 1, lo, -1):  # `when Okafor knocked Lee on trade and called him “…”`
        t = toks[j]
        if t.text.islower() and (
            t.low in IRREGULAR_PAST
            or _past_verb(t)
            or (t.low not in FINITE_AUX and _verb_like(t, toks[j + 1]))
        ):
            mention = reader.subject_before(j, lo)
            if mention is not None and _source_nominal(mention):
                return mention  # `The ad hits Okafor for … and claims that “…”`
            if mention is not None and mention.kind == "name":
                at, end = par.index_at(mention.start), par.index_at(mention.end - 1)
                if (at - 1 < lo or toks[at - 1].low not in PHRASE_PREPOSITIONS) and all(
                    t.is_word for t in toks[end + 1 : j]
                ):
                    return mention  # not `a spokesman for X declined`, not `X, he looked`
            break
    return reader.sentence_subject(lo, i)


def _colon(par: Paragraph, lo: int, at: int) -> Attribution | None:
    """`Kim: “…”`: a name and a colon right before the quotation."""
    toks = par.toks
    if at - 2 < lo or toks[at - 1].text != ":":
        return None
    end = at - 2
    if toks[end].text == ")":
        end = par.reader.skip_brackets_back(end, lo)  # "Rep. Trey Gowdy (R-S.C.): “…”"
        if end < lo:
            return None
    follows = end - 1 > lo and toks[end].low == "follows" and toks[end - 1].low == "as"
    if follows:
        end -= 2  # "The statement reads as follows:", "Transcript as follows:"
    np = par.reader.collect_back(end, lo)
    at = end + 2
    first = at - 1 - len(np)
    source = first - 1 == lo and toks[lo].low == "from"  # "From the report: “…”"
    if first > lo and toks[first - 1].low in OBJECT_PREPOSITIONS and toks[first - 1].low != "by":
        # "compared him with Lee: “…”": the name is an object, not a speaker; "by" names an
        # author ("“Club to close,” by Herald’s Ben Okafor: “…”")
        return None
    mention = par.reader.classify(np)
    if mention and (mention.kind != "nominal" or source or (follows and first == lo)):
        return Attribution(mention, ":", CONF_COLON)
    return None


def _labelled(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    """`Pollsters agree - Carl Bialik: “…”`: a name set off by punctuation labels the quotation,
    whatever verb came earlier (unlike `Kim told Lee: “…”`, where Lee is the listener)."""
    found = _colon(par, lo, open_idx)
    if found is None or found.mention.kind != "name":
        return None
    first = par.index_at(found.mention.start)
    while first > lo and par.toks[first - 1].is_word and par.toks[first - 1].is_cap:
        first -= 1  # the title in front of the name: "Rep. Trey Gowdy"
    if first > lo and par.toks[first - 1].text in DASHES | {";", "(", "."}:
        return found
    return None


def _later(par: Paragraph, start: int, hi: int) -> Attribution | None:
    """A reporting verb later in the quotation's sentence (`… is “rigged,” experts said`)."""
    toks = par.toks
    for k in range(start, hi):
        if toks[k].is_quote:
            return None  # the next quotation owns what follows
        if cue_kind(toks, k) == "finite":
            mention = _named_subject_or_inverted(par, k, start, hi)
            if mention:
                return Attribution(mention, toks[k].text, CONF_LATER)
    return None


def _subject(par: Paragraph, lo: int, open_idx: int) -> Attribution | None:
    """No cue at all: the nearest subject before the quotation (`Kim likened X to a “…”`).

    Any verb will do here, so the subject must be a name or a pronoun: a description
    (`the bill`) next to a verb that is not a reporting verb is rarely who spoke. A document or
    a body that is the subject of the verb nearest the quotation is its source, though: `The ad
    targets a “…”`, `The campaign projects that “…”`, `The team cited “…”`.
    """
    toks, reader = par.toks, par.reader
    nearest = True
    for j in range(open_idx - 1, lo, -1):
        if not _verb_like(toks[j], toks[j + 1] if j + 1 < len(toks) else None):
            continue
        mention = reader.subject_before(j, lo)
        if mention and mention.kind in ("name", "pronoun"):
            return Attribution(_holder_of_clause(par, mention, lo) or mention, None, CONF_SUBJECT)
        if nearest and mention and _source_nominal(mention):
            return Attribution(mention, None, CONF_SUBJECT)
        if mention is not None:
            nearest = False  # `giving workers the right`: a noun in -s with no subject is no verb
    return None


# Conjunctions that open a clause of contrast: a cue after one belongs to that clause alone.
CONTRAST_OPENERS = frozenset(("while", "whereas", "although", "though", "but"))


def subject_owns_clause(
    par: Paragraph,
    subject: Mention,
    span: tuple[int, int],
    cued: tuple[int, int],
    cued_speaker: Mention,
) -> bool:
    """Whether the bare subject of a quotation heads a clause apart from a cued sentence-mate.

    `span` and `cued` are the (opening, closing) mark offsets of the quotation and of another one
    in its sentence that has a reporting cue, said by `cued_speaker`. That cue usually reaches the
    whole sentence (`Lee is “tired” and “angry,” Kim said`), but not a main clause whose subject
    comes right after the cued quotation's `,”` when that one was introduced before its marks (`In
    a clip that the judge called “vile,” Varga vowed to “…”`), nor one that ends before a clause
    of contrast holding the cue (`Lund quipped that Kim was “lost,” while the board wrote
    letters that called him “…”`): there the subject before the quotation speaks.
    """
    at = par.index_at(subject.start)
    open_idx, close_idx = par.index_at(span[0]), par.index_at(span[1])
    other_open, other_close = par.index_at(cued[0]), par.index_at(cued[1])
    if at == other_close + 1 < open_idx and cued_speaker.start < cued[0]:
        # `,”` ends the cued clause; without the comma the subject may still be inside what the
        # cue reports (`Kim says his “old friend” Lee ran “a fine race”`)
        return subject.kind == "name" and par.toks[other_close - 1].text == ","
    return close_idx < other_open and any(
        t.low in CONTRAST_OPENERS for t in par.toks[close_idx + 1 : other_open]
    )


def _holder_of_clause(par: Paragraph, mention: Mention, lo: int) -> Mention | None:
    """`Two analysts found in 2014 that the Air Force is “the best”`, `Kim believes that Lee is
    “a liar”`: a subject inside a `that` clause is what the clause is about; the subject of the
    verb that governs the clause holds the view the quotation gives."""
    toks = par.toks
    at = par.index_at(mention.start)
    j = at - 1
    if j - 1 > lo and toks[j].low == "the" and mention.kind == "name":
        j -= 1  # "found that the Harbour Trust is “…”": the article is not part of the name
    if j - 1 <= lo or toks[j].low != "that":
        return None
    verb = j - 1
    while verb > lo and (toks[verb].low in TIME_WORDS or toks[verb].text[0].isdigit()):
        verb -= 1  # "found in 2014 that", "said Tuesday that"
    if verb > lo and toks[verb].low in ("in", "on", "last", "this") and verb + 1 < j:
        verb -= 1
    if not _verb_like(toks[verb], toks[verb + 1]) and toks[verb].low not in FINDING_VERBS:
        return None
    return par.reader.subject_before(verb, lo)


def _source_nominal(mention: Mention) -> bool:
    """`The ad`, `the Varga campaign`, `its statement`: a document or body, named as such."""
    words = mention.text.split()
    return (
        mention.kind == "nominal"
        and (
            words[0].lower() in ("the", "a", "an", "its", "his", "her", "their")
            # `Rep. Dana Quill's office`: a body its owner names
            or any(w.endswith(("'s", "’s")) for w in words[:-1])
        )
        and words[-1].lower() in SOURCE_NOUNS
    )


def _verb_like(t: Tok, nxt: Tok | None) -> bool:
    """A lowercase word that can be a finite verb: `offered`, `proposes`, `was`."""
    low = t.text
    if not low[0].islower() or not low.isalpha():
        return False
    if low in FINITE_AUX or low in IRREGULAR_PAST or (len(low) > 3 and low.endswith("ed")):
        return True
    # An -s word is a verb only before what a verb takes: "proposes that", not "voters, as".
    return (
        len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is"))
        and nxt is not None
        and (
            (nxt.low in VERB_COMPLEMENTS and nxt.text not in (",", ":"))
            or nxt.low in VERB_PREPOSITIONS
            or nxt.is_cap
        )
    )
