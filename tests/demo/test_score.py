"""``python -m harvester demo score``: the scoring functions on hand-made inputs, then a real
harvest of a small discovery web from its home pages alone."""

from __future__ import annotations

import json
import sqlite3

import pytest

from harvester.demo import cli
from harvester.demo.discovery import FAMILIES
from harvester.demo.score import found_in, normal_url, report_lines, score

# Two regions by hand. 甲区 (family a): three columns, four reports of which one is blocked
# (so three to find). 乙区 (family b): one column, one report.
MANIFEST = {
    "r1": {"name": "示范市甲区", "family": "a",
           "columns": ["http://www.a.gov.cn/ndbg/index.html", "http://www.a.gov.cn/ndbg/bm/",
                       "http://www.a.gov.cn/list.action?pageNo=1&columnid=12"],
           "reports": [{"agency": "示范市甲区人民政府", "year": 2020, "blocked": []},
                       {"agency": "示范市甲区人民政府", "year": 2021, "blocked": []},
                       {"agency": "甲区教育局", "year": 2021, "blocked": []},
                       {"agency": "甲区财政局", "year": 2022, "blocked": ["waf-412"]}]},
    "r2": {"name": "示范市乙区", "family": "b", "columns": ["http://xxgk.b.gov.cn/ndbg/"],
           "reports": [{"agency": "示范市乙区人民政府", "year": 2023, "blocked": []}]},
}


def test_urls_are_compared_without_scheme_index_file_or_query_order():
    assert normal_url("http://WWW.a.gov.cn/ndbg/index.html") == "www.a.gov.cn/ndbg"
    assert normal_url("https://www.a.gov.cn/ndbg/") == "www.a.gov.cn/ndbg"
    assert normal_url("http://www.a.gov.cn/l.action?columnid=12&pageNo=1") == \
        normal_url("http://www.a.gov.cn/l.action?pageNo=1&columnid=12")
    assert normal_url("http://www.a.gov.cn/list/cid/1704") != \
        normal_url("http://www.a.gov.cn/list/cid/1705")


def test_recall_and_precision_known_by_hand():
    found = {"p_a": {
        # Two of the three columns (one spelled otherwise), and one the manifest lacks.
        "columns": ["https://www.a.gov.cn/ndbg/", "http://www.a.gov.cn/ndbg/bm/index.html",
                    "http://www.a.gov.cn/qita/"],
        # Two of the three reports, the blocked one's row (not expected) and a look-alike.
        "reports": {("示范市甲区人民政府", 2020), ("示范市甲区教育局", 2021),
                    ("示范市甲区财政局", 2022), ("示范市甲区统计局", 2023)},
        "family": "generic", "cms": "", "handoff": []}}
    result = score(MANIFEST, found, {"r1": "p_a", "r2": "p_b"})
    first = result["regions"]["r1"]
    assert first["columns"]["recall"] == pytest.approx(2 / 3)
    assert first["columns"]["precision"] == pytest.approx(2 / 3)
    assert first["reports"]["recall"] == pytest.approx(2 / 3)
    assert first["reports"]["precision"] == pytest.approx(2 / 4)
    assert first["missed_reports"] == [("示范市甲区人民政府", 2021)]
    # 乙区 left nothing: recall 0, precision undefined, and it is listed as empty.
    second = result["regions"]["r2"]
    assert second["columns"]["recall"] == 0 and second["columns"]["precision"] is None
    assert result["empty"] == ["r2"]
    overall = result["overall"]
    assert overall["portals"] == 2
    assert overall["columns"]["recall"] == pytest.approx(2 / 4)
    assert overall["reports"]["recall"] == pytest.approx(2 / 4)
    assert overall["reports"]["precision"] == pytest.approx(2 / 4)
    assert set(result["families"]) == {"a", "b"}
    assert result["families"]["b"]["reports"]["expected"] == 1
    lines = report_lines(result, {"www.gov.cn": 2})
    [overall_line] = [line for line in lines if line.startswith("overall")]
    # Columns: 2 of the 4 listed found, 2 of the 3 found right; reports: 2 of 4, 2 of 4.
    assert overall_line.split() == ["overall", "2", "50%", "67%", "(3/4)", "50%", "50%", "(4/4)"]
    assert lines[-2] == "regions whose home page gave nothing: r2"
    assert lines[-1] == "offsite and mirror hosts requested: www.gov.cn (2)"


def test_what_a_harvest_left_is_read_from_its_database(tmp_path):
    database = tmp_path / "h.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE harvest_runs (id INTEGER PRIMARY KEY, spider TEXT, "
                           "stats TEXT)")
        connection.execute("CREATE TABLE reports (region TEXT, agency TEXT, year INTEGER)")
        connection.executemany("INSERT INTO harvest_runs (spider, stats) VALUES (?, ?)", [
            ("p_a", json.dumps({"harvest/discovery/column": "http://old/"})),
            ("p_a", json.dumps({"harvest/discovery/columns": ["http://b/", "http://a/"],
                                "harvest/discovery/family": "generic",
                                "harvest/discovery/handoff": ["xxgk.sfshi.gov.cn"]})),
            ("p_b", json.dumps({"harvest/discovery/column": "http://c/"}))])
        connection.executemany("INSERT INTO reports VALUES (?, ?, ?)", [
            ("p_a", "示范市甲区人民政府", 2020), ("p_a", "示范市甲区人民政府", 2021)])
    found = found_in(database)
    assert found["p_a"]["columns"] == ["http://a/", "http://b/"]  # the latest crawl's
    assert found["p_a"]["handoff"] == ["xxgk.sfshi.gov.cn"]
    assert found["p_a"]["reports"] == {("示范市甲区人民政府", 2020), ("示范市甲区人民政府", 2021)}
    assert found["p_b"]["columns"] == ["http://c/"]  # an older crawl's single column
    assert found["p_b"]["reports"] == set()


def test_demo_score_finds_every_column_and_report_from_the_home_pages(tmp_path, capsys):
    """A real run: nine portals, one of each family of the discovery web, harvested from a
    registry that names only their home pages."""
    database = tmp_path / "score.db"
    code = cli.main(["score", "--portals", str(len(FAMILIES)), "--seed", "3",
                     "--db", str(database), "--json"])
    assert code == 0
    printed = capsys.readouterr().out
    result = json.loads(printed[printed.index("{"):])
    overall = result["score"]["overall"]
    assert overall["portals"] == 9
    assert overall["reports"]["expected"] > 150
    assert overall["reports"]["recall"] >= 0.95
    assert overall["reports"]["precision"] >= 0.95
    assert overall["columns"]["recall"] >= 0.95
    assert overall["columns"]["precision"] >= 0.95
    for family, row in result["score"]["families"].items():
        assert row["reports"]["recall"] >= 0.9, family
    assert result["score"]["empty"] == []
    # The central portal, the province, its service platform and the mirrors: never asked.
    assert result["offsite"] == {}
    # The L4 portal was handed to the prefecture's platform, and only there.
    handed = [region["handoff"] for region in result["score"]["regions"].values()
              if region["family"] == "prefecture_platform"]
    assert handed == [["xxgk.sfshi.gov.cn"]]
    # The family named from the pages: none on the home pages of the unknown shapes, whose
    # columns are read as generic lists; Hanweb's home page gives its CMS away.
    seen = {region["family"]: (region["cms"], region["found_family"])
            for region in result["score"]["regions"].values()}
    assert seen["struts_action"] == ("", "generic")
    assert seen["xxgk_subdomain"] == ("", "generic")
    assert seen["hanweb"] == ("hanweb", "hanweb")
    assert seen["trs_static"][1] == "trs_static"
