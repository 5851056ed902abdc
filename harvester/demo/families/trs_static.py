"""TRS WCM static sites (docs/portals.md section 1): directory columns, ``t<date>_<id>.html``
articles, ``P0…`` attachments, and a pager written by ``createPageHTML`` in JavaScript.

Two page-numbering schemes exist and both are built: ``classic`` (0-based: ``index.html``,
``index_1.html`` … ``index_{count-1}.html``) and ``variant`` (1-based: ``index.html`` is page 1,
``index_2.html`` page 2; there is no ``index_1.html``).
"""

from __future__ import annotations

import html
import math
import posixpath
from dataclasses import dataclass, field
from datetime import datetime

from harvester.demo.families.base import (
    ATTACHMENT_ONLY,
    Posting,
    SiteSpec,
    attachment_resource,
    body_of,
    encode_page,
    finish_site,
    mirror_link,
    number,
    page_obstacle,
    publish,
    standard_metas,
)
from harvester.demo.web import Page, Resource, Site


@dataclass
class TrsColumn:
    """A column directory (``path`` ends with "/"), the postings whose articles live in it,
    and the postings it only lists (articles elsewhere, linked by relative path)."""

    path: str
    name: str
    postings: list[Posting] = field(default_factory=list)
    also_lists: list[Posting] = field(default_factory=list)
    numbering: str = "classic"
    per_page: int = 20
    subcolumns: list[tuple[str, str]] = field(default_factory=list)  # (relative href, name)

    def pages(self) -> int:
        return max(1, math.ceil(len(self.listed()) / self.per_page))

    def listed(self) -> list[Posting]:
        return sorted(self.postings + self.also_lists, key=lambda p: p.date, reverse=True)


def page_file(numbering: str, index: int) -> str:
    """File name of the page at 0-based ``index`` under a numbering scheme."""
    if index == 0:
        return "index.html"
    return f"index_{index}.html" if numbering == "classic" else f"index_{index + 1}.html"


def pager_script(numbering: str, count: int, index: int, total: int) -> str:
    if numbering == "classic":
        call = f'createPageHTML({count}, {index}, "index", "html");'
        current = index
    else:
        call = f'createPageHTML("page_div", {count}, {index + 1}, "index", "html", {total});'
        current = index + 1
    return (f'<div id="page_div"></div>\n<script type="text/javascript">\n'
            f"  var countPage = {count};\n  var currentPage = {current};\n  {call}\n</script>")


def article_name(date: datetime, docid: int) -> str:
    return f"{date:%Y%m}/t{date:%Y%m%d}_{docid}.html"


def upload_name(date: datetime, prefix: str, ext: str, serial: int) -> str:
    """``P0…`` (attachment) or ``W0…`` (inline image or converted file) upload names."""
    return f"{date:%Y%m}/{prefix}0{date:%Y%m%d%H%M%S}{serial}.{ext}"


