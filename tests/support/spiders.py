"""Helpers for spider tests: saved pages turned into Scrapy responses (city-scrapers'
``file_response``), and requests/items split out of a callback's output."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.test import get_crawler

from harvester.items import ReportDocument

FILES = Path(__file__).resolve().parents[1] / "files" / "spiders"


def file_response(name: str, url: str, *, meta: dict | None = None, status: int = 200,
                  content_type: str | None = None, request: Request | None = None) -> Response:
    """The saved page ``tests/files/spiders/<name>`` as the response to ``url``."""
    body = (FILES / name).read_bytes()
    request = request or Request(url, meta=meta or {})
    headers = {"Content-Type": content_type} if content_type else {}
    kind = HtmlResponse if (content_type or "text/html").startswith("text/html") else (
        TextResponse if content_type and ("json" in content_type or "javascript" in content_type
                                          or "xml" in content_type) else Response)
    return kind(url=url, body=body, status=status, headers=headers, request=request)


def make_spider(spider_class, settings: dict | None = None, **kwargs):
    """A spider bound to a test crawler, so stats and settings work."""
    crawler = get_crawler(spider_class, settings_dict={"ITEM_PIPELINES": {}, **(settings or {})})
    spider = spider_class.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def split(results) -> tuple[list[Request], list[ReportDocument]]:
    requests, items = [], []
    for result in results or ():
        (items if isinstance(result, ReportDocument) else requests).append(result)
    return requests, items


def urls(requests) -> list[str]:
    return [request.url for request in requests]
