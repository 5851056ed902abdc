"""The manifest: for every demo region, every agency-year a perfect harvest must find, with its
true numbers (docs/report-format.md keys; for a report before 2019, ``figures``: what its prose
states, keyed as section 8) and every URL that publishes it; look-alikes, other
regions' reports, blocked pages and mirrors listed apart.

It is written from the catalog the sites were built from (what the generator put on the
pages, or a seed's hand-typed values), never from a harvest. ``python -m harvester demo
manifest`` prints it as JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from harvester.demo.catalog import LookAlike, Publication, ReportEntry
from harvester.demo.families.base import NO_NUMBERS_NOTES
from harvester.demo.sites import BuiltRegion, DemoWeb, build_demo_web

VALUE_SECTIONS = ("active_disclosure", "applications", "review_litigation")
IMAGE_NOTES = NO_NUMBERS_NOTES[:2]


def publication_json(publication: Publication) -> dict:
    return {key: value for key, value in asdict(publication).items() if value is not None}


def readable_in_html(entry: ReportEntry) -> bool:
    """Whether an unblocked HTML page prints the entry's own numbers as text."""
    return any(p.format == "html" and not p.blocked and p.note not in NO_NUMBERS_NOTES
               and p.values is None for p in entry.publications)


def requirements(entry: ReportEntry) -> list[str]:
    """What a harvester needs beyond HTML to read the numbers: file readers
    ("docformats") and, for pictures of tables, optical character recognition ("ocr")."""
    readable = [p for p in entry.publications if not p.blocked and p.values is None]
    if entry.template == "legacy" or not readable or readable_in_html(entry):
        return []  # nothing more to need, or nothing to read at all (see "blocked")
    needs = ["docformats"]
    if readable and all(p.format == "png" or p.note in IMAGE_NOTES for p in readable):
        needs.append("ocr")
    return needs


def entry_json(entry: ReportEntry) -> dict:
    report = entry.report or {}
    blocked = sorted({p.blocked for p in entry.publications if p.blocked})
    all_blocked = all(p.blocked for p in entry.publications)
    return {
        "agency": entry.agency, "agency_kind": entry.agency_kind, "year": entry.year,
        "template": entry.template, "title": entry.title,
        "published": entry.published.date().isoformat(),
        "source": f"seed {entry.seed.split('/')[1]}" if entry.is_seed else "generated",
        **{section: report[section] for section in VALUE_SECTIONS if section in report},
        **({"figures": entry.figures} if entry.figures else {}),
        "urls": [publication_json(p) for p in entry.publications],
        "requires": requirements(entry),
        "blocked": blocked if all_blocked else [],
    }


def lookalike_json(item: LookAlike) -> dict:
    return {"kind": item.kind, "agency": item.agency, "year": item.year, "title": item.title,
            "urls": [publication_json(p) for p in item.publications]}


def region_manifest(built: BuiltRegion) -> dict:
    entries = sorted(built.entries, key=lambda e: (e.agency_kind != "government", e.agency,
                                                   e.year))
    blocked_pages = [{"url": url, "reason": reason} for url, reason in built.blocked]
    blocked_pages += [{"url": p.url, "reason": p.blocked, "agency": e.agency, "year": e.year}
                      for e in entries for p in e.publications if p.blocked]
    return {
        "region": built.region.slug, "name": built.region.name, "family": built.family,
        "hosts": [host for site in built.sites[:1] for host in site.hosts],
        "entry_urls": built.entry_urls, "pagination": built.pagination,
        "columns": built.columns or [url for key, url in built.entry_urls.items()
                                     if key == "column"],
        "reports": [entry_json(e) for e in entries],
        "look_alikes": [lookalike_json(item) for item in built.lookalikes],
        "other_regions": [{**entry_json(e), "region": e.region} for e in built.others],
        "blocked": blocked_pages,
        "mirrors": [built.mirror] if built.mirror else [],
        "obstacles": [{"obstacle": what, "url": url} for what, url in built.obstacles],
    }


def manifest(demo: DemoWeb | None = None) -> dict[str, dict]:
    """Region slug -> its manifest, for the demo web (built with defaults when not given)."""
    demo = demo or build_demo_web()
    return {slug: region_manifest(built) for slug, built in demo.regions.items()}


def dump_json(demo: DemoWeb | None = None, indent: int | None = 1) -> str:
    """The manifest as JSON; ``indent=None`` writes it compact (the large web's is ~90 MB)."""
    separators = (",", ":") if indent is None else None
    return json.dumps(manifest(demo), ensure_ascii=False, indent=indent, separators=separators)
