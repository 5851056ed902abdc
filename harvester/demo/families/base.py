"""What every CMS family shares: site data, postings, the standard <meta> block, encodings,
attachment resources and the parts of a site every portal has (home, robots, 404, mirror link).

A family class turns a :class:`SiteSpec` (pure data: host, names, which posting sits in which
column with which obstacle) into a :class:`~harvester.demo.web.Site`, and records every URL
it publishes on the catalog entry, which is what the manifest reads.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from datetime import datetime

from harvester.demo import content, obstacles
from harvester.demo.catalog import LookAlike, Publication, Region, ReportEntry
from harvester.demo.web import Page, Reply, Resource, Site, html_reply

Document = ReportEntry | LookAlike
ATTACHMENT_ONLY = ("pdf", "docx", "doc", "xls")


@dataclass
class Posting:
    """One document as one site lists it.

    ``form`` is how the body is published: "html"; "images" (tables as pictures); "scan" (only
    a scanned image); "pdf", "docx", "doc", "xls" (only that attachment); "html+pdf" or
    "html+docx" (both). ``obstacle`` names a page-level obstacle of :data:`PAGE_OBSTACLES`.
    ``values`` are numbers this copy prints when they differ from the entry's (a copy
    published before a correction).
    """

    doc: Document
    form: str = "html"
    obstacle: str | None = None
    title: str | None = None
    published: datetime | None = None
    values: dict | None = None
    charset: str | None = None  # "missing" or "wrong": this page's <meta> charset is

    @property
    def shown_title(self) -> str:
        return self.title or self.doc.title

    @property
    def date(self) -> datetime:
        return self.published or self.doc.published

    @property
    def attachment_format(self) -> str | None:
        if self.form in ATTACHMENT_ONLY:
            return self.form
        return self.form.split("+")[1] if "+" in self.form else None


@dataclass
class SiteSpec:
    """The data of one demo portal."""

    region: Region
    hosts: tuple[str, ...]
    site_name: str
    site_code: str  # SiteIDCode, 10 digits
    schemes: tuple[str, ...] = ("http", "https")
    canonical_scheme: str = "http"
    https_redirect: bool = False  # http answers 301 to the https URL
    encoding: str = "utf-8"
    mirror_host: str | None = None  # a hijacked non-gov copy the home page links to
    robots_disallow: list[str] = field(default_factory=list)
    soft_404: bool = False
    slow_delay: float = 20.0


def _charset_meta(charset: str | None) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' \
        if charset else ""


def standard_metas(spec: SiteSpec, column: str, title: str | None = None,
                   published: datetime | None = None, source: str | None = None,
                   url: str | None = None, column_type: str = "信息公开年报") -> str:
    """The national-spec <meta> block (docs/portals.md section 0)."""
    metas = [("SiteName", spec.site_name), ("SiteDomain", spec.hosts[0]),
             ("SiteIDCode", spec.site_code), ("ColumnName", column),
             ("ColumnDescription", column), ("ColumnKeywords", column),
             ("ColumnType", column_type)]
    if title is not None:
        metas += [("ArticleTitle", title),
                  ("PubDate", published.strftime("%Y-%m-%d %H:%M") if published else ""),
                  ("ContentSource", source or ""), ("Keywords", "政府信息公开年度报告"),
                  ("Url", url or "")]
    return "\n".join(f'<meta name="{name}" content="{html.escape(value)}">'
                     for name, value in metas)


def encode_page(text: str, encoding: str, declared: str | None) -> Reply:
    """An HTML page in ``encoding``; ``declared`` is what its <meta> says (None: nothing).
    Legacy-charset portals send no charset in the header, so the <meta> is all a client has."""
    text = text.replace("<!--CHARSET-->", _charset_meta(declared))
    if encoding == "utf-8":
        return html_reply(text, declare=declared is not None)
    return Reply(text.encode(encoding, errors="xmlcharrefreplace"), content_type="text/html")


class Utf8Pages:
    """The page chrome of a UTF-8 portal: title, the standard metas, the body, the link to
    the non-gov mirror that every demo portal carries."""

    spec: SiteSpec

    def page(self, title: str, inner: str, column: str, metas: str | None = None,
             script: str = "") -> Reply:
        text = (f"<!DOCTYPE html><html><head><!--CHARSET--><title>{html.escape(title)}</title>"
                f"{metas or standard_metas(self.spec, column)}{script}</head><body>{inner}"
                f"{mirror_link(self.spec)}</body></html>")
        return encode_page(text, "utf-8", "utf-8")


def page_obstacle(name: str | None, resource: Resource | None) -> tuple[Resource, str | None]:
    """Put the named obstacle on a page ("flaky", "waf-412" or "wzws"); returns the resource
    and why a harvester cannot read it (None for the flaky page: a retry reads it)."""
    if name is None:
        return resource, None
    if name == "flaky":
        return obstacles.flaky(resource), None
    if name == "waf-412":
        return obstacles.waf_412, "waf-412"
    if name == "wzws":
        return obstacles.wzws_challenge, "wzws"
    raise ValueError(f"unknown obstacle {name!r}")


def attachment_resource(entry: ReportEntry, fmt: str) -> Resource:
    """The report as a file, written on request by ``harvester.demo.docformats``; 503 with the
    reason while the converter is missing."""
    def render() -> Reply:
        try:
            data = content.document_bytes(entry, fmt)
        except content.ConverterMissing as missing:
            return Reply(str(missing).encode(), status=503,
                         content_type="text/plain; charset=utf-8")
        return Reply(data, content_type=content.MIME_TYPES[fmt])
    return Page(render, keep=lambda reply: reply.status != 503)


def digest(*parts: object, length: int = 32) -> str:
    """A stable hex name for files and ids, as CMSs name uploads by hash."""
    return hashlib.md5(":".join(map(str, parts)).encode()).hexdigest()[:length]


def number(*parts: object, digits: int = 6) -> int:
    """A stable decimal id of ``digits`` digits."""
    return int(digest(*parts), 16) % (9 * 10 ** (digits - 1)) + 10 ** (digits - 1)


def body_of(posting: Posting, image_url: str | None = None) -> str:
    """The article body HTML of a posting (no attachment links)."""
    doc = posting.doc
    if isinstance(doc, LookAlike):
        return content.lookalike_body(doc)
    if posting.form in ATTACHMENT_ONLY:
        return "<p>详见附件。</p>"
    if posting.form == "images" and image_url:
        return content.body_with_table_images(doc, image_url)
    if posting.values is not None:
        return content.render_module().render_html(posting.values, doc.shape)
    return content.report_body(doc)


OBSTACLE_NOTES = {"flaky": "answers 500 to the first of every 3 requests: retry"}
# Notes of article pages whose text holds none of the report's numbers.
NO_NUMBERS_NOTES = ("tables as images", "scanned image only", "numbers only in the attachment")


def publish(posting: Posting, url: str, role: str = "article", fmt: str = "html",
            blocked: str | None = None, note: str | None = None) -> str:
    """Record on the catalog entry that ``url`` serves it."""
    if role == "article" and note is None:
        note = OBSTACLE_NOTES.get(posting.obstacle or "")
        if posting.form in ATTACHMENT_ONLY:
            note = NO_NUMBERS_NOTES[2]
    return posting.doc.publish(Publication(
        url=url, role=role, format=fmt, blocked=blocked, note=note,
        published=posting.date.date().isoformat(), values=posting.values))


def finish_site(site: Site, spec: SiteSpec, home: str) -> Site:
    """The parts every portal has: robots.txt, a 404 (soft on some), the home at "/"."""
    site.add("/robots.txt", obstacles.robots_txt(spec.robots_disallow))
    site.routes.setdefault("/", site.routes[home])
    if spec.soft_404:
        site.not_found = obstacles.soft_not_found(spec.site_name)
    return site


def mirror_link(spec: SiteSpec) -> str:
    if not spec.mirror_host:
        return ""
    return (f'<div class="friend-links">友情链接：<a href="http://{spec.mirror_host}/" '
            f'target="_blank">{spec.site_name}（镜像）</a></div>')


def mirror_site(spec: SiteSpec) -> Site:
    """The non-gov copy a site links to: spam on every path, never a report."""
    site = Site(hosts=(spec.mirror_host,), region=spec.region.slug, schemes=("http",))
    site.not_found = obstacles.spam_mirror(spec.site_name)
    return site
