"""Pipeline 4: the agency-year a document belongs to, and the checks of that choice.

The parser checks one document against the template; this step ties it to the harvest: which
agency (:mod:`harvester.store.agencies`) and year it is, recording a listing year that
contradicts the document's, and an agency taken for the region's own government because the
page names none.
The agency-year goes on the item (``item.identity``, with ``item.kind``), where the store files
the document under it and feeds export it; the checks are added to ``item.checks``. Nothing is
written here.

Checks that relate documents to each other (copies of one agency-year that disagree, a
re-publication, carried_forward of year N against carried_over of year N+1) depend on every copy
the harvest holds, not on the one that happens to arrive; the database recomputes them whenever
an agency-year changes (:func:`harvester.store.filing.reconcile_report`), so they come out the same
whatever order a crawl finds the documents in.
"""

from __future__ import annotations

from harvester.checks import check
from harvester.items import ReportDocument
from harvester.store.agencies import Identity, identify, place_of


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


def identify_item(item: ReportDocument) -> ReportDocument:
    """Put what the document is and its agency-year on the item, and the checks of that
    choice among its checks."""
    item.identity, item.kind, checks = identify_document(item)
    item.checks.extend(checks)
    return item


class IdentifyPipeline:
    def process_item(self, item: ReportDocument) -> ReportDocument:
        return identify_item(item)
