"""Generic list-and-next-page portals: the fallback for a CMS nobody described.

A list page's report candidates are its links whose text reads as a report (or that point at
files); its other pages are the links named 下一页 / 下页 and the numbered page links of the
same directory; its sub-columns are directories below the column's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse

from spiders import page
from spiders.base import NEXT_PAGE_WORDS, ReportSpider

_PAGE_LINK = re.compile(r"(?:index|list|default)?[_-]?\d+\.s?html?$|[?&](?:page|pageNo|p)=\d+")
_SUBDIRECTORY = re.compile(r"^(?:[\w\-]+/)+(?:index\.s?html?)?$")


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
        yield from self.list_links(response, found_via="generic-list")
        column_dir = response.meta.get("column_dir") or urljoin(response.url, "./")
        for link in response.css("a[href]"):
            href = link.attrib["href"].strip()
            if not href or href.startswith(("javascript:", "#")):
                continue
            url = urljoin(response.url, href)
            text = page.text_of(link)
            next_page = NEXT_PAGE_WORDS.match(text) or (
                url.startswith(column_dir) and _PAGE_LINK.search(url) and text.isdigit())
            below = url.startswith(column_dir) and _SUBDIRECTORY.match(url[len(column_dir):])
            if next_page or below:
                request = self.follow(
                    url, self.parse_generic_list,
                    meta={"column_dir": column_dir if next_page else urljoin(url, "./")})
                if request is not None:
                    yield request
