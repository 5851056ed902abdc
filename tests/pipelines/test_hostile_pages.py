"""Hostile article pages through the spider's reading and the clean, parse and identify steps
(issue #16): a tree 100,000 elements deep, an element with 40,000 attributes, a page without
text. Each ends as a document with a check, never as an agency-year, and in bounded time: the
page is run in a child process that must finish within a generous timeout (a guard, not a
timing assertion; before the attribute cap, lxml took seconds per parse of that element)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harvester.parse.report import parse_bytes
from pipelines.clean import clean_item
from pipelines.identify import identify_item
from pipelines.parse import parse_item
from tests.support.harvest import make_item

ROOT = Path(__file__).resolve().parents[2]
REPORT_TITLE = "白山市浑江区教育局2022年政府信息公开工作年度报告"


def hostile_page(kind: str) -> bytes:
    if kind == "nested":
        body = "<div>" * 100_000 + "</div>" * 100_000
    elif kind == "attributes":
        attributes = " ".join(f'data-a{i}="{i}"' for i in range(40_000))
        body = f"<div {attributes}></div>"
    else:
        body = "<div class='TRS_Editor'><p> </p></div>"
    return (f"<html><head><title>{REPORT_TITLE}</title></head>"
            f"<body>{body}</body></html>").encode()


def through_the_pipelines(body: bytes):
    """An article page the listing called a report of 浑江区教育局 for 2022, cleaned, parsed and
    identified as a crawl does."""
    item = make_item("http://www.hunjiang.gov.cn/zwgk/1.html", body, title=REPORT_TITLE,
                     year=2022, agency="浑江区教育局")
    return identify_item(parse_item(clean_item(item)))


# Run in a child so that a page that takes the step minutes fails the test instead of hanging it.
_CHILD = """
import json, sys
from spiders import page
from tests.pipelines.test_hostile_pages import hostile_page, through_the_pipelines
body = hostile_page(sys.argv[1])
title = page.page_title(page.readable(body, body.decode()))
item = through_the_pipelines(body)
checks = item.checks + item.parsed["checks"]
print(json.dumps({"title": title, "kind": item.kind,
                  "checks": sorted({c["check"] for c in checks})}))
"""


def run_guarded(kind: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, kind], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("kind", ["nested", "attributes", "empty"])
def test_a_page_without_text_is_no_agency_year(kind):
    outcome = run_guarded(kind)
    assert outcome["title"] == REPORT_TITLE
    assert outcome["kind"] == "not_report"
    assert {"empty_document", "not_annual_report"} <= set(outcome["checks"])


def test_an_element_with_40000_attributes_is_read_without_them_with_a_check():
    assert "attribute_cap" in run_guarded("attributes")["checks"]


def test_a_document_without_text_is_not_an_annual_report_whatever_its_title():
    report = parse_bytes(hostile_page("empty"), "1.html")
    assert report["title"] == REPORT_TITLE
    assert [c["check"] for c in report["checks"]] == ["empty_document", "not_annual_report"]


def test_a_document_the_reader_failed_on_keeps_the_reader_s_check_alone():
    report = parse_bytes(b"%PDF-1.4 not really a pdf", "1.pdf")
    assert "not_annual_report" not in {c["check"] for c in report["checks"]}


def test_a_page_showing_only_the_scan_of_a_report_stays_a_copy_of_it():
    """The scan is read on its own (the spider fetches it as an attachment); the page is where
    the report was published (the demo's 浑江区 scanned township report)."""
    body = hostile_page("empty").replace(b"<p> </p>", b'<p><img src="./W020230228.png"></p>')
    item = through_the_pipelines(body)
    assert item.kind == "report"
    assert [c["check"] for c in item.parsed["checks"]] == ["empty_document"]
