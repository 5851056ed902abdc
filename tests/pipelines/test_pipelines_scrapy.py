"""The pipelines inside a real Scrapy crawl: settings, signals, feed exports, harvest_runs.

A spider in a temporary file yields report documents (rendered reports, no network) twice over
the same database; the second crawl must add nothing but its ``harvest_runs`` row.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parents[2]
SCRAPY = Path(sys.executable).with_name("scrapy")

SPIDER = '''
import random

import scrapy

from harvester.items import ReportDocument
from harvester.demo.render import random_report, render_html


class Hunjiang(scrapy.Spider):
    name = "jilin_baishan_hunjiang"

    async def start(self):
        report = random_report(random.Random(7), "2021", 2022, "浑江区财政局")
        page = ("<html><head><meta name='PubDate' content='2023-02-01 09:00'></head><body>"
                "<div class='nav'>登录 注册</div><div class='TRS_Editor'>"
                + render_html(report, "plain") + "</div></body></html>").encode()
        for url in ("http://www.hunjiang.gov.cn/zwgk/zfxxgknb/2022/t1.html",
                    "http://www.hunjiang.gov.cn/bmxxgk/czj/t1.html"):
            yield ReportDocument(region=self.name, url=url, body=page,
                                 content_type="text/html", fetched_at="2026-11-01T08:00:00Z")
'''


def crawl(tmp_path: Path, feed: str) -> subprocess.CompletedProcess:
    spider = tmp_path / "spider.py"
    spider.write_text(SPIDER, encoding="utf-8")
    return subprocess.run(
        [str(SCRAPY), "runspider", str(spider), "-O", str(tmp_path / feed),
         "-s", f"HARVEST_DB={tmp_path / 'harvest.db'}",
         "-s", f"HARVEST_STORE={tmp_path / 'documents'}", "-s", "LOG_LEVEL=WARNING",
         "-s", "TELNETCONSOLE_ENABLED=False"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": str(SCRAPY.parent)})


def tables(database: sqlite_utils.Database) -> dict:
    return {name: list(database[name].rows) for name in database.table_names()
            if name != "harvest_runs" and not name.startswith("reports_fts")}


def test_two_crawls_feed_exports_and_harvest_runs(tmp_path):
    first = crawl(tmp_path, "first.jsonl")
    assert first.returncode == 0, first.stderr
    feed = [json.loads(line) for line in (tmp_path / "first.jsonl").read_text().splitlines()]
    # Parsing runs in two threads, so either page may reach the feed first.
    assert sorted(line["url"] for line in feed) == [
        "http://www.hunjiang.gov.cn/bmxxgk/czj/t1.html",
        "http://www.hunjiang.gov.cn/zwgk/zfxxgknb/2022/t1.html"]
    parsed = feed[0]["parsed"]
    assert (parsed["agency"], parsed["year"]) == ("浑江区财政局", 2022)
    assert "applications" in parsed and "text" not in parsed and "body" not in feed[0]
    assert feed[0]["sha256"] == feed[1]["sha256"]
    # The agency-year each document is filed under: 浑江区财政局 of 白山市浑江区, 2022.
    assert [(line["kind"], line["identity"]) for line in feed] == [("report", {
        "region": "jilin_baishan_hunjiang", "year": 2022, "spelling": "浑江区财政局",
        "agency": {"key": "财政局", "name": "白山市浑江区财政局", "kind": "department"}})] * 2
    database = sqlite_utils.Database(tmp_path / "harvest.db")
    after_first = tables(database)
    assert len(after_first["reports"]) == 1
    assert [d["outcome"] for d in after_first["documents"]] == ["new", "copy"]
    assert len(list((tmp_path / "documents").rglob("*.bin"))) == 1
    assert database["regions"].get("jilin_baishan_hunjiang")["name"] == "白山市浑江区"
    assert database["labels"].count > 100

    second = crawl(tmp_path, "second.jsonl")
    assert second.returncode == 0, second.stderr
    feed = [json.loads(line) for line in (tmp_path / "second.jsonl").read_text().splitlines()]
    assert len(feed) == 2 and "text" not in feed[0]["parsed"]
    assert tables(database) == after_first

    runs = list(database["harvest_runs"].rows)
    assert [(r["spider"], r["new"], r["changed"], r["unchanged"], r["failed"], r["found"])
            for r in runs] == [("jilin_baishan_hunjiang", 1, 0, 0, 0, 2),
                               ("jilin_baishan_hunjiang", 0, 0, 1, 0, 2)]
    for run in runs:
        assert run["finish_reason"] == "finished" and run["finished_at"]
        stats = json.loads(run["stats"])
        assert stats["item_scraped_count"] == 2
        assert stats["finish_reason"] == "finished"
