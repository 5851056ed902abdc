"""A registry file of one's own replaces the project's when HARVEST_REGISTRY names it."""

import os
import subprocess
import sys
from pathlib import Path

from harvester.registry import load_regions

ROOT = Path(__file__).resolve().parent.parent
OWN = '''
[[region]]
slug = "zhejiang_ningbo_jiangbei"
name = "宁波市江北区"
code = "330205"
level = "district"
parent = "330200"
parent_name = "宁波市"
home = "http://www.nbjb.gov.cn/"
report_columns = ["http://www.nbjb.gov.cn/col/col1229214366/index.html"]
family = "hanweb"
allowed_hosts = ["www.nbjb.gov.cn"]
'''


def test_own_registry_replaces_the_projects(tmp_path, monkeypatch):
    own = tmp_path / "regions.toml"
    own.write_text(OWN, encoding="utf-8")
    monkeypatch.setenv("HARVEST_REGISTRY", str(own))
    assert list(load_regions()) == ["zhejiang_ningbo_jiangbei"]
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=True)
    assert listed.stdout.split() == ["portal", "zhejiang_ningbo_jiangbei"]
    monkeypatch.delenv("HARVEST_REGISTRY")
    assert "jilin_baishan_hunjiang" in load_regions()


def test_own_registry_naming_an_unknown_family_stops_the_spiders_loading(tmp_path):
    own = tmp_path / "regions.toml"
    own.write_text(OWN.replace('family = "hanweb"', 'family = "hanwbe"'), encoding="utf-8")
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT,
                            env={**os.environ, "HARVEST_REGISTRY": str(own)},
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode != 0
    assert "RegistryError: zhejiang_ningbo_jiangbei: family 'hanwbe' is not one of " \
        in listed.stderr
    assert "hanweb" in listed.stderr.rsplit("RegistryError", 1)[1]


def test_a_harvest_with_an_unknown_family_stops_before_any_crawl(tmp_path):
    own = tmp_path / "regions.toml"
    own.write_text(OWN.replace('family = "hanweb"', 'family = "hanwbe"'), encoding="utf-8")
    harvest = subprocess.run([sys.executable, "-m", "harvester", "harvest",
                              "--db", str(tmp_path / "harvest.db"),
                              "--logs", str(tmp_path / "logs"), "--jobdir", ""],
                             cwd=ROOT, env={**os.environ, "HARVEST_REGISTRY": str(own)},
                             capture_output=True, text=True, timeout=120)
    assert harvest.returncode == 2
    assert "registry: zhejiang_ningbo_jiangbei: family 'hanwbe' is not one of " in harvest.stderr
    assert "harvesting" not in harvest.stdout
    assert not (tmp_path / "harvest.db").exists()
