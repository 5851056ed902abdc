"""A Struts ``.action`` portal (docs/portals.md section 6): lists
``News_gkmlList.action?columnid=N``, then ``&pageNo=2``… linked by numbered page links
(1 2 3 … 尾页, no 下一页); articles ``News_showGkmlNews.action?messagekey=N``. The 年报 column
holds the government's reports, its 部门年报 and 乡镇（街道）年报 sub-columns are tabs beside the
list (other column ids)."""

from __future__ import annotations

from harvester.demo.families.base import Posting
from harvester.demo.undescribed.plain import PlainColumn, SingleColumnSite


class StrutsSite(SingleColumnSite):
    disclosure = "/gkml/index.action"
    section = "政府信息公开"
    pager = "numbered"

    def list_href(self, column: PlainColumn, page: int) -> str:
        base = f"/News_gkmlList.action?columnid={column.key}"
        return base if page == 1 else f"{base}&pageNo={page}"

    def article_href(self, column: PlainColumn, posting: Posting, serial: int) -> str:
        return f"/News_showGkmlNews.action?messagekey={serial}"
