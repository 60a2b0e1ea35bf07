"""Which target a channel choice implies, as `/feed edit` and the panel's feed page both
decide it: a forum gets a post per article, and leaving a forum goes back to messages."""

from __future__ import annotations

import pytest

from bot.errors import InputError
from bot.feeds.settings import target_for_channel
from bot.models import Feed

ON_TEXT = Feed(1, 10, 20, "https://a.example/feed.xml", target="thread")
ON_FORUM = Feed(1, 10, 30, "https://a.example/feed.xml", target="forum")


def test_choosing_a_forum_channel_makes_the_feed_post_per_article():
    assert target_for_channel(True, None, ON_TEXT) == {"target": "forum"}
    assert target_for_channel(True, "forum", ON_TEXT) == {"target": "forum"}


def test_moving_a_forum_feed_to_a_text_channel_posts_messages_again():
    assert target_for_channel(False, None, ON_FORUM) == {"target": "channel"}
    assert target_for_channel(False, "thread", ON_FORUM) == {}


def test_a_text_channel_keeps_the_target_asked_for():
    assert target_for_channel(False, "thread", ON_TEXT) == {}
    assert target_for_channel(None, "channel", ON_TEXT) == {}


@pytest.mark.parametrize(
    ("is_forum", "target", "feed", "reason"),
    [
        (True, "thread", ON_TEXT, "leave out target"),
        (None, "thread", ON_FORUM, "give a text channel"),
        (False, "forum", ON_TEXT, "Only a forum channel"),
        (None, "forum", ON_TEXT, "Only a forum channel"),
    ],
)
def test_a_target_the_channel_cannot_take_is_refused_with_the_reason(
    is_forum, target, feed, reason
):
    with pytest.raises(InputError, match=reason):
        target_for_channel(is_forum, target, feed)
