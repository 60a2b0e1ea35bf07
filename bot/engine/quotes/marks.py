"""Find the stretches of an article that sit inside quotation marks.

A scanner rather than one regular expression, because scraped news is messy: straight marks do not say
whether they open or close, marks go missing, and a quotation that runs over several paragraphs opens
every paragraph but closes only the last. The scanner works one line at a time (any newline ends a
paragraph), so an unbalanced mark can never swallow more than the rest of its own paragraph, and it does
so only when the multi-paragraph pattern holds. It is one pass over the text: linear in its length.

`mask_quotes` then gives the text "outside the quotes" with the same offsets, which is what the
attribution rules read: cue verbs and names inside a quotation belong to the quotation, not to its frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = frozenset("“«„")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
MARK_RE = re.compile(r"[“”\"«»„]")
LINE_RE = re.compile(r"[^\n]+")
# Characters after which a straight mark reads as an opener, and before which it reads as a closer.
OPEN_CONTEXT = frozenset(" \t\u00a0([{—–-/")
CLOSE_CONTEXT = frozenset(" \t\u00a0.,;:!?)]}—–-/…")
# A closed quotation longer than this is two stray marks around narrative, not a quotation.
MAX_QUOTE_CHARS = 6000
# Trailing punctuation kept visible by `mask_quotes`: it tells whether the frame sentence goes on.
KEPT_PUNCT = frozenset(".,?!:;—–-…")
MASK_CHAR = "_"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quoted stretch within a single paragraph.

    `start`/`end` delimit the words inside the marks; `open_at` is the opening mark and `close_at`
    the closing mark (or the paragraph end when the quotation carries on into the next paragraph).
    """

    start: int
    end: int
    open_at: int
    close_at: int
    paragraph: int
    closed: bool = True
    continued: bool = False  # reopens a quotation left open at the end of the previous paragraph
    # Quotations of speech nested in this one in the other kind of marks (see `_quotes_speech`).
    nested: tuple[QuoteSpan, ...] = ()


