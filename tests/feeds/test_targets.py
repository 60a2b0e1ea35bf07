"""The "Also reported by" field a story's post gets, without Discord (the edit itself is
tested end to end in tests/e2e/test_story_feeds.py)."""

import discord

from bot import limits
from bot.feeds.targets import ALSO_REPORTED_FIELD, with_also_reported


def test_a_new_report_replaces_the_earlier_line_and_stays_the_last_field():
    post = discord.Embed(title="Bridge reopens", description="It reopened.")
    post.add_field(name="Top quotation", value="“Built to last”")
    once = with_also_reported(post, "Also reported by: [Coast Radio](https://radio.example/a)")
    twice = with_also_reported(
        once,
        "Also reported by: [Coast Radio](https://radio.example/a), "
        "[North Daily](https://daily.example/b)",
    )
    assert [(f.name, f.value) for f in twice.fields] == [
        ("Top quotation", "“Built to last”"),
        (
            ALSO_REPORTED_FIELD,
            "[Coast Radio](https://radio.example/a), [North Daily](https://daily.example/b)",
        ),
    ]
    assert twice.title == "Bridge reopens" and twice.description == "It reopened."
    assert post.fields[-1].name == "Top quotation"  # the post's own embed is left as it was


def test_a_full_post_keeps_within_discords_embed_limits():
    post = discord.Embed(title="T", description="word " * 800)
    for n in range(limits.EMBED_FIELDS):
        post.add_field(name=f"Field {n}", value="x" * 150)
    links = ", ".join(f"[Site {n}](https://s{n}.example/{'p' * 300})" for n in range(5))
    edited = with_also_reported(post, f"Also reported by: {links} and 4 more")
    assert len(edited.fields) == limits.EMBED_FIELDS
    assert edited.fields[-1].name == ALSO_REPORTED_FIELD
    value = edited.fields[-1].value
    assert len(value) <= limits.EMBED_FIELD_VALUE
    assert value == ", ".join(f"Site {n}" for n in range(5)) + " and 4 more"  # names, unlinked
    assert len(edited) <= limits.EMBED_TOTAL
