"""Feed filters on their own: words, regular expressions, all-of/any-of with groups, and the
reasons admins read in /feed test and /feed log."""

import time

import pytest

from bot.errors import InputError
from bot.feeds.filters import EntryText, FilterRule, dump_rules, judge, load_rules, make_rule

ENTRY = EntryText(
    title="Storm closes the Harbour Bridge",
    description="Ferries run late; the mayor speaks at noon.",
    text="Long article text about the storm.",
    author="Lena Ortiz",
    categories=("Weather", "Transport"),
)


def test_words_match_whole_words_case_insensitively():
    assert judge([make_rule("title", "contains", "HARBOUR")], "all", ENTRY).passed
    assert not judge([make_rule("title", "contains", "harb")], "all", ENTRY).passed
    assert judge([make_rule("title", "contains", "volcano, bridge")], "all", ENTRY).passed
    assert judge([make_rule("title", "contains", "harbour bridge")], "all", ENTRY).passed


def test_words_match_in_other_scripts():
    greek = EntryText(title="ΚΑΤΑΙΓΊΔΑ στο λιμάνι")
    assert judge([make_rule("title", "contains", "καταιγίδα")], "all", greek).passed
    russian = EntryText(title="Шторм закрыл мост")
    assert judge([make_rule("title", "contains", "ШТОРМ")], "all", russian).passed
    assert not judge([make_rule("title", "contains", "што")], "all", russian).passed
    chinese = EntryText(title="台风关闭了港口大桥")
    assert judge([make_rule("title", "contains", "港口")], "all", chinese).passed


def test_not_contains_and_regex_rules_and_the_reason_names_the_blocking_rule():
    rules = [
        make_rule("categories", "contains", "weather"),
        make_rule("author", "not_contains", "lena"),
    ]
    verdict = judge(rules, "all", ENTRY)
    assert verdict == judge(rules, "all", ENTRY)
    assert not verdict.passed
    assert verdict.reason == "blocked by rule 2: author does not contain “lena”"
    assert judge([make_rule("description", "matches", r"\bnoon\.$")], "all", ENTRY).passed
    assert not judge([make_rule("title", "not_matches", "^storm")], "all", ENTRY).passed


def test_any_of_with_a_nested_all_of_group():
    rules = [
        make_rule("title", "contains", "volcano"),
        make_rule("title", "contains", "storm", group="storm news"),
        make_rule("author", "contains", "ortiz", group="storm news"),
    ]
    verdict = judge(rules, "any", ENTRY)
    assert verdict.passed
    assert verdict.reason == "passed group “storm news” (all of rules 2, 3)"
    assert judge([], "all", ENTRY).reason == "no filters"
    assert judge(rules[:1], "any", ENTRY).reason == "blocked: no filter matched"


def test_an_invalid_or_overlong_regular_expression_is_refused_with_a_reason():
    with pytest.raises(InputError, match="That regular expression is not valid: "):
        make_rule("title", "matches", "(unclosed")
    with pytest.raises(InputError, match="at most 200 characters"):
        make_rule("title", "matches", "a" * 201)
    with pytest.raises(InputError, match="Filters can look at: title, description, text"):
        make_rule("body", "contains", "x")


def test_catastrophic_backtracking_gives_up_within_the_time_limit():
    rule = make_rule("text", "matches", "(a+)+$")
    started = time.perf_counter()
    verdict = judge([rule], "all", EntryText(text="a" * 10_000 + "!"))
    assert time.perf_counter() - started < 5  # the limit is 0.1 s; generous for a busy machine
    assert not verdict.passed
    assert "took too long and counted as no match" in verdict.reason


def test_rules_survive_the_round_trip_through_the_store_format():
    rules = [make_rule("title", "contains", "Мост", group="g"), make_rule("text", "matches", "x")]
    assert load_rules(dump_rules(rules)) == rules
    assert load_rules(None) == [] and dump_rules([]) is None
    assert isinstance(load_rules(dump_rules(rules))[0], FilterRule)
