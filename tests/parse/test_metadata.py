from harvester.parse.dates import parse_date
from harvester.parse.document import Cell, Document
from harvester.parse.metadata import find_agency, find_published, find_title, find_year
from harvester.parse.readers.text import cells_from_text


def document(text: str, **kwargs) -> Document:
    return Document(cells=cells_from_text(text), **kwargs)


def test_agency_before_the_year_in_the_title():
    doc = document("白山市浑江区人民政府 2021 年政府信息公开工作年度报告\n正文")
    title = find_title(doc)
    assert find_agency(title, doc) == "白山市浑江区人民政府"


def test_agency_in_the_opening_sentence_not_the_lead_in():
    doc = document("2021年度政府信息公开工作报告\n按照要求，现将鹤岗市工农区人民政府2021年信息"
                   "公开工作年度报告予以公布。")
    assert find_agency(find_title(doc), doc) == "鹤岗市工农区人民政府"


def test_agency_from_the_signature():
    doc = document("2020年通化市东昌区政府信息公开工作年度报告\n正文。\n六、其他需要报告的事项\n"
                   "无\n通化市东昌区人民政府\n2021年2月19日")
    assert find_agency(find_title(doc), doc) == "通化市东昌区人民政府"


def test_no_agency_when_the_document_never_names_one():
    doc = document("2021年度政府信息公开工作报告\n一、总体情况\n我们做了很多工作。")
    assert find_agency(find_title(doc), doc) is None


def test_title_broken_over_two_lines_is_joined():
    doc = document("韶关市武江区人民政府2021年度政府\n信息公开工作报告\n正文")
    assert find_title(doc) == "韶关市武江区人民政府2021年度政府信息公开工作报告"


def test_chrome_before_the_title_is_not_joined():
    doc = document("登录 注册\n2020年通化市东昌区政府信息公开工作年度报告")
    assert find_title(doc) == "2020年通化市东昌区政府信息公开工作年度报告"


def test_year_from_title_period_and_chinese_numerals():
    doc = document("某镇人民政府二〇二一年政府信息公开工作年度报告")
    assert find_year(find_title(doc), doc) == (2021, [])
    doc = document("某镇人民政府2021年度报告\n报告中所列数据的统计期限为2021年1月1日至12月31日。")
    assert find_year(find_title(doc), doc) == (2021, [])


def test_title_year_disagreeing_with_the_period_is_a_check():
    # The 珠晖区 粤汉街道 case: the title says 2022, the body covers 2023.
    doc = document("粤汉街道2022度政府信息公开工作年度报告\n"
                   "本报告统计期限自2023年1月1日起至2023年12月31日止。")
    year, checks = find_year(find_title(doc), doc)
    assert year == 2023
    assert [c["check"] for c in checks] == ["year_conflict"]
    assert "2022" in checks[0]["message"]


def test_published_from_line_or_meta():
    assert find_published(document("标题\n发布日期:2021-02-25    点击数:")) == "2021-02-25"
    assert find_published(document("标题\n发表日期：2026年1月26日 文章来源：大冶市")) == \
        "2026-01-26"
    doc = Document(cells=[Cell("标题", 0)], published="2023-01-06 09:30")
    assert find_published(doc) == "2023-01-06"
    assert find_published(document("标题\n正文")) is None


def test_parse_date_falls_back_to_dateparser():
    assert parse_date("2021-2-5") == "2021-02-05"
    assert parse_date("2021-13-45") is None
    assert parse_date("5 February 2021") == "2021-02-05"
