"""Harvests that meet a fault, in real processes: a full disk, a read-only database, the same
region crawled twice at once, SIGTERM twice. Each ends with an exit status that says so, a health
verdict that says so, and nothing already stored lost."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from harvester.run.crawl_batch import EXIT_INTERRUPTED
from harvester.store.health import region_health
from tests.store.test_faults import read_only
from tests.support.crawling import ROOT, runs

STORED = "hebei_xingtai_qinghe"  # harvested first, whole: what must not be lost
REGION = "henan_luohe_huizu"  # harvested under the fault


def settings(folder: Path) -> list[str]:
    # No HTTP cache: its files would meet the file-size limit before the store does.
    return ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"HARVEST_STORE={folder / 'documents'}",
            "-s", "HTTPCACHE_ENABLED=False"]


def harvest(region: str, demo_web, folder: Path, *options: str,
            preexec_fn=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "harvester", "harvest", "--regions", region,
         "--db", str(folder / "harvest.db"), "--jobdir", "", "--logs", str(folder / "logs"),
         "--demo-web", demo_web.address, *settings(folder), *options],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        preexec_fn=preexec_fn)


def crawl_command(region: str, demo_web, folder: Path, *options: str) -> list[str]:
    """``python -m harvester crawl``, the process a harvest starts for a region."""
    return [sys.executable, "-m", "harvester", "crawl", region, "-s", "LOG_LEVEL=INFO",
            "-s", f"HARVEST_DB={folder / 'harvest.db'}", "-s", f"DEMO_WEB={demo_web.address}",
            *settings(folder), *options]


def documents(database: Path, region: str | None = None) -> list[tuple]:
    with sqlite3.connect(database, timeout=30) as connection:
        return sorted(connection.execute(
            "SELECT url, sha256 FROM documents WHERE ? IS NULL OR region = ?", [region, region]))


def summary_health(stdout: str, region: str) -> str:
    """The health column of a region's line in the summary table that closes a harvest."""
    table = stdout.split("\n\n")[-1].splitlines()
    return next(line.split()[1] for line in table[2:] if line.split()[0] == region)


def assert_kept(folder: Path, stored: list[tuple]) -> None:
    """What the first harvest stored is all there, rows and blobs."""
    assert documents(folder / "harvest.db", STORED) == stored
    for _, sha256 in stored:
        assert (folder / "documents" / sha256[:2] / f"{sha256}.bin").exists()


def test_a_full_disk_stops_the_region_and_fails_the_harvest(demo_web, tmp_path):
    assert harvest(STORED, demo_web, tmp_path).returncode == 0
    stored = documents(tmp_path / "harvest.db", STORED)
    assert stored

    def disk_full():
        # No file of the harvest may grow past 200 kB: the database's write-ahead log, which
        # starts empty, fills up after a few documents, like a disk with little room left.
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    result = harvest(REGION, demo_web, tmp_path, preexec_fn=disk_full)
    assert result.returncode == 1, result.stdout + result.stderr
    assert summary_health(result.stdout, REGION) == "storage_error", result.stdout
    log = next((tmp_path / "logs").glob(f"{REGION}*.log")).read_text()
    # One document fails loudly and the crawl stops: the documents already on their way are
    # not written, each waiting out its own error.
    assert log.count("ERROR: storage error, http") == 1, log
    assert "not stored: the crawl is closing after a storage error" in log
    assert_kept(tmp_path, stored)
    last = runs(tmp_path / "harvest.db")[-1]
    assert last["spider"] == REGION
    stored_then = documents(tmp_path / "harvest.db", REGION)
    if last["finished_at"] is not None:  # the log had room left for the run's last update
        assert last["finish_reason"] == "storage_error"
        assert last["found"] == len(stored_then)

    # With room again, the next harvest completes the region.
    assert harvest(REGION, demo_web, tmp_path).returncode == 0
    assert set(stored_then) <= set(documents(tmp_path / "harvest.db", REGION))
    assert {row["region"]: row["health"] for row in region_health(tmp_path / "harvest.db")}[
        REGION] == "ok"
    assert_kept(tmp_path, stored)


