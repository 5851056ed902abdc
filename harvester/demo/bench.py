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
- National harvest: 1,000 generated portals of a few reports each (``--national-portals``),
  politeness ON (the project's settings as they are), on a demo web with realistic latency
  (most portals 150-600 ms an answer, a few 2-5 s, some unreachable or behind a WAF, some with
  their column on an ``xxgk.`` subdomain). Harvested by today's design (``--parallel 2
  --concurrent 8``: 16 portals in flight) and by ``--in-flight 120``; for each the wall time,
  requests, reports, the peak memory of the whole harvest (its process tree's summed PSS,
  shared pages divided among the processes sharing them, sampled every 0.5 s; the summed RSS
  beside it) and the ratio of the wall time to the bound, the largest of (a) the portal whose
  crawl took longest in the harvest, harvested alone, (b) requests × mean latency ÷ (portals
  in flight × 2 requests per host), (c) the CPU of the same harvest with latency off (crawls +
  demo web) ÷ cores, all measured in the same run. Targets: within 1.5× of the bound, under 1 GB.
- Publication: a national-size harvest database (500,000 reports by default, generated straight
  into the store from the report renderer's values, no crawl) served by Datasette as ``make
  serve`` serves it; the time of every main page, facet page and canned query, twice (cold,
  then warm). Targets: under 1 s each, under 200 ms for the default pages.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
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
import threading
import time
from pathlib import Path

from harvester.demo.demo_registry import registry_toml, slug_letters
from harvester.demo.large import build_large_web
from harvester.demo.obstacles import restart_counts
from harvester.demo.render import random_report, render_html
from harvester.demo.server import running
from harvester.parse.report import parse_bytes
from harvester.registry import REGISTRY_ENVIRONMENT
from harvester.store import schema
from harvester.store.reconcile import values_of

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
        registry.write_text(registry_toml(demo), encoding="utf-8")
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


# ---- National harvest: many portals in flight, politeness on, realistic latency -----------

NATIONAL_REPORTS_PER_PORTAL = 6  # one agency, 2019-2024
NATIONAL_SHARES = {"unreachable": 0.02, "waf": 0.02, "subdomain": 0.10}
PER_HOST = 2  # CONCURRENT_REQUESTS_PER_DOMAIN, the project's setting


def tree_memory(root: int) -> dict[str, int]:
    """The memory, in bytes, of process ``root`` and all its descendants: their summed resident
    size (``rss``) and proportional set size (``pss``). RSS counts a page that several
    processes share in each of them, as the copy-on-write pages of the child that a crawl
    process's forkserver forks to read each PDF (:mod:`harvester.parse.readers.limits`); PSS
    divides it among them, so the tree's PSS is the memory it holds."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii") as stat:
                    fields = stat.read().rpartition(")")[2].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = {"rss": 0, "pss": 0}
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    name, _, value = line.partition(":")
                    if name in ("Rss", "Pss"):
                        total[name.lower()] += int(value.split()[0]) * 1024
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_sampled(command: list[str], env: dict,
                interval: float = 0.5) -> tuple[int, dict[str, int], float]:
    """Run ``command``; its exit status, the peaks of its process tree's memory
    (:func:`tree_memory`: ``rss`` and ``pss``, each its own peak) and the CPU seconds the
    sampling took in this process (reading ``smaps_rollup`` walks every mapping: some 17 ms
    a sample for a harvest of two crawl processes), which is not the demo web's."""
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peaks = {"rss": 0, "pss": 0}
    cpu = [0.0]

    def sample() -> None:
        while process.poll() is None:
            for kind, size in tree_memory(process.pid).items():
                peaks[kind] = max(peaks[kind], size)
            cpu[0] = time.thread_time()
            time.sleep(interval)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    returncode = process.wait()
    sampler.join()
    return returncode, peaks, cpu[0]


def prerender(demo) -> int:
    """Render every page of ``demo`` that is rendered once and kept (:class:`Page`), those
    behind an obstacle and the files of download endpoints included, so that the harvests
    compared all find them ready: the first to ask for them would otherwise pay for the
    rendering (a PDF takes half a second), in the demo web on the same cores. Returns how
    many."""
    from harvester.demo.web import DemoRequest, Page

    count = 0
    for site in demo.web.sites:
        for path, served in [*site.routes.items(), *site.files.items()]:
            page = inspect.unwrap(served)
            if isinstance(page, Page):
                page(DemoRequest("GET", "http", site.host, path))
                count += 1
    return count


def national_harvest(folder: Path, web, registry: Path, design: list[str],
                     regions: list[str] | None = None) -> dict:
    """One harvest of the national web into a fresh database, with the project's politeness
    settings: its wall time, the requests the demo web answered and the latency it applied,
    the reports stored, the CPU of crawls and demo web, and the process tree's peak memory.
    Each harvest meets the web's failing pages as a first harvest does (restart_counts)."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "national.db"
    command = [sys.executable, "-m", "harvester", "harvest", "--db", str(database),
               "--demo-web", web.address, "--jobdir", "", "--logs", str(folder / "logs"),
               *design, *(["--regions", ",".join(regions)] if regions else []),
               "-s", f"HARVEST_STORE={folder / 'documents'}", "-s", "LOG_LEVEL=WARNING"]
    restart_counts(web.demo.web)
    server = web.server
    served, latency = server.served, server.latency_applied
    crawls_before, server_before = children_cpu(), time.process_time()
    started = time.perf_counter()
    returncode, peaks, sampling = run_sampled(command,
                                              {**os.environ, REGISTRY_ENVIRONMENT: str(registry)})
    elapsed = time.perf_counter() - started
    requests = server.served - served
    with sqlite3.connect(database) as connection:
        reports = connection.execute("SELECT count(*) FROM reports").fetchone()[0]
        crawled = connection.execute("SELECT count(*) FROM harvest_runs").fetchone()[0]
    return {"seconds": elapsed, "requests": requests, "reports": reports, "regions": crawled,
            "latency": (server.latency_applied - latency) / max(1, requests),
            "crawls_cpu": children_cpu() - crawls_before,
            "server_cpu": time.process_time() - server_before - sampling,
            "peak_bytes": peaks["pss"],
            "peak_rss_bytes": peaks["rss"],
            "returncode": returncode}


def longest_crawl(database: Path) -> dict:
    """The region whose crawl took longest in a harvest's database: its slug, the seconds it
    took and how many seconds after the harvest's first crawl it started."""
    with sqlite3.connect(database) as connection:
        region, started, took = connection.execute(
            "SELECT spider, (julianday(started_at) - (SELECT julianday(min(started_at)) "
            "FROM harvest_runs)) * 86400, (julianday(finished_at) - julianday(started_at)) "
            "* 86400 FROM harvest_runs ORDER BY 3 DESC LIMIT 1").fetchone()
    return {"region": region, "started": started, "took": took}


def bench_national(portals: int, seed: int, in_flight: int, today: bool = True,
                   keep: Path | None = None) -> None:
    """The national harvest benchmark (see the module's documentation)."""
    from harvester.demo.server import DemoServer, RunningDemoWeb

    started = time.perf_counter()
    demo = build_large_web(portals, portals * NATIONAL_REPORTS_PER_PORTAL, seed, latency=True,
                           **NATIONAL_SHARES)
    expected = sum(len(built.entries) for built in demo.regions.values())
    kinds = {kind: sum(any(k == kind for k, _ in b.obstacles) for b in demo.regions.values())
             for kind in ("unreachable", "waf-412", "subdomain")}
    built_of = {f"bench_portal_{slug_letters(index)}": built
                for index, built in enumerate(demo.regions.values())}
    latencies = [b.sites[-1].latency for b in demo.regions.values()]
    cores = os.cpu_count() or 1
    rendering = time.perf_counter()
    pages = prerender(demo)
    rendering = time.perf_counter() - rendering
    print(f"national web: {portals} portals, {expected} reports findable "
          f"({', '.join(f'{n} {k}' for k, n in kinds.items())}), latency mean "
          f"{statistics.mean(latencies) * 1000:.0f} ms, {sum(x >= 2 for x in latencies)} "
          f"portals over 2 s, built in {time.perf_counter() - started - rendering:.1f} s, "
          f"{pages} pages rendered beforehand in {rendering:.0f} s; politeness on "
          f"(robots.txt, AutoThrottle, {PER_HOST} requests per host), {cores} cores",
          flush=True)
    designs = {"new": ["--in-flight", str(in_flight)]}
    if today:
        designs["today"] = ["--parallel", "2", "--regions-per-process",
                            str(max(1, -(-portals // 2))), "--concurrent", "8"]
    in_flight_of = {"new": min(in_flight, portals), "today": min(16, portals)}
    workspace = contextlib.nullcontext(str(keep)) if keep else tempfile.TemporaryDirectory()
    with workspace as scratch:
        folder = Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        registry = folder / "registry.toml"
        registry.write_text(registry_toml(demo), encoding="utf-8")
        with running(demo) as web:
            runs = {}
            for name, design in designs.items():
                runs[name] = national_harvest(folder / name, web, registry, design)
                print(f"    {name} ({' '.join(design)}): {runs[name]['seconds']:.0f} s",
                      flush=True)
            # (a): the portal whose crawl took longest in the harvest, harvested alone.
            longest = longest_crawl(folder / "new" / "national.db")
            slowest = built_of[longest["region"]]
            alone = national_harvest(folder / "slowest", web, registry, designs["new"],
                                     [longest["region"]])
            print(f"(a) the portal whose crawl took longest in the harvest "
                  f"({slowest.region.slug}, {slowest.sites[-1].latency:.1f} s an answer; "
                  f"{longest['took']:.0f} s, started {longest['started']:.0f} s after the "
                  f"harvest's first crawl), alone: {alone['seconds']:.0f} s, "
                  f"{alone['requests']} requests, {alone['reports']} reports", flush=True)
        # (c): the same harvest, the same web, with no latency: what its CPU alone needs.
        server = DemoServer(demo, latency=False).start()
        try:
            quick = national_harvest(folder / "no-latency", RunningDemoWeb(server), registry,
                                     designs["new"])
        finally:
            server.stop()
    cpu = quick["crawls_cpu"] + quick["server_cpu"]
    print(f"(c) the same harvest without latency: {quick['seconds']:.0f} s, "
          f"{quick['crawls_cpu']:.0f} s crawls + {quick['server_cpu']:.0f} s demo web CPU = "
          f"{cpu:.0f} s ÷ {cores} cores = {cpu / cores:.0f} s; {quick['requests']} requests, "
          f"{quick['reports']} reports", flush=True)
    for name, run in runs.items():
        flight = in_flight_of[name]
        bound_b = run["requests"] * run["latency"] / (flight * PER_HOST)
        bound = max(alone["seconds"], bound_b, cpu / cores)
        exit_note = "" if run["returncode"] == 0 else f", exit {run['returncode']}"
        which = ("a" if bound == alone["seconds"] else "b" if bound == bound_b else "c")
        print(f"{name} design ({' '.join(designs[name])}, {flight} portals in flight): "
              f"{run['seconds']:.0f} s wall, {run['regions']} regions, {run['requests']} "
              f"requests, {run['reports']} reports (of {expected}), peak memory of the whole "
              f"harvest {run['peak_bytes'] / 2**20:.0f} MB (PSS; target < 1024 MB; summed RSS "
              f"{run['peak_rss_bytes'] / 2**20:.0f} MB), CPU "
              f"{run['crawls_cpu']:.0f} s crawls + {run['server_cpu']:.0f} s demo web"
              f"{exit_note}", flush=True)
        print(f"    bound {bound:.0f} s ({which}): (a) {alone['seconds']:.0f} s, (b) "
              f"{run['requests']} × {run['latency'] * 1000:.0f} ms ÷ ({flight} × {PER_HOST}) "
              f"= {bound_b:.0f} s, (c) {cpu / cores:.0f} s; wall ÷ bound "
              f"{run['seconds'] / bound:.2f} (target 1.5)", flush=True)


# ---- Publication: Datasette at national scale ---------------------------------------------

PUBLICATION_YEARS = range(2019, 2026)
AGENCIES_PER_REGION = 40
# A report's text in the benchmark: short, so that a million reports fit a laptop's disk; the
# pages show an excerpt of it whatever its length.
BENCH_TEXT = PROSE[:120]
DATASETTE_OPTIONS = ["-m", "datasette/metadata.yml", "--plugins-dir", "datasette/plugins",
                     "--template-dir", "datasette/templates", "--setting", "suggest_facets", "off"]
PUBLICATION_TRIGGERS = re.findall(r"CREATE TRIGGER IF NOT EXISTS (\w+publication\w*)",
                                  schema.PUBLICATION_SCHEMA)


def national_database(path: Path, count: int, seed: int) -> dict:
    """A harvest database of ``count`` reports (one per agency and year, 2019-2025), their
    values taken from a pool of reports the renderer generates; the store's publication tables
    filled once at the end (:func:`schema.rebuild_publication`) rather than row by row."""
    rng = random.Random(seed)
    pool = []
    for index in range(60):
        template = "2019" if index % 4 == 0 else "2021"
        year = 2019 + index % 2 if template == "2019" else 2021 + index % 5
        pool.append((template, year, values_of(random_report(rng, template, year, "某局"))))
    db = schema.connect(path)
    for trigger in PUBLICATION_TRIGGERS:  # put back by ensure_schema below
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    agencies = -(-count // len(PUBLICATION_YEARS))
    regions = -(-agencies // AGENCIES_PER_REGION)
    with schema.write_transaction(db):
        db.conn.executemany(
            "INSERT INTO regions (slug, name, level) VALUES (?, ?, 'county')",
            [(f"bench_{slug_letters(r)}", f"示范省第{r}县") for r in range(regions)])
        db.conn.executemany(
            "INSERT INTO agencies (id, region, key, name, kind) VALUES (?, ?, ?, ?, 'bureau')",
            [(a + 1, f"bench_{slug_letters(a // AGENCIES_PER_REGION)}", f"agency{a}",
              f"示范省第{a // AGENCIES_PER_REGION}县第{a % AGENCIES_PER_REGION}局")
             for a in range(agencies)])
    batch = 5000
    for start in range(0, count, batch):
        reports, values = [], {"active_disclosure": [], "applications": [],
                               "review_litigation": []}
        for report_id in range(start + 1, min(count, start + batch) + 1):
            agency = (report_id - 1) // len(PUBLICATION_YEARS)
            year = PUBLICATION_YEARS[(report_id - 1) % len(PUBLICATION_YEARS)]
            template, _, numbers = pool[report_id % len(pool)]
            region = f"bench_{slug_letters(agency // AGENCIES_PER_REGION)}"
            name = f"示范省第{agency // AGENCIES_PER_REGION}县第{agency % AGENCIES_PER_REGION}局"
            reports.append((report_id, agency + 1, year, region, name,
                            f"{name}{year}年政府信息公开工作年度报告",
                            "2019" if year < 2021 else "2021", len(numbers),
                            f"{name}{year}年。{BENCH_TEXT}"))
            for (section, row, column), value in numbers.items():
                values[section].append((report_id, row, column, value))
        with schema.write_transaction(db):
            db.conn.executemany(
                "INSERT INTO reports (id, agency_id, year, region, agency, title, template, "
                "value_count, clean_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", reports)
            for table, first, second in schema.VALUE_TABLES:
                db.conn.executemany(f"INSERT INTO {table} (report_id, {first}, {second}, value) "
                                    "VALUES (?, ?, ?, ?)", values[table])
    schema.rebuild_publication(db)
    schema.ensure_schema(db)  # the triggers again
    counts = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("reports", "applications", "application_values",
                            "applications_wide")}
    db.close()
    return {**counts, "regions": regions, "agencies": agencies}


# The pages a researcher opens first: target 200 ms; the others (facets, queries) 1 s.
DEFAULT_PAGES = ("/", "/harvest", "/harvest/reports", "/harvest/reports/1",
                 "/harvest/application_values", "/harvest/applications_wide",
                 "/harvest/applications", "/harvest/checks", "/harvest/documents")


def publication_pages(region: str) -> list[str]:
    """The pages a researcher opens first, the facet pages, and every canned query."""
    queries = sorted(path.stem for path in (PROJECT_ROOT / "datasette" / "queries").glob("*.sql"))
    parameters = {"search_any_word": "?q=%E6%95%99%E8%82%B2",  # 教育
                  "agencies_withholding_most": f"?region={region}",
                  "granted_share_by_region_and_year": f"?region={region}",
                  "region_trend": f"?region={region}"}
    return [*DEFAULT_PAGES, f"/harvest/application_values?region={region}",
            "/harvest/application_values?year=2022&item=new&applicant=total",
            "/harvest/application_values?_facet=year",
            "/harvest/application_values?_facet=item_label",
            f"/harvest/applications_wide?region={region}&_facet=year",
            "/harvest/reports?_facet=year&_facet=region", "/dashboard",
            "/harvest/application_totals?_facet=year",
            "/harvest/agencies_withholding_most",  # every region: reads every report
            "/harvest/reports?_search=" + "%E4%BA%88%E4%BB%A5%E5%85%AC%E5%BC%80",  # 予以公开
            *(f"/harvest/{query}{parameters.get(query, '')}" for query in queries)]


def _fetch(url: str) -> tuple[float, int, bytes]:
    import urllib.error
    import urllib.request
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return time.perf_counter() - started, status, body


def bench_publication(count: int, seed: int, keep: Path | None = None) -> None:
    """Build the national database (in ``keep`` if given; one already there is served as it
    is after the store brought its schema up to date), then time every page twice over: served
    as ``make serve`` serves the live database, and read-only and immutable with an inspect
    file, as docs/publishing.md publishes it."""
    workspace = contextlib.nullcontext(str(keep)) if keep else tempfile.TemporaryDirectory()
    with workspace as scratch:
        path = Path(scratch) / "harvest.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            started = time.perf_counter()
            counts = national_database(path, count, seed)
            size = sum(p.stat().st_size for p in path.parent.glob("harvest.db*")) / 2**30
            print(f"publication: {counts['reports']:,} reports of {counts['agencies']:,} "
                  f"agencies in {counts['regions']:,} regions, {counts['applications']:,} "
                  f"application values ({counts['applications_wide']:,} wide rows), "
                  f"{size:.1f} GB, built in {time.perf_counter() - started:.0f} s", flush=True)
        else:
            started = time.perf_counter()
            schema.connect(path).close()
            print(f"publication: serving the database already in {path} (schema brought up "
                  f"to date in {time.perf_counter() - started:.0f} s)", flush=True)
        datasette = str(Path(sys.executable).with_name("datasette"))
        print("served as make serve does (the live database):", flush=True)
        time_pages(path, [])
        counts_file = path.parent / "counts.json"
        started = time.perf_counter()
        subprocess.run([datasette, "inspect", str(path), "--inspect-file", str(counts_file)],
                       check=True, capture_output=True)
        print(f"served immutable (-i) with an inspect file (datasette inspect: "
              f"{time.perf_counter() - started:.0f} s), as docs/publishing.md publishes it:",
              flush=True)
        time_pages(path, ["-i", "--inspect-file", str(counts_file)])


def time_pages(path: Path, options: list[str]) -> None:
    """Serve ``path`` with the publication's options and ``options``; print every page's
    time, cold then warm."""
    with socket_free_port() as port:
        pass
    database = ["-i", str(path)] if "-i" in options else [str(path)]
    options = [option for option in options if option != "-i"]
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("datasette")), "serve", *database,
         *DATASETTE_OPTIONS, *options, "-h", "127.0.0.1", "-p", str(port)], cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _fetch(base + "/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        print(f"{'page':<72} {'cold':>8} {'warm':>8}  notes")
        for page in publication_pages("bench_a"):
            cold, status, _ = _fetch(base + page)
            warm, status, body = _fetch(base + page)
            notes = [] if status == 200 else [f"HTTP {status}"]
            if b"facet-timed-out" in body or b"timed out" in body:
                notes.append("a facet or count timed out")
            target = 0.2 if page in DEFAULT_PAGES else 1.0
            notes.append("ok" if warm < target else f"over {target * 1000:.0f} ms")
            print(f"{page[:72]:<72} {cold * 1000:>6.0f}ms {warm * 1000:>6.0f}ms  "
                  f"{', '.join(notes)}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def socket_free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        yield probe.getsockname()[1]


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
    parser.add_argument("--national-portals", type=int, default=1000,
                        help="portals of the national harvest benchmark (default 1,000; "
                             "0 to skip it)")
    parser.add_argument("--national-in-flight", type=int, default=120,
                        help="portals in flight for the new design (default 120; a crawl in "
                             "flight costs about 4 MB)")
    parser.add_argument("--national-skip-today", action="store_true",
                        help="leave out today's design (16 in flight), the longest run")
    parser.add_argument("--national-only", action="store_true",
                        help="the national harvest benchmark only")
    parser.add_argument("--publication-reports", type=int, default=500_000,
                        help="reports of the national-size database Datasette serves "
                             "(default 500,000; 0 to skip)")
    parser.add_argument("--publication-only", action="store_true",
                        help="the publication benchmark only")
    args = parser.parse_args(argv)
    if args.national_only:
        bench_national(args.national_portals, args.seed,
                       args.national_in_flight,
                       not args.national_skip_today, args.keep / "national" if args.keep else None)
        return 0
    if not args.publication_only:
        bench_parse(args.reports, args.seed)
        if not args.no_harvest:
            bench_harvest(args.portals, args.web_reports, args.seed, args.keep,
                          args.reharvests)
        if args.national_portals:
            bench_national(args.national_portals, args.seed,
                           args.national_in_flight,
                           not args.national_skip_today,
                           args.keep / "national" if args.keep else None)
    if args.publication_reports:
        bench_publication(args.publication_reports, args.seed,
                          args.keep / "publication" if args.keep else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
