"""Incremental harvests: every document fetched before is revalidated, never fetched blind.

Scrapy's HTTP cache with its RFC 2616 policy already stores responses that carry validators
(``ETag``, ``Last-Modified``) and sends ``If-None-Match`` / ``If-Modified-Since`` for them; on
a ``304`` the stored response goes on to the spider, and the store recognises the document by
its hash and writes nothing. Two choices make it fit a harvest:

- :class:`RevalidatingPolicy` treats every stored response as stale, so a report corrected in
  place is seen on the next crawl, however old its ``Last-Modified`` (the RFC's heuristic
  would keep such a page "fresh" for months). List pages carry no validators on these portals,
  are never stored, and so are always read again.
- :class:`HarvestCacheStorage` keeps the cache beside the harvest database (``httpcache/`` in
  the folder of ``HARVEST_DB``) unless ``HTTPCACHE_DIR`` names another place, so each database
  has its own cache and a test's crawl never sees another's.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy


class RevalidatingPolicy(RFC2616Policy):
    def is_cached_response_fresh(self, cachedresponse, request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False


class HarvestCacheStorage(FilesystemCacheStorage):
    def __init__(self, settings) -> None:
        super().__init__(settings)
        if not settings.get("HTTPCACHE_DIR"):
            database = Path(settings.get("HARVEST_DB", "data/harvest.db")).resolve()
            self.cachedir = str(database.parent / "httpcache")
