"""The large demo web for benchmarks: hundreds of portals, tens of thousands of reports, built
by the same catalog and CMS-family classes as the seven demo sites, from a size and a seed.

Regions are synthetic (slug ``demo_r0001``…, host ``www.r0001.test``); each gets a family in
turn, its agencies publish every year 2019-2024, and a few look-alikes sit in each column.
Obstacles come in the proportions a crawl meets them: TRS sites are GBK, about 3% of reports
also carry a PDF, and every site has one article that fails with 500 before a retry.
Pages are rendered only when requested, so building is fast; the manifest computes each
report's numbers on demand from its seed.

For the national benchmark the web can look more like the live one (all off by default, so the
harvest benchmark's web stays as it was):

- ``latency=True``: every portal answers after a latency of its own, most 150-600 ms, a few
  percent (:data:`SLOW_SHARE`) 2-5 s (:func:`portal_latency`).
- ``unreachable``: this share of portals is not served at all (their host does not answer).
- ``waf``: this share answers every request, robots.txt included, with a Ruishu-like 412
  challenge (:func:`harvester.demo.obstacles.waf_412`).
- ``subdomain``: this share has its report column on an ``xxgk.`` subdomain, a second site;
  the home page on ``www.`` links to it, and the registry allows both hosts.

The manifest stays true: an unreachable or WAF portal's reports cannot be found, so it lists
none (``reports`` is empty), and says why under ``blocked`` (reason ``unreachable`` or
``waf-412``, the home page's URL) and ``obstacles``.
"""

from __future__ import annotations

import math
import random

from harvester.demo.catalog import DEPARTMENTS, Region, build_entries, build_lookalikes
from harvester.demo.families.base import Posting, SiteSpec
from harvester.demo.families.generic import GenericColumn, GenericSite
from harvester.demo.families.hanweb import HanwebClassic, HanwebColumn
from harvester.demo.families.hegang_json import HegangColumn, HegangPlatform
from harvester.demo.families.jilin_jsonp import JilinChannel, JilinPlatform
from harvester.demo.families.nfcms_gkmlpt import GkmlptUnit, NfcmsColumn, NfcmsGkmlptSite
from harvester.demo.families.trs_static import TrsColumn, TrsStatic
from harvester.demo.families.vsb import VsbColumn, VsbSite
from harvester.demo.obstacles import waf_412
from harvester.demo.sites import YEARS, BuiltRegion, DemoWeb
from harvester.demo.web import DemoRequest, Reply, Site, Web, html_reply

TOWN_WORDS = "东西南北中新城河山湖江桥林石田安平和兴福宁"


