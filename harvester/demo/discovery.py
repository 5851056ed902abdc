"""The discovery web: portals of CMS families the spiders were never told about, to be
harvested from their home pages alone (``python -m harvester demo score``).

``build_discovery_web(portals, seed)`` spreads the portals over :data:`FAMILIES`: five shapes
no spider family knows (``harvester/demo/undescribed/``: a Struts ``.action`` site, a PHP-route
site, a dated-directory site, an ``xxgk.`` subdomain platform with a per-agency tree (L3), a
portal handing its 政府信息公开 link to the prefecture's shared platform on another host (L4))
and four known families (TRS, Hanweb, VSB, the ASP.NET generic list), whose pages show
``recognise_cms`` (Hanweb's home page) and ``detect_family`` (their columns) at work. Each
portal publishes its government's, two departments' and three townships' reports of
2019-2024 (``catalog.build_entries``, as ``large.py`` does) and the five look-alikes; its
hosts are ``www.sfNNNN.gov.cn`` (and
``xxgk.sfNNNN.gov.cn``), its mirror ``www.sfNNNN-mirror.test``, the prefecture's platform
``xxgk.sfshi.gov.cn``. The manifest's ``columns`` lists every 年报 column a perfect discovery
finds (sub-columns and each agency's own column included).
"""

from __future__ import annotations

import dataclasses
import random

from harvester.demo.catalog import ReportEntry, agencies_of, build_entries, build_lookalikes
from harvester.demo.families.base import Posting, SiteSpec, mirror_site
from harvester.demo.large import site_of, synthetic_region
from harvester.demo.sites import YEARS, BuiltRegion, DemoWeb
from harvester.demo.undescribed.dated_dirs import DatedDirectorySite
from harvester.demo.undescribed.php_route import PhpRouteSite
from harvester.demo.undescribed.plain import PlainColumn
from harvester.demo.undescribed.struts_action import StrutsSite
from harvester.demo.undescribed.xxgk_platform import PrefecturePlatform, build_subdomain_platform
from harvester.demo.web import Site, Web

UNKNOWN_FAMILIES = ("struts_action", "php_route", "dated_dirs", "xxgk_subdomain",
                    "prefecture_platform")
KNOWN_FAMILIES = ("trs_static", "hanweb", "vsb", "generic")
FAMILIES = UNKNOWN_FAMILIES + KNOWN_FAMILIES
PAGINATION = {"struts_action": "numbered pageNo links, 尾页", "php_route": "/page/N, numbered",
              "dated_dirs": "index_N.html, 下页 and numbered", "xxgk_subdomain": "下一页",
              "prefecture_platform": "下一页"}


def by_kind(postings: list[Posting], kind: str) -> list[Posting]:
    return [p for p in postings if isinstance(p.doc, ReportEntry) and p.doc.agency_kind == kind]


def split_columns(postings: list[Posting], lookalikes: list[Posting], keys: tuple[str, ...],
                  per_page: int = 4) -> PlainColumn:
    """The 年报 column (the government's reports and the look-alikes) with its 部门年报 and
    乡镇（街道）年报 sub-columns, keyed ``keys``."""
    column = PlainColumn(keys[0], "政府信息公开年报", by_kind(postings, "government") + lookalikes,
                         per_page=per_page)
    column.subcolumns = [
        PlainColumn(keys[1], "部门年报", by_kind(postings, "department"), per_page=per_page),
        PlainColumn(keys[2], "乡镇（街道）年报", by_kind(postings, "township"), per_page=per_page)]
    return column


def unknown_site(family: str, spec: SiteSpec, postings: list[Posting],
                 lookalikes: list[Posting], platform: PrefecturePlatform
                 ) -> tuple[list[Site], list[str]]:
    """(the portal's sites, its 年报 columns) for a family no spider knows."""
    if family == "struts_action":
        site = StrutsSite(spec)
        return [site.build(split_columns(postings, lookalikes, ("12", "121", "122")))], \
            site.columns
    if family == "php_route":
        site = PhpRouteSite(spec)
        return [site.build(split_columns(postings, lookalikes, ("1704", "1705", "1706")))], \
            site.columns
    if family == "dated_dirs":
        site = DatedDirectorySite(spec)
        keys = ("/ndxxgkbg/", "/ndxxgkbg/bmnb/", "/ndxxgkbg/xzjd/")
        return [site.build(split_columns(postings, lookalikes, keys))], site.columns
    if family == "xxgk_subdomain":
        agencies, counts = [], {"government": 0, "department": 0, "township": 0}
        for name, kind in agencies_of(spec.region):
            counts[kind] += 1
            code = "zf" if kind == "government" else \
                f"{'bm' if kind == 'department' else 'xz'}{counts[kind]:02d}"
            own = [p for p in postings if p.doc.agency == name]
            agencies.append((code, name, own + (lookalikes if kind == "government" else [])))
        return build_subdomain_platform(spec, agencies)
    code = spec.hosts[0].split(".")[1]
    keys = (f"/{code}/ndbg/", f"/{code}/ndbg/bm/", f"/{code}/ndbg/xz/")
    portal, columns = platform.add_county(spec, code, split_columns(postings, lookalikes, keys))
    return [portal], columns


def build_discovery_web(portals: int = 10, seed: int | str = 0) -> DemoWeb:
    """A web of ``portals`` portals, identical for identical arguments."""
    if portals < 1:
        raise ValueError("need at least one portal")
    built: dict[str, BuiltRegion] = {}
    extra: list[Site] = []
    platform = PrefecturePlatform()
    for n in range(1, portals + 1):
        rng = random.Random(f"{seed}:discovery:{n}")
        region = dataclasses.replace(synthetic_region(n, 6, rng), slug=f"disc_{n:04d}")
        entries = build_entries(region, YEARS, f"{seed}:discovery", presence=0.8)
        lookalikes = build_lookalikes(region, YEARS, f"{seed}:discovery")
        family = FAMILIES[(n - 1) % len(FAMILIES)]
        host = f"www.sf{n:04d}.gov.cn"
        spec = SiteSpec(region=region, hosts=(host,), site_name=f"{region.government}门户网站",
                        site_code=f"{9900000000 + n}", mirror_host=f"www.sf{n:04d}-mirror.test",
                        encoding="gbk" if family == "trs_static" else "utf-8")
        postings = [Posting(e, form="html+pdf" if rng.random() < 0.05 else "html")
                    for e in entries]
        looks = [Posting(item) for item in lookalikes]
        if family in UNKNOWN_FAMILIES:
            sites, columns = unknown_site(family, spec, postings, looks, platform)
            pagination = PAGINATION[family]
        else:
            site, column, pagination = site_of(family, spec, postings + looks)
            sites, columns = [site], [site.url(column)]
        extra.append(mirror_site(spec))
        built[region.slug] = BuiltRegion(
            region=region, family=family, sites=sites, entries=entries, lookalikes=lookalikes,
            entry_urls={"home": sites[0].url("/"), "column": columns[0]},
            pagination=pagination, mirror=f"http://{spec.mirror_host}/", columns=columns)
    if platform.counties:
        extra.append(platform.build())
    web = Web([*(site for region in built.values() for site in region.sites), *extra])
    return DemoWeb(web=web, regions=built)
