"""Pipeline 1b: a document the harvest already holds is recalled, not read again.

A re-crawl fetches (or revalidates) every report it stored before. When the database holds a
document with the same URL and the same bytes (``item.sha256`` from pipeline 1), its stored
parse and text are put on the item, and cleaning and parsing leave it alone: reading it again
would give the same answer, at the cost of OCR and converters for scans and old Word files.
The store then writes nothing for it.
"""

from __future__ import annotations

import json

import sqlite_utils

from harvester import db as harvest_db
from harvester.items import ReportDocument


def stored_parse(database: sqlite_utils.Database, item: ReportDocument) -> dict | None:
    """The parse kept with this very document (same URL, same bytes), with its text."""
    row = database.execute("SELECT parsed, clean_text FROM documents WHERE url = ? AND sha256 = ?",
                           [item.url, item.sha256]).fetchone()
    if row is None:
        return None
    parsed, text = row
    return {**json.loads(parsed or "{}"), "text": text}


class RecallPipeline:
    def __init__(self, database_path: str) -> None:
        self.database_path = database_path
        self.database: sqlite_utils.Database | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("HARVEST_DB", "data/harvest.db"))

    def open_spider(self) -> None:
        self.database = harvest_db.connect(self.database_path)

    def close_spider(self) -> None:
        if self.database is not None:
            self.database.close()

    def process_item(self, item: ReportDocument) -> ReportDocument:
        if self.database is not None and item.parsed is None:
            item.parsed = stored_parse(self.database, item)
        return item
