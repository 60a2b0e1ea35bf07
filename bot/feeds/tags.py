"""Forum tags chosen by a filter rule: "entries whose title matches X get tag Y".

A forum post gets the forum's tags whose names match the entry's categories; many feeds have
no categories, or not the ones a server tags by, so a feed can also map a rule (the same rules
as its filters, `bot/feeds/filters.py`) to a tag name. The tag is looked up by name in the
forum when the post is made, like a category, so renaming the forum's tags needs no change
here as long as the names still match.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from bot import limits
from bot.errors import InputError
from bot.feeds.filters import EntryText, FilterRule, judge, make_rule


@dataclass(frozen=True, slots=True)
class TagRule:
    """Give the post the forum tag named `tag` when the entry passes `rule`."""

    tag: str
    rule: FilterRule

    def describe(self) -> str:
        return f"tag “{self.tag}” when {self.rule.describe()}"


def make_tag_rule(tag: str, field: str, op: str, value: str) -> TagRule:
    """A checked tag rule; InputError with what to fix otherwise."""
    name = " ".join(tag.split())
    if not 1 <= len(name) <= limits.FORUM_TAG_NAME:
        raise InputError(f"A forum tag's name has 1 to {limits.FORUM_TAG_NAME} characters.")
    return TagRule(name, make_rule(field, op, value))


def load_tag_rules(stored: str | None) -> list[TagRule]:
    """The tag rules as the store keeps them (JSON); none when the feed has none."""
    if not stored:
        return []
    return [TagRule(item.pop("tag"), FilterRule(**item)) for item in json.loads(stored)]


def dump_tag_rules(rules: Sequence[TagRule]) -> str | None:
    items = [{"tag": r.tag, **asdict(r.rule)} for r in rules]
    return json.dumps(items, ensure_ascii=False) if items else None


def tags_for(rules: Sequence[TagRule], entry: EntryText) -> list[str]:
    """The names of the tags whose rule the entry passes, in the feed's order, each once.
    Regular expressions run with the filters' time limit: CPU-bound, run in a thread."""
    names: dict[str, None] = {}
    for rule in rules:
        if judge([rule.rule], "all", entry).passed:
            names.setdefault(rule.tag, None)
    return list(names)
