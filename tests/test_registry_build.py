"""The generator of the national registry (``python -m harvester registry build``) on a small
data folder written here: slugs, levels, overrides, shared hosts and abolished divisions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harvester.registry import load_regions
from harvester.registry_build import BuildError, build, render, short_name

ROOT = Path(__file__).resolve().parent.parent

DIVISIONS = """code,name,level,parent_code,parent_name,province_code,province_name,in_nbs_2023
130000,河北省,province,,,130000,河北省,True
130500,邢台市,prefecture,130000,河北省,130000,河北省,True
130534,清河县,county,130500,邢台市,130000,河北省,True
130502,襄都区,county,130500,邢台市,130000,河北省,True
130581,南宫市,county,130500,邢台市,130000,河北省,True
133000,清河市,prefecture,130000,河北省,130000,河北省,True
133001,东城区,county,133000,清河市,130000,河北省,True
133002,东城县,county,133000,清河市,130000,河北省,True
"""
PORTALS = """code,portal_url,probe_2026_04,probe_final_url,match
130000,http://www.hebei.gov.cn/,direct,http://www.hebei.gov.cn/,province_name
130500,https://www.xingtai.gov.cn/,protocol-switch,http://www.xingtai.gov.cn/,exact_parent
130534,https://www.qinghexian.gov.cn/,none,,exact_parent
130502,http://www.xtxd.gov.cn/,direct,http://www.xtxd.gov.cn/,exact_parent
130581,http://www.xtxd.gov.cn/,direct,http://www.xtxd.gov.cn/,in_province
133001,http://www.dcq.gov.cn/,direct,http://www.dcq.gov.cn/,exact_parent
"""
CHANGES = """\
year,type,level,old_code,old_name,new_code,new_name,old_path,new_path,doc_no,source,curated
2020,撤销,3,130503,桥西区,130502,襄都区,,,,test,False
2020,同名改码,3,130599,南宫市,130581,南宫市,,,,test,False
2015,新设,3,,,130502,襄都区,,,,test,False
"""
OVERRIDES = '''
[[region]]
slug = "hebei_xingtai_qinghe"
name = "邢台市清河县"
code = "130534"
level = "county"
parent = "130500"
parent_name = "邢台市"
home = "http://www.qinghe.test/"
report_columns = []
family = "vsb"
allowed_hosts = ["www.qinghe.test"]
demo_only = true

[[region]]
slug = "hebei_xingtai_xiangdu"
name = "襄都区"
code = "130502"
level = "district"
parent = "130500"
parent_name = "邢台市"
home = "http://xxgk.xtxd.gov.cn/"
report_columns = ["http://xxgk.xtxd.gov.cn/ndbg/index.html"]
family = "trs_static"
allowed_hosts = ["xxgk.xtxd.gov.cn"]
'''


@pytest.fixture
def data(tmp_path: Path) -> Path:
    for name, text in (("divisions.csv", DIVISIONS), ("portals.csv", PORTALS),
                       ("division_changes.csv", CHANGES), ("overrides.toml", OVERRIDES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def entries_of(folder: Path) -> dict[str, dict]:
    return {entry["slug"]: entry for entry in build(folder, folder / "overrides.toml")}


def test_every_division_gets_a_slug_province_first(data):
    entries = entries_of(data)
    assert set(entries) == {
        "hebei", "hebei_xingtai", "hebei_xingtai_qinghexian", "hebei_xingtai_xiangdu",
        "hebei_xingtai_nangong", "hebei_qinghe", "hebei_qinghe_dongcheng",
        "hebei_qinghe_dongchengxian", "hebei_xingtai_qiaoxi", "hebei_xingtai_qinghe"}
    # 清河县 meets the demo-only slug first and keeps its suffix; 东城县 meets 东城区.
    assert entries["hebei_xingtai_qinghexian"]["code"] == "130534"
    assert entries["hebei_qinghe_dongchengxian"]["code"] == "133002"


def test_levels_parents_and_provinces(data):
    entries = entries_of(data)
    assert [entries[slug]["level"] for slug in (
        "hebei", "hebei_xingtai", "hebei_xingtai_nangong", "hebei_qinghe_dongcheng",
        "hebei_qinghe_dongchengxian")] == ["province", "city", "county_city", "district", "county"]
    assert (entries["hebei"]["parent"], entries["hebei_xingtai"]["parent"]) == ("", "130000")
    nangong = entries["hebei_xingtai_nangong"]
    assert (nangong["name"], nangong["parent"], nangong["parent_name"], nangong["province"],
            nangong["province_name"]) == ("邢台市南宫市", "130500", "邢台市", "130000", "河北省")


def test_homes_and_probes(data):
    entries = entries_of(data)
    xingtai = entries["hebei_xingtai"]  # only http answered
    assert (xingtai["home"], xingtai.get("http_only"), xingtai["probe"]) == (
        "http://www.xingtai.gov.cn/", True, "protocol-switch")
    qinghe = entries["hebei_xingtai_qinghexian"]  # no answer: the listed URL stays
    assert (qinghe["home"], qinghe["probe"], qinghe["family"]) == (
        "https://www.qinghexian.gov.cn/", "none", "portal")
    assert "No answer" in qinghe["notes"]
    nowhere = entries["hebei_qinghe"]
    assert (nowhere["home"], nowhere["allowed_hosts"], nowhere["probe"]) == ("", [], "no portal")


def test_the_hand_described_region_keeps_what_it_says(data):
    xiangdu = entries_of(data)["hebei_xingtai_xiangdu"]
    assert (xiangdu["family"], xiangdu["home"]) == ("trs_static", "http://xxgk.xtxd.gov.cn/")
    assert xiangdu["report_columns"] == ["http://xxgk.xtxd.gov.cn/ndbg/index.html"]
    assert xiangdu["province"] == "130000"
    assert "http://www.xtxd.gov.cn/" in xiangdu["home_source"]


def test_a_shared_host_marks_each_divisions_reports(data):
    entries = entries_of(data)
    # www.xtxd.gov.cn is listed for 南宫市 and for 襄都区, whose override moved elsewhere:
    # only 南宫市's generated entry is left on it, so nothing is shared.
    assert "agency_names" not in entries["hebei_xingtai_nangong"]
    (data / "overrides.toml").write_text(OVERRIDES.split("[[region]]")[0]
                                         + "[[region]]" + OVERRIDES.split("[[region]]")[1],
                                         encoding="utf-8")
    entries = entries_of(data)
    assert entries["hebei_xingtai_nangong"]["agency_names"] == ["南宫"]
    assert entries["hebei_xingtai_xiangdu"]["agency_names"] == ["襄都"]
    assert "Doubtful" in entries["hebei_xingtai_xiangdu"]["notes"]


def test_an_abolished_division_keeps_an_entry_on_its_successors_portal(data):
    entries = entries_of(data)
    qiaoxi = entries["hebei_xingtai_qiaoxi"]
    assert (qiaoxi["code"], qiaoxi["name"], qiaoxi["until"], qiaoxi["successor"]) == (
        "130503", "邢台市桥西区", 2020, "hebei_xingtai_xiangdu")
    assert qiaoxi["home"] == "http://xxgk.xtxd.gov.cn/"
    assert qiaoxi["agency_names"] == ["桥西区"]
    assert not [e for e in entries.values() if e["code"] == "130599"]  # 同名改码


def test_the_written_registry_loads_and_validates(data, tmp_path):
    path = tmp_path / "national.toml"
    path.write_text(render(build(data, data / "overrides.toml")), encoding="utf-8")
    regions = load_regions(path)
    assert len(regions) == 10
    assert regions["hebei_xingtai_qiaoxi"].until == 2020
    assert regions["hebei_qinghe"].tier == "prefecture"


def test_an_override_of_a_code_the_data_lacks_is_refused(data):
    (data / "overrides.toml").write_text(OVERRIDES.replace('code = "130502"', 'code = "139999"'),
                                         encoding="utf-8")
    with pytest.raises(BuildError, match="139999"):
        build(data, data / "overrides.toml")


def test_the_command_builds_and_checks(data, tmp_path):
    output = tmp_path / "out.toml"
    command = [sys.executable, "-m", "harvester", "registry", "build", "--data", str(data),
               "--overrides", str(data / "overrides.toml"), "-o", str(output)]
    check = subprocess.run([*command, "--check"], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 1 and "stale" in check.stderr
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "10 regions" in built.stdout
    assert subprocess.run([*command, "--check"], cwd=ROOT).returncode == 0


@pytest.mark.parametrize(("name", "short"), [
    ("延边朝鲜族自治州", "延边"), ("新疆维吾尔自治区", "新疆"), ("浦东新区", "浦东"),
    ("城区", "城"), ("神农架林区", "神农架"), ("双江拉祜族佤族布朗族傣族自治县", "双江"),
    ("香港特别行政区", "香港"), ("锡林郭勒盟", "锡林郭勒")])
def test_short_names(name, short):
    assert short_name(name) == short
