"""Narrative figures (docs/report-format.md section 8): the counts the prose states, and the
warning when the tables say otherwise.

Every expectation is typed by hand from the documents: the five seeds, the prose of real
reports (copied below as strings), and the real legacy excerpts of ``tests/files/legacy``
(their figures in ``excerpts.toml``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomllib

from harvester.demo.render import render_html
from harvester.parse.narrative import chinese_number, read_figures, table_checks, table_value
from harvester.parse.report import parse_bytes, read

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "harvester" / "demo" / "seeds"
LEGACY = ROOT / "tests" / "files" / "legacy"


def stated(text: str) -> list[tuple]:
    """(key, value, unit, sentence) of every figure, after checking its offsets."""
    figures = read_figures(text)
    for figure in figures:
        assert text[figure["start"]:figure["end"]] == figure["sentence"]
    return [(f["key"], f["value"], f["unit"], f["sentence"]) for f in figures]


def seed_text(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


# ---- the seeds --------------------------------------------------------------------------------

S000_ACTIVE = (
    "本年度，政府网站主动公开信息总数 3120 条，其中，概况类信息更新 2 条，政务动态信息更"
    "新 1888 条，信息公开目录更新 1228 条，其他信息更新 2 条；在线办理政务服务事项 8389 件；收"
    "到留言 347 条，办结留言 342 条，留言公开答复 54 条；涉及人大建议和政协提案答复公开 16 条。")
S000_APPLICATIONS = "2021 年度收到依申请公开 24 件，办结 23 件，结转下年度继续办理 1 件。"
S002 = "2020年共受理依申请公开3件,予以公开3件。"
S004_ACTIVE = (
    "2021年，区政府门户网站主动公开信息4945条，其中区政府门户网站坚决打好打赢疫情防控阻击战专栏"
    "发布疫情防控信息95条。")
S004_HANDLED = (
    "依法依规办理公民政府信息依申请公开，2021年，区政府及其部门共办理依申请公开5件，其中自然人"
    "申请件5宗，法人或其他组织申请件0宗，均在法定期限内予以答复。")
S004_OUTCOMES = (
    "予以公开及部分公开1宗，占20%；不予以公开1宗，占20%；因本机关不掌握等原因无法提供2宗，占40%"
    "；不予处理0宗，占0%；其他处理1宗，占20%；结转下年度办理0宗，占0%。")
S004_HOTLINE = (
    "2021年，区政府门户网站转载国家和省、市政策解读材料50条；12345政务便民服务热线全年共受理业"
    "务13414件，同比增长139.25%，办结率为100%。")
S004_FEES = "[bookmark: _GoBack]收取信息处理费的情况：本年度无发出收费通知，无收取信息处理费用。"

SEED_FIGURES = {
    "000": [
        ("active_disclosure.items", 3120, "条", S000_ACTIVE),
        ("applications.new.total", 24, "件", S000_APPLICATIONS),
        ("applications.answered.total", 23, "件", S000_APPLICATIONS),
        ("applications.carried_forward.total", 1, "件", S000_APPLICATIONS),
    ],
    "001": [],
    "002": [
        ("applications.new.total", 3, "件", S002),
        ("applications.granted.total", 3, "件", S002),
    ],
    "003": [],
    "004": [
        ("active_disclosure.items", 4945, "条", S004_ACTIVE),
        ("applications.answered.total", 5, "件", S004_HANDLED),
        ("applications.granted_incl_partially.total", 1, "宗", S004_OUTCOMES),
        ("applications.withheld.total", 1, "宗", S004_OUTCOMES),
        ("applications.unavailable.total", 2, "宗", S004_OUTCOMES),
        ("applications.not_processed.total", 0, "宗", S004_OUTCOMES),
        ("applications.other.total", 1, "宗", S004_OUTCOMES),
        ("applications.carried_forward.total", 0, "宗", S004_OUTCOMES),
        ("hotline.calls", 13414, "件", S004_HOTLINE),
        ("applications.fees", 0, "元", S004_FEES),
    ],
}


@pytest.mark.parametrize("name", sorted(SEED_FIGURES))
def test_the_seeds_prose_figures(name):
    assert stated(seed_text(name)) == SEED_FIGURES[name]


@pytest.mark.parametrize("name", sorted(SEED_FIGURES))
def test_the_parsers_clean_text_gives_the_same_figures(name):
    document = read((SEEDS / f"{name}.txt").read_bytes(), f"{name}.txt")
    assert stated(document.text) == SEED_FIGURES[name]


@pytest.mark.parametrize("name", sorted(SEED_FIGURES))
def test_the_seeds_raise_no_text_table_mismatch(name):
    """Neither against the hand-typed tables nor against what the parser reads."""
    data = (SEEDS / f"{name}.txt").read_bytes()
    figures = read_figures(read(data, f"{name}.txt").text)
    truth = json.loads((SEEDS / f"{name}.json").read_text(encoding="utf-8"))
    assert table_checks(truth, figures) == []
    assert table_checks(parse_bytes(data, f"{name}.txt"), figures) == []


# ---- real reports' prose ----------------------------------------------------------------------

# 上海市科委 2024 (PDF converted to text): lines wrapped mid-word, 行政复\n议 included.
KEWEI_OVERVIEW = (
    "上海市科委 2024 年深入贯彻《政府信息公开条例》和《上\n海市政府信息公开规定》，认真落实市委"
    "、市政府关于政务公开\n工作的各项部署，紧密围绕国际科创中心建设等国家战略和市委、\n市政府重"
    "点工作任务，扎实推进本部门政务公开工作，不断提升\n政务服务水平，为科创中心建设和上海科技创"
    "新事业发展营造良\n好环境。2024 年市科委有 1 件涉及政府信息公开工作的行政复\n议，该行政复议"
    "件未被复议审查机关纠错。涉及的行政诉讼数为\n0 件。\n\n")
KEWEI_APPLICATIONS = (
    "四、政府信息公开申请情况\n全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件"
    "，所有申请均已按要求办理完成。所有办结的信息公开\n申请中同意公开答复 9 件，部分公开答"
    "复 0 件，不予公开答复 2\n件，无法提供的 10 件，不予处理 0 件，其他处理 14 件，转下一\n年度"
    "办理答复的有 1 件。\n\n")
KEWEI_OTHER = (
    "五、其他需要报告的事项\n本年度信息公开处理费收费情况\n2024 年，市科委未发生政府信息公开收"
    "费事项。")
KEWEI = KEWEI_OVERVIEW + KEWEI_APPLICATIONS + KEWEI_OTHER

KEWEI_REVIEW = (
    "2024 年市科委有 1 件涉及政府信息公开工作的行政复\n议，该行政复议件未被复议审查机关纠错。")
KEWEI_RECEIVED = (
    "全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件，所有申请均已按要求办理完"
    "成。")
KEWEI_OUTCOMES = (
    "所有办结的信息公开\n申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2\n件，无法提"
    "供的 10 件，不予处理 0 件，其他处理 14 件，转下一\n年度办理答复的有 1 件。")
KEWEI_FIGURES = [
    ("review_litigation.review.total", 1, "件", KEWEI_REVIEW),
    ("review_litigation.litigation.total", 0, "件", "涉及的行政诉讼数为\n0 件。"),
    ("applications.new.total", 34, "件", KEWEI_RECEIVED),
    ("applications.carried_over.total", 2, "件", KEWEI_RECEIVED),
    ("applications.granted.total", 9, "件", KEWEI_OUTCOMES),
    ("applications.partially_granted.total", 0, "件", KEWEI_OUTCOMES),
    ("applications.withheld.total", 2, "件", KEWEI_OUTCOMES),
    ("applications.unavailable.total", 10, "件", KEWEI_OUTCOMES),
    ("applications.not_processed.total", 0, "件", KEWEI_OUTCOMES),
    ("applications.other.total", 14, "件", KEWEI_OUTCOMES),
    ("applications.carried_forward.total", 1, "件", KEWEI_OUTCOMES),
    ("applications.fees", 0, "元", "2024 年，市科委未发生政府信息公开收费事项。"),
]

# 上海市人民政府办公厅 2025 (PDF converted to text).
BANGONGTING = (
    "（二）依申请公开方面\n市政府共受理政府信息公开申请 1295 件，办结 1191 件（含\n上年结"
    "转 189 件），均在法定期限内答复。其中，予以公开及部\n分公开 208 件（17.46%），不予公"
    "开 20 件（1.68%），因本机关\n不掌握等原因无法提供 564 件（47.36%），属信访、重复申请等\n不"
    "予处理 80 件（6.72%），其他处理 319 件（26.78%，含申请人\n主动撤回 157 件）。全年未发生因"
    "依申请公开被行政复议纠错或\n行政诉讼败诉情形。\n\n六、其他需要报告的事项\n2025 年度本机关"
    "未收取信息公开处理费。\n— 7 —")
BANGONGTING_RECEIVED = (
    "市政府共受理政府信息公开申请 1295 件，办结 1191 件（含\n上年结转 189 件），均在法定期限内"
    "答复。")
BANGONGTING_OUTCOMES = (
    "其中，予以公开及部\n分公开 208 件（17.46%），不予公开 20 件（1.68%），因本机关\n不掌握等原"
    "因无法提供 564 件（47.36%），属信访、重复申请等\n不予处理 80 件（6.72%），其他处理 319 件"
    "（26.78%，含申请人\n主动撤回 157 件）。")
BANGONGTING_FIGURES = [
    ("applications.new.total", 1295, "件", BANGONGTING_RECEIVED),
    ("applications.answered.total", 1191, "件", BANGONGTING_RECEIVED),
    ("applications.carried_over.total", 189, "件", BANGONGTING_RECEIVED),
    ("applications.granted_incl_partially.total", 208, "件", BANGONGTING_OUTCOMES),
    ("applications.withheld.total", 20, "件", BANGONGTING_OUTCOMES),
    ("applications.unavailable.total", 564, "件", BANGONGTING_OUTCOMES),
    ("applications.not_processed.total", 80, "件", BANGONGTING_OUTCOMES),
    ("applications.other.total", 319, "件", BANGONGTING_OUTCOMES),
    # 未发生…被行政复议纠错或行政诉讼败诉: reviews that were not lost, not none.
    ("applications.fees", 0, "元", "2025 年度本机关未收取信息公开处理费。"),
]

# 沭阳县人民政府 2025 (OCR into markdown).
SUQIAN = (
    "一是拓宽主动公开渠道。强化县政府门户网站信息公开主阵地功能，全年通过县政府门户网站主动公开"
    "政府信息4511条，开展意见征集9期。督促县直部门在信息公开页面发布信息3044条，确保信息传递无"
    "死角。深化政务新媒体矩阵建设，聚焦全县经济发展、城乡建设等重点领域开设《项目进行时》《乡村"
    "梦想家》《沐阳“网”事》等专栏33个，策采相关新闻稿件2606篇，推送系列原创短视频1113个、图"
    "文1775条。年度涌现爆款内容52条，其中1条播放量破亿、2条破千万、49条破百万，让政务声音直抵群"
    "众指尖。畅通12345热线、县长信箱等民意反映渠道，形成了多渠道、广覆盖、高效率的信息发布与互"
    "动回应体系。\n\n### （二）规范化办理依申请公开。\n2025 年，我县严格遵循《条例》规定，规范"
    "依申请公开办理流程，优化服务方式，提升办理质效，依法妥善回应各类信息公开申请，全年申请办理"
    "工作规范有序、闭环高效。全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人"
    "或其他组织申请 8 件；共办理 718 件，结转下一年 31 件。依法做好相关行政复议、行政诉讼案件的"
    "应诉工作，全县共办理相关案件 74 件，有力维护了群众合法权益与政府公信力。\n\n我县认真落实《"
    "政府信息公开信息处理费管理办法》要求，指导推动全县行政机关按规定收取费用。全县行政机关在办"
    "理2025年度信息公开申请中收取信息处理费共计380元，其中民政局1件，收取380元。\n\n")
SUQIAN_RECEIVED = (
    "全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件；共"
    "办理 718 件，结转下一年 31 件。")
SUQIAN_FIGURES = [
    ("active_disclosure.items", 4511, "条",
     "强化县政府门户网站信息公开主阵地功能，全年通过县政府门户网站主动公开政府信息4511条，开展意见"
     "征集9期。"),
    ("applications.new.total", 749, "件", SUQIAN_RECEIVED),
    ("applications.answered.total", 718, "件", SUQIAN_RECEIVED),
    ("applications.carried_forward.total", 31, "件", SUQIAN_RECEIVED),
    ("applications.fees", 380, "元",
     "全县行政机关在办理2025年度信息公开申请中收取信息处理费共计380元，其中民政局1件，收取380元。"),
]

# 淮安市洪泽区人民政府 2024 (the text layer of its PDF): 主动发布 is not 主动公开.
HONGZE = (
    "（一）主动公开情况。主要通过政府门户网站主动公开政府\n文件、项目审批、通知公告等各类政府信"
    "息。2024年，我区在政\n府网站平台主动发布各类政府信息2428条，公开政府常务会议7\n期，解读信"
    "息发布7条。\n（二）依申请公开情况。根据《条例》和上级部门关于依申\n请办理的规范要求，强化"
    "组织领导、规范办理流程，指导各部门\n采取自行办理、协同办理、会商办理相结合的工作方式，确保"
    "依\n申请答复工作规范高效。2024年，区政府办代表区政府受理政府\n信息公开申请17件，均已在法定"
    "期限内予以答复。\n")
HONGZE_FIGURES = [
    ("applications.new.total", 17, "件",
     "2024年，区政府办代表区政府受理政府\n信息公开申请17件，均已在法定期限内予以答复。"),
]


@pytest.mark.parametrize("text, expected", [
    (KEWEI, KEWEI_FIGURES),
    (BANGONGTING, BANGONGTING_FIGURES),
    (SUQIAN, SUQIAN_FIGURES),
    (HONGZE, HONGZE_FIGURES),
], ids=["shanghai-kewei-2024", "shanghai-bangongting-2025", "suqian-shuyang-2025",
        "huai-an-hongze-2024"])
def test_real_reports_prose_figures(text, expected):
    assert stated(text) == expected


def applications(rows: dict[str, int]) -> dict:
    """Section 三 with only the total column, as a parsed report holds it."""
    return {row: {"total": value} for row, value in rows.items()}


# Their tables, typed from the documents.
KEWEI_TABLES = {
    "applications": applications({
        "new": 34, "carried_over": 2, "granted": 9, "partially_granted": 0,
        "withheld_state_secret": 0, "withheld_prohibited_by_law": 0,
        "withheld_security_stability": 0, "withheld_third_party": 0,
        "withheld_internal_affairs": 1, "withheld_process_info": 1,
        "withheld_enforcement_files": 0, "withheld_query_matter": 0,
        "unavailable_not_held": 4, "unavailable_needs_creation": 6, "unavailable_unclear": 0,
        "not_processed_petition": 0, "not_processed_repeated": 0,
        "not_processed_publication": 0, "not_processed_excessive": 0,
        "not_processed_confirmation": 0,
        "other_no_correction": 10, "other_no_fee": 0, "other_misc": 4,
        "total": 35, "carried_forward": 1}),
    "review_litigation": {
        "review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
        "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
        "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0,
                                    "total": 0}},
}
BANGONGTING_TABLES = {
    "applications": applications({
        "new": 1295, "carried_over": 189, "granted": 206, "partially_granted": 2,
        "withheld_state_secret": 4, "withheld_prohibited_by_law": 0,
        "withheld_security_stability": 1, "withheld_third_party": 0,
        "withheld_internal_affairs": 9, "withheld_process_info": 1,
        "withheld_enforcement_files": 0, "withheld_query_matter": 5,
        "unavailable_not_held": 513, "unavailable_needs_creation": 48, "unavailable_unclear": 3,
        "not_processed_petition": 62, "not_processed_repeated": 16,
        "not_processed_publication": 1, "not_processed_excessive": 1,
        "not_processed_confirmation": 0,
        "other_no_correction": 43, "other_no_fee": 0, "other_misc": 276,
        "total": 1191, "carried_forward": 293}),
    "review_litigation": {
        "review": {"upheld": 40, "corrected": 0, "other": 10, "pending": 5, "total": 55},
        "litigation_direct": {"upheld": 2, "corrected": 0, "other": 4, "pending": 6, "total": 12},
        "litigation_after_review": {"upheld": 6, "corrected": 0, "other": 9, "pending": 7,
                                    "total": 22}},
}


def test_real_reports_whose_text_and_tables_agree_raise_nothing():
    assert table_checks(KEWEI_TABLES, read_figures(KEWEI)) == []
    assert table_checks(BANGONGTING_TABLES, read_figures(BANGONGTING)) == []


def test_a_real_disagreement_is_a_warning_with_both_values_and_the_sentence():
    """洪泽 2024: the prose says the office received 17 applications, the table 95 new ones."""
    checks = table_checks({"applications": applications({"new": 95, "carried_over": 0})},
                          read_figures(HONGZE))
    assert [(c["check"], c["severity"], c["where"]) for c in checks] == [
        ("text_table_mismatch", "warning", "applications.new.total")]
    message = checks[0]["message"]
    assert "17" in message and "95" in message
    assert "区政府办代表区政府受理政府信息公开申请17件" in message


def test_received_without_saying_it_includes_the_carried_over_is_the_new_count():
    """沭阳 2025: 共受理…749件 is 713 new and 36 carried over, but the text does not say so."""
    tables = {"applications": applications({"new": 713, "carried_over": 36, "total": 718,
                                             "carried_forward": 31})}
    checks = table_checks(tables, read_figures(SUQIAN))
    assert [(c["where"], "749" in c["message"], "713" in c["message"]) for c in checks] == [
        ("applications.new.total", True, True)]


# ---- a disagreement planted in a rendered report ---------------------------------------------

def rendered_seed_002_with(sentence: str) -> bytes:
    truth = json.loads((SEEDS / "002.json").read_text(encoding="utf-8"))
    body = render_html(truth, "word")
    first_paragraph_end = body.index("</p>") + len("</p>")
    body = body[:first_paragraph_end] + f"<p>{sentence}</p>" + body[first_paragraph_end:]
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()


def parse_with_narrative(data: bytes) -> tuple[dict, list[dict]]:
    report = parse_bytes(data, "planted.html")
    return report, read_figures(read(data, "planted.html").text)


def test_a_disagreement_planted_in_a_rendered_report_is_flagged():
    report, figures = parse_with_narrative(rendered_seed_002_with(
        "2020年共受理政府信息公开申请4件，予以公开3件，行政复议2件。"))
    assert report["applications"]["new"]["total"] == 3  # the table the renderer printed
    checks = table_checks(report, figures)
    assert [(c["check"], c["where"]) for c in checks] == [
        ("text_table_mismatch", "applications.new.total"),
        ("text_table_mismatch", "review_litigation.review.total")]
    assert "4" in checks[0]["message"] and "3" in checks[0]["message"]
    assert "2020年共受理政府信息公开申请4件，予以公开3件，行政复议2件。" in checks[0]["message"]


def test_the_same_report_with_agreeing_prose_raises_nothing():
    """Seed 002's review total is 0 (its row prints 0 0 1 0 0)."""
    report, figures = parse_with_narrative(rendered_seed_002_with(
        "2020年共受理政府信息公开申请3件，予以公开3件，行政复议0件。"))
    assert [(f["key"], f["value"]) for f in figures] == [
        ("applications.new.total", 3), ("applications.granted.total", 3),
        ("review_litigation.review.total", 0),
        ("applications.fees", 0)]  # the renderer's 本年度未收取信息处理费。
    assert table_checks(report, figures) == []


