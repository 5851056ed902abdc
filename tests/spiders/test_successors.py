"""A renamed division and its successor crawl one portal: each report is filed by one of them.

The registry (harvester/registry_national.toml) has 沙县 (``fujian_sanming_sha``, until 2021,
its successor 沙县区 ``fujian_sanming_shaxian``, on the same portal www.fjsx.gov.cn) and 密云县
(``beijing_miyunxian``, until 2015) with 密云区 (``beijing_miyun``)."""

from __future__ import annotations

import pytest

from harvester.parse.recognize import Recognition
from spiders.regions import REGION_SPIDERS
from tests.support.spiders import make_spider

CASES = [  # title, year, the slug that files it
    ("沙县2019年政府信息公开工作年度报告", 2019, "fujian_sanming_sha"),
    ("沙县人民政府2021年政府信息公开工作年度报告", 2021, "fujian_sanming_sha"),
    ("三明市沙县区2021年政府信息公开工作年度报告", 2021, "fujian_sanming_shaxian"),
    ("沙县区2023年政府信息公开工作年度报告", 2023, "fujian_sanming_shaxian"),
    ("沙县2022年政府信息公开工作年度报告", 2022, "fujian_sanming_shaxian"),
]


@pytest.mark.parametrize(("title", "year", "owner"), CASES)
def test_a_report_on_a_shared_portal_is_filed_once(title, year, owner):
    found = Recognition(is_report=True, title=title, year=year)
    filed = [slug for slug in ("fujian_sanming_sha", "fujian_sanming_shaxian")
             if make_spider(REGION_SPIDERS[slug]).wanted(found, "http://www.fjsx.gov.cn/a/1.html")]
    assert filed == [owner]


def test_the_successor_records_why_it_left_a_report():
    spider = make_spider(REGION_SPIDERS["beijing_miyun"])
    found = Recognition(is_report=True, title="密云县2014年政府信息公开工作年度报告", year=2014)
    assert not spider.wanted(found, "http://www.bjmy.gov.cn/a/1.html")
    assert spider.crawler.stats.get_value("harvester/outcome/other_region") == 1
    later = Recognition(is_report=True, title="密云区2016年政府信息公开工作年度报告", year=2016)
    assert spider.wanted(later, "http://www.bjmy.gov.cn/a/2.html")
