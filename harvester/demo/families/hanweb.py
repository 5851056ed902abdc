"""Hanweb 大汉 JCMS classic (docs/portals.md section 2).

- Column ``/col/col<id>/index.html``: no visible list; the first record group
  (``groupSize × perPage``) sits in a ``<script type="text/xml">`` datastore, and a jpage block
  names ``/module/web/jpage/dataproxy.jsp`` with the column's ``columnid``/``unitid`` pair.
- Next groups: ``POST dataproxy.jsp?startrecord=&endrecord=&perpage=`` with the form of
  ``ajaxParam``, or ``GET dataproxy.jsp?page=N&columnid=&unitid=``. The answer is XML. Without
  ``/web/`` in the path it is a 404; a wrong unitid, or no Referer, gets an empty datastore.
- Articles ``/art/<Y>/<M>/<D>/art_<columnid>_<id>.html`` (no zero padding), body in
  ``div#zoom`` between the ZJEG markers; attachments through ``downfile.jsp``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from urllib.parse import quote

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
from harvester.demo.web import DemoRequest, Page, Reply, Site

PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
DOWNLOAD_PATH = "/module/download/downfile.jsp"


@dataclass
class HanwebColumn:
    column_id: int
    unit_id: int
    name: str
    postings: list[Posting] = field(default_factory=list)
    per_page: int = 15
    group_size: int = 3

    def listed(self) -> list[Posting]:
        return sorted(self.postings, key=lambda p: p.date, reverse=True)


class HanwebClassic(Utf8Pages):
    web_id = 12

    def __init__(self, spec: SiteSpec, column: HanwebColumn):
        self.spec = spec
        self.column = column
        self.site = Site(hosts=spec.hosts, region=spec.region.slug, schemes=spec.schemes,
                         canonical_scheme=spec.canonical_scheme)
        self.paths: dict[int, str] = {}

    def build(self) -> Site:
        for posting in self.column.postings:
            self.add_article(posting)
        self.site.add(f"/col/col{self.column.column_id}/index.html", Page(self.column_page))
        self.site.add(PROXY_PATH, self.dataproxy)
        self.site.add(DOWNLOAD_PATH, self.download)
        home = (f'<div class="nav"><ul><li><a href="/col/col{self.column.column_id}/index.html">'
                f"{html.escape(self.column.name)}</a></li></ul></div>")
        self.site.add("/index.html", Page(lambda: self.page(self.spec.site_name, home, "首页")))
        return finish_site(self.site, self.spec, "/index.html")


    def record(self, posting: Posting) -> str:
        title = html.escape(posting.shown_title)
        return (f'<li><a href="{self.paths[id(posting)]}" title="{title}" target="_blank">'
                f"{title}</a><span>{posting.date:%Y-%m-%d}</span></li>")

    def records_xml(self, postings: list[Posting]) -> str:
        return "".join(f"<record><![CDATA[{self.record(p)}]]></record>\n" for p in postings)

    def column_page(self) -> Reply:
        column = self.column
        group = column.per_page * column.group_size
        listed = column.listed()
        webname = html.escape(self.spec.site_name)
        params = (f"webid={self.web_id}&path=/&columnid={column.column_id}"
                  f"&unitid={column.unit_id}&webname={quote(self.spec.site_name)}"
                  f"&permissiontype=0")
        inner = (
            f'<div class="position">当前位置：首页 &gt; {html.escape(column.name)}</div>'
            f'<div id="{column.unit_id}">\n<script type="text/xml"><datastore>\n'
            f'<nextgroup><![CDATA[<a href="{PROXY_PATH}?page=1&appid=1&{params}"></a>]]>'
            f"</nextgroup>\n<recordset>\n{self.records_xml(listed[:group])}</recordset>\n"
            f"</datastore></script>\n<script>\n"
            f"$('#{column.unit_id}').jpage({{ dataStore: $('#{column.unit_id} script')[0], "
            f"proxyUrl: '{PROXY_PATH}', totalRecord: {len(listed)}, perPage: "
            f"{column.per_page}, dataBefore: '<ul>', dataAfter: '</ul>', groupSize: "
            f"{column.group_size},\n  ajaxParam: {{ col: 1, webid: {self.web_id}, path: '/', "
            f"columnid: {column.column_id}, sourceContentType: 1, unitid: {column.unit_id}, "
            f"webname: '{webname}', permissiontype: 0 }} }});\n</script>\n</div>")
        return self.page(f"{self.spec.site_name} {column.name}", inner, column.name)

    def dataproxy(self, request: DemoRequest) -> Reply:
        """A record group (POST ``startrecord``/``endrecord``) or a page (GET ``page``)."""
        params = request.params
        column = self.column
        listed = column.listed()
        valid = (params.get("columnid") == str(column.column_id)
                 and params.get("unitid") == str(column.unit_id)
                 and request.headers.get("referer"))
        chosen: list[Posting] = []
        if valid and params.get("startrecord", "").isdigit():
            start = int(params["startrecord"])
            end = int(params["endrecord"]) if params.get("endrecord", "").isdigit() \
                else start + column.per_page * column.group_size - 1
            chosen = listed[max(start, 1) - 1:end]
        elif valid and params.get("page", "").isdigit():
            page = max(int(params["page"]), 1)
            chosen = listed[(page - 1) * column.per_page:page * column.per_page]
        total = len(listed) if valid else 0
        pages = math.ceil(total / column.per_page)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>{total}'
               f"</totalrecord>\n<totalpage>{pages}</totalpage>\n<recordset>\n"
               f"{self.records_xml(chosen)}</recordset>\n</datastore>\n")
        return Reply(xml.encode(), content_type="text/xml;charset=UTF-8")

    def download(self, request: DemoRequest) -> Reply:
        resource = self.site.files.get(request.params.get("filename", ""))
        if resource is None:
            return Reply("文件不存在".encode(), status=404,
                         content_type="text/html; charset=utf-8")
        return resource(request)

    def add_article(self, posting: Posting) -> None:
        doc = posting.doc
        article_id = number(doc.agency, doc.year, posting.shown_title, digits=8)
        d = posting.date
        path = f"/art/{d.year}/{d.month}/{d.day}/art_{self.column.column_id}_{article_id}.html"
        self.paths[id(posting)] = path
        url = self.site.url(path)
        attachments, image_url = "", None
        fmt = posting.attachment_format
        if fmt:
            name = f"{digest(path, 'file')}.{fmt}"
            show = f"{posting.shown_title}.{fmt}"
            self.site.files[name] = attachment_resource(doc, fmt)
            file_url = f"{DOWNLOAD_PATH}?classid=0&filename={name}&showname={quote(show)}"
            publish(posting, self.site.url(file_url), role="attachment", fmt=fmt)
            attachments = (f'<p>附件：<a href="{html.escape(file_url)}" target="_blank">'
                           f"{html.escape(show)}</a></p>")
        if posting.form == "images":
            image_path = f"/picture/0/{digest(path, 'image')}.png"
            self.site.add(image_path, attachment_resource(doc, "png"))
            publish(posting, self.site.url(image_path), role="image", fmt="png")
            image_url = image_path

        def render() -> Reply:
            metas = standard_metas(self.spec, self.column.name, posting.shown_title, d,
                                   doc.agency, url)
            metas += (f'<meta name="i_columnid" content="{self.column.column_id}">'
                      f'<meta name="i_articleid" content="{article_id}">'
                      f'<meta name="Maketime" content="{d:%Y-%m-%d %H:%M:%S}">')
            source = html.escape(doc.agency)
            inner = (f'<div class="title">{html.escape(posting.shown_title)}</div>'
                     f'<div class="info">日期：{d:%Y-%m-%d} 信息来源：<!--<$[信息来源]>begin-->'
                     f"{source}<!--<$[信息来源]>end--> 访问量： 字号：</div>"
                     f'<div id="zoom"><!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin-->'
                     f'<meta name="ContentStart">{body_of(posting, image_url)}'
                     f'<meta name="ContentEnd"><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end-->'
                     f"</div>{attachments}")
            title = f"{self.spec.site_name} {self.column.name} {posting.shown_title}"
            return self.page(title, inner, self.column.name, metas)
        resource, blocked = page_obstacle(posting.obstacle, Page(render))
        self.site.add(path, resource)
        note = "tables as images" if posting.form == "images" else None
        publish(posting, url, blocked=blocked, note=note)