def test_figures_whose_keys_the_tables_do_not_hold_give_nothing():
    text = ("本年度主动公开政府信息200条，办结政府信息公开申请7件，收取费用50元，接受咨询30人次。"
            "提起行政诉讼3件。")
    assert [f["key"] for f in read_figures(text)] == [
        "active_disclosure.items", "applications.answered.total", "applications.fees",
        "consultations.total", "review_litigation.litigation.total"]
    assert table_checks({"applications": applications({"new": 1, "total": 1})},
                        read_figures(text)) == []
    # Litigation has no row of its own: with only one of its two groups there is no sum.
    assert table_checks({"review_litigation": {"litigation_direct": {"total": 1}}},
                        read_figures(text)) == []


def test_the_sums_of_rows_a_narrative_key_names():
    tables = {"applications": applications({
        "granted": 2, "partially_granted": 1, "other_no_correction": 1, "other_no_fee": 0,
        "other_misc": 2}),
        "review_litigation": {"litigation_direct": {"total": 1},
                              "litigation_after_review": {"total": 2}}}
    assert table_value(tables, "applications.granted_incl_partially.total") == 3
    assert table_value(tables, "applications.other.total") == 3
    assert table_value(tables, "review_litigation.litigation.total") == 3
    assert table_value(tables, "applications.withheld.total") is None  # its rows are not there
    assert table_value(tables, "applications.granted.total") == 2
    checks = table_checks(tables, read_figures("提起行政诉讼4件，其中直接起诉1件。"))
    assert [c["where"] for c in checks] == ["review_litigation.litigation.total"]