def test_a_read_only_database_fails_the_harvest(demo_web, tmp_path):
    assert harvest(STORED, demo_web, tmp_path).returncode == 0
    stored = documents(tmp_path / "harvest.db", STORED)
    read_only(tmp_path / "harvest.db")

    result = harvest(REGION, demo_web, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert summary_health(result.stdout, REGION) == "storage_error", result.stdout
    log = next((tmp_path / "logs").glob(f"{REGION}*.log")).read_text()
    assert "readonly database" in log
    assert_kept(tmp_path, stored)
    assert [run["spider"] for run in runs(tmp_path / "harvest.db")] == [STORED]


def test_a_region_closed_by_its_timeout_is_health_timeout(demo_web, tmp_path):
    """A close timeout is the harvest's budget, not a failure (its JOBDIR resumes next time):
    the harvest succeeds, and the region's health says it was cut short, though it found
    documents and no crawl before it found more."""
    result = harvest(REGION, demo_web, tmp_path, "--timeout", "3",
                     "-s", "DOWNLOAD_DELAY=0.25", "-s", "CONCURRENT_REQUESTS=1")
    assert result.returncode == 0, result.stdout + result.stderr
    [run] = runs(tmp_path / "harvest.db")
    assert run["finish_reason"] == "closespider_timeout"
    assert 0 < run["found"] < len(demo_web.manifest[REGION]["reports"])
    assert summary_health(result.stdout, REGION) == "timeout", result.stdout


def wait_for(condition, seconds: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, "the crawl ended before it could be tested"
        assert time.monotonic() < deadline, "the crawl did not get there in time"
        time.sleep(0.05)


def stored_count(database: Path, table: str) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=1) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_the_same_region_twice_at_once_is_refused(demo_web, tmp_path):
    database = tmp_path / "harvest.db"
    # Slowed down, so that it still crawls while the second process starts.
    slow = ("-s", "DOWNLOAD_DELAY=0.3", "-s", "CONCURRENT_REQUESTS=1")
    first = subprocess.Popen(crawl_command(REGION, demo_web, tmp_path, *slow), cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: stored_count(database, "harvest_runs") == 1, 120, first)
        second = subprocess.run(crawl_command(REGION, demo_web, tmp_path), cwd=ROOT,
                                capture_output=True, text=True, timeout=120, check=False)
        assert first.poll() is None, "the first crawl ended before the second started"
        assert second.returncode == 1
        assert (f"{REGION} is being crawled into {database} by process {first.pid}"
                in second.stderr)
        assert first.wait(timeout=300) == 0
    finally:
        first.kill()
    [run] = runs(database)  # the refused crawl left no run behind
    assert run["finish_reason"] == "finished"
    assert run["found"] == len(documents(database, REGION)) > 0
    assert {row["region"]: row["health"] for row in region_health(database)} == {REGION: "ok"}


def test_sigterm_twice_leaves_the_run_finished_and_what_was_stored(demo_web, tmp_path):
    database = tmp_path / "harvest.db"
    crawl = subprocess.Popen(crawl_command(REGION, demo_web, tmp_path), cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: stored_count(database, "documents") >= 3, 120, crawl)
        before = documents(database)
        crawl.send_signal(signal.SIGTERM)
        for line in crawl.stderr:  # the second only once the first is being handled
            if "shutting down gracefully" in line:
                break
        crawl.send_signal(signal.SIGTERM)
        rest = crawl.stderr.read()
        assert crawl.wait(timeout=60) == EXIT_INTERRUPTED
    finally:
        crawl.kill()
    [run] = runs(database)
    assert run["finished_at"] is not None
    # Scrapy forces the shutdown unless the graceful one ended first.
    forced = "forcing unclean shutdown" in rest
    assert run["finish_reason"] == ("unclean_shutdown" if forced else "shutdown"), rest[-2000:]
    assert {row["region"]: row["health"] for row in region_health(database)} == {
        REGION: "unfinished"}
    assert set(before) <= set(documents(database))
    assert run["found"] == len(documents(database))