def _role(line: str, i: int) -> str:
    """Whether the mark at `line[i]` opens, closes, or could do either."""
    ch = line[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        # A right mark used as an opener ("”Hello”") still has space before and a word after.
        before = line[i - 1] if i else " "
        after = line[i + 1] if i + 1 < len(line) else " "
        if before in OPEN_CONTEXT and after not in CLOSE_CONTEXT:
            return "either"
        return "close"
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    opens, closes = before in OPEN_CONTEXT, after in CLOSE_CONTEXT
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


# End punctuation, the mark, then the frame going on in lower case: `fascism?“ he asked`.
_MISTYPED_CLOSER_RE = re.compile(r"[.,?!…][“«„][ \t\u00a0]+[a-z]")


def _mistyped_closer(line: str, i: int) -> bool:
    """Whether an opening mark at `line[i]` stands where a closing one belongs: right after the
    quotation's end punctuation, with the sentence going on in lower case (`fascism?“ he
    asked`). A real opener is glued to the word it opens instead. Taking this one for a new
    opener would lose the quotation and make the frame (` he asked.`) a quotation of its own."""
    return bool(_MISTYPED_CLOSER_RE.match(line, i - 1)) if i else False


def _starts_with_opener(line: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and (stripped[0] in OPENERS or stripped[0] == STRAIGHT)


def _goes_on(line: str) -> bool:
    """Whether `line` carries on a sentence a stray line break cut (`to take part\nin the vote.”`):
    it starts in lower case or with a figure, and holds the closing mark the sentence was
    waiting for. The quotation then ends with the line it opened on."""
    stripped = line.lstrip()
    return (
        bool(stripped)
        and (stripped[0].islower() or stripped[0].isdigit())
        and any(c in CLOSERS or c == STRAIGHT for c in stripped)
    )


def _is_attribute_value(line: str, i: int) -> bool:
    """`author="..."` inside leftover markup is not a quotation."""
    return i > 0 and line[i - 1] == "="


def _nested_close(line: str, i: int, open_at: int | None, role: str) -> int | None:
    """Where a quotation nested inside the open one closes, if the mark at `line[i]` opens one.

    Inside a quotation, quoted words take the other kind of marks: curly ones inside straight
    ones (`"It is not about “profit” anymore"`) and straight ones inside curly ones. An opener of
    the other kind, with its own closer later on the line, opens a nested quotation, which the
    outer one keeps; without a closer it is left to the rules for a lone mark.
    """
    if open_at is None or role != "open":
        return None
    outer, mark = line[open_at], line[i]
    if outer == STRAIGHT and mark == "“":
        end = line.find("”", i + 1)
    elif outer == "“" and mark == STRAIGHT:
        end = line.find(STRAIGHT, i + 1)
    else:
        return None
    return end if end > 0 else None


def _quotes_speech(line: str, i: int, close: int) -> bool:
    """Whether the nested quotation from `line[i]` to `line[close]` may quote speech: it ends in
    punctuation inside its marks (`interjecting, “Only the harbour.” But`), as a quoted sentence
    or clause does, where a term (`about “profit” anymore`) does not."""
    return close - i > 2 and line[close - 1] in ".,!?"


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted stretch of `text`, in order; a multi-paragraph quotation gives one span a paragraph."""
    spans: list[QuoteSpan] = []
    lines = [(m.start(), m.group()) for m in LINE_RE.finditer(text)]
    carried = False  # the previous paragraph ended inside a quotation that this one reopens
    for p, (base, line) in enumerate(lines):
        open_at: int | None = None
        inner: list[QuoteSpan] = []  # quotations of speech nested in the open one
        first_mark = True
        continued = False
        skip_to = -1  # end of a markup attribute value (`author="…"`), whose marks are not quotes
        for m in MARK_RE.finditer(line):
            i = m.start()
            if i <= skip_to:
                continue
            if _is_attribute_value(line, i):
                end = line.find(line[i], i + 1)
                skip_to = end if end >= 0 else len(line)
                continue
            role = _role(line, i)
            nested = _nested_close(line, i, open_at, role)
            if nested is not None:
                skip_to = nested  # `"It is not about “profit” anymore`: a quotation inside
                if _quotes_speech(line, i, nested):
                    inner.append(QuoteSpan(base + i + 1, base + nested, base + i, base + nested, p))
                continue
            if open_at is None:
                if role != "close":
                    open_at = i
                    continued = carried and first_mark and not line[:i].strip()
                    inner = []
            elif (
                role == "open"
                and line[i] == line[open_at]
                and line[i] != STRAIGHT
                and not _mistyped_closer(line, i)
            ):
                # A second opener of the same kind: the first one was never closed; start again here.
                open_at, continued, inner = i, False, []
            else:
                if 0 < i - open_at - 1 <= MAX_QUOTE_CHARS:
                    spans.append(
                        QuoteSpan(
                            base + open_at + 1,
                            base + i,
                            base + open_at,
                            base + i,
                            p,
                            continued=continued,
                            nested=tuple(inner),
                        )
                    )
                open_at, continued = None, False
            first_mark = False
        carried = False
        if open_at is None:
            continue
        next_opens = p + 1 < len(lines) and _starts_with_opener(lines[p + 1][1])
        opened_line = not line[:open_at].strip()
        broken = p + 1 < len(lines) and _goes_on(lines[p + 1][1])
        if next_opens or (continued and opened_line) or broken:
            # Multi-paragraph quotation (or its last paragraph, whose closing mark went missing).
            end = len(line.rstrip())
            if end - open_at - 1 > 0:
                spans.append(
                    QuoteSpan(
                        base + open_at + 1,
                        base + end,
                        base + open_at,
                        base + end,
                        p,
                        closed=False,
                        continued=continued,
                        nested=tuple(inner),
                    )
                )
            carried = next_opens
    return spans


def mask_quotes(text: str, spans: list[QuoteSpan]) -> str:
    """`text` with every quotation's words blanked out, offsets unchanged.

    Marks become straight marks and the quotation's last punctuation stays, so `“Go,” Kim said`
    reads `"__," Kim said`: the frame keeps its grammar and loses the quoted words.
    """
    out: list[str] = []
    pos = 0
    for s in spans:
        out.append(text[pos : s.open_at])
        out.append('"')
        inner = text[s.start : s.end]
        body = inner.rstrip()
        tail = ""
        if body and body[-1] in KEPT_PUNCT:
            tail, body = body[-1], body[:-1]
        out.append(MASK_CHAR * len(body) + tail + " " * (len(inner) - len(body) - len(tail)))
        if s.closed:
            out.append('"')
            pos = s.end + 1
        else:
            pos = s.end
    out.append(text[pos:])
    return "".join(out)
