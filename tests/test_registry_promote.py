"""``python -m harvester registry promote``: the columns a crawl discovered become a
hand-described entry, which the registry build then takes as the region's."""

from __future__ import annotations

import json

import tomllib

from harvester.registry_build import DATA_DIR, OVERRIDES, build
from harvester.registry_promote import main as promote
from harvester.store import schema

XIHU_COLUMNS = ["https://www.hzxh.gov.cn/col/col1229/index.html",
                "https://xxgk.hzxh.gov.cn/bm/jyj/ndbg/"]


def harvest_db(tmp_path):
    path = tmp_path / "harvest.db"
    database = schema.connect(path)
    runs = [
        ("zhejiang_hangzhou_xihu", {"harvest/discovery/column": XIHU_COLUMNS[0]}),
        ("zhejiang_hangzhou_xihu", {"harvest/discovery/columns": XIHU_COLUMNS,
                                    f"harvester/family/{XIHU_COLUMNS[0]}": "hanweb",
                                    f"harvester/family/{XIHU_COLUMNS[1]}": "generic"}),
        ("zhejiang_hangzhou_shangcheng", {"harvest/home/status": 200}),  # found nothing
        ("jilin_baishan_hunjiang", {"harvest/discovery/column": "http://www.hunjiang.gov.cn/"
                                                                "zwgk/zfxxgknb/index.html"}),
        ("zhejiang_ningbo_haishu", {"harvest/discovery/columns": [
            "http://www.haishu.gov.cn/col/col1229056/index.html"],
            "harvester/family/http://www.haishu.gov.cn/col/col1229056/index.html": "hanweb"}),
    ]
    for spider, stats in runs:
        database["harvest_runs"].insert({"spider": spider, "started_at": "2026-11-30T10:00:00",
                                         "stats": json.dumps(stats)})
    database.close()
    return path


def test_the_latest_crawls_columns_become_entries(tmp_path, capsys):
    assert promote(["--db", str(harvest_db(tmp_path))]) == 0
    entries = {e["slug"]: e for e in tomllib.loads(capsys.readouterr().out)["region"]}
    # hunjiang is described already, shangcheng's crawl found no column
    assert sorted(entries) == ["zhejiang_hangzhou_xihu", "zhejiang_ningbo_haishu"]
    xihu = entries["zhejiang_hangzhou_xihu"]
    assert xihu["report_columns"] == XIHU_COLUMNS  # the latest run's, both of them
    assert xihu["family"] == "portal"  # two families: each column read as its markup says
    assert xihu["allowed_hosts"] == ["www.hzxh.gov.cn", "xxgk.hzxh.gov.cn"]
    assert (xihu["code"], xihu["home"]) == ("330106", "https://www.hzxh.gov.cn/")
    assert entries["zhejiang_ningbo_haishu"]["family"] == "hanweb"


def test_a_promoted_entry_is_the_regions_after_the_build(tmp_path, capsys):
    promote(["--db", str(harvest_db(tmp_path)), "zhejiang_hangzhou_xihu"])
    overrides = tmp_path / "registry.toml"
    overrides.write_text(OVERRIDES.read_text(encoding="utf-8") + "\n"
                         + capsys.readouterr().out, encoding="utf-8")
    built = {entry["slug"]: entry for entry in build(DATA_DIR, overrides)}
    xihu = built["zhejiang_hangzhou_xihu"]
    assert (xihu["family"], xihu["report_columns"]) == ("portal", XIHU_COLUMNS)
    assert xihu["province_name"] == "浙江省"  # the data's facts are added by the build
    assert built["zhejiang_ningbo_haishu"]["report_columns"] == []  # not promoted: unchanged


def test_nothing_to_promote_says_so(tmp_path, capsys):
    path = tmp_path / "empty.db"
    schema.connect(path).close()
    assert promote(["--db", str(path)]) == 1
    assert "no region" in capsys.readouterr().err
