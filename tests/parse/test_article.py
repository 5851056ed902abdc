"""Reading an article page's metas, title, date and body container, on strings."""

from __future__ import annotations

import pytest
from parsel import Selector

from harvester.parse.article import (
    article_published,
    article_title,
    body_container,
    head_title,
    meta_published,
    metas,
    page_title,
)


def root(markup: str):
    return Selector(text=markup).root


# The shape of a real UCAP article page (沭阳县发展和改革局, 2023 report): the title in
# <ucaptitle> inside h1.article-title, the body in <ucapcontent> inside div.article-content,
# whose class ends with a space and whose id is zoomcon, not zoom; the date only in the
# 公开目录 table, as a cell beside its label.
UCAP = """<html><head><meta charset="utf-8"><meta name="SiteName" content="沭阳县人民政府">
<title>沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局</title></head><body>
<div class="header-menu"><a href="/">首页</a></div>
<table><tr><td>公开日期</td><td>2024-01-17</td></tr></table>
<h1 class="article-title"><ucaptitle>沭阳县发展和改革局2023年政府信息公开年度报告</ucaptitle></h1>
<div class="article-content " id="zoomcon"><ucapcontent><p>根据《条例》要求，现向社会公布。</p>
</ucapcontent></div></body></html>"""


def test_a_real_ucap_page():
    page = root(UCAP)
    assert article_title(page) == "沭阳县发展和改革局2023年政府信息公开年度报告"
    selector, container = body_container(page)
    assert selector == "div.article-content"
    assert "".join(container.itertext()).strip() == "根据《条例》要求，现向社会公布。"
    assert article_published(page) is None  # a table cell is no 发布日期: line


@pytest.mark.parametrize(("title", "expected"), [
    ("五常市人民政府 政府信息公开年报 五常市卫生健康局2022年政府信息公开工作年度报告",
     "五常市人民政府 政府信息公开年报 五常市卫生健康局2022年政府信息公开工作年度报告"),
    ("浑江区教育局2021年政府信息公开工作年度报告_浑江区人民政府",
     "浑江区教育局2021年政府信息公开工作年度报告"),
    ("浑江区人民政府_信息公开年报_浑江区教育局2021年政府信息公开工作年度报告",
     "浑江区教育局2021年政府信息公开工作年度报告"),
    ("清河县人民政府2022年政府信息公开工作年度报告-清河县人民政府",
     "清河县人民政府2022年政府信息公开工作年度报告-清河县人民政府"),
    ("", None),
])
def test_the_head_title_is_the_article_s_part(title, expected):
    assert head_title(root(f"<html><head><title>{title}</title></head></html>")) == expected


def test_the_title_meta_then_the_visible_title_then_the_head():
    head = "<title>站点_栏目_某县2021年政府信息公开工作年度报告</title>"
    shown = "<h1>公告</h1><h2>某县<span>2021</span>年政府信息\n公开工作年度报告</h2>"
    meta = '<meta name="articletitle" content=" 某县2021年度报告 ">'
    assert article_title(root(f"<html><head>{meta}{head}</head><body>{shown}</body></html>")) \
        == "某县2021年度报告"
    # 公告 is too short for a title; inline markup and a source line break add no space.
    assert page_title(root(f"<html><head>{head}</head><body>{shown}</body></html>")) \
        == "某县2021年政府信息公开工作年度报告"
    assert page_title(root(f"<html><head>{head}</head><body><h1>公告</h1></body></html>")) \
        == "某县2021年政府信息公开工作年度报告"


def test_the_first_meta_of_a_name_with_content_counts():
    page = root('<html><head><meta name="PubDate" content=""><meta name="PubDate" '
                'content="2022-01-20 10:12"><meta name="PubDate" content="2023-01-01"></head>'
                '</html>')
    assert metas(page) == {"PubDate": "2022-01-20 10:12"}


def test_the_first_date_meta_that_reads_as_a_date():
    assert meta_published({"PubDate": "待定", "Maketime": "2023-01-18 10:00:00"}) == "2023-01-18"
    assert meta_published({"ColumnName": "2023-01-18"}) is None


def test_without_a_date_meta_the_visible_line():
    page = root("<html><body><div>发布日期：2021年2月25日 点击数：</div></body></html>")
    assert article_published(page) == "2021-02-25"
