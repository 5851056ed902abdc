"""The item a spider yields: one fetched report document, before anyone has parsed it.

Spiders find documents; pipelines understand them. So the item carries what the crawl knows
(where, how, what the listing said) and the raw bytes, and nothing parsed from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the item is shared by every room; only the store makes an Identity
    from harvester.store.agencies import Identity


@dataclass
class ReportDocument:
    region: str  # registry slug, e.g. "jilin_baishan_hunjiang"
    url: str
    body: bytes = field(repr=False)
    content_type: str | None = None  # from the response headers
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str | None = None  # ISO 8601, UTC
    referer: str | None = None
    title: str | None = None  # as the listing or the page states it
    year: int | None = None  # as the listing or title states it
    agency: str | None = None  # as found, not normalised
    published: str | None = None  # ISO date from the listing or page metadata
    file_name: str | None = None  # attachment name from link text, alt or showname=
    found_via: str | None = None  # how it was found: "list", "jsonp", "gkmlpt-api", "attachment"…
    parent_url: str | None = None  # for an attachment: the article page that links it
    # Set by pipelines, in order: the stored blob's sha256, the parsed report, extra checks.
    sha256: str | None = None
    parsed: dict | None = None
    checks: list[dict] = field(default_factory=list)
    # Set by pipelines.identify, filed under by the store, exported in feeds: what the document
    # is ("report", or, with no agency-year, "failed" or "not_report") and its agency-year.
    kind: str | None = None
    identity: Identity | None = None
    # The database's row of these very bytes at this URL ({"id", "report_id"}), when a
    # re-crawl finds a document it stored before (pipelines.recall); not exported.
    recalled: dict | None = field(default=None, repr=False)
