"""The region registry: the national registry with the seven hand-described regions in it, its
validation, and one spider per entry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from harvester.registry import PORTAL_FAMILY, RegistryError, load_regions
from spiders.families import FAMILY_SPIDERS
from spiders.portal import PortalSpider
from spiders.regions import REGION_SPIDERS

ROOT = Path(__file__).resolve().parent.parent

EXPECTED = {  # slug: (name, code, family, a host the portal serves), from the issue
    "jilin_baishan_hunjiang": ("白山市浑江区", "220602", "trs_static", "www.hunjiang.gov.cn"),
    "jilin_tonghua_dongchang": ("通化市东昌区", "220502", "jilin_jsonp", "xxgk.dc.gov.cn"),
    "heilongjiang_hegang_gongnong": ("鹤岗市工农区", "230403", "hegang_json",
                                     "www.hegang.gov.cn"),
    "guangdong_shaoguan_wujiang": ("韶关市武江区", "440203", "nfcms_gkmlpt", "www.sgwjq.gov.cn"),
    "heilongjiang_harbin_wuchang": ("五常市", "230184", "hanweb", "wcsxxgk.harbin.gov.cn"),
    "hebei_xingtai_qinghe": ("邢台市清河县", "130534", "vsb", "www.qinghe.test"),
    "henan_luohe_huizu": ("漯河回族自治县", "", "generic", "www.luohehz.test"),
}


def test_registry_holds_the_seed_and_demo_regions():
    regions = load_regions()
    assert set(EXPECTED) <= set(regions)
    for slug, (name, code, family, host) in EXPECTED.items():
        region = regions[slug]
        assert (region.name, region.code, region.family) == (name, code, family)
        assert host in region.allowed_hosts
        assert urlsplit(region.home).hostname in region.allowed_hosts


def test_hegang_alias_and_wujiang_http_only():
    regions = load_regions()
    assert regions["heilongjiang_hegang_gongnong"].alias_hosts == {
        "www.hgds.gov.cn": "www.hegang.gov.cn"}
    assert regions["guangdong_shaoguan_wujiang"].http_only
    assert not any(h.endswith((".com", ".org", ".cn")) and not h.endswith(".gov.cn")
                   for r in regions.values() for h in r.allowed_hosts)


def test_the_registered_families_are_the_seven_the_regions_use():
    assert set(FAMILY_SPIDERS) == {family for _, _, family, _ in EXPECTED.values()}
    assert all(spider.family == family for family, spider in FAMILY_SPIDERS.items())


def test_one_spider_class_per_region_on_its_family_base():
    regions = load_regions()
    assert set(REGION_SPIDERS) == set(regions)
    for slug, region in regions.items():
        spider_class = REGION_SPIDERS[slug]
        assert spider_class.name == slug
        base = PortalSpider if region.family == PORTAL_FAMILY else FAMILY_SPIDERS[region.family]
        assert issubclass(spider_class, base)
        assert spider_class.region is region or spider_class.region == region
    # The hand-described regions keep their families; the others are read by the walker.
    assert all(regions[slug].family == family for slug, (_, _, family, _) in EXPECTED.items())
    assert regions["zhejiang_hangzhou_xihu"].family == PORTAL_FAMILY


def test_scrapy_list_shows_the_registry_and_the_portal_spider():
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    assert sorted(listed) == sorted([*load_regions(), "portal"])
    assert set(EXPECTED) | {"portal", "zhejiang_hangzhou_xihu", "xinjiang"} <= set(listed)


GOOD = """
[[region]]
slug = "jilin_baishan_hunjiang"
name = "白山市浑江区"
code = "220602"
level = "district"
parent = "220600"
parent_name = "白山市"
home = "http://www.hunjiang.gov.cn/"
report_columns = ["http://www.hunjiang.gov.cn/zwgk/zfxxgknb/index.html"]
family = "trs_static"
allowed_hosts = ["www.hunjiang.gov.cn"]
"""


@pytest.mark.parametrize(("change", "message"), [
    (('slug = "jilin_baishan_hunjiang"', 'slug = "Hunjiang District"'), "slug"),
    (('code = "220602"', 'code = "22060"'), "code"),
    (('allowed_hosts = ["www.hunjiang.gov.cn"]', 'allowed_hosts = ["www.hunjiang.com"]'),
     "allowed host"),
    (('level = "district"', 'level = "district"\ncolour = "red"'), "unknown keys"),
    (('family = "trs_static"\n', ''), "missing"),
    (('family = "trs_static"', 'family = "trs_static"\nrequest_budget = 0'), "request_budget"),
    (('family = "trs_static"', 'family = "trs_static"\ndepth_limit = "deep"'), "depth_limit"),
    (('home = "http://www.hunjiang.gov.cn/"', 'home = ""'), "without a home page"),
    (('family = "trs_static"', 'family = "trs_static"\nuntil = 15'), "until"),
    (('level = "district"', 'level = "prefecture"\nprovince = "22"'), "province"),
])
def test_invalid_entries_are_refused(tmp_path, change, message):
    path = tmp_path / "registry.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_regions(path)


def test_an_unknown_family_is_refused_naming_the_entry_and_the_known_families(tmp_path):
    path = tmp_path / "registry.toml"
    path.write_text(GOOD.replace('family = "trs_static"', 'family = "wordpress"'),
                    encoding="utf-8")
    # A reader that only describes the regions does not check the family; the parse it
    # caches is checked all the same when the spiders' families come with the call.
    assert load_regions(path)["jilin_baishan_hunjiang"].family == "wordpress"
    with pytest.raises(RegistryError) as refused:
        load_regions(path, families=FAMILY_SPIDERS)
    message = str(refused.value)
    assert message.startswith("jilin_baishan_hunjiang: family 'wordpress' is not one of ")
    assert all(family in message for family in FAMILY_SPIDERS)


def test_a_slug_used_twice_is_refused(tmp_path):
    path = tmp_path / "registry.toml"
    path.write_text(GOOD + GOOD, encoding="utf-8")
    with pytest.raises(RegistryError, match="twice"):
        load_regions(path)


def test_the_valid_sample_loads(tmp_path):
    path = tmp_path / "registry.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert list(load_regions(path)) == ["jilin_baishan_hunjiang"]


def test_a_region_may_raise_its_request_budget_and_depth_limit(tmp_path):
    path = tmp_path / "registry.toml"
    assert (load_regions(path_with(path, GOOD))["jilin_baishan_hunjiang"].request_budget
            is None)
    raised = GOOD.replace('family = "trs_static"',
                          'family = "trs_static"\nrequest_budget = 20000\ndepth_limit = 120')
    region = load_regions(path_with(tmp_path / "raised.toml", raised))["jilin_baishan_hunjiang"]
    assert (region.request_budget, region.depth_limit) == (20000, 120)


def path_with(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_region_spider_documents_its_portal_and_family():
    for slug, region in load_regions().items():
        doc = REGION_SPIDERS[slug].__doc__
        assert region.name in doc and (urlsplit(region.home).hostname or "no home page") in doc
        assert region.family in doc