# ---- what is and is not a count ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("本年度共受理政府信息公开申请一百二十三件。", [("applications.new.total", 123, "件")]),
    ("全年主动公开政府信息两千零五条。", [("active_disclosure.items", 2005, "条")]),
    ("全年主动公开政府信息1.2万条。", [("active_disclosure.items", 12000, "条")]),
    ("全年主动公开政府信息三万五千条。", [("active_disclosure.items", 35000, "条")]),
    ("全年主动公开政府信息１２条。", [("active_disclosure.items", 12, "条")]),
    ("收到政府信息公开申请1,295件。", [("applications.new.total", 1295, "件")]),
    ("予以公开3，部分公开2件。", [("applications.partially_granted.total", 2, "件")]),
    ("收取信息处理费3.5万元。", [("applications.fees", 3.5, "万元")]),
    ("收取检索、复印费用共计120元。", [("applications.fees", 120, "元")]),
    ("共收到政府信息公开申请5件，同比增长20%。", [("applications.new.total", 5, "件")]),
    ("收到申请12件（含上年结转2件）。", [
        ("applications.received_incl_carried_over.total", 12, "件"),
        ("applications.carried_over.total", 2, "件")]),
    ("全年接受公众咨询1,234人次，其中电话咨询1000人次。", [("consultations.total", 1234, "人次")]),
    ("接待群众来访查阅56人次。", [("consultations.visits", 56, "人次")]),
    ("被申请行政复议2次。", [("review_litigation.review.total", 2, "次")]),
    ("提起行政诉讼2件，其中复议后起诉1件，直接起诉1件。", [
        ("review_litigation.litigation.total", 2, "件"),
        ("review_litigation.litigation_after_review.total", 1, "件"),
        ("review_litigation.litigation_direct.total", 1, "件")]),
    ("未发生因政府信息公开申请行政复议和提起行政诉讼的情况。", [
        ("review_litigation.review.total", 0, "件"),
        ("review_litigation.litigation.total", 0, "件")]),
])
def test_counts(text, expected):
    assert [(f["key"], f["value"], f["unit"]) for f in read_figures(text)] == expected


