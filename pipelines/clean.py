"""Pipeline 2: cut an HTML article page down to its report (see :mod:`harvester.parse.clean`).

After this step ``item.body`` is the document the parser should read: for an HTML page, a small
UTF-8 page holding the title, the date and the body container; any other format passes as it
came. The original bytes stay in the store under ``item.sha256`` (pipeline 1). A title or date
the listing did not give is taken from the page.
"""

from __future__ import annotations

from harvester.items import ReportDocument
from harvester.parse.clean import clean_html, decode_page
from harvester.parse.readers import sniff_format
from harvester.parse.readers.limits import MAX_HTML_BYTES

CLEAN_CONTENT_TYPE = "text/html; charset=utf-8"


def is_html(item: ReportDocument) -> bool:
    """HTML by its bytes: a portal's Content-Type is wrong often enough (docs/portals.md
    section 9)."""
    return sniff_format(item.body, item.file_name) == "html"


def clean_item(item: ReportDocument) -> ReportDocument:
    if item.parsed is not None or not is_html(item):  # recalled, or not a page
        return item
    if len(item.body) > MAX_HTML_BYTES:
        return item  # not read in the crawl's process: the parse refuses it as too large
    markup, decode_checks = decode_page(item.body, item.content_type)
    page = clean_html(markup)
    item.body = page.html.encode("utf-8")
    item.content_type = CLEAN_CONTENT_TYPE
    item.title = item.title or page.title
    item.published = item.published or page.published
    item.checks.extend([*decode_checks, *page.checks])
    return item


class CleanPipeline:
    def process_item(self, item: ReportDocument) -> ReportDocument:
        return clean_item(item)
