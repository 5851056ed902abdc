"""Registry regions nobody described (family "portal"): the walker's spider per region, the CMS
family a home page shows, and the column an earlier crawl found, remembered for the next."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from harvester.demo.client import DemoClient
from harvester.registry import PORTAL_FAMILY, load_regions
from spiders.portal import PortalSpider, recognise_cms
from spiders.regions import REGION_SPIDERS

ROOT = Path(__file__).resolve().parent.parent


def test_a_generated_region_is_crawled_by_the_walker_from_its_home_page():
    spider_class = REGION_SPIDERS["zhejiang_hangzhou_xihu"]
    assert issubclass(spider_class, PortalSpider)
    spider = spider_class()
    assert spider.region is load_regions()["zhejiang_hangzhou_xihu"]
    assert spider.domain == "hzxh.gov.cn"
    assert spider.in_scope("https://xxgk.hzxh.gov.cn/col/col1/index.html")
    assert not spider.in_scope("https://www.hangzhou.gov.cn/")
    nowhere = REGION_SPIDERS["taiwan"]()  # no home page: a spider all the same
    assert nowhere.region.home == "" and nowhere.domain == ""


@pytest.mark.parametrize(("html", "family"), [
    # Real article URL of 龙游县 (harvester/registry_data/report_urls.csv), Hanweb.
    ('<a href="https://www.longyou.gov.cn/art/2024/1/30/art_1229114055_89890.html">年报</a>',
     "hanweb"),
    ('<li><a href="/col/col12596/index.html">政府信息公开</a></li>', "hanweb"),
    ('<a href="./202401/t20240130_1234.html">通知</a>', "trs_static"),
    ('<a href="/gkmlpt/index">政府信息公开目录</a>', "nfcms_gkmlpt"),
    ('<a href="info/1050/64208.htm">新闻</a>', "vsb"),
    ('<script src="http://infogate.jl.gov.cn/s?x=1"></script>', "jilin_jsonp"),
    ('<a href="/zwgk/index.html">政务公开</a><a href="/news/1.html">要闻</a>', ""),
])
def test_the_cms_family_a_home_page_shows(html, family):
    assert recognise_cms(f"<html><body>{html}</body></html>") == family


def test_the_demo_home_pages_are_never_given_a_wrong_family(demo_web):
    client = DemoClient(demo_web.address)
    recognised = {}
    for slug, region in demo_web.manifest.items():
        page = client.fetch(region["entry_urls"]["home"])
        recognised[slug] = recognise_cms(page.body.decode("utf-8", "replace"))
        assert recognised[slug] in ("", region["family"]), slug
    # Two demo homes link the shapes of their CMS: Harbin's col12596, Wujiang's gkmlpt.
    assert recognised["heilongjiang_harbin_wuchang"] == "hanweb"
    assert recognised["guangdong_shaoguan_wujiang"] == "nfcms_gkmlpt"


WUCHANG = '''
[[region]]
slug = "heilongjiang_harbin_wuchang"
name = "五常市"
code = "230184"
level = "county_city"
parent = "230100"
parent_name = "哈尔滨市"
home = "http://wcsxxgk.harbin.gov.cn/"
report_columns = []
family = "portal"
allowed_hosts = ["wcsxxgk.harbin.gov.cn"]
'''


def test_the_next_crawl_starts_from_the_column_the_last_one_found(demo_web, tmp_path):
    """五常市 as if nobody had described it: the first crawl finds its column from the home
    page, the second starts from it."""
    registry = tmp_path / "registry.toml"
    registry.write_text(WUCHANG, encoding="utf-8")
    assert load_regions(registry)["heilongjiang_harbin_wuchang"].family == PORTAL_FAMILY
    database = tmp_path / "harvest.db"
    command = [sys.executable, "-m", "scrapy", "crawl", "heilongjiang_harbin_wuchang",
               "-a", "years=2023", "-s", f"DEMO_WEB={demo_web.address}",
               "-s", f"HARVEST_DB={database}", "-s", f"HARVEST_STORE={tmp_path / 'documents'}",
               "-s", f"HTTPCACHE_DIR={tmp_path / 'httpcache'}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", "LOG_LEVEL=INFO"]
    environment = {**os.environ, "HARVEST_REGISTRY": str(registry)}
    for _ in range(2):
        run = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True,
                             text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-3000:]
    with sqlite3.connect(database) as connection:
        first, second = [json.loads(stats) for (stats,) in connection.execute(
            "SELECT stats FROM harvest_runs ORDER BY id")]
    column = "http://wcsxxgk.harbin.gov.cn/col/col12596/index.html"
    assert first["harvest/discovery/column"] == column
    assert first["harvest/discovery/family"] == "hanweb"
    assert first["harvest/home/cms"] == "hanweb"
    assert "harvest/discovery/remembered" not in first
    assert second["harvest/discovery/remembered"] == column
    assert second["harvest/discovery/column"] == column
