"""Read the noun phrase that names a speaker, next to a reporting verb.

There is no tagger offline, so these readers work on capitalisation and closed word lists: a phrase
read backwards from `said` stops at a preposition, a conjunction or punctuation; a phrase read forwards
from `said` stops at the first word that cannot belong to a name. Both skip what English puts between
a speaker and the verb (adverbs, time phrases, an appositive in commas, a party tag in brackets, a
participle phrase), and the appositive or the title before the name becomes the speaker's role. The
readers see the tokens of masked text (`quote_frame`), so they never read into a quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from bot.engine.quotes.frames import DASHES, Tok, cue_kind
from bot.engine.quotes.lexicon import (
    ADJUNCT_PREPOSITIONS,
    BETWEEN_SUBJECT_AND_CUE,
    CONNECTORS,
    DETERMINERS,
    FEMALE_FIRST_NAMES,
    FINITE_AUX,
    GROUP_HEADS,
    INVERTING_CUES,
    IRREGULAR_PAST,
    LY_NOUNS,
    MALE_FIRST_NAMES,
    NAMING_CUES,
    NOT_NAMES,
    NOUNY_CUES,
    NP_STOP,
    ORG_WORDS,
    PASSIVE_AUX,
    PLACE_PREPOSITIONS,
    PRONOUNS,
    RELATIVES,
    REPORTING_LEMMAS,
    REQUIRES_PARTICLE,
    ROLE_NOUNS,
    TIME_WORDS,
    TITLE_SMALL_WORDS,
    TITLES,
    VERB_COMPLEMENTS,
    is_ly_adverb,
)

# Words that may follow the speaker of an inverted cue (`said Kim on Tuesday`, `said Kim in Kyiv`)
# or a cue that closes an attribution (`Kim, the union's head, Tweeted on Friday`).
INVERTED_TAIL = ADJUNCT_PREPOSITIONS | TIME_WORDS | frozenset({"and", "as"})
# Endings of adjectives, for a list of them before a noun: `the bespectacled, 71-year-old`.
ADJECTIVE_SUFFIXES = ("ed", "ful", "ous", "ive", "al", "ic", "able", "ible", "less", "ish")
# Tokens from a verb's subject phrase back to the `who` of a relative clause before it, at most.
MAX_RELATIVE_TOKENS = 10
MAX_ADJECTIVE_TAIL = 3  # words after the comma of `a short, late-night meeting,`
POSSESSIVE_SUFFIX_RE = re.compile(r"(?<=s)[’']$|[’']s$")
MAX_NP_TOKENS = 8
# A party and state after a lawmaker's name, AP style: "R-Ohio", "D-Calif.", "R-S.C.", "I-Vt."
PARTY_TAG_RE = re.compile(r"[DRI]\s?-\s?[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?")
# Words that open a clause of their own, so the verb before them ends another clause.
CLAUSE_WORDS = frozenset({"when", "while", "whenever", "if", "because", "as", "after", "before"})
# Words that qualify an opening clause of time: `Even as …,`, `Soon after …,`, `Days before …,`.
CLAUSE_QUALIFIERS = frozenset(
    "even just long soon right only minutes hours days weeks months years moments".split()
)
# Tokens from an appositive back to the `who` of the relative clause that holds it, at most.
MAX_RELATIVE_REACH = 12
# Endings of nouns for people by what they do (`scientist`, `lawyer`, `historian`).
AGENT_ENDINGS = ("ist", "er", "or", "ian")
# Verbs of bearing a sign or garment: who wears or holds it is not who wrote what it says.
BEARING_VERBS = frozenset(
    """
    wear wearing wore worn hold holding held carry carrying carried wave waving waved
    display displaying displayed sport sporting sported
    """.split()
)
# Participles of perceiving: `a reporter can be heard asking`, `Kim was seen shouting`.
PERCEIVED = frozenset({"heard", "seen", "overheard", "caught", "recorded", "filmed", "shown"})
# Sentence adverbs set off by commas after a subject (`Kim, meanwhile, said`).
COMMA_ADVERBS = frozenset(
    "meanwhile however though too also instead nonetheless nevertheless moreover therefore".split()
)
# Prepositions after a person's name that say where they belong: `Karin Holm of the operator`.
PERSON_PREPOSITIONS = frozenset({"of", "from", "at"})
MAX_APPOSITIVE_TOKENS = 32
# Longest quoted nickname inside a name (`Robert “Bobby” Lanz`), in characters.
NICKNAME_CHARS = 12
# Words of degree before a manner adverb: `Kim somewhat hesitantly said`.
DEGREE_WORDS = frozenset({"somewhat", "rather", "quite", "very", "almost", "fairly", "so", "too"})
# Words of a prepositional phrase between a name and its verb: `Kim on a Monday visit said`.
MAX_CIRCUMSTANCE_TOKENS = 6
# Punctuation that may sit inside the closing mark of a title: `“Harbour,”`, `“Enough?”`.
TITLE_PUNCTUATION = frozenset({",", ".", "?", "!"})
# Adjectives of nearness to someone, after the people who are near: `sources close to Kim`.
CLOSE_WORDS = frozenset({"close", "closer", "closest", "loyal", "near"})
# Quantifiers that may float after a plural subject or its auxiliary: `have both said`.
FLOATING_QUANTIFIERS = frozenset({"both", "all", "each"})
# Forms of `be` and `become` that are not finite: `to be president after …`.
COPULAS = frozenset({"be", "been", "being", "become", "became"})
# Tokens of a dateline with a date (`WASHINGTON, Dec. 8 (UPI) —`), at most.
MAX_DATELINE_TOKENS = 12
# Words of a title in capitals set off by commas inside an appositive, at most.
MAX_SET_OFF_TITLE_WORDS = 6
# Time words written in lower case in running text: capitalised after a name word, they are part
# of the name (`USA Today`, `Face the Nation Tonight`), unlike days and months (`Kim Tuesday`).
NAME_TIME_WORDS = frozenset({"today", "tonight", "tomorrow", "morning", "evening", "night", "week"})
# How news describes an unnamed source by what it knows: `a person familiar with the talks`.
SOURCE_LINKS = {"familiar": "with", "close": "to", "knowledgeable": "about", "briefed": "on"}


@dataclass(frozen=True, slots=True)
class Mention:
    """Who a phrase names: a `name`, a `pronoun`, or a `nominal` description (`a spokesman`)."""

    text: str
    start: int
    end: int
    kind: str
    role: str | None = None


class PhraseReader:
    """Reads speaker phrases out of one paragraph's tokens; `text` gives the surface forms."""

    def __init__(self, text: str, toks: list[Tok]) -> None:
        self.text = text
        self.toks = toks

    @cached_property
    def lows(self) -> list[str]:
        return [t.low for t in self.toks]

    def _surface(self, toks: list[Tok]) -> str:
        return self.text[toks[0].start : toks[-1].end]

    # -- classification -------------------------------------------------------------------------

    def classify(self, np: list[Tok]) -> Mention | None:
        """Turn a phrase into a mention, splitting a name from the titles and words before it."""
        if len(np) == 1 and np[0].low in PRONOUNS:
            return Mention(np[0].text, np[0].start, np[0].end, "pronoun")  # "He", opening
        while np and (
            np[0].text in DASHES
            or (
                np[0].is_cap
                and (np[0].low in NOT_NAMES or np[0].low in NP_STOP)
                and np[0].low not in DETERMINERS
            )
        ):
            np = np[1:]
        if not np:
            return None
        head = np[-1]
        if head.possessive or not head.is_word:
            return None
        if head.low in DETERMINERS:
            if head.low in GROUP_HEADS and (len(np) == 1 or np[0].low == "the"):
                return Mention(self._surface(np), np[0].start, head.end, "nominal")  # "the two"
            return None
        if len(np) == 1 and head.low in PRONOUNS:
            return Mention(head.text, head.start, head.end, "pronoun")
        person_of = self._person_of(np)
        if person_of is not None:
            return person_of
        named_time = head.low in NAME_TIME_WORDS and len(np) > 1 and np[-2].is_cap  # "USA Today"
        if head.is_cap and (head.low not in NOT_NAMES or named_time):
            chunk = len(np) - 1
            while chunk > 0 and (
                np[chunk - 1].is_cap
                or (np[chunk - 1].low in CONNECTORS and chunk - 1 > 0 and np[chunk - 2].is_cap)
            ):
                if np[chunk - 1].low in DETERMINERS:
                    break
                chunk -= 1
            of_role: list[Tok] = []
            of_at = next((i for i in range(chunk, len(np)) if np[i].low == "of"), None)
            if (
                of_at is not None
                and not any(t.low in ORG_WORDS for t in np[chunk:])
                and any(t.low not in TITLES for t in np[chunk:of_at])
            ):
                # "Dara Quill of Linden": the name comes before "of", the place is a role.
                np, of_role = np[:of_at], np[of_at:]
            core = chunk
            for i in range(chunk, len(np)):
                if i == len(np) - 1 and i > chunk and _first_name_or_initial(np[i - 1]):
                    break  # "Steve King", "Peter T. King": a surname that is also a title
                if np[i].low in TITLES or (
                    # "Secretary of State Kerry" names Kerry; "Bank of America" is one body
                    np[i].low == "of" and i > chunk and np[i - 1].low not in ORG_WORDS
                ):
                    core = i + 1
            if core >= len(np):  # only titles: "the President" describes, it does not name
                return self._nominal(np)
            while core < len(np) - 1 and np[core].low in CONNECTORS:
                core += 1
            if any(t.low in ORG_WORDS for t in np[core:]):
                core = chunk  # "Democratic Farmers Union": a body, its first word is no title
            start = core
            while start > 0 and (
                np[start - 1].is_cap
                or np[start - 1].possessive
                or np[start - 1].low in ROLE_NOUNS
                or np[start - 1].low in TITLES
                or (np[start - 1].text.islower() and np[start - 1].low.endswith(AGENT_ENDINGS))
                # `political scientist`, `ranking Democrat`: a modifier of the role word
                or (np[start - 1].text.islower() and start < core and np[start].text != "of")
            ):
                if np[start - 1].low in DETERMINERS:
                    break
                start -= 1  # "Varga campaign chairman Tomas Berg", not "the way Police Chief"
            parts = [p for p in (np[start:core], of_role) if p]
            role = " ".join(self._surface(p) for p in parts) or None
            name = np[core:]
            return Mention(self._surface(name), name[0].start, name[-1].end, "name", role)
        if head.is_word and not head.is_cap and head.text.replace("-", "").isalnum():
            return self._nominal(np)
        return None

    def _person_of(self, np: list[Tok]) -> Mention | None:
        """`Joseph Otieno of the charity Malaria Free Africa`: the person heads the phrase.

        The words from `of`/`from`/`at` on become the role, which `roles.split_role` reads as the
        affiliation. Only when a person's name comes first: two or more capitalised words, or one
        after a title, none of them a body's word (`Bank of England` stays a body, `Secretary of
        State John Kerry` a title).
        """
        at = next(
            (i for i in range(1, len(np)) if np[i].low in PERSON_PREPOSITIONS and not np[i].is_cap),
            None,
        )
        if at is None or at + 1 >= len(np):
            return None
        before = np[:at]
        names = [t for t in before if t.is_cap and t.low not in TITLES]
        titled = any(t.low in TITLES for t in before)
        # `House Speaker Paul Lund of Ohio`: a body's word before the title belongs to the title
        last_title = max((i for i, t in enumerate(before) if t.low in TITLES), default=-1)
        named = [t for t in before[last_title + 1 :] if t.is_cap]
        if (
            not names
            or not before[-1].is_cap
            or before[-1].possessive
            or (len(names) < 2 and not titled)
            or any(t.low in ORG_WORDS or t.low in NOT_NAMES for t in named)
        ):
            return None
        person = self.classify(before)
        if person is None or person.kind != "name":
            return None
        affiliation = self._surface(np[at:])
        role = f"{person.role} {affiliation}" if person.role else affiliation
        return Mention(person.text, person.start, person.end, "name", role)

    def _nominal(self, np: list[Tok]) -> Mention | None:
        if np[-1].low in BETWEEN_SUBJECT_AND_CUE or np[-1].low in TIME_WORDS:
            return None
        if len(np) == 1 and np[0].low.endswith("ed"):
            return None  # "that were hacked suggested": a participle alone names no one
        return Mention(self._surface(np), np[0].start, np[-1].end, "nominal")

    # -- reading backwards: the subject of a verb -----------------------------------------------

    def collect_back(self, i: int, lo: int) -> list[Tok]:
        """The longest noun-phrase-like run of tokens ending at `toks[i]`."""
        toks, lows = self.toks, self.lows
        j = i
        out: list[Tok] = []
        while j >= lo and len(out) < MAX_NP_TOKENS:
            t, low = toks[j], lows[j]
            if not t.is_word or t.is_quote or low.endswith("n't"):
                break  # a negated auxiliary (`doesn’t`) is a verb, never part of a noun phrase
            if low in DETERMINERS:
                out.append(t)
                # "the governor of the Kursk region": a determiner after "of" does not end the phrase.
                if (
                    j - 2 >= lo
                    and lows[j - 1] == "of"
                    and toks[j - 2].is_word
                    and lows[j - 2] not in NP_STOP
                    and lows[j - 2] not in DETERMINERS
                ):
                    out.append(toks[j - 1])
                    j -= 2
                    continue
                break
            if (
                low == "of"
                and out
                and j - 1 >= lo
                and toks[j - 1].is_word
                and lows[j - 1] not in NP_STOP
                and lows[j - 1] not in DETERMINERS
            ):
                out.append(t)
                j -= 1
                continue
            if low in CONNECTORS and out and out[-1].is_cap and j - 1 >= lo and toks[j - 1].is_cap:
                out.append(t)
                j -= 1
                continue
            if t.is_cap:
                if not out and low in PRONOUNS:
                    return [t]  # "He said": a pronoun opening the sentence
                if low in NOT_NAMES and low not in TITLES:
                    break
            elif (
                low in NP_STOP
                or (low in BETWEEN_SUBJECT_AND_CUE and not self._adjective_after_article(j, lo))
                or low in PRONOUNS
                or cue_kind(toks, j)
                or is_ly_adverb(low)
                or (
                    low.endswith("ing")
                    and not (j - 1 >= lo and (lows[j - 1] in DETERMINERS or toks[j - 1].possessive))
                )
            ):
                if not out and low in PRONOUNS:
                    return [t]
                break  # "describing local farmers": a participle, unlike "the ruling party"
            out.append(t)
            j -= 1
        out.reverse()
        return out

    def _adjective_after_article(self, j: int, lo: int) -> bool:
        """`a later interview`, `the earlier statement`: an adverb of time between an article
        and a noun is an adjective of the noun phrase, not a word between subject and verb."""
        return j - 1 >= lo and self.lows[j - 1] in ("a", "an", "the")

    def subject_before(self, k: int, lo: int) -> Mention | None:
        """The subject of the verb at `toks[k]`, looking no further back than `toks[lo]`."""
        toks, lows = self.toks, self.lows
        source = self._source_description(k, lo)
        if source is not None:
            return source
        i = self._skip_adjuncts_back(k - 1, lo)
        if i > lo and self._manner_adverb(i):
            j = self._skip_degree_back(i - 1, lo)  # "Ward a little hesitantly promised"
            if j >= lo and (toks[j].is_cap or lows[j] in PRONOUNS):
                i = self._skip_adjuncts_back(j, lo)  # "Okafor gingerly said", "he quietly said"
        if i < lo:
            return None
        if lows[i] in PASSIVE_AUX:
            if not lows[k].endswith("ing"):
                # "Kim was told by Lee": Lee spoke, Kim listened.
                if k + 1 < len(toks) and lows[k + 1] == "by":
                    agent, _ = self.phrase_after(k + 2, len(toks))
                    return agent if agent and agent.kind != "nominal" else None
                return None
            i -= 1
            while i >= lo and lows[i] in BETWEEN_SUBJECT_AND_CUE:
                i -= 1
            if i < lo:
                return None
        if toks[i].text == ")":
            i = self.skip_brackets_back(i, lo)
        if i < lo:
            return None
        if lows[i] in ("that", "which") and i - 1 >= lo and toks[i - 1].is_word:
            # "a headline that said", "a statement which read": the document speaks.
            np = self.collect_back(i - 1, lo)
            if not np:
                return None
            return self._maker_of(i - 1 - len(np), lo) or self.classify(np)
        if lows[i] in RELATIVES and lows[i] != "that":
            i -= 1
            if i < lo or toks[i].text != ",":
                return None  # "anyone who objects": a restrictive clause, not the speaker
            i -= 1
            if i >= lo and toks[i].text == ")":
                i = self.skip_brackets_back(i, lo)
            return self.classify(self.collect_back(i, lo)) if i >= lo else None
        if (
            toks[i].text == '"'
            and i - 1 > lo
            and toks[i - 1].text == ","
            and self.title_opening(i, lo) is not None
        ):
            # `Berg, star of the drama “Harbour,” thanked`: the appositive's comma is inside
            return self._appositive_subject(i - 1, lo)
        if toks[i].text == "," and i - 1 > lo and toks[i - 1].text == ")":
            # "Sen. Jack Reed (D-R.I.), said": a comma after the party tag, no appositive.
            j = self.skip_brackets_back(i - 1, lo)
            tag = toks[j + 2 : i - 1]  # a party tag has no lower-case word: "(D-R.I.)", "(R)"
            if j < i - 1 and j >= lo and toks[j].is_cap and not any(t.text.islower() for t in tag):
                found = self.classify(self.collect_back(j, lo))
                if found and found.kind == "name":
                    return found
        if toks[i].text == ",":
            return self._appositive_subject(i, lo)
        if toks[i].text in DASHES and cue_kind(toks, k) == "finite":
            return self._dashed_subject(i, lo)
        np = self.collect_back(i, lo)
        if not np:  # "the groups who wrote to her on Thursday say": no phrase before the verb
            return self._relative_clause_subject(i, lo)
        before = i - len(np)  # the token just before the phrase
        relative = self._relative_clause_subject(before, lo)
        if relative is not None:
            return relative
        if (
            len(np) > 2
            and np[-1].text.islower()
            and np[-1].low.endswith("ed")
            and np[-2].low not in DETERMINERS
        ):
            # "A campaign ad released Thursday accuses", "the order issued by the court says":
            # a participle after the noun describes it; the noun heads the subject.
            np = np[:-1]
        return self._past_modifier(before, self.classify(np), lo)

    def _relative_clause_subject(self, p: int, lo: int) -> Mention | None:
        """`Residents who signed the petition said`: the phrase before `who`, not its object.

        A restrictive relative clause (no commas) may sit between a subject and its verb; the
        phrase read back from the verb is then the clause's object (`the petition`) or a phrase
        inside it. `who`, or `that` right before a verb in the past, opens such a clause when a
        verb follows it, and the noun phrase before it is the subject.
        """
        toks, lows = self.toks, self.lows
        stop = max(lo, p - MAX_RELATIVE_TOKENS)
        for j in range(p, lo, -1):
            if j <= stop:
                return None
            t = toks[j]
            if not t.is_word or t.is_quote:
                return None
            if lows[j] not in ("who", "that") or j - 1 < lo or not toks[j - 1].is_word:
                continue
            if lows[j - 1] in ("and", "but"):
                # "who lived here and who did not want to be named": the first clause opens it
                stop = max(lo, j - 1 - MAX_RELATIVE_TOKENS)
                continue
            verb = lows[j + 1]
            past = (
                verb in IRREGULAR_PAST
                or (verb.endswith("ed") and toks[j + 1].text.islower())
                or cue_kind(toks, j + 1) == "finite"  # "the groups who wrote to her say"
            )
            if not past and not (
                lows[j] == "who"
                # "residents who live nearby say", "a docker who did not want to be named said"
                and (
                    (verb.endswith("s") and len(verb) > 3)
                    or verb in FINITE_AUX
                    or self._plural_verb_after(j, lo)
                )
            ):
                continue
            np = self.collect_back(j - 1, lo)
            found = self.classify(np) if np else None
            if found is None or found.kind not in ("name", "nominal"):
                return None
            comma = j - 1 - len(np)
            if found.kind == "nominal" and comma - 1 >= lo and toks[comma].text == ",":
                # "Nate Varga, the pollster who founded the site, tweeted": the name it describes
                named = self.classify(self.collect_back(comma - 1, lo))
                if named is not None and named.kind == "name":
                    return _with_role(named, _strip_det(found.text))
            return found
        return None

    def _plural_verb_after(self, who: int, lo: int) -> bool:
        """`residents who live near the port said`: a plain verb after `who`, whose antecedent is
        a plural noun in lower case (a group of people) right before it."""
        toks, lows = self.toks, self.lows
        verb = who + 1
        if who - 1 < lo or verb >= len(toks) or not toks[verb].text.isalpha():
            return False
        if not toks[verb].text.islower() or lows[verb] in NP_STOP or is_ly_adverb(lows[verb]):
            return False
        head = lows[who - 1]
        return head.endswith("s") and not head.endswith("ss") and toks[who - 1].is_word

    def _maker_of(self, verb: int, lo: int) -> Mention | None:
        """`Varga released a video that said`, `The Gazette ran a piece that noted`: the named
        subject of the verb whose object is the document is the source of what it says; a
        description there (`the world lost a voice that said`) is not, nor is someone who only
        bears it (`Kim is wearing a hat that says`)."""
        toks = self.toks
        if verb <= lo or not toks[verb].text.islower() or not toks[verb].text.isalpha():
            return None
        low = toks[verb].low
        if not (low.endswith(("ed", "ing")) or low in IRREGULAR_PAST) or low in BEARING_VERBS:
            return None
        maker = self.subject_before(verb, lo)
        return maker if maker is not None and maker.kind == "name" else None

    def _source_description(self, k: int, lo: int) -> Mention | None:
        """`a person familiar with the talks said`, `sources close to the campaign say`.

        News describes unnamed sources by what they know; the phrase after `familiar with` is a
        topic, and the speaker is the noun phrase before it.
        """
        toks, lows = self.toks, self.lows
        for j in range(k - 2, max(lo, k - MAX_NP_TOKENS - 2), -1):
            if not toks[j].is_word or toks[j].is_quote or cue_kind(toks, j):
                return None
            if SOURCE_LINKS.get(lows[j]) == lows[j + 1] and j - 1 >= lo:
                mention = self.classify(self.collect_back(j - 1, lo))
                return mention if mention is not None and mention.kind != "pronoun" else None
        return None

    def _past_modifier(self, p: int, mention: Mention | None, lo: int) -> Mention | None:
        """Step over a phrase between the speaker and the verb.

        `a source speaking to the radio said` and `a memo obtained by reporters warns` (a participle
        phrase), `Kim at the time said` and `officials in Kyiv said` (a prepositional phrase):
        `p` is the token just before the phrase read so far.
        """
        toks, lows = self.toks, self.lows
        if p - 1 < lo or not toks[p].is_word:
            return mention
        if (
            lows[p] == "to"
            and p - 2 >= lo
            and lows[p - 1] in CLOSE_WORDS
            and not self._complement_at(p - 2, lo)  # "Kim came close to tears and said"
        ):
            # "Sources close to Kim said", "those close to the mayor say": the people close to
            # someone speak, not the one they are close to.
            near = self.collect_back(p - 2, lo)
            found = self.classify(near) if near else None
            if found is not None and found.kind != "pronoun":
                return found
            if near and near[-1].low in ("those", "people", "someone", "one"):
                return Mention(self._surface(near), near[0].start, near[-1].end, "nominal")
        if lows[p] == "to" and (mention is None or mention.kind == "nominal"):
            # "an aide who asked not to be named to discuss the talks said": back to the relative.
            for j in range(p - 1, max(lo, p - MAX_NP_TOKENS) - 1, -1):
                if lows[j] in ("who", "that") and j - 1 >= lo:
                    return self.classify(self.collect_back(j - 1, lo)) or mention
            head = toks[p - 1]
            if (
                head.is_word
                and not head.is_quote
                and head.text.islower()
                and lows[p - 1] not in NP_STOP
                and not lows[p - 1].endswith(("ed", "ing"))
            ):
                # "a letter to supporters said", "an adviser to the mayor warned": the phrase
                # after `to` is whom the words went to; the noun before it is the subject.
                found = self.classify(self.collect_back(p - 1, lo))
                if found is not None and found.kind in ("name", "nominal"):
                    return found
            return mention
        q = p - 1
        before = toks[q]
        if (
            lows[p] == "for"
            and mention is not None
            and mention.kind == "name"
            and before.is_word
            and before.text.islower()
            and lows[q] not in NP_STOP
            and not lows[q].endswith(("ing", "ed"))
            and not self._complement_at(q, lo)
        ):
            # "Holt's plan for Lund was", "A spokesman for Dana Holt said": the name after `for`
            # is whom or what the noun is for; the noun heads the subject.
            np = self.collect_back(q, lo)
            found = self.classify(np)
            if found is not None and found.kind == "nominal":
                # "Sam Lau, the communications director for the party said": an appositive
                # whose closing comma is missing still describes the name before it
                named = self._unclosed_appositive(q - len(np), lo)
                if named is not None:
                    return _with_role(named, _strip_det(self._surface(np)))
            return found if found is not None else mention
        if (
            before.text[0].islower()
            and lows[q].endswith(("ing", "ed"))
            and lows[q] not in NP_STOP
            and lows[p] not in CLAUSE_WORDS  # `It started when Kim tweeted`: a new clause
        ):
            found = self.classify(self.collect_back(q - 1, lo)) if q - 1 >= lo else None
            return found or mention
        if lows[p] in PLACE_PREPOSITIONS and mention is not None and mention.kind == "name":
            # "officials in Denver said", "Mayor Reyes in Linden warned", "Otieno from Malaria
            # Free Africa said": the name after the preposition is a place or a body; the
            # speaker is the phrase it qualifies.
            q = self._skip_adjuncts_back(q, lo)  # "Kim on Monday night in Linden declared"
            np = self.collect_back(q, lo) if q >= lo and toks[q].is_word else []
            found = self.classify(np) if np else None
            if found is not None and found.kind in ("name", "nominal"):
                at = q - len(np)  # "who has been working abroad in Oslo urged": a verb's
                if at >= lo and toks[at].text.islower() and lows[at].endswith(("ing", "ed")):
                    return None  # complement, and the subject is out of reach
                # "supporters at the rally in Tampa chanted", "Kim on Monday night in Linden
                # declared": the phrase may itself follow another one.
                return self._past_modifier(at, found, lo) if at >= lo else found
        if (
            lows[p] in CLAUSE_WORDS
            and mention is not None
            and mention.text.split()[-1].lower() in ROLE_NOUNS
        ):
            return mention  # "a few months before its vice president boasted": a clause's subject
        if lows[p] in ADJUNCT_PREPOSITIONS and (mention is None or mention.kind == "nominal"):
            np = self.collect_back(q, lo)
            if mention is not None and np and self._complement_at(q - len(np), lo):
                # "Kim is confident after a woman told him": the phrase before `after` completes
                # a verb, so `after` opens a clause of its own, whose subject is the speaker.
                return mention
            found = self.classify(np)
            at = q - len(np)
            if found and found.kind != "pronoun" and self._participle_at(at, lo):
                # "The union representing dockers at the port called": the phrase is the object
                # of a participle after the subject, which stands before the participle.
                head = self.classify(self.collect_back(at - 1, lo))
                if head is not None and head.kind != "pronoun":
                    return head
            if found and (found.kind != "pronoun" or mention is None):
                return found
            if lows[q] in ("and", "but"):
                return (
                    None  # "but in a later interview said": the subject is shared, not "interview"
                )
        return mention

    def _participle_at(self, j: int, lo: int) -> bool:
        """Whether `toks[j]` is a present participle after a noun (`the union representing`)."""
        if j - 1 < lo:
            return False
        t, low = self.toks[j], self.lows[j]
        before = self.toks[j - 1]
        return (
            t.text.islower()
            and low.endswith("ing")
            and len(low) > 5
            and low not in NP_STOP
            and before.is_word
            and not before.is_quote
            and self.lows[j - 1] not in NP_STOP
            and self.lows[j - 1] not in FINITE_AUX
        )

    def _complement_at(self, j: int, lo: int) -> bool:
        """Whether `toks[j]`, just before a phrase, is a verb the phrase completes (`is`, `praised`)."""
        if j < lo:
            return False
        t, low = self.toks[j], self.lows[j]
        return t.text.islower() and (
            low in FINITE_AUX
            or low in COPULAS
            or low in IRREGULAR_PAST
            or (len(low) > 3 and low.endswith("ed"))
        )

    def possessor(self, k: int, lo: int) -> Mention | None:
        """`Kim's claim`, `in Kim's words`, `the senator's answer`: the owner of the noun at k, a
        name or a person described by role."""
        toks = self.toks
        for j in range(k - 1, max(lo, k - 3) - 1, -1):
            t = toks[j]
            bare = POSSESSIVE_SUFFIX_RE.sub("", t.text)
            if t.possessive and (t.is_cap or bare.lower() in ROLE_NOUNS):
                np = [*self.collect_back(j, lo)[:-1], Tok(bare, t.start, t.start + len(bare))]
                mention = self.classify(np)
                if mention is not None and not t.is_cap:
                    # "the senator's answer": a person described by role, after an article
                    described = mention.kind == "nominal" and np[0].low in ("the", "a", "an")
                    return mention if described else None
                return mention if mention and mention.kind == "name" else None
            if not t.is_word or self.lows[j] in NP_STOP:
                return None
        return None

    def finite_subject(self, k: int, lo: int) -> Mention | None:
        """`subject_before`, with the checks that keep nouns and naming verbs from passing as cues."""
        mention = self.subject_before(k, lo)
        if mention is None:
            return None
        low = self.lows[k]
        named = k + 1 < len(self.toks) and self.toks[k + 1].is_cap and not self.toks[k + 1].is_quote
        if low in NOUNY_CUES and not (low in NAMING_CUES and named):
            # ("Smith calls Varga “…”": a verb naming someone, not the noun "calls")
            nxt = self.toks[k + 1].text.lower() if k + 1 < len(self.toks) else ""
            opens = self._opens_clause(mention, lo)  # "The ad claims “…”", not "her claims “…”"
            at = self._index_of(mention.start)
            put_it = (low in ("put", "puts") and nxt == "it") or self._names_object(k)
            if nxt not in VERB_COMPLEMENTS or (
                not put_it
                and mention.kind == "nominal"
                and (
                    (nxt not in ("that", ":") and not (opens and nxt == '"'))
                    or (at - 1 >= lo and self.lows[at - 1] in ADJUNCT_PREPOSITIONS)
                )
            ):
                return None  # "the party's claims as", "in her opening remarks that": nouns
        if low in NAMING_CUES and mention.kind == "nominal":
            obj = self.toks[k + 1 : k + 3]
            if (
                not obj
                or not obj[0].is_word
                or obj[0].is_quote
                or (obj[0].low in DETERMINERS and (len(obj) < 2 or not obj[1].is_word))
            ):
                return None  # "a film called (the) “X”"; but "a lawmaker called Kim “…”" names Kim
        return mention

    def _names_object(self, k: int) -> bool:
        """`the paper calls it “…”`: a naming verb, a pronoun object, then the name in marks.

        A noun `calls` is never followed by a pronoun and a quotation, so even a described
        subject (`the paper`, `one aide`) is the one who names.
        """
        toks = self.toks
        return (
            self.lows[k] in NAMING_CUES
            and k + 2 < len(toks)
            and self.lows[k + 1] in ("it", "them", "him", "her", "this", "that")
            and any(t.is_quote for t in toks[k + 2 : k + 4])
            and all(not t.is_word for t in toks[k + 2 : k + 4])
        )

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.toks]

    def _index_of(self, offset: int) -> int:
        """Index of the token that starts at `offset` (the first token of a mention)."""
        return bisect_left(self._starts, offset)

    def _opens_clause(self, mention: Mention, lo: int) -> bool:
        """Whether `mention` starts its sentence (after `lo`'s punctuation) with an article."""
        toks = self.toks
        i = next((j for j in range(lo, len(toks)) if toks[j].start >= mention.start), None)
        if i is None or toks[i].low not in ("the", "a", "an", "this", "that", "its", "his", "her"):
            return False
        return all(not t.is_word for t in toks[lo:i])

    def _skip_adjuncts_back(self, i: int, lo: int) -> int:
        """Step back over adverbs and time phrases between a subject and its verb.

        `Kim also said`, `Kim on Tuesday said`, `Kim during a Sunday rally thanked`: the index of
        the last token before them.
        """
        lows = self.lows
        timed = False
        while i >= lo:
            low = lows[i]
            if low in BETWEEN_SUBJECT_AND_CUE or self._floating_quantifier(i, lo):
                i -= 1
            elif low in TIME_WORDS:
                timed = True
                i -= 1
            elif timed and (low in DETERMINERS or low in ADJUNCT_PREPOSITIONS):
                i -= 1
            else:
                break
        return self._skip_phrase_after_name(i, lo)

    def _floating_quantifier(self, i: int, lo: int) -> bool:
        """`Kim and Lee have both called`, `the members all said`: a quantifier of the subject
        after it (or after its auxiliary), never the subject itself."""
        if self.lows[i] not in FLOATING_QUANTIFIERS or i - 1 < lo:
            return False
        before = self.toks[i - 1]
        return (
            before.is_word
            and not before.is_quote
            and (self.lows[i - 1] in FINITE_AUX or before.is_cap or self.lows[i - 1].endswith("s"))
        )

    def _skip_phrase_after_name(self, i: int, lo: int) -> int:
        """`Okafor on a Monday visit praised`, `Okafor during the weekly briefing said`: a
        prepositional phrase of lower-case words (and days) between a name and its verb.

        The phrase must open with a preposition of circumstance and hold an article or a time
        word, and a name (or a pronoun) must stand right before it; the index of that name.
        """
        toks, lows = self.toks, self.lows
        seen_det = False
        for p in range(i, max(lo, i - MAX_CIRCUMSTANCE_TOKENS) - 1, -1):
            t, low = toks[p], lows[p]
            if not t.is_word or t.is_quote:
                return i
            if low in ADJUNCT_PREPOSITIONS and not t.is_cap and p < i:
                before = p - 1
                if not seen_det or before < lo:
                    return i
                prev = toks[before]
                named = (
                    prev.is_cap
                    and prev.is_word
                    and not prev.is_quote
                    and lows[before] not in NOT_NAMES
                    and lows[before] not in DETERMINERS
                    and not prev.possessive
                )
                return before if named or lows[before] in PRONOUNS else i
            if low in DETERMINERS or low in TIME_WORDS:
                seen_det = True
            elif t.is_cap or low in NP_STOP or cue_kind(toks, p):
                return i
        return i

    def _skip_degree_back(self, i: int, lo: int) -> int:
        """From `toks[i]`, the index before a degree phrase (`a little`, `a bit`, `somewhat`)
        that qualifies the adverb after it; `i` when there is none."""
        lows = self.lows
        if i >= lo and lows[i] in DEGREE_WORDS:
            return i - 1
        if i - 1 >= lo and lows[i] in ("little", "bit") and lows[i - 1] == "a":
            return i - 2
        return i

    def _manner_adverb(self, i: int) -> bool:
        """`gingerly`, `pleasantly`: an -ly word that is no noun (`family`, `rally`)."""
        t = self.toks[i]
        return (
            t.text.islower()
            and t.text.isalpha()
            and len(t.text) > 4
            and t.text.endswith("ly")
            and t.text not in LY_NOUNS
        )

    def skip_brackets_back(self, i: int, lo: int) -> int:
        """From a `)` at `i`, the index just before its `(` (a party tag like `(R-Texas)`)."""
        for j in range(i - 1, max(lo, i - 10) - 1, -1):
            if self.toks[j].text == "(":
                return j - 1
        return i

    def _relative_holder(self, i: int, lo: int) -> Mention | None:
        """The name before `, who` when the words up to `toks[i]` sit inside that relative clause
        (`Kim Lee, who lives outside the state capital`): whatever the clause names after a comma
        (`, Salem,`) describes its own words, and the sentence's subject is the name."""
        toks, lows = self.toks, self.lows
        for j in range(i, max(lo, i - MAX_RELATIVE_REACH) - 1, -1):
            t = toks[j]
            if t.is_quote or t.text in (".", ";", ":", "?", "!", '"'):
                return None
            if lows[j] in ("who", "whose") and j - 2 >= lo and toks[j - 1].text == ",":
                mention = self.classify(self.collect_back(j - 2, lo))
                return mention if mention is not None and mention.kind == "name" else None
            if t.text == ",":
                return None  # another comma first: the clause is not one relative clause
        return None

    def _appositive_subject(self, comma: int, lo: int) -> Mention | None:
        """`Kim Jong Un, North Korea's leader, said`: the name before the commas, the role between."""
        toks = self.toks
        place_tail = False
        placed: tuple[int, Mention] | None = None  # the preposition before a place and the place
        j = comma
        while j - 1 > max(lo - 1, comma - MAX_APPOSITIVE_TOKENS):
            j -= 1
            t = toks[j]
            if t.text == '"' and (opening := self.title_opening(j, lo)) is not None:
                j = opening  # `The ad, titled “Enough?”, concludes`: the title's marks are words
                continue
            if t.text == '"' and (comma_before := self._set_off_title(j, lo)) is not None:
                j = comma_before  # `Lee, a guest on Kim's show, “The Hour,” who …, said`
                continue
            if t.text == "." and toks[j + 1].text == ",":
                continue  # "Sen. Dara Quill, R-Ohio, said": an abbreviation, not a sentence end
            if t.text in (".", ";", ":", "?", "!"):
                return None
            if t.text != "," or self._thousands_comma(j):
                continue  # "Kim, who won 4,000 votes, said": the comma of a number
            inner = _without_brackets(toks[j + 1 : comma])
            if inner and inner[0].text == '"' and self._quoted_title_ends(j, lo):
                continue  # `Lund, the co-author of "Tides of Trade," about …, said`
            if not inner or inner[0].text == '"':
                return None  # `"A," Kim said, "B," he said`: quotations in a row, not an appositive
            if j - 2 >= lo and toks[j - 2].text == "," and self.lows[j - 1] in COMMA_ADVERBS:
                continue  # `Haddad, meanwhile, who …, said`: the adverb is no subject
            before_end = j - 1
            if before_end >= lo and toks[before_end].text == ")":
                before_end = self.skip_brackets_back(before_end, lo)
            if (
                before_end - 1 > lo
                and _is_age(toks[before_end])
                and toks[before_end - 1].text == ","
            ):
                before_end -= 2  # "Tom Reed, 45, a teacher from Leeds, said": the age is skipped
            outer_np = self.collect_back(before_end, lo) if before_end >= lo else []
            outer = self.classify(outer_np) if outer_np else None
            if (
                inner[0].low in ("who", "whose")
                and (outer is None or outer.kind != "name")
                and self._name_before_comma(j - 1, lo)
            ):
                # "Lee, a contestant on the show, who went on to work for Kim, said": the relative
                # clause follows a first appositive; the subject is the name before that one
                continue
            at = before_end - len(outer_np)
            if (
                inner[0].low in ("who", "whose")
                and outer is not None
                and at - 1 >= lo
                and self.lows[at] in ("of", "from")
                and toks[at - 1].text == ","
            ):
                continue  # "Kim, of Salem, who was polled, said": the town belongs to Kim
            # "Linden, Ore.,": a state's abbreviation keeps its full stop
            core = inner[:-1] if len(inner) > 1 and inner[-1].text == "." else inner
            inner_mention = self.classify(core) if all(t.is_word for t in core) else None
            # "a spokeswoman for Gov. Pete Harlan, Dana Miles, said": the description runs on
            # through `for`/`to` to the person or body served.
            agent_np = self._agent_before(before_end - len(outer_np) + 1, lo) if outer_np else []
            if agent_np:
                outer_np = agent_np + outer_np
            # "the governor of the region, Alexei Smirnov, said": the name sits between the commas.
            described = outer is not None and (
                outer.kind == "nominal"
                or bool(agent_np)
                or _opens_with_description(self._surface(outer_np))
            )
            if inner_mention and inner_mention.kind == "name" and len(inner) <= 5 and described:
                relative = self._relative_holder(before_end - len(outer_np), lo)
                if relative is not None:
                    return relative  # "Kim, who lives near the capital, Salem, said": Kim
                return _with_role(inner_mention, _strip_det(self._surface(outer_np)))
            if inner[0].low in ("who", "whose") and outer is not None and outer.kind == "nominal":
                # "An official at the harbour board, who asked not to be named, said": the
                # clause describes the person the phrase names, not the body after `at`.
                placed_in = self._placed_agent_before(before_end - len(outer_np) + 1, lo)
                if placed_in:
                    outer = self.classify(placed_in + outer_np) or outer
            if outer is None:
                return None
            if outer.kind == "name" and PARTY_TAG_RE.fullmatch(self._surface(inner)):
                return outer  # "Rep. Dara Quill, R-Ohio, said": a party tag, not a place
            if (
                outer.kind == "name"
                and inner_mention
                and inner_mention.kind == "name"
                and len(core) <= 3
                and all(t.is_cap for t in core)
            ):
                # "Paris, Texas, said" or a list of names: not an appositive, unless the place
                # ends a longer one ("Tom Reed, a teacher from Salem, Oregon, said").
                place_tail = True
                at = before_end - len(outer_np)
                if (
                    at >= lo
                    and self.lows[at] in PLACE_PREPOSITIONS
                    and not self._complement_at(at - 1, lo)  # "a docker I met in Salem, Ore.,"
                ):
                    placed = (at, outer)
                continue
            if place_tail and inner_mention is not None and all(t.is_cap for t in core):
                return None  # only names between the commas: a list, not a description
            return _with_role(outer, self._role_text(inner))
        if placed is not None:
            # "a woman in Salem, Oregon, told": no appositive opens before the place, which
            # qualifies the phrase before its preposition, the subject.
            return self._past_modifier(placed[0], placed[1], lo)
        return None

    def _thousands_comma(self, j: int) -> bool:
        """Whether the comma at `toks[j]` groups the digits of a number (`4,000`)."""
        toks = self.toks
        return (
            0 < j < len(toks) - 1
            and toks[j - 1].text[-1].isdigit()
            and toks[j + 1].text[0].isdigit()
            and toks[j - 1].end == toks[j].start
            and toks[j].end == toks[j + 1].start
        )

    def _set_off_title(self, close: int, lo: int) -> int | None:
        """Index of the comma before a short title in capitals set off by commas inside an
        appositive (`a guest on Kim's show, “The Hour,” who …`), closed by the mark at `close`.

        The title names what the words before it describe, so the appositive runs on through it.
        """
        toks = self.toks
        if not (
            close - 4 > lo
            and toks[close - 1].text == ","
            and toks[close - 2].is_quote
            and toks[close - 3].text == '"'
            and toks[close - 4].text == ","
            and toks[close - 5].is_word
            and not toks[close - 5].is_quote
            and close + 1 < len(toks)
            and self.lows[close + 1] in ("who", "whose")
        ):
            return None
        title = self.text[toks[close - 2].start : toks[close - 2].end].split()
        if len(title) > MAX_SET_OFF_TITLE_WORDS or not all(
            w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in title
        ):
            return None
        return close - 4

    def _name_before_comma(self, j: int, lo: int) -> bool:
        """Whether the clause part ending at `toks[j]` is an appositive after a name: a comma
        before it (within the sentence) closes a name (`Ana Lee, a contestant on the show`)."""
        toks = self.toks
        for c in range(j, max(lo, j - MAX_APPOSITIVE_TOKENS), -1):
            if toks[c].text in (".", ";", ":", "?", "!") or toks[c].is_quote:
                return False
            if toks[c].text == ",":
                np = self.collect_back(c - 1, lo) if c - 1 >= lo else []
                found = self.classify(np) if np else None
                return found is not None and found.kind == "name"
        return False

    def _dashed_subject(self, dash: int, lo: int) -> Mention | None:
        """`Okafor — named by the Gazette as the favourite — told`: the name before the dashes.

        A phrase set off by a pair of dashes between a subject and its reporting verb describes the
        subject, as one between commas does. Only a name counts, and only before a reporting verb:
        dashes also set off asides in clauses (`Kim — a surgeon — has been called a “quack”`).
        """
        toks = self.toks
        for j in range(dash - 1, max(lo, dash - MAX_APPOSITIVE_TOKENS) - 1, -1):
            t = toks[j]
            if t.is_quote or t.text in (".", ";", ":", "?", "!"):
                return None
            if t.text in DASHES:
                if j - 1 < lo or j + 1 == dash or not toks[j - 1].is_word:
                    return None
                outer = self.classify(self.collect_back(j - 1, lo))
                return outer if outer is not None and outer.kind == "name" else None
        return None

    def _unclosed_appositive(self, c: int, lo: int) -> Mention | None:
        """The name before the comma at `toks[c]` when a description follows it, or None."""
        if c - 1 < lo or self.toks[c].text != ",":
            return None
        np = self.collect_back(c - 1, lo)
        name = self.classify(np) if np else None
        if name is None or name.kind != "name":
            return None
        prev = c - 1 - len(np)
        if prev >= lo and self.toks[prev].is_word and self.lows[prev] not in ("and", "but"):
            return None  # "In Lund, a spokesman for Kim said": a place or time opens the clause
        return name

    def _title_ahead(self, j: int, hi: int) -> bool:
        """Whether the capitalised run from `toks[j]` holds a title (`Lund Mayor Dana Holt`,
        `Republican presidential candidate`): a second role, not a second person."""
        for i in range(j, min(hi, j + MAX_NP_TOKENS)):
            if self.lows[i] in TITLES:
                return True
            if not self.toks[i].is_word or not (self.toks[i].is_cap or self.lows[i] in ROLE_NOUNS):
                return False
        return False

    def _known_as(self, out: list[Tok], k: int, hi: int) -> tuple[Mention, int] | None:
        """`said the base chief known as Bob`: a description, `known as` and a name give the
        name, with the description as its role, and the index after the name."""
        if len(out) < 3 or out[-1].low != "known" or k + 1 >= hi or self.lows[k] != "as":
            return None
        if not self.toks[k + 1].is_cap:
            return None
        name, end = self.phrase_after(k + 1, hi)
        if name is None or name.kind != "name":
            return None
        return _with_role(name, _strip_det(self._surface(out[:-1]))), end

    def _role_then_name(self, k: int, hi: int) -> bool:
        """`Lund State University political scientist Dana Holt`, `Harbor Committee ranking
        Democrat Dana Holt`: a modifier, then a role noun or title, then a capitalised name,
        all after a body's name, make one phrase whose name is the person's."""
        toks, lows = self.toks, self.lows
        if k + 2 >= hi or not toks[k + 2].is_cap or toks[k + 2].low in TITLES:
            return False
        nxt = lows[k + 1]
        return nxt in TITLES or (
            toks[k + 1].text.islower() and (nxt in ROLE_NOUNS or nxt.endswith(AGENT_ENDINGS))
        )

    def _agent_before(self, first: int, lo: int) -> list[Tok]:
        """`a spokeswoman for` before the phrase starting at `toks[first]`, or [] if none.

        An article, lower-case words and `for`/`to`: someone who speaks or works for whoever
        follows (`an aide to Sen. Ann Quill`, `a lawyer for the family`).
        """
        toks, lows = self.toks, self.lows
        p = first - 1
        if p - 1 < lo or lows[p] not in ("for", "to"):
            return []
        np = self.collect_back(p - 1, lo)
        if len(np) < 2 or np[0].text.lower() not in ("a", "an", "the"):
            return []
        if not all(t.text.islower() for t in np[1:]) or np[-1].text.lower() not in ROLE_NOUNS:
            return []
        return [*np, toks[p]]

    def _placed_agent_before(self, first: int, lo: int) -> list[Tok]:
        """`an official at`, `a senior aide with` before the phrase starting at `toks[first]`.

        A person described by role, working at or with whatever follows: the phrase and the
        preposition, or [] if the words before are no such person.
        """
        p = first - 1
        if p - 1 < lo or self.lows[p] not in ("at", "with", "from", "in"):
            return []
        np = self.collect_back(p - 1, lo)
        if len(np) < 2 or np[0].low not in ("a", "an", "the", "one"):
            return []
        if not all(t.text.islower() for t in np[1:]) or np[-1].low not in ROLE_NOUNS:
            return []
        return [*np, self.toks[p]]

    def title_opening(self, close: int, lo: int) -> int | None:
        """Index of the opening mark of a quotation closed by the mark at `toks[close]`, when it
        follows a word inside a phrase (`star of the drama “Harbour,”`, `titled “Enough?”`)."""
        toks = self.toks
        q = close - 1
        while q > lo and toks[q].text in TITLE_PUNCTUATION:
            q -= 1
        if (
            q - 2 >= lo
            and toks[q].is_quote
            and toks[q - 1].text == '"'
            and toks[q - 2].is_word
            and not toks[q - 2].is_quote
        ):
            return q - 1
        return None

    def _title_closing(self, opening: int, hi: int) -> int | None:
        """Index of the closing mark of a quotation opened at `toks[opening]` after a word."""
        toks = self.toks
        if not (
            opening > 0
            and opening + 2 < hi
            and toks[opening - 1].is_word
            and not toks[opening - 1].is_quote
            and toks[opening + 1].is_quote
        ):
            return None
        q = opening + 2
        while q < hi and toks[q].text in TITLE_PUNCTUATION:
            q += 1
        return q if q < hi and toks[q].text == '"' else None

    def _quoted_title_ends(self, comma: int, lo: int) -> bool:
        """Whether the comma at `toks[comma]` sits inside a quoted title that follows a word
        (`the author of "Going Viral,"`), not after a quotation that opens its clause."""
        toks = self.toks
        return (
            comma - 3 >= lo
            and toks[comma - 1].is_quote
            and toks[comma - 2].text == '"'
            and toks[comma - 3].is_word
            and not toks[comma - 3].is_quote
        )

    # -- reading forwards: `said Kim`, `according to Kim`, `— Kim` ------------------------------

    def _nickname_at(self, out: list[Tok], k: int, hi: int) -> bool:
        """Whether a short quotation at `toks[k]` is a nickname between a first name and a
        surname (`Robert “Bobby” Lanz`)."""
        toks = self.toks
        return (
            bool(out)
            and out[-1].is_cap
            and k + 3 < hi
            and toks[k].text in ('"', "“")
            and toks[k + 1].is_quote
            and len(toks[k + 1].text) <= NICKNAME_CHARS
            and toks[k + 2].text in ('"', "”")
            and toks[k + 3].is_cap
            and toks[k + 3].is_word
            and toks[k].end == toks[k + 1].start
            and toks[k + 3].start > toks[k + 2].end
        )

    def _named_after_body(self, mention: Mention, k: int, hi: int) -> tuple[Mention, int] | None:
        """`said a spokeswoman for the port, Ana Lee.`: a description with the body it serves,
        then the person's name in apposition, closing the clause: the name is the speaker."""
        toks = self.toks
        comma = next(
            (i for i in range(k + 1, min(hi, k + 7)) if not toks[i].is_word or toks[i].is_quote),
            None,
        )
        if comma is None or toks[comma].text != ",":
            return None
        end = comma + 1
        while end < hi and toks[end].is_word and not toks[end].is_quote and end - comma <= 4:
            end += 1
        if end < len(toks) and toks[end].text not in (",", ".", ";", "!", "?"):
            return None
        words = toks[comma + 1 : end]
        if not words or not all(t.is_cap or len(t.text) <= 3 for t in words):
            return None  # `a shift for the party, which capitalized on …`: no name
        if not (words[0].is_cap and words[-1].is_cap):
            return None
        inner = self.classify(words)
        if inner is None or inner.kind != "name":
            return None
        role = f"{_strip_det(mention.text)} {self._surface(toks[k:comma])}"
        return _with_role(inner, role), end

    def phrase_after(self, j: int, hi: int) -> tuple[Mention | None, int]:
        """The speaker phrase starting at `toks[j]` and the index just after it (and its role)."""
        toks, lows = self.toks, self.lows
        if j >= hi:
            return None, j
        if lows[j] in PRONOUNS:
            return Mention(toks[j].text, toks[j].start, toks[j].end, "pronoun"), j + 1
        k = j
        out: list[Tok] = []
        if lows[k] in DETERMINERS and toks[k].is_word:
            out.append(toks[k])
            k += 1
            if self._adjective_list_comma(k, hi):
                out.append(toks[k])  # "the bespectacled, 71-year-old diplomat said"
                k += 2
        elif lows[k].endswith("ing") and toks[k].text[0].islower():
            return None, j  # "…, giving farmers more time": a participle, not a phrase
        while k < hi and len(out) < MAX_NP_TOKENS:
            t, low = toks[k], lows[k]
            if self._nickname_at(out, k, hi):
                k += 3  # `said Robert “Bobby” Lanz`: the quoted nickname sits inside the name
                continue
            if not t.is_word or t.is_quote:
                break
            if (
                low == "and"
                and out
                and out[-1].text.islower()
                and (out[-1].low in ROLE_NOUNS or out[-1].low.endswith(AGENT_ENDINGS))
                and k + 1 < hi
                and toks[k + 1].is_cap
                and self._title_ahead(k + 1, hi)
            ):
                out.append(t)  # `said former prosecutor and Lund Mayor Dana Holt`: two roles
                k += 1
                continue
            if t.is_cap:
                if out and out[-1].is_cap and low in NAME_TIME_WORDS:
                    pass  # "USA Today", "Good Morning America", but "said Kim Tuesday"
                elif out and out[-1].low in ("a", "an") and low in TIME_WORDS:
                    pass  # "a Wednesday editorial": a day before a noun modifies it
                elif low in TIME_WORDS or (low in NOT_NAMES and low not in TITLES):
                    break
            elif (
                low in CONNECTORS
                and out
                and k + 1 < hi
                and (toks[k + 1].is_cap or (low == "of" and lows[k + 1] in DETERMINERS))
            ):
                if low == "of" and lows[k + 1] in DETERMINERS:
                    out.extend((t, toks[k + 1]))
                    k += 2
                    continue
            elif (
                low in NP_STOP
                or low in BETWEEN_SUBJECT_AND_CUE
                or low in TIME_WORDS
                or low in PRONOUNS
                or cue_kind(toks, k)
                or is_ly_adverb(low)
            ):
                break
            elif (
                out
                and out[-1].is_cap
                and not out[-1].possessive
                and out[-1].low not in DETERMINERS
                and low not in ROLE_NOUNS
                and not self._role_then_name(k, hi)
                and not (out[0].low in ("the", "a", "an") and not low.endswith(("ed", "s")))
            ):
                # "Varga criticised Lee": a name is followed by its verb, not more name; after an
                # article a name is a modifier ("the Stanford graduate").
                break
            elif out and low.endswith("ed") and out[-1].low not in DETERMINERS:
                break  # "the crowd cheered"
            elif out and low in IRREGULAR_PAST and out[-1].low not in DETERMINERS:
                break  # "the campaign sent out a release": a verb ends the phrase, as -ed does
            out.append(t)
            k += 1
        known = self._known_as(out, k, hi)
        if known is not None:
            return known
        mention = self.classify(out) if out else None
        if (
            mention is None
            and len(out) == 1
            and out[0].is_cap
            and out[0].low not in DETERMINERS
            and out[0].low not in PRONOUNS
            and out[0].low not in NOT_NAMES
            and j > 0
            and toks[j - 1].text in (",", '"', "”")
            and k < hi
            and cue_kind(toks, k, after_quote=True) == "finite"
        ):
            # "“…,” Will wrote": a name that is also a word (Will, May, Long) before its verb.
            mention = Mention(out[0].text, out[0].start, out[0].end, "name")
        elif (
            not out
            and toks[j].is_cap
            and lows[j] in NOT_NAMES
            and lows[j] not in DETERMINERS | PRONOUNS | TIME_WORDS
            and j > 0
            and toks[j - 1].text in ('"', "”")
            and j + 1 < hi
            and cue_kind(toks, j + 1, after_quote=True) == "finite"
        ):
            # "“…,” From said": a surname that is also a function word, right before its verb.
            mention, k = Mention(toks[j].text, toks[j].start, toks[j].end, "name"), j + 1
        if mention is None:
            return None, j
        if mention.kind == "nominal" and k < hi and lows[k] in ("for", "of", "at", "with"):
            named = self._named_after_body(mention, k, hi)
            if named is not None:
                return named
        if k < hi and toks[k].text == "(":
            k = self._skip_brackets_forward(k, hi)
        if k + 2 < hi and toks[k].text == "," and _is_age(toks[k + 1]) and toks[k + 2].text == ",":
            k += 2  # "said Tom Reed, 45, a teacher from Leeds": past the age to the appositive
        if k < hi and toks[k].text == ",":
            end = k + 1
            inside_end = None  # the appositive's comma sits inside a title's closing mark
            while (
                end < hi
                and end - k <= MAX_APPOSITIVE_TOKENS
                and toks[end].text not in (",", ".", ";", ":", "?", "!", "—", "–", '"')
            ):
                end += 1
                if end < hi and toks[end].text == '"':
                    closing = self._title_closing(end, hi)
                    if closing is not None:  # `, author of “The Long Harbour,” a history, said`
                        if toks[closing - 1].text == "," and (
                            closing + 1 >= hi or toks[closing + 1].text != ","
                        ):
                            inside_end = closing
                        end = closing + 1
                        if inside_end is not None:
                            break
            inner = toks[k + 1 : end]
            if inside_end is not None:  # the appositive without the comma inside the mark
                inner = toks[k + 1 : inside_end - 1]
            if inner:
                inner_mention = self.classify(inner) if all(t.is_word for t in inner) else None
                if (
                    mention.kind == "nominal"
                    and inner_mention
                    and inner_mention.kind == "name"
                    and len(inner) <= 5
                    and inner[0].low not in RELATIVES  # not "the statement, which cited Kim"
                ):
                    return _with_role(inner_mention, _strip_det(mention.text)), end
                if (
                    mention.kind == "name"
                    and mention.role
                    and mention.role.split()[0] in PERSON_PREPOSITIONS
                    and inner_mention
                    and inner_mention.kind == "name"
                    and not mention.role.split()[-1][0].isupper()
                ):
                    # "Karin Holm of the operator, Skarholm Sea Lines": the appositive names it.
                    return _with_role(mention, f"{mention.role} {self._surface(inner)}"), end
                role = self._role_text(inner)
                if role:
                    return _with_role(mention, role), end
                if (
                    mention.kind == "name"
                    and inner[0].low.endswith("ing")
                    and not inner[0].is_cap
                    and end + 1 < hi
                    and toks[end].text == ","
                    and cue_kind(toks, end + 1, after_quote=True) == "finite"
                ):
                    # "Varga, wearing a hat and “Quill” badges, said": a participle's clause
                    return mention, end + 1
        return mention, k

    def _adjective_list_comma(self, k: int, hi: int) -> bool:
        """Whether `toks[k]`, right after an article, is an adjective followed by a comma and a
        second adjective of the same noun phrase (`the soft-spoken, 62-year-old engineer`), not
        a noun closing before an appositive or an adverb (`the mayor, meanwhile,`)."""
        toks, lows = self.toks, self.lows
        if k + 3 >= hi or toks[k + 1].text != ",":
            return False
        first, second = toks[k], toks[k + 2]
        return (
            first.text.islower()
            and first.is_word
            and ("-" in lows[k] or lows[k].endswith(ADJECTIVE_SUFFIXES))
            and lows[k] not in ROLE_NOUNS
            and second.text.islower()
            and second.is_word
            and toks[k + 3].is_word
            and toks[k + 3].text.islower()
            and lows[k + 2] not in DETERMINERS | RELATIVES | COMMA_ADVERBS
            and not is_ly_adverb(lows[k + 2])
            and cue_kind(toks, k + 2) is None
        )

    def _skip_brackets_forward(self, k: int, hi: int) -> int:
        for j in range(k + 1, min(hi, k + 10)):
            if self.toks[j].text == ")":
                return j + 1
        return k

    def _party_tag_end(self, comma: int, hi: int) -> int | None:
        """The comma closing a party tag set off by commas at `toks[comma]` (`, R-Ore.,`)."""
        toks = self.toks
        if comma >= hi or toks[comma].text != ",":
            return None
        for j in range(comma + 2, min(hi, comma + 6)):
            if toks[j].text == ",":
                surface = self.text[toks[comma + 1].start : toks[j - 1].end]
                return j if PARTY_TAG_RE.fullmatch(surface) else None
        return None

    def subject_then_cue(self, j: int, hi: int) -> tuple[Mention, int] | None:
        """`Kim said` / `Kim, the leader, told` starting at `toks[j]`: the subject and the cue index."""
        mention, k = self.phrase_after(j, hi)
        if mention is None:
            return None
        if (plural := self._plural_present_cue(j, k, hi)) is not None:
            return plural
        if (unclosed := self._unclosed_appositive_cue(mention, j, k)) is not None:
            return unclosed
        toks, lows = self.toks, self.lows
        first = lows[j]
        lone_plural = mention.end == toks[j].end and first.endswith("s")  # "“…,” officials said"
        if (
            mention.kind == "nominal"
            and first not in DETERMINERS
            and first not in ROLE_NOUNS
            and not toks[j].possessive
            and not lone_plural
        ):
            return None  # `the “emergency” measures added`: the quotation modifies a noun
        tag_end = self._party_tag_end(k, hi) if mention.kind == "name" else None
        if tag_end is not None:
            k = tag_end + 1  # "“…!” Kim Varga, R-Ore., said": the party tag, then the verb
        elif k < hi and toks[k].text == "," and mention.role is None:
            return None
        elif k < hi and toks[k].text == ",":
            k += 1
        elif (
            k < hi
            and lows[k] in ADJUNCT_PREPOSITIONS
            and mention.kind == "nominal"
            and lows[j] in ("a", "an", "the")
        ):
            k = self._past_phrase_to_cue(k, hi)  # "“…” a message on the website reads"
        while k < hi and (lows[k] in BETWEEN_SUBJECT_AND_CUE or self._manner_adverb(k)):
            if lows[k] in REQUIRES_PARTICLE and cue_kind(toks, k, after_quote=True):
                break  # "“…,” Kim went on.": the verb itself, not a word on the way to it
            k += 1
        if (
            k + 2 < hi
            and lows[k] in PASSIVE_AUX
            and lows[k + 1] == "quoted"
            and lows[k + 2] == "as"
        ):
            return mention, k + 1  # "Kim is quoted as saying"
        if (
            k + 2 < hi
            and lows[k] in PASSIVE_AUX
            and lows[k + 1] in PERCEIVED
            and cue_kind(toks, k + 2) == "participle"
        ):
            return mention, k + 2  # "“…?” a reporter can be heard asking"
        if k < hi and lows[k] in PASSIVE_AUX:
            return None
        if k < hi and cue_kind(toks, k, after_quote=True) == "finite":
            passive = mention.kind == "nominal" and lows[k].endswith("ed") and k + 2 < hi
            if passive and lows[k + 1] == "by":  # `“poison pill” measures added by Republicans`
                agent, _ = self.phrase_after(k + 2, hi)
                return (agent, k) if agent is not None and agent.kind != "pronoun" else None
            return mention, k
        if (
            k < hi
            and mention.role is not None
            and toks[k].is_cap
            and lows[k] in INVERTING_CUES
            and (k + 1 >= hi or not toks[k + 1].is_word or lows[k + 1] in INVERTED_TAIL)
        ):
            return mention, k  # "“…” Kim, the head of the union, Tweeted on Friday"
        return None

    def _unclosed_appositive_cue(
        self, mention: Mention, j: int, k: int
    ) -> tuple[Mention, int] | None:
        """`“…,” Doug Vint, a spokesman for Speaker Ann Ryan told the Post.`: an appositive whose
        closing comma was left out runs on to the reporting verb; the name before it speaks.

        The verb must close the sentence within a few words, and a relative clause inside the
        appositive keeps its own first verb (`the analyst who founded the site tweeted`).
        """
        toks = self.toks
        if mention.kind != "name":
            return None
        comma = next((c for c in range(j, k) if toks[c].text == ","), None)
        if comma is None or comma + 2 >= k or toks[comma + 1].low not in ("the", "a", "an"):
            return None
        relative = False
        for m in range(comma + 2, k):
            low = toks[m].low
            if low in RELATIVES:
                relative = True
            elif (
                relative
                and toks[m].text.islower()
                and (cue_kind(toks, m) or low.endswith("ed") or low in IRREGULAR_PAST)
            ):
                relative = False  # the relative clause's own verb
            elif cue_kind(toks, m, after_quote=True) == "finite":
                tail = toks[m + 1 : m + 1 + MAX_CIRCUMSTANCE_TOKENS]
                if any(t.text in (".", "!", "?") for t in tail) or m + 1 >= len(toks):
                    role = self._role_text(list(toks[comma + 1 : m]))
                    bare = Mention(mention.text, mention.start, mention.end, mention.kind)
                    return _with_role(bare, role), m
                return None
        return None

    def _plural_present_cue(self, j: int, k: int, hi: int) -> tuple[Mention, int] | None:
        """`“…,” the dockers state in the letter`, `“…,” critics note.`: the bare form of a
        reporting verb right after a plural noun, read from `j` (the phrase read ends at `k`, with
        or without the verb), is that noun's report: the subject and the cue index.

        Before a quotation these forms are as often nouns (`the state`, `a note`); after one, a
        plural phrase and then the bare verb closing the clause can only be a report.
        """
        toks = self.toks
        cue = k if k < hi and toks[k].is_word and toks[k].low in REPORTING_LEMMAS else k - 1
        if cue - 1 < j or not toks[cue].text.islower() or toks[cue].low not in REPORTING_LEMMAS:
            return None
        head = toks[cue - 1].low
        if not head.endswith("s") or head.endswith(("ss", "'s", "’s", "us", "sis")):
            return None  # not a plural: "the boss", "the status", "the crisis"
        after = toks[cue + 1] if cue + 1 < hi else None
        if after is not None and after.is_word and after.low not in PLACE_PREPOSITIONS | {"on"}:
            return None  # "the dockers state pension": a noun after all
        np = list(toks[j:cue])
        mention = self.classify(np) or Mention(
            self._surface(np), np[0].start, np[-1].end, "nominal"
        )
        return (mention, cue) if mention.kind != "pronoun" else None

    def _past_phrase_to_cue(self, k: int, hi: int) -> int:
        """Index of a reporting verb just past the prepositional phrase at `toks[k]`, else `k`.

        Only a description takes such a phrase before its verb (`a voice-over in the ad states`,
        `a notice on the door read`); a name followed by a preposition has already ended. The verb
        must end its clause, as an attribution after a quotation does.
        """
        toks = self.toks
        for m in range(k + 1, min(hi, k + 1 + MAX_NP_TOKENS)):
            if not toks[m].is_word or toks[m].is_quote:
                return k
            if cue_kind(toks, m) == "finite":
                ends = (
                    m + 1 >= len(toks)
                    or toks[m + 1].text in (".", ",", "!", "?", ";")
                    or toks[m + 1].low == "as"
                )
                return m if ends else k
        return k

    def sentence_subject(self, lo: int, hi: int) -> Mention | None:
        """The first noun phrase of the sentence `toks[lo:hi]`, past an opening adverbial."""
        toks, lows = self.toks, self.lows
        i = lo
        for _ in range(3):  # "On Thursday, after weeks of silence, Kim said"
            while i < hi and (not toks[i].is_word or toks[i].is_quote):
                i += 1
            if i > lo and toks[i - 1].text == ",":
                i = self._past_place_tail(i, hi)  # "Speaking in Salem, New Hampshire, Varga"
            if i + 1 < hi and toks[i].text.isupper() and toks[i + 1].text in DASHES:
                i += 2  # a dateline: "WASHINGTON — Kim said"
                continue
            if (after := self._dated_dateline_end(i, hi)) is not None:
                i = after  # "WASHINGTON, Dec. 8 (UPI) — Kim said"
                continue
            if i + 1 < hi and toks[i].is_cap and toks[i + 1].text == "(":
                k = self._skip_brackets_forward(i + 1, hi)
                if i + 1 < k < hi and toks[k].text in DASHES:
                    i = k + 1  # a dateline with the agency: "Washington (AFP) – Kim said"
                    continue
            if i >= hi or lows[i] in PRONOUNS or lows[i] in DETERMINERS:
                break
            if i > lo and toks[i - 1].text == "," and (after := self._past_adjective_list(i, hi)):
                i = after  # "After a short, late-night meeting, the board said"
                continue
            if not (
                lows[i] in NP_STOP
                or lows[i] in NOT_NAMES
                or lows[i].endswith("ing")
                or self._qualified_clause_opener(i, hi)
            ):
                break  # "Turning to the budget, Kim said": an opening participle is skipped too
            comma = next(
                (j for j in range(i, min(hi, i + MAX_APPOSITIVE_TOKENS)) if toks[j].text == ","),
                None,
            )
            if comma is None:
                return None
            i = comma + 1
        mention, _ = self.phrase_after(i, hi)
        return mention

    def _dated_dateline_end(self, i: int, hi: int) -> int | None:
        """Index after a dateline with a date, `WASHINGTON, Dec. 8 (UPI) —`, starting at `i`.

        A place in capitals, a comma, then only capitalised words, numbers, full stops, commas
        and a bracketed agency up to the dash: the sentence's subject comes after it.
        """
        toks = self.toks
        if not (i + 2 < hi and len(toks[i].text) > 1 and toks[i].text.isupper()):
            return None
        if toks[i + 1].text != ",":
            return None
        for k in range(i + 2, min(hi, i + MAX_DATELINE_TOKENS)):
            t = toks[k]
            if t.text in DASHES:
                return k + 1 if k > i + 2 else None
            if not (t.is_cap or t.text[0].isdigit() or t.text in (".", ",", "(", ")")):
                return None
        return None

    def _qualified_clause_opener(self, i: int, hi: int) -> bool:
        """`Shortly after the call ended,`, `Even as the vote began,`, `Days before the poll,`: a
        word of degree or time before `after`/`before`/`as`/… opens an adverbial, not a subject."""
        low = self.lows[i]
        return (
            i + 1 < hi
            and self.lows[i + 1] in CLAUSE_WORDS | {"since", "until"}
            and (is_ly_adverb(low) or low in CLAUSE_QUALIFIERS)
        )

    def _past_adjective_list(self, i: int, hi: int) -> int | None:
        """After `a short,` the rest of the opening phrase (`late-night meeting,`): its end, or None.

        A lower-case phrase of a few words ending in a comma that a determiner or a name follows
        is the tail of a comma-separated list of adjectives, not the subject of the sentence.
        """
        toks = self.toks
        if not toks[i].text.islower() or self.lows[i] in ADJUNCT_PREPOSITIONS:
            return None
        for j in range(i + 1, min(hi - 1, i + MAX_ADJECTIVE_TAIL + 1)):
            if not toks[j].is_word:
                nxt = toks[j + 1]
                if toks[j].text == "," and (nxt.low in DETERMINERS or nxt.is_cap):
                    return j + 1
                return None
            if not toks[j].text.islower():
                return None
        return None

    def _past_place_tail(self, i: int, hi: int) -> int:
        """After `in Salem,` the state (`New Hampshire,`) still belongs to the adverbial."""
        j = i
        while j < hi and j - i < 3 and self.toks[j].is_cap:
            j += 1
        before = i - 2
        if j < hi and self.toks[j].text == "." and j + 1 < hi and self.toks[j + 1].text == ",":
            j += 1  # "In Aspen, Colo., the graduate said"
        if (
            j > i
            and j + 1 < hi
            and self.toks[j].text == ","
            and before >= 0
            and self.toks[before].is_cap
            and any(
                self.lows[k] in ("in", "at", "near", "from")
                for k in range(max(0, before - 4), before)
            )
        ):
            return j + 1
        return i

    def _role_text(self, inner: list[Tok]) -> str | None:
        """An appositive that describes (`the governor of X`, `North Korea's leader`), else None."""
        if not inner or not inner[0].is_word:
            return None
        first = inner[0].low
        if first in RELATIVES or cue_kind(inner, 0) or first.isdigit():
            return None
        if all(
            t.low in ("a", "little", "bit") or t.low in DEGREE_WORDS or is_ly_adverb(t.low)
            for t in inner
        ):
            return None  # "Kim, a little hesitantly, said": a manner, not a role
        if first in ("the", "a", "an") or first in TITLES or any(t.possessive for t in inner[:4]):
            role = self._surface(inner)
            # `host of “Tides,” said`: the comma that closes the role sits inside the mark.
            if role.count("“") > role.count("”"):
                role += "”"
            elif role.count('"') % 2:
                role += '"'
            return _strip_det(role)
        return None


