"""The Jilin 政府信息公开平台 (TRS, docs/portals.md section 1): per-agency channels, JSONP lists.

Every agency has its own channel directory with its own 年报 column (``ndbg/`` or
``zfxxgknb/``): the L3 layout. The spider reads the agency tree (the home page or any page
linking channel directories), opens each channel and its 年报 column. A column page fills
its list from an infogate-style JSONP service
(``…/govsearch/jsonp/zf_jd_list.jsp?page=N&channelId=…&callback=result``) whose answer is a
BOM and blank lines, then ``result({...});``; records carry ``puburl`` and ``tip.title`` /
``tip.dates`` / ``tip.publisher``. Static ``tYYYYMMDD_<id>.html`` links on the page, if any,
are read too.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response, TextResponse

from harvester.parse.vocabulary import compact
from spiders import page
from spiders.base import COLUMN_WORDS
from spiders.families.trs_static import ARTICLE, TrsStaticSpider

_JSONP_URL = re.compile(r"""["']((?:https?:)?[^"'\s]*jsonp[^"'\s]*\.jsp[^"'\s]*)["']""")
_DIRECTORY = re.compile(r"/(?:index\.s?html?)?$")
_COLUMN_SLUG = re.compile(r"/(?:ndbg|zfxxgknb|zfxxgkndbg|xxgknb|gknb)/(?:index\.html?)?$")


def jsonp_payload(text: str) -> dict | list | None:
    """The JSON inside a JSONP answer (BOM, blank lines, ``callback(…);``), or None."""
    text = text.lstrip("\ufeff \r\n\t")
    start, end = text.find("("), text.rfind(")")
    if start < 0 or end <= start:
        return None
    try:
        return json.loads(text[start + 1:end])
    except ValueError:
        return None


def with_page(url: str, number: int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query["page"] = str(number)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


class JilinJsonpSpider(TrsStaticSpider):
    """Base spider for the Jilin platform.

    Knobs: ``article_pattern`` (TRS ``tYYYYMMDD_<id>.html``). Starts at the registry's
    report columns and reads the agency tree from the home page.
    """

    family = "jilin_jsonp"
    family_marker = re.compile(r"govsearch/jsonp|jsonp/[\w/]*\.jsp")
    article_pattern = ARTICLE

    def home_request(self) -> scrapy.Request | None:
        return self.follow(self.region.home, self.parse_agency_tree)

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.parse_jilin_column(response)

    def parse_agency_tree(self, response: Response, depth: int = 0) -> Iterator[scrapy.Request]:
        """Follow every link to a 年报 column; from the home page (depth 0) and the agency
        tree (depth 1), open the agency channels whose own page names their column."""
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        for link in response.css("a[href]"):
            url = urljoin(response.url, link.attrib["href"].strip())
            path = urlsplit(url).path
            text = page.text_of(link)
            if _COLUMN_SLUG.search(path) or (
                    COLUMN_WORDS.search(compact(text)) and not ARTICLE.search(url)):
                request = self.follow(url, self.parse_jilin_column)
            elif depth < 2 and _DIRECTORY.search(path) and path not in ("/", "/index.html"):
                request = self.follow(url, self.parse_agency_tree, depth=depth + 1)
            else:
                continue
            if request is not None:
                yield request

    def parse_jilin_column(self, response: Response) -> Iterator[scrapy.Request]:
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        yield from self.list_links(response, found_via="jilin-list")
        sources = response.css("script[src]::attr(src)").getall() + _JSONP_URL.findall(
            "\n".join(response.css("script::text").getall()))
        for found in dict.fromkeys(html.unescape(s) for s in sources if "jsonp" in s):
            request = self.follow(with_page(urljoin(response.url, found), 1),
                                  self.parse_jsonp, number=1, seen=0)
            if request is not None:
                yield request

    def parse_jsonp(self, response: Response, number: int,
                    seen: int) -> Iterator[scrapy.Request]:
        if self.refused(response):
            return
        payload = jsonp_payload(response.text)
        if not isinstance(payload, dict | list):
            self.record("unexpected", response.url, reason="not a JSONP answer")
            return
        rows = payload if isinstance(payload, list) else (
            payload.get("data") or payload.get("list") or payload.get("result") or [])
        rows = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
        total = 0 if isinstance(payload, list) else page.count(
            payload.get("totalCount") or payload.get("total"))
        for row in rows:
            tip = row.get("tip") if isinstance(row.get("tip"), dict) else {}
            url = row.get("puburl") or row.get("url")
            if not isinstance(url, str) or not url:
                continue
            request = self.article(urljoin(response.url, url), found_via="jsonp", listing={
                "title": tip.get("title") or row.get("title"),
                "date": tip.get("dates"), "agency": tip.get("publisher")})
            if request is not None:
                yield request
        seen += len(rows)
        if rows and (not total or seen < total):
            request = self.follow(with_page(response.url, number + 1), self.parse_jsonp,
                                  number=number + 1, seen=seen)
            if request is not None:
                yield request
