"""Cooldown buckets: the same limits as discord.py's, with expired buckets swept once a period
rather than on every command."""

from bot.ui.cooldowns import Buckets


def test_a_member_may_use_a_command_rate_times_per_period_then_waits():
    buckets = Buckets(rate=5, per=30.0)
    waits = [buckets.retry_after("ana", 100.0 + i)[1] for i in range(6)]
    assert waits[:5] == [None] * 5
    assert waits[5] is not None and 0 < waits[5] <= 30.0
    assert buckets.retry_after("ana", 131.0)[1] is None  # the period has passed
    assert buckets.retry_after("ben", 105.0)[1] is None  # another member is counted apart


def test_expired_buckets_are_dropped_so_thousands_of_members_do_not_pile_up():
    buckets = Buckets(rate=5, per=30.0)
    for member in range(5000):
        buckets.retry_after(member, 1000.0)
    assert len(buckets) == 5000
    buckets.retry_after("late", 1031.0)  # every earlier bucket has expired
    assert len(buckets) == 1
