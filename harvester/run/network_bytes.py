"""What a crawl really downloaded.

Scrapy's ``downloader/response_bytes`` is counted above the HTTP cache, so a document answered
``304 Not Modified`` and served from the cache counts its full size again. This middleware sits
below the cache, next to the downloader, and counts what came over the network:
``harvest/network/response_bytes`` (headers and body) and ``harvest/network/not_modified``.
"""

from __future__ import annotations

from scrapy.http import Response


class NetworkBytesMiddleware:
    def __init__(self, stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response: Response, spider=None) -> Response:
        header_bytes = sum(len(name) + sum(len(v) for v in values) + 4
                           for name, values in response.headers.items())
        self.stats.inc_value("harvest/network/response_bytes", len(response.body) + header_bytes)
        if response.status == 304:
            self.stats.inc_value("harvest/network/not_modified")
        return response
