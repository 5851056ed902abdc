"""End to end: real ``scrapy crawl`` runs against the demo web, compared with its manifest.

Each region is crawled twice, once by its registry spider and once by ``portal -a home=…``
with no registry help; both must yield exactly the manifest's agency-year documents: every
readable publication (article, attachment, image; a print view or an alias copy is the same
document), nothing else (no look-alike, no other region's report, nothing off the allowed
hosts), and the blocked pages on the way recorded. The test settings only switch the politeness
delays off (AutoThrottle, download delay) and cookies (whose public-suffix lookup would try the
network), and give each crawl a fresh HTTP cache of its own; robots.txt, concurrency and the
size cap stay as in production.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from harvester.registry import PORTAL_FAMILY, load_regions

ROOT = Path(__file__).resolve().parents[2]
REGIONS = load_regions()
# The regions the demo web imitates: the described ones (the others are walked from their home
# page, and the demo web serves none of them).
DEMO_REGIONS = sorted(slug for slug, region in REGIONS.items() if region.family != PORTAL_FAMILY)
DOCUMENT_ROLES = ("article", "attachment", "image")
BLOCKED_KINDS = ("blocked", "robots", "unavailable")
# A portal spider on a platform shared by several districts (L4) is told which one it wants.
PORTAL_ARGUMENTS = {"heilongjiang_hegang_gongnong": ["-a", "agency=工农区"]}


def crawl(demo_web, tmp_path_factory, spider: str, *arguments: str) -> tuple[list, list]:
    """Run ``scrapy crawl`` in a subprocess; its feed items and its recorded outcomes."""
    out = tmp_path_factory.mktemp(spider)
    command = [sys.executable, "-m", "scrapy", "crawl", spider, *arguments,
               "-s", f"DEMO_WEB={demo_web.address}", "-s", "ITEM_PIPELINES={}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", "COOKIES_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
               "-s", f"HARVEST_OUTCOMES={out / 'outcomes.jsonl'}",
               "-s", f"HTTPCACHE_DIR={out / 'httpcache'}",
               "-O", str(out / "items.jsonl")]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    items = [json.loads(line) for line in (out / "items.jsonl").read_text().splitlines()]
    outcomes_file = out / "outcomes.jsonl"
    outcomes = [json.loads(line) for line in outcomes_file.read_text().splitlines()] \
        if outcomes_file.exists() else []
    return items, outcomes


def portal_arguments(demo_web, slug: str) -> tuple[str, ...]:
    home = demo_web.manifest[slug]["entry_urls"]["home"]
    return ("portal", "-a", f"home={home}", "-a", f"region={slug}",
            *PORTAL_ARGUMENTS.get(slug, []))


@pytest.fixture(scope="module")
def crawls(demo_web, tmp_path_factory):
    """Crawls run once per module and shared by the tests below. The region and portal
    crawls start together, three at a time (each is a process of its own), and a test waits
    for the ones it reads."""
    pool = ThreadPoolExecutor(max_workers=3)
    started: dict[tuple, Future] = {}

    def run(spider: str, *arguments: str) -> tuple[list, list]:
        key = (spider, *arguments)
        if key not in started:
            started[key] = pool.submit(crawl, demo_web, tmp_path_factory, *key)
        return started[key].result()

    for slug in DEMO_REGIONS:
        started[(slug,)] = pool.submit(crawl, demo_web, tmp_path_factory, slug)
        arguments = portal_arguments(demo_web, slug)
        started[arguments] = pool.submit(crawl, demo_web, tmp_path_factory, *arguments)
    yield run
    pool.shutdown(cancel_futures=True)


def portal_crawl(crawls, demo_web, slug: str) -> tuple[list, list]:
    return crawls(*portal_arguments(demo_web, slug))


def publications(manifest: dict) -> dict[str, tuple[dict, dict]]:
    """Every URL of every report: url -> (report, publication)."""
    return {publication["url"]: (report, publication)
            for report in manifest["reports"] for publication in report["urls"]}


def same_document(url: str, manifest: dict) -> str:
    """A print view, an alias-domain copy or another scheme is the same document."""
    parts = urlsplit(url)
    host = manifest["hosts"][0] if parts.hostname in manifest["hosts"] else parts.hostname
    return f"{host}{parts.path.replace('_print.html', '.html')}?{parts.query}"


def expected_documents(manifest: dict) -> set[str]:
    return {same_document(p["url"], manifest) for r in manifest["reports"] for p in r["urls"]
            if p["role"] in (*DOCUMENT_ROLES, "alias") and not p.get("blocked")}


def agency_matches(found: str | None, printed: str) -> bool:
    """The agency as found is the printed one, or a shorter form of it (东昌区 for
    通化市东昌区人民政府) when the title names it so."""
    return bool(found) and (found in printed or printed in found)


def check_against_manifest(items: list, outcomes: list, manifest: dict,
                           allowed_hosts: set[str]) -> None:
    by_url = publications(manifest)
    by_document = {same_document(url, manifest): (report, publication)
                   for url, (report, publication) in by_url.items()
                   if publication["role"] in DOCUMENT_ROLES}
    not_reports = {p["url"] for item in manifest["look_alikes"] for p in item["urls"]}
    not_reports |= {p["url"] for item in manifest["other_regions"] for p in item["urls"]}
    found = {}
    for item in items:
        url = item["url"]
        assert url not in not_reports, f"not a report of the region: {url}"
        assert urlsplit(url).hostname in allowed_hosts, f"off the allowed hosts: {url}"
        document = same_document(url, manifest)
        assert document in by_document, f"not in the manifest: {url}"
        report, _ = by_document[document]
        assert item["year"] == report["year"], (url, item["year"], report["year"])
        assert agency_matches(item["agency"], report["agency"]), (url, item["agency"],
                                                                  report["agency"])
        assert by_url.get(url, (None, {}))[1].get("role") != "print", f"print view: {url}"
        found[document] = item
    assert len(found) == len(items), "a document was yielded twice"
    assert set(found) == expected_documents(manifest)
    found_years = {(r["agency"], r["year"]) for r, _ in (by_document[d] for d in found)}
    readable = {(r["agency"], r["year"]) for r in manifest["reports"] if not r["blocked"]}
    assert found_years == readable
    manifest_blocked = {page["url"] for page in manifest["blocked"]}
    recorded = {o["url"] for o in outcomes if o["kind"] in BLOCKED_KINDS}
    assert recorded <= manifest_blocked, recorded - manifest_blocked
    for report in manifest["reports"]:
        if report["blocked"]:  # no URL of it can be read: the crawl says why
            urls = {p["url"] for p in report["urls"]}
            assert recorded & (urls | manifest_blocked), (report["agency"], report["year"])


@pytest.mark.parametrize("slug", DEMO_REGIONS)
def test_region_crawl_matches_the_manifest(crawls, demo_web, slug):
    items, outcomes = crawls(slug)
    assert {item["region"] for item in items} == {slug}
    check_against_manifest(items, outcomes, demo_web.manifest[slug],
                           set(REGIONS[slug].allowed_hosts))


@pytest.mark.parametrize("slug", DEMO_REGIONS)
def test_portal_discovery_from_the_home_page_matches_the_manifest(crawls, demo_web, slug):
    items, outcomes = portal_crawl(crawls, demo_web, slug)
    hosts = {urlsplit(demo_web.manifest[slug]["entry_urls"]["home"]).hostname}
    hosts |= {h for h in demo_web.manifest[slug]["hosts"]}
    check_against_manifest(items, outcomes, demo_web.manifest[slug], hosts)


def test_blocked_pages_are_recorded_with_their_reason(crawls, demo_web):
    _, dongchang = crawls("jilin_tonghua_dongchang")
    wzws = [p["url"] for p in demo_web.manifest["jilin_tonghua_dongchang"]["blocked"]
            if p["reason"] == "wzws"]
    assert wzws and all({"kind": "blocked", "url": url, "waf": "wzws"}.items()
                        <= next(o for o in dongchang if o["url"] == url).items()
                        for url in wzws)
    _, qinghe = crawls("hebei_xingtai_qinghe")
    disallowed = [p["url"] for p in demo_web.manifest["hebei_xingtai_qinghe"]["blocked"]
                  if p["reason"] == "robots" and "agency" not in p]
    assert disallowed and {o["url"] for o in qinghe if o["kind"] == "robots"} == set(disallowed)
    # The Ruishu 412 sits on the city departments' column, which only the portal spider
    # visits (the region's spider keeps to the district column of the shared platform).
    _, hegang = portal_crawl(crawls, demo_web, "heilongjiang_hegang_gongnong")
    stubs = {p["url"] for p in demo_web.manifest["heilongjiang_hegang_gongnong"]["blocked"]
             if p["reason"] == "waf-412" and p["url"].endswith("list.shtml")}
    assert stubs and stubs <= {o["url"] for o in hegang
                               if o["kind"] == "blocked" and o.get("waf") == "ruishu"}


def test_shared_platform_keeps_other_districts_out(crawls, demo_web):
    items, outcomes = crawls("heilongjiang_hegang_gongnong")
    others = demo_web.manifest["heilongjiang_hegang_gongnong"]["other_regions"]
    assert others
    assert not {i["agency"] for i in items} & {r["agency"] for r in others}
    assert {o["kind"] for o in outcomes} >= {"other_region"}


def test_years_and_agency_arguments_filter_the_crawl(crawls, demo_web):
    slug = "jilin_baishan_hunjiang"
    items, _ = crawls(slug, "-a", "years=2020-2022", "-a", "agency=教育局")
    expected = {(r["agency"], r["year"]) for r in demo_web.manifest[slug]["reports"]
                if 2020 <= r["year"] <= 2022 and "教育局" in r["agency"] and not r["blocked"]}
    assert expected
    assert {(i["agency"], i["year"]) for i in items} == expected


def test_feed_items_describe_documents_without_their_bytes(crawls):
    items, _ = crawls("henan_luohe_huizu")
    assert items and all("body" not in item for item in items)
    kinds = {item["content_type"].split(";")[0] for item in items}
    assert "text/html" in kinds and len(kinds) >= 2  # pages and files (xls, doc)
    files = [i for i in items if not i["content_type"].startswith("text/html")]
    assert all(i["found_via"] in ("attachment", "generic-list") for i in files)
    assert all(i["referer"] for i in items)
