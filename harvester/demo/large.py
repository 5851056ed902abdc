"""The large demo web for benchmarks: hundreds of portals, tens of thousands of reports, built
by the same catalog and CMS-family classes as the seven demo sites, from a size and a seed.

Regions are synthetic (slug ``demo_r0001``…, host ``www.r0001.test``); each gets a family in
turn, its agencies publish every year 2019-2024, and a few look-alikes sit in each column.
Obstacles come in the proportions a crawl meets them: TRS sites are GBK, about 3% of reports
also carry a PDF, and every site has one article that fails with 500 before a retry.
Pages are rendered only when requested, so building is fast; the manifest computes each
report's numbers on demand from its seed.
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
from harvester.demo.sites import YEARS, BuiltRegion, DemoWeb
from harvester.demo.web import Site, Web

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


def build_large_web(portals: int = 500, reports: int = 20000, seed: int | str = 0,
                    slow_delay: float = 20.0) -> DemoWeb:
    """A web of ``portals`` synthetic portals holding at least ``reports`` agency-years,
    identical for identical arguments."""
    if portals < 1 or reports < 0:
        raise ValueError("need at least one portal and a non-negative number of reports")
    agencies = max(1, math.ceil(reports / portals / len(YEARS)))
    built: dict[str, BuiltRegion] = {}
    for n in range(1, portals + 1):
        rng = random.Random(f"{seed}:large:{n}")
        region = synthetic_region(n, agencies, rng)
        entries = build_entries(region, YEARS, f"{seed}:large", presence=1.0)
        lookalikes = build_lookalikes(region, YEARS, f"{seed}:large")[:2]
        family = FAMILIES[n % len(FAMILIES)]
        spec = SiteSpec(region=region, hosts=(f"www.r{n:04d}.test",), site_name=region.government,
                        site_code=f"{n:010d}", slow_delay=slow_delay,
                        encoding="gbk" if family == "trs_static" else "utf-8")
        flaky = rng.choice(entries)
        postings = [Posting(e, form="html+pdf" if rng.random() < 0.03 else "html",
                            obstacle="flaky" if e is flaky else None) for e in entries]
        postings += [Posting(item) for item in lookalikes]
        site, column, pagination = site_of(family, spec, postings)
        built[region.slug] = BuiltRegion(
            region=region, family=family, sites=[site], entries=entries, lookalikes=lookalikes,
            entry_urls={"home": site.url("/"), "column": site.url(column)},
            pagination=pagination)
    web = Web(site for region in built.values() for site in region.sites)
    return DemoWeb(web=web, regions=built)
