"""The Datasette publication: a real ``datasette`` process on a harvested database, read
through its JSON API, as a researcher's browser or script would."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.datasette import METADATA, serving
from tests.support.harvest import build

ROOT = Path(__file__).resolve().parents[2]
@pytest.fixture(scope="module")
def api(tmp_path_factory):
    path, truth = build(tmp_path_factory.mktemp("datasette"))
    with serving(path) as get:
        yield get, truth


def test_metadata_is_generated_from_the_queries():
    sys.path.insert(0, str(ROOT / "datasette"))
    import build_metadata

    assert METADATA.read_text(encoding="utf-8") == build_metadata.render(), \
        "datasette/metadata.yml is stale: run .venv/bin/python datasette/build_metadata.py"


def test_title_source_licence(api):
    get, _ = api
    metadata = get("/-/metadata.json")
    assert "政府信息公开工作年度报告" in metadata["title"]
    assert metadata["license"] and metadata["source"] and metadata["description"]


def test_report_rows_and_year_facet(api):
    get, _ = api
    rows = get("/harvest/reports.json?_shape=array")
    assert sorted((r["agency"], r["year"]) for r in rows) == [("白山市浑江区人民政府", 2021),
                                                              ("白山市浑江区教育局", 2022)]
    facets = get("/harvest/reports.json?_facet=year")["facet_results"]
    years = {item["value"]: item["count"] for item in facets["year"]["results"]}
    assert years == {2021: 1, 2022: 1}
    checks = get("/harvest/checks.json")["facet_results"]
    assert "check" in checks


def test_labels_of_keys(api):
    get, truth = api
    rows = get("/harvest/application_values.json?_shape=array&year=2021&item=new"
               "&applicant=natural_person")
    (row,) = rows
    assert row["item_label"] == "一、本年新收政府信息公开申请数量"
    assert row["applicant_label"] == "自然人"
    assert row["value"] == truth[0]["applications"]["new"]["natural_person"]


def test_canned_queries(api):
    get, truth = api
    failing = get("/harvest/reports_failing_identities.json?_shape=array")
    # The undated copy with other numbers disagrees with each of the two dated copies.
    assert {(r["agency"], r["check"]) for r in failing} == {("白山市浑江区教育局",
                                                             "copies_disagree")}
    # Each disagreement sits on the second copy in URL order and names the first.
    assert sorted(r["message"].split()[0] for r in failing) == [
        "http://www.hunjiang.gov.cn/jyj/edu.html",
        "http://www.hunjiang.gov.cn/jyj/edu.pdf"]
    by_year = get("/harvest/applications_by_year_and_outcome.json?_shape=array")
    new_2022 = [r for r in by_year if r["year"] == 2022 and r["item"] == "new"]
    assert new_2022[0]["applications"] == truth[1]["applications"]["new"]["total"]
    assert new_2022[0]["label"] == "一、本年新收政府信息公开申请数量"
    get("/harvest/agencies_withholding_most.json?_shape=array")
    missing = get("/harvest/expected_not_found.json?_shape=array")
    assert isinstance(missing, list)


def test_full_text_search_in_chinese(api):
    get, _ = api
    found = get("/harvest/reports.json?_shape=array&_search=" + quote("教育局"))
    assert [r["agency"] for r in found] == ["白山市浑江区教育局"]
    short = get("/harvest/search_any_word.json?_shape=array&q=" + quote("教育"))
    assert [r["agency"] for r in short] == ["白山市浑江区教育局"]
