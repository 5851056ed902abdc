"""``health.province_summary``: the regions of each province counted by coverage, every
verdict included (a harvest of more than 20 regions prints it)."""

from __future__ import annotations

from harvester.registry import load_regions
from harvester.store import health

SLUGS = ("zhejiang_hangzhou_xihu", "zhejiang_hangzhou_shangcheng", "zhejiang_ningbo_haishu",
         "zhejiang_ningbo_jiangbei", "zhejiang_wenzhou_lucheng", "zhejiang_wenzhou_longwan")
VERDICTS = ("reports", "reports", "empty column", "no column", "blocked", "unreachable")


def test_every_coverage_verdict_is_counted(monkeypatch):
    registry = load_regions()
    regions = {slug: registry[slug] for slug in (*SLUGS, "zhejiang_wenzhou_ouhai")}
    rows = [{"region": slug, "health": "ok", "coverage": verdict}
            for slug, verdict in zip(SLUGS, VERDICTS, strict=True)]
    monkeypatch.setattr(health, "region_health", lambda db_path: rows)
    (line,) = health.province_summary("unused.db", regions)
    assert {key: line[key] for key in health.PROVINCE_COLUMNS[2:]} == {
        "regions": 7, "harvested": 6, "reachable": 5, "with_column": 3, "with_reports": 2,
        "unreachable": 1, "blocked": 1, "no_column": 1, "empty_column": 1, "no_portal": 0,
        "unfinished": 0}
