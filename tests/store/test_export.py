"""``python -m harvester export``: the database leaves as JSON Lines in the parse shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from harvester.store.export import main
from tests.support.harvest import BASE, build

ROOT = Path(__file__).resolve().parents[2]
def test_every_report_is_one_line_with_its_numbers_and_copies(tmp_path, capsys):
    path, (government, bureau) = build(tmp_path)
    assert main(["--db", str(path)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["agency"], r["year"]) for r in lines] == [("白山市浑江区人民政府", 2021),
                                                       ("白山市浑江区教育局", 2022)]
    gov, edu = lines
    for exported, truth in ((gov, government), (edu, bureau)):
        for section in ("active_disclosure", "applications", "review_litigation"):
            assert exported[section] == truth[section]
    assert gov["active_disclosure"]["fees"]["amount_wan_yuan"] == 28204.0
    assert isinstance(gov["active_disclosure"]["fees"]["amount_wan_yuan"], float)
    assert isinstance(gov["applications"]["new"]["total"], int)
    assert gov["region"] == "jilin_baishan_hunjiang"
    assert gov["source"] == gov["canonical_url"] == BASE + "gov.html"
    assert gov["template"] == "2021" and gov["published"] == "2022-01-15"
    assert sorted(edu["urls"]) == sorted([BASE + "edu.html",
                                          "http://www.hunjiang.gov.cn/jyj/edu.html",
                                          "http://www.hunjiang.gov.cn/jyj/edu.pdf"])
    assert any(c["check"] == "copies_disagree" for c in edu["checks"])
    assert set(edu["checks"][0]) == {"check", "severity", "where", "message"}


def test_the_command_line(tmp_path):
    path, _ = build(tmp_path)
    result = subprocess.run([sys.executable, "-m", "harvester", "export", "--db", str(path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    missing = subprocess.run([sys.executable, "-m", "harvester", "export", "--db",
                              str(tmp_path / "none.db")], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    assert missing.returncode == 1 and "no database" in missing.stderr


def test_the_summary_shows_each_regions_latest_crawl(tmp_path, capsys):
    path, _ = build(tmp_path)
    database = sqlite_utils.Database(path)
    database["harvest_runs"].insert_all([
        {"spider": "jilin_baishan_hunjiang", "started_at": "2026-11-01T08:00:00+00:00",
         "found": 4, "new": 2, "changed": 0, "unchanged": 0, "failed": 0, "checks": 9},
        {"spider": "jilin_baishan_hunjiang", "started_at": "2026-11-02T08:00:00+00:00",
         "found": 4, "new": 0, "changed": 0, "unchanged": 2, "failed": 1, "checks": 0}])
    database.close()
    assert main(["--db", str(path), "--summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["region", "found", "new", "changed", "unchanged", "failed",
                                "checks", "reports"]
    assert lines[2].split() == ["jilin_baishan_hunjiang", "4", "0", "0", "2", "1", "0", "2"]
    assert f"datasette {path} -m datasette/metadata.yml" in lines[-1]
