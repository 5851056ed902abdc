"""The national registry (harvester/registry_national.toml): every division of the data, the
hand-described regions as overrides, the abolished divisions, and the file up to date with
its generator. Expected values are read off the CSV files of harvester/registry_data/ by eye."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

from harvester.registry import PORTAL_FAMILY, TIERS, load_regions

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "harvester" / "registry_data"
REGIONS = load_regions()


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_every_division_of_the_data_has_one_current_entry():
    divisions = rows("divisions.csv")
    assert len(divisions) == 3214
    current = Counter(region.code for region in REGIONS.values()
                      if region.until is None and not region.demo_only and region.code)
    assert set(current) == {row["code"] for row in divisions}
    assert set(current.values()) == {1}
    tiers = Counter(region.tier for region in REGIONS.values()
                    if region.until is None and not region.demo_only and region.code)
    assert tiers == {"province": 34, "prefecture": 333, "county": 2847}


def test_a_generated_county_carries_its_facts():
    xihu = REGIONS["zhejiang_hangzhou_xihu"]
    assert (xihu.name, xihu.code, xihu.level, xihu.parent, xihu.parent_name) == (
        "杭州市西湖区", "330106", "district", "330100", "杭州市")
    assert (xihu.province, xihu.province_name) == ("330000", "浙江省")
    assert xihu.home == "https://www.hzxh.gov.cn/"
    assert xihu.allowed_hosts == ("www.hzxh.gov.cn",)
    assert (xihu.family, xihu.report_columns, xihu.probe) == (PORTAL_FAMILY, (), "direct")
    assert xihu.home_source.startswith("registry_data/portals.csv")
    zhejiang = REGIONS["zhejiang"]
    assert (zhejiang.code, zhejiang.level, zhejiang.parent) == ("330000", "province", "")
    hangzhou = REGIONS["zhejiang_hangzhou"]
    assert (hangzhou.code, hangzhou.level, hangzhou.tier) == ("330100", "city", "prefecture")


def test_slugs_are_province_first_pinyin():
    assert REGIONS["beijing_dongcheng"].code == "110101"  # a municipality's district
    assert REGIONS["shaanxi_xian"].code == "610100"  # 陕西 is shaanxi, 山西 shanxi
    assert REGIONS["shanxi_taiyuan"].code == "140100"
    assert REGIONS["jilin_yanbian"].name == "延边朝鲜族自治州"
    assert REGIONS["jilin_yanbian_hunchun"].code == "222404"  # 珲 read as in 珲春
    assert REGIONS["liaoning_chaoyang"].code == "211300"  # 朝阳市, chao
    assert REGIONS["xinjiang"].code == "650000"
    assert REGIONS["henan_jiyuan"].code == "419001"  # county-level, under the province
    assert REGIONS["henan_jiyuan"].name == "济源市"  # no city to name
    assert REGIONS["beijing_dongcheng"].name == "北京市东城区"
    assert all(slug.split("_")[0] in {r.slug for r in REGIONS.values() if r.level == "province"}
               for slug in REGIONS)


def test_the_hand_described_regions_override_their_divisions():
    wuchang = REGIONS["heilongjiang_harbin_wuchang"]
    assert (wuchang.code, wuchang.family, wuchang.home) == (
        "230184", "hanweb", "http://wcsxxgk.harbin.gov.cn/")
    assert wuchang.report_columns == ("http://wcsxxgk.harbin.gov.cn/col/col12596/index.html",)
    assert wuchang.province == "230000"
    assert "described by hand" in wuchang.home_source
    assert not [slug for slug, region in REGIONS.items()
                if region.code == "230184" and slug != "heilongjiang_harbin_wuchang"]


def test_a_demo_only_region_stands_beside_the_real_division_of_its_code():
    demo, real = REGIONS["hebei_xingtai_qinghe"], REGIONS["hebei_xingtai_qinghexian"]
    assert demo.demo_only and demo.home == "http://www.qinghe.test/"
    assert (real.code, real.name, real.demo_only) == ("130534", "邢台市清河县", False)
    assert real.home == "https://www.qinghexian.gov.cn/"


def test_abolished_and_renamed_divisions_keep_entries_for_their_earlier_years():
    miyun = REGIONS["beijing_miyunxian"]
    assert (miyun.name, miyun.code, miyun.until, miyun.successor) == (
        "北京市密云县", "110228", 2015, "beijing_miyun")
    assert miyun.home == REGIONS["beijing_miyun"].home == "http://www.bjmy.gov.cn/"
    assert miyun.agency_names == ("密云县",)
    jianggan = REGIONS["zhejiang_hangzhou_jianggan"]  # 撤区设区 2021, into 上城区
    assert (jianggan.code, jianggan.until, jianggan.successor) == (
        "330104", 2021, "zhejiang_hangzhou_shangcheng")
    # A code changed with the name kept (同名改码) is the same body: no entry of its own.
    assert not [r for r in REGIONS.values() if r.code == "340823"]


def test_a_host_listed_for_two_divisions_takes_only_each_ones_reports():
    daye, huangshi = REGIONS["hubei_huangshi_daye"], REGIONS["hubei_huangshi"]
    assert daye.allowed_hosts == huangshi.allowed_hosts == ("www.huangshi.gov.cn",)
    assert (daye.agency_names, huangshi.agency_names) == (("大冶",), ("黄石",))
    assert "Doubtful" in daye.notes


def test_divisions_without_a_portal_are_listed_with_none():
    taiwan = REGIONS["taiwan"]
    assert (taiwan.home, taiwan.allowed_hosts, taiwan.probe) == ("", (), "no portal")


def test_probe_results_are_carried():
    probes = Counter(region.probe for region in REGIONS.values()
                     if region.until is None and region.family == PORTAL_FAMILY)
    listed = Counter(row["probe_2026_04"] for row in rows("portals.csv"))
    assert probes["none"] == listed["none"] == 153
    xingtai = REGIONS["hebei_xingtai"]  # listed https, only http answered
    assert (xingtai.probe, xingtai.home, xingtai.http_only) == (
        "protocol-switch", "http://www.xingtai.gov.cn/", True)


def test_tiers_cover_every_level():
    assert {level for levels in TIERS.values() for level in levels} == {
        region.level for region in REGIONS.values()}


def test_the_national_registry_is_what_the_data_gives():
    built = subprocess.run([sys.executable, "-m", "harvester", "registry", "build", "--check"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
