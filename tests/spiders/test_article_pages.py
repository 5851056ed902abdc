"""The spider, the cleaner and the HTML reader read an article page's body, title and date
alike (:mod:`harvester.parse.article`)."""

from __future__ import annotations

from parsel import Selector

from harvester.parse.clean import clean_html
from harvester.parse.readers.html import read_text
from spiders import page

# A Hanweb article whose opening was pasted from a TRS site: the pasted div.TRS_Editor holds
# only the opening; the statistics period, the table and the scanned page sit beside it in the
# div#zoom that holds the whole article.
PASTED = """<html><head><meta charset="utf-8">
<title>五常市人民政府 政府信息公开年报 五常市卫生健康局2022年政府信息公开工作年度报告</title>
</head><body><div class="info">日期:2023-01-18 来源:五常市人民政府 访问量: 字号:</div>
<div id="zoom"><div class="TRS_Editor"><p>一、总体情况</p></div>
<p>本报告所列数据统计期限自2022年1月1日至2022年12月31日。</p>
<table><tr><td>本年新收</td><td>7</td></tr></table>
<p><img src="/picture/0/2301181000123.jpg"></p></div>
<div class="footer">版权所有</div></body></html>"""


def test_a_container_pasted_into_another_is_not_the_body():
    lead = page.lead(Selector(text=PASTED))
    images = [a.url for a in page.attachments(Selector(text=PASTED), "http://www.wuchang.test/")]
    cleaned = clean_html(PASTED)
    cells = [cell.text for cell in read_text(PASTED).cells]
    # The spider reads the period in the lead and the scan as an attachment ...
    assert "统计期限自2022年1月1日" in lead
    assert images == ["http://www.wuchang.test/picture/0/2301181000123.jpg"]
    # ... because the body is div#zoom, as the cleaner and the reader take it.
    assert cleaned.container == "div#zoom"
    assert "本年新收" in cleaned.html and "2301181000123.jpg" in cleaned.html
    assert "版权所有" not in cleaned.html
    assert cells[:3] == ["一、总体情况", "本报告所列数据统计期限自2022年1月1日至2022年12月31日。",
                         "本年新收"]
    assert "版权所有" not in cells


def test_the_spider_and_the_cleaner_read_the_same_title():
    markup = ("<html><head><title>年报_五常市人民政府</title></head><body>"
              "<div class='title'>五常市卫生健康局<span>2022</span>年政府信息公开工作年度报告"
              "</div><div id='zoom'><p>正文</p></div></body></html>")
    title = "五常市卫生健康局2022年政府信息公开工作年度报告"
    assert page.page_title(Selector(text=markup)) == title
    assert clean_html(markup).title == title
    assert read_text(markup).title == title
