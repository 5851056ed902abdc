"""The reading rules of issue #19, one by one: each on a real document where one shows the
quirk (the real excerpts and published reports in tests/files/real, the seeds, which are real
reports as text), else on a seed changed in exactly that one way. Values typed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.parse.document import Cell
from harvester.parse.readers.text import cells_from_text
from harvester.parse.report import parse_bytes, parse_path
from harvester.parse.tables import row_groups
from tests.support.parsing import checks_named, seed_text, seed_truth, values_of

EXCERPTS = Path(__file__).parents[1] / "files" / "real" / "excerpts"


def excerpt(name: str) -> dict:
    return parse_path(EXCERPTS / name)


def seed_changed(name: str, old: str, new: str, count: int = 1) -> dict:
    """Seed ``name`` parsed after replacing ``old`` with ``new`` (which must be there)."""
    text = seed_text(name).decode("utf-8")
    assert text.count(old) >= count, old
    return parse_bytes(text.replace(old, new).encode("utf-8"), name=f"{name}.txt")


def test_an_amount_in_yuan_is_converted_to_wan_yuan_and_said_so():
    # 甘肃康乐县上湾乡 2019: 政府集中采购 | 采购项目数量 … | 152790元.
    report = excerpt("gansu-kangle-shangwanxiang-2019.txt")
    assert report["active_disclosure"]["procurement"]["amount_wan_yuan"] == 15.279
    [converted] = checks_named(report, "converted_unit")
    assert converted["where"] == "active_disclosure.procurement.amount_wan_yuan"
    assert "152790" in converted["message"]


def test_a_report_of_2022_in_the_2019_layout_is_read_in_that_layout():
    # 陕西佳县螅镇 2022: the tables print 本年新制作数量 / 上一年项目数量 (the 2019 form).
    report = excerpt("shaanxi-jiaxian-huizhen-2022.txt")
    assert (report["year"], report["template"]) == (2022, "2019")
    assert checks_named(report, "template_drift")


def test_rows_of_a_page_cut_before_its_heading_are_read_by_their_labels():
    # A page of a flip-book: it opens at the last row of section 三, 四、结转下年度继续办理 0 0 …
    report = excerpt("unknown-shenjiju-2020.txt")
    assert report["applications"]["carried_forward"] == dict.fromkeys(
        ("natural_person", "commercial", "research", "social_welfare", "legal_services",
         "other_org", "total"), 0)
    assert [c["where"] for c in checks_named(report, "table_without_heading")] == [
        "applications"]


def test_a_look_alike_is_refused_with_its_reason():
    report = excerpt("fujian-putian-nianbao-tongzhi-2009.txt")
    [refused] = checks_named(report, "not_annual_report")
    assert "关于做好2009年度政府信息公开工作年度报告有关事项的通知" in refused["message"]


def test_glued_digits_are_an_error_never_split():
    # Seed 004's new-applications row as an extractor that lost the spaces would print it.
    lines = seed_text("004").decode("utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if "一、本年新收政府信息公开申请数量" in line)
    assert [line.strip() for line in lines[row + 1:row + 8]] == ["5", "0", "0", "0", "0", "0", "5"]
    lines[row + 1:row + 8] = ["\t5000005"]
    report = parse_bytes("\n".join(lines).encode("utf-8"), name="004.txt")
    assert "new" not in report["applications"]
    [glued] = checks_named(report, "glued_cells")
    assert (glued["severity"], glued["where"]) == ("error", "applications.new")


def test_sections_numbered_with_brackets_are_sections():
    report = parse_bytes(seed_text("004").decode("utf-8")
                         .replace("二、主动公开政府信息情况", "（二）主动公开政府信息情况")
                         .replace("三、收到和处理政府信息公开申请情况",
                                  "（三）收到和处理政府信息公开申请情况")
                         .encode("utf-8"), name="004.txt")
    assert values_of(report) == values_of(parse_bytes(seed_text("004"), name="004.txt"))
    assert report["active_disclosure"] == seed_truth("004")["active_disclosure"]


def test_a_provincial_row_is_recorded_and_read_into_no_other_row():
    # The row 湖北 prints under 规范性文件 (其他主动公开文件), here in seed 004's section 二.
    report = seed_changed("004", "\t行政许可", "\t其他主动公开文件\t186\t86\t255\n\t行政许可")
    assert report["active_disclosure"] == seed_truth("004")["active_disclosure"]
    [extra] = checks_named(report, "provincial_row")
    assert "[186, 86, 255]" in extra["message"]


def test_section_five_saying_only_none_is_a_warning():
    text = seed_text("004").decode("utf-8")
    start = text.index("五、存在的主要问题及改进情况") + len("五、存在的主要问题及改进情况")
    end = text.index("六、其他需要报告的事项")
    report = parse_bytes((text[:start] + "\n无。\n" + text[end:]).encode("utf-8"), "004.txt")
    assert [c["where"] for c in checks_named(report, "empty_problems")] == ["problems"]
    assert not checks_named(parse_bytes(seed_text("004"), "004.txt"), "empty_problems")


def test_fee_notices_with_section_six_saying_none_is_a_warning():
    report = parse_path(EXCERPTS.parent / "published" / "suqian-shuyang-2025-ocr.md")
    assert report["applications"]["other_no_fee"]["total"] == 7
    # Its section 六 reports the fees collected (380元): no warning.
    assert not checks_named(report, "fees_unreported")
    text = (EXCERPTS.parent / "published" / "suqian-shuyang-2025-ocr.md").read_text("utf-8")
    start = text.index("六、其他需要报告的事项") + len("六、其他需要报告的事项")
    end = text.index("沐阳县人民政府\n2026年1月23日")
    silent = parse_bytes((text[:start] + "\n\n无\n\n" + text[end:]).encode("utf-8"), "x.md")
    [unreported] = checks_named(silent, "fees_unreported")
    assert "7 applications" in unreported["message"]


def test_pipes_keep_blank_cells_in_their_columns():
    # 四、结转下年度继续办理 of the 上海科委 text: six numbers and an empty total cell.
    cells = cells_from_text("| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |")
    assert [c.text for c in cells] == ["四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", ""]
    # Colspan padding after a label is no cell of values.
    padded = cells_from_text("第二十条第(一)项 | |||")
    assert padded[0].text == "第二十条第(一)项"


def test_one_cell_per_line_rows_are_joined_and_a_doubled_pipe_is_a_blank_cell():
    # 武汉市汉阳区政府办 2022 (pages of the stored copy): 规章 |, 0 |, 0 |, |, |.
    text = "|\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n" \
           "|\n规章 |\n0 |\n0 |\n|\n|\n" \
           "行政规范性文件 |\n5 |\n12 |\n8 |\n|\n第二十条第(五)项 | |||\n|\n" \
           "信息内容 |\n本年处理决定数量 | ||\n|\n行政许可 |\n0 | ||\n"
    rows: dict[int, list[str]] = {}
    for cell in cells_from_text(text):
        rows.setdefault(cell.row, []).append(cell.text)
    assert ["规章", "0", "0", ""] in rows.values()
    assert ["行政规范性文件", "5", "12", "8"] in rows.values()
    assert ["行政许可", "0"] in rows.values()


@pytest.mark.parametrize(("cells", "numbers"), [
    # A blank cell after the row's label is a value slot; blanks among labels are layout.
    ((("一、本年新收", ""), ("26", ""), ("", ""), ("", ""), ("26", "")), [26, None, None, 26]),
    ((("", ""), ("规章", ""), ("0", ""), ("", "")), [0, None]),
])
def test_blank_cells_are_slots_only_after_the_label(cells, numbers):
    row = [Cell(text, 0, True) for text, _ in cells]
    [group] = row_groups(row)
    assert group.numbers == numbers


def test_a_sheet_keeps_its_blank_cells_between_filled_ones():
    from harvester.parse.readers.spreadsheet import _sheet_cells

    values = {(3, 1): "一、本年新收政府信息公开申请数量", (3, 2): "26", (3, 8): "26"}
    cells, _ = _sheet_cells(values, [], 0)
    assert [c.text for c in cells] == ["一、本年新收政府信息公开申请数量", "26", "", "", "", "", "",
                                       "26"]
    [group] = row_groups(cells)
    assert group.numbers == [26, None, None, None, None, None, 26]


def test_the_agency_of_a_form_stands_in_its_unit_line():
    from harvester.parse.document import Document
    from harvester.parse.metadata import find_agency

    cells = [Cell("2023年政府信息公开工作年度报告", 0), Cell("规章", 1, True), Cell("0", 1, True),
             Cell("填报单位：沭阳县发展和改革局    填报日期：2024年1月20日", 2)]
    agency = find_agency("2023年政府信息公开工作年度报告", Document(cells=cells))
    assert agency == "沭阳县发展和改革局"


def test_a_page_in_traditional_script_is_read_and_its_names_kept_as_printed():
    # 撫遠市自然資源局 2022, converted to traditional script by a mirror site (規範性檔案…).
    report = excerpt("heilongjiang-fuyuan-ziranziyuanju-2022.txt")
    assert checks_named(report, "traditional_script")
    assert report["agency"] == "撫遠市自然資源局"
    assert report["active_disclosure"]["licensing"] == {"decisions": 76}
    assert report["active_disclosure"]["fees"] == {"amount_wan_yuan": 26.55}
    assert not checks_named(excerpt("hubei-hanyang-2022.txt"), "traditional_script")


def test_a_note_in_a_label_names_no_row():
    # 湖北 2020: 其他对外管理服务事项（指行政许可证以外的…含行政确认、行政强制…） is its own row.
    report = excerpt("hubei-wuhan-shengtaihuanjingju-2020.txt")
    assert report["active_disclosure"]["other_services"] == {
        "prior_items": 117, "change": 0, "decisions": 165}
    # 行政强制 | 4 | 4 | - : the dash is no value.
    assert report["active_disclosure"]["coercion"] == {"prior_items": 4, "change": 4}


def test_a_row_broken_after_each_blank_cell_is_joined():
    # 广东 区发改局 2020 (a mirror): 一、本年新收… | 25 |, four lone |, | 25 |.
    report = excerpt("guangdong-qufagaiju-2020.txt")
    assert report["applications"]["new"] == {"natural_person": 25, "total": 25}
    assert report["applications"]["carried_over"] == {"total": 0}
