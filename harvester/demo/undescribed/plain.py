"""What the portals of CMS families the spiders were never told about share (the discovery
web, ``harvester/demo/discovery.py``): a home page as real ones look, a disclosure page, list
pages with their pagers, article pages, and routes on a path or on a path and its query.

A family module (``struts_action``, ``php_route``, ``dated_dirs``, ``xxgk_platform``) is a
:class:`PlainSite` with its own URL scheme (``list_href``, ``article_href``) and pager; the
three with one report column build as :class:`SingleColumnSite`. Their
markup carries none of the known families' markers (``spiders/portal.py``: ``HOME_MARKERS``
and each family's ``family_marker``); ``tests/demo/test_discovery_web.py`` checks it.

Every home page has the navigation (首页 / 政务公开 / 政府信息公开 / 互动交流 / 办事服务), a
news list with look-alikes (企业年报, 统计年报, 工作要点, 指南), footer links to www.gov.cn and
the province (offsite: never to be followed) and the link to the non-gov mirror
(``families/base.py``: ``mirror_link``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from harvester.demo.catalog import LookAlike
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

PROVINCE_HOST = "www.sfsheng.gov.cn"  # the synthetic province, linked from every footer
SERVICE_HOST = "zwfw.sfsheng.gov.cn"  # its service platform (办事服务): not a disclosure page
CENTRAL_HOST = "www.gov.cn"
NEWS = ("区政府召开常务会议研究部署重点工作", "区领导调研安全生产工作",
        "全区营商环境优化推进会召开", "关于做好冬季供暖保障工作的通知")


@dataclass
class PlainColumn:
    """A list of postings; ``key`` is what the family's URL scheme names it by."""

    key: str
    name: str
    postings: list[Posting] = field(default_factory=list)
    subcolumns: list[PlainColumn] = field(default_factory=list)
    per_page: int = 8

    def listed(self) -> list[Posting]:
        return sorted(self.postings, key=lambda p: p.date, reverse=True)

    def pages(self) -> int:
        return max(1, math.ceil(len(self.postings) / self.per_page))


class Routes:
    """Resources by path, or by path and query parameters (a Struts ``.action`` takes its
    column and page from the query): the most specific registered match answers."""

    def __init__(self, site: Site):
        self.site = site
        self.by_query: dict[str, list[tuple[dict[str, str], Resource]]] = {}

    def add(self, href: str, resource: Resource) -> None:
        parts = urlsplit(href)
        if not parts.query:
            self.site.add(parts.path, resource)
            return
        if parts.path not in self.by_query:
            self.by_query[parts.path] = []
            self.site.add(parts.path, lambda request, path=parts.path: self.answer(path, request))
        self.by_query[parts.path].append((dict(parse_qsl(parts.query)), resource))

    def answer(self, path: str, request: DemoRequest) -> Reply:
        params = request.params
        matches = [(len(wanted), resource) for wanted, resource in self.by_query[path]
                   if all(params.get(k) == v for k, v in wanted.items())]
        if not matches:
            return (self.site.not_found or _not_found)(request)
        return max(matches, key=lambda match: match[0])[1](request)


def _not_found(request: DemoRequest) -> Reply:
    return Reply(b"<html><body><h1>404</h1></body></html>", status=404)


def home_inner(spec: SiteSpec, nav: dict[str, str], notices: list[tuple[str, str]],
               boxes: str = "") -> str:
    """A home page's body: navigation, a news list, notices (look-alikes among them), the
    footer. ``nav`` maps 政务公开 / 政府信息公开 to where the family puts them."""
    items = [("首页", "/"), ("政务公开", nav.get("政务公开", "/zwgk/")),
             ("政府信息公开", nav.get("政府信息公开", "/zwgk/")), ("互动交流", "/hdjl/"),
             ("办事服务", f"http://{SERVICE_HOST}/")]
    menu = "".join(f'<li><a href="{html.escape(href)}">{text}</a></li>' for text, href in items)
    news = "".join(f'<li><a href="/xwzx/{number(spec.site_code, title)}.html">{title}</a>'
                   f"<span>2024-0{i + 1}-1{i}</span></li>" for i, title in enumerate(NEWS))
    notice = "".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>'
                     for title, href in notices)
    return (f'<div class="header"><h1>{html.escape(spec.site_name)}</h1></div>'
            f'<div class="menu"><ul>{menu}</ul></div>'
            f'<div class="news"><h3>要闻动态</h3><ul>{news}</ul></div>'
            f'<div class="notice"><h3>通知公告</h3><ul>{notice}</ul></div>{boxes}'
            f'<div class="footer"><a href="http://{CENTRAL_HOST}/">中国政府网</a> '
            f'<a href="http://{PROVINCE_HOST}/">示范省人民政府</a> '
            f'<a href="/wzdt/">网站地图</a> <a href="/lxwm/">联系我们</a>'
            f"<p>主办：{html.escape(spec.region.government)} 网站标识码："
            f"{spec.site_code}</p></div>")


