"""VSB 博达 站群 portals (docs/portals.md section 5).

A column is ``<col>.htm``; its other pages count down: with N pages, page k is
``<col>/<N-k+1>.htm``, so ``<col>/1.htm`` is the last. The pager shows ``1/N`` and links
下页 and 尾页. Articles are ``info/<tree>/<id>.htm``; attachments go through
``download.jsp``, which answers an HTML error page unless the Referer is the article (the
Referer middleware sends it, since attachments are requested from the article).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse

from spiders import page
from spiders.base import NEXT_PAGE_WORDS, ReportSpider

ARTICLE = re.compile(r"info/\d+/\d+\.htm$")
_PAGE_COUNT = re.compile(r"^\s*\d+\s*/\s*(\d+)\s*$")


def countdown_pages(first_page_url: str, count: int) -> list[str]:
    """Pages 2…count of a column whose first page is ``…/<col>.htm``."""
    stem = first_page_url.rsplit(".htm", 1)[0]
    return [f"{stem}/{number}.htm" for number in range(count - 1, 0, -1)]


def page_count(response: TextResponse) -> int | None:
    """N from the pager's ``1/N``, else None."""
    for text in response.css("span.p_t::text, .p_t *::text").getall():
        match = _PAGE_COUNT.match(text)
        if match:
            return int(match.group(1))
    return None


class VsbSpider(ReportSpider):
    """Base spider for VSB portals.

    Knobs: ``article_pattern`` (default ``info/<tree>/<id>.htm``).
    """

    family = "vsb"
    family_marker = re.compile(r"vsb_content|v_news_content|_showDynClicks|class=\"p_next"
                               r"|info/\d+/\d+\.htm")
    article_pattern = ARTICLE

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.parse_vsb_list(response)

    def parse_vsb_list(self, response: Response) -> Iterator[scrapy.Request]:
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        yield from self.list_links(response, found_via="vsb-list")
        pages: list[str] = []
        count = page_count(response)
        if count and not re.search(r"/\d+\.htm$", response.url):
            pages = countdown_pages(response.url, count)
        # The 下页 link as well: a pager without 1/N still leads on.
        for link in response.css("a[href]"):
            if NEXT_PAGE_WORDS.match(page.text_of(link)):
                pages.append(urljoin(response.url, link.attrib["href"]))
        for url in pages:
            request = self.follow(url, self.parse_vsb_list)
            if request is not None:
                yield request
