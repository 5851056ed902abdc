"""TRS WCM (拓尔思) static directories (docs/portals.md section 1).

A column is a directory with ``index.html``; articles are ``./YYYYMM/tYYYYMMDD_<id>.html``,
files ``./YYYYMM/P0….pdf``. Sub-columns (L2: year → 部门 / 乡镇街道) are sub-directories.
The pager is written by JavaScript, so the spider reads ``createPageHTML(...)`` and builds the
page URLs itself, in both numberings seen:

- classic, 0-based: ``createPageHTML(count, current, "index", "html")``: page 1 is
  ``index.html``, page k is ``index_{k-1}.html``;
- variant, 1-based: ``createPageHTML("page_div", count, current, "index", "html", total)``:
  page k is ``index_k.html``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse

from spiders.base import ReportSpider

ARTICLE = re.compile(r"/t\d{8}_\d+\.s?html?$")
_CALL = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_VARIABLE = r"var\s+{name}\s*=\s*(\d+)"


def pager_pages(script: str, page_url: str) -> list[str]:
    """Every page URL of a column that a ``createPageHTML`` call announces, page 1 included,
    resolved against the page that holds the call."""
    match = _CALL.search(script)
    if not match:
        return []
    args = [arg.strip().strip("'\"") for arg in match.group(1).split(",")]

    def number(arg: str) -> int:
        if arg.isdigit():
            return int(arg)
        found = re.search(_VARIABLE.format(name=re.escape(arg)), script)
        return int(found.group(1)) if found else 0

    one_based = bool(args) and not args[0].isdigit() and not re.search(
        _VARIABLE.format(name=re.escape(args[0])), script)
    if one_based:
        count, name, ext = number(args[1]), args[3], args[4]
        numbers = range(2, count + 1)
    else:
        count, name, ext = number(args[0]), args[2], args[3]
        numbers = range(1, count)
    directory = urljoin(page_url, "./")
    return [urljoin(directory, f"{name}.{ext}")] + [
        urljoin(directory, f"{name}_{n}.{ext}") for n in numbers]


_SUBDIRECTORY = re.compile(r"^(?:[\w\-]+/)+(?:index(?:_\d+)?\.s?html?)?$")


def is_subcolumn(url: str, column_dir: str) -> bool:
    """A directory below the column (``…/zfxxgknb/2022/2022bmdnbg/``), not an article."""
    return url.startswith(column_dir) and bool(_SUBDIRECTORY.match(url[len(column_dir):]))


class TrsStaticSpider(ReportSpider):
    """Base spider for TRS static portals.

    Knobs: ``article_pattern`` (default ``/tYYYYMMDD_<id>.html``) names article URLs;
    sub-columns are followed when they lie below the column's directory.
    """

    family = "trs_static"
    family_marker = re.compile(r"createPageHTML|/t\d{8}_\d+\.s?html?")
    article_pattern = ARTICLE

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.parse_trs_list(response)

    def parse_trs_list(self, response: Response) -> Iterator[scrapy.Request]:
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        yield from self.list_links(response, found_via="trs-list")
        column_dir = response.meta.get("column_dir") or urljoin(response.url, "./")
        scripts = "\n".join(response.css("script::text").getall())
        for url in pager_pages(scripts, response.url)[1:]:
            request = self.follow(url, self.parse_trs_list, meta={"column_dir": column_dir})
            if request is not None:
                yield request
        for link in response.css("a[href]"):
            url = urljoin(response.url, link.attrib["href"].strip())
            path_url = url.split("?")[0].split("#")[0]
            if is_subcolumn(path_url, column_dir):
                request = self.follow(path_url, self.parse_trs_list,
                                      meta={"column_dir": urljoin(path_url, "./")})
                if request is not None:
                    yield request

