"""Many portals in flight: ``harvest --in-flight N``, the demo web's latency, the large web's
unreachable, WAF and subdomain portals, and what crawls of one process share."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import tomllib

from harvester.demo.demo_registry import registry_toml
from harvester.demo.large import build_large_web
from harvester.demo.manifest import manifest
from harvester.demo.server import running
from harvester.demo.sites import DemoWeb
from harvester.demo.web import Site, Web, html_reply
from harvester.registry import REGISTRY_ENVIRONMENT, Region
from harvester.run.harvest import in_flight_plan, longest_first
from harvester.run.logcount import SharedLogCount
from pipelines.parse import ParsePipeline

ROOT = Path(__file__).resolve().parents[2]


def regions(*slugs: str) -> list[Region]:
    return [Region(slug=slug, name=slug, code="", level="county", parent="", parent_name="",
                   home="", report_columns=(), family="portal", allowed_hosts=())
            for slug in slugs]


def test_in_flight_spreads_regions_over_processes_and_divides_the_crawls():
    batches, concurrent = in_flight_plan(regions("a", "b", "c", "d", "e"), 4, processes=2)
    assert batches == [["a", "c", "e"], ["b", "d"]]
    assert concurrent == 2
    # More processes than regions: one process a region; an odd N is rounded up.
    batches, concurrent = in_flight_plan(regions("a", "b"), 5, processes=8)
    assert batches == [["a"], ["b"]] and concurrent == 3
    batches, concurrent = in_flight_plan(regions("a", "b", "c"), 1, processes=1)
    assert batches == [["a", "b", "c"]] and concurrent == 1


def test_regions_whose_latest_crawl_took_longest_start_first():
    def run(started: str, finished: str | None) -> dict:
        return {"started_at": f"2026-11-30T{started}+00:00",
                "finished_at": finished and f"2026-11-30T{finished}+00:00"}
    # latest harvest_runs rows: c took 50 s, a 3 s, e 20 s; d was killed
    runs = {"a": run("10:00:00", "10:00:03"), "c": run("10:00:00", "10:00:50"),
            "d": run("10:00:00", None), "e": run("09:59:50", "10:00:10")}
    ordered = longest_first(regions("a", "b", "c", "d", "e"), runs)
    # never finished first, in registry order; then 50 s, 20 s, 3 s
    assert [region.slug for region in ordered] == ["b", "d", "c", "e", "a"]
    # dealt over two processes, each starts with its slowest
    assert in_flight_plan(ordered, 4, processes=2)[0] == [["b", "c", "a"], ["d", "e"]]


def test_the_demo_web_sleeps_a_sites_latency_and_counts_it():
    site = Site(hosts=("www.slow.test",), region="slow", latency=0.3,
                routes={"/": lambda request: html_reply("<p>ok</p>")})
    demo = DemoWeb(web=Web([site]), regions={})
    with running(demo) as web:
        started = time.perf_counter()
        assert web.fetch("http://www.slow.test/").status == 200
        assert time.perf_counter() - started >= 0.3
        assert web.server.served == 1 and abs(web.server.latency_applied - 0.3) < 1e-9
    with running(demo, latency=False) as web:
        assert web.fetch("http://www.slow.test/").status == 200
        assert web.server.served == 1 and web.server.latency_applied == 0


def test_the_large_webs_shares_keep_the_manifest_true():
    plain = build_large_web(40, 240, seed=7)
    assert all(site.latency == 0 for site in plain.web.sites)
    demo = build_large_web(40, 240, seed=7, latency=True, unreachable=0.1, waf=0.1,
                           subdomain=0.3)
    kinds = {slug: dict(built.obstacles) for slug, built in demo.regions.items()}
    unreachable = [slug for slug, kind in kinds.items() if "unreachable" in kind]
    waf = [slug for slug, kind in kinds.items() if "waf-412" in kind]
    subdomain = [slug for slug, kind in kinds.items() if "subdomain" in kind]
    assert unreachable and waf and subdomain
    assert all(0.15 <= site.latency <= 5 for site in demo.web.sites)
    described = manifest(demo)
    with running(demo) as web:
        for slug in unreachable:
            home = demo.regions[slug].entry_urls["home"]
            assert demo.web.site_for(home.split("/")[2]) is None
            assert described[slug]["reports"] == []
            assert described[slug]["blocked"] == [{"url": home, "reason": "unreachable"}]
        for slug in waf[:2]:
            assert described[slug]["reports"] == []
            assert web.fetch(demo.regions[slug].entry_urls["column"]).status == 412
            assert web.fetch(demo.regions[slug].entry_urls["home"] + "robots.txt").status == 412
        for slug in subdomain[:2]:
            built = demo.regions[slug]
            assert built.entry_urls["home"].startswith("http://www.")
            assert built.entry_urls["column"].startswith("http://xxgk.")
            home = web.fetch(built.entry_urls["home"])
            assert built.entry_urls["column"] in home.body.decode()
            assert described[slug]["reports"]  # the reports are there, on the subdomain
        # A portal with no share is the plain web's portal: the same reports.
        other = next(slug for slug, kind in kinds.items() if not kind)
        assert [e.title for e in demo.regions[other].entries] == [
            e.title for e in plain.regions[other].entries]
    # The registry lets the crawl of a subdomain portal reach both hosts.
    entries = tomllib.loads(registry_toml(demo))["region"]
    entry = entries[list(demo.regions).index(subdomain[0])]
    number = subdomain[0].removeprefix("demo_")
    assert entry["allowed_hosts"] == [f"www.{number}.test", f"xxgk.{number}.test"]


def test_in_flight_crawls_run_at_once(tmp_path):
    """Four portals answering after a second each, harvested with ``--in-flight 4`` in one
    process: all four crawls start before any ends (one at a time, each would wait for the
    one before it). Politeness as configured: robots.txt, AutoThrottle, two per host."""
    demo = build_large_web(4, 4, seed=3)
    for site in demo.web.sites:
        site.latency = 1.0
    registry = tmp_path / "registry.toml"
    registry.write_text(registry_toml(demo), encoding="utf-8")
    database = tmp_path / "harvest.db"
    with running(demo) as web:
        result = subprocess.run(
            [sys.executable, "-m", "harvester", "harvest", "--in-flight", "4", "--parallel", "1",
             "--db", str(database), "--jobdir", str(tmp_path / "jobs"),
             "--logs", str(tmp_path / "logs"), "--demo-web", web.address,
             "-s", f"HARVEST_STORE={tmp_path / 'documents'}"],
            cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
            env={**os.environ, REGISTRY_ENVIRONMENT: str(registry)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 in flight: 1 processes of 4 crawls at once" in result.stdout
    assert len(list((tmp_path / "logs").glob("*.log"))) == 1
    assert sorted(path.name for path in (tmp_path / "jobs").iterdir()) == [
        "bench_portal_a", "bench_portal_b", "bench_portal_c", "bench_portal_d"]
    with sqlite3.connect(database) as connection:
        runs = connection.execute(
            "SELECT spider, started_at, finished_at, found FROM harvest_runs").fetchall()
    assert len(runs) == 4 and all(found for *_, found in runs)
    assert max(started for _, started, _, _ in runs) < min(finished for *_, finished, _ in runs)


class FakeStats:
    def __init__(self):
        self.values: dict[str, int] = {}

    def inc_value(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


class FakeCrawler:
    def __init__(self):
        self.stats = FakeStats()
        self.settings = {"LOG_LEVEL": "INFO"}


def test_each_crawl_counts_its_own_log_records():
    first, second = FakeCrawler(), FakeCrawler()
    spiders = object(), object()
    extensions = SharedLogCount(first), SharedLogCount(second)
    logger = logging.getLogger("harvester.test_in_flight")
    for extension, spider in zip(extensions, spiders, strict=True):
        extension.spider_opened(spider)
    try:
        logger.error("one", extra={"spider": spiders[0]})
        logger.warning("two", extra={"spider": spiders[1]})
        logger.debug("below the level", extra={"spider": spiders[1]})
        logger.error("nobody's")  # two crawls running: it belongs to neither
        assert first.stats.values == {"log_count/ERROR": 1}
        assert second.stats.values == {"log_count/WARNING": 1}
        extensions[1].spider_closed(spiders[1])
        logger.error("the only crawl left's")
        assert first.stats.values == {"log_count/ERROR": 2}
    finally:
        for extension, spider in zip(extensions, spiders, strict=True):
            extension.spider_closed(spider)
    assert not any(type(h).__name__ == "_SharedCounter" for h in logging.root.handlers)


def test_the_crawls_of_a_process_share_its_parsing_threads():
    assert ParsePipeline(2).workers is ParsePipeline(2).workers
    assert ParsePipeline(0).workers is None


def test_a_process_of_many_crawls_looks_for_idle_crawls_every_second():
    """Scrapy's engine still keeps its heartbeat where crawl_batch sets it (a Scrapy upgrade
    that moves it makes every crawl of a busy process wait five seconds at its end again)."""
    import inspect

    from scrapy.core.engine import ExecutionEngine

    from harvester.run.crawl_batch import close_idle_crawls_sooner

    assert "self._SLOT_HEARTBEAT_INTERVAL" in inspect.getsource(ExecutionEngine)
    before = ExecutionEngine._SLOT_HEARTBEAT_INTERVAL
    try:
        close_idle_crawls_sooner()
        assert ExecutionEngine._SLOT_HEARTBEAT_INTERVAL == 1.0
    finally:
        ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = before
