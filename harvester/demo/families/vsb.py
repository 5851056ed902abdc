"""VSB 博达 站群 (docs/portals.md section 5): a column ``<col>.htm`` whose next pages count *down*
(page k of n is ``<col>/<n-k+1>.htm``), articles ``info/<treeid>/<id>.htm`` with the body in
``div#vsb_content``, and attachments through ``download.jsp`` that need the article as Referer
(without it: a 4.9 KB HTML error page at status 200).
"""

from __future__ import annotations

import html
import math
import posixpath
from dataclasses import dataclass, field

from harvester.demo import obstacles
from harvester.demo.families.base import (
    Posting,
    SiteSpec,
    Utf8Pages,
    attachment_resource,
    body_of,
    finish_site,
    number,
    page_obstacle,
    publish,
    standard_metas,
)
from harvester.demo.web import DemoRequest, Page, Reply, Resource, Site

DOWNLOAD_PATH = "/system/_content/download.jsp"


@dataclass
class VsbColumn:
    path: str  # the column file, e.g. "/xxgk/ndbg.htm"
    name: str
    tree_id: int
    postings: list[Posting] = field(default_factory=list)
    per_page: int = 8
    slow_page: int | None = None  # 1-based page number that answers late
    blocked: str | None = None  # "robots" when robots.txt disallows the column

    def pages(self) -> int:
        return max(1, math.ceil(len(self.postings) / self.per_page))

    def page_path(self, k: int) -> str:
        """Path of 1-based page ``k``: the column file, then a countdown."""
        return self.path if k == 1 else f"{self.path[:-4]}/{self.pages() - k + 1}.htm"

    def listed(self) -> list[Posting]:
        return sorted(self.postings, key=lambda p: p.date, reverse=True)


class VsbSite(Utf8Pages):
    def __init__(self, spec: SiteSpec, columns: list[VsbColumn]):
        self.spec = spec
        self.columns = columns
        self.site = Site(hosts=spec.hosts, region=spec.region.slug, schemes=spec.schemes,
                         canonical_scheme=spec.canonical_scheme)
        self.paths: dict[int, str] = {}

    def build(self) -> Site:
        for column in self.columns:
            for posting in column.postings:
                self.add_article(column, posting)
            for k in range(1, column.pages() + 1):
                resource: Resource = Page(lambda column=column, k=k: self.list_page(column, k))
                if k == column.slow_page:
                    resource = obstacles.slow(resource, self.spec.slow_delay)
                self.site.add(column.page_path(k), resource)
        self.site.add(DOWNLOAD_PATH, self.download)
        nav = "".join(f'<li><a href="{c.path.lstrip("/")}">{html.escape(c.name)}</a></li>'
                      for c in self.columns)
        self.site.add("/index.htm", Page(lambda: self.page(
            self.spec.site_name, f'<div class="nav"><ul>{nav}</ul></div>', "首页")))
        return finish_site(self.site, self.spec, "/index.htm")


    def list_page(self, column: VsbColumn, k: int) -> Reply:
        here = posixpath.dirname(column.page_path(k))
        chunk = column.listed()[(k - 1) * column.per_page:k * column.per_page]
        items = "".join(
            f'<li id="line_u7_{i}"><span>{p.date:%Y-%m-%d}</span><a href="'
            f'{posixpath.relpath(self.paths[id(p)], here)}" target="_blank" '
            f'title="{html.escape(p.shown_title)}">{html.escape(p.shown_title)}</a></li>'
            for i, p in enumerate(chunk))
        total = column.pages()

        def link(target: int, text: str, css: str) -> str:
            href = posixpath.relpath(column.page_path(target), here)
            return f'<span class="{css}"><a href="{href}">{text}</a></span>'
        pager = [f'<span class="p_t">共{len(column.postings)}条</span> <span class="p_pages">']
        if k > 1:
            pager.append(link(1, "首页", "p_first p_fun") + link(k - 1, "上页", "p_prev p_fun"))
        for n in range(1, total + 1):
            pager.append(f'<span class="p_no_d">{n}</span>' if n == k
                         else link(n, str(n), "p_no"))
        if k < total:
            pager.append(link(k + 1, "下页", "p_next p_fun") + link(total, "尾页", "p_last p_fun"))
        pager.append(f'</span> <span class="p_t">{k}/{total}</span>')
        inner = (f'<div class="position">当前位置：首页 &gt; {html.escape(column.name)}</div>'
                 f'<ul class="list">{items}</ul><div class="pb_sys_common">{"".join(pager)}'
                 f"</div>")
        return self.page(column.name, inner, column.name)

    def download(self, request: DemoRequest) -> Reply:
        resource = self.site.files.get(request.params.get("wbfileid", ""))
        if resource is None:
            return obstacles.download_refused(request)
        return resource(request)

    def add_article(self, column: VsbColumn, posting: Posting) -> None:
        doc = posting.doc
        base = posixpath.dirname(column.path) if column.blocked else ""
        path = self.site.claim(lambda n: f"{base}/info/{column.tree_id}/{n}.htm",
                               number(column.path, doc.agency, doc.year, posting.shown_title,
                                      digits=4))
        article_id = int(posixpath.basename(path).removesuffix(".htm"))
        self.paths[id(posting)] = path
        url = self.site.url(path)
        attachments = ""
        blocked = column.blocked
        fmt = posting.attachment_format
        if fmt:
            file_id = str(number(path, "file", digits=7))
            self.site.files[file_id] = obstacles.needs_referer(attachment_resource(doc, fmt), url)
            href = (f"{DOWNLOAD_PATH}?urltype=news.DownloadAttachUrl&owner={number(doc.agency)}"
                    f"&wbfileid={file_id}")
            publish(posting, self.site.url(href), role="attachment", fmt=fmt, blocked=blocked,
                    note="needs the article as Referer")
            attachments = (f'<ul style="list-style-type:none;">附件【<a href="{html.escape(href)}"'
                           f' target="_blank">{html.escape(posting.shown_title)}.{fmt}</a>】</ul>')

        def render() -> Reply:
            inner = (f'<div class="position">当前位置：首页 &gt; {html.escape(column.name)}</div>'
                     f'<h1 class="titlestyle">{html.escape(posting.shown_title)}</h1>'
                     f'<div class="info">发布时间：{posting.date:%Y-%m-%d} 点击数：'
                     f'<script>_showDynClicks("wbnews", {number(doc.agency)}, {article_id})'
                     f'</script></div><form name="_newscontent_fromname"><div id="vsb_content">'
                     f'<div class="v_news_content">{body_of(posting)}</div></div>{attachments}'
                     f"</form>")
            metas = standard_metas(self.spec, column.name, posting.shown_title, posting.date,
                                   doc.agency, url)
            return self.page(posting.shown_title, inner, column.name, metas)
        resource, obstacle_blocked = page_obstacle(posting.obstacle, Page(render))
        self.site.add(path, resource)
        publish(posting, url, blocked=blocked or obstacle_blocked)
