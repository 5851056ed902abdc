"""``python -m harvester crawl SLUG...``: several regions in one Scrapy process.

``scrapy crawl`` runs one spider a process; starting a process costs a second or two of
imports before the first request, which dominates a small county portal of fifty pages. For a
harvest of hundreds of portals, ``python -m harvester harvest --regions-per-process N`` hands N
regions to this runner, which crawls them in one reactor, a few at a time, each with its own
settings (``JOBDIR`` per region), stats and ``harvest_runs`` row, exactly as ``scrapy crawl``
would.

Its exit status tells the harvest how the crawls ended: 0 when every crawl finished (closed by
Scrapy, its close timeout included), :data:`EXIT_STORAGE_ERROR` when a crawl met a storage error
(:mod:`harvester.store.faults`), whether or not its ``harvest_runs`` row could say so, 1 when a
crawl failed otherwise or could not start (a region another process is crawling,
:mod:`harvester.store.region_lock`), :data:`EXIT_INTERRUPTED` when a signal stopped the crawls.
"""

from __future__ import annotations

import argparse
import copy
import sqlite3
import sys
from pathlib import Path

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import BaseSettings, Settings, SettingsAttribute
from scrapy.utils.project import get_project_settings
from twisted.internet import defer

from harvester.store.faults import STORAGE_ERROR, is_storage_error

EXIT_STORAGE_ERROR = 3
EXIT_INTERRUPTED = 4
_UNCHANGEABLE = (str, bytes, int, float, bool, type(None))


class QuickCopySettings(Settings):
    """Settings whose copy shares the values nobody can change in place.

    Every crawler copies the settings it is given (``Crawler.__init__``), and Scrapy's copy is
    ``copy.deepcopy``: some 2,500 objects for this project's settings, about a fifth of a crawler's
    set-up. A process that crawls hundreds of regions pays it hundreds of times. Strings,
    numbers, None and tuples of them are shared; lists, dicts and nested settings are copied,
    so a crawler's changes stay its own, as with Scrapy's copy.
    """

    def copy(self):
        return quick_copy(self)


def quick_copy(settings: BaseSettings) -> BaseSettings:
    clone = copy.copy(settings)  # the same class and flags; the attributes are replaced
    clone.attributes = {}
    for name, attribute in settings.attributes.items():
        copied = object.__new__(SettingsAttribute)
        copied.value, copied.priority = _copied_value(attribute.value), attribute.priority
        clone.attributes[name] = copied
    return clone


def _copied_value(value):
    if isinstance(value, BaseSettings):
        return quick_copy(value)
    if isinstance(value, _UNCHANGEABLE) or (
            isinstance(value, tuple) and all(isinstance(v, _UNCHANGEABLE) for v in value)):
        return value
    return copy.deepcopy(value)


# SQLite's page caches, process-wide: every crawl holds a few connections (the store, recall,
# the spider's memo, the HTTP cache), each caching up to 2 MB of pages, which a process of a
# hundred crawls at once pays a hundred times. Beyond this SQLite reuses pages of any cache.
SQLITE_SOFT_HEAP_LIMIT = 64 * 1024 * 1024


def limit_sqlite_memory(limit: int = SQLITE_SOFT_HEAP_LIMIT) -> None:
    with sqlite3.connect(":memory:") as connection:
        connection.execute(f"PRAGMA soft_heap_limit = {int(limit)}")


# How often a crawl's engine looks whether its crawl is done, in a process of many crawls.
IDLE_CHECK_SECONDS = 1.0


def close_idle_crawls_sooner(seconds: float = IDLE_CHECK_SECONDS) -> None:
    """Let a crawl that has nothing left to do close within ``seconds``, not Scrapy's five.

    Scrapy's engine looks whether its crawl is idle when a download ends and on a heartbeat
    of five seconds (``ExecutionEngine._SLOT_HEARTBEAT_INTERVAL``, Scrapy 2.13 to 2.19); the
    last download of a crawl ends before its item has gone through the pipelines, so nearly
    every crawl waited for the heartbeat: two and a half seconds on average, in each of the
    slots of a process that crawls a hundred regions at once, where the next region would
    have been crawling. tests/run/test_crawl_batch.py checks that Scrapy still has it."""
    from scrapy.core.engine import ExecutionEngine

    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = seconds


