"""The Jilin 政府信息公开平台 (docs/portals.md section 1): TRS articles in per-agency channel
directories (layout L3), lists served as JSONP by the province's infogate search service.

The agency tree page links each channel directory; each channel has an ``ndbg/`` column whose
page is a shell: its script names the JSONP URL, and the items come from there, padded with a
BOM and CRLFs before ``result(`` as the real service pads them. The real province service sits
on infogate.jl.gov.cn; whether xxgk.dc.gov.cn uses it is unverified (docs/portals.md section 11), so
the demo serves the same endpoint on the site's own host, where the registry allows it.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from urllib.parse import quote

from harvester.demo.families.base import SiteSpec, standard_metas
from harvester.demo.families.trs_static import TrsColumn, TrsStatic
from harvester.demo.web import DemoRequest, Page, Reply, Site

JSONP_PATH = "/govsearch/jsonp/zf_jd_list.jsp"
JSONP_PAGE_SIZE = 10


@dataclass
class JilinChannel(TrsColumn):
    """A channel's ``ndbg/`` column; ``channel_id`` is the WCM id the JSONP ``lb`` names."""

    agency: str = ""
    channel_id: int = 0


class JilinPlatform(TrsStatic):
    body_class = "zlyxwz_t2a"

    def __init__(self, spec: SiteSpec, channels: list[JilinChannel]):
        super().__init__(spec, list(channels),
                         home_links=[("/xxgkml/index.html", "政府信息公开目录")])
        self.channels = channels

    def build(self) -> Site:
        site = super().build()
        self.site.add("/xxgkml/index.html", Page(self.tree_page))
        self.site.add(JSONP_PATH, self.jsonp)
        return site

    def tree_page(self) -> Reply:
        """The agency tree: every channel directory, by kind, as the platform's left menu."""
        items = "".join(
            f'<li><a href="/{c.path.removesuffix("ndbg/").lstrip("/")}index.html" '
            f'title="{html.escape(c.agency)}">{html.escape(c.agency)}</a></li>'
            for c in self.channels)
        return self.page("政府信息公开目录", f'<div class="gkml-tree"><ul>{items}</ul></div>',
                         "政府信息公开目录")

    def add_lists(self, column: TrsColumn) -> None:
        channel_dir = column.path.removesuffix("ndbg/")
        self.site.add(channel_dir + "index.html", Page(lambda: self.page(
            column.agency, f'<div class="channel"><h2>{html.escape(column.agency)}</h2><ul>'
            f'<li><a href="./ndbg/index.html">政府信息公开年度报告</a></li></ul></div>',
            column.agency)))
        self.site.add(column.path + "index.html", Page(lambda: self.shell(column)))

    def shell(self, column: JilinChannel) -> Reply:
        pub_url = self.site.url(column.path)
        src = (f"{JSONP_PATH}?page=1&lb={column.channel_id}"
               f"&channelId={column.channel_id}&callback=result&pubURL={quote(pub_url)}")
        inner = (f'<div class="position">当前位置：首页 &gt; {html.escape(column.agency)} &gt; '
                 f'政府信息公开年度报告</div><div class="login">登录 注册</div>'
                 f'<ul class="list" id="list"></ul><div id="page"></div>'
                 f'<script type="text/javascript">\nvar lb = "{column.channel_id}";\n'
                 f"function result(data) {{ render(data); }}\n</script>\n"
                 f'<script type="text/javascript" src="{html.escape(src)}"></script>')
        return self.page(column.name, inner, column.name,
                         metas=standard_metas(self.spec, column.name))

    def article_html(self, posting, url, body, attachments) -> str:
        return (f'<div class="login">登录 注册</div><div class="zlyxwz">'
                f'<div class="zlyxwz_t1">{html.escape(posting.shown_title)}</div>'
                f'<div class="zlyxwz_t2">发布日期:{posting.date:%Y-%m-%d}    点击数:'
                f'<span id="clicks"></span></div>'
                f'<div class="{self.body_class}">{body}</div>{attachments}</div>')

    def jsonp(self, request: DemoRequest) -> Reply:
        """``zf_jd_list.jsp?page=N&lb=<channelId>&callback=…``: ten items a page."""
        params = request.params
        channel = next((c for c in self.channels if str(c.channel_id) == params.get("lb")),
                       None)
        callback = params.get("callback") or "result"
        if channel is None or not params.get("page", "1").isdigit():
            payload = {"totalCount": 0, "pageCount": 0, "curPage": 1, "data": []}
        else:
            payload = self.jsonp_page(channel, max(1, int(params.get("page", "1"))))
        text = ("\r\n" * 31 + f"{callback}({json.dumps(payload, ensure_ascii=False)});\r\n")
        return Reply(b"\xef\xbb\xbf" + text.encode("utf-8"),
                     content_type="text/javascript; charset=utf-8")

    def jsonp_page(self, channel: JilinChannel, page: int) -> dict:
        listed = channel.listed()
        start = (page - 1) * JSONP_PAGE_SIZE
        data = [{"MetaDataId": 600000 + i,
                 "puburl": self.site.url(self.article_paths[id(p)]),
                 "tip": {"title": p.shown_title, "dates": f"{p.date:%Y-%m-%d}",
                         "filenum": "", "publisher": p.doc.agency}}
                for i, p in enumerate(listed[start:start + JSONP_PAGE_SIZE], start)]
        return {"totalCount": len(listed),
                "pageCount": max(1, math.ceil(len(listed) / JSONP_PAGE_SIZE)),
                "curPage": page, "data": data}
