"""HTML reports: the seeds rendered the ways portals publish them parse to the same values as
their text, whatever the charset declaration says; and the details of Word's markup."""

import json

import pytest

from harvester.demo.render import render_html
from harvester.parse.report import parse_bytes
from tests.support.parsing import SEED_NAMES, checks_named, page, seed_truth, values_of


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("shape", ["word", "plain"])
def test_rendered_seed_parses_to_its_values(name, shape):
    truth = seed_truth(name)
    report = parse_bytes(page(render_html(truth, shape)), "report.html")
    assert values_of(report) == values_of(truth)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_gbk_page_declaring_utf8_parses_to_its_values(name):
    truth = seed_truth(name)
    data = page(render_html(truth, "word"), charset="gbk", declared="utf-8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the declaration really is wrong
    report = parse_bytes(data, "report.html")
    assert values_of(report) == values_of(truth)
    assert checks_named(report, "charset_mismatch")


@pytest.mark.parametrize("declared", ["gbk", "gb2312", None])
def test_gbk_page_declared_right_or_not_at_all(declared):
    truth = seed_truth("004")
    report = parse_bytes(page(render_html(truth, "plain"), "gbk", declared), "r.html")
    assert values_of(report) == values_of(truth)
    assert not checks_named(report, "charset_mismatch")


def test_utf8_page_declaring_gbk():
    truth = seed_truth("003")
    report = parse_bytes(page(render_html(truth, "plain"), "utf-8", "gbk"), "r.html")
    assert values_of(report) == values_of(truth)
    assert checks_named(report, "charset_mismatch")


WORD_FRAGMENT = """
<?xml:namespace prefix = st1 ns = "urn:schemas-microsoft-com:office:smarttags" />
<p class=MsoNormal align=center><b><span style='font-size:16.0pt'>某县教育局
<span lang=EN-US>20</span>
<span lang=EN-US>22</span>年政府信息公开工作年度报告<o:p></o:p></span></b></p>
<p class=MsoNormal>报告所列数据统计期限自<st1:chsdate Year="2022" Month="1" Day="1">2022年1月1日
</st1:chsdate>起至2022年12月31日止。</p>
<p class=MsoNormal>二、主动公开政府信息情况</p>
<table class=MsoNormalTable border=1>
<tr><td colspan=4><p>第二十条第（一）项</p></td></tr>
<tr><td><p>信息内容</p></td><td><p>本年<br>制发件数</p></td><td><p>本年废止件数</p></td>
<td><p>现行有效件数</p></td></tr>
<tr><td><p>规章</p></td><td><p>&nbsp;0</p></td><td><p>0&nbsp;</p></td><td><p>0</p></td></tr>
<tr><td><p>行政规范性<br>文件</p></td><td><p><span lang=EN-US>1</span><span lang=EN-US>2</span></p>
</td><td><p>３</p></td><td><p>1,024</p></td></tr>
<tr><td colspan=4><p>第二十条第（五）项</p></td></tr>
<tr><td><p>信息内容</p></td><td colspan=3><p>本年处理决定数量</p></td></tr>
<tr><td><p>行政许可</p></td><td colspan=3><p>8 270</p></td></tr>
</table>
<p class=MsoNormal>四、政府信息公开行政复议、行政诉讼情况</p>
<table class=MsoNormalTable border=1>
<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>
<tr><td rowspan=2>结果<br>维持</td><td rowspan=2>结果<br>纠正</td><td rowspan=2>其他<br>结果</td>
<td rowspan=2>尚未<br>审结</td><td rowspan=2>总计</td><td colspan=5>未经复议直接起诉</td>
<td colspan=5>复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>
<td>0</td><td>0</td><td>2</td><td>0</td><td>1</td><td>3</td></tr>
</table>
"""


def test_word_markup_details():
    report = parse_bytes(page(WORD_FRAGMENT), "r.html")
    assert report["agency"] == "某县教育局"
    assert report["year"] == 2022
    assert report["template"] == "2021"
    assert report["active_disclosure"]["regulations"] == {"issued": 0, "repealed": 0,
                                                           "in_force": 0}
    # Digits split over spans, a full-width digit, a thousands separator.
    assert report["active_disclosure"]["normative_documents"] == {
        "issued": 12, "repealed": 3, "in_force": 1024}
    # A number with a space inside one cell is one number.
    assert report["active_disclosure"]["licensing"] == {"decisions": 8270}
    assert report["review_litigation"]["review"] == {
        "upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert report["review_litigation"]["litigation_after_review"]["total"] == 3
    assert not checks_named(report, "review_total")
    # Rows the document lacks are warnings, and absent.
    missing = {c["where"] for c in checks_named(report, "missing_row")}
    assert "active_disclosure.punishment" in missing
    assert "punishment" not in report["active_disclosure"]
    assert [c["where"] for c in checks_named(report, "missing_section")] == ["applications"]


def test_page_metas_give_title_and_date():
    body = render_html(seed_truth("004"), "plain")
    data = page(body, title="韶关市武江区教育局2021年政府信息公开工作年度报告").replace(
        b"</head>", b'<meta name="PubDate" content="2022-01-20 10:12"></head>')
    report = parse_bytes(data, "r.html")
    assert report["title"] == "韶关市武江区教育局2021年政府信息公开工作年度报告"
    assert report["agency"] == "韶关市武江区教育局"
    assert report["published"] == "2022-01-20"


def test_hostile_spans_do_not_blow_up():
    body = render_html(seed_truth("004"), "plain").replace(
        '<td colspan="7">', '<td colspan="1000000" rowspan="99999999">', 1)
    report = parse_bytes(page(body), "r.html")
    assert report["year"] == 2021  # parsed, whatever became of the tables


def test_gkmlpt_page_with_the_body_in_escaped_detail():
    # Guangdong gkmlpt pages render the body in the browser from window._CONFIG.DETAIL, a
    # JSON string with < and " escaped (docs/portals.md section 3); the HTML itself has no tables.
    truth = seed_truth("004")
    detail = json.dumps({"title": "…", "content": render_html(truth, "word")})
    detail = detail.replace("<", "\\u003C").replace(">", "\\u003E")
    page = ("<html><head><meta name='ArticleTitle' content='韶关市武江区人民政府2021年度政府信息"
            "公开工作报告'></head><body><table class='meta'><tr><td>索引号</td><td>11440203/"
            f"2022-1</td></tr></table><div id='app'></div><script>window._CONFIG = {{}};"
            f"window._CONFIG.DETAIL = {detail};</script></body></html>")
    report = parse_bytes(page.encode(), "post_3798946.html")
    assert values_of(report) == values_of(truth)
