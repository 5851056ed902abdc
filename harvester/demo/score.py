"""``python -m harvester demo score``: how much of the discovery web
(``harvester/demo/discovery.py``) a harvest finds from the home pages alone.

The web is served, a registry that describes nothing but each portal's home page is written
(``demo_registry.registry_toml(described=False)``, under ``HARVEST_REGISTRY``), and
``python -m harvester harvest`` crawls it into a database. Then, per CMS family and overall:

- **columns**: the report columns discovery recorded (the crawl stat
  ``harvest/discovery/columns``) against the manifest's ``columns``: recall (manifest columns
  found) and precision (columns found that the manifest lists);
- **reports**: the agency-years stored against the manifest's reports not wholly blocked:
  recall, and precision (a stored agency-year the manifest does not list, a look-alike or a
  mirror's page, counts against it);

and the regions whose home page gave nothing (no column, no report).

The scoring functions (:func:`normal_url`, :func:`found_in`, :func:`score`) are plain functions
of the manifest and of what the database holds, so they are tested on hand-made inputs.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from harvester.demo.demo_registry import registry_toml, slug_letters
from harvester.demo.discovery import build_discovery_web
from harvester.demo.manifest import manifest as build_manifest
from harvester.demo.server import running
from harvester.demo.undescribed.plain import CENTRAL_HOST, PROVINCE_HOST, SERVICE_HOST
from harvester.registry import REGISTRY_ENVIRONMENT
from harvester.store.agencies import Place, identify

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PREFIX = "score_portal"
PARENT_NAME = "示范市"  # what registry_toml writes as every region's parent_name
INDEX_FILES = ("index.html", "index.htm", "index.shtml", "default.html", "default.htm")


def normal_url(url: str) -> str:
    """A URL as columns are compared: no scheme, the host in lower case, no index file, no
    trailing slash, the query's parameters sorted."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    for name in INDEX_FILES:
        if path.endswith("/" + name):
            path = path[: -len(name)]
    path = path.rstrip("/") or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.netloc.lower() + path + (f"?{query}" if query else "")


def expected_reports(region: dict) -> set[tuple[str, int]]:
    """A region manifest's agency-years a harvest can store (not wholly blocked), each agency
    named as the store names it for the region."""
    place = Place(region["name"], PARENT_NAME)
    return {(identify(entry["agency"], place)[0].name, entry["year"])
            for entry in region["reports"] if not entry["blocked"]}


def found_in(database: Path | str) -> dict[str, dict]:
    """What a harvest left for each region (registry slug): the columns its latest crawl
    recorded, the family and CMS it named, the hosts handed to, the agency-years stored."""
    found: dict[str, dict] = {}
    with sqlite3.connect(database) as connection:
        for spider, stats in connection.execute(
                "SELECT spider, stats FROM harvest_runs ORDER BY id"):
            stats = json.loads(stats or "{}")
            columns = stats.get("harvest/discovery/columns") or [
                column for column in [stats.get("harvest/discovery/column")] if column]
            found[spider] = {"columns": sorted(columns),
                             "family": stats.get("harvest/discovery/family") or "",
                             "cms": stats.get("harvest/home/cms") or "",
                             "handoff": stats.get("harvest/discovery/handoff") or [],
                             "reports": set()}
        for region, agency, year in connection.execute(
                "SELECT region, agency, year FROM reports"):
            found.setdefault(region, {"columns": [], "family": "", "cms": "", "handoff": [],
                                      "reports": set()})["reports"].add((agency, year))
    return found


def ratio(hit: int, total: int) -> float | None:
    return hit / total if total else None


def tally(counts: Counter) -> dict:
    """Recall and precision of columns and reports from summed counts."""
    return {"portals": counts["portals"],
            "columns": {"expected": counts["columns_expected"], "found": counts["columns_found"],
                        "recall": ratio(counts["columns_hit"], counts["columns_expected"]),
                        "precision": ratio(counts["columns_hit"], counts["columns_found"])},
            "reports": {"expected": counts["reports_expected"], "stored": counts["reports_found"],
                        "recall": ratio(counts["reports_hit"], counts["reports_expected"]),
                        "precision": ratio(counts["reports_hit"], counts["reports_found"])}}


