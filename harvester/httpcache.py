"""Incremental harvests: every document fetched before is revalidated, never fetched blind.

Scrapy's HTTP cache with its RFC 2616 policy already stores responses that carry validators
(``ETag``, ``Last-Modified``) and sends ``If-None-Match`` / ``If-Modified-Since`` for them; on
a ``304`` the stored response goes on to the spider, and the store recognises the document by
its hash and writes nothing. Two choices make it fit a harvest:

- :class:`RevalidatingPolicy` treats every stored response as stale, so a report corrected in
  place is seen on the next crawl, however old its ``Last-Modified`` (the RFC's heuristic
  would keep such a page "fresh" for months). A ``304`` leaves the stored copy as it is.
  List pages carry no validators on these portals,
  are never stored, and so are always read again.
- :class:`HarvestCacheStorage` keeps the cache beside the harvest database (``httpcache/`` in
  the folder of ``HARVEST_DB``) unless ``HTTPCACHE_DIR`` names another place, so each database
  has its own cache and a test's crawl never sees another's.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy
from scrapy.utils.project import data_path


def cache_folder(settings) -> Path:
    """Where the HTTP cache of a harvest lives: ``HTTPCACHE_DIR`` when set, else
    ``httpcache/`` beside ``HARVEST_DB``."""
    if settings.get("HTTPCACHE_DIR"):
        return Path(data_path(settings["HTTPCACHE_DIR"]))
    return Path(settings.get("HARVEST_DB", "data/harvest.db")).resolve().parent / "httpcache"


class RevalidatingPolicy(RFC2616Policy):
    def is_cached_response_fresh(self, cachedresponse, request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False

    def should_cache_response(self, response, request) -> bool:
        # A response revalidated by a 304 is the stored one: rewriting it would only refresh
        # its Date, which this policy never reads, at the cost of six files per document.
        if "cached" in response.flags:
            return False
        return super().should_cache_response(response, request)


class HarvestCacheStorage(FilesystemCacheStorage):
    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.cachedir = str(cache_folder(settings))
