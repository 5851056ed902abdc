"""The base of every harvester spider: a region's report columns in, report documents out.

A CMS family subclasses :class:`ReportSpider` and implements :meth:`ReportSpider.parse_column`
(read one list page: queue its articles, its sub-columns and its other pages); the base does
the rest: discovery of report columns from the home page (besides the registry's own, unless
the registry says ``discover = false``), article pages, attachments, recognition, filters,
blocked pages and other outcomes.

Knobs (class attributes)
------------------------
region
    The :class:`harvester.registry.Region` the spider harvests; set by ``spiders/regions.py``.
discovery_hops
    How many links deep the home-page discovery looks for the report column (default 3; the
    agency pages of a 公开目录 tree cost no hop of their own).
article_pattern
    A regular expression a URL must match to be queued as an article page from a list page by
    :meth:`list_links`; None means any link whose text reads as a report.

Arguments (``-a``)
------------------
years
    ``2019-2022``, ``2021`` or ``2019,2021``: keep only reports of those years.
agency
    Keep only reports whose agency or title contains this text (``-a agency=教育局``).

Items
-----
One :class:`harvester.items.ReportDocument` per report document: the article page, and each
file or scanned image it links (``found_via="attachment"``, ``parent_url`` the article), or a
file a list links directly. Print views are not documents of their own; copies on an alias
host are fetched once, on the canonical host. The item carries the response bytes in ``body``
for the pipelines (which store them and keep the ``sha256`` as the pointer); feed exports
leave ``body`` out (``FEED_EXPORT_FIELDS`` in the settings), since raw bytes are not JSON and
a feed of every PDF would be the archive twice. A body is never bigger than
``DOWNLOAD_MAXSIZE``, and is dropped with the item once the pipelines are done.

Outcomes that are not documents (blocked pages, HTTP errors, robots.txt refusals, pages that
are not reports, other regions' reports, offsite links, pages no callback could read) are
counted in the crawl stats under ``harvester/outcome/<kind>`` and, when the setting
``HARVEST_OUTCOMES`` names a file, written there as JSON Lines while the crawl runs. Kinds:
``blocked`` (a WAF challenge: 412/521 or a JS stub at 200, with ``waf``), ``unavailable``
(维护中, a soft 404), ``robots``, ``ignored`` (another middleware's refusal),
``http_error``, ``failed`` (network), ``rejected`` (not a report, with ``reason``),
``other_region``, ``offsite``, ``not_a_file``, ``unexpected`` (a list answer of an unknown
shape), ``unreadable``, ``budget`` (a bound of :mod:`spiders.limits` met, with ``bound``:
``requests``, ``depth`` or ``links``), ``trap`` (a trap it sensed, with ``reason``:
``siblings`` or ``stale_pagination``).

Requests carry a Scrapy priority (:meth:`ReportSpider.priority`): reports first. Every crawl
is bounded by :mod:`spiders.limits` (request budget, depth, links per page, traps).

Article pages are read once: ``harvester/pages/read`` counts the pages recognised, and
``harvester/pages/recalled`` the pages whose bytes were read before (a re-crawl's revalidated
pages), whose reading comes from the page memo (:mod:`spiders.memo`).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, ClassVar
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import scrapy
from parsel import Selector
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from harvester.items import ReportDocument
from harvester.parse.readers.limits import MAX_HTML_BYTES
from harvester.parse.recognize import (
    Recognition,
    agency_in_title,
    is_look_alike,
    is_report_title,
    recognize,
    title_year,
)
from harvester.parse.vocabulary import AGENCY_SUFFIX, compact
from harvester.registry import Region
from spiders import page
from spiders.memo import PageMemo, Reading, open_memo

# Link texts that lead towards the annual-report column (docs/portals.md section 7).
COLUMN_WORDS = re.compile(
    r"(?:政府|政务)?信息公开(?:工作)?(?:年度报告|年报)|年度报告|信息公开年报|年报")
NAVIGATION_WORDS = re.compile(r"政务公开|信息公开|公开目录|法定主动公开|主动公开|政府信息")
# Disclosure pages that never lead to the reports.
DEAD_ENDS = re.compile(r"指南|制度|规定|办法|申请|解读|通知|要点|意见箱")
# A longer link text still leads there when it ends so: 某某局政府信息公开目录.
NAVIGATION_END = re.compile(r"(?:政务公开|信息公开|公开目录|公开平台|公开专栏)$")
# Pages that list agencies (the L3 layout's 公开目录 tree), and a link text that names one.
TREE_WORDS = re.compile(r"公开目录|机构|部门|乡镇|街道")
AGENCY_WORDS = re.compile(rf"{AGENCY_SUFFIX}$")
GKMLPT_SHELL = re.compile(r"window\._CONFIG\s*=\s*\{[^<]*\bSID\b[^<]*\bTREE\b", re.S)
NEXT_PAGE_WORDS = re.compile(r"^(?:下一页|下页|后页|>|›|»|next)$", re.I)
# A list's other pages besides its next one: numbered links and the last page (尾页 / 末页).
PAGE_NUMBER_WORDS = re.compile(r"^(?:\d{1,4}|\[\d{1,4}\]|尾页|末页|最后一页)$")
# What makes a list URL one page of its list: a query parameter (?page=N, pageNo, pageIndex,
# curPage, p), /page/N at the end of the path, index_N.html; :func:`list_key` sets it aside.
_PAGE_PARAMETERS = frozenset({"page", "pageno", "pageindex", "pagenum", "curpage", "p"})
_PAGE_PATH = re.compile(r"/page/\d+/?$|(?<=/index)_\d+(?=\.s?html?$)", re.I)
_INDEX_FILE = re.compile(r"/(?:index|default)\.s?html?$")


def list_key(url: str) -> str:
    """A list page's URL less its page number: every page of one list has the same key
    (``/list/cid/1704/page/3`` and ``/list/cid/1704``, ``index_2.html`` and ``index.html``,
    ``?columnid=12&pageNo=2`` and ``?columnid=12``)."""
    parts = urlsplit(url)
    path = _INDEX_FILE.sub("/", _PAGE_PATH.sub("", parts.path))
    query = "&".join(sorted(f"{name}={value}" for name, value in parse_qsl(
        parts.query, keep_blank_values=True) if name.lower() not in _PAGE_PARAMETERS))
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, query, ""))

# Scrapy request priorities, the highest fetched first: reports first, so that a page of
# 50,000 links is fetched after the report columns, their pages and the report-titled links
# (and, when the request budget runs out, is what is left).
COLUMN_PRIORITY = 30
REPORT_PRIORITY = 20
DISCOVERY_PRIORITY = 10
CANDIDATE_PRIORITY = 0


def port_of(url: str) -> int | None:
    """A URL's port when it names one other than its scheme's default (``:80`` on http is no
    other server); -1 for a port that is none (``:99999``, ``:abc``), which matches no server."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return -1
    return None if port == {"http": 80, "https": 443}.get(parts.scheme) else port


