"""Downloader middleware that sends every request to the demo web instead of the live web.

The demo web server (``harvester.demo.server``) is an HTTP proxy that answers for the demo
portals itself. So the only thing to do below the spiders is to route each request through it:
Scrapy then sends absolute-form requests for http URLs and opens a CONNECT tunnel for https
ones, keeping the real host and scheme; responses come back with the real URL, and spiders,
the registry and the database never see localhost. Hosts the demo web does not serve fail as
unreachable hosts do, and so does https on a portal that only speaks http.

Switched on by the ``DEMO_WEB`` setting ("host:port" of a running demo server); with it empty
the middleware is not loaded.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class DemoWebMiddleware:
    def __init__(self, address: str):
        self.proxy = f"http://{address}"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DemoWebMiddleware:
        address = (crawler.settings.get("DEMO_WEB") or "").strip()
        if not address:
            raise NotConfigured("DEMO_WEB is empty: crawling the live web")
        if "://" in address or ":" not in address:
            raise ValueError(f"DEMO_WEB must be host:port, got {address!r}")
        return cls(address)

    def process_request(self, request: Request, spider=None) -> None:
        # Runs before HttpProxyMiddleware, which keeps a proxy set in meta.
        request.meta["proxy"] = self.proxy
        request.meta["demo_web"] = True
