"""Hanweb 大汉 JCMS classic portals (PORTALS.md section 2).

A column page ``/col/col<id>/index.html`` shows no list: its first records sit in a
``<script type="text/xml"><datastore>`` island, and a jpage block names the paging endpoint
and its parameters. Further records come from
``POST /module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P`` with the jpage
``ajaxParam`` as form data (``columnid`` and ``unitid`` as the page gives them) and the column
as Referer; one request covers ``groupSize × perPage`` records. The answer is the same
``<datastore>`` XML. Articles are ``/art/Y/M/D/art_<col>_<id>.html``; attachments
``/module/download/downfile.jsp?…&showname=<name>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse

from spiders.base import ReportSpider

ARTICLE = re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.s?html?")
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
            total=int(settings.get("totalRecord", "0") or 0),
            per_page=int(settings.get("perPage", "15") or 15),
            group_size=int(settings.get("groupSize", "1") or 1),
            params={"col": "1", "appid": "1", **params}))
    return units


def records(xml: str) -> list[Selector]:
    """The records of a datastore (page island or dataproxy answer), each an HTML snippet."""
    return [Selector(text=record) for record in _RECORD.findall(xml)]


class HanwebSpider(ReportSpider):
    """Base spider for Hanweb classic portals.

    Knobs: ``article_pattern`` (default ``/art/Y/M/D/art_<col>_<id>.html``).
    """

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
                    meta={"found_via": "hanweb-dataproxy"})

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
