"""The demo web as a whole: the manifest agrees with the pages, seeds carry their hand-typed
values, the server survives bad input, unknown hosts are unreachable, and the large web is
deterministic."""

from __future__ import annotations

import hashlib
import json
import pkgutil
import socket
from collections import Counter
from pathlib import Path

import pytest
from parsel import Selector

from harvester.demo import families
from harvester.demo.catalog import LOOKALIKE_KINDS, template_for
from harvester.demo.cli import main as demo_main
from harvester.demo.large import build_large_web
from harvester.demo.manifest import dump_json, manifest
from harvester.registry import load_regions
from spiders.families import FAMILY_SPIDERS

SEEDS = Path(__file__).resolve().parents[2] / "harvester" / "demo" / "seeds"
SEED_REGIONS = {"000": "jilin_baishan_hunjiang", "001": "heilongjiang_hegang_gongnong",
                "002": "jilin_tonghua_dongchang", "003": "henan_luohe_huizu",
                "004": "guangdong_shaoguan_wujiang"}


def page_text(fetched) -> str:
    """Pages of the GBK site say so in their <meta>; the others are UTF-8."""
    head = fetched.body[:400]
    return fetched.body.decode("gbk" if b"gb2312" in head or b"charset=" not in
                               fetched.headers.get("content-type", "").encode() else "utf-8",
                               errors="replace")


def test_every_region_lists_dozens_of_agency_years_of_every_kind(demo_web):
    assert set(SEED_REGIONS.values()) < set(demo_web.manifest)
    assert len(demo_web.manifest) == 7
    for slug, region in demo_web.manifest.items():
        reports = region["reports"]
        assert len(reports) >= 36, slug
        assert {r["agency_kind"] for r in reports} == {"government", "department", "township"}
        assert {r["year"] for r in reports} >= set(range(2019, 2025)), slug
        assert region["look_alikes"] and region["obstacles"] and region["pagination"]
        assert len({(r["agency"], r["year"]) for r in reports}) == len(reports), slug
        for report in reports:
            if report["template"] == "legacy":
                assert report["year"] < 2019 and "applications" not in report
                continue
            assert {"active_disclosure", "applications", "review_litigation"} <= set(report)
            assert report["urls"], report["title"]
    kinds = Counter(item["kind"] for r in demo_web.manifest.values() for item in r["look_alikes"])
    assert set(kinds) == set(LOOKALIKE_KINDS)


def test_a_few_late_reports_keep_the_2019_template(demo_web):
    late = [r for region in demo_web.manifest.values() for r in region["reports"]
            if r["year"] >= 2021 and r["template"] == "2019"]
    assert 1 <= len(late) <= 10
    on_time = [r for region in demo_web.manifest.values() for r in region["reports"]
               if r["source"] == "generated" and r["template"] != "legacy"]
    assert sum(r["template"] == template_for(r["year"]) for r in on_time) >= len(on_time) - 10


def test_seed_reports_carry_their_hand_typed_values(demo_web):
    for number, slug in SEED_REGIONS.items():
        truth = json.loads((SEEDS / f"{number}.json").read_text(encoding="utf-8"))
        entry = next(r for r in demo_web.manifest[slug]["reports"]
                     if r["source"] == f"seed {number}")
        assert (entry["agency"], entry["year"], entry["template"]) == (
            truth["agency"], truth["year"], truth["template"])
        for section in ("active_disclosure", "applications", "review_litigation"):
            assert entry.get(section) == truth.get(section), (number, section)


def test_every_article_url_of_the_manifest_serves_its_report(demo_web):
    """The manifest is written from the catalog; every HTML page it names must print the
    title it records (or the obstacle it records)."""
    checked = 0
    for region in demo_web.manifest.values():
        for doc in region["reports"] + region["look_alikes"] + region["other_regions"]:
            for url in doc["urls"]:
                if url["format"] != "html":
                    continue
                fetched = demo_web.fetch(url["url"])
                if fetched.status == 500 and "retry" in url.get("note", ""):
                    fetched = demo_web.fetch(url["url"])
                if url.get("blocked") == "wzws":
                    assert "wzwschallenge" in fetched.text
                    continue
                assert fetched.status == 200, url
                title = Selector(text=page_text(fetched)).css(
                    'meta[name="ArticleTitle"]::attr(content)').get()
                expected = doc["title"] if url["role"] != "article" or "values" not in url \
                    else doc["title"].removesuffix("（更正）")
                assert title == expected, url["url"]
                checked += 1
    assert checked > 400


def test_documents_answer_conditional_requests(demo_web):
    """What a re-crawl asks: the ETag names the bytes served, and matches earn a 304."""
    url = next(u["url"] for region in demo_web.manifest.values() for doc in region["reports"]
               for u in doc["urls"]
               if u["format"] == "html" and not u.get("blocked") and not u.get("note"))
    first = demo_web.fetch(url)
    etag = first.headers["etag"]
    assert etag == f'"{hashlib.md5(first.body).hexdigest()}"'
    again = demo_web.fetch(url, headers={"If-None-Match": etag})
    assert (again.status, again.body, again.headers["etag"]) == (304, b"", etag)
    assert demo_web.fetch(url, headers={"If-None-Match": '"other"'}).body == first.body