@pytest.mark.parametrize("text", [
    "共收到政府信息公开申请3至5件。",  # a range
    "共收到政府信息公开申请3-5件。",
    "共收到政府信息公开申请同比增加5件。",  # a change
    "主动公开政府信息1400余条。",  # approximations
    "主动公开政府信息近300条。",
    "历年累计主动公开政府信息5928条。",  # not this year's
    "依据《条例》第十四条规定，做好公开工作。",  # an ordinal
    "按照《条例》第9至12条规定的主动公开政府信息范围。",
    "依申请公开答复率达到100%。",  # a percentage
    "本年度政府信息公开工作运行良好。",  # no number at all
    "",
    "确保20个工作日内按期答复。",  # a count of something else
    "收到留言347条，办结留言342条，留言公开答复54条。",
    "政府公众信息网站共收到“县长信箱”留言76条，答复76条。",
    "积极配合市12345 政府服务热线整合21 条以“123”开头的政务热线。",
    "该行政复议件未被复议审查机关纠错。",  # a review not lost is not none
    "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
    "本年度无发出收费通知。",
    "行政事业性收费\t0",  # a table line
    "| 一、本年新收政府信息公开申请数量 | 32 | 2 | 34 |",
    "二〇一〇年一月十九日",
])
def test_sentences_without_a_count_give_nothing(text):
    assert read_figures(text) == []


