"""Guangdong's NFCMS portal columns plus the gkmlpt 政府信息公开目录 platform (docs/portals.md
section 3), on one host.

- Portal column ``/<col>/index.html``, ``index_2.html``…, articles ``/<col>/content/post_<id>.html``
  (an id is bound to its column: under another column it is a 404).
- gkmlpt per unit (the district at ``/gkmlpt/``, each department under ``/<prefix>/gkmlpt/``):
  ``index`` is a Vue shell with ``window._CONFIG`` (SID, TREE); ``api/all/<catid>?page=N&sid=``
  returns 100 articles a page, page 0 and page 1 alike; ``content/<id//10**6>/<id//1000>/
  post_<id>.html`` carries the body only inside an escaped JSON string (``_CONFIG.DETAIL``),
  with attachments as ``nfw-cms-attachment`` links whose href is empty.
- The API hands out https URLs although the host answers plain http only.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field

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
from harvester.demo.web import DemoRequest, Page, Reply, Site

API_PAGE_SIZE = 100
ANNUAL_REPORT_CATEGORY = 2629
NOT_ALLOWED = "非法请求 404！"


@dataclass
class NfcmsColumn:
    path: str  # e.g. "/zwgk/zfxxgkndbg/"
    name: str
    postings: list[Posting] = field(default_factory=list)
    per_page: int = 20

    def listed(self) -> list[Posting]:
        return sorted(self.postings, key=lambda p: p.date, reverse=True)


@dataclass
class GkmlptUnit:
    """One agency's gkmlpt: ``prefix`` is "" for the district, "/<code>" for a department."""

    prefix: str
    name: str
    sid: int
    postings: list[Posting] = field(default_factory=list)

    def listed(self) -> list[Posting]:
        return sorted(self.postings, key=lambda p: p.date, reverse=True)


def content_path(prefix: str, post_id: int) -> str:
    return f"{prefix}/gkmlpt/content/{post_id // 10**6}/{post_id // 1000}/post_{post_id}.html"


