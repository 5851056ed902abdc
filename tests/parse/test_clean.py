"""Cleaning article pages on strings: the body container kept, the chrome gone."""

import pytest

from harvester.parse.clean import clean_html, decode_page

REPORT_BODY = "<p>一、总体情况</p><table><tr><td>本年新收</td><td>7</td></tr></table>"


def page(container_open: str, container_close: str = "</div>", head: str = "",
         body_extra: str = "") -> str:
    return f"""<html><head>{head}<title>浑江区人民政府_首页</title>
<script>var counter = "点击数";</script><style>.x {{ color: red }}</style></head>
<body><div class="top-nav"><a href="/">首页</a> 登录 注册</div>
<h1>浑江区人民政府2021年政府信息公开工作年度报告</h1>
<div class="info">发布日期:2022-01-20 点击数:</div>
{container_open}{REPORT_BODY}<!-- editor comment --><script>alert("x")</script>{container_close}
{body_extra}
<div id="footer">版权所有 吉ICP备00000000号</div></body></html>"""


@pytest.mark.parametrize(("container_open", "selector"), [
    ('<div class="TRS_Editor">', "div.TRS_Editor"),
    ('<div id="zoom">', "div#zoom"),
    ('<div class="zlyxwz_t2a">', "div.zlyxwz_t2a"),
    ('<div id="UCAP-CONTENT">', "div#UCAP-CONTENT"),
    ('<div class="article-content">', "div.article-content"),
    ('<div id="vsb_content">', "div#vsb_content"),
    ('<div class="wzzw-article">', "div.wzzw-article"),
    ('<div class="Custom_UnionStyle">', "div.Custom_UnionStyle"),
])
def test_the_body_container_is_isolated(container_open, selector):
    cleaned = clean_html(page(container_open))
    assert cleaned.container == selector
    assert "本年新收" in cleaned.html and "<td>7</td>" in cleaned.html
    for chrome in ("登录", "版权所有", "点击数", "alert", "editor comment", "color: red"):
        assert chrome not in cleaned.html, chrome
    assert cleaned.checks == []


def test_title_and_date_outside_the_container_are_kept_as_metadata():
    cleaned = clean_html(page('<div class="TRS_Editor">'))
    assert cleaned.title == "浑江区人民政府2021年政府信息公开工作年度报告"
    assert cleaned.published == "2022-01-20"
    assert '<meta name="ArticleTitle" content="浑江区人民政府2021年政府信息公开工作年度报告">' \
        in cleaned.html
    assert '<meta name="PubDate" content="2022-01-20">' in cleaned.html


def test_meta_tags_win_over_visible_text():
    head = ('<meta name="ArticleTitle" content="2021年度政府信息公开工作报告">'
            '<meta name="PubDate" content="2022-02-03 10:15">')
    cleaned = clean_html(page('<div id="zoom">', head=head))
    assert cleaned.title == "2021年度政府信息公开工作报告"
    assert cleaned.published == "2022-02-03"


def test_hanweb_markers_when_no_container_is_known():
    markup = page("<!--ZJEG_RSS.content.begin--><div class='unknown'>",
                  "</div><!--ZJEG_RSS.content.end-->")
    cleaned = clean_html(markup)
    assert cleaned.container == "ZJEG_RSS.content"
    assert "本年新收" in cleaned.html
    assert "登录" not in cleaned.html and "版权所有" not in cleaned.html


def test_without_container_the_body_loses_its_chrome_and_says_so():
    markup = page("<div class='unknown'>", body_extra="<nav>网站地图</nav>"
                  "<div class='breadcrumb'>当前位置：首页 > 年报</div>")
    cleaned = clean_html(markup)
    assert cleaned.container is None
    assert "本年新收" in cleaned.html
    for chrome in ("登录", "版权所有", "网站地图", "当前位置", "alert"):
        assert chrome not in cleaned.html, chrome
    assert [c["check"] for c in cleaned.checks] == ["no_body_container"]


def test_word_export_declarations_are_removed():
    body = ('<?xml:namespace prefix = st1 ns = "urn:schemas-microsoft-com:office:smarttags" />'
            '<p>截止日期为<st1:chsdate Year="2021">2021年1月31日</st1:chsdate></p>')
    cleaned = clean_html(f'<html><body><div class="TRS_Editor">{body}</div></body></html>')
    assert "xml:namespace" not in cleaned.html
    assert "2021年1月31日" in cleaned.html


def test_a_gbk_page_that_declares_utf8_is_decoded():
    markup = '<html><head><meta charset="utf-8"></head><body><div id="zoom">本年新收</div>'
    text, checks = decode_page(markup.encode("gbk"), "text/html; charset=utf-8")
    assert "本年新收" in text
    assert [c["check"] for c in checks] == ["charset_mismatch"]


def test_empty_and_broken_markup_does_not_raise():
    assert clean_html("").container is None
    assert clean_html("<div class='TRS_Editor'><p>未闭合").container == "div.TRS_Editor"


def test_a_gkmlpt_page_body_comes_from_its_escaped_detail():
    detail = ('{"id": 7, "title": "武江区民政局2021年政府信息公开年度报告", "content": '
              '"\\u003Cp\\u003E一、总体情况\\u003C/p\\u003E\\u003Ctable\\u003E\\u003Ctr\\u003E'
              '\\u003Ctd\\u003E本年新收\\u003C/td\\u003E\\u003C/tr\\u003E\\u003C/table\\u003E"}')
    markup = (f"<html><head><script>window._CONFIG = {{}};window._CONFIG.DETAIL = {detail};"
              "</script></head><body><table class='gkml-meta'><tr><td>索引号：</td></tr>"
              "</table><div id='app'></div><div class='article-content'></div></body></html>")
    cleaned = clean_html(markup)
    assert cleaned.container == "_CONFIG.DETAIL"
    assert "<td>本年新收</td>" in cleaned.html and "索引号" not in cleaned.html
    broken = markup.replace('"content"', '"content" oops')
    assert clean_html(broken).container == "div.article-content"
