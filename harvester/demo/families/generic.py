"""A plain ASP.NET-style portal (docs/portals.md section 6: ``InfoPublic.aspx?cid=…&page=N``): the
list says ``下一页`` in an ordinary link, articles are ``InfoDetail.aspx?id=N`` and files sit
under ``/UploadFiles/<YYYYMM>/``. No markup of a known CMS: the shape the ``generic`` spider
reads.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

from harvester.demo import obstacles
from harvester.demo.families.base import (
    Posting,
    SiteSpec,
    Utf8Pages,
    attachment_resource,
    body_of,
    digest,
    finish_site,
    number,
    page_obstacle,
    publish,
    standard_metas,
)
from harvester.demo.web import DemoRequest, Page, Reply, Resource, Site

LIST_PATH = "/InfoPublic.aspx"
DETAIL_PATH = "/InfoDetail.aspx"


@dataclass
class GenericColumn:
    cid: int
    name: str
    postings: list[Posting] = field(default_factory=list)
    per_page: int = 10
    maintenance: bool = False  # answers "系统维护中" at 200

    def listed(self) -> list[Posting]:
        return sorted(self.postings, key=lambda p: p.date, reverse=True)


class GenericSite(Utf8Pages):
    def __init__(self, spec: SiteSpec, columns: list[GenericColumn]):
        self.spec = spec
        self.columns = {c.cid: c for c in columns}
        self.site = Site(hosts=spec.hosts, region=spec.region.slug, schemes=spec.schemes,
                         canonical_scheme=spec.canonical_scheme)
        self.articles: dict[str, Resource] = {}
        self.links: dict[int, str] = {}

    def build(self) -> Site:
        for column in self.columns.values():
            for posting in column.postings:
                self.add_posting(posting, column)
        self.site.add(LIST_PATH, self.list_page)
        self.site.add(DETAIL_PATH, self.detail)
        nav = "".join(f'<li><a href="{LIST_PATH}?cid={c.cid}">{html.escape(c.name)}</a></li>'
                      for c in self.columns.values())
        self.site.add("/index.html", Page(lambda: self.page(
            self.spec.site_name, f'<div class="nav"><ul>{nav}</ul></div>', "首页")))
        return finish_site(self.site, self.spec, "/index.html")


    def list_page(self, request: DemoRequest) -> Reply:
        params = request.params
        column = self.columns.get(int(params["cid"])) if params.get("cid", "").isdigit() \
            else None
        if column is None:
            return self.page("错误", "<p>参数错误</p>", "错误")
        if column.maintenance:
            return obstacles.maintenance(request)
        listed = column.listed()
        pages = max(1, math.ceil(len(listed) / column.per_page))
        page = int(params["page"]) if params.get("page", "").isdigit() else 1
        page = min(max(page, 1), pages)
        items = "".join(
            f'<tr><td><a href="{html.escape(self.links[id(p)])}" target="_blank">'
            f"{html.escape(p.shown_title)}</a></td><td>{p.date:%Y-%m-%d}</td></tr>"
            for p in listed[(page - 1) * column.per_page:page * column.per_page])
        pager = f"<span>共{len(listed)}条 第{page}/{pages}页</span> "
        if page > 1:
            pager += f'<a href="{LIST_PATH}?cid={column.cid}&amp;page={page - 1}">上一页</a> '
        if page < pages:
            pager += f'<a href="{LIST_PATH}?cid={column.cid}&amp;page={page + 1}">下一页</a>'
        inner = (f'<div class="position">当前位置：首页 &gt; {html.escape(column.name)}</div>'
                 f'<table class="list">{items}</table><div class="pager">{pager}</div>')
        return self.page(column.name, inner, column.name)

    def detail(self, request: DemoRequest) -> Reply:
        resource = self.articles.get(request.params.get("id", ""))
        if resource is None:
            return self.page("错误", "<p>信息不存在或已删除</p>", "错误")
        return resource(request)

    def add_posting(self, posting: Posting, column: GenericColumn) -> None:
        doc = posting.doc
        fmt = posting.attachment_format
        file_url = None
        if fmt:
            file_path = f"/UploadFiles/{posting.date:%Y%m}/{digest(doc.title, posting.date)}.{fmt}"
            self.site.add(file_path, attachment_resource(doc, fmt))
            file_url = publish(posting, self.site.url(file_path), role="attachment", fmt=fmt)
            if posting.form == fmt:  # attachment only: the list links the file
                self.links[id(posting)] = file_path
                return
        serial = number(doc.agency, doc.year, posting.shown_title, posting.date)
        while str(serial) in self.articles:
            serial += 1
        article_id = str(serial)
        link = f"{DETAIL_PATH}?id={article_id}"
        self.links[id(posting)] = link
        url = self.site.url(link)

        def render() -> Reply:
            files = ""
            if file_url:
                files = (f'<p>附件：<a href="{file_url}">{html.escape(posting.shown_title)}.'
                         f"{fmt}</a></p>")
            inner = (f'<div class="position">当前位置：首页 &gt; {html.escape(column.name)}</div>'
                     f'<h2 class="title">{html.escape(posting.shown_title)}</h2>'
                     f'<div class="info">发布时间：{posting.date:%Y-%m-%d %H:%M} 来源：'
                     f'{html.escape(doc.agency)}</div><div class="wzzw-article">'
                     f"{body_of(posting)}</div>{files}")
            metas = standard_metas(self.spec, column.name, posting.shown_title, posting.date,
                                   doc.agency, url)
            return self.page(posting.shown_title, inner, column.name, metas)
        resource, blocked = page_obstacle(posting.obstacle, Page(render))
        self.articles[article_id] = resource
        note = "superseded by a correction" if posting.values is not None else None
        publish(posting, url, blocked=blocked, note=note)
