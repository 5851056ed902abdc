"""What the spider read off an article page, kept so that an unchanged page is not read again.

An incremental harvest revalidates every document it holds; most answer ``304`` and Scrapy's
HTTP cache hands the stored page to the spider. Reading an article page (recognising the report
and finding its attachments) costs more than everything else a re-crawl does for that page, and
gives the same answer for the same bytes. So the spider keeps each reading in a small SQLite
file beside the HTTP cache (:func:`harvester.run.httpcache.cache_folder`), under a key made of:

- the page's URL and the hash of its bytes;
- the listing it was found under (the list's title, date and attachments feed recognition);
- the reading code itself: the source of recognition, of page reading and of every spider
  module, the vocabulary that code imports (as data: a label only the parser reads changes
  nothing), and the current year (a title's year is judged against today). A release that
  reads pages differently, or a new year, reads every page afresh.

The memo is a cache: deleting the file costs one slower harvest, never a report. It is shared
by the crawls of one harvest, which may run in parallel processes (SQLite's WAL mode).
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import functools
import hashlib
import importlib
import inspect
import json
import logging
import pkgutil
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import spiders
from harvester.parse import article, dates, recognize, vocabulary
from harvester.parse.recognize import Recognition
from harvester.run.httpcache import cache_folder
from spiders import page

logger = logging.getLogger(__name__)

Reading = tuple[Recognition, list[page.Attachment]]

_purged: set[tuple[Path, str]] = set()  # memo files this process has purged of older readings


# The parser's modules that read article pages for the crawl, besides the spiders themselves.
READING_MODULES = (article, dates, recognize)


@functools.cache
def code_version() -> str | None:
    """A hash of what reads article pages: the code of recognition, page reading and the
    spiders of every family, the vocabulary that code imports, and the current year; None
    when that source cannot be read (then nothing is memoised)."""
    digest = hashlib.sha256(str(datetime.date.today().year).encode())
    names = sorted(info.name for info in pkgutil.walk_packages(spiders.__path__, "spiders."))
    try:
        sources = [inspect.getsource(module) for module in
                   (*READING_MODULES, *(importlib.import_module(name) for name in names))]
        for source in sources:
            digest.update(source.encode())
        digest.update(vocabulary_read(sources).encode())
    except (OSError, TypeError):
        return None
    return digest.hexdigest()


def vocabulary_read(sources: Iterable[str]) -> str:
    """The vocabulary the modules of ``sources`` import from :mod:`harvester.parse.vocabulary`,
    as canonical JSON: its words as data, its functions (``compact``) as code with the data they
    read. A label none of them imports, say a table row's, is not part of it."""
    pending = sorted({name for source in sources for name in _vocabulary_names(source)})
    read: dict[str, object] = {}
    while pending:
        name = pending.pop()
        value = getattr(vocabulary, name)
        if name in read or inspect.ismodule(value):
            continue
        if callable(value):
            function = inspect.unwrap(value)
            read[name] = inspect.getsource(function)
            pending += [used for used in function.__code__.co_names if used in vars(vocabulary)]
        else:
            read[name] = value
    return json.dumps(read, sort_keys=True, ensure_ascii=False, default=_as_data)


def _vocabulary_names(source: str) -> set[str]:
    """The names a module imports from the vocabulary (``from … import REPORT_NAME``), or
    reads off it (``vocabulary.REPORT_NAME``)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == vocabulary.__name__:
            names.update(alias.name for alias in node.names)
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and node.value.id == "vocabulary" and not node.attr.startswith("__")):
            names.add(node.attr)
    return names


def _as_data(value: object) -> object:
    """A vocabulary value JSON does not know, as data: a set in a stable order, a row."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"the page memo cannot key on {value!r}")


def _connect(path: Path, attempts: int = 50) -> sqlite3.Connection:
    """The memo file, set up. Crawls that start together race to create it, and SQLite answers
    "database is locked" at once to the loser of the switch to WAL, whatever the busy timeout:
    so the set-up is tried again a moment later, and the last try's error is raised."""
    for _ in range(attempts - 1):
        try:
            return _set_up(path)
        except sqlite3.OperationalError:
            time.sleep(0.1)
    return _set_up(path)


def _set_up(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("CREATE TABLE IF NOT EXISTS readings (key TEXT PRIMARY KEY, "
                           "version TEXT NOT NULL, reading TEXT NOT NULL)")
    except sqlite3.OperationalError:
        connection.close()
        raise
    return connection


class PageMemo:
    """Readings of article pages by (URL, bytes, listing), for one code version."""

    def __init__(self, path: Path, version: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.version = version
        self.connection = _connect(path)
        # Readings of older code are never looked up again. Once a process: a harvest opens
        # the memo for each of its regions, and the purge reads the whole table.
        if (path, version) not in _purged:
            self.connection.execute("DELETE FROM readings WHERE version != ?", [version])
            _purged.add((path, version))

    @staticmethod
    def key(url: str, body: bytes, listing: dict) -> str:
        digest = hashlib.sha256()
        for part in (url.encode(), hashlib.sha256(body).digest(),
                     json.dumps(listing, sort_keys=True, default=str).encode()):
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def get(self, key: str) -> Reading | None:
        row = self.connection.execute("SELECT reading FROM readings WHERE key = ? AND version = ?",
                                      [key, self.version]).fetchone()
        if row is None:
            return None
        stored = json.loads(row[0])
        return (Recognition(**stored["found"]),
                [page.Attachment(*attachment) for attachment in stored["attachments"]])

    def put(self, key: str, reading: Reading) -> None:
        found, attachments = reading
        stored = {"found": dataclasses.asdict(found),
                  "attachments": [dataclasses.astuple(a) for a in attachments]}
        try:
            self.connection.execute("INSERT OR REPLACE INTO readings VALUES (?, ?, ?)",
                                    [key, self.version, json.dumps(stored, ensure_ascii=False)])
        except sqlite3.OperationalError as error:  # a locked or full disk: the memo is a cache
            logger.warning("page memo not written: %s", error)

    def close(self) -> None:
        self.connection.close()


def open_memo(settings) -> PageMemo | None:
    """The page memo of a crawl: beside its HTTP cache, and only with the cache on (without
    it nothing is revalidated, and every page is new)."""
    if not settings.getbool("HTTPCACHE_ENABLED"):
        return None
    version = code_version()
    if version is None:
        return None
    try:
        return PageMemo(cache_folder(settings) / "page-memo.sqlite", version)
    except sqlite3.OperationalError as error:  # a cache: the crawl goes on reading every page
        logger.warning("page memo not opened: %s", error)
        return None
