"""``scrapy crawl portal -a home=URL``: harvest a portal nobody described.

From the home page the spider looks for the annual-report column itself (links named
政府信息公开年报 / 年度报告 / 年报, through 政务公开 / 信息公开 / 公开目录 pages and agency
trees, a few links deep), recognises the CMS family of each column from its markup, and reads
it with that family's code; a column of no known family is read as a generic list with
next-page links.

Its scope is decided once, from the home page, and recorded (the log line ``scope …`` and the
stat ``harvest/scope/domain``): the home page's government domain (``hunjiang.gov.cn`` for
``www.hunjiang.gov.cn``), every host under it (the 信息公开 platform a portal hands its
disclosure section to, ``xxgk.hunjiang.gov.cn``), on the home page's port. A list service a
column page names (:data:`LIST_SERVICES`: Jilin's JSONP search answers from the province's
``infogate.jl.gov.cn``) may answer from another ``*.gov.cn`` host, and the hosts its answers
name entries on (Hegang's city platform names its mirror ``www.hgds.gov.cn``) join the scope,
each recorded (log ``scope … handed by a list service``, stat ``harvest/scope/handed``).
A portal may hand its whole disclosure section to another government host (a prefecture's
shared platform, layout L4): a link of the home page, or of the page it leads to, named
政府信息公开 / 政务公开 / 信息公开 (:data:`HANDOFF_WORDS`) that leads to another ``*.gov.cn``
host takes that host into the scope (log ``disclosure section handed to …``, stats
``harvest/discovery/handoff`` and ``harvest/scope/handed``); discovery on it stays in the
directory the link points into (``harvest/discovery/handoff_directories``).
Nothing else leaves the scope: a footer link to the central portal, another province, a
non-gov mirror or another port is recorded as ``offsite`` and not followed, and the offsite
middleware refuses redirects there.

Arguments: ``home`` (required), ``region`` (the slug to stamp on items, default ``portal``),
and the ``years`` / ``agency`` filters of every spider.

The registry's regions nobody described (``family = "portal"``, most of the national registry)
are crawled by this same walker from their registry home page (``spiders/regions.py`` builds a
subclass with the region as data): ``scrapy crawl <slug>``. What it meets is kept in the crawl
stats for region health (:mod:`harvester.store.health`): ``harvest/home/status`` (the home page
answered), ``harvest/home/failed`` (it did not: the region is ``unreachable``),
``harvest/home/none`` (the registry knows no home page), ``harvest/home/cms`` (the CMS family
the home page shows, :func:`recognise_cms`; empty for none), ``harvest/discovery/column`` and
``harvest/discovery/family`` (the first report column found, and its CMS family),
``harvest/discovery/columns`` (every report column found, sorted) and
``harvest/discovery/handoff`` (the platforms handed to). The next crawl of the region starts
from the columns found, on the platforms found (``harvest/discovery/remembered``), besides
discovery from the home page.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response, TextResponse

from harvester.parse.vocabulary import compact
from harvester.registry import Region
from spiders import page
from spiders.base import port_of
from spiders.families import FAMILY_SPIDERS
from spiders.families.generic import GenericListSpider

# The families' callbacks for a list service a column page names, which may answer from
# another government host (docs/portals.md, the Jilin platform).
LIST_SERVICES = frozenset({"parse_jsonp", "parse_hegang_json", "parse_gkmlpt_api",
                           "parse_dataproxy", "parse_jpaas_unit"})
# How the families mark the entries a list service's answer names (JSON, not links of a page
# whose footer anyone writes): their hosts are the ones the portal hands its reports to.
SERVICE_ENTRIES = frozenset({"jsonp", "hegang-json", "gkmlpt-api"})
# A home or navigation link that hands the disclosure section to another government host.
HANDOFF_WORDS = re.compile(r"^(?:政府信息公开|政务公开|信息公开)(?:平台|专栏|目录|网)?$")
# The central portal: linked from every footer, never a division's platform.
CENTRAL_HOSTS = frozenset({"www.gov.cn", "gov.cn", "english.www.gov.cn"})


def handoff_directory(url: str) -> str:
    """The directory a hand-off link points into: ``/sf1/`` for ``…/sf1/index.html``, ``/``
    for a platform's home page."""
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def portal_domain(host: str) -> str:
    """The government domain a portal's host belongs to: ``hunjiang.gov.cn`` for
    ``www.hunjiang.gov.cn`` and ``xxgk.hunjiang.gov.cn``; a host that is a domain already
    (``www.gov.cn`` under ``gov.cn``) stays itself."""
    labels = host.split(".")
    keep = 3 if host.endswith(".gov.cn") else 2
    return ".".join(labels[-keep:]) if len(labels) > keep else host


