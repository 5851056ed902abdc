"""``python -m harvester harvest``: several regions in parallel, a summary, region health."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from harvester.registry import load_regions
from harvester.run.harvest import in_shard, parse_shard, select_regions
from harvester.store.health import latest_runs, region_health

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ("henan_luohe_huizu", "hebei_xingtai_qinghe")


def test_shards_split_the_registry_without_overlap():
    regions = list(load_regions().values())
    for count in (1, 2, 3, 5):
        shards = [select_regions(regions, shard=(index, count))
                  for index in range(1, count + 1)]
        slugs = [region.slug for shard in shards for region in shard]
        assert sorted(slugs) == sorted(region.slug for region in regions)
    assert in_shard("jilin_baishan_hunjiang", (1, 1))
    with pytest.raises(Exception, match="K/N"):
        parse_shard("two of five")
    with pytest.raises(Exception, match="between 1 and N"):
        parse_shard("6/5")


def test_select_by_province_and_slug():
    regions = list(load_regions().values())
    jilin = select_regions(regions, province="jilin")
    assert jilin and all(region.slug.split("_")[0] == "jilin" for region in jilin)
    assert [r.slug for r in select_regions(regions, slugs=["henan_luohe_huizu"])] == [
        "henan_luohe_huizu"]
    with pytest.raises(SystemExit, match="unknown regions"):
        select_regions(regions, slugs=["atlantis_nowhere"])


@pytest.mark.parametrize("processes", [
    ["--parallel", "2", "--regions-per-process", "1"],  # a process a region, two at once
    ["--regions-per-process", "2", "--concurrent", "2"],  # both regions in one process
], ids=["process-per-region", "one-process"])
def test_harvest_two_regions(demo_web, tmp_path, processes):
    database = tmp_path / "harvest.db"
    result = subprocess.run(
        [sys.executable, "-m", "harvester", "harvest", "--regions", ",".join(REGIONS),
         *processes, "--db", str(database), "--jobdir", str(tmp_path / "jobs"),
         "--logs", str(tmp_path / "logs"), "--demo-web", demo_web.address,
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"HARVEST_STORE={tmp_path / 'documents'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    progress = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert len(progress) == 2 and progress[-1].startswith("[2/2]")
    assert list((tmp_path / "logs").glob("*.log"))
    with sqlite3.connect(database) as connection:
        found = dict(connection.execute("SELECT spider, found FROM harvest_runs"))
    for region in REGIONS:
        assert sum(f" {region}: found {found[region]}, new " in line for line in progress) == 1
        assert (tmp_path / "jobs" / region).is_dir()  # a JOBDIR of its own

    health = {row["region"]: row for row in region_health(database)}
    assert set(health) == set(REGIONS)
    with sqlite3.connect(database) as connection:
        for region in REGIONS:
            reports = connection.execute("SELECT count(*) FROM reports WHERE region = ?",
                                         [region]).fetchone()[0]
            # Reports behind a WAF or robots.txt on every URL cannot be harvested.
            expected = len([entry for entry in demo_web.manifest[region]["reports"]
                            if not entry["blocked"]])
            assert health[region]["health"] == "ok"
            assert health[region]["new"] == reports == expected
    # The summary table lists both regions with their health.
    table = result.stdout.split("\n\n")[-1]
    assert table.splitlines()[0].split()[:2] == ["region", "health"]
    assert sum(region in table for region in REGIONS) == 2


def test_latest_runs_reads_each_regions_last_run_and_writes_nothing(tmp_path):
    database = tmp_path / "harvest.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE harvest_runs (id INTEGER PRIMARY KEY, spider TEXT, "
                           "found INTEGER)")
        connection.executemany("INSERT INTO harvest_runs (spider, found) VALUES (?, ?)",
                               [("a", 5), ("b", 7), ("a", 4), ("c", 1)])
    before = database.read_bytes()
    runs = latest_runs(database, ["a", "b", "d"])
    assert {region: run["found"] for region, run in runs.items()} == {"a": 4, "b": 7}
    assert runs["a"]["id"] == 3
    assert database.read_bytes() == before  # no view created, nothing written
    assert latest_runs(tmp_path / "none.db", ["a"]) == {}


def test_a_crawl_that_cannot_start_ends_with_its_error(tmp_path):
    """Every crawl of the process failing before the reactor runs (here a reactor that does not
    exist) used to leave the process waiting for ever; it must end, non-zero, saying why."""
    result = subprocess.run(
        [sys.executable, "-m", "harvester", "crawl", "jilin_baishan_hunjiang",
         "-s", "TWISTED_REACTOR=nonexistent.Reactor", "-s", f"HARVEST_DB={tmp_path / 'h.db'}",
         "-s", "LOG_LEVEL=ERROR"],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True,
        timeout=120, check=False)
    assert result.returncode == 1
    assert "crawl failed: jilin_baishan_hunjiang" in result.stderr
    assert "nonexistent" in result.stderr


def test_crawlers_settings_copy_is_scrapys_copy_sharing_only_what_cannot_change():
    """harvester.run.crawl_batch.QuickCopySettings: what every crawler of a process is built
    from."""
    import copy

    from scrapy.settings import BaseSettings
    from scrapy.utils.project import get_project_settings

    from harvester.run.crawl_batch import QuickCopySettings

    settings = QuickCopySettings(get_project_settings())
    settings.set("HARVEST_DB", "a.db", priority="cmdline")
    quick, deep = settings.copy(), copy.deepcopy(settings)

    def with_priorities(values: BaseSettings) -> dict:
        return {name: (values.getpriority(name),
                       with_priorities(value) if isinstance(value, BaseSettings) else value)
                for name, value in values.items()}

    assert type(quick) is QuickCopySettings
    assert with_priorities(quick) == with_priorities(deep) == with_priorities(settings)
    assert quick["HARVEST_DB"] == "a.db" and quick.getpriority("HARVEST_DB") == 40

    quick["ITEM_PIPELINES"]["pipelines.extra.Pipeline"] = 900  # nested settings
    quick["SPIDER_MODULES"].append("elsewhere")  # a list
    quick["FEED_EXPORT_FIELDS"].clear()
    quick.set("HARVEST_DB", "b.db", priority="cmdline")
    assert with_priorities(settings) == with_priorities(deep)


def test_select_by_level_province_and_demo():
    regions = list(load_regions().values())
    zhejiang = {region.slug for region in select_regions(regions, province="zhejiang",
                                                         level="county")}
    assert {"zhejiang_hangzhou_xihu", "zhejiang_zhoushan_putuo"} <= zhejiang
    assert "zhejiang_hangzhou" not in zhejiang and "zhejiang" not in zhejiang
    assert zhejiang == {region.slug for region in select_regions(regions, province="浙江",
                                                                 level="county")}
    assert zhejiang == {region.slug for region in select_regions(regions, province="330000",
                                                                 level="county")}
    provinces = select_regions(regions, level="province")
    assert len(provinces) == 34 and {"zhejiang", "xinjiang", "taiwan"} <= {
        region.slug for region in provinces}
    assert {r.slug for r in select_regions(regions, province="zhejiang", level="city")} >= {
        "zhejiang_hangzhou", "zhejiang_ningbo"}
    # The demo-only regions are left out of a live harvest, unless named.
    live = {region.slug for region in select_regions(regions, province="hebei", demo=False)}
    assert "hebei_xingtai_qinghe" not in live and "hebei_xingtai_qinghexian" in live
    assert [r.slug for r in select_regions(regions, slugs=["hebei_xingtai_qinghe"],
                                           demo=False)] == ["hebei_xingtai_qinghe"]
    with pytest.raises(SystemExit, match="unknown level"):
        select_regions(regions, level="township")


def test_a_portal_the_demo_web_does_not_serve_ends_unreachable(demo_web, tmp_path):
    """Generated regions whose hosts the offline demo proxy cannot reach, and one with no home
    page: every crawl ends by itself, with a coverage verdict, and the harvest succeeds. A
    harvest of more than 20 regions prints their coverage by province."""
    database = tmp_path / "harvest.db"
    registry = load_regions()
    ningxia = [slug for slug, region in registry.items()
               if slug.startswith("ningxia_") and region.until is None][:20]
    regions = [*ningxia, "taiwan"]
    result = subprocess.run(
        [sys.executable, "-m", "harvester", "harvest", "--regions", ",".join(regions),
         "--regions-per-process", "21", "--concurrent", "21",
         "--db", str(database), "--jobdir", "", "--logs", str(tmp_path / "logs"),
         "--demo-web", demo_web.address, "-s", "RETRY_TIMES=0",
         "-s", f"HARVEST_STORE={tmp_path / 'documents'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    health = {row["region"]: row for row in region_health(database)}
    assert {health[region]["coverage"] for region in ningxia} == {"unreachable"}
    assert health["taiwan"]["coverage"] == "no portal"
    assert all(health[region]["found"] == 0 for region in regions)
    summary, table = result.stdout.split("\n\n")[-2:]
    assert "unreachable" in table
    by_province = {line.split()[0]: line.split() for line in summary.splitlines()[2:]}
    # province name regions harvested reachable with_column with_reports unreachable ...
    assert by_province["ningxia"][1:9] == ["宁夏回族自治区", "20", "20", "0", "0", "0", "20",
                                           "0"]
    assert by_province["total"][1:3] == ["21", "21"]

    shown = subprocess.run([sys.executable, "-m", "harvester", "health", "--db", str(database),
                            "--by-province"], cwd=ROOT, capture_output=True, text=True,
                           timeout=120, check=True).stdout
    lines = {line.split()[0]: line.split() for line in shown.splitlines()[2:]}
    everywhere = sum(slug.startswith("ningxia") for slug in registry)
    assert lines["ningxia"][1:9] == ["宁夏回族自治区", str(everywhere), "20", "0", "0", "0",
                                     "20", "0"]
    assert lines["taiwan"][1:4] == ["台湾省", "1", "1"]
    assert lines["taiwan"][-2:] == ["1", "0"]  # no portal, unfinished
