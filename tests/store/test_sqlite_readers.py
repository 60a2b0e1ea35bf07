"""SQLite reads go to several connections: a lookup is not held behind a slow read."""

import asyncio
import time

from bot.models import Article
from bot.store.sqlite import SQLiteStore

GUILD = 5
# Counting to 30 million in SQL: a read that takes seconds, standing for a big search.
SLOW_READ = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) "
    "SELECT count(*) FROM c"
)


async def slow_read(store: SQLiteStore) -> int:
    async with store._read.execute(SLOW_READ) as cur:
        (count,) = await cur.fetchone()
    return count


async def test_a_lookup_is_answered_while_a_slow_read_runs(tmp_path):
    store = await SQLiteStore.open(tmp_path / "readers.db")
    try:
        stored, _ = await store.add_article(
            Article(
                id=None, guild_id=GUILD, title="Ferry", text="The ferry sailed.", content_hash="f"
            )
        )
        slow = asyncio.create_task(slow_read(store))
        await asyncio.sleep(0.05)  # the slow read has started on its connection
        started = time.perf_counter()
        article = await store.get_article(GUILD, stored.id)
        waited = time.perf_counter() - started
        assert article is not None and article.title == "Ferry"
        assert not slow.done(), f"the slow read was over first ({waited:.2f} s)"
        assert await slow == 30_000_000
    finally:
        await store.close()


async def test_a_copy_reads_one_snapshot_while_the_readers_keep_answering(tmp_path):
    store = await SQLiteStore.open(tmp_path / "snapshot.db")
    try:
        await store.add_article(
            Article(id=None, guild_id=GUILD, title="One", text="One story.", content_hash="1")
        )
        batches = store.dump(batch_size=1)
        table, rows = await anext(batches)
        assert table.name == "articles" and len(rows) == 1
        await store.add_article(
            Article(id=None, guild_id=GUILD, title="Two", text="Two stories.", content_hash="2")
        )
        assert await store.count_articles(GUILD) == 2  # the readers see the new article
        rest = [rows async for table, rows in batches if table.name == "articles"]
        assert rest == [], "the copy saw an article added after it began"
    finally:
        await store.close()
