"""What a researcher sees in the publication's pages (HTML and CSV from a real ``datasette``
with the project's plugin and templates, on the two-report harvest of tests/support)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.datasette import serving
from tests.support.harvest import build

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "datasette" / "plugins"))

from publication import svg_chart  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path, truth = build(tmp_path_factory.mktemp("publication"))
    with serving(path, text=True) as get:
        yield get, truth, path


def _report_id(path, year):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id FROM reports WHERE year = ?", [year]).fetchone()[0]


def _text_of(path, report_id):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT clean_text FROM reports WHERE id = ?", [report_id]).fetchone()[0]


def test_the_reports_table_shows_no_full_text(site):
    get, _, path = site
    page = get("/harvest/reports")
    text = _text_of(path, _report_id(path, 2022))
    assert len(text) > 1000
    # The text's middle is not on the page, only the excerpt of its beginning.
    assert text[500:540] not in page
    assert "（全文 " in page


def test_a_report_page_shows_its_values_and_links_before_the_text(site):
    get, truth, path = site
    report_id = _report_id(path, 2021)
    page = get(f"/harvest/reports/{report_id}")
    assert "<h1" in page and "白山市浑江区人民政府 2021" in page
    source = page.index('class="source-link"')
    values = page.index("一、本年新收政府信息公开申请数量")
    text = page.index('class="full-text-section"')
    assert source < values < text
    # Section 三's first row, as the generated report prints it: 自然人 … 总计.
    new = truth[0]["applications"]["new"]
    row = re.search(r"一、本年新收政府信息公开申请数量</th>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[0] == str(new["natural_person"]) and cells[-1] == str(new["total"])
    assert "白山市浑江区</a>" in page  # the region's name, linked


def test_headings_facets_and_tables_in_chinese(site):
    get, _, _ = site
    page = get("/harvest/application_values?_facet=year")
    for heading in ("年度", "机关", "行", "申请人", "数值"):
        assert f'<span class="zh">{heading}</span>' in page, heading
    assert re.search(r'<strong>年度 <small class="key">year</small>', page)
    database = get("/harvest")
    assert "年度报告（每个机关每年一份）" in database
    assert "予以公开的比例（按地区、年度）" in database


def test_report_id_is_a_link_labelled_agency_and_year(site):
    get, _, path = site
    report_id = _report_id(path, 2022)
    for page in (get("/harvest/reports_failing_identities"),
                 get("/harvest/application_values?year=2022"),
                 get(f"/harvest/checks?report_id={report_id}")):
        assert f'<a href="/harvest/reports/{report_id}">白山市浑江区教育局 2022</a>' in page


def test_granted_share_per_region_and_year(site):
    get, truth, _ = site
    page = get("/harvest/granted_share_by_region_and_year.json?_shape=array&region="
               + quote("白山市浑江区"))

    rows = {row["year"]: row for row in json.loads(page)}
    for report in truth:
        applications = report["applications"]
        row = rows[report["year"]]
        assert row["granted"] == applications["granted"]["total"]
        assert row["decided"] == applications["total"]["total"]
        assert row["granted_percent"] == round(
            100 * applications["granted"]["total"] / applications["total"]["total"], 1)
    assert json.loads(get("/harvest/granted_share_by_region_and_year.json?_shape=array"
                          "&region=nowhere")) == []


def test_the_charts_are_drawn(site):
    get, _, _ = site
    for query in ("region_trend", "granted_share_by_region_and_year"):
        page = get(f"/harvest/{query}")
        svg = re.search(r'<svg class="chart"[^>]*data-points="(\d+)"', page)
        assert svg and int(svg.group(1)) >= 2, query
        assert "<polyline" in page


def test_a_two_character_word_in_the_search_box(site):
    get, _, _ = site
    page = get("/harvest/reports?_search=" + quote("教育"))
    assert "全文检索（任意长度）" in page
    assert "白山市浑江区教育局" in page
    # Three characters or more stay with the index.
    indexed = get("/harvest/reports?_search=" + quote("教育局"))
    assert "search_any_word" not in indexed.split("<section")[1][:300]


def test_the_csv_link_exports_every_row(site):
    get, _, path = site
    with sqlite3.connect(path) as db:
        count = db.execute("SELECT count(*) FROM application_values").fetchone()[0]
    assert count > 10
    rows = list(csv.reader(io.StringIO(get("/harvest/application_values.csv?_size=10"))))
    assert len(rows) - 1 == count


def test_demo_data_is_marked_and_real_data_is_not(site, tmp_path):
    get, _, path = site
    assert "demo-notice" not in get("/harvest")
    demo = tmp_path / "harvest.db"
    shutil.copy(path, demo)
    with sqlite3.connect(demo) as db:
        db.execute("INSERT INTO harvest_runs (spider, started_at, stats) VALUES "
                   "('jilin_baishan_hunjiang', '2026-11-01', '{\"harvester/demo_web\": 12}')")
    with serving(demo, text=True) as demo_get:
        for page in ("/", "/harvest", "/harvest/reports", "/harvest/region_trend"):
            assert "演示数据 · Demo data" in demo_get(page), page


def test_an_absent_value_is_a_gap_in_a_chart():
    chart = svg_chart({"x": "year", "y": "n"}, ["year", "n"],
                      [(2019, 4), (2020, None), (2021, 8)])
    assert 'data-points="2"' in chart
    assert svg_chart({"x": "year", "y": "n"}, ["year", "n"], [(2019, None)]) == ""


def test_the_site_answers_without_errors(site):
    get, _, path = site
    report_id = _report_id(path, 2022)
    for page in ("/", "/harvest", f"/harvest/reports/{report_id}", "/harvest/documents/1",
                 "/harvest/applications_wide", "/harvest/carried_over_warnings",
                 "/harvest/search_any_word?q=" + quote("复议"), "/harvest/region_trend"):
        try:
            get(page)
        except urllib.error.HTTPError as error:  # pragma: no cover - the message is the point
            pytest.fail(f"{page}: {error}")


def test_the_dashboard(site):
    get, truth, _ = site
    page = get("/dashboard")
    charts = re.findall(r'<svg class="chart"[^>]*data-series="(\d+)" data-points="(\d+)"', page)
    assert len(charts) == 4
    received, mix, withheld, coverage = [(int(s), int(p)) for s, p in charts]
    assert received == (1, 2)  # one line, two years
    assert mix[0] >= 5  # （一）予以公开 … （五）不予处理 at least
    assert withheld == (8, 16)  # eight reasons, two years each
    assert coverage == (3, 6)
    assert "（三）不予公开" in page and "（一）予以公开" in page
    # The agencies that received most in the latest year (2022: the bureau alone).
    top = re.search(r'<table class="rows-and-columns top-agencies">(.*?)</table>', page, re.S)
    assert "白山市浑江区教育局 2022" in top.group(1)
    assert f"<td>{truth[1]['applications']['new']['total']}</td>" in top.group(1)
    assert 'href="/dashboard"' in get("/")


def test_long_json_shows_as_an_excerpt_and_regions_by_name(site):
    get, _, path = site
    with sqlite3.connect(path) as db:
        parsed = db.execute("SELECT parsed FROM documents WHERE id = 1").fetchone()[0]
    assert len(parsed) > 1000
    page = get("/harvest/documents")
    assert parsed[400:440] not in page and "见 JSON" in page
    facet = re.search(r'id="facet-region".*?</ul>', page, re.S).group(0)
    assert "白山市浑江区</a> 4" in facet and "jilin_baishan_hunjiang</a>" not in facet
