"""Incremental harvests: every document fetched before is revalidated, never fetched blind.

Scrapy's HTTP cache with its RFC 2616 policy already stores responses that carry validators
(``ETag``, ``Last-Modified``) and sends ``If-None-Match`` / ``If-Modified-Since`` for them; on
a ``304`` the stored response goes on to the spider, and the store recognises the document by
its hash and writes nothing. Two choices make it fit a harvest:

- :class:`RevalidatingPolicy` treats every stored response as stale, so a report corrected in
  place is seen on the next crawl, however old its ``Last-Modified`` (the RFC's heuristic
  would keep such a page "fresh" for months). A ``304`` leaves the stored copy as it is.
  List pages carry no validators on these portals, are never stored, and so are always read
  again.
- :class:`HarvestCacheStorage` keeps the cache beside the harvest database (``httpcache/`` in
  the folder of ``HARVEST_DB``, see :func:`cache_folder`) unless ``HTTPCACHE_DIR`` names
  another place, so each database has its own cache and a test's crawl never sees another's.
  It is one SQLite file per spider, a row per response with the body compressed: Scrapy's
  filesystem storage writes six gzip files per response and opens four to read one back,
  which cost more than anything else a re-crawl does for an unchanged document.
"""

from __future__ import annotations

import logging
import pickle
import sqlite3
import time
import zlib
from pathlib import Path

from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.utils.project import data_path
from scrapy.utils.response import response_from_dict

logger = logging.getLogger(__name__)


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
        # its Date, which this policy never reads.
        if "cached" in response.flags:
            return False
        return super().should_cache_response(response, request)


class HarvestCacheStorage:
    """Scrapy's cache storage interface over ``<cache folder>/<spider>.sqlite``."""

    def __init__(self, settings) -> None:
        self.folder = cache_folder(settings)
        self.expiration_secs = settings.getint("HTTPCACHE_EXPIRATION_SECS")
        self.connection: sqlite3.Connection | None = None

    def open_spider(self, spider) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(self.folder / f"{spider.name}.sqlite", timeout=60,
                                          isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute("CREATE TABLE IF NOT EXISTS responses (fingerprint BLOB "
                                "PRIMARY KEY, stored_at REAL NOT NULL, response BLOB NOT NULL)")
        self.fingerprinter = spider.crawler.request_fingerprinter

    def close_spider(self, spider) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def retrieve_response(self, spider, request):
        row = self.connection.execute(
            "SELECT stored_at, response FROM responses WHERE fingerprint = ?",
            [self.fingerprinter.fingerprint(request)]).fetchone()
        if row is None:
            return None
        stored_at, data = row
        if 0 < self.expiration_secs < time.time() - stored_at:
            return None
        request.meta["cache_timestamp"] = stored_at
        # The cache is this harvest's own file, written by store_response below.
        return response_from_dict(pickle.loads(zlib.decompress(data)))

    def store_response(self, spider, request, response) -> None:
        data = zlib.compress(pickle.dumps(response.to_dict(), protocol=4))
        try:
            self.connection.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?)",
                                    [self.fingerprinter.fingerprint(request), time.time(), data])
        except sqlite3.OperationalError as error:  # a full disk: the next crawl fetches it again
            logger.warning("HTTP cache: %s not stored: %s", request.url, error)