def score(manifest: dict[str, dict], found: dict[str, dict],
          slugs: dict[str, str] | None = None) -> dict:
    """Recall and precision per region, per family and overall. ``manifest``: manifest slug ->
    region manifest (its ``columns``, ``reports``, ``family``, ``name``); ``found``: registry
    slug -> :func:`found_in`'s record; ``slugs``: manifest slug -> registry slug (the same
    when not given). A region the harvest left nothing for counts as finding nothing."""
    regions, families, overall = {}, {}, Counter()
    nothing = {"columns": [], "reports": set(), "family": "", "cms": "", "handoff": []}
    empty = []
    for slug, region in manifest.items():
        got = found.get((slugs or {}).get(slug, slug), nothing)
        expected_columns = {normal_url(url) for url in region.get("columns", [])}
        found_columns = {normal_url(url) for url in got["columns"]}
        expected = expected_reports(region)
        counts = Counter(portals=1, columns_expected=len(expected_columns),
                         columns_found=len(found_columns),
                         columns_hit=len(expected_columns & found_columns),
                         reports_expected=len(expected), reports_found=len(got["reports"]),
                         reports_hit=len(expected & got["reports"]))
        if not found_columns and not got["reports"]:
            empty.append(slug)
        regions[slug] = {**tally(counts), "family": region["family"], "cms": got["cms"],
                         "found_family": got["family"], "handoff": got["handoff"],
                         "missed_columns": sorted(expected_columns - found_columns),
                         "extra_columns": sorted(found_columns - expected_columns),
                         "missed_reports": sorted(expected - got["reports"]),
                         "extra_reports": sorted(got["reports"] - expected)}
        families.setdefault(region["family"], Counter()).update(counts)
        overall.update(counts)
    return {"regions": regions,
            "families": {family: tally(counts) for family, counts in families.items()},
            "overall": tally(overall), "empty": empty}


def percent(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.0%}"


def report_lines(result: dict, offsite: dict[str, int] | None = None) -> list[str]:
    """The score as a table: one line per family, then overall; then each region's family,
    the CMS its home page showed, the family its column was read with, the hosts handed to."""
    lines = [f"{'family':<22}{'portals':>7}  {'columns: recall precision (found/listed)':<42}"
             "reports: recall precision (stored/listed)"]
    rows = [*sorted(result["families"].items()), ("overall", result["overall"])]
    for name, row in rows:
        columns, reports = row["columns"], row["reports"]
        counted = f"({columns['found']}/{columns['expected']})"
        lines.append(
            f"{name:<22}{row['portals']:>7}  {percent(columns['recall']):>15} "
            f"{percent(columns['precision']):>9} {counted:<16}"
            f"{percent(reports['recall']):>15} {percent(reports['precision']):>9} "
            f"({reports['stored']}/{reports['expected']})")
    lines.append("")
    lines.append(f"{'region':<12}{'family':<22}{'home page CMS':<15}{'column family':<15}"
                 "handed to")
    for slug, row in result["regions"].items():
        lines.append(f"{slug:<12}{row['family']:<22}{row['cms'] or '-':<15}"
                     f"{row['found_family'] or '-':<15}{', '.join(row['handoff']) or '-'}")
    lines.append("regions whose home page gave nothing: " + (", ".join(result["empty"])
                                                             or "none"))
    if offsite is not None:
        lines.append("offsite and mirror hosts requested: " + (", ".join(
            f"{host} ({count})" for host, count in sorted(offsite.items())) or "none"))
    return lines


def offsite_hosts(requested: Counter, demo) -> dict[str, int]:
    """The hosts a crawl asked for that no region may reach: the central portal, the
    province, its service platform, the non-gov mirrors."""
    mirrors = {urlsplit(built.mirror).hostname for built in demo.regions.values()
               if built.mirror}
    banned = {CENTRAL_HOST, PROVINCE_HOST, SERVICE_HOST, *mirrors}
    return {host: count for host, count in requested.items()
            if host.split(":")[0] in banned}


def run(portals: int = 10, seed: int | str = 0, database: Path | None = None,
        parallel: int = 2, folder: Path | None = None) -> tuple[dict, dict[str, int]]:
    """Build and serve the discovery web, harvest it from an undescribed registry, and score
    it; returns (the score, the offsite hosts requested)."""
    demo = build_discovery_web(portals, seed)
    manifest = build_manifest(demo)
    with tempfile.TemporaryDirectory(prefix="demo-score-") as scratch:
        work = Path(folder or scratch)
        work.mkdir(parents=True, exist_ok=True)
        database = Path(database or work / "score.db")
        registry = work / "registry.toml"
        registry.write_text(registry_toml(demo, prefix=PREFIX, described=False),
                            encoding="utf-8")
        # registry_toml names the regions in the web's order.
        slugs = {slug: f"{PREFIX}_{slug_letters(index)}"
                 for index, slug in enumerate(demo.regions)}
        with running(demo) as web:
            command = [sys.executable, "-m", "harvester", "harvest", "--db", str(database),
                       "--regions", ",".join(slugs.values()), "--demo-web", web.address,
                       "--jobdir", "", "--logs", str(work / "logs"), "--parallel",
                       str(parallel), "--regions-per-process",
                       str(max(1, -(-len(slugs) // parallel))), "--concurrent", "8",
                       "-s", "AUTOTHROTTLE_ENABLED=False",
                       "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
                       "-s", f"HARVEST_STORE={work / 'documents'}", "-s", "LOG_LEVEL=WARNING"]
            subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                           check=False, env={**os.environ, REGISTRY_ENVIRONMENT: str(registry)})
            offsite = offsite_hosts(web.requested_hosts, demo)
        return score(manifest, found_in(database), slugs), offsite

