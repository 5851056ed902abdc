"""The Heilongjiang/Hegang 集约化 platform (docs/portals.md section 4): ``/hegang/<column>/`` trees
served identically on several domains, a ``list.shtml`` shell whose items come from the JSON
search API ``/common/search/<32hex>?_isJson=true&page=N``, and article ids that switched from
32-hex to numbers.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

from harvester.demo.families.base import (
    Posting,
    SiteSpec,
    Utf8Pages,
    body_of,
    digest,
    finish_site,
    number,
    page_obstacle,
    publish,
    standard_metas,
)
from harvester.demo.web import DemoRequest, Page, Reply, Site

PAGE_SIZE = 15


@dataclass
class HegangColumn:
    code: str  # e.g. "zxqgkndbg"
    name: str
    postings: list[Posting] = field(default_factory=list)
    obstacle: str | None = None  # on the list shell and its search API

    @property
    def channel(self) -> str:
        return digest("hegang-channel", self.code)

    def listed(self) -> list[Posting]:
        return sorted(self.postings, key=lambda p: p.date, reverse=True)


class HegangPlatform(Utf8Pages):
    def __init__(self, spec: SiteSpec, columns: list[HegangColumn], alias_every: int = 4):
        self.spec = spec
        self.columns = columns
        self.alias_every = alias_every  # every n-th API item points at the alias domain
        self.site = Site(hosts=spec.hosts, region=spec.region.slug, schemes=spec.schemes,
                         canonical_scheme=spec.canonical_scheme,
                         https_redirect=spec.https_redirect)
        self.paths: dict[int, str] = {}
        self.blocked: list[tuple[str, str]] = []  # (url, reason) of blocked list pages

    def build(self) -> Site:
        for column in self.columns:
            for posting in column.postings:
                self.add_article(column, posting)
            self.add_list(column)
        links = "".join(f'<li><a href="/hegang/{c.code}/list.shtml">{html.escape(c.name)}</a></li>'
                        for c in self.columns)
        self.site.add("/hegang/index.shtml", Page(lambda: self.page(
            self.spec.site_name, f'<div class="nav"><ul>{links}</ul></div>', "首页")))
        return finish_site(self.site, self.spec, "/hegang/index.shtml")


    def article_path(self, column: HegangColumn, posting: Posting) -> str:
        """Ids are 32-hex before 2023, numeric after: the platform switched between 2022
        and 2025."""
        seed = (posting.doc.agency, posting.doc.year, posting.shown_title)
        directory = f"/hegang/{column.code}/{posting.date:%Y%m}/"
        if posting.date.year < 2023:
            return f"{directory}{digest(*seed)}.shtml"
        return self.site.claim(lambda n: f"{directory}{n}.shtml", number(*seed, digits=5))

    def add_article(self, column: HegangColumn, posting: Posting) -> None:
        path = self.article_path(column, posting)
        self.paths[id(posting)] = path

        def render() -> Reply:
            doc = posting.doc
            url = self.site.url(path)
            index_no = f"{number(doc.agency, digits=9)}/{posting.date:%Y}-{number(path, digits=5)}"
            inner = (f'<div class="position">当前位置：首页 &gt; {html.escape(column.name)}</div>'
                     f'<div class="article"><h1>{html.escape(posting.shown_title)}</h1>'
                     f'<div class="info">{posting.date:%Y-%m-%d %H:%M} '
                     f"{html.escape(doc.agency)}</div>"
                     f'<div class="index-no">索引号：{index_no}</div>'
                     f'<div id="UCAP-CONTENT">{body_of(posting)}</div></div>')
            return self.page(f"{posting.shown_title}_{self.spec.site_name}", inner, column.name,
                             standard_metas(self.spec, column.name, posting.shown_title,
                                            posting.date, doc.agency, url))
        resource, blocked = page_obstacle(posting.obstacle, Page(render))
        self.site.add(path, resource)
        publish(posting, self.site.url(path), blocked=blocked)
        for host in self.spec.hosts[1:]:
            publish(posting, self.site.url(path, host), role="alias", blocked=blocked)

    def add_list(self, column: HegangColumn) -> None:
        list_path = f"/hegang/{column.code}/list.shtml"
        api_path = f"/common/search/{column.channel}"
        if column.obstacle:
            shell, blocked = page_obstacle(column.obstacle, None)
            self.site.add(list_path, shell)
            self.site.add(api_path, shell)
            self.blocked += [(self.site.url(list_path), blocked),
                             (self.site.url(api_path), blocked)]
            return
        api = (f"{api_path}?_isAgg=false&_isJson=true&_pageSize={PAGE_SIZE}&_template=index"
               f"&_rangeTimeGte=&_channelName=&page=1")
        inner = (f'<div class="position">当前位置：首页 &gt; {html.escape(column.name)}</div>'
                 f'<ul class="list" id="list"></ul><div id="pager"></div>'
                 f'<script type="text/javascript">\nvar channelId = "{column.channel}";\n'
                 f'var searchUrl = "{api}";\n</script>')
        self.site.add(list_path, Page(lambda: self.page(column.name, inner, column.name)))
        self.site.add(api_path, lambda request: self.search(column, request))

    def search(self, column: HegangColumn, request: DemoRequest) -> Reply:
        """``/common/search/<channel>?_isJson=true&page=N`` (1-based; page 0 reads as 1)."""
        params = request.params
        if params.get("_isJson") != "true":
            return self.page(column.name, "<p>非法请求 404！</p>", column.name)
        page = int(params["page"]) if params.get("page", "").isdigit() else 1
        size = int(params["_pageSize"]) if params.get("_pageSize", "").isdigit() else PAGE_SIZE
        size = min(max(size, 1), 100)
        listed = column.listed()
        start = (max(page, 1) - 1) * size
        results = []
        for i, posting in enumerate(listed[start:start + size], start):
            host = self.spec.hosts[1] if len(self.spec.hosts) > 1 and \
                i % self.alias_every == self.alias_every - 1 else self.spec.hosts[0]
            results.append({"title": posting.shown_title,
                            "url": self.site.url(self.paths[id(posting)], host),
                            "publishedTimeStr": f"{posting.date:%Y-%m-%d %H:%M:%S}",
                            "content": posting.shown_title})
        payload = {"data": {"total": len(listed), "rows": size, "page": page,
                            "results": results}}
        return Reply(json.dumps(payload, ensure_ascii=False).encode(),
                     content_type="application/json;charset=UTF-8")
