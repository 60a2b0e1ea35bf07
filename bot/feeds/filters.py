"""Feed filters: the rules that decide whether a feed posts an entry, and why.

A rule looks at one field of the entry (`FIELDS`, the one registry the cog, the CLI and the
log read) and either contains / does not contain words, or matches / does not match a
regular expression. A feed combines its rules all-of or any-of (`filter_mode`); rules that
share a group label form one nested group combined the other way, so "all of: (title
contains storm OR flood), author does not contain Staff" is two top-level items. One level of
nesting is enough for what admins write, and keeps every decision explainable in one line.

Words are matched whole, case-insensitively (Unicode case folding, NFKC), in any script: a
word must not have a letter or digit right before or after it, except in scripts written
without spaces (Chinese, Japanese, Thai, …), where a word is found wherever it occurs.

Regular expressions are user input run against text from the internet, so they are limited in
length, compiled when the rule is added (an invalid one is refused with the compiler's reason)
and run by the `regex` package with a time limit per match, releasing the GIL: `(a+)+$`
against 10,000 `a`s gives up after `limits.FILTER_REGEX_TIMEOUT` and counts as no match.
Callers run `judge` in a thread, never on the event loop.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

import regex

from bot import limits
from bot.errors import InputError


@dataclass(frozen=True, slots=True)
class EntryText:
    """What filters can look at: the feed entry's fields, and the article's text if fetched."""

    title: str | None = None
    description: str | None = None
    text: str | None = None
    author: str | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    read: Callable[[EntryText], str]


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("title", "title", lambda e: e.title or ""),
        Field("description", "description", lambda e: e.description or ""),
        Field("text", "article text", lambda e: e.text or ""),
        Field("author", "author", lambda e: e.author or ""),
        Field("categories", "categories", lambda e: "\n".join(e.categories)),
    )
}
"""Every field a rule can look at, by the name used in commands, the CLI and stored rules."""

OPERATORS = {
    "contains": "contains",
    "not_contains": "does not contain",
    "matches": "matches",
    "not_matches": "does not match",
}
MODES = ("all", "any")

# Scripts written without spaces between words: a "word" there is any occurrence.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")


@dataclass(frozen=True, slots=True)
class FilterRule:
    """One rule. For `contains`, `value` is words or phrases separated by commas (any one
    found is a match); for `matches`, a regular expression."""

    field: str
    op: str
    value: str
    group: str | None = None

    def describe(self) -> str:
        shown = self.value if len(self.value) <= 80 else self.value[:79] + "…"
        return f"{FIELDS[self.field].label} {OPERATORS[self.op]} “{shown}”"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether to post, and the one-line reason shown in `/feed test` and `/feed log`."""

    passed: bool
    reason: str


def make_rule(field: str, op: str, value: str, group: str | None = None) -> FilterRule:
    """A checked rule; InputError with a message for the admin when it cannot be used."""
    if field not in FIELDS:
        raise InputError(f"Filters can look at: {', '.join(FIELDS)}.")
    if op not in OPERATORS:
        raise InputError(f"A filter can be: {', '.join(OPERATORS)}.")
    value = value.strip()
    if not value:
        raise InputError("A filter needs something to look for.")
    if len(value) > limits.FILTER_VALUE_MAX:
        raise InputError(f"A filter can be at most {limits.FILTER_VALUE_MAX} characters long.")
    group = " ".join((group or "").split())[: limits.FILTER_GROUP_MAX] or None
    if op in ("matches", "not_matches"):
        try:
            _compiled(value)
        except (regex.error, ValueError, OverflowError) as exc:
            reason = " ".join(str(exc).split())
            raise InputError(f"That regular expression is not valid: {reason}.") from None
    elif not _words(value):
        raise InputError("A word filter needs at least one word (separate them with commas).")
    return FilterRule(field, op, value, group)


def load_rules(stored: str | None) -> list[FilterRule]:
    """The rules as the store keeps them (JSON); none for a feed without filters."""
    if not stored:
        return []
    return [FilterRule(**item) for item in json.loads(stored)]


def dump_rules(rules: Sequence[FilterRule]) -> str | None:
    return json.dumps([asdict(r) for r in rules], ensure_ascii=False) if rules else None


def needs_text(rules: Sequence[FilterRule]) -> bool:
    """Whether judging needs the article's text (fetched before deciding)."""
    return any(r.field == "text" for r in rules)


def judge(rules: Sequence[FilterRule], mode: str, entry: EntryText) -> Verdict:
    """Apply the rules, combined by `mode` (groups the other way). CPU-bound: run in a thread."""
    if not rules:
        return Verdict(True, "no filters")
    items: list[tuple[str, list[tuple[int, FilterRule]]]] = []
    groups: dict[str, list[tuple[int, FilterRule]]] = {}
    for number, rule in enumerate(rules, 1):
        if rule.group is None:
            items.append((f"rule {number}", [(number, rule)]))
        elif rule.group not in groups:
            groups[rule.group] = [(number, rule)]
            items.append((f"group “{rule.group}”", groups[rule.group]))
        else:
            groups[rule.group].append((number, rule))
    inner = "any" if mode == "all" else "all"
    notes: list[str] = []

    def item_passes(members: list[tuple[int, FilterRule]]) -> bool:
        results = (_rule_passes(rule, entry, notes) for _, rule in members)
        return any(results) if inner == "any" else all(results)

    def described(name: str, members: list[tuple[int, FilterRule]]) -> str:
        if len(members) == 1:
            number, rule = members[0]
            return f"rule {number}: {rule.describe()}"
        return f"{name} ({inner} of rules {', '.join(str(n) for n, _ in members)})"

    for name, members in items:
        passed = item_passes(members)
        if mode == "all" and not passed:
            return Verdict(False, _with_notes(f"blocked by {described(name, members)}", notes))
        if mode == "any" and passed:
            return Verdict(True, _with_notes(f"passed {described(name, members)}", notes))
    if mode == "all":
        return Verdict(True, _with_notes(f"passed all {len(items)} filters", notes))
    return Verdict(False, _with_notes("blocked: no filter matched", notes))


def _with_notes(reason: str, notes: list[str]) -> str:
    return f"{reason} ({'; '.join(dict.fromkeys(notes))})" if notes else reason


def _rule_passes(rule: FilterRule, entry: EntryText, notes: list[str]) -> bool:
    text = FIELDS[rule.field].read(entry)
    if rule.op in ("contains", "not_contains"):
        found = _word_pattern(rule.value).search(_fold(text)) is not None
        return found if rule.op == "contains" else not found
    try:
        found = (
            _compiled(rule.value).search(text, timeout=limits.FILTER_REGEX_TIMEOUT, concurrent=True)
            is not None
        )
    except TimeoutError:
        notes.append(f"“{rule.value[:40]}” took too long and counted as no match")
        found = False
    return found if rule.op == "matches" else not found


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _words(value: str) -> list[str]:
    return [w for w in (" ".join(_fold(p).split()) for p in value.split(",")) if w]


@lru_cache(maxsize=512)
def _word_pattern(value: str) -> regex.Pattern:
    alternatives = []
    for word in _words(value):
        escaped = regex.escape(word).replace(r"\ ", r"\s+")
        if _UNSPACED.search(word):
            alternatives.append(escaped)
        else:
            alternatives.append(rf"(?<![\w]){escaped}(?![\w])")
    return regex.compile("|".join(alternatives))


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, regex.IGNORECASE)
