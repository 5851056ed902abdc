"""What the parser says of documents that are not clean annual reports."""

from harvester.demo.render import render_text
from harvester.items import ReportDocument
from harvester.parse import report as parser
from harvester.parse.report import parse_bytes, parse_path
from pipelines import parse as pipeline
from pipelines.parse import parse_item
from tests.support.parsing import checks_named, page, seed_truth

EMPTY_VALUES = {"title": None, "agency": None, "year": None, "template": None,
                "published": None}


def test_look_alikes_are_not_annual_reports():
    for text in ("某区2021年统计年报\n一、工业生产\n规模以上工业增加值增长5%。",
                 "某区2022年政务公开工作要点\n一、加强政策解读。",
                 "某区人民政府信息公开指南\n一、主动公开\n二、依申请公开"):
        report = parse_bytes(text.encode(), "x.txt")
        [error] = checks_named(report, "not_annual_report")
        assert error["severity"] == "error"
        assert "applications" not in report


def test_legacy_report_has_metadata_and_no_tables():
    text = ("江湾镇2009年政府信息公开工作年度报告\n发布日期:2011-06-30 15:03:00\n"
            "一、概述\n本镇主动公开信息120条。\n二、主动公开政府信息的情况\n规章\t0\t0\t0\n")
    report = parse_bytes(text.encode(), "x.txt")
    assert (report["agency"], report["year"], report["template"]) == ("江湾镇", 2009, "legacy")
    assert report["published"] == "2011-06-30"
    assert "active_disclosure" not in report
    assert report["checks"] == []


def test_tables_lost_as_images_are_one_check_per_section():
    text = ("某区卫生健康局2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n"
            "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。")
    report = parse_bytes(text.encode(), "x.txt")
    assert report["template"] == "2021"
    assert checks_named(report, "template_from_year")
    assert [c["where"] for c in checks_named(report, "empty_section")] == [
        "active_disclosure", "applications", "review_litigation"]
    assert {c["severity"] for c in report["checks"]} == {"info", "warning"}
    assert not checks_named(report, "missing_row")  # one check a section, not one a row
    assert not {"active_disclosure", "applications", "review_litigation"} & set(report)


def test_a_late_2019_template_is_detected_from_headers_not_the_year():
    truth = seed_truth("002") | {"year": 2023}
    report = parse_bytes(render_text(truth, "tabs").encode(), "x.txt")
    assert report["template"] == "2019"
    assert report["active_disclosure"] == truth["active_disclosure"]


def test_a_row_with_too_few_numbers_is_absent_and_flagged():
    text = render_text(seed_truth("004"), "tabs").replace("行政许可\t40355", "行政许可")
    report = parse_bytes(text.encode(), "x.txt")
    assert "licensing" not in report["active_disclosure"]
    assert checks_named(report, "missing_row") or checks_named(report, "value_count")


def test_empty_and_binary_input():
    assert checks_named(parse_bytes(b"", "empty.txt"), "empty_document")
    report = parse_bytes(bytes(range(256)) * 8, "noise.bin")
    assert any(c["severity"] == "error" for c in report["checks"])


def test_missing_file_is_an_error_check(tmp_path):
    report = parse_path(tmp_path / "absent.html")
    assert report["source"].endswith("absent.html")
    assert checks_named(report, "unreadable")[0]["severity"] == "error"


def test_a_failing_reader_or_parser_leaves_a_report_that_says_so(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(parser, "read_document", fail)
    report = parse_bytes(b"2021\xe5\xb9\xb4", "r.txt")
    assert report == {"source": "r.txt", **EMPTY_VALUES, "checks": [
        {"check": "unreadable", "severity": "error", "where": "document",
         "message": "the reader failed: RuntimeError: boom"}]}
    item = parse_item(ReportDocument(region="r", url="http://x.test/r.txt", body=b"2021"))
    assert item.parsed == {**report, "source": "http://x.test/r.txt", "text": ""}
    monkeypatch.undo()
    monkeypatch.setattr(pipeline, "parse_document", fail)
    item = parse_item(ReportDocument(region="r", url="http://x.test/r.txt", body=b"2021"))
    assert item.parsed == {"source": "http://x.test/r.txt", **EMPTY_VALUES, "checks": [
        {"check": "unparsed", "severity": "error", "where": "document",
         "message": "the parser failed: RuntimeError: boom"}], "text": "2021"}


def test_wrong_charset_html_with_whole_page_chrome():
    data = page(render_text(seed_truth("001"), "lines").replace("\n", "<br>\n"), "gbk", "utf-8")
    report = parse_bytes(data, "x.html")
    assert report["applications"]["granted"]["total"] == 1
    assert report["agency"] == "鹤岗市工农区人民政府"
