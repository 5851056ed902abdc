"""``python -m harvester export [--db PATH] [--summary]``: the database as JSON Lines.

One line per report (agency-year), in the shape ``python -m harvester parse`` prints
(``docs/report-format.md``), its numbers read back from the long tables, plus where it lives: the
region, the canonical URL and the URL of every copy fetched. The figures its prose states
(``narrative``) are read back from their long table too. So the dataset leaves the database
as plain JSON, with nothing of SQLite needed to read it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from harvester.parse.vocabulary import DECIMAL_FIELDS
from harvester.store import filing

DEFAULT_DB = os.environ.get("HARVEST_DB", "data/harvest.db")
CHECK_KEYS = ("check", "severity", "where", "message")


def _typed(sections: dict) -> dict:
    """Amounts back to floats: SQLite stores 28204.0 as the integer 28204."""
    for rows in sections.values():
        for fields in rows.values():
            for name in fields:
                if name in DECIMAL_FIELDS:
                    fields[name] = float(fields[name])
    return sections


def report_checks(database: sqlite_utils.Database, report: dict) -> list[dict]:
    """The checks of the copy the row keeps, and the checks across documents of every copy."""
    rows = database.query(
        'SELECT "check", severity, "where", message FROM checks WHERE report_id = ? '
        "AND (document_id = ? OR source IN ('harvest', 'relation')) ORDER BY id",
        [report["id"], report["document_id"]])
    seen, checks = set(), []
    for row in rows:
        key = tuple(row[k] for k in CHECK_KEYS)
        if key not in seen:
            seen.add(key)
            checks.append(dict(zip(CHECK_KEYS, key, strict=True)))
    return checks


def report_objects(database: sqlite_utils.Database) -> Iterator[dict]:
    """Every report of the database as a report object (docs/report-format.md) with its
    provenance."""
    for report in database.query("SELECT * FROM reports ORDER BY region, agency, year"):
        urls = [row["url"] for row in database.query(
            "SELECT DISTINCT url FROM documents WHERE report_id = ? ORDER BY id", [report["id"]])]
        figures = filing.report_figures(database, report["id"])
        yield {
            "source": report["canonical_url"],
            "title": report["title"],
            "agency": report["agency"],
            "year": report["year"],
            "template": report["template"],
            "published": report["published"],
            **_typed(filing.report_values(database, report["id"])),
            **({"ocr": True} if report["ocr"] else {}),
            **({"narrative": figures} if figures else {}),
            "checks": report_checks(database, report),
            "region": report["region"],
            "canonical_url": report["canonical_url"],
            "urls": urls,
        }


SUMMARY_COLUMNS = ("found", "new", "changed", "unchanged", "failed", "checks")


def summary(database: sqlite_utils.Database, path: str | Path) -> str:
    """The latest crawl of each region, as a table, and how to open the database."""
    rows = list(database.query(
        "SELECT h.*, (SELECT count(*) FROM reports r WHERE r.region = h.spider) AS reports "
        "FROM harvest_runs h WHERE h.id IN (SELECT max(id) FROM harvest_runs GROUP BY spider) "
        "ORDER BY h.spider"))
    header = f"{'region':<32}" + "".join(f"{c:>10}" for c in (*SUMMARY_COLUMNS, "reports"))
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(f"{row['spider']:<32}" + "".join(
            f"{row[c] if row[c] is not None else '-':>10}" for c in (*SUMMARY_COLUMNS, "reports")))
    lines += ["", f"open it: datasette {path} -m datasette/metadata.yml   (or: make serve)"]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m harvester export", description=__doc__)
    parser.add_argument("--db", default=DEFAULT_DB, help=f"the database (default {DEFAULT_DB})")
    parser.add_argument("--summary", action="store_true",
                        help="print each region's latest crawl instead of the reports")
    args = parser.parse_args(argv)
    if not Path(args.db).exists():
        print(f"no database at {args.db}; crawl first (make demo)", file=sys.stderr)
        return 1
    database = sqlite_utils.Database(args.db)
    if args.summary:
        print(summary(database, args.db))
        return 0
    for report in report_objects(database):
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    return 0