# What a home page shows of its CMS beyond the column markers of the families (docs/portals.md
# sections 1-5): the link shapes of its navigation and news lists, and its platforms' services.
# Recognised in this order, after the families' own markers.
HOME_MARKERS = {
    "hanweb": re.compile(r"/col/col\d+/index\.html|/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html"
                         r"|jpaas|/module/web/jpage"),
    "jilin_jsonp": re.compile(r"infogate\.jl\.gov\.cn"),
    "trs_static": re.compile(r"/t\d{8}_\d+\.s?html?|TRS_Editor|trs_editor_view"),
    "hegang_json": re.compile(r"UCAP-CONTENT|/common/search/[0-9a-fA-F]{32}"),
    "vsb": re.compile(r"info/\d+/\d+\.htm|vsb_content|_showDynClicks"),
}


def recognise_cms(html: str) -> str:
    """The CMS family a home page shows, by the families' column markers and the link shapes
    of :data:`HOME_MARKERS`; empty when it shows none (the walker then reads each column as its
    own markup says, and falls back on the generic list)."""
    for family, spider in FAMILY_SPIDERS.items():
        if spider.family_marker is not None and spider.family_marker.search(html):
            return family
    return next((family for family, marker in HOME_MARKERS.items() if marker.search(html)), "")


def detect_family(html: str) -> str:
    """The CMS family a column page's markup shows: the first registered family whose marker
    it matches, in the order of ``FAMILY_SPIDERS``; the fallback, ``generic``, when none does."""
    for family, spider in FAMILY_SPIDERS.items():
        if spider.family_marker is not None and spider.family_marker.search(html):
            return family
    return GenericListSpider.family


