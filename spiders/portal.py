"""``scrapy crawl portal -a home=URL``: harvest a portal nobody described.

From the home page the spider looks for the annual-report column itself (links named
政府信息公开年报 / 年度报告 / 年报, through 政务公开 / 信息公开 / 公开目录 pages and agency
trees, a few links deep), recognises the CMS family of each column from its markup, and reads
it with that family's code; a column of no known family is read as a generic list with
next-page links. It fetches from the home page's host and, for list services a page names
(JSONP search, gkmlpt), from other ``*.gov.cn`` hosts; never from anything else.

Arguments: ``home`` (required), ``region`` (the slug to stamp on items, default ``portal``),
and the ``years`` / ``agency`` filters of every spider.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response, TextResponse

from harvester.registry import Region
from spiders.families import FAMILY_SPIDERS
from spiders.families.generic import GenericListSpider


def detect_family(html: str) -> str:
    """The CMS family a column page's markup shows: the first registered family whose marker
    it matches, in the order of ``FAMILY_SPIDERS``; the fallback, ``generic``, when none does."""
    for family, spider in FAMILY_SPIDERS.items():
        if spider.family_marker is not None and spider.family_marker.search(html):
            return family
    return GenericListSpider.family


class PortalSpider(*FAMILY_SPIDERS.values()):
    """Every family's base spider at once, so that a column is read with the code of the
    family :func:`detect_family` names. What two families do differently (``parse_column``,
    ``article_pattern``) the portal defines for itself, so the order of the bases decides
    nothing."""

    name = "portal"
    article_pattern = re.compile("|".join(dict.fromkeys(
        spider.article_pattern.pattern for spider in FAMILY_SPIDERS.values()
        if spider.article_pattern is not None)))

    def __init__(self, *args: Any, home: str | None = None, region: str = "portal",
                 **kwargs: Any) -> None:
        if not home:
            raise ValueError("portal needs the home page: scrapy crawl portal -a home=URL")
        host = (urlsplit(home).hostname or "").lower()
        self.region = Region(slug=region, name=host, code="", level="county", parent="",
                             parent_name="", home=home, family=GenericListSpider.family,
                             allowed_hosts=(host,))
        super().__init__(*args, **kwargs)

    def home_request(self) -> scrapy.Request | None:
        return self.follow(self.region.home, self.parse_home, hops=0)

    def allowed(self, url: str) -> bool:
        """The home page's host, and other government hosts for list services."""
        host = (urlsplit(url).hostname or "").lower()
        return urlsplit(url).scheme in ("http", "https") and (
            host in self.region.allowed_hosts or host.endswith(".gov.cn"))

    def canonical(self, url: str) -> str:
        """Links to the home page's host are fetched over the scheme the home page answered
        on: a portal's own API may hand out https URLs while the host speaks only http."""
        url = super().canonical(url)
        home = urlsplit(self.region.home)
        parts = urlsplit(url)
        if parts.hostname == home.hostname and parts.scheme != home.scheme:
            return urlunsplit((home.scheme, *parts[1:]))
        return url

    def hosts(self):
        """For the offsite middleware, which also sees redirects: the home page's host and
        every host under gov.cn."""
        return (*self.region.allowed_hosts, "gov.cn")

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        family = detect_family(response.text)
        self.logger.info("column %s family %s", response.url, family)
        if self.crawler is not None:
            self.crawler.stats.set_value(f"harvester/family/{response.url}", family)
        yield from FAMILY_SPIDERS[family].parse_column(self, response)
