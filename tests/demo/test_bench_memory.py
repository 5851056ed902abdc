"""The national benchmark's memory figure: a process tree's PSS counts a page its processes
share once, where their summed RSS counts it in each, as for the copy-on-write pages of the
children a crawl process's forkserver forks to read PDFs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from harvester.demo.bench import tree_memory

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