def _opens_with_description(text: str) -> bool:
    """`The leader of the Anti-Defamation League`: an article and a common noun, then a body."""
    words = text.split()
    return (
        len(words) > 2
        and words[0].lower() in ("the", "a", "an")
        and words[1].islower()
        and words[1].isalpha()
    )


def _is_age(tok: Tok) -> bool:
    return tok.text.isdigit() and len(tok.text) <= 3


def _strip_det(role: str | None) -> str | None:
    if not role:
        return None
    head, _, rest = role.partition(" ")
    return rest if head.lower() in ("the", "a", "an") and rest else role


def _first_name_or_initial(tok: Tok) -> bool:
    """`Peter`, `T.`: a word that can only stand before a surname."""
    low = tok.low
    return (
        low in FEMALE_FIRST_NAMES
        or low in MALE_FIRST_NAMES
        or (len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == ".")
    )


def _with_role(mention: Mention, role: str | None) -> Mention:
    if not role:
        return mention
    return Mention(mention.text, mention.start, mention.end, mention.kind, role)


def _without_brackets(toks: list[Tok]) -> list[Tok]:
    """`Gov. Tomas Berg (R-Ohio)` without its party tag."""
    out: list[Tok] = []
    depth = 0
    for t in toks:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif not depth:
            out.append(t)
    return out
