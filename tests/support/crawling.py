"""Shared by the tests that run real crawls of the demo web in a subprocess and compare the
databases they leave."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def crawl_command(region: str, demo_web, folder: Path, jobdir: bool = True) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", region,
               "-s", f"DEMO_WEB={demo_web.address}", "-s", f"HARVEST_DB={folder / 'harvest.db'}",
               "-s", f"HARVEST_STORE={folder / 'documents'}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]
    return command + (["-s", f"JOBDIR={folder / 'job'}"] if jobdir else [])


def crawl(region: str, demo_web, folder: Path, jobdir: bool = True) -> None:
    result = subprocess.run(crawl_command(region, demo_web, folder, jobdir), cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]


def runs(database: Path) -> list[dict]:
    """The harvest_runs rows, oldest first, with their Scrapy stats decoded."""
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        rows = [dict(row) for row in connection.execute("SELECT * FROM harvest_runs ORDER BY id")]
    for row in rows:
        row["stats"] = json.loads(row["stats"] or "{}")
    return rows


def content(database: Path) -> dict[str, list]:
    """Every row that a crawl decides, without the times and ids that differ between runs, and
    without a document's ``outcome``, which records what it was on arrival (the first of two
    copies is "new", the second a "copy") and so follows the order of a crawl."""
    queries = {
        "reports": "SELECT a.region, a.key, r.year, r.agency, r.title, r.template, r.published, "
                   "r.canonical_url, r.value_count, r.error_count, r.clean_text FROM reports r "
                   "JOIN agencies a ON a.id = r.agency_id",
        "documents": "SELECT d.url, d.sha256, d.status, d.listed_title, d.parsed, "
                     "r.year, r.agency FROM documents d LEFT JOIN reports r ON r.id = d.report_id",
        "values": "SELECT r.agency, r.year, 'a', v.item, v.field, v.value FROM active_disclosure v "
                  "JOIN reports r ON r.id = v.report_id UNION ALL "
                  "SELECT r.agency, r.year, 'p', v.item, v.applicant, v.value FROM applications v "
                  "JOIN reports r ON r.id = v.report_id UNION ALL "
                  "SELECT r.agency, r.year, 'r', v.proceeding, v.outcome, v.value "
                  "FROM review_litigation v JOIN reports r ON r.id = v.report_id",
        "checks": 'SELECT d.url, c.source, c."check", c.severity, c."where", c.message '
                  "FROM checks c JOIN documents d ON d.id = c.document_id",
        "history": "SELECT r.agency, r.year, h.url, h.values_digest FROM report_history h "
                   "JOIN reports r ON r.id = h.report_id",
        "agencies": "SELECT region, key, name, kind, spellings FROM agencies",
    }
    with sqlite3.connect(database) as connection:
        return {name: sorted(map(repr, connection.execute(sql))) for name, sql in queries.items()}
