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
from spiders.families.generic import GenericListSpider
from spiders.families.hanweb import ARTICLE as HANWEB_ARTICLE
from spiders.families.hanweb import HanwebSpider
from spiders.families.hegang_json import HegangJsonSpider
from spiders.families.jilin_jsonp import JilinJsonpSpider
from spiders.families.nfcms_gkmlpt import ARTICLE as NFCMS_ARTICLE
from spiders.families.nfcms_gkmlpt import NfcmsGkmlptSpider
from spiders.families.trs_static import ARTICLE as TRS_ARTICLE
from spiders.families.trs_static import TrsStaticSpider
from spiders.families.vsb import ARTICLE as VSB_ARTICLE
from spiders.families.vsb import VsbSpider

# Markup that gives a family away, checked in this order (docs/portals.md sections 1-5).
FAMILY_MARKERS = (
    ("nfcms_gkmlpt", re.compile(r"window\._CONFIG\s*=|/gkmlpt/|content/post_\d+\.html")),
    ("hegang_json", re.compile(r"/common/search/[0-9a-fA-F]{32}")),
    ("hanweb", re.compile(r"<datastore>|\.jpage\s*\(|/module/web/jpage/|jpaas-publish-server")),
    ("jilin_jsonp", re.compile(r"govsearch/jsonp|jsonp/[\w/]*\.jsp")),
    ("trs_static", re.compile(r"createPageHTML|/t\d{8}_\d+\.s?html?")),
    ("vsb", re.compile(r"vsb_content|v_news_content|_showDynClicks|class=\"p_next"
                       r"|info/\d+/\d+\.htm")),
)
COLUMN_METHODS = {
    "nfcms_gkmlpt": "parse_nfcms_column",
    "hegang_json": "parse_hegang_list",
    "hanweb": "parse_hanweb_column",
    "jilin_jsonp": "parse_jilin_column",
    "trs_static": "parse_trs_list",
    "vsb": "parse_vsb_list",
    "generic": "parse_generic_list",
}


def detect_family(html: str) -> str:
    """The CMS family a column page's markup shows, ``generic`` when none does."""
    for family, marker in FAMILY_MARKERS:
        if marker.search(html):
            return family
    return "generic"


class PortalSpider(JilinJsonpSpider, NfcmsGkmlptSpider, HanwebSpider, HegangJsonSpider,
                   VsbSpider, TrsStaticSpider, GenericListSpider):
    name = "portal"
    article_pattern = re.compile("|".join(
        p.pattern for p in (TRS_ARTICLE, HANWEB_ARTICLE, NFCMS_ARTICLE, VSB_ARTICLE)))

    def __init__(self, *args: Any, home: str | None = None, region: str = "portal",
                 **kwargs: Any) -> None:
        if not home:
            raise ValueError("portal needs the home page: scrapy crawl portal -a home=URL")
        host = (urlsplit(home).hostname or "").lower()
        self.region = Region(slug=region, name=host, code="", level="county", parent="",
                             parent_name="", home=home, family="generic", allowed_hosts=(host,))
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
        yield from getattr(self, COLUMN_METHODS[family])(response)

    def parse_nfcms_column(self, response: Response) -> Iterator[scrapy.Request]:
        yield from NfcmsGkmlptSpider.parse_column(self, response)
