"""The harvest database: one row per agency-year, copies, corrections, history, idempotence,
transactions, full-text search in Chinese."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest

from harvester.store import filing, schema
from harvester.store.export import report_objects
from harvester.store.health import region_health
from pipelines.keep_original import blob_path
from pipelines.recall import RecallPipeline
from pipelines.store import store_item
from tests.support.harvest import Harvest, article_page, make_item, make_report

BASE = "http://www.hunjiang.gov.cn/zwgk/zfxxgknb/"


def store(harvest, database, url, body, **fields):
    return store_item(database, harvest(make_item(url, body, **fields)), run_id=None)


def dump(database) -> dict:
    """Every row of every table but harvest_runs."""
    return {table: list(database[table].rows) for table in database.table_names()
            if table != "harvest_runs" and not table.startswith("reports_fts")}


def stored_values(database, report_id) -> dict:
    return filing.report_values(database, report_id)


def numbers(report: dict) -> dict:
    return {k: report[k] for k in ("active_disclosure", "applications", "review_litigation")
            if k in report}


def test_copies_corrections_and_a_second_crawl(harvest, database):
    original = make_report("浑江区教育局", 2022)
    corrected = copy.deepcopy(original)
    corrected["applications"]["granted"]["natural_person"] += 1
    corrected["applications"]["granted"]["total"] += 1
    documents = [
        (BASE + "2022/bm/t20230128_1.html", article_page(original, "2023-01-28")),
        ("http://www.hunjiang.gov.cn/bmxxgk/jyj/t20230128_1.html",
         article_page(original, "2023-01-28")),
        (BASE + "2022/bm/t20230301_2.html", article_page(corrected, "2023-03-01")),
    ]
    outcomes = [store(harvest, database, url, body)[0] for url, body in documents]
    assert outcomes == ["new", "copy", "changed"]
    (report,) = database["reports"].rows
    assert (report["agency"], report["year"]) == ("白山市浑江区教育局", 2022)
    assert report["canonical_url"] == documents[2][0]
    assert report["published"] == "2023-03-01"
    assert stored_values(database, report["id"]) == numbers(corrected)
    (history,) = database["report_history"].rows
    assert history["published"] == "2023-01-28"
    assert history["superseded_by"] == report["document_id"]
    assert database["documents"].count == 3
    assert {c["check"] for c in database["checks"].rows} >= {"republished"}

    before = dump(database)
    assert [store(harvest, database, url, body)[0] for url, body in documents] == \
        ["unchanged"] * 3
    assert dump(database) == before


def test_the_earlier_version_arriving_last_goes_to_history(harvest, database):
    original = make_report("浑江区财政局", 2021, seed=4)
    corrected = copy.deepcopy(original)
    corrected["review_litigation"]["review"]["upheld"] += 1
    corrected["review_litigation"]["review"]["total"] += 1
    assert store(harvest, database, BASE + "b.html", article_page(corrected, "2022-04-01"))[0] \
        == "new"
    assert store(harvest, database, BASE + "a.html", article_page(original, "2022-02-01"))[0] \
        == "earlier_version"
    (report,) = database["reports"].rows
    assert stored_values(database, report["id"]) == numbers(corrected)
    (history,) = database["report_history"].rows
    assert history["url"] == BASE + "a.html"


def test_spellings_of_one_agency_make_one_row(harvest, database):
    report = make_report("白山市浑江区人民政府", 2021, seed=2)
    same = copy.deepcopy(report)
    same["agency"] = "浑江区政府"
    store(harvest, database, BASE + "1.html", article_page(report, "2022-01-10"))
    store(harvest, database, "http://www.cbs.gov.cn/x.html", article_page(same, "2022-01-10"))
    (row,) = database["reports"].rows
    assert row["agency"] == "白山市浑江区人民政府"
    (agency,) = database["agencies"].rows
    assert agency["kind"] == "government"
    assert database["documents"].count == 2


def test_absent_values_are_absent_rows_never_zero(harvest, database):
    report = make_report("浑江区民政局", 2022, seed=3)
    del report["review_litigation"]
    del report["applications"]["carried_forward"]
    _, report_id = store(harvest, database, BASE + "p.html", article_page(report, "2023-02-01"))
    assert database["review_litigation"].count == 0
    assert database.execute("SELECT count(*) FROM applications WHERE item = 'carried_forward'"
                            ).fetchone()[0] == 0
    assert stored_values(database, report_id) == numbers(report)
    warnings = {c["check"] for c in database["checks"].rows if c["severity"] == "warning"}
    assert "missing_section" in warnings


@pytest.mark.parametrize("later_first", [True, False])
def test_carried_over_mismatch_is_a_check_whichever_year_comes_first(harvest, database,
                                                                     later_first):
    earlier = make_report("浑江区司法局", 2021, seed=5)
    later = make_report("浑江区司法局", 2022, seed=6)
    earlier["applications"]["carried_forward"].update(natural_person=3, total=3)
    later["applications"]["carried_over"].update(natural_person=1, total=1)
    pages = [(BASE + "2021.html", article_page(earlier, "2022-01-20")),
             (BASE + "2022.html", article_page(later, "2023-01-20"))]
    for url, body in reversed(pages) if later_first else pages:
        store(harvest, database, url, body)
    (mismatch,) = [c for c in database["checks"].rows if c["check"] == "carried_over_mismatch"]
    assert "2021 carried forward is not 2022 carried over" in mismatch["message"]
    assert "natural_person 3→1" in mismatch["message"] and "total 3→1" in mismatch["message"]


def test_documents_that_are_no_report_are_kept_without_a_row(harvest, database):
    notice = ("<html><body><div class='TRS_Editor'><p>浑江区关于开展2022年度企业年报公示工作的"
              "通知</p><p>各企业：请于6月30日前完成年报公示。</p></div></body></html>").encode()
    outcome, report_id = store(harvest, database, BASE + "notice.html", notice)
    assert (outcome, report_id) == ("not_report", None)
    blocked = store(harvest, database, BASE + "blocked.html", b"<html></html>", status=412)
    assert blocked == ("failed", None)
    assert database["reports"].count == 0
    rows = {row["url"]: row for row in database["documents"].rows}
    assert rows[BASE + "blocked.html"]["outcome"] == "failed"
    assert {c["check"] for c in database["checks"].rows} >= {"not_annual_report", "http_error"}


def test_a_failure_inside_the_write_leaves_no_half_report(harvest, database, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(filing, "reconcile_report", broken)
    item = harvest(make_item(BASE + "k.html", article_page(make_report(), "2023-01-28")))
    with pytest.raises(RuntimeError):
        store_item(database, item, run_id=None)
    for table in ("documents", "checks", "agencies", "reports", "applications"):
        assert database[table].count == 0, table


def test_wal_mode_and_chinese_full_text_search(harvest, database):
    store(harvest, database, BASE + "w.html",
          article_page(make_report("浑江区应急管理局", 2022, seed=7), "2023-01-28"))
    store(harvest, database, BASE + "v.html",
          article_page(make_report("浑江区司法局", 2022, seed=8), "2023-01-28"))
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    found = database.execute(
        "SELECT r.agency FROM reports_fts JOIN reports r ON r.id = reports_fts.rowid "
        "WHERE reports_fts MATCH ?", ["应急管"]).fetchall()
    assert found == [("白山市浑江区应急管理局",)]
    assert database["reports"].search("司法局") and \
        [r["agency"] for r in database["reports"].search("司法局")] == ["白山市浑江区司法局"]


def test_labels_cover_every_key_and_the_wide_view_prints_the_template(harvest, database):
    report = make_report("浑江区教育局", 2022, seed=9)
    _, report_id = store(harvest, database, BASE + "t.html", article_page(report, "2023-01-28"))
    labels = {(r["kind"], r["key"], r["template"]): r["label"] for r in database["labels"].rows}
    assert labels[("application_row", "withheld_state_secret", "2021")] == \
        "（三）不予公开 1.属于国家秘密"
    assert labels[("applicant_column", "natural_person", "")] == "自然人"
    wide = list(database.query("SELECT * FROM applications_wide WHERE report_id = ?",
                               [report_id]))
    assert [row["item"] for row in wide] == list(report["applications"])
    new = wide[0]
    assert new["label"] == "一、本年新收政府信息公开申请数量"
    assert new["natural_person"] == report["applications"]["new"]["natural_person"]
    assert new["total"] == report["applications"]["new"]["total"]


def test_a_stored_document_is_recalled_not_parsed_or_kept_again(harvest, database, monkeypatch):
    """A re-crawl's revalidated document, in the crawl's order: recall, keep, clean, parse,
    store. Its parse comes from the database, its fetch record is not read again, and the
    store writes nothing."""
    from pipelines import parse as parse_module

    body = article_page(make_report("浑江区教育局", 2022, seed=10), "2023-01-28")
    first = harvest(make_item(BASE + "again.html", body))
    expected = {k: v for k, v in first.parsed.items() if k != "text"}
    outcome, report_id = store_item(database, first, run_id=None)
    assert outcome == "new"
    stored = dump(database)

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed twice")

    def no_sidecar(path, *args, **kwargs):
        raise AssertionError(f"read {path} again")

    monkeypatch.setattr(parse_module, "parse_document", no_parsing)
    monkeypatch.setattr(Path, "read_text", no_sidecar)
    recall = RecallPipeline(str(harvest.database_path))
    recall.open_spider()
    item = recall.process_item(make_item(BASE + "again.html", body))
    recall.close_spider()
    document_id = database.execute("SELECT id FROM documents WHERE url = ?",
                                   [BASE + "again.html"]).fetchone()[0]
    assert item.sha256 == first.sha256
    assert item.recalled == {"id": document_id, "report_id": report_id}
    for step in harvest.steps:
        item = step(item)
    assert {k: v for k, v in item.parsed.items() if k != "text"} == expected
    assert "本年新收" in item.parsed["text"]
    assert store_item(database, item, run_id=None) == ("unchanged", report_id)
    assert dump(database) == stored


def test_a_recalled_document_missing_from_the_store_is_kept_again(harvest, database, tmp_path):
    """The database says the document was kept; a store emptied since gets it back, with its
    fetch record."""
    body = article_page(make_report("浑江区教育局", 2022, seed=11), "2023-01-28")
    store_item(database, harvest(make_item(BASE + "kept.html", body)), run_id=None)
    for path in (tmp_path / "documents").rglob("*.*"):
        path.unlink()
    recall = RecallPipeline(str(harvest.database_path))
    recall.open_spider()
    item = harvest(recall.process_item(make_item(BASE + "kept.html", body)))
    recall.close_spider()
    assert item.recalled is not None
    blob = blob_path(tmp_path / "documents", item.sha256)
    assert blob.read_bytes() == body
    fetches = json.loads(blob.with_suffix(".json").read_text(encoding="utf-8"))["fetches"]
    assert [fetch["url"] for fetch in fetches] == [BASE + "kept.html"]


def test_other_bytes_at_a_stored_url_are_not_recalled(harvest, database):
    first = article_page(make_report("浑江区教育局", 2022, seed=12), "2023-01-28")
    store_item(database, harvest(make_item(BASE + "moved.html", first)), run_id=None)
    recall = RecallPipeline(str(harvest.database_path))
    recall.open_spider()
    corrected = article_page(make_report("浑江区教育局", 2022, seed=13), "2023-01-28")
    changed = recall.process_item(make_item(BASE + "moved.html", corrected))
    elsewhere = recall.process_item(make_item(BASE + "copy.html", first))
    recall.close_spider()
    assert (changed.recalled, changed.parsed) == (None, None)
    assert (elsewhere.recalled, elsewhere.parsed) == (None, None)


def test_the_store_files_a_document_under_the_agency_year_identify_gave_it(harvest, database):
    """The store takes the item's identity as it is, without working it out again: an identity
    that says 2021 files the 2022 report under 2021."""
    body = article_page(make_report("浑江区教育局", 2022, seed=14), "2023-01-28")
    item = harvest(make_item(BASE + "once.html", body))
    item.identity = dataclasses.replace(item.identity, year=2021)
    outcome, report_id = store_item(database, item, run_id=None)
    assert outcome == "new"
    report = database["reports"].get(report_id)
    assert (report["region"], report["agency"], report["year"]) == (
        "jilin_baishan_hunjiang", "白山市浑江区教育局", 2021)


def test_a_document_stored_without_the_identify_pipeline_is_identified_the_same(tmp_path):
    """A script that stores parsed items itself gets the rows a crawl writes, the identify
    step's checks (here the listing's other year) included."""
    body = article_page(make_report("浑江区教育局", 2022, seed=15), "2023-01-28")
    dumps = []
    for name, steps in (("crawl", slice(None)), ("script", slice(-1))):
        harvest = Harvest(tmp_path / name)
        item = make_item(BASE + "script.html", body, year=2021)
        for step in harvest.steps[steps]:
            item = step(item)
        database = schema.connect(harvest.database_path)
        store_item(database, item, run_id=None)
        dumps.append(dump(database))
        database.close()
    assert dumps[0] == dumps[1]
    assert [c["check"] for c in dumps[1]["checks"] if c["source"] == "harvest"] == [
        "year_conflict"]


def test_regions_carry_the_registry_facts_of_each_division(database):
    """The province, the source of the home page, its probe and a renamed division's last year
    and successor, as harvester/registry_national.toml gives them (typed from the file)."""
    from harvester.registry import load_regions
    from pipelines.store import region_row
    regions = load_regions()
    schema.sync_regions(database, [region_row(regions[slug]) for slug in (
        "zhejiang_hangzhou_xihu", "beijing_miyunxian")])
    xihu = database["regions"].get("zhejiang_hangzhou_xihu")
    assert (xihu["province"], xihu["province_name"], xihu["probe"], xihu["until"]) == (
        "330000", "浙江省", "direct", None)
    assert xihu["home_source"] == "registry_data/portals.csv (matched by exact_parent)"
    miyun = database["regions"].get("beijing_miyunxian")
    assert (miyun["until"], miyun["successor"], miyun["home_source"]) == (
        2015, "beijing_miyun", "the successor's (beijing_miyun)")


def test_an_older_database_gets_the_region_columns_added(tmp_path):
    path = tmp_path / "old.db"
    import sqlite3
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE regions (slug TEXT PRIMARY KEY, name TEXT NOT NULL, "
                           "code TEXT, level TEXT, parent TEXT, parent_name TEXT, home TEXT, "
                           "hosts TEXT)")
        connection.execute("INSERT INTO regions (slug, name) VALUES ('a_b', '某县')")
    database = schema.connect(path)
    assert {"province", "until", "successor", "probe"} <= set(database["regions"].columns_dict)
    assert database["regions"].get("a_b")["name"] == "某县"
    schema.connect(path).close()  # up to date: nothing to add the second time


def test_regions_are_written_only_when_the_registry_changes(database):
    region = {"slug": "hebei_xingtai_qinghe", "name": "邢台市清河县", "code": "130534",
              "level": "county", "parent": "130500", "parent_name": "邢台市",
              "home": "http://www.qinghe.test/", "hosts": '["www.qinghe.test"]'}
    schema.sync_regions(database, [region])
    changes = database.conn.total_changes
    schema.sync_regions(database, [region])
    schema.sync_labels(database)
    assert database.conn.total_changes == changes
    schema.sync_regions(database, [{**region, "home": "https://www.qinghe.test/"}])
    assert database["regions"].get("hebei_xingtai_qinghe")["home"] == "https://www.qinghe.test/"


def test_a_new_database_has_the_region_health_view(tmp_path):
    """The view is part of the schema: Datasette finds it in the database a plain ``scrapy
    crawl`` made, before any harvest summary has read it."""
    database = schema.connect(tmp_path / "crawled.db")
    assert list(database.query("SELECT * FROM region_health")) == []
    for found in (5, 2):
        database["harvest_runs"].insert({
            "spider": "jilin_baishan_hunjiang", "started_at": "2026-11-01T08:00:00",
            "finished_at": "2026-11-01T09:00:00", "finish_reason": "finished", "found": found,
            "stats": "{}"})
    # Fewer documents than the crawl before, neither blocked nor timed out.
    assert list(database.query("SELECT region, found, previous_found, health FROM region_health")
                ) == [{"region": "jilin_baishan_hunjiang", "found": 2, "previous_found": 5,
                       "health": "layout changed"}]
    database.close()


def test_a_database_older_than_the_health_view_gets_it_when_read(tmp_path):
    path = tmp_path / "old.db"
    database = schema.connect(path)
    database.execute("DROP VIEW region_health")
    database["harvest_runs"].insert({"spider": "jilin_baishan_hunjiang",
                                     "started_at": "2026-11-01T08:00:00"})
    database.close()
    assert [(row["region"], row["health"]) for row in region_health(path)] == [
        ("jilin_baishan_hunjiang", "unfinished")]


def test_parallel_crawls_write_one_new_database_at_once(tmp_path):
    """Two crawls start together on a file that does not exist yet and interleave their
    writes; none may fail with "database is locked"."""
    from concurrent.futures import ThreadPoolExecutor

    from harvester.items import ReportDocument

    path = tmp_path / "harvest.db"
    years = range(2012, 2026)

    def crawl(agency: str) -> None:
        database = schema.connect(path)
        for year in years:
            report = make_report(agency, year, seed=year)
            item = ReportDocument(region="jilin_baishan_hunjiang", url=f"{BASE}{agency}/{year}",
                                  body=b"", sha256=f"{agency}{year}", parsed=report,
                                  fetched_at="2026-11-01T08:00:00+00:00")
            store_item(database, item, run_id=None)
        database.close()

    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(crawl, agency) for agency in ("浑江区教育局", "浑江区财政局")]:
            done.result()
    database = schema.connect(path)
    assert database["reports"].count == 2 * len(years)
    assert database["documents"].count == 2 * len(years)


def test_a_report_read_by_ocr_is_marked_in_the_row_and_the_export(harvest, database):
    scanned = make_report("浑江区民政局", 2022, seed=9)
    item = harvest(make_item(BASE + "scan.html", article_page(scanned, "2023-02-01")))
    item.parsed["ocr"] = True  # as the parser marks a document its OCR reader read
    store_item(database, item, run_id=None)
    plain = make_report("浑江区财政局", 2022, seed=10)
    store(harvest, database, BASE + "plain.html", article_page(plain, "2023-02-02"))
    marks = {row["agency"]: row["ocr"] for row in database["reports"].rows}
    assert marks == {"白山市浑江区民政局": 1, "白山市浑江区财政局": 0}
    exported = {report["agency"]: report for report in report_objects(database)}
    assert exported["白山市浑江区民政局"]["ocr"] is True
    assert "ocr" not in exported["白山市浑江区财政局"]
