"""The spider's reading of a page (spiders/page.py ``readable``) whatever charset label the
server or the page gives: a WHATWG label, or one no browser knows (issue #16)."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from spiders import page
from tests.pipelines.test_charsets import SIMPLIFIED, TRADITIONAL
from tests.pipelines.test_charsets import page as article


@pytest.mark.parametrize("encoding, label, texts", [
    ("gbk", "x-gbk", SIMPLIFIED), ("gb18030", "csgb2312", SIMPLIFIED),
    ("gbk", "gb_2312-80", SIMPLIFIED), ("big5", "cn-big5", TRADITIONAL),
    ("big5", "x-x-big5", TRADITIONAL), ("utf-8", "unicode-1-1-utf-8", SIMPLIFIED),
    ("gbk", "x-bogus-charset", SIMPLIFIED), ("utf-8", "x-bogus-charset", SIMPLIFIED),
])
@pytest.mark.parametrize("declared_in", ["header", "page"])
def test_the_spider_reads_a_page_whatever_its_charset_label(encoding, label, texts,
                                                            declared_in):
    in_page = label if declared_in == "page" else None
    headers = {"Content-Type": f"text/html; charset={label}" if declared_in == "header"
               else "text/html"}
    response = HtmlResponse("http://www.example.gov.cn/art/1.html", headers=headers,
                            body=article(texts, in_page).encode(encoding))
    selector = page.readable(response.body, response.text)
    assert page.page_title(selector) == texts[0]
    assert page.lead(selector).endswith(texts[1])


@pytest.mark.parametrize("label", ["x-gbk", "csgb2312", "x-bogus-charset"])
@pytest.mark.parametrize("title", ["年度报告", "县政府信息公开年报"])
def test_a_short_gbk_page_is_not_read_as_the_korean_a_detector_guesses(label, title):
    """Scrapy knows no label here and guesses: for a few GBK characters, EUC-KR."""
    body = f"<html><head><title>{title}</title></head><body></body></html>".encode("gbk")
    response = HtmlResponse("http://www.example.gov.cn/art/1.html", body=body,
                            headers={"Content-Type": f"text/html; charset={label}"})
    assert page.page_title(page.readable(response.body, response.text)) == title


def test_a_page_with_a_multiplication_sign_is_read_as_scrapy_decoded_it():
    body = "<html><head><title>面积 3×4 米</title></head></html>".encode("gbk")
    response = HtmlResponse("http://www.example.gov.cn/art/1.html", body=body,
                            headers={"Content-Type": "text/html; charset=gbk"})
    assert page.page_title(page.readable(response.body, response.text)) == "面积 3×4 米"
