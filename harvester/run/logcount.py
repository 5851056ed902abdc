"""Log counts per crawl (``log_count/<LEVEL>``) with one handler per process.

Scrapy's LogCount extension adds a handler to the root logger for every crawl, and each handler
counts every record of the process: in a process crawling 200 regions at once, every log record
went through 200 handlers, and each region's ``log_count/ERROR`` counted the errors of all the
others (a region that met none showed 8). Here one handler serves the whole process and counts
a record in the crawl whose spider logged it (Scrapy's and the spiders' records carry it); a
record of no spider (Twisted, warnings) counts in the only crawl running, as before, and in
none when several run, since it belongs to none of them.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector


class _SharedCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.crawls: dict[int, tuple[StatsCollector, int]] = {}  # id(spider) → (stats, level)

    def emit(self, record: logging.LogRecord) -> None:
        spider = getattr(record, "spider", None)
        if spider is not None:
            crawl = self.crawls.get(id(spider))
        elif len(self.crawls) == 1:
            crawl = next(iter(self.crawls.values()))
        else:
            return
        if crawl is not None and record.levelno >= crawl[1]:
            crawl[0].inc_value(f"log_count/{record.levelname}")


_COUNTER = _SharedCounter()


class SharedLogCount:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedLogCount:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        level = logging.getLevelName(self.crawler.settings.get("LOG_LEVEL") or "DEBUG")
        _COUNTER.crawls[id(spider)] = (self.crawler.stats,
                                       level if isinstance(level, int) else logging.DEBUG)
        if _COUNTER not in logging.root.handlers:
            logging.root.addHandler(_COUNTER)

    def spider_closed(self, spider: Spider) -> None:
        _COUNTER.crawls.pop(id(spider), None)
        if not _COUNTER.crawls:
            logging.root.removeHandler(_COUNTER)
