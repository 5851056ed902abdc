"""The canned query ``expected_not_found``: the agency-years a crawled region owes and no crawl
found, on a small database whose answer is worked out by hand."""

from __future__ import annotations

from pathlib import Path

from harvester.store import schema

QUERY = Path(__file__).resolve().parents[2] / "datasette" / "queries" / "expected_not_found.sql"


def test_owed_agency_years(tmp_path):
    db = schema.connect(tmp_path / "harvest.db")
    db["regions"].insert_all([
        {"slug": "a_new", "name": "某市新区"},
        {"slug": "a_old", "name": "某市旧县", "until": 2020, "successor": "a_new"},
        {"slug": "a_never", "name": "某市未抓县"},  # never crawled: owes nothing
    ])
    db["harvest_runs"].insert_all([{"spider": slug, "started_at": "2026-11-30"}
                                   for slug in ("a_new", "a_old")])
    db["agencies"].insert_all([
        {"id": 1, "region": "a_new", "key": "gov", "name": "某市新区人民政府",
         "kind": "government"},
        {"id": 2, "region": "a_new", "key": "edu", "name": "某市新区教育局", "kind": "bureau"},
    ])
    db["reports"].insert_all([
        {"agency_id": 1, "year": 2019, "region": "a_new", "agency": "某市新区人民政府"},
        {"agency_id": 1, "year": 2022, "region": "a_new", "agency": "某市新区人民政府"},
        {"agency_id": 2, "year": 2019, "region": "a_new", "agency": "某市新区教育局"},
        {"agency_id": 2, "year": 2021, "region": "a_new", "agency": "某市新区教育局"},
    ])
    missing = db.execute(QUERY.read_text(encoding="utf-8")).fetchall()
    # Years 2019-2022 (the reports' span). The new district's government lacks 2020 and 2021;
    # its bureau, published 2019 and 2021, lacks 2020; the old county, abolished after 2020,
    # owes 2019 and 2020 only.
    assert missing == [("a_new", "某市新区人民政府", 2020), ("a_new", "某市新区人民政府", 2021),
                       ("a_new", "某市新区教育局", 2020),
                       ("a_old", "某市旧县人民政府", 2019), ("a_old", "某市旧县人民政府", 2020)]