def year_range(spec: str | None) -> set[int] | None:
    """``2019-2022`` → {2019…2022}; ``2019,2021`` → {2019, 2021}; None → no filter."""
    if not spec:
        return None
    years: set[int] = set()
    for part in str(spec).split(","):
        bounds = [int(value) for value in re.findall(r"\d{4}", part)]
        if len(bounds) == 2:
            years.update(range(min(bounds), max(bounds) + 1))
        elif len(bounds) == 1:
            years.add(bounds[0])
        else:
            raise ValueError(f"years: cannot read {part!r} (use 2019-2022 or 2019,2021)")
    return years


class ReportSpider(scrapy.Spider):
    region: ClassVar[Region]
    discovery_hops: ClassVar[int] = 3
    article_pattern: ClassVar[re.Pattern[str] | None] = None

    def __init__(self, *args: Any, years: str | None = None, agency: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = year_range(years)
        self.agency = compact(agency) if agency else None
        self.allowed_domains = list(self.hosts())
        self.outcomes: list[dict] = []
        self._recorded: set[tuple[str, str]] = set()
        self._outcomes_file: IO[str] | None = None
        self.memo: PageMemo | None = None
        self.columns_found: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_spider_error, signal=signals.spider_error)
        spider.memo = open_memo(crawler.settings)
        if spider.memo is not None:
            crawler.signals.connect(spider.memo.close, signal=signals.spider_closed)
        return spider

    def on_spider_error(self, failure: Failure, response: Response, spider: scrapy.Spider):
        """A page that a callback could not read (markup no family expects) is an outcome
        like any other: recorded, and the crawl goes on."""
        if spider is self:
            self.record("unreadable", response.url, error=failure.getErrorMessage())

    # ---- the region -------------------------------------------------------------------------

    def hosts(self) -> Iterable[str]:
        return self.region.allowed_hosts

    def allowed(self, url: str) -> bool:
        """Whether a URL is on an allowed host, on the home page's port (the same host on
        another port is another server)."""
        parts = urlsplit(url)
        return (parts.scheme in ("http", "https") and port_of(url) == port_of(self.region.home)
                and (parts.hostname or "").lower() in self.allowed_domains)

    def canonical(self, url: str) -> str:
        """The URL to fetch for a link: alias hosts mapped to their canonical host, https
        turned to http on http-only portals, the fragment dropped."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        netloc = self.region.alias_hosts.get(host, parts.netloc)
        scheme = "http" if self.region.http_only and parts.scheme == "https" else parts.scheme
        return urlunsplit((scheme, netloc, parts.path, parts.query, ""))

    # ---- requests ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The registry's report columns, and the home page to discover any other column
        (unless the registry says ``discover = false``)."""
        for url in self.region.report_columns:
            request = self.follow(url, self.parse_column, found_via="registry")
            if request is not None:
                yield request
        if self.region.discover or not self.region.report_columns:
            request = self.home_request()
            if request is not None:
                yield request

    def home_request(self) -> scrapy.Request | None:
        return self.follow(self.region.home, self.parse_home, hops=0)

    def follow(self, url: str, callback, *, found_via: str | None = None,
               listing: dict | None = None, **kwargs: Any) -> scrapy.Request | None:
        """A request for a link, or None when it leaves the allowed hosts (recorded)."""
        url = self.canonical(url)
        if not self.allowed(url):
            self.record("offsite", url, found_via=found_via)
            return None
        meta = {"found_via": found_via, "listing": listing or {}}
        meta.update(kwargs.pop("meta", {}))
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta,
                              cb_kwargs=kwargs, priority=self.priority(callback, url, meta))

    def priority(self, callback: Callable[..., Any], url: str, meta: dict) -> int:
        """Reports first: report columns and their pages, then report-titled links, files and
        attachments, then the way from the home page, then links that only look like
        articles by their URL."""
        name = getattr(callback, "__name__", "")
        if name == "parse_home":
            return DISCOVERY_PRIORITY
        if name not in ("parse_article", "parse_file"):
            return COLUMN_PRIORITY
        title = meta["listing"].get("title") or ""
        if meta["found_via"] == "attachment" or is_report_title(title) or page.link_kind(
                url, title) not in (None, "download", "image"):
            return REPORT_PRIORITY
        return CANDIDATE_PRIORITY

    def article(self, url: str, *, found_via: str, listing: dict) -> scrapy.Request | None:
        """A request for a candidate report (an article page or a file linked from a list);
        a look-alike title is dropped without a fetch. What a list API says is taken as text
        (a number where a title belongs is not a crash)."""
        listing = {key: value if value is None or isinstance(value, str | list) else str(value)
                   for key, value in listing.items()}
        title = listing.get("title") or ""
        if is_look_alike(title) and not is_report_title(title):
            self.record("rejected", url, found_via=found_via, title=title, reason="look-alike")
            return None
        if not self.year_wanted(title_year(title)):
            return None
        named = agency_in_title(title)
        if named and self.region.agency_names and not any(
                name in named for name in self.region.agency_names):
            self.record("other_region", url, found_via=found_via, title=title, agency=named)
            return None
        if page.link_kind(url, title) not in (None, "download"):
            return self.follow(url, self.parse_file, found_via=found_via, listing=listing)
        return self.follow(url, self.parse_article, found_via=found_via, listing=listing)

    # ---- outcomes ---------------------------------------------------------------------------

    def record(self, kind: str, url: str, **details: Any) -> None:
        """Count and keep one outcome that is not a document (once per kind and URL)."""
        if (kind, url) in self._recorded:
            return
        self._recorded.add((kind, url))
        outcome = {"region": self.region.slug, "kind": kind, "url": url,
                   **{k: v for k, v in details.items() if v is not None}}
        self.outcomes.append(outcome)
        self.write_outcome(outcome)
        self.count(f"harvester/outcome/{kind}")
        level = 30 if kind in ("blocked", "http_error", "failed") else 10
        self.logger.log(level, "%s: %s %s", kind, url, details or "")

    def count(self, stat: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(stat)

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        if failure.check(HttpError):
            response = failure.value.response
            waf = page.challenge(response.status, response.text
                                 if isinstance(response, TextResponse) else "")
            if waf:
                self.record("blocked", request.url, status=response.status, waf=waf)
            else:
                self.record("http_error", request.url, status=response.status)
        elif failure.check(IgnoreRequest):
            reason = "robots.txt" if "robots" in str(failure.value).lower() else "ignored"
            self.record("robots" if reason == "robots.txt" else "ignored", request.url,
                        reason=str(failure.value) or None)
        else:
            self.record("failed", request.url, error=failure.getErrorMessage())

    def refused(self, response: Response) -> bool:
        """Whether a 200 response is a WAF challenge (recorded as blocked) or a page that says
        it is none: 维护中, a soft 404 (recorded as unavailable)."""
        text = response.text if isinstance(response, TextResponse) else ""
        waf = page.challenge(response.status, text)
        if waf:
            self.record("blocked", response.url, status=response.status, waf=waf)
            return True
        failure = page.soft_failure(text) if text else None
        if failure:
            self.record("unavailable", response.url, status=response.status, reason=failure)
            return True
        return False

    def write_outcome(self, outcome: dict | None) -> None:
        """Append an outcome to the ``HARVEST_OUTCOMES`` file as it happens, so a crawl
        stopped half-way keeps what it met (None only opens the file)."""
        settings = getattr(self, "settings", None)
        path = settings.get("HARVEST_OUTCOMES") if settings is not None else None
        if not path:
            return
        if self._outcomes_file is None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._outcomes_file = open(path, "w", encoding="utf-8")  # noqa: SIM115
        if outcome is not None:
            self._outcomes_file.write(json.dumps(outcome, ensure_ascii=False) + "\n")
            self._outcomes_file.flush()

    def closed(self, reason: str) -> None:
        self.write_outcome(None)  # an empty file says "nothing met", not "never written"
        if self._outcomes_file is not None:
            self._outcomes_file.close()

    # ---- filters ----------------------------------------------------------------------------

    def year_wanted(self, year: int | None) -> bool:
        """Whether a listing's title year may be wanted: a neighbouring year counts too,
        since a title can misstate the year its report covers (``2022度`` for 2023); the
        article decides."""
        return self.years is None or year is None or bool(
            {year - 1, year, year + 1} & self.years)

    def wanted(self, found: Recognition, url: str) -> bool:
        """Whether a recognised report is this region's (``agency_names``) and passes the
        ``years`` and ``agency`` arguments."""
        names = compact(f"{found.agency or ''} {found.title or ''}")
        if self.region.agency_names and not any(n in names for n in self.region.agency_names):
            self.record("other_region", url, title=found.title, agency=found.agency)
            return False
        heir = self.heir(found, names)
        if heir:
            self.record("other_region", url, title=found.title, agency=found.agency,
                        reason=heir)
            return False
        if self.years is not None and found.year not in self.years:
            return False
        return not self.agency or self.agency in names

    def heir(self, found: Recognition, names: str) -> str | None:
        """Why a report on a portal that a renamed division and its successor share is the
        other one's to file (harvester/registry.py: ``until``, ``predecessors``), or None. The
        earlier division files the reports naming it up to its last year; its successor the
        others: later years, and those naming the successor's own new name."""
        year, region = found.year, self.region
        if year is None:
            return None
        if region.until is not None and (year > region.until or any(
                name in names for name in region.successor_names)):
            return f"successor {region.successor}"
        earlier = next((name for name, until in region.predecessors
                        if name in names and year <= until
                        and compact(region.own_name) not in names), None)
        return f"predecessor {earlier}" if earlier else None

    # ---- discovery --------------------------------------------------------------------------

    def parse_home(self, response: Response, hops: int) -> Iterator[scrapy.Request]:
        """Look for the annual-report column: follow links named like it, through
        政务公开 / 信息公开 / 公开目录 pages and the agency names of a 公开目录 tree, at most
        ``discovery_hops`` links from the home page."""
        if self.refused(response) or not isinstance(response, TextResponse):
            return
        if self.is_report_column(response, response.meta.get("link_text")):
            self.logger.info("column %s", response.url)
            self.found_column(response.url)
            yield from self.parse_column(response)
            return
        # A 公开目录 tree costs no hop of its own: its agency pages, one link below it, still
        # lead to their 年报 columns (layout L3).
        in_tree = bool(TREE_WORDS.search(response.meta.get("link_text") or ""))
        if hops >= self.discovery_hops + in_tree:
            return
        for link in response.css("a[href]"):
            text = page.text_of(link) or link.attrib.get("title", "")
            url = urljoin(response.url, link.attrib["href"].strip())
            if not url.startswith("http") or page.link_kind(url) is not None:
                continue
            names_column = COLUMN_WORDS.search(compact(text)) and title_year(text) is None
            leads_there = (len(text) <= 12 and NAVIGATION_WORDS.search(text)) or (
                len(text) <= 40 and NAVIGATION_END.search(text))
            agency = in_tree and len(text) <= 24 and AGENCY_WORDS.search(text)
            if not (names_column or leads_there or agency) or DEAD_ENDS.search(text):
                continue
            request = self.follow(url, self.parse_home, hops=hops + 1,
                                  meta={"link_text": text if not agency else "公开目录"})
            if request is not None:
                yield request

    def found_column(self, url: str) -> None:
        """Record a report column found (discovery, a sub-column, the registry's): every one
        of a crawl, sorted, in the stat ``harvest/discovery/columns``."""
        if url in self.columns_found:
            return
        self.columns_found.add(url)
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.set_value("harvest/discovery/columns", sorted(self.columns_found))

    def is_report_column(self, response: TextResponse, link_text: str | None) -> bool:
        """Whether a page is an annual-report column: its ColumnName meta, its
        breadcrumb's last step, or the link that led to it names the column; a gkmlpt
        platform shell counts too (its tree names the 年报 categories)."""
        if GKMLPT_SHELL.search(response.text):
            return True
        column_name = page.metas(response).get("ColumnName")
        if column_name and COLUMN_WORDS.search(compact(column_name)):
            return True
        trail = page.breadcrumb(response) or ""
        last = re.split(r"[>›»/]", trail)[-1] if trail else ""
        if last and COLUMN_WORDS.search(compact(last)) and title_year(last) is None:
            return True
        return bool(link_text and COLUMN_WORDS.search(compact(link_text))
                    and title_year(link_text) is None)

    # ---- columns ----------------------------------------------------------------------------

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        """Read one list page of a report column; a CMS family implements it."""
        raise NotImplementedError(f"{type(self).__name__} has no parse_column")

    def list_links(self, response: TextResponse, links=None,
                   found_via: str = "list") -> Iterator[scrapy.Request]:
        """Queue the report candidates among a list page's links: URLs matching
        ``article_pattern`` (or, without one, links whose text reads as a report) and files."""
        links = response.css("a[href]") if links is None else links
        for link in links:
            href = (link.attrib.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            url = urljoin(response.url, href)
            title = link.attrib.get("title") or page.text_of(link)
            date = page.sibling_text(link)
            pattern_hit = self.article_pattern is not None and self.article_pattern.search(url)
            file_hit = page.link_kind(url, title) not in (None, "download", "image")
            if not (pattern_hit or file_hit or is_report_title(title)):
                continue
            if not self.allowed(self.canonical(url)):
                self.record("offsite", url, found_via=found_via, title=title)
                continue
            request = self.article(url, found_via=found_via,
                                   listing={"title": title, "date": date})
            if request is not None:
                yield request

    # ---- documents --------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ReportDocument | scrapy.Request]:
        """An article page: recognise it, yield it as a document, follow its attachments."""
        if not isinstance(response, TextResponse):
            if not self.refused(response):
                yield from self.parse_file(response)
            return
        listing = response.meta.get("listing", {})
        key = PageMemo.key(response.url, response.body, listing) if self.memo else None
        reading = self.recall_article(key)
        if reading is None:
            if self.refused(response):
                return
            reading = self.read_article(response, listing, key)
        found, attachments = reading
        if listing.get("agency") and not found.agency:
            found.agency = listing["agency"]
        if not found.is_report:
            self.record("rejected", response.url, title=found.title, reason=found.reason)
            return
        if not self.wanted(found, response.url):
            return
        yield self.document(response, found, found_via=response.meta.get("found_via"))
        for attachment in attachments:
            request = self.follow(
                attachment.url, self.parse_file, found_via="attachment",
                listing={"title": found.title, "year": found.year, "agency": found.agency,
                         "published": found.published, "file_name": attachment.name,
                         "parent_url": response.url, "checks": found.checks})
            if request is not None:
                yield request

    def recall_article(self, key: str | None) -> Reading | None:
        """The reading of an article page whose very bytes were read before under the same
        listing (a revalidated page, in a re-crawl), from the page memo (``key``: the page's
        :meth:`PageMemo.key`); a page read before was no WAF challenge and no maintenance page
        either."""
        if key is None:  # no memo
            return None
        reading = self.memo.get(key)
        if reading is not None:
            self.count("harvester/pages/recalled")
        return reading

    def read_article(self, response: TextResponse, listing: dict, key: str | None) -> Reading:
        """What an article page says: its recognition, and its attachments when it is a
        report; kept in the page memo.

        A page over the parser's HTML cap (:data:`MAX_HTML_BYTES`, a hostile or broken page)
        is not parsed here either: lxml would take the crawl to gigabytes over it. It is
        judged by its listing alone, and the parse records it as too large."""
        if len(response.body) > MAX_HTML_BYTES:
            self.count("harvester/pages/too_large")
            return recognize(link_text=listing.get("title"),
                             listing_date=listing.get("date")), []
        text = page.readable(response.body, response.text)
        found = recognize(page.page_title(text), link_text=listing.get("title"),
                          metas=page.metas(text), breadcrumb=page.breadcrumb(text),
                          lead=page.lead(text), listing_date=listing.get("date"))
        attachments = self.article_attachments(response, text) if found.is_report else []
        self.count("harvester/pages/read")
        if key is not None:
            self.memo.put(key, (found, attachments))
        return found, attachments

    def article_attachments(self, response: TextResponse, text: Selector) -> list[page.Attachment]:
        """The attachments of an article page (``text``: the page as read); families with
        attachments elsewhere (an API) extend it."""
        return page.attachments(text, response.url)

    def parse_file(self, response: Response) -> Iterator[ReportDocument]:
        """A file (pdf, doc, wps, xls, image…) linked from a list or an article page."""
        listing = response.meta.get("listing", {})
        kind = page.content_kind(response.headers.get("Content-Type", b"").decode("latin-1"),
                                 response.url)
        if kind == "html":
            # A download route answering with an HTML page (VSB without Referer, a
            # maintenance page) is not the file.
            if self.refused(response):
                return
            if listing.get("parent_url") is None:
                yield from self.parse_article(response)
                return
            self.record("not_a_file", response.url, parent_url=listing.get("parent_url"))
            return
        if "year" in listing:
            found = Recognition(True, listing.get("title"), listing.get("year"),
                                listing.get("agency"), listing.get("published"),
                                checks=list(listing.get("checks") or []))
        else:
            found = recognize(listing.get("title"), listing_date=listing.get("date"))
            if listing.get("agency") and not found.agency:
                found.agency = listing["agency"]
            if not found.is_report:
                self.record("rejected", response.url, title=found.title, reason=found.reason)
                return
            if not self.wanted(found, response.url):
                return
        yield self.document(response, found, found_via=response.meta.get("found_via"),
                            file_name=listing.get("file_name"),
                            parent_url=listing.get("parent_url"))

    def document(self, response: Response, found: Recognition, *, found_via: str | None,
                 file_name: str | None = None, parent_url: str | None = None) -> ReportDocument:
        referer = response.request.headers.get("Referer") if response.request else None
        return ReportDocument(
            region=self.region.slug,
            url=response.url,
            body=response.body,
            content_type=page.document_type(
                response.headers.get("Content-Type", b"").decode("latin-1"), response.url,
                file_name),
            status=response.status,
            headers={k.decode("latin-1"): v[0].decode("latin-1")
                     for k, v in response.headers.items() if v},
            fetched_at=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            referer=referer.decode("latin-1") if referer else None,
            title=found.title,
            year=found.year,
            agency=found.agency,
            published=found.published,
            file_name=file_name,
            found_via=found_via,
            parent_url=parent_url,
            checks=list(found.checks),
        )
