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
    """Sends every request to the demo web's server, and counts them in the stat
    ``harvester/demo_web``: a database harvested from the demo web says so, and the
    publication marks its figures as demo data (synthetic figures of real districts)."""

    def __init__(self, address: str, stats=None):
        self.proxy = f"http://{address}"
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DemoWebMiddleware:
        address = (crawler.settings.get("DEMO_WEB") or "").strip()
        if not address:
            raise NotConfigured("DEMO_WEB is empty: crawling the live web")
        if "://" in address or ":" not in address:
            raise ValueError(f"DEMO_WEB must be host:port, got {address!r}")
        return cls(address, crawler.stats)

    def process_request(self, request: Request, spider=None) -> None:
        # Runs before HttpProxyMiddleware, which keeps a proxy set in meta.
        request.meta["proxy"] = self.proxy
        request.meta["demo_web"] = True
        if self.stats is not None:
            self.stats.inc_value("harvester/demo_web")
