"""One crawl of a region into a database at a time.

Two crawls of the same region writing the same database at once fetch the same documents and
store them twice over: duplicate rows refused, counts that add up to neither crawl. So the second
crawl refuses to start, with a message naming the process that holds the region
(:class:`RegionBusy`), rather than wait: waiting would only fetch again what the first crawl is
storing, and a harvest that meets a busy region reports it and goes on with the others.

The lock is a file per region beside the database (``harvest.db-locks/<region>.lock``) holding
the crawling process's pid, locked with ``flock``. The kernel releases the lock when the process
ends, however it ends (``kill -9`` included), so the lock of a dead process is taken over by the
next crawl without anyone guessing whether a pid is still alive. The file stays behind; only its
lock matters. Crawls of different regions, and readers such as Datasette, are not held up.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO


class RegionBusy(Exception):
    """Another process is crawling this region into this database."""


def lock_path(database_path: str | Path, region: str) -> Path:
    database = Path(database_path)
    return database.with_name(f"{database.name}-locks") / f"{region}.lock"


def acquire(database_path: str | Path, region: str) -> IO[str]:
    """Take the region's lock; returns the open lock file, whose closing releases it."""
    path = lock_path(database_path, region)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = open(path, "a+", encoding="ascii")  # noqa: SIM115 (held until the crawl closes)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "another process"
        lock.close()
        raise RegionBusy(f"{region} is being crawled into {database_path} by process {holder}; "
                         "a region is crawled by one process at a time") from None
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()
    return lock
