"""``make bench``: the project's speed and memory figures, printed, never asserted.

- Parsing: at least 1,000 generated HTML reports of the seeds' size (Word-exported tables, GBK
  and UTF-8 pages), parsed one after another on one core. Target: 300 reports/s or more.
- Harvesting: the large demo web (500 portals, 20,000 reports or more by default) served on
  localhost and harvested into SQLite by ``python -m harvester harvest``, with politeness delays
  off for the benchmark only; then harvested again, unchanged, three times (``--reharvests``),
  each time printed, their median the figure. Pages/s, reports/s and the peak memory of the
  largest crawl process, beside ``scrapy bench``'s page rate on the same machine, and where each
  harvest's CPU went: the crawl processes, and the demo web, which shares the machine. Targets:
  half of ``scrapy bench``'s page rate end to end, under 500 MB, and a second harvest in a tenth
  of the first one's time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harvester.demo.large import build_large_web
from harvester.demo.render import random_report, render_html
from harvester.demo.server import running
from harvester.demo.sites import DemoWeb
from harvester.parse.report import parse_bytes
from harvester.registry import REGISTRY_ENVIRONMENT

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Seed reports carry 5-10 KB of prose besides their tables; generated ones get as much.
PROSE = ("按照《中华人民共和国政府信息公开条例》要求，本机关坚持以公开为常态、不公开为例外，"
         "围绕中心工作，规范政府信息公开申请处理流程，拓展政府信息公开形式。") * 4
TARGET_REPORTS_PER_SECOND = 300


def generated_pages(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    pages = []
    for index in range(count):
        template = rng.choice(("2019", "2021"))
        year = rng.randint(2019, 2020) if template == "2019" else rng.randint(2021, 2025)
        report = random_report(rng, template, year, f"某区第{index}局")
        body = render_html(report, rng.choice(("word", "plain")))
        prose = "".join(f"<p class=MsoNormal>{PROSE}</p>" for _ in range(rng.randint(8, 14)))
        charset = rng.choice(("utf-8", "gbk"))
        html = (f'<html><head><meta charset="{charset}"><meta name="ArticleTitle" '
                f'content="某区第{index}局{year}年政府信息公开工作年度报告"></head><body>'
                f'<div class="TRS_Editor">{body.replace("</p>", "</p>" + prose, 2)}</div>'
                "</body></html>")
        pages.append(html.encode(charset))
    return pages


def bench_parse(count: int, seed: int) -> None:
    pages = generated_pages(count, seed)
    size = sum(len(page) for page in pages) / len(pages)
    started, started_cpu = time.perf_counter(), time.process_time()
    failures = 0
    for page in pages:
        report = parse_bytes(page, "bench.html")
        failures += any(c["severity"] != "info" for c in report["checks"])
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - started_cpu
    rate = count / elapsed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"parse: {count} HTML reports (mean {size / 1024:.1f} KB) in {elapsed:.2f} s on one "
          f"core: {rate:.0f} reports/s (target {TARGET_REPORTS_PER_SECOND}; "
          f"{count / cpu:.0f}/s of CPU time, for a busy machine), "
          f"peak memory {peak_mb:.0f} MB, {failures} reports with warnings or errors")


def scrapy_bench_rate(seconds: int = 20) -> float:
    """``scrapy bench``'s pages/s, run outside the project so Scrapy's defaults apply."""
    with tempfile.TemporaryDirectory() as outside:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}",
             "-s", "LOG_LEVEL=INFO"], cwd=outside, capture_output=True, text=True,
            timeout=seconds + 120, check=False)
    pages = re.search(r"'response_received_count': (\d+)", result.stderr)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", result.stderr)
    if not (pages and elapsed):
        raise RuntimeError(f"scrapy bench printed no stats:\n{result.stderr[-2000:]}")
    return int(pages.group(1)) / float(elapsed.group(1))


def slug_letters(number: int) -> str:
    """A registry slug part for a number: registry slugs are letters only (a, b, … ba, bb …)."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if number == 0:
            return letters


def large_web_registry(demo: DemoWeb) -> str:
    """A registry (TOML) of the large web's synthetic portals, one region each."""
    entries = []
    for index, built in enumerate(demo.regions.values()):
        hosts = [host for site in built.sites for host in site.hosts]
        entries.append(
            f'[[region]]\nslug = "bench_portal_{slug_letters(index)}"\n'
            f'name = "{built.region.name}"\ncode = ""\nlevel = "county"\nparent = ""\n'
            f'parent_name = "示范市"\nhome = "{built.entry_urls["home"]}"\n'
            f'report_columns = ["{built.entry_urls["column"]}"]\nfamily = "{built.family}"\n'
            f"allowed_hosts = {json.dumps(hosts)}\ndemo_only = true\n")
    return "\n".join(entries)


def last_run_id(database: Path) -> int:
    if not database.exists():
        return 0
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT coalesce(max(id), 0) FROM harvest_runs").fetchone()[0]


