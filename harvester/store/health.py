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
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import sqlite_utils

from harvester.store import schema
from harvester.store.faults import is_storage_error

SUMMARY_COLUMNS = ("region", "health", "found", "previous_found", "new", "changed", "failed",
                   "checks", "blocked", "finish_reason")


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
    if regions is not None:
        wanted = set(regions)
        rows = [row for row in rows if row["region"] in wanted]
        missing = wanted - {row["region"] for row in rows}
        rows += [{"region": region, "health": "not harvested"} for region in sorted(missing)]
    return [{**row, "health": verdicts[row["region"]]} if row["region"] in (verdicts or ())
            else row for row in rows]


def summary_table(db_path: str | Path, regions: list[str] | None = None,
                  verdicts: dict[str, str] | None = None) -> str:
    rows = region_health(db_path, regions, verdicts)
    table = [list(SUMMARY_COLUMNS)] + [
        ["" if row.get(column) is None else str(row.get(column)) for column in SUMMARY_COLUMNS]
        for row in rows]
    widths = [max(_width(line[i]) for line in table) for i in range(len(SUMMARY_COLUMNS))]
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
    args = parser.parse_args(argv)
    if _open(args.db) is None:
        print(f"{args.db}: no harvest yet", file=sys.stderr)
        return 2
    print(summary_table(args.db))
    return 0