class PortalSpider(*FAMILY_SPIDERS.values()):
    """Every family's base spider at once, so that a column is read with the code of the
    family :func:`detect_family` names. What two families do differently (``parse_column``,
    ``article_pattern``) the portal defines for itself, so the order of the bases decides
    nothing."""

    name = "portal"
    article_pattern = re.compile("|".join(dict.fromkeys(
        spider.article_pattern.pattern for spider in FAMILY_SPIDERS.values()
        if spider.article_pattern is not None)))

    def __init__(self, *args: Any, home: str | None = None, region: str = "portal",
                 **kwargs: Any) -> None:
        described = getattr(type(self), "region", None)
        if isinstance(described, Region):  # a registry region of family "portal"
            host = (urlsplit(described.home).hostname or "").lower()
            self.domain = portal_domain(host) if host else ""
        else:
            if not home:
                raise ValueError("portal needs the home page: scrapy crawl portal -a home=URL")
            host = (urlsplit(home).hostname or "").lower()
            self.region = Region(slug=region, name=host, code="", level="county", parent="",
                                 parent_name="", home=home, family=GenericListSpider.family,
                                 allowed_hosts=(host,))
            self.domain = portal_domain(host)
        self.handed_hosts: set[str] = set()
        self.handoffs: list[str] = []
        self.handoff_directories: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.region.home:
            self.logger.warning("no home page is known for %s: nothing to crawl",
                                self.region.slug)
            self.stat("harvest/home/none", 1)
            return
        self.logger.info("scope %s (and list services on *.gov.cn)", self.domain)
        self.stat("harvest/scope/domain", self.domain)
        handed, remembered = self.remembered_discovery()
        for host, directory in handed.items():
            self.hand_off(host, directory)
        for column in remembered:
            request = self.follow(column, self.parse_column, found_via="remembered")
            if request is not None:
                self.logger.info("column %s, found by an earlier crawl", column)
                yield request
        if remembered:
            self.stat("harvest/discovery/remembered",
                      remembered[0] if len(remembered) == 1 else remembered)
        async for request in super().start():
            yield request

    def remembered_discovery(self) -> tuple[dict[str, str], list[str]]:
        """(the platform hosts with the directory handed over, the report columns) an earlier
        crawl of this registry region found from the home page (its
        ``harvest/discovery/handoff`` and ``…/handoff_directories``, and
        ``harvest/discovery/columns`` stats, or the older ``harvest/discovery/column``, in the
        harvest database), so that a harvest starts from what the last one discovered;
        discovery runs all the same, and a column met twice is fetched once. Nothing for
        ``scrapy crawl portal``, whose home page may change from one run to the next."""
        if not isinstance(getattr(type(self), "region", None), Region) or self.crawler is None:
            return {}, []
        path = self.crawler.settings.get("HARVEST_DB")
        if not path or path == ":memory:" or not Path(path).is_file():
            return {}, []
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as connection:
                rows = connection.execute(
                    "SELECT stats FROM harvest_runs WHERE spider = ? AND stats IS NOT NULL "
                    "ORDER BY id DESC LIMIT 10", [self.region.slug]).fetchall()
        except sqlite3.Error:
            return {}, []
        for (stats,) in rows:
            try:
                stats = json.loads(stats)
                columns = stats.get("harvest/discovery/columns") or [
                    stats.get("harvest/discovery/column")]
                handed = stats.get("harvest/discovery/handoff") or []
                directories = stats.get("harvest/discovery/handoff_directories") or {}
            except (ValueError, AttributeError):
                continue
            if not isinstance(handed, list) or not isinstance(columns, list) \
                    or not isinstance(directories, dict):
                continue
            platforms = {host: directory if isinstance(directory := directories.get(host), str)
                         and directory.startswith("/") else "/"
                         for host in handed if isinstance(host, str) and self.hands_off(host)}
            columns = [column for column in columns if isinstance(column, str) and (
                self.in_scope(column) or (urlsplit(column).hostname or "") in platforms)]
            if columns:
                return platforms, columns
        return {}, []

    def remembered_column(self) -> str | None:
        """The first report column an earlier crawl found (:meth:`remembered_discovery`)."""
        columns = self.remembered_discovery()[1]
        return columns[0] if columns else None

    def stat(self, name: str, value: Any) -> None:
        if self.crawler is not None:
            self.crawler.stats.set_value(name, value)

    def home_request(self) -> scrapy.Request | None:
        return self.follow(self.region.home, self.parse_home, hops=0,
                           meta={"portal_home": True})

    def parse_home(self, response: Response, hops: int) -> Iterator[scrapy.Request]:
        """The home page answered (``harvest/home/status``, for region health); then discovery
        as every spider does it."""
        if response.meta.get("portal_home") and hops == 0:
            self.stat("harvest/home/status", response.status)
            if isinstance(response, TextResponse):
                cms = recognise_cms(response.text)
                self.stat("harvest/home/cms", cms)
                self.logger.info("home %s shows the CMS family %s", response.url,
                                 cms or "of no known family")
        if hops <= 1 and isinstance(response, TextResponse) and not self.refused(response):
            for host, url in self.hand_offs(response):
                self.logger.info("disclosure section handed to %s", url)
                self.hand_off(host, handoff_directory(url))
        yield from super().parse_home(response, hops)

    def hand_offs(self, response: TextResponse) -> list[tuple[str, str]]:
        """The hosts a home or navigation page hands its disclosure section to, with the URL
        it links: a link named 政府信息公开 / 政务公开 / 信息公开 (平台, 专栏, 目录) leading to
        another ``*.gov.cn`` host (a prefecture's shared platform, layout L4). Footer links
        (中国政府网, the province) are named otherwise, and a non-gov host is never one."""
        hosts: list[tuple[str, str]] = []
        for link in response.css("a[href]"):
            text = compact(page.text_of(link) or link.attrib.get("title", ""))
            if not HANDOFF_WORDS.match(text):
                continue
            url = response.urljoin(link.attrib["href"].strip())
            host = (urlsplit(url).hostname or "").lower()
            if (self.hands_off(host) and not self.in_scope(url)
                    and port_of(url) == port_of(self.region.home)
                    and host not in dict(hosts)):
                hosts.append((host, url))
        return hosts

    def hands_off(self, host: str) -> bool:
        """Whether a host may take a portal's disclosure section: a government host, not the
        central portal."""
        return host.endswith(".gov.cn") and host not in CENTRAL_HOSTS

    def hand_off(self, host: str, directory: str = "/") -> None:
        """Take a platform the portal hands its disclosure section to into the scope, and
        record it (``harvest/discovery/handoff``, besides ``harvest/scope/handed``). On a
        platform that several divisions share, the hand-off links this division's part
        (``/<code>/index.html``): discovery there stays in that directory
        (``harvest/discovery/handoff_directories``), so that it never walks into another
        division's tree; the columns found and their documents are read wherever they are."""
        if host in self.handed_hosts:
            return
        self.hand_over(host)
        self.handoffs.append(host)
        self.handoff_directories[host] = directory
        self.stat("harvest/discovery/handoff", sorted(self.handoffs))
        self.stat("harvest/discovery/handoff_directories", dict(self.handoff_directories))

    def on_error(self, failure) -> None:
        """A home page that gave no answer (no such host, refused, timed out) makes the region
        ``unreachable`` in its health (``harvest/home/failed``)."""
        request = failure.request
        if request.meta.get("portal_home") and request.cb_kwargs.get("hops") == 0:
            response = getattr(failure.value, "response", None)
            if response is not None:
                self.stat("harvest/home/status", response.status)
            else:
                self.stat("harvest/home/failed", failure.getErrorMessage()[:200])
        super().on_error(failure)

    def in_scope(self, url: str) -> bool:
        """Whether a URL is on the portal's own domain, or a host a list service handed
        entries on, and on the home page's port."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        return (parts.scheme in ("http", "https") and port_of(url) == port_of(self.region.home)
                and (self.on_domain(host) or host in self.handed_hosts
                     or host in self.region.allowed_hosts))

    def on_domain(self, host: str) -> bool:
        return bool(self.domain) and (host == self.domain or host.endswith("." + self.domain))

    def allowed(self, url: str) -> bool:
        """The portal's scope, and other government hosts on its port, which only a list
        service and the entries it hands out may reach (:meth:`follow`)."""
        parts = urlsplit(url)
        return self.in_scope(url) or (
            parts.scheme in ("http", "https") and port_of(url) == port_of(self.region.home)
            and (parts.hostname or "").lower().endswith(".gov.cn"))

    def follow(self, url: str, callback, *, found_via: str | None = None,
               listing: dict | None = None, **kwargs: Any) -> scrapy.Request | None:
        """A request within the scope; for a list service, or an entry its answer names, on
        another government host, the host is handed the scope (once, recorded) and the
        request let past the offsite middleware. Anything else is recorded as ``offsite``."""
        canonical = self.canonical(url)
        host = (urlsplit(canonical).hostname or "").lower()
        directory = self.handoff_directories.get(host)
        if directory and callback == self.parse_home and not (
                urlsplit(canonical).path or "/").startswith(directory):
            self.record("offsite", canonical, found_via=found_via, reason="outside the hand-off")
            return None
        if not self.in_scope(canonical):
            service = getattr(callback, "__name__", "") in LIST_SERVICES
            if not self.allowed(canonical) or not (service or found_via in SERVICE_ENTRIES):
                self.record("offsite", canonical, found_via=found_via, reason="scope")
                return None
            if not service:
                self.hand_over(host)
        if not self.on_domain(host):
            kwargs["meta"] = {**kwargs.get("meta", {}), "allow_offsite": True}
        return super().follow(url, callback, found_via=found_via, listing=listing, **kwargs)

    def hand_over(self, host: str) -> None:
        """Take a host a list service names entries on into the scope (a city platform's
        mirror host, a province's document host), and record it."""
        self.handed_hosts.add(host)
        self.logger.info("scope %s, handed by a list service", host)
        if self.crawler is not None:
            self.crawler.stats.set_value("harvest/scope/handed", sorted(self.handed_hosts))

    def canonical(self, url: str) -> str:
        """Links to the home page's host are fetched over the scheme the home page answered
        on: a portal's own API may hand out https URLs while the host speaks only http."""
        url = super().canonical(url)
        home = urlsplit(self.region.home)
        parts = urlsplit(url)
        if parts.hostname == home.hostname and parts.scheme != home.scheme:
            return urlunsplit((home.scheme, *parts[1:]))
        return url

    def hosts(self):
        """For the offsite middleware, which also sees redirects: the portal's domain, and the
        registry's hosts of a region whose home is on another one."""
        return tuple(dict.fromkeys(host for host in (self.domain, *self.region.allowed_hosts)
                                   if host))

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        family = detect_family(response.text)
        self.logger.info("column %s family %s", response.url, family)
        if self.crawler is not None:
            self.crawler.stats.set_value(f"harvester/family/{response.url}", family)
            # The first column found, and its family: region health tells a region whose
            # column was found from one where none was (docs/portals.md section 12).
            if self.crawler.stats.get_value("harvest/discovery/column") is None:
                self.stat("harvest/discovery/column", response.url)
                self.stat("harvest/discovery/family", family)
        self.found_column(response.url)
        yield from FAMILY_SPIDERS[family].parse_column(self, response)
