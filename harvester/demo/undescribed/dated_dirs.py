"""A dated-directory portal (docs/portals.md section 6): the column is a directory
(``/ndxxgkbg/index.html``, then ``index_2.html``… linked by 下页 and numbered links), its
articles ``/ndxxgkbg/20240118/i3241505.html`` under a directory of their date, no TRS marker;
the 部门年报 and 乡镇（街道）年报 sub-columns are directories below it."""

from __future__ import annotations

from harvester.demo.families.base import Posting
from harvester.demo.undescribed.plain import PlainColumn, PlainSite
from harvester.demo.web import Site

DISCLOSURE = "/zwgk/index.html"


class DatedDirectorySite(PlainSite):
    pager = "both"
    next_word = "下页"

    def list_href(self, column: PlainColumn, page: int) -> str:
        return f"{column.key}index.html" if page == 1 else f"{column.key}index_{page}.html"

    def article_href(self, column: PlainColumn, posting: Posting, serial: int) -> str:
        return f"{column.key}{posting.date:%Y%m%d}/i{serial}.html"

    def build(self, column: PlainColumn) -> Site:
        self.add_column(column, "政务公开 &gt; 政府信息公开年报")
        self.disclosure_page(DISCLOSURE, "政务公开", [(self.list_href(column, 1), column.name)])
        return self.finish({"政务公开": DISCLOSURE, "政府信息公开": DISCLOSURE})
