"""``python -m harvester crawl SLUG...``: several regions in one Scrapy process.

``scrapy crawl`` runs one spider a process; starting a process costs a second or two of
imports before the first request, which dominates a small county portal of fifty pages. For a
harvest of hundreds of portals, ``python -m harvester harvest --regions-per-process N`` hands N
regions to this runner, which crawls them in one reactor, a few at a time, each with its own
settings (``JOBDIR`` per region), stats and ``harvest_runs`` row, exactly as ``scrapy crawl``
would.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.utils.project import get_project_settings
from twisted.internet import defer


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

    settings = get_project_settings()
    settings.setdict(dict(args.setting), priority="cmdline")
    process = CrawlerProcess(settings)
    known = set(process.spider_loader.list())
    unknown = [slug for slug in args.regions if slug not in known]
    if unknown:
        print(f"unknown regions: {', '.join(unknown)} (see `scrapy list`)", file=sys.stderr)
        return 2

    failures: list[str] = []

    first = [True]

    def crawler_for(slug: str) -> Crawler:
        region_settings = settings  # Crawler takes its own copy
        if args.jobdir:
            region_settings = settings.copy()
            region_settings.set("JOBDIR", str(Path(args.jobdir) / slug), priority="cmdline")
        # The first crawler installs the reactor, as CrawlerProcess does for its own.
        init_reactor, first[0] = first[0], False
        return Crawler(process.spider_loader.load(slug), region_settings,
                       init_reactor=init_reactor)

    def crawl(slug: str) -> defer.Deferred:
        deferred = process.crawl(crawler_for(slug))
        deferred.addErrback(lambda failure: failures.append(f"{slug}: {failure.value!r}"))
        return deferred

    semaphore = defer.DeferredSemaphore(max(1, args.concurrent))
    everything = defer.DeferredList([semaphore.run(crawl, slug) for slug in args.regions])
    from twisted.internet import reactor  # the one CrawlerProcess installed (TWISTED_REACTOR)

    # When every crawl fails at once (a bad setting, say), the list fires before the reactor
    # runs: stopping it then would fail, and the process would wait for ever.
    everything.addBoth(lambda _: reactor.callWhenRunning(reactor.stop))
    process.start(stop_after_crawl=False)
    for failure in failures:
        print(f"crawl failed: {failure}", file=sys.stderr)
    return 1 if failures else 0
