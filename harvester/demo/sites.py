"""The seven demo portals of docs/portals.md section 10, as data on top of the CMS families.

Each ``build_*`` function decides what a site publishes (which agency-years, in which column,
in which form, behind which obstacle) and hands that to its family class. It returns a
:class:`BuiltRegion`: the sites, the catalog entries (carrying every URL the family published),
and a list of obstacles with their URLs, which the README, the tests and the manifest read.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import dataclass, field
from datetime import datetime

from harvester.demo import regions
from harvester.demo.catalog import (
    LookAlike,
    Region,
    ReportEntry,
    build_entries,
    build_lookalikes,
)
from harvester.demo.families.base import Posting, SiteSpec, mirror_site
from harvester.demo.families.generic import GenericColumn, GenericSite
from harvester.demo.families.hanweb import HanwebClassic, HanwebColumn
from harvester.demo.families.hegang_json import HegangColumn, HegangPlatform
from harvester.demo.families.jilin_jsonp import JilinChannel, JilinPlatform
from harvester.demo.families.nfcms_gkmlpt import GkmlptUnit, NfcmsColumn, NfcmsGkmlptSite
from harvester.demo.families.trs_static import TrsColumn, TrsStatic
from harvester.demo.families.vsb import VsbColumn, VsbSite
from harvester.demo.hostile import hostile_site
from harvester.demo.web import Site, Web

YEARS = range(2019, 2025)


@dataclass
class BuiltRegion:
    region: Region
    family: str
    sites: list[Site]
    entries: list[ReportEntry]
    lookalikes: list[LookAlike]
    entry_urls: dict[str, str]
    pagination: str
    others: list[ReportEntry] = field(default_factory=list)  # other regions' reports shown
    blocked: list[tuple[str, str]] = field(default_factory=list)  # (url, reason): lists
    obstacles: list[tuple[str, str]] = field(default_factory=list)  # (obstacle, url)
    mirror: str | None = None
    # The first page of every report column a perfect discovery finds from the home page
    # (sub-columns and each agency's column included); empty: the entry column alone.
    columns: list[str] = field(default_factory=list)


@dataclass
class DemoWeb:
    web: Web
    regions: dict[str, BuiltRegion]


# ---- helpers ---------------------------------------------------------------------------


def first_url(doc: ReportEntry | LookAlike, role: str = "article") -> str:
    return next(p.url for p in doc.publications if p.role == role)


def take(entries: list[ReportEntry], rng: random.Random, kind: str,
         year: int | None = None) -> ReportEntry:
    """A random entry of an agency kind (and year), for an obstacle to sit on."""
    pool = [e for e in entries if e.agency_kind == kind and (year is None or e.year == year)
            and not e.is_seed and e.template != "legacy"]
    return rng.choice(pool)


def seed_entry(entries: list[ReportEntry], region: Region, seed: str, year: int, title: str,
               published: datetime) -> ReportEntry:
    """Put a hand-typed seed in place of the generated government report of ``year``."""
    entry = ReportEntry(region=region.slug, agency=region.government, agency_kind="government",
                        year=year, template="2021" if year >= 2021 else "2019",
                        seed=f"seeds/{seed}", published=published, title=title)
    entries[:] = [e for e in entries if not (e.agency_kind == "government" and e.year == year)]
    entries.append(entry)
    return entry


def spec_for(region: Region, hosts: tuple[str, ...], site_name: str, code: str,
             slow_delay: float, **kwargs) -> SiteSpec:
    mirror = f"www.{hosts[0].split('.')[1]}-mirror.test"
    return SiteSpec(region=region, hosts=hosts, site_name=site_name, site_code=code,
                    mirror_host=mirror, slow_delay=slow_delay, **kwargs)


# ---- A: 浑江区, trs_static, L2 ----------------------------------------------------------


def build_hunjiang(seed: str, slow_delay: float) -> BuiltRegion:
    region = regions.HUNJIANG
    rng = random.Random(f"{seed}:site-a")
    entries = build_entries(region, YEARS, seed)
    seed_entry(entries, region, "000", 2021, "白山市浑江区人民政府2021年政府信息公开工作年度报告",
               datetime(2022, 1, 28, 10, 5))
    lookalikes = build_lookalikes(region, YEARS, seed)
    spec = spec_for(region, ("www.hunjiang.gov.cn",), "白山市浑江区人民政府门户网站",
                    "2206020001", slow_delay, encoding="gbk", soft_404=True)
    pdf_only = take(entries, rng, "township", 2023)
    scanned = take(entries, rng, "township", 2022)
    with_docx = take(entries, rng, "department", 2023)
    charset_missing = take(entries, rng, "department", 2024)
    charset_wrong = take(entries, rng, "township", 2020)
    forms = {id(pdf_only): "pdf", id(scanned): "scan", id(with_docx): "html+docx"}
    charsets = {id(charset_missing): "missing", id(charset_wrong): "wrong"}

    base = "/zwgk/zfxxgknb/"
    categories = {"government": ("zfnb", "区政府年报"), "department": ("bmdnbg", "部门年报"),
                  "township": ("xzgb", "乡镇（街道）年报")}
    columns: list[TrsColumn] = []
    aggregate = TrsColumn(path=base, name="政府信息公开年报")
    for year in YEARS:
        year_column = TrsColumn(path=f"{base}{year}/", name=f"{year}年")
        aggregate.subcolumns.append((f"./{year}/index.html", f"{year}年"))
        columns.append(year_column)
        for kind, (slug, name) in categories.items():
            column = TrsColumn(path=f"{base}{year}/{year}{slug}/", name=f"{year}年{name}")
            year_column.subcolumns.append((f"./{year}{slug}/index.html", name))
            for entry in (e for e in entries if e.year == year and e.agency_kind == kind):
                column.postings.append(Posting(entry, form=forms.get(id(entry), "html"),
                                               charset=charsets.get(id(entry))))
            if kind == "government":
                column.postings += [Posting(item) for item in lookalikes if item.year == year]
            if (year, kind) == (2022, "department"):
                column.numbering, column.per_page = "variant", 3
            else:
                aggregate.also_lists += column.postings
            columns.append(column)
    aggregate.per_page = math.ceil(len(aggregate.also_lists) / 3)
    columns.insert(0, aggregate)
    family = TrsStatic(spec, columns, home_links=[(f"{base}index.html", "政府信息公开年报")])
    site = family.build()
    variant = f"{base}2022/2022bmdnbg/"
    return BuiltRegion(
        region=region, family="trs_static", sites=[site, mirror_site(spec)], entries=entries,
        lookalikes=lookalikes, mirror=spec.mirror_host,
        entry_urls={"home": site.url("/"), "column": site.url(f"{base}index.html"),
                    "variant column": site.url(f"{variant}index.html")},
        pagination="TRS createPageHTML: classic 0-based (index, index_1, index_2) on the "
                   "aggregate column and year columns; 1-based variant (index, index_2, "
                   f"index_3; no index_1) on {variant}",
        obstacles=[
            ("gbk pages, charset declared right (gb2312 meta, no header charset)",
             site.url(f"{base}index.html")),
            ("gbk page without any charset declaration", first_url(charset_missing)),
            ("gbk page declaring utf-8", first_url(charset_wrong)),
            ("report only as a PDF, linked from the list", first_url(pdf_only, "attachment")),
            ("report only as a scanned image", first_url(scanned)),
            ("report also as .docx attachment and as a print view", first_url(with_docx)),
            ("404 answered 200 with a 1.8 MB page", site.url("/zwgk/no-such-page.html")),
            ("link to a non-gov mirror", f"http://{spec.mirror_host}/"),
        ])


# ---- B: 东昌区, jilin_jsonp (the Jilin platform), L3 -------------------------------------

DEPARTMENT_CODES = {
    "教育局": "jyj", "卫生健康局": "wjj", "财政局": "czj", "民政局": "mzj",
    "人力资源和社会保障局": "rsj", "住房和城乡建设局": "zjj", "市场监督管理局": "scjgj",
    "应急管理局": "yjglj", "司法局": "sfj", "农业农村局": "nyncj", "交通运输局": "jtysj",
    "文化广电和旅游局": "whlyj", "自然资源局": "zrzyj", "生态环境分局": "sthjfj",
    "退役军人事务局": "tyjrswj", "医疗保障局": "ybj",
}


def build_dongchang(seed: str, slow_delay: float) -> BuiltRegion:
    region = regions.DONGCHANG
    entries = build_entries(region, YEARS, seed)
    seed_entry(entries, region, "002", 2020, "2020年通化市东昌区政府信息公开工作年度报告",
               datetime(2021, 2, 25, 9, 30))
    lookalikes = build_lookalikes(region, YEARS, seed)
    spec = spec_for(region, ("xxgk.dc.gov.cn",), "通化市东昌区政府信息公开平台", "2205020002",
                    slow_delay)
    blocked = next(e for e in entries if e.agency_kind == "government" and e.year == 2023)
    channels: list[JilinChannel] = []
    agencies = dict.fromkeys(e.agency for e in entries)
    for n, agency in enumerate(agencies):
        kind = next(e.agency_kind for e in entries if e.agency == agency)
        channel_id = 14000 + 581 * (n + 1) % 9973
        if kind == "government":
            path = "/rmzf/dcrm6/ndbg/"
        elif kind == "department":
            code = DEPARTMENT_CODES[agency.removeprefix(region.short)]
            path = f"/zfgz6/dc{code}/xbxxgkml_{channel_id}/ndbg/"
        else:
            path = f"/xzjd/dcxz{n}/xbxxgkml_{channel_id}/ndbg/"
        channel = JilinChannel(path=path, name="政府信息公开年度报告", agency=agency,
                               channel_id=channel_id)
        channel.postings = [Posting(e, obstacle="wzws" if e is blocked else None)
                            for e in entries if e.agency == agency]
        if kind == "government":
            channel.postings += [Posting(item) for item in lookalikes]
        channels.append(channel)
    site = JilinPlatform(spec, channels).build()
    government = channels[0]
    return BuiltRegion(
        region=region, family="jilin_jsonp", sites=[site, mirror_site(spec)], entries=entries,
        lookalikes=lookalikes, mirror=spec.mirror_host,
        entry_urls={"home": site.url("/"), "agency tree": site.url("/xxgkml/index.html"),
                    "column": site.url(government.path + "index.html")},
        pagination="JSONP /govsearch/jsonp/zf_jd_list.jsp?page=N&lb=<channelId>&channelId="
                   "<channelId>&callback=result, 10 items a page, named by each ndbg/ shell",
        obstacles=[
            ("JSONP padded with a BOM and CRLFs",
             site.url(f"/govsearch/jsonp/zf_jd_list.jsp?page=1&lb={government.channel_id}"
                      f"&channelId={government.channel_id}&callback=result")),
            ("200 + WZWS JS challenge instead of the 2023 district report", first_url(blocked)),
            ("2020 report in the 2019 template (seed 002), structure lost",
             first_url(next(e for e in entries if e.is_seed))),
            ("link to a non-gov mirror", f"http://{spec.mirror_host}/"),
        ])


# ---- C: 工农区 on the Hegang city platform, hegang_json, L4 --------------------------------


def build_gongnong(seed: str, slow_delay: float) -> BuiltRegion:
    region = regions.GONGNONG
    entries = build_entries(region, YEARS, seed)
    seed_entry(entries, region, "001", 2021, "2021年度政府信息公开工作报告",
               datetime(2022, 1, 26, 15, 7))
    lookalikes = build_lookalikes(region, YEARS, seed)[:3]
    others = [e for neighbour in regions.HEGANG_NEIGHBOURS
              for e in build_entries(neighbour, range(2021, 2025), seed)]
    spec = spec_for(region, ("www.hegang.gov.cn", "www.hgds.gov.cn"), "鹤岗市人民政府",
                    "2304000001", slow_delay, canonical_scheme="https", https_redirect=True)
    districts = HegangColumn(code="zxqgkndbg", name="县区政府信息公开年度报告")
    districts.postings = [Posting(d) for d in (*entries, *lookalikes, *others)]
    city_departments = HegangColumn(code="wszbmgkndbb", name="市直部门政府信息公开年度报告",
                                    obstacle="waf-412")
    family = HegangPlatform(spec, [districts, city_departments])
    site = family.build()
    list_url = site.url("/hegang/zxqgkndbg/list.shtml")
    hex_id = next(e for e in entries if e.published.year < 2023)
    numeric_id = next(e for e in entries if e.published.year >= 2023)
    return BuiltRegion(
        region=region, family="hegang_json", sites=[site, mirror_site(spec)], entries=entries,
        lookalikes=lookalikes, others=others, blocked=family.blocked, mirror=spec.mirror_host,
        entry_urls={"home": site.url("/"), "column": list_url},
        pagination=f"JSON GET /common/search/{districts.channel}?_isAgg=false&_isJson=true"
                   "&_pageSize=15&_template=index&page=N (1-based), named by the list.shtml "
                   "shell",
        obstacles=[
            ("Ruishu-like 412 stub on the city departments' column", family.blocked[0][0]),
            ("seed 001: title without the agency",
             first_url(next(e for e in entries if e.is_seed))),
            ("same tree on the alias www.hgds.gov.cn",
             site.url("/hegang/zxqgkndbg/list.shtml", "www.hgds.gov.cn")),
            ("article id 32-hex (before 2023)", first_url(hex_id)),
            ("article id numeric (from 2023)", first_url(numeric_id)),
            ("http answers 301 to https", "http://www.hegang.gov.cn/hegang/zxqgkndbg/list.shtml"),
            ("other districts' reports in the same column", first_url(others[0])),
            ("link to a non-gov mirror", f"http://{spec.mirror_host}/"),
        ])


# ---- D: 武江区, nfcms_gkmlpt (NFCMS portal + gkmlpt), http only -------------------------


def build_wujiang(seed: str, slow_delay: float) -> BuiltRegion:
    region = regions.WUJIANG
    rng = random.Random(f"{seed}:site-d")
    modern = build_entries(region, YEARS, seed)
    seed_entry(modern, region, "004", 2021, "韶关市武江区人民政府2021年度政府信息公开工作报告",
               datetime(2022, 1, 20, 16, 40))
    # gkmlpt keeps the district's and the towns' reports back to 2010 (legacy template).
    legacy = [e for e in build_entries(region, range(2010, 2019), f"{seed}:legacy",
                                       presence=1.0) if e.agency_kind != "department"]
    republished = next(e for e in legacy if e.agency.endswith("江湾镇人民政府") and e.year == 2010)
    republished.year = 2009
    republished.title = f"{republished.agency}2009年政府信息公开工作年度报告"
    republished.published = datetime(2011, 6, 30, 15, 3)
    entries = modern + legacy
    lookalikes = build_lookalikes(region, YEARS, seed)
    spec = spec_for(region, ("www.sgwjq.gov.cn",), "韶关市武江区人民政府门户网站", "4402030001",
                    slow_delay, schemes=("http",))
    portal = NfcmsColumn(path="/zwgk/zfxxgkndbg/", name="政府信息公开年度报告")
    portal.postings = [Posting(e) for e in modern]
    portal.postings += [Posting(e) for e in legacy if e.year in (2009, 2016, 2018)]
    portal.postings += [Posting(item) for item in lookalikes[:2]]
    district = GkmlptUnit(prefix="", name=region.government, sid=755041)
    district.postings = [Posting(e) for e in entries if e.agency_kind != "department"]
    units = [district]
    with_pdf = {id(take(modern, rng, "department", year)) for year in (2021, 2023)}
    for n, dept in enumerate(region.departments):
        agency = f"{region.short}{dept}"
        unit = GkmlptUnit(prefix=f"/wj{DEPARTMENT_CODES[dept]}", name=agency, sid=755100 + n)
        unit.postings = [Posting(e, form="html+pdf" if id(e) in with_pdf else "html")
                         for e in modern if e.agency == agency]
        units.append(unit)
    family = NfcmsGkmlptSite(spec, portal, units)
    site = family.build()
    api = f"/gkmlpt/api/all/2629?page=1&sid={district.sid}"
    pdf_entry = next(e for e in modern if id(e) in with_pdf)
    return BuiltRegion(
        region=region, family="nfcms_gkmlpt", sites=[site, mirror_site(spec)], entries=entries,
        lookalikes=lookalikes, mirror=spec.mirror_host,
        entry_urls={"home": site.url("/"), "column": site.url("/zwgk/zfxxgkndbg/index.html"),
                    "gkmlpt": site.url("/gkmlpt/index"), "gkmlpt api": site.url(api)},
        pagination="portal: plain links index.html, index_2.html… (下一页); gkmlpt: JSON "
                   "api/all/2629?page=N&sid=<SID>, 100 a page, page 0 == page 1",
        obstacles=[
            ("https refused: the host speaks plain http only",
             f"https://{spec.hosts[0]}/index.html"),
            ("the gkmlpt API hands out https URLs for this http-only host", site.url(api)),
            ("2009 report re-published in 2011", first_url(republished)),
            ("body only inside escaped _CONFIG.DETAIL, attachment href empty",
             next(p.url for p in pdf_entry.publications if "/gkmlpt/content/" in p.url)),
            ("report twice: HTML and PDF", first_url(pdf_entry, "attachment")),
            ("report twice: portal column and gkmlpt",
             first_url(next(e for e in modern if e.agency_kind == "government"))),
            ("link to a non-gov mirror", f"http://{spec.mirror_host}/"),
        ])


# ---- E: 五常市, hanweb (classic), L1 -----------------------------------------------------


def build_wuchang(seed: str, slow_delay: float) -> BuiltRegion:
    region = regions.WUCHANG
    rng = random.Random(f"{seed}:site-e")
    entries = build_entries(region, YEARS, seed)
    lookalikes = build_lookalikes(region, YEARS, seed)[2:4]
    spec = spec_for(region, ("wcsxxgk.harbin.gov.cn",), "五常市人民政府信息公开", "2301840001",
                    slow_delay)
    flaky = take(entries, rng, "department", 2022)
    with_pdf = take(entries, rng, "government", 2023)
    # Titled with the year before, as a 珠晖区 page was (docs/portals.md section 0): the body, the
    # date and the manifest say the true year.
    wrong_year = take(entries, rng, "township", 2023)
    wrong_year.title = f"{wrong_year.agency}2022度政府信息公开工作年度报告"
    column = HanwebColumn(column_id=12596, unit_id=46785, name="政府信息公开年报")
    for entry in entries:
        form = "html+pdf" if entry is with_pdf else (
            "images" if entry.agency_kind == "township" and rng.random() < 0.6 else "html")
        column.postings.append(Posting(entry, form=form,
                                       obstacle="flaky" if entry is flaky else None))
    column.postings += [Posting(item) for item in lookalikes]
    site = HanwebClassic(spec, column).build()
    images = next(p.doc for p in column.postings if p.form == "images")
    proxy = "/module/web/jpage/dataproxy.jsp"
    return BuiltRegion(
        region=region, family="hanweb", sites=[site, mirror_site(spec)], entries=entries,
        lookalikes=lookalikes, mirror=spec.mirror_host,
        entry_urls={"home": site.url("/"), "column": site.url("/col/col12596/index.html")},
        pagination=f"Hanweb text/xml datastore (first {column.per_page * column.group_size}); "
                   f"then POST {proxy}?startrecord=&endrecord=&perpage=15 with the ajaxParam "
                   f"form and a Referer (or GET ?page=N&columnid=12596&unitid=46785)",
        obstacles=[
            ("dataproxy without /web/ is a 404", site.url("/module/jpage/dataproxy.jsp")),
            ("wrong unitid or no Referer: empty datastore", site.url(proxy)),
            ("500 on the first request, 200 on retry", first_url(flaky)),
            ("tables as images", first_url(images)),
            ("title names the year before (2022度); body and date say 2023",
             first_url(wrong_year)),
            ("attachment through downfile.jsp with showname", first_url(with_pdf, "attachment")),
            ("link to a non-gov mirror", f"http://{spec.mirror_host}/"),
        ])


# ---- F: 清河县, vsb ---------------------------------------------------------------------


def build_qinghe(seed: str, slow_delay: float) -> BuiltRegion:
    region = regions.QINGHE
    rng = random.Random(f"{seed}:site-f")
    entries = build_entries(region, YEARS, seed)
    lookalikes = build_lookalikes(region, YEARS, seed)[:2]
    spec = spec_for(region, ("www.qinghe.test",), "清河县人民政府", "1305340001", slow_delay,
                    robots_disallow=["/xxgk_old/"])
    only_old = take(entries, rng, "department", 2019)
    docx_only = take(entries, rng, "department", 2021)
    with_pdf = take(entries, rng, "government", 2022)
    forms = {id(docx_only): "docx", id(with_pdf): "html+pdf"}
    current = VsbColumn(path="/xxgk/ndbg.htm", name="政府信息公开年度报告", tree_id=1116,
                        slow_page=2)
    current.postings = [Posting(e, form=forms.get(id(e), "html")) for e in entries
                        if e is not only_old]
    current.postings += [Posting(item) for item in lookalikes]
    old = VsbColumn(path="/xxgk_old/ndbg.htm", name="年度报告（旧版）", tree_id=1050,
                    blocked="robots")
    old.postings = [Posting(only_old)] + [Posting(e) for e in entries
                                          if e.year == 2019 and e.agency_kind == "government"]
    site = VsbSite(spec, [current, old]).build()
    return BuiltRegion(
        region=region, family="vsb", sites=[site, mirror_site(spec)], entries=entries,
        lookalikes=lookalikes, mirror=spec.mirror_host,
        blocked=[(site.url(old.path), "robots")],
        entry_urls={"home": site.url("/"), "column": site.url(current.path)},
        pagination=f"VSB countdown: {current.path}, then /xxgk/ndbg/{current.pages() - 1}.htm "
                   "… /xxgk/ndbg/1.htm (下页/尾页 links)",
        obstacles=[
            ("list page 2 answers after the slow delay", site.url(current.page_path(2))),
            ("download needs the article as Referer", first_url(with_pdf, "attachment")),
            ("report only as .docx", first_url(docx_only, "attachment")),
            ("robots.txt disallows /xxgk_old/, where one report is only found",
             first_url(only_old)),
            ("link to a non-gov mirror", f"http://{spec.mirror_host}/"),
        ])


# ---- G: 漯河回族自治县 (demo only), generic: plain 下一页 links ----------------------------


def corrected_copy(report: dict) -> dict:
    """The numbers as first published, before one was corrected."""
    wrong = copy.deepcopy(report)
    licensing = wrong["active_disclosure"]["licensing"]
    licensing["decisions"] = licensing["decisions"] + 10
    return wrong


def build_luohe(seed: str, slow_delay: float) -> BuiltRegion:
    region = regions.LUOHE_HUIZU
    rng = random.Random(f"{seed}:site-g")
    entries = build_entries(region, YEARS, seed)
    seed_entry(entries, region, "003", 2021, "漯河回族自治县人民政府2021年政府信息公开工作年度报告",
               datetime(2022, 1, 25, 11, 0))
    lookalikes = build_lookalikes(region, YEARS, seed)
    spec = spec_for(region, ("www.luohehz.test",), "漯河回族自治县人民政府", "4111990001",
                    slow_delay)
    corrected = take(entries, rng, "department", 2022)
    xls_only = take(entries, rng, "township", 2023)
    doc_only = take(entries, rng, "department", 2020)
    forms = {id(xls_only): "xls", id(doc_only): "doc"}
    column = GenericColumn(cid=1019, name="政府信息公开年报")
    column.postings = [Posting(e, form=forms.get(id(e), "html")) for e in entries]
    first_print = Posting(corrected, title=corrected.title,
                          published=datetime(2023, 1, 30, 9, 0),
                          values=corrected_copy(corrected.report))
    corrected.published = datetime(2023, 6, 15, 10, 0)
    corrected.title = f"{corrected.title}（更正）"
    column.postings.append(first_print)
    column.postings += [Posting(item) for item in lookalikes]
    policy = GenericColumn(cid=1020, name="政策解读", maintenance=True)
    site = GenericSite(spec, [column, policy]).build()
    return BuiltRegion(
        region=region, family="generic", sites=[site, mirror_site(spec)], entries=entries,
        lookalikes=lookalikes, mirror=spec.mirror_host,
        blocked=[(site.url("/InfoPublic.aspx?cid=1020"), "maintenance")],
        entry_urls={"home": site.url("/"), "column": site.url("/InfoPublic.aspx?cid=1019")},
        pagination="plain 下一页 link: /InfoPublic.aspx?cid=1019&page=N",
        obstacles=[
            ("report re-published with one number corrected", first_url(corrected)),
            ("report only as .xls", first_url(xls_only, "attachment")),
            ("report only as .doc", first_url(doc_only, "attachment")),
            ("200 page saying 系统维护中", site.url("/InfoPublic.aspx?cid=1020")),
            ("link to a non-gov mirror", f"http://{spec.mirror_host}/"),
        ])


BUILDERS = (build_hunjiang, build_dongchang, build_gongnong, build_wujiang, build_wuchang,
            build_qinghe, build_luohe)


def build_demo_web(seed: str = "demo", slow_delay: float = 20.0) -> DemoWeb:
    """The seven demo portals (docs/portals.md section 10), deterministic for a ``seed``, and
    the hostile portal of :mod:`harvester.demo.hostile`, which is no region.
    ``slow_delay`` is how late the slow page answers: above common client defaults (10-15 s),
    below the project's DOWNLOAD_TIMEOUT (60 s); tests pass a short one."""
    built = [builder(seed, slow_delay) for builder in BUILDERS]
    web = Web([*(site for region in built for site in region.sites), hostile_site()])
    return DemoWeb(web=web, regions={b.region.slug: b for b in built})
