"""A dated-directory portal (docs/portals.md section 6): the column is a directory
(``/ndxxgkbg/index.html``, then ``index_2.html``… linked by 下页 and numbered links), its
articles ``/ndxxgkbg/20240118/i3241505.html`` under a directory of their date, no TRS marker;
the 部门年报 and 乡镇（街道）年报 sub-columns are directories below it."""

from __future__ import annotations

from harvester.demo.families.base import Posting
from harvester.demo.undescribed.plain import PlainColumn, SingleColumnSite


class DatedDirectorySite(SingleColumnSite):
    disclosure = "/zwgk/index.html"
    pager = "both"
    next_word = "下页"

    def list_href(self, column: PlainColumn, page: int) -> str:
        return f"{column.key}index.html" if page == 1 else f"{column.key}index_{page}.html"

    def article_href(self, column: PlainColumn, posting: Posting, serial: int) -> str:
        return f"{column.key}{posting.date:%Y%m%d}/i{serial}.html"
