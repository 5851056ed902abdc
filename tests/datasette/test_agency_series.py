"""The canned query ``agency_series``: one demo agency's figures from 2010 to 2024, from its
tables since 2019 and from the prose of its reports before, through a real ``datasette``.

The database holds what the demo web serves for 韶关市武江区人民政府, every year fetched,
cleaned, parsed and stored as a crawl does; the expected values are the demo catalog's truth
(the manifest: tables, or a legacy report's ``figures``)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from harvester.store import schema
from pipelines.store import store_item
from tests.support.datasette import serving
from tests.support.harvest import Harvest, make_item

WUJIANG = "guangdong_shaoguan_wujiang"
AGENCY = "韶关市武江区人民政府"


def table_total(entry: dict, section: str, row: str) -> int | None:
    return (entry.get(section) or {}).get(row, {}).get("total")


def expected_row(entry: dict) -> dict:
    """The series row the catalog's truth gives for one agency-year."""
    figures = entry.get("figures")
    if figures is not None:  # a report before 2019: its prose
        return {"applications_new": figures["applications.new.total"],
                "applications_handled": figures.get("applications.answered.total"),
                "granted": figures.get("applications.granted.total"),
                "reviews": figures["review_litigation.review.total"],
                "lawsuits": figures["review_litigation.litigation.total"],
                "active_disclosure_items": figures["active_disclosure.items"],
                "source": "text"}
    direct = table_total(entry, "review_litigation", "litigation_direct")
    after = table_total(entry, "review_litigation", "litigation_after_review")
    return {"applications_new": table_total(entry, "applications", "new"),
            "applications_handled": table_total(entry, "applications", "total"),
            "granted": table_total(entry, "applications", "granted"),
            "reviews": table_total(entry, "review_litigation", "review"),
            "lawsuits": direct + after, "source": "table"}


@pytest.fixture(scope="module")
def series_api(demo_web, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("series")
    harvest = Harvest(tmp_path)
    database = schema.connect(harvest.database_path)
    entries = [entry for entry in demo_web.manifest[WUJIANG]["reports"]
               if entry["agency"] == AGENCY]
    for entry in entries:
        url = next(u["url"] for u in entry["urls"] if u["role"] == "article")
        fetched = demo_web.fetch(url)
        item = harvest(make_item(url, fetched.body, region=WUJIANG, year=entry["year"],
                                 title=entry["title"],
                                 content_type=fetched.headers.get("content-type")))
        store_item(database, item, run_id=None)
    database.close()
    with serving(harvest.database_path) as get:
        yield get, {entry["year"]: entry for entry in entries}


def test_the_canned_query_gives_one_agency_from_2010_to_2024(series_api):
    get, truth = series_api
    rows = get(f"/harvest/agency_series.json?_shape=array&agency={quote('武江区人民政府')}")
    assert [row["year"] for row in rows] == list(range(2010, 2025))
    assert {row["agency"] for row in rows} == {AGENCY}
    for row in rows:
        entry = truth[row["year"]]
        expected = expected_row(entry)
        assert {key: row[key] for key in expected} == expected, row["year"]
        assert row["template"] == entry["template"]
    legacy = [row for row in rows if row["year"] < 2019]
    assert len(legacy) == 9 and all(row["source"] == "text" for row in legacy)


def test_the_figures_view_lists_each_figure_with_its_source(series_api):
    get, truth = series_api
    rows = get("/harvest/figures.json?_shape=array&_size=max&year=2012"
               "&key=active_disclosure.items")
    (row,) = rows
    assert (row["source"], row["value"], row["unit"]) == (
        "text", truth[2012]["figures"]["active_disclosure.items"], "条")
    assert str(row["value"]) in row["sentence"]
    rows = get("/harvest/figures.json?_shape=array&year=2023&key=applications.new.total")
    assert {(r["source"], r["value"]) for r in rows} == {
        ("table", truth[2023]["applications"]["new"]["total"])}
