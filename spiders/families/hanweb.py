"""Hanweb 大汉 JCMS classic portals (docs/portals.md section 2).

A column page ``/col/col<id>/index.html`` shows no list: its first records sit in a
``<script type="text/xml"><datastore>`` island, and a jpage block names the paging endpoint
and its parameters. Further records come from
``POST /module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P`` with the jpage
``ajaxParam`` as form data (``columnid`` and ``unitid`` as the page gives them) and the column
as Referer; one request covers ``groupSize × perPage`` records. The answer is the same
``<datastore>`` XML. Articles are ``/art/Y/M/D/art_<col>_<id>.html``; attachments
``/module/download/downfile.jsp?…&showname=<name>``.

The newer jpaas (集约化) pages name their list unit instead: an element with
``url="/api-gateway/jpaas-publish-server/front/page/build/unit"`` and a ``queryData`` JSON.
``GET <url>?<queryData>`` with ``paramJson={"pageNo":N,"pageSize":15}`` answers
``{"success": true, "data": {"html": "<li>…</li><div class=\"pagination\" rows=15 count=…>"}}``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse

from spiders import page
from spiders.base import COLUMN_PRIORITY, ReportSpider

ARTICLE = re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.s?html?"
                     r"|/col/[\d_]+/art/\d+/\w+\.html|/art/\d{4}/art_[0-9a-f]{32}\.html")
JPAAS_UNIT = "jpaas-publish-server/front/page/build/unit"
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_JPAGE = re.compile(r"\.jpage\s*\(\s*\{(.*?)\}\s*\)\s*;?", re.S)
_AJAX_PARAM = re.compile(r"ajaxParam\s*:\s*\{(.*?)\}", re.S)
_PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w./-]+))")
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)


@dataclass
class Jpage:
    """One jpage unit of a column page."""

    proxy_url: str
    total: int
    per_page: int
    group_size: int
    params: dict[str, str] = field(default_factory=dict)

    def groups(self) -> list[tuple[int, int]]:
        """(startrecord, endrecord) of every request that covers the column."""
        step = self.per_page * self.group_size
        return [(start, min(start + step - 1, self.total))
                for start in range(1, self.total + 1, step)]


def _pairs(text: str) -> dict[str, str]:
    return {m.group(1): next(g for g in m.groups()[1:] if g is not None)
            for m in _PAIR.finditer(text)}


def jpage_units(html: str) -> list[Jpage]:
    """Every jpage unit a column page initialises, with its paging parameters."""
    units = []
    for block in _JPAGE.finditer(html):
        text = block.group(1)
        ajax = _AJAX_PARAM.search(text)
        params = _pairs(ajax.group(1)) if ajax else {}
        settings = _pairs(_AJAX_PARAM.sub("", text))
        if "columnid" not in params:
            continue
        units.append(Jpage(
            proxy_url=settings.get("proxyUrl", "/module/web/jpage/dataproxy.jsp"),
            total=page.count(settings.get("totalRecord")),
            per_page=page.count(settings.get("perPage"), 15) or 15,
            group_size=page.count(settings.get("groupSize"), 1) or 1,
            params={"col": "1", "appid": "1", **params}))
    return units


def jpaas_url(unit_url: str, query_data: str, page_number: int) -> str | None:
    """The jpaas unit request for one page, from the element's ``url`` and ``queryData``."""
    try:
        query = json.loads(query_data)
        params = json.loads(query.get("paramJson") or "{}")
    except (ValueError, AttributeError):
        return None
    params["pageNo"] = page_number
    query["paramJson"] = json.dumps(params, separators=(",", ":"))
    return f"{unit_url}?{urlencode(query)}"


def records(xml: str) -> list[Selector]:
    """The records of a datastore (page island or dataproxy answer), each an HTML snippet."""
    return [Selector(text=record, type="html") for record in _RECORD.findall(xml)]


class HanwebSpider(ReportSpider):
    """Base spider for Hanweb classic portals.

    Knobs: ``article_pattern`` (default ``/art/Y/M/D/art_<col>_<id>.html``).
    """

    family = "hanweb"
    family_marker = re.compile(r"<datastore>|\.jpage\s*\(|/module/web/jpage/|jpaas-publish-server")
    article_pattern = ARTICLE

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.parse_hanweb_column(response)

    def parse_hanweb_column(self, response: Response) -> Iterator[scrapy.Request]:
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        yield from self.record_links(response, response.text, "hanweb-datastore")
        for unit in jpage_units(response.text):
            for start, end in unit.groups():
                url = urljoin(response.url, unit.proxy_url) + (
                    f"?startrecord={start}&endrecord={end}&perpage={unit.per_page}")
                url = self.canonical(url)
                if not self.allowed(url):
                    self.record("offsite", url)
                    continue
                yield scrapy.FormRequest(
                    url, formdata=unit.params, callback=self.parse_dataproxy,
                    errback=self.on_error, headers={"Referer": response.url},
                    meta={"found_via": "hanweb-dataproxy"}, priority=COLUMN_PRIORITY)
        # HTML parsing lower-cases attribute names: queryData is read as querydata.
        for unit in response.css(f"[url*='{JPAAS_UNIT}'][querydata]"):
            url = jpaas_url(urljoin(response.url, unit.attrib["url"]),
                            unit.attrib["querydata"], 1)
            if url is None:
                self.record("unexpected", response.url, reason="unreadable jpaas queryData")
                continue
            request = self.follow(url, self.parse_jpaas_unit, unit_url=unit.attrib["url"],
                                  query_data=unit.attrib["querydata"], number=1)
            if request is not None:
                yield request

    def parse_jpaas_unit(self, response: Response, unit_url: str, query_data: str,
                         number: int) -> Iterator[scrapy.Request]:
        if self.refused(response):
            return
        try:
            html = str((json.loads(response.text).get("data") or {}).get("html") or "")
        except (ValueError, AttributeError):
            self.record("unexpected", response.url, reason="jpaas answer is not JSON")
            return
        listing = Selector(text=html, type="html")
        yield from self.list_links(response, listing.css("a[href]"), found_via="hanweb-jpaas")
        pager = listing.css("div.pagination")
        if number != 1 or not pager:
            return
        rows = page.count(pager.attrib.get("rows"), 15) or 15
        for page_number in range(2, math.ceil(page.count(pager.attrib.get("count")) / rows) + 1):
            url = jpaas_url(urljoin(response.url, unit_url), query_data, page_number)
            request = self.follow(url, self.parse_jpaas_unit, unit_url=unit_url,
                                  query_data=query_data, number=page_number) if url else None
            if request is not None:
                yield request

    def parse_dataproxy(self, response: Response) -> Iterator[scrapy.Request]:
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        if not _RECORD.search(response.text) and not _TOTAL.search(response.text):
            self.record("unexpected", response.url, reason="not a datastore answer")
            return
        yield from self.record_links(response, response.text, "hanweb-dataproxy")

    def record_links(self, response: TextResponse, xml: str,
                     found_via: str) -> Iterator[scrapy.Request]:
        for record in records(xml):
            yield from self.list_links(response, record.css("a[href]"), found_via=found_via)
