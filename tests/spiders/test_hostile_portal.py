"""End to end: ``scrapy crawl portal`` on the hostile portal of the demo web
(harvester/demo/hostile.py), with the production bounds and the production pipelines.

The crawl must end by itself within its request budget, store the two genuine reports, ask
the demo web for nothing outside the portal's scope (the server counts every host it is asked
for), record the traps it met, and store the hostile attachments (a PDF stream bomb, a DOCX
lying about its size) and a report page of 6 MB of dense markup as documents with a check,
read within the limits of one document, the crawl's own memory under 500 MB."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from harvester.demo import hostile
from harvester.run import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hostile_crawl(demo_web, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    before = demo_web.requested_hosts.copy()
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"home={hostile.HOME}",
               "-a", "region=hostile_portal",
               "-s", f"DEMO_WEB={demo_web.address}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", "COOKIES_ENABLED=False", "-s", "LOG_LEVEL=INFO",
               "-s", f"HARVEST_DB={out / 'harvest.db'}",
               "-s", f"HARVEST_STORE={out / 'documents'}",
               "-s", f"HARVEST_OUTCOMES={out / 'outcomes.jsonl'}",
               "-s", f"HTTPCACHE_DIR={out / 'httpcache'}"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    requested = demo_web.requested_hosts - before
    outcomes = [json.loads(line)
                for line in (out / "outcomes.jsonl").read_text().splitlines()]
    with sqlite3.connect(out / "harvest.db") as database:
        stored = {url: [] for (url,) in database.execute("SELECT url FROM documents")}
        for url, name in database.execute(
                'SELECT d.url, c."check" FROM checks c JOIN documents d ON d.id = c.document_id'):
            stored[url].append(name)
        health = database.execute("SELECT health FROM region_health").fetchall()
        numbers = dict(database.execute(
            "SELECT d.url, (SELECT count(*) FROM applications a WHERE a.report_id = d.report_id)"
            " FROM documents d"))
    return run.stderr, requested, outcomes, stored, health, numbers


def test_the_crawl_ends_by_itself_within_its_budget(hostile_crawl):
    log, requested, _, _, _, _ = hostile_crawl
    assert "'finish_reason': 'finished'" in log
    assert 0 < requested[hostile.HOST] < settings.HARVEST_REQUEST_BUDGET
    peak = re.search(r"'harvest/memory/peak_bytes': (\d+)", log)  # the crawl's own
    assert peak and int(peak.group(1)) < 500 * 1024 * 1024


def test_the_genuine_reports_are_stored(hostile_crawl):
    _, _, _, stored, _, numbers = hostile_crawl
    genuine = {f"http://{hostile.HOST}{hostile.report_path(number, year)}"
               for number, (_, year) in enumerate(hostile.REPORTS, 1)}
    assert set(stored) == genuine | {f"http://{hostile.HOST}{path}"
                                     for _, _, path in (*hostile.BOMBS, hostile.HUGE_PAGE)}
    assert all(numbers[url] > 0 for url in genuine)


def test_hostile_attachments_end_in_a_check_and_the_crawl_goes_on(hostile_crawl):
    log, _, _, stored, _, numbers = hostile_crawl
    bomb, lying = (f"http://{hostile.HOST}{path}" for _, _, path in hostile.BOMBS)
    assert stored[bomb] == ["too_large"]  # a stream inflating past the cap
    assert stored[lying] == ["memory_limit"]  # the reading child stopped at its limit
    assert numbers[bomb] == numbers[lying] == 0
    huge = f"http://{hostile.HOST}{hostile.HUGE_PAGE[2]}"
    assert stored[huge] == ["too_large"]  # neither the spider nor the cleaner parsed it
    assert "'harvester/pages/too_large': 1" in log
    assert "'finish_reason': 'finished'" in log


def test_nothing_off_scope_is_requested(hostile_crawl):
    _, requested, outcomes, _, _, _ = hostile_crawl
    assert set(requested) == {hostile.HOST}
    refused = {o["url"] for o in outcomes if o["kind"] == "offsite"}
    assert {"http://www.gov.cn/zhengce/", f"http://{hostile.HOST}:8080/zwgk/"} <= refused


def test_traps_and_bounds_met_are_recorded(hostile_crawl):
    log, _, outcomes, _, health, _ = hostile_crawl
    assert health == [("trap",)]
    traps = {(o["reason"], o.get("shape")) for o in outcomes if o["kind"] == "trap"}
    assert ("siblings", f"{hostile.HOST}/calendar.html?date=#-#-#") in traps
    assert ("siblings", f"{hostile.HOST}/zwgk/gk_#.html") in traps
    assert ("stale_pagination", None) in traps
    links = [o for o in outcomes if o["kind"] == "budget" and o["bound"] == "links"]
    assert [o["url"] for o in links] == [f"http://{hostile.HOST}/gkml.html"]
    for stat in ("harvest/trap/siblings", "harvest/trap/stale_pagination",
                 "harvest/budget/links"):
        assert re.search(rf"'{stat}': [1-9]", log), stat
