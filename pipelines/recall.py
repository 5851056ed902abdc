"""Pipeline 1: which document these bytes are, and what the harvest already holds of them.

The document's identity is the sha256 of its bytes (``item.sha256``), under which the store
keeps it (pipeline 1b). A re-crawl fetches (or revalidates) every document it stored before.
When the database holds a document with the same URL and the same bytes
(:func:`harvester.store.filing.stored_copy`, the lookup the store and merge use too), it is
recalled:

- its stored parse and text are put on the item, and cleaning and parsing leave it alone:
  reading it again would give the same answer, at the cost of OCR and converters for scans and
  old Word files;
- ``item.recalled`` names the stored row (its id and report id), so the store writes nothing
  and keeping the original does not read its fetch record again (see
  :mod:`pipelines.keep_original`).
"""

from __future__ import annotations

import hashlib
import sqlite3

import sqlite_utils
from scrapy.crawler import Crawler

from harvester.items import ReportDocument
from harvester.store import filing, schema
from harvester.store.faults import is_storage_error
from pipelines.store import storage_failure


def recall(database: sqlite_utils.Database | None, item: ReportDocument) -> ReportDocument:
    item.sha256 = hashlib.sha256(item.body).hexdigest()
    if database is None or item.parsed is not None:
        return item
    stored = filing.stored_copy(database, item.url, item.sha256)
    if stored is not None:
        item.recalled, item.parsed = stored
    return item


class RecallPipeline:
    def __init__(self, database_path: str, crawler: Crawler | None = None) -> None:
        self.database_path = database_path
        self.crawler = crawler
        self.database: sqlite_utils.Database | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("HARVEST_DB", "data/harvest.db"), crawler)

    def open_spider(self) -> None:
        self.database = schema.connect(self.database_path)

    def close_spider(self) -> None:
        if self.database is not None:
            self.database.close()

    def process_item(self, item: ReportDocument) -> ReportDocument:
        """A database that cannot be read (an I/O error, locked beyond the busy timeout) is a
        storage error, as in :mod:`pipelines.store`."""
        try:
            return recall(self.database, item)
        except sqlite3.Error as error:
            if not is_storage_error(error):
                raise
            raise storage_failure(self.crawler, item, error) from error
