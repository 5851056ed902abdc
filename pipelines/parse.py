"""Pipeline 3: parse the document with the parser library (:mod:`harvester.report`).

``item.parsed`` becomes the ``REPORT_FORMAT.md`` object. The document's text as the reader read
it rides along under ``parsed["text"]`` for full-text search; the store moves it to its own
column, so it never reaches the report object a researcher sees.

A document the database already holds with the same URL and bytes is not parsed again (OCR
takes seconds a page): its stored parse is read back, and the store will write nothing for it.

In a crawl, parsing runs in worker threads, at most ``PARSE_THREADS`` at once (the readers of
binary formats work in child processes, so threads overlap them): a scanned report read by OCR
for ten seconds no longer holds up every download behind it.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import sqlite_utils
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads

from harvester import db as harvest_db
from harvester.checks import check
from harvester.document import Document
from harvester.items import ReportDocument
from harvester.readers import read_document
from harvester.report import parse_document


def document_name(item: ReportDocument) -> str | None:
    """The file name the readers use to tell formats apart: the attachment's name as the link
    gave it, else the last part of the URL path."""
    return item.file_name or PurePosixPath(urlsplit(item.url).path).name or None


def read(item: ReportDocument) -> Document:
    try:
        return read_document(item.body, document_name(item))
    except Exception as exc:  # a reader bug must not stop the harvest; it becomes a check
        return Document(cells=[], checks=[check(
            "unreadable", "error", "document",
            f"the reader failed: {type(exc).__name__}: {exc}")])


def parse(document: Document, source: str) -> dict:
    try:
        return parse_document(document, source=source)
    except Exception as exc:  # a parser bug must not stop the harvest either
        return {"source": source, "title": None, "agency": None, "year": None,
                "template": None, "published": None, "checks": [*document.checks, check(
                    "unparsed", "error", "document",
                    f"the parser failed: {type(exc).__name__}: {exc}")]}


def parse_item(item: ReportDocument) -> ReportDocument:
    document = read(item)
    item.parsed = {**parse(document, item.url), "text": document.text}
    return item


def stored_parse(database: sqlite_utils.Database, item: ReportDocument) -> dict | None:
    """The parse kept with this very document (same URL, same bytes), with its text."""
    rows = list(database.query("SELECT parsed, clean_text FROM documents "
                               "WHERE url = ? AND sha256 = ?", [item.url, item.sha256]))
    if not rows:
        return None
    return {**json.loads(rows[0]["parsed"] or "{}"), "text": rows[0]["clean_text"]}


class ParsePipeline:
    def __init__(self, database_path: str | None = None, threads: int = 0) -> None:
        """``threads=0`` parses in the calling thread (tests, scripts)."""
        self.database_path = database_path
        self.database: sqlite_utils.Database | None = None
        self.workers = defer.DeferredSemaphore(threads) if threads > 0 else None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("HARVEST_DB", "data/harvest.db"),
                   crawler.settings.getint("PARSE_THREADS", 2))

    def open_spider(self) -> None:
        if self.database_path:
            self.database = harvest_db.connect(self.database_path)

    def close_spider(self) -> None:
        if self.database is not None:
            self.database.close()

    def known(self, item: ReportDocument) -> bool:
        """Whether the database holds this very document; if so its parse is read back."""
        stored = stored_parse(self.database, item) if self.database is not None else None
        if stored is not None:
            item.parsed = stored
        return stored is not None

    def parse(self, item: ReportDocument) -> ReportDocument:
        """The pipeline's work in the calling thread."""
        return item if self.known(item) else parse_item(item)

    async def process_item(self, item: ReportDocument) -> ReportDocument:
        if self.workers is None or self.known(item):
            return self.parse(item)
        return await maybe_deferred_to_future(
            self.workers.run(threads.deferToThread, parse_item, item))