def children_cpu() -> float:
    """CPU seconds of this process's finished children and theirs: the harvest, its crawls."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_line(runs: list[dict]) -> str:
    """Where the CPU went in each harvest: the crawls, the demo web, and how busy the cores
    were (100% is every core all the time)."""
    cores = os.cpu_count() or 1
    return "; ".join(
        f"{run['crawls_cpu']:.0f} s crawls + {run['server_cpu']:.0f} s demo web = "
        f"{(run['crawls_cpu'] + run['server_cpu']) / (run['seconds'] * cores):.0%} of "
        f"{cores} cores" for run in runs)


def harvest_once(folder: Path, address: str, registry: Path, regions: int) -> dict:
    """One harvest of the large web; its time, pages, bytes and the reports then stored."""
    database = folder / "bench.db"
    before = last_run_id(database)
    started = time.perf_counter()
    crawls_before, server_before = children_cpu(), time.process_time()
    command = [sys.executable, "-m", "harvester", "harvest", "--db", str(database),
               "--demo-web", address, "--jobdir", "", "--logs", str(folder / "logs"),
               "--parallel", "2", "--regions-per-process", str(max(1, -(-regions // 2))),
               "--concurrent", "8",
               # Politeness off for the benchmark only: the web is on this machine.
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
               "-s", f"HARVEST_STORE={folder / 'documents'}", "-s", "LOG_LEVEL=WARNING"]
    subprocess.run(command, cwd=PROJECT_ROOT,
                   env={**os.environ, REGISTRY_ENVIRONMENT: str(registry)},
                   capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    # The demo web is served by threads of this process, which otherwise waits.
    server_cpu = time.process_time() - server_before
    crawls_cpu = children_cpu() - crawls_before
    with sqlite3.connect(database) as connection:
        stats = [json.loads(row[0] or "{}") for row in connection.execute(
            "SELECT stats FROM harvest_runs WHERE id > ?", [before])]
        reports = connection.execute("SELECT count(*) FROM reports").fetchone()[0]
    return {"seconds": elapsed, "reports": reports, "crawls_cpu": crawls_cpu,
            "server_cpu": server_cpu,
            "pages": sum(s.get("response_received_count", 0) for s in stats),
            "bytes": sum(s.get("harvest/network/response_bytes", 0) for s in stats),
            # The peak RSS of the process that ran the crawl (harvester.run.peak_memory).
            "peak_bytes": max((s.get("harvest/memory/peak_bytes", 0) for s in stats), default=0),
            "regions": len(stats)}


def bench_harvest(portals: int, reports: int, seed: int, keep: Path | None = None,
                  reharvests: int = 3) -> None:
    """A first harvest of the large web, then ``reharvests`` harvests of it unchanged. This
    machine's speed drifts by a tenth or more between runs; the median of a few re-harvests
    says more of what one costs than a single one, and each of them is printed."""
    bench_rate = scrapy_bench_rate()
    print(f"scrapy bench: {bench_rate:.0f} pages/s on this machine", flush=True)
    started = time.perf_counter()
    demo = build_large_web(portals, reports, seed)
    expected = sum(len(built.entries) for built in demo.regions.values())
    print(f"large web: {len(demo.regions)} portals, {expected} reports, built in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    workspace = contextlib.nullcontext(str(keep)) if keep else tempfile.TemporaryDirectory()
    with workspace as scratch, running(demo) as web:
        folder = Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        registry = folder / "registry.toml"
        registry.write_text(large_web_registry(demo), encoding="utf-8")
        first = harvest_once(folder, web.address, registry, len(demo.regions))
        again = [harvest_once(folder, web.address, registry, len(demo.regions))
                 for _ in range(max(1, reharvests))]
    peak_mb = max(run["peak_bytes"] for run in (first, *again)) / 2**20
    rate = first["pages"] / first["seconds"]
    print(f"harvest: {first['regions']} regions, {first['pages']} pages, {first['reports']} "
          f"reports (of {expected}) into SQLite in {first['seconds']:.0f} s: {rate:.1f} pages/s, "
          f"{first['reports'] / first['seconds']:.1f} reports/s; {rate / bench_rate:.0%} of "
          f"scrapy bench (target 50%); peak memory of a crawl process {peak_mb:.0f} MB "
          "(target < 500 MB)")
    seconds = [run["seconds"] for run in again]
    median = statistics.median(seconds)
    print(f"unchanged web, harvested again {len(again)} times: "
          f"{', '.join(f'{s:.1f}' for s in seconds)} s; median {median:.1f} s, "
          f"{median / first['seconds']:.1%} of the first (target 10%), slowest "
          f"{max(seconds) / first['seconds']:.1%}; at most "
          f"{max(run['bytes'] for run in again) / max(1, first['bytes']):.1%} of its bytes",
          flush=True)
    print(f"CPU, first harvest: {cpu_line([first])}", flush=True)
    print(f"CPU, harvested again: {cpu_line(again)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harvester.demo.bench")
    parser.add_argument("--reports", type=int, default=1000, help="reports to parse")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--portals", type=int, default=500, help="portals of the large web")
    parser.add_argument("--web-reports", type=int, default=20000,
                        help="reports of the large web")
    parser.add_argument("--no-harvest", action="store_true", help="the parse benchmark only")
    parser.add_argument("--reharvests", type=int, default=3,
                        help="harvests of the unchanged web after the first (default 3)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="harvest into DIR and leave it there (database, logs, cache)")
    args = parser.parse_args(argv)
    bench_parse(args.reports, args.seed)
    if not args.no_harvest:
        bench_harvest(args.portals, args.web_reports, args.seed, args.keep, args.reharvests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
