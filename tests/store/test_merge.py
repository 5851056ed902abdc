"""``python -m harvester merge``: shard databases that overlap merge into the database one
harvest of everything would have built."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from harvester.store import filing, schema
from pipelines.store import registry_rows, store_item
from tests.support.harvest import Harvest, article_page, make_item, make_report

ROOT = Path(__file__).resolve().parents[2]
HOST = "http://www.hunjiang.gov.cn/zwgk/zfxxgknb"


def corrected(report: dict) -> dict:
    fixed = copy.deepcopy(report)
    fixed["active_disclosure"]["licensing"]["decisions"] += 1
    return fixed


def documents() -> dict[str, tuple[str, bytes, dict]]:
    """Five fetched documents: three agency-years, one of them also on a second URL, and a
    corrected re-publication of another."""
    education = make_report("浑江区教育局", 2022, seed=1)
    health = make_report("浑江区卫生健康局", 2022, seed=2)
    government = make_report("白山市浑江区人民政府", 2021, seed=3)
    return {
        "education": (f"{HOST}/202301/t20230110_1.html", article_page(education, "2023-01-10"),
                      {}),
        "education_copy": (f"{HOST}/bm/jyj/202301/t20230110_9.html",
                           article_page(education, "2023-01-10"), {}),
        "health": (f"{HOST}/202301/t20230112_2.html", article_page(health, "2023-01-12"), {}),
        "government": (f"{HOST}/202201/t20220120_3.html",
                       article_page(government, "2022-01-20"), {}),
        "government_corrected": (f"{HOST}/202203/t20220301_4.html",
                                 article_page(corrected(government), "2022-03-01"), {}),
    }


def build(tmp_path: Path, name: str, keys: list[str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    harvest = Harvest(folder)
    database = schema.connect(harvest.database_path)
    schema.sync_regions(database, registry_rows())
    run_id = database["harvest_runs"].insert({"spider": f"shard-{name}",
                                              "started_at": f"2026-11-0{len(keys)}"}).last_pk
    for key in keys:
        url, body, fields = documents()[key]
        store_item(database, harvest(make_item(url, body, **fields)), run_id)
    database.close()
    return harvest.database_path


def content(path: Path) -> dict:
    database = schema.connect(path)
    reports = {}
    for row in database.query("SELECT r.*, a.key FROM reports r JOIN agencies a "
                              "ON a.id = r.agency_id"):
        reports[(row["region"], row["key"], row["year"])] = {
            "canonical_url": row["canonical_url"], "template": row["template"],
            "published": row["published"],
            "values": filing.report_values(database, row["id"]),
            "copies": sorted(d["url"] for d in database.query(
                "SELECT url FROM documents WHERE report_id = ?", [row["id"]])),
            "history": sorted(h["url"] for h in database.query(
                "SELECT url FROM report_history WHERE report_id = ?", [row["id"]]))}
    documents_seen = sorted((d["url"], d["sha256"]) for d in database.query(
        "SELECT url, sha256 FROM documents"))
    database.close()
    return {"reports": reports, "documents": documents_seen}


def test_overlapping_shards_merge_into_one_harvest(tmp_path):
    shard_a = build(tmp_path, "a", ["education", "health", "government"])
    shard_b = build(tmp_path, "b", ["health", "education_copy", "government_corrected"])
    whole = build(tmp_path, "whole", ["education", "health", "government", "education_copy",
                                      "government_corrected"])
    merged = tmp_path / "merged.db"
    result = subprocess.run([sys.executable, "-m", "harvester", "merge", str(shard_a),
                             str(shard_b), "-o", str(merged)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "1 already there" in result.stdout  # health was fetched by both shards

    expected, got = content(whole), content(merged)
    assert got == expected
    government = got["reports"][("jilin_baishan_hunjiang", "政府", 2021)]
    # The correction is the row; the first publication is its history.
    assert government["canonical_url"].endswith("t20220301_4.html")
    assert government["history"] == [f"{HOST}/202201/t20220120_3.html"]
    assert len(got["reports"]) == 3
    assert len(got["documents"]) == 5

    database = schema.connect(merged)
    assert database["harvest_runs"].count == 2  # each shard's run, once
    # Each agency as its pages spelled it (the names the reports were rendered with).
    assert {row["key"]: json.loads(row["spellings"]) for row in database["agencies"].rows} == {
        "教育局": ["浑江区教育局"], "卫生健康局": ["浑江区卫生健康局"],
        "政府": ["白山市浑江区人民政府"]}
    database.close()
    again = subprocess.run([sys.executable, "-m", "harvester", "merge", str(shard_a), "-o",
                            str(merged)], cwd=ROOT, capture_output=True, text=True,
                           timeout=120, check=False)
    assert again.returncode == 0 and "0 documents added" in again.stdout
    assert content(merged) == expected


def test_merge_refuses_what_is_not_a_harvest_database(tmp_path):
    stray = tmp_path / "stray.db"
    sqlite_utils.Database(stray)["x"].insert({"a": 1})
    result = subprocess.run([sys.executable, "-m", "harvester", "merge", str(stray), "-o",
                             str(tmp_path / "out.db")], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode != 0
    assert "not a harvest database" in result.stderr
    missing = subprocess.run([sys.executable, "-m", "harvester", "merge",
                              str(tmp_path / "none.db"), "-o", str(tmp_path / "out.db")],
                             cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert missing.returncode == 2 and "no such database" in missing.stderr
