"""``python -m harvester registry promote``: what discovery found, as hand-described entries.

A region of family ``portal`` is walked from its home page; its crawl records what it found in
its ``harvest_runs`` stats (the report columns ``harvest/discovery/columns``, or the first one
``harvest/discovery/column``; each column's CMS family ``harvester/family/<url>``; hosts a
portal handed its reports to, ``harvest/scope/handed``). This command turns the latest crawl of
each such region into a ``[[region]]`` table for ``harvester/registry.toml``: the registry's
entry with the columns found, their family (``portal`` when they differ, so that each column
is read as its markup says) and their hosts. Print them (default), or ``--append`` them to
``registry.toml``; then ``python -m harvester registry build`` makes them the registry's.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from harvester.registry import PORTAL_FAMILY, Region, load_regions
from harvester.registry_build import OVERRIDES, toml_value

# The keys of an entry as a person writes it in registry.toml (the build adds the data's facts).
WRITTEN_KEYS = ("slug", "name", "code", "level", "parent", "parent_name", "home",
                "report_columns", "family", "allowed_hosts", "alias_hosts", "agency_names",
                "discover", "http_only", "request_budget", "depth_limit", "until", "successor",
                "notes")
REQUIRED_KEYS = WRITTEN_KEYS[:10]


def latest_stats(database: Path, slugs: list[str] | None = None) -> dict[str, tuple[int, dict]]:
    """Slug → (run id, stats) of the latest crawl of each region with stats."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT spider, id, stats FROM harvest_runs WHERE id IN (SELECT max(id) FROM "
            "harvest_runs WHERE stats IS NOT NULL GROUP BY spider)").fetchall()
    found = {}
    for slug, run_id, stats in rows:
        if slugs and slug not in slugs:
            continue
        try:
            found[slug] = (run_id, json.loads(stats))
        except ValueError:
            continue
    return found


def columns_found(stats: dict) -> list[str]:
    columns = stats.get("harvest/discovery/columns")
    if isinstance(columns, list) and columns:
        return [column for column in columns if isinstance(column, str)]
    column = stats.get("harvest/discovery/column")
    return [column] if isinstance(column, str) else []


def promoted_entry(region: Region, run_id: int, stats: dict) -> dict | None:
    """The registry.toml entry of a region its crawl ``run_id`` found columns for, or None."""
    columns = columns_found(stats)
    if not columns:
        return None
    families = {stats.get(f"harvester/family/{column}") for column in columns} - {None}
    if not families and isinstance(stats.get("harvest/discovery/family"), str):
        families = {stats["harvest/discovery/family"]}
    family = families.pop() if len(families) == 1 else PORTAL_FAMILY
    handed = stats.get("harvest/scope/handed") or []
    hosts = [*region.allowed_hosts, *((urlsplit(url).hostname or "").lower() for url in columns),
             *(host for host in handed if isinstance(host, str))]
    entry = {key: getattr(region, key) for key in WRITTEN_KEYS if hasattr(region, key)}
    entry.update(report_columns=list(columns), family=family,
                 allowed_hosts=list(dict.fromkeys(host for host in hosts if host)),
                 notes=" ".join(part for part in (
                     region.notes, f"Columns and family found by discovery (harvest run "
                                   f"{run_id}), promoted {date.today().isoformat()}.") if part))
    return {key: value for key, value in entry.items()
            if key in REQUIRED_KEYS or not _is_default(key, value)}


def _is_default(key: str, value) -> bool:
    """Whether an optional key holds what leaving it out gives (registry.toml stays short)."""
    return value in ((), {}) or value == Region.__dataclass_fields__[key].default


def render_entries(entries: list[dict]) -> str:
    return "\n".join("[[region]]\n" + "".join(f"{key} = {toml_value(value)}\n"
                                             for key, value in entry.items())
                     for entry in entries)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m harvester registry promote",
        description="Print (or append to registry.toml) the columns discovery found, as "
                    "hand-described registry entries.")
    parser.add_argument("slugs", nargs="*", metavar="SLUG", help="only these regions")
    parser.add_argument("--db", type=Path, default=Path("data/harvest.db"))
    parser.add_argument("--append", action="store_true",
                        help=f"append to {OVERRIDES} instead of printing")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"no harvest database at {args.db}", file=sys.stderr)
        return 2
    regions = load_regions()
    unknown = [slug for slug in args.slugs if slug not in regions]
    if unknown:
        print(f"unknown regions: {', '.join(unknown)} (see `scrapy list`)", file=sys.stderr)
        return 2
    entries = []
    for slug, (run_id, stats) in sorted(latest_stats(args.db, args.slugs).items()):
        region = regions.get(slug)
        if region is None or region.family != PORTAL_FAMILY or region.report_columns:
            continue  # described already, or not a region of this registry
        entry = promoted_entry(region, run_id, stats)
        if entry is not None:
            entries.append(entry)
    if not entries:
        print("no region of family portal has a column found by its latest crawl",
              file=sys.stderr)
        return 1
    text = render_entries(entries)
    if args.append:
        with open(OVERRIDES, "a", encoding="utf-8") as registry:
            registry.write("\n" + text)
        print(f"appended {len(entries)} regions to {OVERRIDES}; now run "
              "`python -m harvester registry build`", file=sys.stderr)
    else:
        print(text, end="")
    return 0