def synthetic_region(n: int, agencies: int, rng: random.Random) -> Region:
    short = f"示范{n}区"
    departments = tuple(rng.sample(DEPARTMENTS, min(len(DEPARTMENTS), (agencies - 1) // 2)))
    towns = agencies - 1 - len(departments)
    townships = tuple(f"{TOWN_WORDS[i % len(TOWN_WORDS)]}{TOWN_WORDS[(i * 7 + n) % 20]}"
                      f"{'镇人民政府' if i % 2 else '街道办事处'}" for i in range(towns))
    return Region(slug=f"demo_r{n:04d}", name=f"示范市{short}", short=short,
                  government=f"示范市{short}人民政府", townships=townships,
                  departments=departments)


def site_of(family: str, spec: SiteSpec, postings: list[Posting]) -> tuple[Site, str, str]:
    """(site, entry column path, pagination) of one synthetic portal of ``family``."""
    if family == "trs_static":
        column = TrsColumn(path="/zwgk/zfxxgknb/", name="政府信息公开年报", postings=postings,
                           numbering="variant" if int(spec.site_code) % 2 else "classic")
        return (TrsStatic(spec, [column], [(f"{column.path}index.html", column.name)]).build(),
                f"{column.path}index.html", f"createPageHTML {column.numbering}")
    if family == "jilin_jsonp":
        channel = JilinChannel(path="/rmzf/ndbg/", name="政府信息公开年度报告",
                               agency=spec.region.government, channel_id=14581,
                               postings=postings)
        return (JilinPlatform(spec, [channel]).build(), f"{channel.path}index.html", "jsonp")
    if family == "hegang_json":
        column = HegangColumn(code="ndbg", name="政府信息公开年度报告", postings=postings)
        return HegangPlatform(spec, [column]).build(), "/hegang/ndbg/list.shtml", "json"
    if family == "nfcms_gkmlpt":
        column = NfcmsColumn(path="/zwgk/zfxxgkndbg/", name="政府信息公开年度报告",
                             postings=postings)
        unit = GkmlptUnit(prefix="", name=spec.region.government, sid=755000,
                          postings=[Posting(p.doc) for p in postings])
        return (NfcmsGkmlptSite(spec, column, [unit]).build(), f"{column.path}index.html",
                "links + gkmlpt api")
    if family == "hanweb":
        column = HanwebColumn(column_id=12596, unit_id=46785, name="政府信息公开年报",
                              postings=postings)
        return HanwebClassic(spec, column).build(), "/col/col12596/index.html", "dataproxy"
    if family == "vsb":
        column = VsbColumn(path="/xxgk/ndbg.htm", name="政府信息公开年度报告", tree_id=1116,
                           postings=postings)
        return VsbSite(spec, [column]).build(), column.path, "vsb countdown"
    column = GenericColumn(cid=1019, name="政府信息公开年报", postings=postings)
    return GenericSite(spec, [column]).build(), "/InfoPublic.aspx?cid=1019", "下一页 links"


FAMILIES = ("trs_static", "jilin_jsonp", "hegang_json", "nfcms_gkmlpt", "hanweb", "vsb",
            "generic")


# The share of portals that answer in seconds rather than hundreds of milliseconds.
SLOW_SHARE = 0.03


def portal_latency(rng: random.Random) -> float:
    """A portal's latency in seconds: 150-600 ms for most, 2-5 s for :data:`SLOW_SHARE`."""
    if rng.random() < SLOW_SHARE:
        return round(rng.uniform(2.0, 5.0), 3)
    return round(rng.uniform(0.15, 0.6), 3)


def home_page(site_name: str, column_url: str) -> Site:
    """A portal's home page on ``www.`` whose only way to the reports is a link to the column
    on another host (``xxgk.``), as many portals keep their disclosure platform apart."""
    reply = html_reply(f'<html><head><meta charset="utf-8"><title>{site_name}</title></head>'
                       f'<body><h1>{site_name}</h1><ul><li><a href="{column_url}">政府信息公开'
                       f'</a></li><li><a href="{column_url}">政府信息公开年度报告</a></li></ul>'
                       "</body></html>")

    def resource(request: DemoRequest) -> Reply:
        return reply
    return resource


def build_large_web(portals: int = 500, reports: int = 20000, seed: int | str = 0,
                    slow_delay: float = 20.0, latency: bool = False, unreachable: float = 0.0,
                    waf: float = 0.0, subdomain: float = 0.0) -> DemoWeb:
    """A web of ``portals`` synthetic portals holding at least ``reports`` agency-years,
    identical for identical arguments. ``latency``, ``unreachable``, ``waf`` and ``subdomain``
    (shares of the portals) make it look like the live web (see the module's documentation);
    they draw from a random stream of their own, so the portals' contents stay the same."""
    if portals < 1 or reports < 0:
        raise ValueError("need at least one portal and a non-negative number of reports")
    agencies = max(1, math.ceil(reports / portals / len(YEARS)))
    built: dict[str, BuiltRegion] = {}
    unserved: set[str] = set()
    for n in range(1, portals + 1):
        net = random.Random(f"{seed}:large:{n}:network")
        delay = portal_latency(net) if latency else 0.0
        draw = net.random()
        kind = ("unreachable" if draw < unreachable else "waf-412" if draw < unreachable + waf
                else "subdomain" if net.random() < subdomain else "")
        rng = random.Random(f"{seed}:large:{n}")
        region = synthetic_region(n, agencies, rng)
        entries = build_entries(region, YEARS, f"{seed}:large", presence=1.0)
        lookalikes = build_lookalikes(region, YEARS, f"{seed}:large")[:2]
        family = FAMILIES[n % len(FAMILIES)]
        home_host = f"www.r{n:04d}.test"
        host = f"xxgk.r{n:04d}.test" if kind == "subdomain" else home_host
        spec = SiteSpec(region=region, hosts=(host,), site_name=region.government,
                        site_code=f"{n:010d}", slow_delay=slow_delay,
                        encoding="gbk" if family == "trs_static" else "utf-8")
        flaky = rng.choice(entries)
        postings = [Posting(e, form="html+pdf" if rng.random() < 0.03 else "html",
                            obstacle="flaky" if e is flaky else None) for e in entries]
        postings += [Posting(item) for item in lookalikes]
        site, column, pagination = site_of(family, spec, postings)
        site.latency = delay
        sites = [site]
        home = site.url("/")
        if kind == "subdomain":
            home = f"{site.canonical_scheme}://{home_host}/"
            sites.insert(0, Site(hosts=(home_host,), region=region.slug, latency=delay,
                                 routes={"/": home_page(region.government, site.url(column))}))
        blocked: list[tuple[str, str]] = []
        if kind in ("unreachable", "waf-412"):
            # Nothing of the portal can be read: no report is findable, and the manifest says
            # why. An unreachable portal's site is kept (the registry names its host) but not
            # served; a WAF portal answers every path with its challenge.
            sites = [Site(hosts=(home_host,), region=region.slug, latency=delay,
                          prefixes={"/": waf_412})]
            if kind == "unreachable":
                unserved.add(home_host)
            entries, lookalikes, blocked = [], [], [(home, kind)]
        built[region.slug] = BuiltRegion(
            region=region, family=family, sites=sites, entries=entries, lookalikes=lookalikes,
            entry_urls={"home": home, "column": site.url(column)},
            pagination=pagination, blocked=blocked,
            obstacles=[(kind, home)] if kind else [])
    web = Web(site for region in built.values() for site in region.sites
              if site.host not in unserved)
    return DemoWeb(web=web, regions=built)
