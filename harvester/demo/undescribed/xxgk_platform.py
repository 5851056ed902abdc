"""Disclosure platforms on another host than the portal (docs/portals.md section 7, layouts L3
and L4), of no known CMS family.

- :func:`build_subdomain_platform` (L3): the portal ``www.<d>.gov.cn`` links 政府信息公开 to
  ``xxgk.<d>.gov.cn``, whose 政府信息公开目录 (``/gkml/index.html``) lists the government, its
  departments and its townships; each agency's page (``/<code>/index.html``) links its own 年报
  column ``/<code>/ndbg/index.html`` (then ``index_2.html``… by 下一页); articles under a
  directory of their month, named by 32 hex digits.
- :class:`PrefecturePlatform` (L4): the prefecture's shared platform on its own host
  (``xxgk.sfshi.gov.cn``), one directory per county (``/<code>/index.html``), each with a 年报
  column ``/<code>/ndbg/`` and its 部门年报 / 乡镇（街道）年报 sub-directories; the county's
  portal hands its 政府信息公开 link there.
"""

from __future__ import annotations

import html

from harvester.demo.families.base import Posting, SiteSpec, digest, finish_site
from harvester.demo.undescribed.plain import PlainColumn, PlainSite, link_list
from harvester.demo.web import Page, Site, html_reply

PREFECTURE_HOST = "xxgk.sfshi.gov.cn"


class DirectoryColumns(PlainSite):
    """Columns as directories, pages ``index_N.html`` by 下一页, articles by month."""

    pager = "next"

    def list_href(self, column: PlainColumn, page: int) -> str:
        return f"{column.key}index.html" if page == 1 else f"{column.key}index_{page}.html"

    def article_href(self, column: PlainColumn, posting: Posting, serial: int) -> str:
        return f"{column.key}{posting.date:%Y%m}/{digest(serial)}.html"


def portal_site(spec: SiteSpec, disclosure: str, notices) -> Site:
    """The portal's own site: a home page and a 政务公开 page, both linking 政府信息公开 to
    ``disclosure`` on the platform."""
    portal = PlainSite(spec)
    portal.add_page("/zwgk/index.html", "政务公开", lambda: (
        '<div class="location">当前位置：<a href="/">首页</a> &gt; 政务公开</div>'
        + link_list([(disclosure, "政府信息公开"), ("/zwgk/zcjd/", "政策解读"),
                     ("/zwgk/rsxx/", "人事信息")])), "政务公开")
    return portal.finish({"政务公开": "/zwgk/index.html", "政府信息公开": disclosure},
                         notices=notices)


def build_subdomain_platform(spec: SiteSpec, agencies: list[tuple[str, str, list[Posting]]]
                             ) -> tuple[list[Site], list[str]]:
    """(the portal and its ``xxgk.`` platform, every agency's 年报 column URL);
    ``agencies``: (code, name, postings), the government first."""
    host = "xxgk." + spec.hosts[0].split(".", 1)[1]
    platform = DirectoryColumns(spec, host=host)
    tree = []
    for code, name, postings in agencies:
        column = PlainColumn(key=f"/{code}/ndbg/", name="政府信息公开年报", postings=postings)
        platform.add_column(column, f"{html.escape(name)} &gt; 政府信息公开年报")
        links = [(f"/{code}/jgzn/", "机构职能"), (f"/{code}/zcwj/", "政策文件"),
                 (f"/{code}/ndbg/index.html", "政府信息公开年报"),
                 (f"/{code}/xxgkzn/", "政府信息公开指南")]
        title = f"{name}政府信息公开"
        platform.add_page(f"/{code}/index.html", title, lambda links=links, name=name: (
            f'<div class="location">当前位置：<a href="/">首页</a> &gt; '
            f'<a href="/gkml/index.html">政府信息公开目录</a> &gt; {html.escape(name)}</div>'
            + link_list(links)), title)
        tree.append((f"/{code}/index.html", name))
    platform.add_page("/gkml/index.html", "政府信息公开目录", lambda: (
        '<div class="location">当前位置：<a href="/">首页</a> &gt; 政府信息公开目录</div>'
        f'<div class="tree">{link_list(tree, "units")}</div>'), "政府信息公开目录")
    platform.add_page("/index.html", f"{spec.region.government}政府信息公开", lambda: (
        f'<div class="header"><h1>{html.escape(spec.region.government)}政府信息公开</h1></div>'
        + link_list([("/xxgkzn/", "政府信息公开指南"), ("/xxgkzd/", "政府信息公开制度"),
                     ("/gkml/index.html", "政府信息公开目录"), ("/ysqgk/", "依申请公开"),
                     (f"http://{spec.hosts[0]}/", "返回门户网站")])), "政府信息公开")
    xxgk = finish_site(platform.site, spec, "/index.html")
    return [portal_site(spec, f"http://{host}/", platform.notices), xxgk], platform.columns


class PrefecturePlatform:
    """The prefecture's shared disclosure platform: one directory per county."""

    def __init__(self, host: str = PREFECTURE_HOST):
        self.site = Site(hosts=(host,), region="sfshi", schemes=("http", "https"))
        self.counties: list[tuple[str, str]] = []

    def add_county(self, spec: SiteSpec, code: str, column: PlainColumn) -> tuple[Site, list[str]]:
        """(the county's portal, its 年报 column URLs on the platform)."""
        part = DirectoryColumns(spec, prefix=f"/{code}", site=self.site)
        part.add_column(column, f"{html.escape(spec.region.name)} &gt; 政府信息公开年报")
        part.disclosure_page(f"/{code}/index.html", f"{spec.region.name}政府信息公开",
                             [(f"{column.key}index.html", column.name)])
        self.counties.append((f"/{code}/index.html", spec.region.name))
        return portal_site(spec, self.site.url(f"/{code}/index.html"), part.notices), part.columns

    def build(self) -> Site:
        def home() -> object:
            return html_reply(
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>示范市政府信息公开平台'
                '</title></head><body><h1>示范市政府信息公开平台</h1>'
                f"{link_list(self.counties, 'counties')}</body></html>")
        self.site.add("/index.html", Page(home))
        self.site.routes.setdefault("/", self.site.routes["/index.html"])
        return self.site