def link_list(links: list[tuple[str, str]], css: str = "columns") -> str:
    return f'<ul class="{css}">' + "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>'
        for href, text in links) + "</ul>"


class PlainSite(Utf8Pages):
    """A portal of a family nobody described. Subclasses give the URL scheme and the pager
    (``"next"``: 上一页 / 下一页; ``"numbered"``: 1 2 3 … 尾页, five at a time; ``"both"``)."""

    pager = "next"
    next_word = "下一页"

    def __init__(self, spec: SiteSpec, host: str | None = None, prefix: str = "",
                 site: Site | None = None):
        self.spec = spec
        self.prefix = prefix  # a shared platform's path for this portal: "/sf0005"
        self.site = site or Site(hosts=(host,) if host else spec.hosts, region=spec.region.slug,
                                 schemes=spec.schemes, canonical_scheme=spec.canonical_scheme)
        self.routes = Routes(self.site)
        self.taken: set[str] = set()
        self.columns: list[str] = []  # the first page URL of every report column
        self.hrefs: dict[int, str] = {}  # id(posting) -> the href its list shows
        self.postings: list[Posting] = []

    # ---- the URL scheme ----------------------------------------------------------------

    def list_href(self, column: PlainColumn, page: int) -> str:
        raise NotImplementedError

    def article_href(self, column: PlainColumn, posting: Posting, serial: int) -> str:
        raise NotImplementedError

    def file_href(self, column: PlainColumn, posting: Posting, fmt: str) -> str:
        return f"{self.prefix}/uploadfile/{posting.date:%Y%m}/{digest(posting.doc.title)}.{fmt}"

    # ---- pages ---------------------------------------------------------------------------

    def add_page(self, href: str, title: str, inner: Callable[[], str], column: str) -> str:
        self.routes.add(href, Page(lambda: self.page(title, inner(), column)))
        return self.site.url(href)

    def add_column(self, column: PlainColumn, trail: str,
                   tabs: list[tuple[str, str]] | None = None) -> str:
        """Register a column's list pages, its articles and its sub-columns; ``tabs`` are
        links shown beside the list (sub-columns). Returns the first page's URL."""
        for posting in column.postings:
            self.hrefs[id(posting)] = self.add_posting(column, posting, trail)
            self.postings.append(posting)
        subs = [(self.list_href(sub, 1), sub.name) for sub in column.subcolumns]
        url = self.site.url(self.list_href(column, 1))
        self.columns.append(url)
        for sub in column.subcolumns:
            self.add_column(sub, f"{trail} &gt; {html.escape(sub.name)}")
        for k in range(1, column.pages() + 1):
            self.routes.add(self.list_href(column, k), Page(
                lambda k=k: self.list_page(column, k, trail, subs + (tabs or []))))
        return url

    def list_page(self, column: PlainColumn, k: int, trail: str,
                  tabs: list[tuple[str, str]]) -> Reply:
        shown = column.listed()[(k - 1) * column.per_page:k * column.per_page]
        rows = "".join(f'<li><a href="{html.escape(self.hrefs[id(p)])}" title="'
                       f'{html.escape(p.shown_title)}">{html.escape(p.shown_title)}</a>'
                       f"<span>{p.date:%Y-%m-%d}</span></li>" for p in shown)
        side = f'<div class="side">{link_list(tabs)}</div>' if tabs else ""
        inner = (f'<div class="location">当前位置：<a href="/">首页</a> &gt; {trail}</div>'
                 f'{side}<div class="list"><ul>{rows}</ul></div>'
                 f'<div class="pages">{self.pager_html(column, k)}</div>')
        return self.page(column.name, inner, column.name)

    def pager_html(self, column: PlainColumn, k: int) -> str:
        pages = column.pages()
        parts = [f"<span>共{len(column.postings)}条 {k}/{pages}页</span>"]
        href = self.list_href
        if self.pager in ("next", "both") and k > 1:
            parts.append(f'<a href="{html.escape(href(column, k - 1))}">上一页</a>')
        if self.pager in ("numbered", "both"):
            if k > 1:
                parts.append(f'<a href="{html.escape(href(column, 1))}">首页</a>')
            low = max(1, k - 2)
            for n in range(low, min(pages, low + 4) + 1):
                parts.append(f"<b>{n}</b>" if n == k else
                             f'<a href="{html.escape(href(column, n))}">{n}</a>')
            if pages > low + 4:
                parts.append("<span>…</span>")
            if k < pages:
                parts.append(f'<a href="{html.escape(href(column, pages))}">尾页</a>')
        if self.pager in ("next", "both") and k < pages:
            parts.append(f'<a href="{html.escape(href(column, k + 1))}">{self.next_word}</a>')
        return " ".join(parts)

    def add_posting(self, column: PlainColumn, posting: Posting, trail: str) -> str:
        """Register one posting's article (and file); returns the href the list shows."""
        doc = posting.doc
        fmt = posting.attachment_format
        file_url = None
        if fmt:
            file_href = self.file_href(column, posting, fmt)
            self.routes.add(file_href, attachment_resource(doc, fmt))
            file_url = publish(posting, self.site.url(file_href), role="attachment", fmt=fmt)
            if posting.form == fmt:
                return file_href
        serial = number(self.spec.site_code, doc.agency, doc.year, posting.shown_title,
                        posting.date, digits=7)
        while self.article_href(column, posting, serial) in self.taken:
            serial += 1
        href = self.article_href(column, posting, serial)
        self.taken.add(href)
        url = self.site.url(href)

        def render() -> Reply:
            files = (f'<p>附件：<a href="{file_url}">{html.escape(posting.shown_title)}.{fmt}</a>'
                     "</p>") if file_url else ""
            inner = (f'<div class="location">当前位置：<a href="/">首页</a> &gt; {trail}</div>'
                     f'<h1 class="title">{html.escape(posting.shown_title)}</h1>'
                     f'<div class="info">发布日期：{posting.date:%Y-%m-%d} 来源：'
                     f'{html.escape(doc.agency)} 浏览次数：</div>'
                     f'<div class="wzzw-article">{body_of(posting)}</div>{files}')
            metas = standard_metas(self.spec, column.name, posting.shown_title, posting.date,
                                   doc.agency, url)
            return self.page(posting.shown_title, inner, column.name, metas)
        resource, blocked = page_obstacle(posting.obstacle, Page(render))
        self.routes.add(href, resource)
        publish(posting, url, blocked=blocked)
        return href

    def disclosure_page(self, href: str, title: str, links: list[tuple[str, str]]) -> str:
        """A 政府信息公开 page: the guide, the rules, the catalogue… and what ``links`` add."""
        base = [(f"{self.prefix}/xxgkzn/", "政府信息公开指南"),
                (f"{self.prefix}/xxgkzd/", "政府信息公开制度"),
                (f"{self.prefix}/ysqgk/", "依申请公开")]
        return self.add_page(href, title, lambda: (
            f'<div class="location">当前位置：<a href="/">首页</a> &gt; {title}</div>'
            f"{link_list(base + links)}"), title)

    def notices(self) -> list[tuple[str, str]]:
        """The home page's notices: the look-alikes this site lists, linked to their pages."""
        return [(p.shown_title, self.site.url(self.hrefs[id(p)])) for p in self.postings
                if isinstance(p.doc, LookAlike)]

    def finish(self, nav: dict[str, str], boxes: str = "",
               notices: Callable[[], list[tuple[str, str]]] | None = None) -> Site:
        """The home page (navigation ``nav``, notices, ``boxes``), robots.txt, the 404."""
        notices = notices or self.notices
        self.site.add("/index.html", Page(lambda: self.page(
            self.spec.site_name, home_inner(self.spec, nav, notices(), boxes), "首页")))
        return finish_site(self.site, self.spec, "/index.html")


class SingleColumnSite(PlainSite):
    """A portal whose disclosure page (``disclosure``, titled ``section``) links its one
    年报 column, which its home page reaches by either name of the section."""

    disclosure = ""
    section = "政务公开"

    def build(self, column: PlainColumn) -> Site:
        self.add_column(column, f"{self.section} &gt; 政府信息公开年报")
        self.disclosure_page(self.disclosure, self.section,
                             [(self.list_href(column, 1), column.name)])
        return self.finish({"政务公开": self.disclosure, "政府信息公开": self.disclosure})
