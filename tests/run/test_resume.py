"""A harvest killed with SIGKILL in the middle and started again ends with the database an
uninterrupted harvest builds; JOBDIR state that must not be resumed is cleared."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from harvester.run.jobdir import FINISHED_MARKER, stale_reason
from tests.support.crawling import ROOT, content, crawl, crawl_command

REGION = "henan_luohe_huizu"


def stored_documents(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_killed_harvest_resumes_to_the_same_database(demo_web, tmp_path):
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    crawl(REGION, demo_web, whole)

    process = subprocess.Popen(crawl_command(REGION, demo_web, resumed), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while stored_documents(resumed / "harvest.db") < 8 and process.poll() is None:
        assert time.monotonic() < deadline, "the crawl stored nothing in two minutes"
        time.sleep(0.05)
    assert process.poll() is None, "the crawl finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed_at = stored_documents(resumed / "harvest.db")
    expected = content(whole / "harvest.db")
    assert 0 < killed_at < len(expected["documents"])
    assert stale_reason(resumed / "job") is not None  # the killed crawl's state is unusable

    crawl(REGION, demo_web, resumed)
    assert content(resumed / "harvest.db") == expected
    assert (resumed / "job" / FINISHED_MARKER).exists()


def test_stale_job_states(tmp_path):
    assert stale_reason(tmp_path) is None  # nothing there: a fresh start
    (tmp_path / "requests.seen").write_text("fingerprint\n")
    (tmp_path / "requests.queue").mkdir()
    assert "killed" in stale_reason(tmp_path)
    (tmp_path / "requests.queue" / "active.json").write_text("[]")
    assert stale_reason(tmp_path) is None  # paused cleanly: resume
    (tmp_path / FINISHED_MARKER).touch()
    assert "finished" in stale_reason(tmp_path)
