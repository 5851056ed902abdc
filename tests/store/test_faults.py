"""Storage errors told from other errors, and the health verdicts of stopped crawls (the
processes that meet them: tests/run/test_faults.py)."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from harvester.store import schema
from harvester.store.faults import is_storage_error


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


def health_of(tmp_path, *runs: tuple[int, str | None]) -> str:
    """The verdict on the last of ``runs`` (found, finish reason) of one region."""
    database = schema.connect(tmp_path / "health.db")
    for found, reason in runs:
        database["harvest_runs"].insert({
            "spider": "a", "started_at": "2026-11-30T01:00:00+00:00", "found": found,
            "finished_at": "2026-11-30T02:00:00+00:00", "finish_reason": reason, "stats": "{}"})
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