class NfcmsGkmlptSite(Utf8Pages):
    def __init__(self, spec: SiteSpec, column: NfcmsColumn, units: list[GkmlptUnit]):
        self.spec = spec
        self.column = column
        self.units = units
        self.site = Site(hosts=spec.hosts, region=spec.region.slug, schemes=spec.schemes,
                         canonical_scheme=spec.canonical_scheme)
        self.api_items: dict[int, dict] = {}  # id(posting) -> API article
        self.portal_paths: dict[int, str] = {}  # id(posting) -> portal article path

    def build(self) -> Site:
        for posting in self.column.postings:
            self.add_portal_article(posting)
        self.add_portal_lists()
        for unit in self.units:
            for posting in unit.postings:
                self.add_gkmlpt_article(unit, posting)
            self.add_unit(unit)
        links = [(f"{self.column.path}index.html", self.column.name)]
        links += [(f"{u.prefix}/gkmlpt/index", f"{u.name}政府信息公开目录") for u in self.units]
        nav = "".join(f'<li><a href="{h}">{html.escape(n)}</a></li>' for h, n in links)
        self.site.add("/index.html", Page(lambda: self.page(
            self.spec.site_name, f'<div class="nav"><ul>{nav}</ul></div>', "首页")))
        return finish_site(self.site, self.spec, "/index.html")


    # ---- NFCMS portal ------------------------------------------------------------------

    def add_portal_article(self, posting: Posting) -> None:
        path = self.site.claim(lambda n: f"{self.column.path}content/post_{n}.html",
                               number("post", posting.doc.agency, posting.doc.year,
                                      posting.shown_title))
        self.portal_paths[id(posting)] = path
        post_id = path.rsplit("_", 1)[1].removesuffix(".html")
        url = self.site.url(path)

        def render() -> Reply:
            inner = (f'<div class="position">当前位置:首页 &gt; 政务公开 &gt; '
                     f'{html.escape(self.column.name)}</div>'
                     f'<div class="news_cont"><h1>{html.escape(posting.shown_title)}</h1>'
                     f'<div class="info">发布日期:{posting.date:%Y-%m-%d %H:%M:%S} 来源:'
                     f'武江政府信息 打印</div><div class="article-content news_cont_d_wrap">'
                     f"{body_of(posting)}</div></div>")
            metas = standard_metas(self.spec, self.column.name, posting.shown_title,
                                   posting.date, posting.doc.agency, url)
            metas += f'<meta name="ArticleId" content="{post_id}">'
            script = (f'<script>var NFCMS_SITE_ID = 755041; var NFCMS_POST_ID = {post_id};'
                      f"</script>")
            return self.page(posting.shown_title, inner, self.column.name, metas, script)
        resource, blocked = page_obstacle(posting.obstacle, Page(render))
        self.site.add(path, resource)
        publish(posting, url, blocked=blocked)

    def add_portal_lists(self) -> None:
        listed = self.column.listed()
        pages = max(1, math.ceil(len(listed) / self.column.per_page))
        for index in range(pages):
            name = "index.html" if index == 0 else f"index_{index + 1}.html"

            def render(index=index) -> Reply:
                chunk = listed[index * self.column.per_page:(index + 1) * self.column.per_page]
                items = "".join(
                    f'<li><a href="{self.portal_paths[id(p)]}" target="_blank">'
                    f"{html.escape(p.shown_title)}</a><span>{p.date:%Y-%m-%d}</span></li>"
                    for p in chunk)
                pager = ['<a href="index.html">首页</a>']
                if index > 0:
                    previous = "index.html" if index == 1 else f"index_{index}.html"
                    pager.append(f'<a class="prev" href="{previous}">上一页</a>')
                if index < pages - 1:
                    pager.append(f'<a class="next" href="index_{index + 2}.html">下一页</a>')
                last = "index.html" if pages == 1 else f"index_{pages}.html"
                pager.append(f'<a href="{last}">尾页</a>')
                inner = (f'<div class="position">当前位置:首页 &gt; 政务公开 &gt; '
                         f'{html.escape(self.column.name)}</div><ul class="list">{items}</ul>'
                         f'<div class="pagination">{"".join(pager)}</div>')
                return self.page(self.column.name, inner, self.column.name)
            self.site.add(self.column.path + name, Page(render))

    # ---- gkmlpt ------------------------------------------------------------------------

    def add_gkmlpt_article(self, unit: GkmlptUnit, posting: Posting) -> None:
        doc = posting.doc
        path = self.site.claim(lambda n: content_path(unit.prefix, n),
                               number("gkmlpt", unit.prefix, doc.agency, doc.year,
                                      posting.shown_title, digits=7))
        post_id = int(path.rsplit("_", 1)[1].removesuffix(".html"))
        https_url = f"https://{self.spec.hosts[0]}{path}"
        attachments = []
        fmt = posting.attachment_format
        if fmt:
            file_path = self.site.claim(
                lambda n: f"/attachment/0/{n // 1000}/{n}/{post_id}.{fmt}",
                number("attachment", post_id, digits=5))
            attachment_id = int(file_path.split("/")[4])
            self.site.add(file_path, attachment_resource(doc, fmt))
            publish(posting, self.site.url(file_path), role="attachment", fmt=fmt)
            attachments.append({"id": attachment_id, "name": f"{doc.year}年年报.{fmt}",
                                "type": fmt, "mime": f"application/{fmt}", "size": "345678",
                                "url": f"https://{self.spec.hosts[0]}{file_path}"})
        self.api_items[id(posting)] = {
            "id": post_id, "title": posting.shown_title,
            "identifier": f"11440203MB2C{number(doc.agency, digits=5)}X/"
                          f"{posting.date:%Y}-{number(path, digits=5)}",
            "publisher": doc.agency, "document_number": "",
            "created_at": f"{posting.date:%Y-%m-%d %H:%M:%S}",
            "date": int(posting.date.timestamp()),
            "display_publish_time": int(posting.date.timestamp()),
            "url": https_url, "post_url": "", "attachment": attachments,
            "classify_main_name": "政府信息公开年报", "is_expired": 0, "is_abolished": 0}

        def render() -> Reply:
            body = body_of(posting)
            for attachment in attachments:
                body += (f'<p>附件：<a class="nfw-cms-attachment" '
                         f'attachment-id="{attachment["id"]}" href="" '
                         f'alt="{html.escape(attachment["name"])}">'
                         f"{html.escape(attachment['name'])}</a></p>")
            detail = json.dumps({"id": post_id, "title": posting.shown_title, "content": body},
                                ensure_ascii=False)
            detail = detail.replace("<", "\\u003C").replace(">", "\\u003E")
            table = (f'<table class="gkml-meta"><tr><td>索引号：</td><td>'
                     f"{self.api_items[id(posting)]['identifier']}</td><td>分类：</td>"
                     f"<td>政府信息公开年报</td></tr><tr><td>发布机构：</td><td>"
                     f"{html.escape(doc.agency)}</td><td>成文日期：</td>"
                     f"<td>{posting.date:%Y-%m-%d}</td></tr><tr><td>名称：</td>"
                     f'<td colspan="3">{html.escape(posting.shown_title)}</td></tr>'
                     f"<tr><td>发布日期：</td><td>{posting.date:%Y-%m-%d}</td></tr></table>")
            script = (f"<script>window._CONFIG = window._CONFIG || {{}};"
                      f"window._CONFIG.DETAIL = {detail};</script>")
            metas = standard_metas(self.spec, "政府信息公开目录", posting.shown_title,
                                   posting.date, doc.agency, https_url)
            return self.page(posting.shown_title, f'{table}<div id="app"></div>',
                             "政府信息公开目录", metas, script)
        resource, blocked = page_obstacle(posting.obstacle, Page(render))
        self.site.add(path, resource)
        publish(posting, self.site.url(path), blocked=blocked)

    def add_unit(self, unit: GkmlptUnit) -> None:
        base = f"{unit.prefix}/gkmlpt/"
        tree = [{"id": 2620, "name": "政府信息公开目录", "parent": 0, "children": [2629],
                 "jump_url": "", "post_count": len(unit.postings)},
                {"id": ANNUAL_REPORT_CATEGORY, "name": "政府信息公开年报", "parent": 2620,
                 "children": [], "jump_url": f"{base}annualreport#{ANNUAL_REPORT_CATEGORY}",
                 "post_count": len(unit.postings)}]
        config = json.dumps({"SID": str(unit.sid), "TREE": tree, "SERVICE_AREA_ID": 5,
                             "UNIT_NAME": unit.name}, ensure_ascii=False)
        departments = ""
        if unit.prefix == "":
            departments = "".join(
                f'<li><a href="{u.prefix}/gkmlpt/index">{html.escape(u.name)}</a></li>'
                for u in self.units if u.prefix)
            departments = f'<ul class="dept-list">{departments}</ul>'
        shell = (f'<div id="app"></div>{departments}'
                 f'<a href="{base}annualreport#{ANNUAL_REPORT_CATEGORY}">政府信息公开年报</a>')
        script = f"<script>window._CONFIG = {config};</script>"
        self.site.add(base + "index", Page(lambda: self.page(
            f"{unit.name}政府信息公开目录", shell, "政府信息公开目录", script=script)))
        self.site.add(base + "annualreport", Page(lambda: self.page(
            f"{unit.name}政府信息公开年报", '<div id="app"></div>', "政府信息公开年报",
            script=script)))
        self.site.prefixes[base + "api/all/"] = lambda request: self.api(unit, request)

    def api(self, unit: GkmlptUnit, request: DemoRequest) -> Reply:
        """``api/all/<catid>?page=N&sid=<SID>``: 100 a page; page 0 is page 1."""
        category = request.path.rsplit("/", 1)[1]
        params = request.params
        if params.get("sid") != str(unit.sid) or not category.isdigit():
            return Reply(NOT_ALLOWED.encode(), content_type="text/html; charset=utf-8")
        page = int(params["page"]) if params.get("page", "").isdigit() else 1
        listed = unit.listed() if int(category) == ANNUAL_REPORT_CATEGORY else []
        start = (max(page, 1) - 1) * API_PAGE_SIZE
        articles = [self.api_items[id(p)] for p in listed[start:start + API_PAGE_SIZE]]
        payload = {"classify": {"id": int(category), "name": "政府信息公开年报",
                                "post_count": len(listed)},
                   "total": len(listed), "articles": articles}
        return Reply(json.dumps(payload, ensure_ascii=False).encode(),
                     content_type="application/json; charset=utf-8")
