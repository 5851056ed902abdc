"""Years and dates as titles, reports and portal pages print them."""

from __future__ import annotations

import datetime

import pytest

from harvester.parse import metadata
from harvester.parse.dates import iso_date, period_year, published_in, title_year
from harvester.parse.document import Document
from harvester.parse.readers.text import cells_from_text
from harvester.parse.recognize import recognize
from harvester.parse.report import parse_bytes

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(("title", "year"), [
    ("通化市东昌区人民政府2022年政府信息公开工作年度报告", 2022),
    ("2021年度政府信息公开工作报告", 2021),
    ("二〇二一年度浑江区政府信息公开工作年度报告", 2021),
    ("二○一九年政府信息公开工作年度报告", 2019),
    ("２０２０年度东昌区教育局政府信息公开工作年度报告", 2020),
    ("2022度粤汉街道政府信息公开工作年度报告", 2022),
    ("工农区人民政府2024年报", 2024),
    ("2021 政府信息公开工作年度报告", 2021),
    ("东昌区教育局政府信息公开工作年度报告（2021年）", 2021),
    ("东昌区教育局政府信息公开工作年度报告(2022)", 2022),
    ("2007年政府信息公开工作年度报告", None),  # before the regulation
    ("2031年政府信息公开工作年度报告", None),  # the future
    ("政府信息公开年报 2023-01-06", None),  # a date is not a report year
    ("2021年12月31日政府信息公开工作年度报告", None),
])
def test_title_year(title, year):
    assert title_year(title, TODAY) == year


# 二Ｏ二一: the zero typed as a full-width letter O.
FULL_WIDTH_O = "某镇人民政府二Ｏ二一年政府信息公开工作年度报告"


def test_a_year_with_a_full_width_o_is_read_by_the_crawl_and_by_the_parser():
    assert title_year(FULL_WIDTH_O, TODAY) == 2021
    assert recognize(FULL_WIDTH_O, today=TODAY).year == 2021
    document = Document(cells=cells_from_text(f"{FULL_WIDTH_O}\n一、总体情况\n本镇主动公开信息。"))
    assert metadata.find_year(metadata.find_title(document), document) == (2021, [])
    report = parse_bytes(f"{FULL_WIDTH_O}\n一、总体情况\n本镇主动公开信息。".encode(), "r.txt")
    assert (report["year"], report["agency"]) == (2021, "某镇人民政府")


def test_period_year_from_the_lead():
    assert period_year("报告中所列数据的统计期限为2023年1月1日至12月31日。") == 2023
    assert period_year("自2009年1月1日起至2009年12月31日止") == 2009
    assert period_year("所列数据截止日期为2021年12月31日") == 2021
    assert period_year("统计期限为2022-01-01至2022-12-31") == 2022
    # A Word paste read by the spider: <span>20</span><span>23</span> reads "20 23".
    assert period_year("统计时限为 20 23 年 1 月 1 日至 20 23 年 12 月 31 日") == 2023
    # Seed 002's damage: the digits are lost, and no year is guessed.
    assert period_year("所列数据截止日期为20211月31日") is None
    # A typo for a year no report can be about is no period.
    assert period_year("统计期限为2032年1月1日至2032年12月31日", TODAY) is None
    # Full-width digits and separators, as a Word document typed in full width prints them.
    assert period_year("统计期限为２０２２年１月１日至１２月３１日。") == 2022
    assert period_year("统计期限为２０２２－０１－０１～２０２２－１２－３１") == 2022


def test_dates_of_metadata_lines():
    assert published_in("发布日期:2021-02-25    点击数:") == "2021-02-25"
    assert published_in("日期:2023-01-11 来源:五常市人民政府 访问量: 字号:") == "2023-01-11"
    assert published_in("发表日期：2026年1月26日 文章来源：大冶市东风路街道") == "2026-01-26"
    assert published_in("发布时间：2021-2-5 10:00 来源：") == "2021-02-05"
    assert published_in("发布日期：２０２１－０２－２５　浏览次数：") == "2021-02-25"
    # The saving tool's stamp on a saved page is not a publication date.
    assert published_in("采集时间：2025-12-30T21:37:37+08:00") is None
    assert iso_date("2021年2月5日") == "2021-02-05"
    assert iso_date("２０２１．２．５") == "2021-02-05"
    assert iso_date("2021-02-30") is None
