"""Report recognition on plain strings: titles, link texts, metas, breadcrumb, lead."""

from __future__ import annotations

import datetime

import pytest

from harvester.parse.recognize import (
    agency_in_title,
    is_annual_report,
    is_report_title,
    recognize,
    source_in,
)

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(("title", "is_report"), [
    ("白山市浑江区人民政府2021年政府信息公开工作年度报告", True),
    ("2021年度政府信息公开工作报告", True),
    ("韶关市武江区人民政府2021年度政府\n信息公开工作报告", True),  # split over two lines
    ("区教育局2022年政府信息公开年度报告", True),
    ("工农区人民政府2024年报", True),
    ("浑江区关于开展2022年度企业年报公示工作的通知", False),
    ("浑江区2022年统计年报", False),
    ("浑江区2022年政务公开工作要点", False),
    ("浑江区教育局2022年度工作计划", False),
    ("浑江区教育局政府信息公开指南", False),
    ("2021年政府工作报告", False),
    ("关于报送2021年度政府信息公开工作年度报告的通知", False),
    ("2021年政府信息公开工作年度报告解读", False),
    ("浑江区2021年法治政府建设年度报告", False),
])
def test_is_report_title(title, is_report):
    assert is_report_title(title) is is_report


@pytest.mark.parametrize(("title", "text", "is_report"), [
    # A title judged as the crawl judges it.
    ("浑江区2021年政务公开工作年度报告", "一、总体情况", True),
    ("浑江区2021年政府工作报告", "二、深入推进政府信息公开，年度报告按时发布。", False),
    # No title, or one that is none: the opening text names the report.
    (None, "现将本区２０２１年政府信息公开\n工作年度报告公布如下。", True),
    ("站点 栏目", "根据通知要求，现公布本区2021年政府信息公开年报。", True),
    (None, "某区人民政府信息公开指南\n一、主动公开", False),
    # Neither: what only a report says of itself (openings of real reports, titles cut off).
    (None, "依据《中华人民共和国政府信息公开条例》第五十条规定，"
           "现将本单位政府信息公开工作情况公布。", True),
    (None, "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。本年度政府信息公开…",
     True),
    (None, "统计期限自2022年1月1日起至2022年12月31日止。", False),  # no disclosure words
])
def test_is_annual_report(title, text, is_report):
    assert is_annual_report(title, text) is is_report


@pytest.mark.parametrize(("title", "agency"), [
    ("通化市东昌区人民政府2022年政府信息公开工作年度报告", "通化市东昌区人民政府"),
    ("区教育局2022年政府信息公开…", "区教育局"),
    ("2021年度东昌区教育局政府信息公开工作年度报告", "东昌区教育局"),
    ("【教育局】2020年政府信息公开工作年度报告", "教育局"),
    ("2021年度政府信息公开工作报告", None),
    ("韶关市武江区人民政府2021年度政府\n信息公开工作报告", "韶关市武江区人民政府"),
    ("东昌区教育局政府信息公开工作年度报告（2021年）", "东昌区教育局"),
    ("2021 政府信息公开工作年度报告", None),
])
def test_agency_in_title(title, agency):
    assert agency_in_title(title) == agency


def test_sources_of_metadata_lines():
    assert source_in("日期:2023-01-11 来源:五常市人民政府 访问量: 字号:") == "五常市人民政府"
    assert source_in("发表日期:2026-01-26 文章来源:大冶市东风路街道") == "大冶市东风路街道"


def test_title_year_disagreeing_with_the_body_is_recorded():
    found = recognize("2022度粤汉街道政府信息公开工作年度报告",
                      lead="本报告统计期限为2023年1月1日至2023年12月31日", today=TODAY)
    assert found.is_report and found.year == 2023 and found.agency == "粤汉街道"
    assert [c["check"] for c in found.checks] == ["year_conflict"]
    assert "2022" in found.checks[0]["message"] and "2023" in found.checks[0]["message"]


def test_agency_falls_back_to_the_content_source_meta():
    found = recognize("2021年度政府信息公开工作报告",
                      metas={"ContentSource": "鹤岗市工农区人民政府",
                             "PubDate": "2022-01-20 10:00"}, today=TODAY)
    assert (found.is_report, found.year, found.agency, found.published) == (
        True, 2021, "鹤岗市工农区人民政府", "2022-01-20")


def test_truncated_link_text_is_completed_by_the_page_title():
    found = recognize("浑江区教育局2022年政府信息公开工作年度报告",
                      link_text="浑江区教育局2022年政府信息公开…", today=TODAY)
    assert found.is_report and found.title == "浑江区教育局2022年政府信息公开工作年度报告"


@pytest.mark.parametrize(("title", "reason"), [
    ("浑江区2022年政务公开工作要点", "look-alike"),
    ("县长调研教育工作", "not a report title"),
    ("政府信息公开年报", "no year"),
    ("抱歉，您访问的页面不存在或已删除", "not a report title"),
])
def test_rejections_say_why(title, reason):
    found = recognize(title, today=TODAY)
    assert not found.is_report and found.reason == reason


def test_column_type_meta_vouches_for_a_bare_title():
    # A page in a 信息公开年报 column titled only with the agency and year.
    found = recognize("浑江区民政局2022年", metas={"ColumnType": "信息公开年报"}, today=TODAY)
    assert found.is_report and found.year == 2022


def test_the_title_and_date_metas_are_the_cleaner_s():
    # A Hanweb page's Maketime meta, and a site that names its title meta in lower case.
    metas = {"articletitle": "浑江区教育局2022年政府信息公开工作年度报告",
             "Maketime": "2023-01-18 10:00:00"}
    found = recognize("浑江区教育局", metas=metas, today=TODAY)
    assert (found.is_report, found.year, found.published) == (True, 2022, "2023-01-18")