class TrsStatic:
    """Builds a TRS static site from columns; ``chrome`` names the page template variant."""

    body_class = "TRS_Editor"

    def __init__(self, spec: SiteSpec, columns: list[TrsColumn], home_links: list[tuple[str,
                 str]]):
        self.spec = spec
        self.columns = columns
        self.home_links = home_links
        self.site = Site(hosts=spec.hosts, region=spec.region.slug, schemes=spec.schemes,
                         canonical_scheme=spec.canonical_scheme)
        self.article_paths: dict[int, str] = {}  # id(posting) -> site path of what lists link

    def build(self) -> Site:
        for column in self.columns:
            for posting in column.postings:
                self.article_paths[id(posting)] = self.add_posting(column, posting)
        for column in self.columns:
            self.add_lists(column)
        self.site.add("/index.html", Page(lambda: self.page("首页", self.home_html(), "首页")))
        return finish_site(self.site, self.spec, "/index.html")

    # ---- pages -------------------------------------------------------------------------

    def page(self, title: str, inner: str, column: str, declared: str | None = "",
             metas: str | None = None):
        """A whole page; ``declared`` overrides the charset its <meta> states ("" = the
        site's own encoding, None = no declaration at all)."""
        declared = self.spec_charset() if declared == "" else declared
        text = (f"<!DOCTYPE html><html><head><!--CHARSET--><title>{html.escape(title)}</title>"
                f"{metas or standard_metas(self.spec, column)}</head><body>"
                f'<div class="header"><a href="/index.html">{self.spec.site_name}</a></div>'
                f"{inner}{mirror_link(self.spec)}</body></html>")
        return encode_page(text, self.spec.encoding, declared)

    def spec_charset(self) -> str:
        return "gb2312" if self.spec.encoding == "gbk" else "utf-8"

    def home_html(self) -> str:
        links = "".join(f'<li><a href="{href}">{html.escape(name)}</a></li>'
                        for href, name in self.home_links)
        return f'<div class="nav"><ul>{links}</ul></div>'

    def list_html(self, column: TrsColumn, index: int) -> str:
        start = index * column.per_page
        items = []
        for posting in column.listed()[start:start + column.per_page]:
            href = posixpath.relpath(self.article_paths[id(posting)], column.path)
            href = href if href.startswith("..") else f"./{href}"
            title = html.escape(posting.shown_title)
            items.append(f'<li><a href="{href}" target="_blank" title="{title}">{title}</a>'
                         f"<span>{posting.date:%Y-%m-%d}</span></li>")
        subs = "".join(f'<li><a href="{href}">{html.escape(name)}</a></li>'
                       for href, name in column.subcolumns)
        subnav = f'<ul class="subcolumns">{subs}</ul>' if subs else ""
        return (f'<div class="position">当前位置：首页 &gt; 政务公开 &gt; {column.name}</div>'
                f'{subnav}<ul class="list">{"".join(items)}</ul>'
                + pager_script(column.numbering, column.pages(), index, len(column.listed())))

    def add_lists(self, column: TrsColumn) -> None:
        for index in range(column.pages()):
            def render(column=column, index=index):
                return self.page(column.name, self.list_html(column, index), column.name)
            self.site.add(column.path + page_file(column.numbering, index), Page(render))

    def article_html(self, posting: Posting, url: str, body: str, attachments: str) -> str:
        return (f'<div class="article"><h1 class="title">{html.escape(posting.shown_title)}</h1>'
                f'<div class="info">发布日期:{posting.date:%Y-%m-%d} 来源:'
                f"{html.escape(posting.doc.agency)}</div>"
                f'<div class="{self.body_class}"><div class="Custom_UnionStyle">{body}</div></div>'
                f"{attachments}</div>")

    def article_metas(self, posting: Posting, column: TrsColumn, url: str) -> str:
        return standard_metas(self.spec, column.name, posting.shown_title, posting.date,
                              posting.doc.agency, url)

    # ---- postings ----------------------------------------------------------------------

    def add_posting(self, column: TrsColumn, posting: Posting) -> str:
        """Register the posting's article and files; returns the path lists link to."""
        doc = posting.doc
        seed = (self.spec.region.slug, doc.agency, doc.year, posting.shown_title)
        fmt = posting.attachment_format
        def upload(prefix: str, ext: str, *salt: str) -> str:
            return self.site.claim(
                lambda n: column.path + upload_name(posting.date, prefix, ext, n),
                number(*seed, *salt, digits=6))
        if posting.form in ATTACHMENT_ONLY:  # the list links the file itself
            path = upload("P", fmt)
            self.site.add(path, attachment_resource(doc, fmt))
            publish(posting, self.site.url(path), role="attachment", fmt=fmt)
            return path
        path = self.site.claim(lambda n: column.path + article_name(posting.date, n),
                               number(*seed))
        url = self.site.url(path)
        attachments, body_image = "", None
        if fmt:
            file_path = upload("P", fmt, "file")
            self.site.add(file_path, attachment_resource(doc, fmt))
            publish(posting, self.site.url(file_path), role="attachment", fmt=fmt)
            name = html.escape(f"{posting.shown_title}.{fmt}")
            attachments = (f'<p>附件：<a href="./{posixpath.basename(file_path)}" '
                           f'title="{name}">{name}</a></p>')
        if posting.form in ("scan", "images"):
            image_path = upload("W", "png")
            self.site.add(image_path, attachment_resource(doc, "png"))
            publish(posting, self.site.url(image_path), role="image", fmt="png")
            body_image = f"./{posixpath.basename(image_path)}"
        resource = self.article_resource(column, posting, url, attachments, body_image)
        resource, blocked = page_obstacle(posting.obstacle, resource)
        self.site.add(path, resource)
        note = {"scan": "scanned image only", "images": "tables as images"}.get(posting.form)
        publish(posting, url, blocked=blocked, note=note)
        if posting.form == "html+docx":
            print_path = path.replace(".html", "_print.html")
            self.site.add(print_path, self.article_resource(column, posting, url, "", None,
                                                            print_view=True))
            publish(posting, self.site.url(print_path), role="print")
        return path

    def article_resource(self, column: TrsColumn, posting: Posting, url: str,
                         attachments: str, body_image: str | None,
                         print_view: bool = False) -> Resource:
        declared = {"missing": None, "wrong": "utf-8"}.get(posting.charset or "", "")

        def render():
            if posting.form == "scan":
                body = f'<p style="text-align:center"><img src="{body_image}" border="0"></p>'
            else:
                body = body_of(posting, body_image)
            inner = self.article_html(posting, url, body, attachments)
            if posting.form == "html+docx" and not print_view:
                print_name = posixpath.basename(url).replace(".html", "_print.html")
                inner += f'<div class="tools"><a href="./{print_name}">打印</a></div>'
            return self.page(posting.shown_title, inner, column.name, declared,
                             self.article_metas(posting, column, url))
        return Page(render)
