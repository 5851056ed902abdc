"""Heilongjiang 集约化 platforms with the Hegang JSON list API (docs/portals.md section 4).

A column ``/<site>/<col>/list.shtml`` is a shell; its records come from
``GET /common/search/<32-hex channel>?_isAgg=false&_isJson=true&_pageSize=15&…&page=N``
(sent with the list page as Referer), answering
``{"data": {"total": …, "results": [{"title", "url", "publishedTimeStr"}…]}}``. Articles are
``/<site>/<col>/<YYYYMM>/<id or 32 hex>.shtml``; the same tree may be served on several
domains (the registry's ``alias_hosts``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response, TextResponse

from spiders import page
from spiders.base import ReportSpider

_SEARCH = re.compile(r"""["']?((?:https?://[^/"']+)?/common/search/[0-9a-fA-F]{32}[^"'\s<>]*)""")
DEFAULT_QUERY = {"_isAgg": "false", "_isJson": "true", "_pageSize": "15", "_template": "index",
                 "_rangeTimeGte": "", "_channelName": ""}


def search_url(found: str, page_url: str, number: int) -> str:
    """The list API URL for page ``number``, keeping what the page's own URL sets."""
    parts = urlsplit(urljoin(page_url, found))
    query = {**DEFAULT_QUERY, **dict(parse_qsl(parts.query, keep_blank_values=True)),
             "page": str(number)}
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


class HegangJsonSpider(ReportSpider):
    """Base spider for the Hegang JSON list API; no knobs: the channel is read from the
    list page."""

    family = "hegang_json"
    family_marker = re.compile(r"/common/search/[0-9a-fA-F]{32}")

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.parse_hegang_list(response)

    def parse_hegang_list(self, response: Response) -> Iterator[scrapy.Request]:
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        channels = dict.fromkeys(m.group(1) for m in _SEARCH.finditer(response.text))
        if not channels:
            self.record("unexpected", response.url, reason="no /common/search/ channel")
        for found in channels:
            request = self.follow(search_url(found, response.url, 1), self.parse_hegang_json,
                                  found=found, list_url=response.url,
                                  meta={"referer": response.url})
            if request is not None:
                request.headers["Referer"] = response.url
                yield request

    def parse_hegang_json(self, response: Response, found: str,
                          list_url: str) -> Iterator[scrapy.Request]:
        if self.refused(response):
            return
        try:
            data = json.loads(response.text).get("data") or {}
            results = [r for r in data.get("results") or [] if isinstance(r, dict)]
        except (ValueError, AttributeError, TypeError):
            self.record("unexpected", response.url, reason="list API answer is not JSON")
            return
        for result in results:
            if not isinstance(result.get("url"), str) or not result["url"]:
                continue
            request = self.article(urljoin(response.url, result["url"]),
                                   found_via="hegang-json",
                                   listing={"title": result.get("title"),
                                            "date": result.get("publishedTimeStr")})
            if request is not None:
                yield request
        query = dict(parse_qsl(urlsplit(response.url).query))
        if query.get("page") != "1":
            return
        per_page = page.count(data.get("rows") or query.get("_pageSize"), 15) or 15
        pages = math.ceil(page.count(data.get("total")) / per_page)
        for number in range(2, pages + 1):
            request = self.follow(search_url(found, list_url, number), self.parse_hegang_json,
                                  found=found, list_url=list_url)
            if request is not None:
                request.headers["Referer"] = list_url
                yield request