@pytest.mark.parametrize("numeral, value", [
    ("一百二十三", 123), ("两千零五", 2005), ("十二", 12), ("十", 10), ("二〇二一", 2021),
    ("三万五千", 35000), ("一万零一", 10001), ("一百零五", 105), ("万", None),
])
def test_chinese_numerals(numeral, value):
    assert chinese_number(numeral) == value


# ---- legacy reports (before 2019) -------------------------------------------------------------

EXCERPTS = tomllib.loads((LEGACY / "excerpts.toml").read_text(encoding="utf-8"))["excerpt"]


def test_the_legacy_excerpts_span_the_decade():
    assert len(EXCERPTS) >= 15
    assert {excerpt["year"] for excerpt in EXCERPTS} >= set(range(2008, 2019)) - {2019}
    assert all(excerpt["url"].startswith(("http://", "https://")) for excerpt in EXCERPTS)
    assert sorted(path.name for path in LEGACY.glob("*.txt")) == sorted(
        excerpt["file"] for excerpt in EXCERPTS)


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[e["file"] for e in EXCERPTS])
def test_legacy_excerpts(excerpt):
    text = (LEGACY / excerpt["file"]).read_text(encoding="utf-8")
    expected = [(f["key"], f["value"], f["unit"], f["sentence"]) for f in excerpt["figures"]]
    assert stated(text) == expected
