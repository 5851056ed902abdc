"""Generic list-and-next-page portals: the fallback for a CMS nobody described.

A list page's report candidates are its links whose text reads as a report (or that point at
files). Its other pages are the links named 下一页 / 下页, and the numbered page links (1 2 3,
and 尾页 on a pager without 下一页) of the same list: the same directory (``index_2.html``),
or the same URL but for its page number (``?pageNo=2``, ``?page=2``, ``/page/2``;
:func:`spiders.base.list_key`). Its sub-columns are directories below the column's own, and
the links beside the list named as a report column (部门年报, 乡镇（街道）年报) on the same
host: both are recorded as columns (``harvest/discovery/columns``). Pagination is bounded as
any crawl is (spiders/limits.py: siblings of one shape, a list whose pages repeat themselves).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from harvester.parse.recognize import is_look_alike, is_report_title, title_year
from harvester.parse.vocabulary import compact
from spiders import page
from spiders.base import COLUMN_WORDS, NEXT_PAGE_WORDS, PAGE_NUMBER_WORDS, ReportSpider, list_key

_PAGE_LINK = re.compile(r"(?:index|list|default)?[_-]?\d+\.s?html?$")
_SUBDIRECTORY = re.compile(r"^(?:[\w\-]+/)+(?:index\.s?html?)?$")


def names_column(text: str) -> bool:
    """Whether a link text beside a list names another report column (部门年报), not a report,
    a year or a look-alike."""
    return (0 < len(text) <= 16 and bool(COLUMN_WORDS.search(compact(text)))
            and title_year(text) is None and not is_look_alike(text)
            and not is_report_title(text))


class GenericListSpider(ReportSpider):
    """Base spider for list pages with plain links and a 下一页 link.

    Knobs: ``article_pattern`` (default None: links are chosen by their text).
    """

    family = "generic"
    family_marker = None

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.parse_generic_list(response)

    def parse_generic_list(self, response: Response) -> Iterator[scrapy.Request]:
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        if response.meta.get("subcolumn"):
            self.found_column(response.url)
        yield from self.list_links(response, found_via="generic-list")
        column_dir = response.meta.get("column_dir") or urljoin(response.url, "./")
        key = list_key(response.url)
        host = urlsplit(response.url).hostname
        links = [(urljoin(response.url, href), page.text_of(link)) for link in
                 response.css("a[href]") for href in [link.attrib["href"].strip()]
                 if href and not href.startswith(("javascript:", "#"))]
        # The last page (尾页) is only worth a request on a pager without a 下一页.
        has_next = any(NEXT_PAGE_WORDS.match(text) for _, text in links)
        for url, text in links:
            numbered = bool(PAGE_NUMBER_WORDS.match(text)) and not (
                has_next and not text.strip("[]").isdigit())
            if url == response.url:
                continue
            # Numbered links of the same list; in the column's directory, any numbered page
            # file (a list whose pages are files of their own, index_2.html, list-3.html).
            next_page = NEXT_PAGE_WORDS.match(text) or (numbered and list_key(url) == key) or (
                url.startswith(column_dir) and not urlsplit(url).query
                and _PAGE_LINK.search(url) and text.isdigit())
            below = url.startswith(column_dir) and _SUBDIRECTORY.match(url[len(column_dir):])
            beside = (not next_page and not below and urlsplit(url).hostname == host
                      and names_column(text) and list_key(url) != key)
            if next_page or below or beside:
                request = self.follow(
                    url, self.parse_generic_list,
                    meta={"column_dir": column_dir if next_page else urljoin(url, "./"),
                          "subcolumn": not next_page})
                if request is not None:
                    yield request