def parse_setting(text: str) -> tuple[str, str]:
    name, separator, value = text.partition("=")
    if not separator or not name:
        raise argparse.ArgumentTypeError(f"a setting is NAME=VALUE: {text!r}")
    return name, value


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m harvester crawl",
                                     description="Crawl several regions in one process.")
    parser.add_argument("regions", nargs="+", metavar="SLUG")
    parser.add_argument("--concurrent", type=int, default=4,
                        help="regions crawled at the same time (default 4)")
    parser.add_argument("--jobdir", help="parent of one JOBDIR per region, for resuming")
    parser.add_argument("-s", "--setting", action="append", type=parse_setting, default=[],
                        help="Scrapy setting NAME=VALUE, as with scrapy crawl -s")
    args = parser.parse_args(argv)
    if len(args.regions) > 1:
        limit_sqlite_memory()
        close_idle_crawls_sooner()

    settings = QuickCopySettings(get_project_settings())
    settings.setdict(dict(args.setting), priority="cmdline")
    process = CrawlerProcess(settings)
    known = set(process.spider_loader.list())
    unknown = [slug for slug in args.regions if slug not in known]
    if unknown:
        print(f"unknown regions: {', '.join(unknown)} (see `scrapy list`)", file=sys.stderr)
        return 2

    failures: dict[str, str] = {}
    storage_errors: list[str] = []
    crawlers: dict[str, Crawler] = {}
    first = [True]

    def crawler_for(slug: str) -> Crawler:
        region_settings = settings  # Crawler takes its own copy
        if args.jobdir:
            region_settings = settings.copy()
            region_settings.set("JOBDIR", str(Path(args.jobdir) / slug), priority="cmdline")
        # The first crawler installs the reactor, as CrawlerProcess does for its own.
        init_reactor, first[0] = first[0], False
        crawlers[slug] = Crawler(process.spider_loader.load(slug), region_settings,
                                 init_reactor=init_reactor)
        return crawlers[slug]

    def failed(slug: str, failure) -> None:
        failures[slug] = repr(failure.value)
        if is_storage_error(failure.value):
            storage_errors.append(slug)

    def crawl(slug: str) -> defer.Deferred:
        deferred = process.crawl(crawler_for(slug))
        deferred.addErrback(lambda failure: failed(slug, failure))
        return deferred

    semaphore = defer.DeferredSemaphore(max(1, args.concurrent))
    everything = defer.DeferredList([semaphore.run(crawl, slug) for slug in args.regions])
    from twisted.internet import reactor  # the one CrawlerProcess installed (TWISTED_REACTOR)

    # When every crawl fails at once (a bad setting, say), the list fires before the reactor
    # runs: stopping it then would fail, and the process would wait for ever.
    everything.addBoth(lambda _: reactor.callWhenRunning(reactor.stop))
    process.start(stop_after_crawl=False)
    for slug, failure in failures.items():
        print(f"crawl failed: {slug}: {failure}", file=sys.stderr)
    storage_errors += [slug for slug, crawler in crawlers.items()
                       if crawler.stats.get_value("harvest/storage_errors")]
    # A crawl a signal stopped, or never started: no finish reason, or Scrapy's "shutdown".
    interrupted = [slug for slug in args.regions if slug not in failures and (
        slug not in crawlers or crawlers[slug].stats.get_value("finish_reason") in (
            None, "shutdown"))]
    for slug in storage_errors:
        print(f"{STORAGE_ERROR}: {slug} stopped, a document could not be stored (see the log)",
              file=sys.stderr)
    if storage_errors:
        return EXIT_STORAGE_ERROR
    if failures:
        return 1
    return EXIT_INTERRUPTED if interrupted else 0
