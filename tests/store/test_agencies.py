"""Agency identity on strings: the spellings of one body meet, different bodies never do."""

import pytest

from harvester.store.agencies import OWN_GOVERNMENT, Place, identify, place_of

HUNJIANG = Place("白山市浑江区", "白山市")
WUCHANG = Place("五常市", "哈尔滨市")


@pytest.mark.parametrize("found", [
    "浑江区人民政府", "白山市浑江区人民政府", "浑江区政府", "吉林省白山市浑江区人民政府",
    "白山市 浑江区 人民政府", "（浑江区）人民政府",
    "浑江区人民政府2021年度政府信息公开工作报告",
])
def test_spellings_of_the_region_government_meet(found):
    agency, checks = identify(found, HUNJIANG)
    assert (agency.key, agency.name, agency.kind) == ("政府", "白山市浑江区人民政府", "government")
    assert checks == []


def test_a_title_without_agency_is_the_region_government_with_a_check():
    agency, checks = identify("2021年度政府信息公开工作报告", HUNJIANG)
    assert agency.name == "白山市浑江区人民政府"
    assert [c["check"] for c in checks] == ["agency_assumed"]
    assert identify(None, HUNJIANG)[0].key == "政府"


def test_departments_with_and_without_the_city_prefix_meet():
    with_city, _ = identify("白山市浑江区教育局", HUNJIANG)
    without, _ = identify("浑江区教育局", HUNJIANG)
    assert with_city == without
    assert (without.key, without.name, without.kind) == ("教育局", "白山市浑江区教育局",
                                                         "department")


def test_the_city_bureau_is_not_the_district_bureau():
    city, checks = identify("白山市教育局", HUNJIANG)
    district, _ = identify("浑江区教育局", HUNJIANG)
    assert city.key != district.key
    assert [c["check"] for c in checks] == ["agency_outside_region"]


def test_townships_with_and_without_their_government_meet():
    names = ["红土崖镇人民政府", "浑江区红土崖镇", "红土崖镇政府", "白山市浑江区红土崖镇人民政府"]
    agencies = {identify(name, HUNJIANG)[0] for name in names}
    assert len(agencies) == 1
    (agency,) = agencies
    assert (agency.name, agency.kind) == ("白山市浑江区红土崖镇人民政府", "township")
    street, _ = identify("河口街道办事处", HUNJIANG)
    assert street == identify("浑江区河口街道", HUNJIANG)[0]
    assert street.kind == "township"


def test_full_width_punctuation_and_spaces_fold():
    assert identify("浑江区　财政局", HUNJIANG)[0] == identify("浑江区财政局", HUNJIANG)[0]
    assert identify("浑江区(财政局)", HUNJIANG)[0] == identify("浑江区（财政局）", HUNJIANG)[0]


def test_a_county_level_city_without_its_parent_in_its_name():
    assert identify("五常市人民政府", WUCHANG)[0].name == "五常市人民政府"
    assert identify("哈尔滨市五常市人民政府", WUCHANG)[0].key == "政府"
    assert identify("哈尔滨市人民政府", WUCHANG)[0].key.startswith("@")


def test_without_a_registry_place_names_are_only_compacted():
    agency, _ = identify("某某县 人民政府", None)
    assert agency.key == "某某县政府"
    _, checks = identify(None, None)
    assert checks[0]["severity"] == "error"


def test_registry_places():
    assert place_of("jilin_baishan_hunjiang") == HUNJIANG
    assert place_of("no_such_region") is None


def test_the_region_short_name_without_its_level():
    assert identify("五常背荫河镇人民政府", WUCHANG)[0] == identify("背荫河镇", WUCHANG)[0]
    assert identify("浑江教育局", HUNJIANG)[0].name == "白山市浑江区教育局"
    dongchang = Place("通化市东昌区", "通化市")
    named_after = identify("东昌街道办事处", dongchang)[0]
    assert named_after == identify("东昌区东昌街道", dongchang)[0]
    assert named_after.name == "通化市东昌区东昌街道办事处"


# The 沭阳县 2025 report read by OCR prints 沐阳县 throughout (tests/files/real/published).
SHUYANG = Place("宿迁市沭阳县", "宿迁市")


@pytest.mark.parametrize(("found", "key"), [
    ("沐阳县人民政府", OWN_GOVERNMENT),
    ("沐阳县发展和改革局", "发展和改革局"),
])
def test_a_name_misread_by_one_character_is_matched_to_the_registry_and_said(found, key):
    agency, checks = identify(found, SHUYANG)
    assert agency.key == key
    assert [c["check"] for c in checks] == ["agency_name_matched"]
    assert found in checks[0]["message"]


@pytest.mark.parametrize("found", [
    "泗阳县人民政府",  # one character off too, but a county of its own (宿迁市泗阳县)
    "沭阳镇人民政府",  # a town named after the county: another level, not a misreading
])
def test_a_name_one_character_off_that_is_another_body_is_not_matched(found):
    agency, checks = identify(found, SHUYANG)
    assert agency.key != OWN_GOVERNMENT
    assert not checks
