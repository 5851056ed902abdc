"""The discovery web (harvester/demo/discovery.py): portals of CMS families the spiders were
never told about. Their markup must show none of the spiders' markers, their home pages must
look like real ones, and the manifest must name every report column a perfect discovery finds.
Pages are read straight from the built sites, without a server."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest

from harvester.demo.discovery import FAMILIES, UNKNOWN_FAMILIES, build_discovery_web
from harvester.demo.manifest import manifest
from harvester.demo.web import DemoRequest
from spiders.families import FAMILY_SPIDERS
from spiders.portal import HOME_MARKERS, detect_family, recognise_cms


@pytest.fixture(scope="module")
def demo():
    return build_discovery_web(len(FAMILIES), seed=1)


@pytest.fixture(scope="module")
def regions(demo):
    return manifest(demo)


def get(demo, url: str) -> tuple[int, str]:
    parts = urlsplit(url)
    site = demo.web.site_for(parts.hostname)
    assert site is not None, f"no site serves {url}"
    reply = site.resolve(DemoRequest("GET", parts.scheme, parts.hostname, parts.path or "/",
                                     parts.query))
    return reply.status, reply.body.decode("utf-8", "replace")


def links(text: str) -> dict[str, str]:
    """Link text -> href of a page (the last of a text wins)."""
    return {re.sub(r"<[^>]+>", "", label).strip(): html.unescape(href) for href, label in
            re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', text)}


def article(entry: dict) -> str:
    return next(url["url"] for url in entry["urls"] if url["role"] == "article")


def pages_of(demo, region: dict) -> list[str]:
    """A region's home page, every column's first page and one article of each column."""
    urls = [region["entry_urls"]["home"], *region["columns"]]
    urls += [article(entry) for entry in region["reports"][:4]]
    return urls


def unknown(regions: dict) -> list[dict]:
    return [region for region in regions.values() if region["family"] in UNKNOWN_FAMILIES]


def test_every_family_has_a_portal(regions):
    assert {region["family"] for region in regions.values()} == set(FAMILIES)


def test_the_new_families_markup_matches_no_spider_marker(demo, regions):
    markers = [spider.family_marker for spider in FAMILY_SPIDERS.values()
               if spider.family_marker is not None] + list(HOME_MARKERS.values())
    for region in unknown(regions):
        for url in pages_of(demo, region):
            status, text = get(demo, url)
            assert status == 200, url
            assert [m.pattern for m in markers if m.search(text)] == [], url
            assert recognise_cms(text) == "", url
            assert detect_family(text) == "generic", url


def test_known_families_are_recognised_from_their_column(demo, regions):
    for region in regions.values():
        if region["family"] in ("trs_static", "vsb"):
            _, text = get(demo, region["columns"][0])
            assert detect_family(text) == region["family"]


def test_home_pages_look_like_real_ones(demo, regions):
    for region in unknown(regions):
        home = region["entry_urls"]["home"]
        status, text = get(demo, home)
        assert status == 200
        named = links(text)
        for word in ("首页", "政务公开", "政府信息公开", "互动交流", "办事服务"):
            assert word in named, (home, word)
        assert named["中国政府网"] == "http://www.gov.cn/"
        assert named["示范省人民政府"] == "http://www.sfsheng.gov.cn/"
        host = urlsplit(home).hostname
        assert region["mirrors"] == [f"http://{host.replace('.gov.cn', '-mirror.test')}/"]
        assert region["mirrors"][0] in text
        # The look-alikes are among the notices.
        assert any("企业年报" in label for label in named), home
        assert any("统计年报" in label for label in named), home


def test_the_prefecture_portal_hands_its_disclosure_link_to_the_platform(demo, regions):
    region = next(r for r in regions.values() if r["family"] == "prefecture_platform")
    _, text = get(demo, region["entry_urls"]["home"])
    assert urlsplit(links(text)["政府信息公开"]).hostname == "xxgk.sfshi.gov.cn"
    assert {urlsplit(url).hostname for url in region["columns"]} == {"xxgk.sfshi.gov.cn"}
    # The platform is not one of the region's own sites: a registry lists only the portal.
    assert region["hosts"] == [urlsplit(region["entry_urls"]["home"]).hostname]


def test_the_subdomain_platform_has_a_column_for_every_agency(demo, regions):
    region = next(r for r in regions.values() if r["family"] == "xxgk_subdomain")
    agencies = {entry["agency"] for entry in region["reports"]}
    # Each agency of the region has its own column, even one that published nothing.
    assert len(region["columns"]) >= len(agencies)
    _, tree = get(demo, "http://" + urlsplit(region["columns"][0]).hostname
                  + "/gkml/index.html")
    for agency in agencies:
        assert agency in links(tree), agency


def test_manifest_columns_list_every_report(demo, regions):
    """Every report's article is listed on some page of some manifest column: a discovery
    that finds the columns and reads their pages finds every report."""
    for region in regions.values():
        if region["family"] not in UNKNOWN_FAMILIES:
            continue
        listed: set[str] = set()
        queue, seen = list(region["columns"]), set()
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            status, text = get(demo, url)
            assert status == 200, url
            for label, href in links(text).items():
                absolute = urljoin(url, href)
                if label.isdigit() or label in ("下一页", "下页", "尾页"):
                    queue.append(absolute)
                listed.add(absolute)
        for entry in region["reports"]:
            assert article(entry) in listed, (region["region"], entry["title"])


def test_identical_arguments_build_identical_webs():
    first, second = manifest(build_discovery_web(3, 7)), manifest(build_discovery_web(3, 7))
    assert first == second
