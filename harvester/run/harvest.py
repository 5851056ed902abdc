"""``python -m harvester harvest``: many regions, in Scrapy processes of their own, a bounded
number at once.

By default each region runs in its own process (``python -m harvester crawl <slug>``, which
crawls as ``scrapy crawl`` does), so a crash or a hang stays in its region; with
``--regions-per-process N`` a process crawls N regions, which saves the start-up time that
dominates small portals. Every region has its own ``JOBDIR``, so a killed harvest resumes where
it stopped, and a close timeout.

A live harvest is bound by politeness (two requests at a time per host, AutoThrottle), so most
of its time is spent waiting for answers: ``--in-flight N`` keeps N portals crawling at once,
spread over one process per core (``--parallel`` processes when given), each process crawling
its share of the regions N / processes at a time in one reactor. Regions whose latest crawl in
the database took longest start first (:func:`longest_first`). Progress is printed as
regions finish; a summary table closes the run, with each region's health
(:mod:`harvester.store.health`). Every process writes into the same SQLite database (WAL mode,
one transaction a report), where each crawl leaves its ``harvest_runs`` row.

The harvest exits 0 only when every crawl ended by itself or by its close timeout (health
``timeout``). A crawl that met a storage error (a full disk, a read-only or locked database)
stops and is health ``storage_error``, in the summary even when the database could not record
it. A region another process is crawling into the same database is refused
(:mod:`harvester.store.region_lock`) and its batch fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from harvester.registry import LEVELS, PORTAL_FAMILY, TIERS, Region, RegistryError, load_regions
from harvester.run.crawl_batch import EXIT_STORAGE_ERROR
from harvester.store import health
from harvester.store.faults import STORAGE_ERROR
from spiders.families import FAMILY_SPIDERS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A harvest of more regions than this prints their coverage by province before the regions'
# table (python -m harvester health prints both for the whole registry).
PROVINCE_SUMMARY_FROM = 20


@dataclass
class BatchResult:
    regions: list[str]
    returncode: int
    seconds: float
    log: Path


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/5"`` → (2, 5): the second of five shards."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"a shard is K/N, such as 2/5: {text!r}") from error
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"shard {text}: K must be between 1 and N")
    return index, count


def in_shard(slug: str, shard: tuple[int, int]) -> bool:
    """Whether a region belongs to a shard. The split depends on the slug alone, so every
    machine computes the same one and a region added later does not move the others."""
    index, count = shard
    return zlib.crc32(slug.encode()) % count == index - 1


def select_regions(regions: list[Region], province: str | None = None,
                   slugs: list[str] | None = None,
                   shard: tuple[int, int] | None = None, level: str | None = None,
                   demo: bool = True) -> list[Region]:
    """The regions a harvest crawls. ``province``: a slug's first part (``zhejiang``), a
    province code (``330000``) or name (``浙江`` or ``浙江省``). ``level``: a tier (``county``
    is every county-level division: districts, counties, county-level cities; ``prefecture``)
    or one level (``district``). ``demo``: without the demo web (``demo=False``) the demo-only
    regions are left out unless named in ``slugs``, since their hosts exist nowhere else."""
    chosen = regions
    if slugs:
        known = {region.slug for region in regions}
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise SystemExit(f"unknown regions: {', '.join(unknown)} (see `scrapy list`)")
        chosen = [region for region in chosen if region.slug in slugs]
    elif not demo:
        chosen = [region for region in chosen if not region.demo_only]
    if province:
        chosen = [region for region in chosen if province in (
            region.slug.split("_")[0], region.province, region.province_name,
            region.province_name[:2], region.province_name[:3])]
    if level:
        if level not in TIERS and level not in LEVELS:
            raise SystemExit(f"unknown level {level!r}: one of "
                             f"{', '.join(dict.fromkeys([*TIERS, *LEVELS]))}")
        chosen = [region for region in chosen if region.level in TIERS.get(level, (level,))]
    if shard:
        chosen = [region for region in chosen if in_shard(region.slug, shard)]
    return chosen


def batches(regions: list[Region], size: int) -> list[list[str]]:
    slugs = [region.slug for region in regions]
    size = max(1, size)
    return [slugs[i:i + size] for i in range(0, len(slugs), size)]


def in_flight_plan(regions: list[Region], in_flight: int,
                   processes: int | None = None) -> tuple[list[list[str]], int]:
    """The batches and the crawls at once per process that keep ``in_flight`` portals crawling:
    one process per core (or ``processes``), never more processes than regions, the regions
    dealt out in turn so each process gets its share of every part of the list, and
    ``in_flight`` divided among the processes (rounded up)."""
    count = max(1, min(len(regions), processes or os.cpu_count() or 1))
    slugs = [region.slug for region in regions]
    split = [slugs[index::count] for index in range(count)]
    return [batch for batch in split if batch], max(1, -(-max(1, in_flight) // count))


def longest_first(regions: list[Region], runs: dict[str, dict]) -> list[Region]:
    """The regions in the order their crawls start: those without a finished crawl in ``runs``
    (their latest ``harvest_runs`` rows) first, in registry order, then the others by how long
    their latest crawl took, longest first. A harvest lasts until its last crawl ends: a portal
    that answers in seconds, started near the end, keeps the harvest waiting for it alone,
    every other slot empty (the last half minute of the national benchmark's first harvest)."""
    def took(region: Region) -> float | None:
        run = runs.get(region.slug)
        if not run or not run.get("finished_at"):
            return None
        return (datetime.fromisoformat(run["finished_at"])
                - datetime.fromisoformat(run["started_at"])).total_seconds()
    durations = {region.slug: took(region) for region in regions}
    unknown = [region for region in regions if durations[region.slug] is None]
    known = [region for region in regions if durations[region.slug] is not None]
    return unknown + sorted(known, key=lambda region: -durations[region.slug])


def crawl_command(slugs: list[str], args: argparse.Namespace) -> list[str]:
    """``python -m harvester crawl`` for a batch of regions (:mod:`harvester.run.crawl_batch`)."""
    command = [sys.executable, "-m", "harvester", "crawl", *slugs,
               "--concurrent", str(args.concurrent),
               "-s", f"HARVEST_DB={args.db}",
               "-s", f"CLOSESPIDER_TIMEOUT={args.timeout}",
               "-s", "LOG_LEVEL=INFO"]
    if args.jobdir:
        command += ["--jobdir", args.jobdir]
    if args.demo_web:
        command += ["-s", f"DEMO_WEB={args.demo_web}"]
    for setting in args.setting or ():
        command += ["-s", setting]
    return command


def run_batch(slugs: list[str], args: argparse.Namespace) -> BatchResult:
    name = slugs[0] if len(slugs) == 1 else f"{slugs[0]}+{len(slugs) - 1}"
    log = Path(args.logs) / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    rounds = -(-len(slugs) // max(1, args.concurrent))
    with open(log, "w", encoding="utf-8") as output:
        try:
            # Each crawl's close timeout ends a slow region cleanly; the process timeout is
            # the backstop for a process that hangs past them all.
            returncode = subprocess.run(crawl_command(slugs, args), cwd=PROJECT_ROOT,
                                        stdout=output, stderr=subprocess.STDOUT,
                                        timeout=(args.timeout + 60) * rounds * 2,
                                        check=False).returncode
        except subprocess.TimeoutExpired:
            returncode = -9
    return BatchResult(slugs, returncode, time.monotonic() - started, log)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m harvester harvest",
                                     description="Harvest many regions of the registry.")
    parser.add_argument("--province", help="only this province's regions (slug prefix such as "
                                           "zhejiang, province code or name)")
    parser.add_argument("--level", help="only regions of this tier (province, prefecture, "
                                        "county: every county-level division) or level "
                                        "(city, district, county_city…)")
    parser.add_argument("--regions", help="comma-separated region slugs")
    parser.add_argument("--shard", type=parse_shard, help="K/N: this machine's share")
    parser.add_argument("--parallel", type=int, default=None,
                        help="Scrapy processes at once (default 2; with --in-flight, one "
                             "per core)")
    parser.add_argument("--regions-per-process", type=int, default=1,
                        help="regions one process crawls (default 1: a process per region, "
                             "so a crash stays in its region; more saves start-up time)")
    parser.add_argument("--concurrent", type=int, default=4,
                        help="regions a process crawls at the same time (default 4)")
    parser.add_argument("--in-flight", type=int, metavar="N",
                        help="portals crawling at once: the regions are spread over one "
                             "process per core (or --parallel), each crawling N / processes "
                             "at a time; replaces --regions-per-process and --concurrent")
    parser.add_argument("--timeout", type=int, default=3600,
                        help="seconds before a region's crawl is closed (default 3600)")
    parser.add_argument("--db", default="data/harvest.db")
    parser.add_argument("--jobdir", default="data/jobs",
                        help="per-region JOBDIR parent, so a killed harvest resumes; "
                             "empty to disable")
    parser.add_argument("--logs", default="data/logs")
    parser.add_argument("--demo-web", help="host:port of a running demo web (offline)")
    parser.add_argument("-s", "--setting", action="append", help="extra Scrapy setting NAME=VALUE")
    args = parser.parse_args(argv)

    slugs = args.regions.split(",") if args.regions else None
    try:  # a registry naming no spider's family fails here, before any crawl starts
        registry = load_regions(families={*FAMILY_SPIDERS, PORTAL_FAMILY})
    except RegistryError as error:
        print(f"registry: {error}", file=sys.stderr)
        return 2
    regions = select_regions(list(registry.values()), args.province, slugs, args.shard,
                             args.level, demo=bool(args.demo_web))
    if not regions:
        print("no region selected", file=sys.stderr)
        return 2
    regions = longest_first(regions, health.latest_runs(args.db, [r.slug for r in regions]))
    if args.in_flight:
        plan, args.concurrent = in_flight_plan(regions, args.in_flight, args.parallel)
        args.parallel = len(plan)
        print(f"harvesting {len(regions)} regions, {args.in_flight} in flight: {len(plan)} "
              f"processes of {args.concurrent} crawls at once, into {args.db}", flush=True)
    else:
        args.parallel = args.parallel or 2
        plan = batches(regions, args.regions_per_process)
        print(f"harvesting {len(regions)} regions, {args.parallel} processes at a time, into "
              f"{args.db}", flush=True)
    began = datetime.now(timezone.utc).isoformat(timespec="seconds")
    results: list[BatchResult] = []
    verdicts: dict[str, str] = {}
    done = 0
    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        futures = [pool.submit(run_batch, batch, args) for batch in plan]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            runs = health.latest_runs(args.db, result.regions)
            for slug in result.regions:
                done += 1
                if unrecorded_storage_error(result, runs.get(slug), began):
                    verdicts[slug] = STORAGE_ERROR
                print(progress_line(slug, result, done, len(regions), runs.get(slug)),
                      flush=True)
    print()
    if len(regions) > PROVINCE_SUMMARY_FROM:
        print(health.province_table(args.db, {region.slug: region for region in regions}))
        print()
    print(health.summary_table(args.db, [region.slug for region in regions], verdicts))
    return 0 if all(result.returncode == 0 for result in results) else 1


def unrecorded_storage_error(result: BatchResult, run: dict | None, began: str) -> bool:
    """Whether a region's crawl met a storage error its ``harvest_runs`` row could not record:
    its process said so, and the database holds no finished run of this harvest (a full disk
    refuses the row's last update, a read-only database even its first)."""
    return result.returncode == EXIT_STORAGE_ERROR and (
        run is None or run["started_at"] < began or run["finished_at"] is None)


def progress_line(slug: str, result: BatchResult, done: int, total: int,
                  run: dict | None) -> str:
    """One region's line: its latest ``harvest_runs`` row (``run``) and its batch's outcome."""
    counts = (f"found {run['found']}, new {run['new']}, changed {run['changed']}, "
              f"failed {run['failed']}" if run and run.get("found") is not None
              else "no harvest_runs row (see the log)")
    status = "" if result.returncode == 0 else f", exit {result.returncode}, log {result.log}"
    return f"[{done}/{total}] {slug}: {counts} ({result.seconds:.0f} s{status})"
