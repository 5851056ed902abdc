"""How far a crawl goes: a request budget, a depth limit, links per page, and trap sense.

Real portals have calendar widgets, search result pages, endless ``index_N`` lists and pages of
50,000 links; unbounded, a crawl of one never ends. Every crawl is bounded by this spider
middleware instead, and each bound it meets is recorded, never silent: an outcome of the
spider (``budget`` or ``trap``, see ``spiders.base``) and the crawl stats ``harvest/budget/…``
and ``harvest/trap/…``.

- **Request budget** (setting ``HARVEST_REQUEST_BUDGET``, a region's ``request_budget``):
  requests that reach the downloader. When it is spent the crawl closes with the finish reason
  ``request_budget``; requests are fetched reports first (``ReportSpider.priority``), so what
  is left then matters least.
- **Depth** (``HARVEST_DEPTH_LIMIT``, a region's ``depth_limit``): links from a start request,
  pagination included.
- **Links per page** (``HARVEST_LINKS_PER_PAGE``): requests one response may add; report-titled
  links, files and attachments are not counted (they are what the crawl is for).
- **Trap sense**: URLs of one :func:`shape` (digits aside) are siblings. Past
  ``HARVEST_TRAP_SIBLINGS`` of them the shape is a trap (a calendar, a search, an endless
  list) and no more of it are followed; report-titled links are exempt, since a report column
  is a long run of them. And an HTML page that links nothing no page before it linked does
  not lead to its next page (a request of its own callback and shape): a list whose pages
  repeat themselves or run empty stops there.

A setting of 0 switches its bound off.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.utils.defer import deferred_from_coro

from spiders.base import REPORT_PRIORITY

_DIGITS = re.compile(r"\d+")


def shape(url: str) -> str:
    """What a URL is once its counters and dates are set aside: host (with its port), path and
    query with every run of digits a ``#`` (``/list/index_#.html``, ``/cal?d=#-#-#``)."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return parts.netloc.lower() + _DIGITS.sub("#", parts.path + query)


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
        self.siblings = settings.getint("HARVEST_TRAP_SIBLINGS")
        self.requested = 0
        self.seen: set[str] = set()
        self.shapes: Counter[str] = Counter()
        self.trapped: set[str] = set()
        self.listed: set[str] = set()
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

    def process_spider_output(self, response: Response,
                              result: Iterable[Any]) -> Iterator[Any]:
        page = _Page(self, response, self.crawler.spider)
        for thing in result:
            if page.admit(thing):
                yield thing
        yield from page.close()

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        page = _Page(self, response, self.crawler.spider)
        async for thing in result:
            if page.admit(thing):
                yield thing
        for thing in page.close():
            yield thing

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
        self.callback = callback_name(response.request)
        self.shape = shape(response.url)
        self.links = 0
        self.next_pages: list[scrapy.Request] = []
        self.dropped: Counter[str] = Counter()

    def admit(self, thing: Any) -> bool:
        """Whether a request (or an item, always) goes on now; a next page waits for
        :meth:`close`."""
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
            if self.trap(thing):
                return False
        if callback_name(thing) == self.callback and shape(thing.url) == self.shape:
            self.next_pages.append(thing)
            return False
        limits.seen.add(thing.url)
        return True

    def trap(self, request: scrapy.Request) -> bool:
        """Whether a request is one sibling too many of its shape (recorded once a shape)."""
        limits = self.limits
        if not limits.siblings or request.url in limits.seen:
            return False
        sibling = shape(request.url)
        if sibling in limits.trapped:
            self.limits.crawler.stats.inc_value("harvest/trap/dropped")
            return True
        limits.shapes[sibling] += 1
        if limits.shapes[sibling] <= limits.siblings:
            return False
        limits.trapped.add(sibling)
        limits.record(self.spider, "trap", request.url, reason="siblings", shape=sibling,
                      limit=limits.siblings)
        limits.crawler.stats.inc_value("harvest/trap/dropped")
        return True

    def close(self) -> list[scrapy.Request]:
        """The next pages, if the page added anything new; the bounds met, recorded."""
        limits = self.limits
        stale = bool(self.next_pages) and not self.lists_news()
        if stale:
            limits.record(self.spider, "trap", self.response.url, reason="stale_pagination",
                          next_page=self.next_pages[0].url)
        else:
            limits.seen.update(request.url for request in self.next_pages)
        for bound, dropped in self.dropped.items():
            limit = limits.depth_limit if bound == "depth" else limits.links_per_page
            limits.record(self.spider, "budget", self.response.url, bound=bound, limit=limit,
                          dropped=dropped)
            limits.crawler.stats.inc_value(f"harvest/budget/{bound}_dropped", dropped)
        return [] if stale else self.next_pages

    def lists_news(self) -> bool:
        """Whether an HTML page links anything no page before it did, its own other pages
        aside (a list of JSON answers ends by its count, which its family reads)."""
        if not isinstance(self.response, HtmlResponse):
            return True
        entries = {urljoin(self.response.url, href.strip())
                   for href in self.response.css("a::attr(href)").getall()}
        entries = {url for url in entries if shape(url) != self.shape}
        news = entries - self.limits.listed
        self.limits.listed |= news
        return bool(news)
