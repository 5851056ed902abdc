"""The whole demo web crawled twice into one database, checked against the manifest.

Done means: exactly one ``reports`` row per manifest agency-year, every number the manifest's,
every copy a ``documents`` row of its report, the corrected re-publication's earlier values in
``report_history``; and the second crawl changes nothing but ``harvest_runs``.

Every region is crawled in one process (``python -m harvester crawl``, as a harvest of many
regions runs), with AutoThrottle off, which is polite enough for a web on localhost; the crawl
takes a minute or two, OCR of the scanned reports above all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from harvester.store import filing
from harvester.store.agencies import identify, place_of

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("active_disclosure", "applications", "review_litigation")
# The copies a spider fetches; print views are duplicates spiders leave alone (spiders/page.py).
COPY_ROLES = ("article", "attachment", "image")


def crawl(slugs: list[str], address: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "harvester", "crawl", *slugs, "--concurrent", "4",
         "-s", f"HARVEST_DB={tmp_path / 'harvest.db'}",
         "-s", f"HARVEST_STORE={tmp_path / 'documents'}", "-s", f"DEMO_WEB={address}",
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
         "-s", "LOG_LEVEL=ERROR"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-2000:]


def tables(database: sqlite_utils.Database) -> dict:
    return {name: list(database[name].rows) for name in database.table_names()
            if name != "harvest_runs" and not name.startswith("reports_fts")}


@pytest.fixture(scope="module")
def harvested(demo_web, tmp_path_factory):
    """Every demo region crawled twice through the session's demo web (tests/conftest.py);
    yields the manifest, the database, and its tables after the first crawl."""
    tmp_path = tmp_path_factory.mktemp("demo")
    crawl(list(demo_web.manifest), demo_web.address, tmp_path)
    database = sqlite_utils.Database(tmp_path / "harvest.db")
    first = tables(database)
    crawl(list(demo_web.manifest), demo_web.address, tmp_path)
    yield demo_web.manifest, database, first
    database.close()


def expected_reports(manifest: dict) -> dict[tuple[str, str, int], dict]:
    """(region, canonical agency, year) -> manifest entry, for every entry not wholly blocked."""
    expected = {}
    for slug, region in manifest.items():
        for entry in region["reports"]:
            if not entry["blocked"]:
                agency, _ = identify(entry["agency"], place_of(slug))
                expected[(slug, agency.name, entry["year"])] = entry
    return expected


def test_one_row_per_manifest_agency_year(harvested):
    manifest, database, _ = harvested
    rows = {(r["region"], r["agency"], r["year"]) for r in database["reports"].rows}
    expected = set(expected_reports(manifest))
    assert sorted(expected - rows) == [], "agency-years not harvested"
    assert sorted(rows - expected) == [], "rows the manifest does not know"


def differing(stored: dict, truth: dict) -> list[tuple[str, str]]:
    """(row, field) of every number one side states and the other does not, or states
    otherwise."""
    return sorted((row, name) for row in {*truth, *stored}
                  for name in {*truth.get(row, {}), *stored.get(row, {})}
                  if truth.get(row, {}).get(name) != stored.get(row, {}).get(name))


# OCR misreads a cell now and then; a report read that way must say so, and may be off in this
# share of its numbers at most.
OCR_TOLERANCE = 0.05


def test_every_number_is_the_manifests(harvested):
    manifest, database, _ = harvested
    rows = {(r["region"], r["agency"], r["year"]): r for r in database["reports"].rows}
    wrong = []
    for key, entry in expected_reports(manifest).items():
        stored = filing.report_values(database, rows[key]["id"])
        differences = {}
        for section in SECTIONS:
            cells = differing(stored.get(section) or {}, entry.get(section) or {})
            if entry["requires"]:
                # Read through a file reader or OCR: what is stored must be true, and a value
                # the reader could not read may be missing.
                cells = [(row, name) for row, name in cells
                         if name in stored.get(section, {}).get(row, {})]
            if cells:
                differences[section] = cells
        if "ocr" in entry["requires"] and rows[key]["ocr"]:
            values = sum(len(fields) for section in SECTIONS
                         for fields in (entry.get(section) or {}).values())
            if sum(map(len, differences.values())) <= OCR_TOLERANCE * values:
                differences = {}
        wrong += [(key, section, rows[key]["canonical_url"], len(cells), cells[:3])
                  for section, cells in differences.items()]
    assert wrong == []


def test_reports_before_2019_are_stored_with_the_figures_their_prose_states(harvested):
    manifest, database, _ = harvested
    rows = {(r["region"], r["agency"], r["year"]): r for r in database["reports"].rows}
    legacy = {key: entry for key, entry in expected_reports(manifest).items()
              if entry["template"] == "legacy"}
    assert len(legacy) >= 50
    wrong = []
    for key, entry in legacy.items():
        stated: dict = {}
        for figure in filing.report_figures(database, rows[key]["id"]):
            stated.setdefault(figure["key"], figure["value"])
        if stated != entry["figures"] or rows[key]["template"] != "legacy":
            wrong.append((key, stated, entry["figures"]))
    assert wrong == []
    series = [row["year"] for row in database.query(
        "SELECT year FROM agency_series WHERE agency = '韶关市武江区人民政府' "
        "AND applications_new IS NOT NULL AND reviews IS NOT NULL")]
    assert series == list(range(2010, 2025))


def test_every_copy_is_a_document_of_its_report(harvested):
    manifest, database, _ = harvested
    rows = {(r["region"], r["agency"], r["year"]): r["id"] for r in database["reports"].rows}
    documents = {(d["url"], d["report_id"]) for d in database["documents"].rows}
    missing = [(url["url"], key) for key, entry in expected_reports(manifest).items()
               for url in entry["urls"]
               if url["role"] in COPY_ROLES and not url.get("blocked")
               and (url["url"], rows[key]) not in documents]
    assert missing == []


def test_the_corrected_republication_keeps_its_earlier_values(harvested):
    manifest, database, _ = harvested
    superseded = [url for region in manifest.values() for entry in region["reports"]
                  for url in entry["urls"] if url.get("values")]
    assert superseded, "the demo web has a corrected re-publication"
    history = {row["url"]: row for row in database["report_history"].rows}
    for url in superseded:
        earlier = json.loads(history[url["url"]]["report"])
        for section in SECTIONS:
            assert earlier.get(section) == url["values"].get(section), section


def test_the_second_crawl_changes_nothing_but_harvest_runs(harvested):
    manifest, database, first = harvested
    assert tables(database) == first
    runs = list(database["harvest_runs"].rows)
    assert len(runs) == 2 * len(manifest)
    for run in runs[len(manifest):]:
        assert (run["new"], run["changed"], run["finish_reason"]) == (0, 0, "finished")
        assert run["unchanged"] > 0


def test_datasette_publishes_the_harvest(harvested):
    from tests.support.datasette import serving

    manifest, database, _ = harvested
    with serving(Path(database.conn.execute("PRAGMA database_list").fetchone()[2])) as get:
        facets = get("/harvest/reports.json?_facet=region")["facet_results"]["region"]
        by_region = {item["value"]: item["count"] for item in facets["results"]}
        assert by_region == {slug: sum(1 for e in region["reports"] if not e["blocked"])
                             for slug, region in manifest.items()}
        history = get("/harvest/report_history.json?_shape=array")
        assert len(history) >= 1
        failing = get("/harvest/reports_failing_identities.json?_shape=array&_size=max")
        assert failing


def test_a_demo_harvest_says_so_and_the_publication_marks_it(harvested):
    from tests.support.datasette import serving

    _, database, _ = harvested
    counted = [json.loads(stats).get("harvester/demo_web", 0)
               for (stats,) in database.execute("SELECT stats FROM harvest_runs")]
    assert counted and all(count > 0 for count in counted)  # every request went to the demo web
    path = Path(database.conn.execute("PRAGMA database_list").fetchone()[2])
    with serving(path, text=True) as get:
        assert "demo-notice" in get("/harvest")
