"""The delivery stage's retry rule, without Discord (the stage itself is tested end to end in
tests/e2e/test_feed_subscriptions.py)."""

from bot.feeds.deliveries import MAX_RETRY_TICKS, retry_delay


def test_a_refused_post_is_retried_after_doubling_ticks_capped_at_an_hour():
    tick = 60.0
    assert [retry_delay(n, tick) for n in range(1, 9)] == [
        60.0,
        120.0,
        240.0,
        480.0,
        960.0,
        1920.0,
        3600.0,
        3600.0,
    ]
    assert retry_delay(50, tick) == MAX_RETRY_TICKS * tick == 3600.0


def test_a_short_tick_retries_quickly():
    assert retry_delay(1, 0.2) == 0.2
