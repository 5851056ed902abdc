"""Pipeline 3: parse the document with the parser library (:mod:`harvester.parse.report`).

``item.parsed`` becomes the ``docs/report-format.md`` object. The document's text as the reader read
it rides along under ``parsed["text"]`` for full-text search; the store moves it to its own
column, so it never reaches the report object a researcher sees.

A document recalled from the database (:mod:`pipelines.recall`) already has its parse and is
passed on as it is.

In a crawl, parsing runs in worker threads, at most ``PARSE_THREADS`` at once in the process
(the readers of binary formats work in child processes, so threads overlap them): a scanned
report read by OCR for ten seconds no longer holds up every download behind it. The limit is the
process's, shared by every crawl in it: a process crawling 100 regions at once had each region
parse two documents at a time, which filled the reactor's ten threads with parsers fighting the
reactor's own thread for the interpreter lock, answers waiting while they did (500,000
voluntary context switches in a minute), and AutoThrottle slowing every portal down for it.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads

from harvester.checks import check
from harvester.items import ReportDocument
from harvester.parse.document import Document
from harvester.parse.report import failed_report, parse_document, read


def document_name(item: ReportDocument) -> str | None:
    """The file name the readers use to tell formats apart: the attachment's name as the link
    gave it, else the last part of the URL path."""
    return item.file_name or PurePosixPath(urlsplit(item.url).path).name or None


def parse(document: Document, source: str) -> dict:
    try:
        return parse_document(document, source=source)
    except Exception as exc:  # a parser bug must not stop the harvest; it becomes a check
        return failed_report(source, [*document.checks, check(
            "unparsed", "error", "document", f"the parser failed: {type(exc).__name__}: {exc}")])


def parse_item(item: ReportDocument) -> ReportDocument:
    document = read(item.body, document_name(item))
    item.parsed = {**parse(document, item.url), "text": document.text}
    return item


_WORKERS: dict[int, defer.DeferredSemaphore] = {}


def process_workers(threads: int) -> defer.DeferredSemaphore:
    """The process's semaphore of ``threads`` parsing threads, shared by its crawls."""
    if threads not in _WORKERS:
        _WORKERS[threads] = defer.DeferredSemaphore(threads)
    return _WORKERS[threads]


class ParsePipeline:
    def __init__(self, threads: int = 0) -> None:
        """``threads=0`` parses in the calling thread (tests, scripts)."""
        self.workers = process_workers(threads) if threads > 0 else None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("PARSE_THREADS", 2))

    def parse(self, item: ReportDocument) -> ReportDocument:
        """The pipeline's work in the calling thread."""
        return item if item.parsed is not None else parse_item(item)

    async def process_item(self, item: ReportDocument) -> ReportDocument:
        if self.workers is None or item.parsed is not None:
            return self.parse(item)
        return await maybe_deferred_to_future(
            self.workers.run(threads.deferToThread, parse_item, item))
