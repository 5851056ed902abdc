"""What a crawl really downloaded, over how many connections, and how many at a time.

Scrapy's ``downloader/response_bytes`` is counted above the HTTP cache, so a document answered
``304 Not Modified`` and served from the cache counts its full size again. This middleware sits
below the cache, next to the downloader, and counts what came over the network:
``harvest/network/response_bytes`` (headers and body) and ``harvest/network/not_modified``.

:class:`KeepAliveDownloadHandler` keeps the connections to a portal open between requests,
:class:`PerHostLimitDownloader` holds a portal to ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests at
a time, and :class:`RevalidatingAutoThrottle` paces a re-crawl by its ``304`` answers.
"""

from __future__ import annotations

from scrapy.core.downloader import Downloader
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.extensions.throttle import AutoThrottle
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


class KeepAliveDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with room in its pool for the connections it really uses.

    Scrapy keeps at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` idle connections per host, but a
    slot's next request often starts before the connection of the one just finished is back
    in the pool: the crawl opens another connection, and the pool, full, closes one. On the
    demo web a region crawled 8 requests at a time opened 21 connections for 52 requests;
    with twice the room, 11. Fewer handshakes for the portal, less set-up for the crawl.
    """

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._pool.maxPersistentPerHost = 2 * crawler.settings.getint(
            "CONCURRENT_REQUESTS_PER_DOMAIN")


class PerHostLimitDownloader(Downloader):
    """Scrapy's downloader, with its per-host limit kept under the asyncio reactor.

    A slot (a host) starts queued requests while fewer than ``CONCURRENT_REQUESTS_PER_DOMAIN``
    are transferring, but in Scrapy 2.19 with the asyncio reactor a request counts as
    transferring only once its task runs, after the loop that starts them: without a download
    delay, a host got every queued request at once (seven at a time, measured, against a limit
    of two). AutoThrottle's delay hides it, one request per pass; a crawl with AutoThrottle off,
    as the benchmark and the tests run, did not keep its limit. Here a request counts from the
    moment it is handed to its task, as under Twisted's own reactors.
    """

    def _wait_for_download(self, slot, request, queue_dfd):
        slot.transferring.add(request)  # Scrapy's _download adds it again and removes it
        return super()._wait_for_download(slot, request, queue_dfd)


class RevalidatingAutoThrottle(AutoThrottle):
    """AutoThrottle that lets a ``304 Not Modified`` bring the delay down, as a ``200`` does.

    Scrapy lets any answer raise a portal's delay but only a ``200`` lower it: error pages are
    small and quick, and would otherwise talk the delay down while a server struggles. A
    ``304`` is no error page, though: it is the portal's whole answer to a conditional request,
    and nearly every answer of a re-crawl. With Scrapy's rule one slow ``304`` (a server busy
    for a second) set the delay for the rest of the region: a second ``make demo`` took 6.6
    minutes against 1.9 for the first, one region 1.4 s per request to the end. Here a
    ``304``'s latency counts as a ``200``'s, so the delay follows the portal down as well as
    up; a re-harvest by ``make demo`` then took 1.5 minutes.
    """

    def _adjust_delay(self, slot, latency: float, response: Response) -> None:
        if response.status == 304:
            # Scrapy's policy reads nothing of the response but its status.
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)
