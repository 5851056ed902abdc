"""A PHP-route portal (docs/portals.md section 6): lists ``/list/cid/1704``, then
``/list/cid/1704/page/2``… with 上一页 / 下一页 and numbered links; articles
``/detail/cid/1704/aid/126486``. The 年报 column's 部门年报 and 乡镇（街道）年报 sub-columns are
other ``cid`` tabs beside the list."""

from __future__ import annotations

from harvester.demo.families.base import Posting
from harvester.demo.undescribed.plain import PlainColumn, SingleColumnSite


class PhpRouteSite(SingleColumnSite):
    disclosure = "/list/cid/17"
    pager = "both"

    def list_href(self, column: PlainColumn, page: int) -> str:
        return f"/list/cid/{column.key}" + (f"/page/{page}" if page > 1 else "")

    def article_href(self, column: PlainColumn, posting: Posting, serial: int) -> str:
        return f"/detail/cid/{column.key}/aid/{serial}"