def test_an_etag_follows_the_bytes_of_its_document(demo_web):
    """The server keeps each document's ETag, but a page that serves other bytes (rendered
    again) gets the ETag of those."""
    key = "www.example.gov.cn/a.html"
    one, two = b"first rendering", b"second rendering"
    assert demo_web.server.etag(key, one) == f'"{hashlib.md5(one).hexdigest()}"'
    assert demo_web.server.etag(key, two) == f'"{hashlib.md5(two).hexdigest()}"'


def test_attachment_only_and_image_reports_say_what_reading_them_requires(demo_web):
    requirements = Counter(tuple(r["requires"]) for region in demo_web.manifest.values()
                           for r in region["reports"])
    assert requirements[("docformats",)] >= 4  # pdf, docx, doc, xls
    assert requirements[("docformats", "ocr")] >= 2  # the scan, the Harbin image tables
    blocked = [r for region in demo_web.manifest.values() for r in region["reports"]
               if r["blocked"]]
    assert sorted(b["blocked"][0] for b in blocked) == ["robots", "wzws"]


def test_unknown_hosts_are_unreachable(demo_web):
    for url in ("http://www.example.gov.cn/", "https://www.example.gov.cn/",
                "http://www.hunjiang.gov.cn:8080/"):
        with pytest.raises(OSError):
            demo_web.fetch(url)


def test_server_survives_bad_requests(demo_web):
    host, port = demo_web.address.split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(b"\x16\x03\x01garbage that is not http\r\n\r\n")
        raw.recv(1024)
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(b"CONNECT www.hunjiang.gov.cn:443 HTTP/1.1\r\n\r\nnot a tls hello\r\n")
        raw.recv(1024)
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(b"POST http://www.luohehz.test/ HTTP/1.1\r\nHost: www.luohehz.test\r\n"
                    b"Content-Length: lots\r\n\r\n")
        assert raw.recv(1024).startswith(b"HTTP/1.1 400")
    bad_params = demo_web.fetch("http://www.luohehz.test/InfoPublic.aspx?cid=abc&page=-1")
    assert bad_params.status == 200 and "参数错误" in bad_params.text
    assert demo_web.fetch("http://www.luohehz.test/InfoDetail.aspx?id=%FF").status == 200
    index = demo_web.fetch(f"http://{demo_web.address}/")
    assert index.status == 200 and "jilin_baishan_hunjiang" in index.text


def test_manifest_command_prints_json(capsys):
    assert demo_main(["manifest", "--compact", "--seed", "other"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == set(SEED_REGIONS.values()) | {"heilongjiang_harbin_wuchang",
                                                          "hebei_xingtai_qinghe"}


def test_the_demo_web_names_each_family_as_the_spiders_do(demo_web):
    """One name means one family: the demo's family modules, the family of each demo site (the
    registry's for the same region) and of the large web's sites are spider families' names.
    A spider family the demo does not build is allowed."""
    modules = {module.name for module in pkgutil.iter_modules(families.__path__)}
    assert modules - {"base"} <= set(FAMILY_SPIDERS)
    registry = load_regions()
    assert {slug: region["family"] for slug, region in demo_web.manifest.items()} == {
        slug: registry[slug].family for slug in demo_web.manifest}
    assert {region["family"] for region in demo_web.manifest.values()} <= set(FAMILY_SPIDERS)
    large = build_large_web(portals=7, reports=0)
    assert {built.family for built in large.regions.values()} <= set(FAMILY_SPIDERS)


def test_large_web_is_deterministic_for_a_size_and_seed():
    first = build_large_web(portals=14, reports=600, seed=7)
    again = build_large_web(portals=14, reports=600, seed=7)
    other = build_large_web(portals=14, reports=600, seed=8)
    assert dump_json(first) == dump_json(again) != dump_json(other)
    listed = manifest(first)
    assert len(listed) == 14 and len(first.web.sites) == 14
    assert sum(len(r["reports"]) for r in listed.values()) >= 600
    assert len({r["family"] for r in listed.values()}) == 7


def test_large_web_pages_are_served(demo_web):
    from harvester.demo.server import running

    web = build_large_web(portals=7, reports=100, seed=1)
    with running(web) as served:
        for region in manifest(web).values():
            column = served.fetch(region["entry_urls"]["column"])
            assert column.status == 200, region["region"]
            for report in region["reports"][:3]:
                article = next(u for u in report["urls"] if u["role"] == "article")
                fetched = served.fetch(article["url"])
                if "retry" in article.get("note", ""):
                    assert fetched.status == 500
                    fetched = served.fetch(article["url"])
                assert report["title"] in page_text(fetched)


def test_readme_names_every_obstacle_url_and_each_site_s_family(demo_web):
    """The spider engineer reads the README: it must not drift from the sites."""
    readme = (Path(__file__).resolve().parents[2] / "harvester" / "demo" /
              "README.md").read_text(encoding="utf-8")
    for slug, region in demo_web.manifest.items():
        [heading] = [line for line in readme.splitlines()
                     if line.startswith("### ") and f"`{slug}`" in line]
        assert f"`{region['family']}`" in heading
        assert region["entry_urls"]["home"] in readme
        for item in region["obstacles"]:
            assert item["url"] in readme, item
