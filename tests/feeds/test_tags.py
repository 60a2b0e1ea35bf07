"""Forum tags chosen by a rule: which tags an entry gets, and what an admin is told."""

from __future__ import annotations

import pytest

from bot.errors import InputError
from bot.feeds.filters import EntryText
from bot.feeds.tags import dump_tag_rules, load_tag_rules, make_tag_rule, tags_for


def test_an_entry_gets_each_tag_whose_rule_it_passes_once_in_the_feeds_order():
    rules = [
        make_tag_rule("Ferries", "title", "contains", "ferry, boat"),
        make_tag_rule("Night", "description", "matches", r"\bnight\b"),
        make_tag_rule("Ferries", "author", "contains", "Madsen"),
        make_tag_rule("Sport", "categories", "contains", "football"),
    ]
    entry = EntryText(
        title="Night ferry returns", description="Sailing at night again", author="R. Madsen"
    )
    assert tags_for(rules, entry) == ["Ferries", "Night"]
    assert tags_for(rules, EntryText(title="Council meets")) == []


def test_tag_rules_survive_the_store_as_written():
    rules = [make_tag_rule("  Harbour   news ", "title", "not_matches", "^Opinion")]
    again = load_tag_rules(dump_tag_rules(rules))
    assert again == rules and again[0].tag == "Harbour news"
    assert load_tag_rules(dump_tag_rules([])) == []


@pytest.mark.parametrize(
    ("tag", "field", "op", "value", "message"),
    [
        ("", "title", "contains", "ferry", "A forum tag's name has 1 to 20 characters."),
        ("x" * 21, "title", "contains", "ferry", "A forum tag's name has 1 to 20 characters."),
        ("Ferries", "title", "matches", "(", "That regular expression is not valid"),
        ("Ferries", "body", "contains", "ferry", "Filters can look at"),
    ],
)
def test_a_tag_rule_that_cannot_work_is_refused_with_why(tag, field, op, value, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        make_tag_rule(tag, field, op, value)
