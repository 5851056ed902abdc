"""Pipeline 5: deduplicate and write (see :mod:`harvester.store.filing` and
:mod:`harvester.store.reconcile`).

A document already stored with the same URL and the same bytes writes nothing, so a re-crawl of
unchanged portals adds only its ``harvest_runs`` row. Anything else becomes a ``documents`` row
with its checks and, when it belongs to an agency-year (``item.identity``, which the identify
pipeline decided), brings that report's row up to date, all in one transaction
(:func:`harvester.store.filing.file_document`, which ``merge`` files through too).

The item goes on to Scrapy's feed exports (``scrapy crawl <region> -O reports.jsonl``, every
field but the bytes, see ``FEED_EXPORT_FIELDS``) with ``parsed`` the report object of
``docs/report-format.md``: the document text that rode along for the database is taken out of it.

A storage error (a full disk, a read-only or locked database, see :mod:`harvester.store.faults`)
fails the document loudly and closes the crawl with the reason ``storage_error``: it is counted
(``harvest/storage_errors``), logged as an error, and the ``harvest_runs`` counts hold only what
reached the database. One region is crawled into one database by one process at a time
(:mod:`harvester.store.region_lock`). Every crawl's ``harvest_runs`` row is finished with a
``finish_reason``, a forced shutdown (a second SIGTERM or Ctrl-C, when Scrapy stops without
closing the spider) included: it is then ``unclean_shutdown``.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import datetime, timezone
from typing import IO

import sqlite_utils
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from harvester.items import ReportDocument
from harvester.registry import Region, load_regions
from harvester.store import filing, region_lock, schema
from harvester.store.faults import STORAGE_ERROR, is_storage_error
from pipelines.identify import identify_item, published_of

logger = logging.getLogger(__name__)

UNCLEAN_SHUTDOWN = "unclean_shutdown"
# The first and the longest pause between two tries for another crawl's write lock.
LOCK_PAUSE_SECONDS = 0.002
LOCK_PAUSE_MAX_SECONDS = 0.05


def storage_failure(crawler: Crawler | None, item: ReportDocument,
                    error: BaseException) -> DropItem:
    """The item that met a storage error, dropped; the first such error closes the crawl.

    Every later write would fail the same way (a full disk stays full, a locked database makes
    each write wait out its timeout), so the crawl stops rather than fetch documents it cannot
    keep, and the items already on their way are not written (:func:`refuse_after_storage_error`).
    """
    logger.error("storage error, %s not stored: %r", item.url, error)
    if crawler is not None:
        crawler.stats.inc_value("harvest/storage_errors")
        if crawler.engine is not None:
            deferred_from_coro(crawler.engine.close_spider_async(reason=STORAGE_ERROR))
    return DropItem(f"{STORAGE_ERROR}: {error!r}")


def refuse_after_storage_error(crawler: Crawler | None) -> None:
    """Drop an item that reaches a writing pipeline after the crawl met a storage error."""
    if crawler is not None and crawler.stats.get_value("harvest/storage_errors"):
        crawler.stats.inc_value("harvest/documents/not_stored")
        raise DropItem("not stored: the crawl is closing after a storage error")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def region_row(region: Region) -> dict:
    return {"slug": region.slug, "name": region.name, "code": region.code,
            "level": region.level, "parent": region.parent, "parent_name": region.parent_name,
            "home": region.home, "hosts": schema.dumps(list(region.allowed_hosts)),
            "province": region.province, "province_name": region.province_name,
            "until": region.until, "successor": region.successor,
            "home_source": region.home_source, "probe": region.probe}


def registry_rows() -> list[dict]:
    return [region_row(region) for region in load_regions().values()]


def document_row(item: ReportDocument, parsed: dict, text: str | None, run_id: int | None,
                 outcome: str) -> dict:
    return {
        "region": item.region, "url": item.url, "sha256": item.sha256, "outcome": outcome,
        "fetched_at": item.fetched_at, "status": item.status,
        "content_type": item.headers.get("Content-Type") or item.content_type,
        "headers": schema.dumps(item.headers), "found_via": item.found_via,
        "referer": item.referer, "parent_url": item.parent_url, "file_name": item.file_name,
        "listed_title": item.title, "listed_year": item.year, "listed_agency": item.agency,
        "published": published_of(item), "parsed": schema.dumps(parsed),
        "clean_text": text, "run_id": run_id,
    }


def store_item(database: sqlite_utils.Database, item: ReportDocument,
               run_id: int | None, wait: bool = True) -> tuple[str, int | None]:
    """Write one document; returns what it was (``unchanged``, ``new``, ``changed``, ``copy``,
    ``earlier_version``, ``failed``, ``not_report``) and its report's id. ``wait=False``: raise
    :class:`~harvester.store.schema.WriteLockBusy` when another crawl is writing, having
    changed nothing (the item can be stored again)."""
    parsed = dict(item.parsed) if item.parsed is not None else {}
    text = parsed.pop("text", None)
    known = item.recalled or filing.known_document(database, item.url, item.sha256)
    if known:
        _drop_text(item)
        return "unchanged", known["report_id"]
    if item.kind is None:  # stored without the identify pipeline (a script, a test)
        identify_item(item)
    checks = [*({**c, "source": "parser"} for c in parsed.get("checks", ())),
              *({**c, "source": "harvest"} for c in item.checks)]
    with schema.write_transaction(database, wait=wait):
        stored = filing.file_document(database,
                                      document_row(item, parsed, text, run_id, item.kind),
                                      checks, item.identity, run_id)
    _drop_text(item)
    return stored


def _drop_text(item: ReportDocument) -> None:
    """The document text rode along for the database; the feed's report object has none."""
    if item.parsed is not None:
        item.parsed.pop("text", None)


