"""Storage errors told from other errors, the health verdicts of stopped crawls, the region lock,
and the document store's temporary files (the processes that meet them: tests/run/test_faults.py).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys

import pytest

from harvester.items import ReportDocument
from harvester.store import region_lock, schema
from harvester.store.faults import is_storage_error
from pipelines import keep_original
from pipelines.keep_original import blob_path, keep


def read_only(path) -> None:
    """Make a database read-only to SQLite whoever opens it (root included, as in CI, where
    file permissions do not hold): a file format write version above 2 (byte 18 of the
    header) is one SQLite may read and must not write."""
    data = bytearray(path.read_bytes())
    data[18] = 3
    path.write_bytes(bytes(data))


def test_storage_errors_are_the_disks_and_the_databases_not_the_documents(tmp_path):
    path = tmp_path / "harvest.db"
    database = schema.connect(path)
    database.close()
    read_only(path)
    connection = sqlite3.connect(path)
    with pytest.raises(sqlite3.OperationalError) as refused:
        connection.execute("INSERT INTO harvest_runs (spider, started_at) VALUES ('a', 'b')")
    assert is_storage_error(refused.value)
    with pytest.raises(sqlite3.OperationalError) as syntax:
        connection.execute("SELEC 1")
    assert not is_storage_error(syntax.value)
    writable = sqlite3.connect(tmp_path / "other.db")
    writable.execute("CREATE TABLE t (x UNIQUE)")
    writable.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as duplicate:
        writable.execute("INSERT INTO t VALUES (1)")
    assert not is_storage_error(duplicate.value)
    assert is_storage_error(OSError(errno.ENOSPC, "No space left on device"))
    assert is_storage_error(OSError(errno.EFBIG, "File too large"))
    assert not is_storage_error(FileNotFoundError(errno.ENOENT, "gone"))
    assert not is_storage_error(ValueError("not a storage error"))


def health_of(tmp_path, *runs: tuple[int, str | None], stats: str = "{}") -> str:
    """The verdict on the last of ``runs`` (found, finish reason) of one region, whose crawl
    stats are ``stats``."""
    database = schema.connect(tmp_path / "health.db")
    for found, reason in runs:
        database["harvest_runs"].insert({
            "spider": "a", "started_at": "2026-11-30T01:00:00+00:00", "found": found,
            "finished_at": "2026-11-30T02:00:00+00:00", "finish_reason": reason, "stats": stats})
    verdict = database.execute("SELECT health FROM region_health").fetchone()[0]
    database.close()
    (tmp_path / "health.db").unlink()
    return verdict


def test_a_crawl_stopped_by_a_fault_or_its_timeout_is_never_ok(tmp_path):
    assert health_of(tmp_path, (10, "finished"), (10, "finished")) == "ok"
    # found as many as before, yet stopped: what it did not reach is unknown
    assert health_of(tmp_path, (10, "finished"), (10, "storage_error")) == "storage_error"
    assert health_of(tmp_path, (10, "finished"), (12, "closespider_timeout")) == "timeout"
    assert health_of(tmp_path, (10, "finished"), (10, "shutdown")) == "unfinished"
    assert health_of(tmp_path, (10, "finished"), (10, "unclean_shutdown")) == "unfinished"
    assert health_of(tmp_path, (0, "storage_error")) == "storage_error"


def test_a_crawl_that_met_a_bound_is_a_trap_even_when_it_found_its_reports(tmp_path):
    assert health_of(tmp_path, (10, "finished"), (10, "request_budget")) == "trap"
    assert health_of(tmp_path, (10, "finished"), (12, "finished"),
                     stats='{"harvest/trap/siblings": 1, "harvest/trap/dropped": 40}') == "trap"
    assert health_of(tmp_path, (3, "finished"),
                     stats='{"harvest/budget/links": 1, "harvest/budget/links_dropped": 9}') \
        == "trap"
    # other stats of a crawl are no bound met
    assert health_of(tmp_path, (10, "finished"),
                     stats='{"harvest/scope/domain": 1, "item_scraped_count": 10}') == "ok"
    # a fault outranks a trap: it says more about what went wrong
    assert health_of(tmp_path, (10, "storage_error"),
                     stats='{"harvest/trap/siblings": 1}') == "storage_error"


def test_an_older_databases_view_is_replaced_and_a_current_one_left_alone(tmp_path):
    path = tmp_path / "harvest.db"
    database = schema.connect(path)
    database.execute("DROP VIEW region_health")
    database.execute("CREATE VIEW region_health AS SELECT spider AS region, 'ok' AS health "
                     "FROM harvest_runs")
    database.close()
    database = schema.connect(path)
    sql = database.execute("SELECT sql FROM sqlite_master WHERE name = 'region_health'")
    assert "storage_error" in sql.fetchone()[0]
    version = database.execute("PRAGMA schema_version").fetchone()[0]
    database.close()
    database = schema.connect(path)
    assert database.execute("PRAGMA schema_version").fetchone()[0] == version
    database.close()


def test_a_region_is_locked_by_one_process_and_a_dead_ones_lock_is_taken_over(tmp_path):
    database = tmp_path / "harvest.db"
    lock = region_lock.acquire(database, "henan_luohe_huizu")
    with pytest.raises(region_lock.RegionBusy, match=f"by process {os.getpid()}"):
        region_lock.acquire(database, "henan_luohe_huizu")
    region_lock.acquire(database, "hebei_xingtai_qinghe").close()  # another region: free
    lock.close()
    region_lock.acquire(database, "henan_luohe_huizu").close()

    # A process that took the lock and died (kill -9, no clean-up) leaves its pid behind.
    code = ("import os, sys; from harvester.store import region_lock; "
            "region_lock.acquire(sys.argv[1], 'henan_luohe_huizu'); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(database)], check=True, timeout=60,
                   cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    path = region_lock.lock_path(database, "henan_luohe_huizu")
    assert path.read_text() != str(os.getpid())
    region_lock.acquire(database, "henan_luohe_huizu").close()
    assert path.read_text() == str(os.getpid())


def test_two_crawls_keeping_one_document_at_once_both_succeed(tmp_path, monkeypatch):
    """The second crawl writes its copy while the first is between writing and renaming its own
    (the real interleaving of two processes, played in one). With one shared temporary name the
    first rename found its file gone: FileNotFoundError."""
    item = ReportDocument(region="a", url="http://a.gov.cn/r.pdf", body=b"%PDF-1.4 report",
                          fetched_at="2026-11-30T01:00:00+00:00")
    other = ReportDocument(region="b", url="http://b.gov.cn/r.pdf", body=item.body,
                           fetched_at="2026-11-30T01:00:01+00:00")
    real_replace = os.replace
    interleaved = []

    def replace_after_the_other_crawl(source, target):
        if not interleaved:
            interleaved.append(source)
            keep(tmp_path, other)
        real_replace(source, target)

    monkeypatch.setattr(keep_original.os, "replace", replace_after_the_other_crawl)
    sha256 = keep(tmp_path, item)
    assert interleaved
    assert blob_path(tmp_path, sha256).read_bytes() == item.body
    sidecar = blob_path(tmp_path, sha256).with_suffix(".json").read_text()
    assert "http://a.gov.cn/r.pdf" in sidecar and "http://b.gov.cn/r.pdf" in sidecar
    assert not list(tmp_path.rglob("*.part"))
