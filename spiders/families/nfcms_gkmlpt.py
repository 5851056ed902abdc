"""Guangdong NFCMS portals and the gkmlpt 政府信息公开目录 platform (docs/portals.md section 3).

Two kinds of column, told apart by their URL:

- an NFCMS list, ``/<col>/index.html`` (then ``index_2.html``… and 下一页 links), whose
  articles are ``/<col>/content/post_<id>.html``;
- a gkmlpt platform, ``/<prefix>/gkmlpt/index``: a Vue shell whose ``window._CONFIG`` gives the
  ``SID`` and the category ``TREE``. Annual-report categories (年报 in their name) are read
  from ``/<prefix>/gkmlpt/api/all/<catid>?page=N&sid=<SID>`` (100 per page, ``page=0`` and
  ``page=1`` the same, stop at ``classify.post_count``). Tree nodes whose ``jump_url`` is
  another agency's gkmlpt are followed (L3). Article pages keep the body in an escaped
  ``_CONFIG.DETAIL`` and give attachments an empty ``href``, so attachment URLs come from the
  API's ``attachment`` list. The API hands out https URLs for http-only hosts; the registry's
  ``http_only`` turns them back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse

from spiders import page
from spiders.families.generic import GenericListSpider

ARTICLE = re.compile(r"/content/(?:\d+/\d+/)?m?post_\d+\.html$")
API_PAGE_SIZE = 100
_SID = re.compile(r"""\bSID["']?\s*[:=]\s*['"]?(\w+)""")
_NODE = re.compile(r"""\{[^{}]*?["']?id["']?\s*:\s*["']?(\d+)["']?\s*,[^{}]*?["']?name["']?\s*:"""
                   r"""\s*["']([^"']+)["'][^{}]*?\}""")
_JUMP = re.compile(r"""["']?jump_url["']?\s*:\s*["']([^"']+)["']""")
_REPORT_CATEGORY = re.compile(r"年报|年度报告")


def gkmlpt_root(url: str) -> str:
    """``http://host/prefix/gkmlpt/`` of any gkmlpt URL."""
    return url[: url.index("/gkmlpt/") + len("/gkmlpt/")]


def tree_nodes(html: str) -> list[dict[str, str]]:
    """The category nodes of a ``_CONFIG.TREE`` (id, name, jump_url), in page order."""
    nodes = []
    for match in _NODE.finditer(html):
        jump = _JUMP.search(match.group(0))
        nodes.append({"id": match.group(1), "name": match.group(2).encode().decode(
            "unicode_escape") if "\\u" in match.group(2) else match.group(2),
            "jump_url": jump.group(1).replace("\\/", "/") if jump else ""})
    return nodes


class NfcmsGkmlptSpider(GenericListSpider):
    """Base spider for Guangdong portals: NFCMS columns and gkmlpt platforms.

    Knobs: ``article_pattern`` (default ``content/post_<id>.html``); ``API_PAGE_SIZE`` (100).
    """

    family = "nfcms_gkmlpt"
    family_marker = re.compile(r"window\._CONFIG\s*=|/gkmlpt/|content/post_\d+\.html")
    article_pattern = ARTICLE

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        if "/gkmlpt/" in response.url:
            yield from self.parse_gkmlpt_index(response)
        else:
            yield from self.parse_generic_list(response)

    def parse_gkmlpt_index(self, response: Response) -> Iterator[scrapy.Request]:
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        sid = _SID.search(response.text)
        if not sid:
            self.record("unexpected", response.url, reason="no _CONFIG.SID")
            return
        root = gkmlpt_root(response.url)
        other_units = [urljoin(response.url, node["jump_url"])
                       for node in tree_nodes(response.text) if "/gkmlpt/" in node["jump_url"]]
        other_units += [urljoin(response.url, href)
                        for href in response.css("a[href]::attr(href)").getall()
                        if re.search(r"/gkmlpt/index$", href)]
        for url in dict.fromkeys(gkmlpt_root(url) for url in other_units):
            if url != root:
                request = self.follow(url + "index", self.parse_gkmlpt_index)
                if request is not None:
                    yield request
        for node in tree_nodes(response.text):
            if _REPORT_CATEGORY.search(node["name"]):
                request = self.follow(self.api_url(root, node["id"], 1, sid.group(1)),
                                      self.parse_gkmlpt_api, root=root, sid=sid.group(1),
                                      category=node["id"], number=1, seen=0)
                if request is not None:
                    yield request

    @staticmethod
    def api_url(root: str, category: str, number: int, sid: str) -> str:
        return f"{root}api/all/{category}?page={number}&sid={sid}"

    def parse_gkmlpt_api(self, response: Response, root: str, sid: str, category: str,
                         number: int, seen: int) -> Iterator[scrapy.Request]:
        if self.refused(response):
            return
        try:
            data = json.loads(response.text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            self.record("unexpected", response.url, reason="gkmlpt API answer is not JSON")
            return
        articles = [a for a in data.get("articles") or [] if isinstance(a, dict)]
        for article in articles:
            if not isinstance(article.get("url"), str) or not article["url"]:
                continue
            request = self.article(article["url"], found_via="gkmlpt-api", listing={
                "title": article.get("title"), "agency": article.get("publisher"),
                "date": article.get("created_at"),
                "attachments": [(a.get("url"), a.get("name"))
                                for a in article.get("attachment") or []
                                if isinstance(a, dict) and isinstance(a.get("url"), str)]})
            if request is not None:
                yield request
        seen += len(articles)
        classify = data.get("classify") if isinstance(data.get("classify"), dict) else {}
        expected = classify.get("post_count") or data.get("total")
        if articles and seen < page.count(expected):
            request = self.follow(self.api_url(root, category, number + 1, sid),
                                  self.parse_gkmlpt_api, root=root, sid=sid,
                                  category=category, number=number + 1, seen=seen)
            if request is not None:
                yield request

    def article_attachments(self, response: TextResponse, text: Selector) -> list[page.Attachment]:
        found = {a.url: a for a in super().article_attachments(response, text)}
        for url, name in response.meta.get("listing", {}).get("attachments", []):
            url = urljoin(response.url, url)
            found.setdefault(url, page.Attachment(url, name, page.link_kind(url, name)))
        return list(found.values())
