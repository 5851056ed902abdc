"""Waiting for another crawl's write lock without holding up the process: a store that finds
the database's write lock taken tries again from the event loop, where a process's other crawls
go on meanwhile."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
import scrapy
from scrapy.utils.test import get_crawler

from harvester.store import schema
from pipelines.store import StorePipeline
from tests.support.harvest import BASE, Harvest, article_page, make_item, make_report


def holding_the_lock(path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_transaction_that_may_not_wait_says_the_lock_is_busy(tmp_path):
    database = schema.connect(tmp_path / "harvest.db")
    holder = holding_the_lock(tmp_path / "harvest.db")
    with pytest.raises(schema.WriteLockBusy), schema.write_transaction(database, wait=False):
        pass
    # the connection waits as before for its other writes
    assert database.execute("PRAGMA busy_timeout").fetchone()[0] == schema.BUSY_TIMEOUT_MS
    holder.execute("COMMIT")
    with schema.write_transaction(database, wait=False):
        database["regions"].insert({"slug": "a_b", "name": "某县"})
    assert database["regions"].count == 1


class Hunjiang(scrapy.Spider):
    name = "jilin_baishan_hunjiang"


def test_the_store_waits_for_the_lock_in_the_event_loop(tmp_path):
    path = tmp_path / "harvest.db"
    crawler = get_crawler(Hunjiang, settings_dict={"HARVEST_DB": str(path)})
    crawler.spider = Hunjiang()
    crawler.stats.open_spider()
    pipeline = StorePipeline(crawler, str(path))
    pipeline.open_spider()
    item = Harvest(tmp_path)(make_item(BASE + "t1.html", article_page(
        make_report("白山市浑江区人民政府", 2022, seed=3), "2023-01-10")))
    ticks = []

    async def crawl() -> None:
        loop = asyncio.get_running_loop()
        holder = holding_the_lock(path)

        def tick() -> None:  # another crawl's work, which must go on while the store waits
            ticks.append(1)
            if len(ticks) == 5:
                holder.execute("COMMIT")
            else:
                loop.call_later(0.01, tick)
        loop.call_soon(tick)
        await pipeline.process_item(item)

    asyncio.run(crawl())
    pipeline.finish("finished")
    assert len(ticks) == 5  # the loop ran on until the lock was let go, then the item went in
    assert crawler.stats.get_value("harvest/store/lock_waits") >= 1
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT agency, year FROM reports").fetchall() == [
            ("白山市浑江区人民政府", 2022)]
    assert "text" not in item.parsed  # the text rode along for the database only
