"""The national benchmark's measures: a process tree's PSS counts a page its processes share
once, where their summed RSS counts it in each, as for the copy-on-write pages of the children
a crawl process's forkserver forks to read PDFs; the portal harvested alone for bound (a) is
the one whose crawl took longest in the harvest."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

from harvester.demo.bench import longest_crawl, tree_memory

MB = 2**20
# 80 MB of written pages, then a fork: parent and child share them until either writes.
FORKING_PARENT = """
import os, sys, time
block = bytearray(os.urandom(80 * 2**20))
child = os.fork()
if child == 0:
    time.sleep(60)
    os._exit(0)
print("forked", flush=True)
time.sleep(60)
"""


def test_a_forked_child_shares_its_pages_in_pss_and_counts_them_twice_in_rss():
    parent = subprocess.Popen([sys.executable, "-c", FORKING_PARENT], stdout=subprocess.PIPE,
                              text=True, start_new_session=True)
    try:
        assert parent.stdout.readline().strip() == "forked"
        memory = tree_memory(parent.pid)
    finally:
        os.killpg(parent.pid, signal.SIGKILL)  # the child too
        parent.wait()
    assert memory["rss"] > 160 * MB  # the 80 MB in the parent and again in the child
    assert 80 * MB < memory["pss"] < 120 * MB  # once, plus two interpreters' own pages


def test_the_slowest_portal_is_the_one_whose_crawl_took_longest(tmp_path):
    database = tmp_path / "national.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE harvest_runs (spider, started_at, finished_at)")
        connection.executemany("INSERT INTO harvest_runs VALUES (?, ?, ?)", [
            ("a", "2026-11-30T10:00:00+00:00", "2026-11-30T10:00:20+00:00"),  # 20 s, first
            ("b", "2026-11-30T10:01:55+00:00", "2026-11-30T10:02:50+00:00"),  # 55 s, at 115 s
            ("c", "2026-11-30T10:00:05+00:00", "2026-11-30T10:00:45+00:00"),  # 40 s
        ])
    longest = longest_crawl(database)
    assert longest["region"] == "b"
    assert round(longest["took"]) == 55 and round(longest["started"]) == 115
