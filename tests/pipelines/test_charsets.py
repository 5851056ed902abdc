"""Pages whose charset label is a WHATWG one, or none a browser knows, through the clean and
parse pipelines: the text is the page's, and nothing is dropped (issue #16).

A WHATWG label is one a browser decodes (https://encoding.spec.whatwg.org/#names-and-labels):
``x-gbk`` and ``csgb2312`` are GBK, ``cn-big5`` and ``x-x-big5`` Big5, ``unicode-1-1-utf-8``
UTF-8. Python's codecs know none of these names.
"""

from __future__ import annotations

import pytest

from harvester.parse.readers import html
from harvester.parse.readers.encoding import codec_for, decode
from pipelines.clean import clean_item
from pipelines.parse import parse_item
from tests.support.harvest import make_item

SIMPLIFIED = ("某某县人民政府2023年政府信息公开工作年度报告",
              "本报告由某某县人民政府办公室编制，所列数据的统计期限自2023年1月1日起。")
TRADITIONAL = ("某某縣人民政府2023年政府信息公開工作年度報告",
               "本報告由某某縣人民政府辦公室編製，所列數據的統計期限自2023年1月1日起。")


def page(texts: tuple[str, str], meta_label: str | None = None) -> str:
    meta = f'<meta charset="{meta_label}">' if meta_label else ""
    title, sentence = texts
    return (f"<html><head>{meta}<title>{title}</title></head><body>"
            f'<div class="TRS_Editor"><p>{sentence}</p></div></body></html>')


@pytest.mark.parametrize("label, codec", [
    ("x-gbk", "gb18030"), ("gb_2312-80", "gb18030"), ("csgb2312", "gb18030"),
    ("x-euc-cn", "gb18030"), ("iso-ir-58", "gb18030"), ("chinese", "gb18030"),
    ("GBK", "gb18030"), ("big5-hkscs", "big5hkscs"), ("cn-big5", "big5hkscs"),
    ("x-x-big5", "big5hkscs"), ("csbig5", "big5hkscs"), ("utf8", "utf-8"),
    ("unicode-1-1-utf-8", "utf-8"), ("x-unicode20utf8", "utf-8"), ("cseuckr", "cp949"),
    ("iso-8859-1", "cp1252"), ("ansi_x3.4-1968", "cp1252"), (" Shift_JIS ", "cp932"),
])
def test_every_label_a_browser_accepts_names_the_codec_it_decodes_with(label, codec):
    assert codec_for(label) == codec


@pytest.mark.parametrize("label", ["x-bogus", "utf-7", "replacement", "hz-gb-2312", ""])
def test_a_label_no_browser_decodes_names_no_codec(label):
    assert codec_for(label) is None


@pytest.mark.parametrize("encoding, label, texts", [
    ("gbk", "x-gbk", SIMPLIFIED), ("gbk", "csgb2312", SIMPLIFIED),
    ("gb18030", "gb_2312-80", SIMPLIFIED), ("gb18030", "x-euc-cn", SIMPLIFIED),
    ("big5", "cn-big5", TRADITIONAL), ("big5", "x-x-big5", TRADITIONAL),
    ("big5", "csbig5", TRADITIONAL), ("utf-8", "unicode-1-1-utf-8", SIMPLIFIED),
])
@pytest.mark.parametrize("declared_in", ["header", "page"])
def test_a_page_declaring_a_whatwg_label_is_cleaned_and_parsed_to_its_text(
        encoding, label, texts, declared_in):
    in_page = label if declared_in == "page" else None
    in_header = f"text/html; charset={label}" if declared_in == "header" else "text/html"
    item = make_item("http://www.example.gov.cn/art/1.html",
                     page(texts, in_page).encode(encoding), content_type=in_header)
    item = parse_item(clean_item(item))
    assert item.title == texts[0]
    assert texts[1] in item.parsed["text"]
    assert not [c for c in item.checks + item.parsed["checks"]
                if c["check"] in ("charset_mismatch", "undecodable_bytes")]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
@pytest.mark.parametrize("declared_in", ["header", "page"])
def test_a_page_declaring_a_bogus_charset_is_read_by_detection_with_a_check(
        encoding, declared_in):
    in_page = "x-bogus-charset" if declared_in == "page" else None
    in_header = ("text/html; charset=x-bogus-charset" if declared_in == "header"
                 else "text/html")
    item = make_item("http://www.example.gov.cn/art/1.html",
                     page(SIMPLIFIED, in_page).encode(encoding), content_type=in_header)
    item = parse_item(clean_item(item))
    assert item.title == SIMPLIFIED[0]
    assert SIMPLIFIED[1] in item.parsed["text"]
    [mismatch] = [c for c in item.checks if c["check"] == "charset_mismatch"]
    assert mismatch["severity"] == "info"
    assert "x-bogus-charset" in mismatch["message"]


def test_a_bogus_page_label_gives_way_to_a_header_label_a_browser_knows():
    item = make_item("http://www.example.gov.cn/art/1.html",
                     page(TRADITIONAL, "x-bogus-charset").encode("big5"),
                     content_type="text/html; charset=x-x-big5")
    item = parse_item(clean_item(item))
    assert TRADITIONAL[1] in item.parsed["text"]
    assert not [c for c in item.checks if c["check"] == "charset_mismatch"]


@pytest.mark.parametrize("encoding, label, texts", [
    ("gbk", "x-gbk", SIMPLIFIED), ("big5", "cn-big5", TRADITIONAL),
    ("gbk", "x-bogus-charset", SIMPLIFIED),
])
def test_the_html_reader_reads_a_page_by_its_label(encoding, label, texts):
    document = html.read(page(texts, label).encode(encoding))
    assert texts[1] in document.text


def test_a_bogus_label_on_bytes_that_fit_no_charset_is_decoded_with_replacements():
    text, used, checks = decode("年度报告".encode("gbk") + b"\xff\xff", "x-bogus-charset")
    assert text.startswith("年度报告") and used == "gb18030"
    assert [c["check"] for c in checks] == ["charset_mismatch", "undecodable_bytes"]
