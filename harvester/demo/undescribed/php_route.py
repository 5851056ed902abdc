"""A PHP-route portal (docs/portals.md section 6): lists ``/list/cid/1704``, then
``/list/cid/1704/page/2``… with 上一页 / 下一页 and numbered links; articles
``/detail/cid/1704/aid/126486``. The 年报 column's 部门年报 and 乡镇（街道）年报 sub-columns are
other ``cid`` tabs beside the list."""

from __future__ import annotations

from harvester.demo.families.base import Posting
from harvester.demo.undescribed.plain import PlainColumn, PlainSite
from harvester.demo.web import Site

DISCLOSURE = "/list/cid/17"


class PhpRouteSite(PlainSite):
    pager = "both"

    def list_href(self, column: PlainColumn, page: int) -> str:
        return f"/list/cid/{column.key}" + (f"/page/{page}" if page > 1 else "")

    def article_href(self, column: PlainColumn, posting: Posting, serial: int) -> str:
        return f"/detail/cid/{column.key}/aid/{serial}"

    def build(self, column: PlainColumn) -> Site:
        self.add_column(column, "政务公开 &gt; 政府信息公开年报")
        self.disclosure_page(DISCLOSURE, "政务公开", [(self.list_href(column, 1), column.name)])
        return self.finish({"政务公开": DISCLOSURE, "政府信息公开": DISCLOSURE})
