"""Region health: which regions' latest harvest found nothing, or less than the one before,
and why — so a portal's redesign never breaks a spider silently.

The classification lives in one place, the SQL view ``region_health``, part of the schema
(:mod:`harvester.store.schema`), so the harvest summary, Datasette and anyone's own query see the
same verdict, in any harvest database:

- ``storage_error``: the crawl stopped because a document could not be written (a full disk, a
  read-only or locked database, see :mod:`harvester.store.faults`);
- ``timeout``: the crawl was closed by its timeout (``harvest --timeout``), or found fewer
  documents than before while downloads timed out;
- ``trap``: the crawl met one of its bounds (``spiders/limits.py``): it spent its request
  budget, or stopped following a trap (URLs alike but for their digits, a list that repeats
  itself), a depth or a page's links beyond the limits; what lies beyond was not fetched, so
  the region's coverage wants a look (and perhaps a higher ``request_budget`` or
  ``depth_limit`` in the registry);
- ``ok``: the latest crawl found documents, no fewer than the crawl before it;
- ``blocked``: a WAF challenge stood in the way (``harvester/outcome/blocked`` in the stats);
- ``layout changed``: fewer documents than the crawl before, with no block or timeout to explain
  it, the usual sign of a redesigned portal;
- ``no reports yet``: nothing found, ever;
- ``unfinished``: the latest crawl has not finished (running, or killed), or was stopped by a
  signal (``shutdown``, ``unclean_shutdown``) before it could.

At national scale the question is rather *where coverage is missing, and why*. Each region's
latest crawl also gets a **coverage** verdict (the view ``region_coverage`` of the schema,
from the crawl's stats, which the portal walker fills, ``spiders/portal.py``):

- ``reports``: the crawl found reports;
- ``blocked``: a WAF challenge stood in the way, and nothing was found;
- ``unreachable``: the home page gave no answer (no such host, refused, timed out: the
  ``harvest/home/failed`` stat), answered with an HTTP error, or no page answered at all;
- ``no column``: the home page answered, but no 年报 column was found from it;
- ``empty column``: a column was found (or the registry describes one), with no report in it;
- ``no portal``: the registry knows no home page for the region;
- ``unfinished``: the crawl has not finished, or stopped on a storage error.

:func:`province_summary` counts them by province (a slug's first part), with the registry's
regions that were never harvested: ``python -m harvester health`` prints it after the
regions' table (``--by-province`` alone; ``--province`` for one province's regions).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import sqlite_utils

from harvester.registry import Region, RegistryError, load_regions
from harvester.store import schema
from harvester.store.faults import is_storage_error

SUMMARY_COLUMNS = ("region", "health", "coverage", "found", "previous_found", "new", "changed",
                   "failed", "checks", "blocked", "finish_reason")
COVERAGE = ("reports", "empty column", "no column", "blocked", "unreachable", "no portal",
            "unfinished")
PROVINCE_COLUMNS = ("province", "name", "regions", "harvested", "reachable", "with_column",
                    "with_reports", "unreachable", "blocked", "no_column", "empty_column",
                    "no_portal", "unfinished")

def _open(db_path: str | Path) -> sqlite_utils.Database | None:
    if not Path(db_path).exists():
        return None
    db = sqlite_utils.Database(db_path)
    if not db["harvest_runs"].exists():
        return None
    try:
        schema.ensure_schema(db)  # a database older than the view gets it
    except sqlite3.Error as error:
        if not is_storage_error(error):  # read-only, say: read the views it has
            raise
    return db


def latest_runs(db_path: str | Path, regions: list[str]) -> dict[str, dict]:
    """Each region's latest ``harvest_runs`` row, in one read. A harvest prints a progress
    line for every region of a finished batch while other batches still write: this neither
    writes (as :func:`_open` may) nor scans the table once per region."""
    if not Path(db_path).exists():
        return {}
    db = sqlite_utils.Database(db_path)
    try:
        if not db["harvest_runs"].exists():
            return {}
        rows = db.query("SELECT * FROM harvest_runs WHERE id IN (SELECT max(id) FROM "
                        "harvest_runs WHERE spider IN (SELECT value FROM json_each(?)) "
                        "GROUP BY spider)", [json.dumps(regions)])
        return {row["spider"]: row for row in rows}
    finally:
        db.close()


def region_health(db_path: str | Path, regions: list[str] | None = None,
                  verdicts: dict[str, str] | None = None) -> list[dict]:
    """The ``region_health`` rows; ``verdicts`` are what a harvest knows of its crawls and the
    database could not record (a crawl that met a full disk or a read-only file)."""
    db = _open(db_path)
    rows = [] if db is None else list(db.query("SELECT * FROM region_health"))
    if db is not None and rows:
        coverage = dict(db.execute("SELECT region, coverage FROM region_coverage").fetchall())
        rows = [{**row, "coverage": coverage.get(row["region"])} for row in rows]
    if regions is not None:
        wanted = set(regions)
        rows = [row for row in rows if row["region"] in wanted]
        missing = wanted - {row["region"] for row in rows}
        rows += [{"region": region, "health": "not harvested"} for region in sorted(missing)]
    return [{**row, "health": verdicts[row["region"]], "coverage": "unfinished"}
            if row["region"] in (verdicts or ()) else row for row in rows]


def summary_table(db_path: str | Path, regions: list[str] | None = None,
                  verdicts: dict[str, str] | None = None) -> str:
    return _table(region_health(db_path, regions, verdicts), SUMMARY_COLUMNS)


def coverage_of(region: Region, row: dict | None) -> str:
    """A registry region's coverage: its latest crawl's (``row``, of :func:`region_health`),
    ``no portal`` when the registry knows no home page, else ``not harvested``."""
    if not region.home:
        return "no portal"
    if row is None or row.get("health") == "not harvested":
        return "not harvested"
    return row.get("coverage") or "unfinished"


def province_summary(db_path: str | Path, registry: dict[str, Region]) -> list[dict]:
    """One row a province: the registry's regions, how many were harvested, reached, with a
    年报 column found, with reports, and the count of each reason coverage is missing."""
    rows = {row["region"]: row for row in region_health(db_path)}
    names = {region.slug: region.name for region in registry.values()
             if region.level == "province"}
    summary: dict[str, dict] = {}
    for region in registry.values():
        province = region.slug.split("_")[0]
        line = summary.setdefault(province, {
            "province": province, "name": names.get(province, region.province_name),
            **{column: 0 for column in PROVINCE_COLUMNS[2:]}})
        row = rows.get(region.slug)
        coverage = coverage_of(region, row)
        line["regions"] += 1
        line["harvested"] += row is not None and row.get("health") != "not harvested"
        if coverage == "not harvested":
            continue
        line["reachable"] += coverage not in ("unreachable", "no portal", "unfinished")
        line["with_column"] += coverage in ("reports", "empty column")
        line["with_reports"] += coverage == "reports"
        if coverage != "reports":  # a reason coverage is missing: a column of its own
            line[coverage.replace(" ", "_")] += 1
    return sorted(summary.values(), key=lambda line: line["province"])


def province_table(db_path: str | Path, registry: dict[str, Region]) -> str:
    rows = province_summary(db_path, registry)
    total = {"province": "total", "name": "", **{
        column: sum(row[column] for row in rows) for column in PROVINCE_COLUMNS[2:]}}
    return _table([*rows, total], PROVINCE_COLUMNS)


def _table(rows: list[dict], columns: tuple[str, ...]) -> str:
    table = [list(columns)] + [
        ["" if row.get(column) is None else str(row.get(column)) for column in columns]
        for row in rows]
    widths = [max(_width(line[i]) for line in table) for i in range(len(columns))]
    lines = ["  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(
        line, widths, strict=True)).rstrip() for line in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m harvester health",
                                     description="The health of every harvested region.")
    parser.add_argument("--db", default="data/harvest.db")
    parser.add_argument("--by-province", action="store_true",
                        help="only the summary by province")
    parser.add_argument("--province", help="only this province's regions (slug prefix)")
    args = parser.parse_args(argv)
    if _open(args.db) is None:
        print(f"{args.db}: no harvest yet", file=sys.stderr)
        return 2
    try:
        registry = load_regions()
    except RegistryError as error:
        print(f"registry: {error}", file=sys.stderr)
        return 2
    if args.province:
        registry = {slug: region for slug, region in registry.items()
                    if slug.split("_")[0] == args.province}
    if not args.by_province:
        harvested = {row["region"] for row in region_health(args.db)}
        wanted = None if not args.province else sorted(harvested & set(registry))
        print(summary_table(args.db, wanted))
        print()
    print(province_table(args.db, registry))
    return 0