class StorePipeline:
    def __init__(self, crawler, database_path: str) -> None:
        self.crawler = crawler
        self.database_path = database_path
        self.database: sqlite_utils.Database | None = None
        self.run_id: int | None = None
        self.reports: dict[str, set[int]] = {"new": set(), "changed": set(), "seen": set()}
        self.counts = {"found": 0, "failed": 0, "not_reports": 0}
        self.lock: IO[str] | None = None
        self.shutdown_trigger = None

    @classmethod
    def from_crawler(cls, crawler):
        from twisted.internet import reactor

        pipeline = cls(crawler, crawler.settings.get("HARVEST_DB", "data/harvest.db"))
        # spider_closed, not close_spider: Scrapy's own stats (finish time and reason) are
        # complete only once the spider has closed.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        # A forced shutdown stops the reactor without closing the spider: no spider_closed.
        pipeline.shutdown_trigger = reactor.addSystemEventTrigger(
            "before", "shutdown", pipeline.finish, UNCLEAN_SHUTDOWN)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        name = getattr(spider, "name", "?")
        if self.database_path != ":memory:":
            self.lock = region_lock.acquire(self.database_path, name)
        try:
            self.database = schema.connect(self.database_path)
            # The crawled region's registry entry (the spider's, or the region a portal crawl
            # stamps), not the whole registry: a harvest opens hundreds of spiders.
            slugs = {name, getattr(getattr(spider, "region", None), "slug", None)}
            registry = load_regions()
            schema.sync_regions(self.database, [region_row(registry[slug]) for slug in slugs
                                                if slug in registry])
            with schema.write_transaction(self.database):
                self.run_id = self.database["harvest_runs"].insert(
                    {"spider": name, "started_at": now()}).last_pk
        except BaseException:
            self.release()
            raise

    async def process_item(self, item: ReportDocument) -> ReportDocument:
        """Store the item. While another crawl holds the database's write lock, wait in the
        event loop (pauses of 2 to 50 ms), not in SQLite's busy handler, which would hold up
        every crawl of this process; past the busy timeout, wait as SQLite does, and a lock
        held that long is a storage error."""
        refuse_after_storage_error(self.crawler)
        pause, waited = LOCK_PAUSE_SECONDS, 0.0
        while True:
            try:
                outcome, report_id = store_item(self.database, item, self.run_id,
                                                wait=waited >= schema.BUSY_TIMEOUT_MS / 1000)
                break
            except schema.WriteLockBusy:
                self.crawler.stats.inc_value("harvest/store/lock_waits")
                await asyncio.sleep(pause)
                waited += pause
                pause = min(pause * 2, LOCK_PAUSE_MAX_SECONDS)
            except (sqlite3.Error, OSError) as error:
                if not is_storage_error(error):
                    raise
                raise storage_failure(self.crawler, item, error) from error
        self.count(outcome, report_id)
        return item

    def count(self, outcome: str, report_id: int | None) -> None:
        self.counts["found"] += 1
        self.crawler.stats.inc_value(f"harvest/documents/{outcome}")
        if outcome == "failed":
            self.counts["failed"] += 1
        elif outcome == "not_report":
            self.counts["not_reports"] += 1
        if report_id is None:
            return
        self.reports["seen"].add(report_id)
        if outcome in ("new", "changed"):
            self.reports[outcome].add(report_id)

    def summary(self) -> dict:
        new, changed = self.reports["new"], self.reports["changed"] - self.reports["new"]
        return {**self.counts, "new": len(new), "changed": len(changed),
                "unchanged": len(self.reports["seen"] - new - changed)}

    def spider_closed(self, spider, reason: str) -> None:
        from twisted.internet import reactor

        reactor.removeSystemEventTrigger(self.shutdown_trigger)
        self.finish(reason)

    def finish(self, reason: str) -> None:
        """Finish the run's row, whatever closed the crawl. A crawl that met a storage error
        says so, even if it was closing for another reason when the error came."""
        if self.database is None:
            return
        if self.crawler.stats.get_value("harvest/storage_errors"):
            reason = STORAGE_ERROR
        try:
            checks = self.database.execute(
                "SELECT count(*) FROM checks c JOIN documents d ON d.id = c.document_id "
                "WHERE d.run_id = ?", [self.run_id]).fetchone()[0]
            with schema.write_transaction(self.database):
                self.database["harvest_runs"].update(self.run_id, {
                    **self.summary(), "checks": checks, "finished_at": now(),
                    "finish_reason": reason,
                    "stats": schema.dumps(self.crawler.stats.get_stats())})
        except (sqlite3.Error, OSError) as error:
            if not is_storage_error(error):
                raise
            logger.error("storage error, the end of run %s (%s) is not recorded: %r",
                         self.run_id, reason, error)
        finally:
            self.release()

    def release(self) -> None:
        if self.database is not None:
            self.database.close()
            self.database = None
        if self.lock is not None:
            self.lock.close()
            self.lock = None
