"""Crawls that start together on a new database: the one that loses the switch to WAL mode
(SQLite answers it "database is locked" at once, whatever the busy timeout) tries again."""

from __future__ import annotations

import sqlite3
import threading

from harvester.store import schema


def test_a_connection_that_loses_the_switch_to_wal_tries_again(tmp_path):
    path = tmp_path / "harvest.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE first (x)")  # a new file, still in rollback-journal mode
    other.execute("BEGIN IMMEDIATE")  # another crawl's set-up, holding the file
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    database = schema.connect(path)
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "reports" in database.table_names()
