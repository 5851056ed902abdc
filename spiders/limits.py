"""How far a crawl goes: a request budget, a depth limit and links per page.

Real portals have calendar widgets, search result pages, endless ``index_N`` lists and pages of
50,000 links; unbounded, a crawl of one never ends. Every crawl is bounded by this spider
middleware instead, and each bound it meets is recorded, never silent: an outcome of the
spider (``budget``, see ``spiders.base``) and the crawl stats ``harvest/budget/…``.

- **Request budget** (setting ``HARVEST_REQUEST_BUDGET``, a region's ``request_budget``):
  requests that reach the downloader. When it is spent the crawl closes with the finish reason
  ``request_budget``; requests are fetched reports first (``ReportSpider.priority``), so what
  is left then matters least.
- **Depth** (``HARVEST_DEPTH_LIMIT``, a region's ``depth_limit``): links from a start request,
  pagination included.
- **Links per page** (``HARVEST_LINKS_PER_PAGE``): requests one response may add; report-titled
  links, files and attachments are not counted (they are what the crawl is for).
A setting of 0 switches its bound off.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro

from spiders.base import REPORT_PRIORITY


def callback_name(request: scrapy.Request | None) -> str:
    return getattr(request.callback, "__name__", "") if request is not None else ""


class CrawlLimits:
    """The spider middleware that bounds a crawl (the module docstring says how)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.budget = settings.getint("HARVEST_REQUEST_BUDGET")
        self.depth_limit = settings.getint("HARVEST_DEPTH_LIMIT")
        self.links_per_page = settings.getint("HARVEST_LINKS_PER_PAGE")
        self.requested = 0
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.request_reached_downloader,
                                signal=signals.request_reached_downloader)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLimits:
        return cls(crawler)

    def spider_opened(self, spider: scrapy.Spider) -> None:
        """A region of the registry may raise the budget and the depth for its portal."""
        region = getattr(spider, "region", None)
        self.budget = getattr(region, "request_budget", None) or self.budget
        self.depth_limit = getattr(region, "depth_limit", None) or self.depth_limit

    def request_reached_downloader(self, request: scrapy.Request,
                                   spider: scrapy.Spider) -> None:
        self.requested += 1
        if self.budget and self.requested == self.budget:
            self.record(spider, "budget", request.url, bound="requests", limit=self.budget)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="request_budget"))

    # ---- a page's requests ------------------------------------------------------------------

    def process_spider_output(self, response: Response, result: Iterable[Any],
                              spider: scrapy.Spider) -> Iterator[Any]:
        page = _Page(self, response, spider)
        for thing in result:
            if page.admit(thing):
                yield thing
        page.record_bounds()

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: scrapy.Spider) -> AsyncIterator[Any]:
        page = _Page(self, response, spider)
        async for thing in result:
            if page.admit(thing):
                yield thing
        page.record_bounds()

    def record(self, spider: scrapy.Spider, kind: str, url: str, **details: Any) -> None:
        """An outcome of the spider (which counts it) and the stat of the bound."""
        name = details.get("bound") or details.get("reason")
        self.crawler.stats.inc_value(f"harvest/{kind}/{name}")
        if hasattr(spider, "record"):
            spider.record(kind, url, **details)


class _Page:
    """The requests one response adds, passed through the bounds."""

    def __init__(self, limits: CrawlLimits, response: Response, spider: scrapy.Spider) -> None:
        self.limits = limits
        self.response = response
        self.spider = spider
        self.depth = response.meta.get("depth", 0) + 1
        self.links = 0
        self.dropped: Counter[str] = Counter()

    def admit(self, thing: Any) -> bool:
        """Whether a request (or an item, always) goes on."""
        if not isinstance(thing, scrapy.Request):
            return True
        limits = self.limits
        if limits.depth_limit and self.depth > limits.depth_limit:
            self.dropped["depth"] += 1
            return False
        report = thing.priority >= REPORT_PRIORITY and callback_name(thing) in (
            "parse_article", "parse_file")
        if not report:
            self.links += 1
            if limits.links_per_page and self.links > limits.links_per_page:
                self.dropped["links"] += 1
                return False
        return True

    def record_bounds(self) -> None:
        """Once a page: the bounds it met, and how many requests each dropped."""
        limits = self.limits
        for bound, dropped in self.dropped.items():
            limit = limits.depth_limit if bound == "depth" else limits.links_per_page
            limits.record(self.spider, "budget", self.response.url, bound=bound, limit=limit,
                          dropped=dropped)
            limits.crawler.stats.inc_value(f"harvest/budget/{bound}_dropped", dropped)
