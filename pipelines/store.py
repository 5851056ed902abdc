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
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils
from scrapy import signals

from harvester.items import ReportDocument
from harvester.registry import Region, load_regions
from harvester.store import filing, schema
from pipelines.identify import identify_item, published_of


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def region_row(region: Region) -> dict:
    return {"slug": region.slug, "name": region.name, "code": region.code,
            "level": region.level, "parent": region.parent, "parent_name": region.parent_name,
            "home": region.home, "hosts": schema.dumps(list(region.allowed_hosts))}


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
               run_id: int | None) -> tuple[str, int | None]:
    """Write one document; returns what it was (``unchanged``, ``new``, ``changed``, ``copy``,
    ``earlier_version``, ``failed``, ``not_report``) and its report's id."""
    parsed = item.parsed if item.parsed is not None else {}
    text = parsed.pop("text", None)
    known = item.recalled or filing.known_document(database, item.url, item.sha256)
    if known:
        return "unchanged", known["report_id"]
    if item.kind is None:  # stored without the identify pipeline (a script, a test)
        identify_item(item)
    checks = [*({**c, "source": "parser"} for c in parsed.get("checks", ())),
              *({**c, "source": "harvest"} for c in item.checks)]
    with schema.write_transaction(database):
        return filing.file_document(database,
                                    document_row(item, parsed, text, run_id, item.kind),
                                    checks, item.identity, run_id)


class StorePipeline:
    def __init__(self, crawler, database_path: str) -> None:
        self.crawler = crawler
        self.database_path = database_path
        self.database: sqlite_utils.Database | None = None
        self.run_id: int | None = None
        self.reports: dict[str, set[int]] = {"new": set(), "changed": set(), "seen": set()}
        self.counts = {"found": 0, "failed": 0, "not_reports": 0}

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler, crawler.settings.get("HARVEST_DB", "data/harvest.db"))
        # spider_closed, not close_spider: Scrapy's own stats (finish time and reason) are
        # complete only once the spider has closed.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.database = schema.connect(self.database_path)
        # The crawled region's registry entry (the spider's, or the region a portal crawl
        # stamps), not the whole registry: a harvest opens hundreds of spiders.
        spider = self.crawler.spider
        slugs = {getattr(spider, "name", None), getattr(getattr(spider, "region", None), "slug",
                                                        None)}
        registry = load_regions()
        schema.sync_regions(self.database, [region_row(registry[slug]) for slug in slugs
                                            if slug in registry])
        with schema.write_transaction(self.database):
            self.run_id = self.database["harvest_runs"].insert(
                {"spider": getattr(spider, "name", "?"), "started_at": now()}).last_pk

    def process_item(self, item: ReportDocument) -> ReportDocument:
        outcome, report_id = store_item(self.database, item, self.run_id)
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
        if self.database is None:
            return
        summary = self.summary()
        checks = self.database.execute(
            "SELECT count(*) FROM checks c JOIN documents d ON d.id = c.document_id "
            "WHERE d.run_id = ?", [self.run_id]).fetchone()[0]
        with schema.write_transaction(self.database):
            self.database["harvest_runs"].update(self.run_id, {
                **summary, "checks": checks, "finished_at": now(), "finish_reason": reason,
                "stats": schema.dumps(self.crawler.stats.get_stats())})
        self.database.close()
        self.database = None
