"""Pipeline 4: checks across documents, and the agency-year a document belongs to.

The parser checks one document against the template; this step checks it against what the
harvest already holds:

- its identity: which agency (:mod:`harvester.agencies`) and year; a listing year that
  contradicts the document's is recorded, as is an agency taken for the region's own
  government because the page names none;
- other copies of the same agency-year: equal numbers are a copy, other numbers either a
  re-publication (a later date) or a disagreement (nothing says which is right);
- the agency's neighbouring years: carried_forward of year N is carried_over of year N+1.

The checks are added to ``item.checks``; nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from harvester import db as harvest_db
from harvester.agencies import Agency, identify, place_of
from harvester.checks import check
from harvester.items import ReportDocument
from harvester.vocabulary import APPLICANT_COLUMNS
from pipelines.dedupe import Copy, conflicts, dated_by_parents, is_later_publication


@dataclass(frozen=True)
class Identity:
    region: str
    agency: Agency
    year: int
    spelling: str | None  # the agency as the document or listing spelled it


def published_of(item: ReportDocument) -> str | None:
    return (item.parsed or {}).get("published") or item.published


def identify_document(item: ReportDocument) -> tuple[Identity | None, str, list[dict]]:
    """The agency-year of a document, or None and why not (``failed`` or ``not_report``),
    with checks about the choice."""
    parsed = item.parsed or {}
    if item.status >= 400:
        return None, "failed", [check("http_error", "error", "document",
                                      f"the portal answered HTTP {item.status}")]
    if any(c.get("check") == "not_annual_report" for c in parsed.get("checks", ())):
        return None, "not_report", []
    checks: list[dict] = []
    year = parsed.get("year") or item.year
    if parsed.get("year") and item.year and parsed["year"] != item.year:
        checks.append(check("year_conflict", "warning", "year",
                            f"the listing gives {item.year}, the document {parsed['year']}; "
                            "the document's year is used"))
    if year is None:
        return None, "failed", [*checks, check(
            "year_unknown", "error", "year", "neither the document nor the listing gives a year")]
    spelling = parsed.get("agency") or item.agency
    agency, agency_checks = identify(spelling or item.title, place_of(item.region))
    if not agency.key:
        return None, "failed", [*checks, *agency_checks]
    return Identity(item.region, agency, year, spelling), "report", [*checks, *agency_checks]


def copy_checks(new: Copy, stored: list[Copy]) -> list[dict]:
    """How a new copy relates to the stored copies of its agency-year, where numbers differ."""
    new, *stored = dated_by_parents([new, *stored])
    checks = []
    for other in stored:
        keys = conflicts(new.report, other.report)
        if not keys:
            continue
        where = ", ".join(".".join(key) for key in keys[:5]) + (" …" if len(keys) > 5 else "")
        if is_later_publication(new, other):
            checks.append(check("republished", "info", "document",
                                f"re-publishes {other.url} ({other.published}) with "
                                f"{len(keys)} changed numbers: {where}"))
        elif is_later_publication(other, new):
            checks.append(check("superseded", "info", "document",
                                f"{other.url} ({other.published}) re-publishes this report "
                                f"with {len(keys)} changed numbers: {where}"))
        else:
            checks.append(check("copies_disagree", "warning", where,
                                f"{other.url} is a copy of the same agency-year stating other "
                                f"numbers for {len(keys)} values"))
    return checks


def carried_checks(earlier: dict, later: dict, year: int) -> list[dict]:
    """carried_forward of report ``year`` against carried_over of report ``year + 1``."""
    forward = (earlier.get("applications") or {}).get("carried_forward") or {}
    over = (later.get("applications") or {}).get("carried_over") or {}
    differ = [column for column in APPLICANT_COLUMNS
              if column in forward and column in over and forward[column] != over[column]]
    if not differ:
        return []
    detail = ", ".join(f"{c} {forward[c]}→{over[c]}" for c in differ)
    return [check("carried_over_mismatch", "warning", "applications.carried_over",
                  f"{year} carried forward is not {year + 1} carried over: {detail}")]


def cross_checks(database: sqlite_utils.Database, item: ReportDocument,
                 identity: Identity) -> list[dict]:
    report = item.parsed or {}
    new = Copy(0, item.url, item.fetched_at or "", published_of(item), report, item.parent_url)
    stored = harvest_db.find_report(database, identity.region, identity.agency.key,
                                    identity.year)
    checks = copy_checks(new, harvest_db.copies_of(database, stored["id"])) if stored else []
    for year in (identity.year - 1, identity.year + 1):
        neighbour = harvest_db.find_report(database, identity.region, identity.agency.key, year)
        if neighbour is None:
            continue
        values = harvest_db.report_values(database, neighbour["id"])
        if year < identity.year:
            checks += carried_checks(values, report, year)
        else:
            checks += carried_checks(report, values, identity.year)
    return checks


class CrossCheckPipeline:
    def __init__(self, database_path: str) -> None:
        self.database_path = database_path
        self.database: sqlite_utils.Database | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("HARVEST_DB", "data/harvest.db"))

    def open_spider(self) -> None:
        self.database = harvest_db.connect(self.database_path)

    def close_spider(self) -> None:
        if self.database is not None:
            self.database.close()

    def process_item(self, item: ReportDocument) -> ReportDocument:
        identity, _, checks = identify_document(item)
        item.checks.extend(checks)
        if identity is not None and self.database is not None:
            item.checks.extend(cross_checks(self.database, item, identity))
        return item
