"""The report vocabulary of ``docs/report-format.md``: every key, its Chinese label, and the
label variants real reports print; and the words a report is recognised by.

This is the one module where report keys, labels and words are spelled. Everything else
(parser, recognition, database, demo web, Datasette metadata) imports them from here; patterns
are compiled where they are used.

Label matching works on *compacted* text (see :func:`compact`): NFKC-normalised, without
whitespace, with brackets unified, so ``（ 一 ）予以 公开`` and ``(一)予以公开`` are the same.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TEMPLATES = ("2019", "2021", "legacy")

SECTION_LABELS = {
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}
# The sections whose numbers stand in tables; the others are prose.
STATISTICAL_SECTIONS = ("active_disclosure", "applications", "review_litigation")
# The key words of each section's heading, after its enumerator, however a report words the
# rest (regular expressions; :mod:`harvester.parse.sections`).
SECTION_HEADING_WORDS = {
    "overview": r"(?:总体|基本|概述)(?:情况)?",
    "active_disclosure": r"主动公开政府信息",
    # Not just "政府信息公开申请": the row label 一、本年新收政府信息公开申请数量 has that too.
    "applications": r"收到和?处理.{0,6}申请|政府信息公开申请的?(?:办理)?情况",
    "review_litigation": r"行政复议.{0,4}行政诉讼|行政复议|行政诉讼",
    "problems": r"存在的?(?:主要)?问题|问题(?:及|和)(?:改进|整改)",
    "other_matters": r"其他需要报告",
}

# After NFKC, every space-like character is one of these.
_COMPACT_TABLE = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "\\": "/",
                                " ": None, "\t": None, "\n": None, "\r": None, "\x0b": None,
                                "\x0c": None, "\u200b": None})


@lru_cache(maxsize=16384)
def compact(text: str) -> str:
    """Normalise text for label matching: NFKC (full-width to half-width), no whitespace,
    one kind of bracket and slash. Cached: the same labels recur in every report."""
    return unicodedata.normalize("NFKC", text).translate(_COMPACT_TABLE)


@dataclass(frozen=True)
class Row:
    """One labelled row of a statistical table.

    ``pattern`` is a regular expression searched in the compacted label text. ``fields`` are the
    value keys in the order the template prints them.
    """

    key: str
    label: str
    pattern: str
    fields: tuple[str, ...]


# ---- Section 二: active disclosure ---------------------------------------------------------

ACTIVE_FIELD_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_wan_yuan": "本年收费金额（万元）",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "prior_items": "上一年项目数量",
    "change": "本年增/减",
    "projects": "采购项目数量",
}
# The 2019 template's procurement amount is 采购总金额; the key is shared with the 2021 fees.
ACTIVE_FIELD_LABELS_2019 = {**ACTIVE_FIELD_LABELS, "amount_wan_yuan": "采购总金额（万元）",
                            "decisions": "处理决定数量"}

# Fields holding money are decimals (float); every other value is a count (int).
DECIMAL_FIELDS = frozenset({"amount_wan_yuan"})

_REGULATIONS = r"(?<!性)规章"
_NORMATIVE = r"规范性文件"

ACTIVE_ROWS = {
    "2021": (
        Row("regulations", "规章", _REGULATIONS, ("issued", "repealed", "in_force")),
        Row("normative_documents", "行政规范性文件", _NORMATIVE,
            ("issued", "repealed", "in_force")),
        Row("licensing", "行政许可", r"行政许可", ("decisions",)),
        Row("punishment", "行政处罚", r"行政处罚", ("decisions",)),
        Row("coercion", "行政强制", r"行政强制", ("decisions",)),
        Row("fees", "行政事业性收费", r"行政事业性收费", ("amount_wan_yuan",)),
    ),
    "2019": (
        Row("regulations", "规章", _REGULATIONS, ("made", "published", "total_published")),
        Row("normative_documents", "规范性文件", _NORMATIVE,
            ("made", "published", "total_published")),
        Row("licensing", "行政许可", r"行政许可", ("prior_items", "change", "decisions")),
        Row("other_services", "其他对外管理服务事项", r"其他对外管理服务事项",
            ("prior_items", "change", "decisions")),
        Row("punishment", "行政处罚", r"行政处罚", ("prior_items", "change", "decisions")),
        Row("coercion", "行政强制", r"行政强制", ("prior_items", "change", "decisions")),
        Row("fees", "行政事业性收费", r"行政事业性收费", ("prior_items", "change")),
        Row("procurement", "政府集中采购", r"政府集中采购", ("projects", "amount_wan_yuan")),
    ),
}

# How the template groups section 二's rows under the articles of the regulation.
ACTIVE_ARTICLES = {
    "2021": (("第二十条第（一）项", ("regulations", "normative_documents")),
             ("第二十条第（五）项", ("licensing",)),
             ("第二十条第（六）项", ("punishment", "coercion")),
             ("第二十条第（八）项", ("fees",))),
    "2019": (("第二十条第（一）项", ("regulations", "normative_documents")),
             ("第二十条第（五）项", ("licensing", "other_services")),
             ("第二十条第（六）项", ("punishment", "coercion")),
             ("第二十条第（八）项", ("fees",)),
             ("第二十条第（九）项", ("procurement",))),
}
ACTIVE_CONTENT_HEADER = "信息内容"

# Header words that identify each template's section 二 (searched in compacted text).
TEMPLATE_MARKERS = {
    "2021": (r"本年制发件数", r"本年废止件数", r"现行有效件数", r"本年收费金额",
             r"逾期不补正", r"逾期未按收费通知"),
    "2019": (r"本年新制作数量", r"本年新公开数量", r"对外公开总数量", r"上一年项目数量",
             r"本年增/?减", r"政府集中采购", r"其他对外管理服务事项"),
}

# Rows some provinces add to section 二's table (其他主动公开文件; 其他对外管理服务事项 split into
# 行政检查, 行政确认…): no template key; recorded, never read into another row.
PROVINCIAL_ROWS = (r"其他主动公开文件", r"行政检查", r"行政确认", r"行政征收", r"行政给付",
                   r"行政奖励", r"行政裁决", r"其他行政(?:权力|职权)")

# ---- Section 三: applications --------------------------------------------------------------

APPLICANT_COLUMNS = (
    "natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org",
    "total",
)
APPLICANT_COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
# The six applicant columns whose sum is the total column.
APPLICANT_PARTS = APPLICANT_COLUMNS[:-1]

_ROW_NEW = Row("new", "一、本年新收政府信息公开申请数量", r"本年新收", APPLICANT_COLUMNS)
_ROW_CARRIED_OVER = Row("carried_over", "二、上年结转政府信息公开申请数量", r"上年结转",
                        APPLICANT_COLUMNS)
_OUTCOME_ROWS_COMMON = (
    Row("granted", "（一）予以公开", r"(?<!不)予以公开", APPLICANT_COLUMNS),
    Row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        r"部分公开", APPLICANT_COLUMNS),
    Row("withheld_state_secret", "（三）不予公开 1.属于国家秘密", r"国家秘密", APPLICANT_COLUMNS),
    Row("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开",
        r"法律(?:行政)?法规禁止公开|禁止公开", APPLICANT_COLUMNS),
    Row("withheld_security_stability", "3.危及“三安全一稳定”", r"三安全一稳定|危及",
        APPLICANT_COLUMNS),
    Row("withheld_third_party", "4.保护第三方合法权益", r"第三方合法权益|保护第三方",
        APPLICANT_COLUMNS),
    Row("withheld_internal_affairs", "5.属于三类内部事务信息", r"内部事务", APPLICANT_COLUMNS),
    Row("withheld_process_info", "6.属于四类过程性信息", r"过程性信息", APPLICANT_COLUMNS),
    Row("withheld_enforcement_files", "7.属于行政执法案卷", r"行政执法案卷", APPLICANT_COLUMNS),
    Row("withheld_query_matter", "8.属于行政查询事项", r"行政查询事项", APPLICANT_COLUMNS),
    Row("unavailable_not_held", "（四）无法提供 1.本机关不掌握相关政府信息", r"不掌握",
        APPLICANT_COLUMNS),
    Row("unavailable_needs_creation", "2.没有现成信息需要另行制作", r"另行制作|没有现成信息",
        APPLICANT_COLUMNS),
    Row("unavailable_unclear", "3.补正后申请内容仍不明确", r"仍不明确", APPLICANT_COLUMNS),
    Row("not_processed_petition", "（五）不予处理 1.信访举报投诉类申请", r"信访举报投诉",
        APPLICANT_COLUMNS),
    Row("not_processed_repeated", "2.重复申请", r"重复申请", APPLICANT_COLUMNS),
    Row("not_processed_publication", "3.要求提供公开出版物", r"公开出版物", APPLICANT_COLUMNS),
    Row("not_processed_excessive", "4.无正当理由大量反复申请", r"大量反复申请",
        APPLICANT_COLUMNS),
    Row("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息",
        r"重新出具|确认或重新", APPLICANT_COLUMNS),
)
_ROW_TOTAL = Row("total", "（七）总计", r"总计$", APPLICANT_COLUMNS)
_ROW_CARRIED_FORWARD = Row("carried_forward", "四、结转下年度继续办理", r"结转下年度",
                           APPLICANT_COLUMNS)

APPLICATION_ROWS = {
    "2021": (
        _ROW_NEW, _ROW_CARRIED_OVER, *_OUTCOME_ROWS_COMMON,
        Row("other_no_correction",
            "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            r"逾期不补正", APPLICANT_COLUMNS),
        Row("other_no_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            r"收费通知|缴纳费用", APPLICANT_COLUMNS),
        # "3.其他" under （六）: the word alone, after an enumerator at most.
        Row("other_misc", "3.其他", r"(?:^|[0-9.、)])其他$", APPLICANT_COLUMNS),
        _ROW_TOTAL, _ROW_CARRIED_FORWARD,
    ),
    "2019": (
        _ROW_NEW, _ROW_CARRIED_OVER, *_OUTCOME_ROWS_COMMON,
        Row("other", "（六）其他处理", r"其他处理$", APPLICANT_COLUMNS),
        _ROW_TOTAL, _ROW_CARRIED_FORWARD,
    ),
}
# The 2019 template's single row （六）其他处理, which some reports on the 2021 template still
# print instead of its three rows: read as ``other``, and the outcomes sum over it.
OTHER_2019 = next(row for row in APPLICATION_ROWS["2019"] if row.key == "other")
OTHER_ROWS_2021 = ("other_no_correction", "other_no_fee", "other_misc")

# Section 三's printed headings around the rows.
APPLICATIONS_IDENTITY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
LEGAL_PERSON_HEADER = "法人或其他组织"
OUTCOMES_HEADING = "三、本年度办理结果"
REVIEW_HEADER = "行政复议"
LITIGATION_HEADER = "行政诉讼"

# The rows between carried_over and total: their sum, per column, is the total row.
OUTCOME_ROWS = {
    template: tuple(row.key for row in rows
                    if row.key not in ("new", "carried_over", "total", "carried_forward"))
    for template, rows in APPLICATION_ROWS.items()
}

# ---- Section 四: review and litigation ----------------------------------------------------

REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_GROUP_LABELS = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_review": "行政诉讼·复议后起诉",
}
REVIEW_FIELDS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_FIELD_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
REVIEW_OUTCOMES = REVIEW_FIELDS[:-1]

# ---- Recognising a report and reading its metadata ----------------------------------------
# Regular expressions are searched in compacted text.

# The phrases that name a disclosure annual report, in a title or in a report's opening text.
REPORT_NAME = (r"(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?(?:情况的?)?"
               r"(?:年度报告|年报|报告)"
               r"|政务公开(?:工作)?年度报告"
               r"|年度(?:政府)?信息公开(?:工作)?报告"
               r"|(?:19|20)\d\d年?年报")
# Words that make a report-like title something else: notices about the reports, guides,
# catalogues, explanations, other kinds of annual report.
LOOK_ALIKE_WORDS = (
    "通知", "要点", "指南", "目录", "制度", "规定", "办法", "解读", "图解", "格式", "模板", "样本",
    "统计公报", "预算", "决算", "培训", "考核", "评估", "评议", "通报", "意见", "方案", "计划",
    "征集", "答复", "提案", "建议", "审计报告", "审计结果", "法治政府", "营商环境", "统计年报",
    "企业年报", "年度报表", "报表", "申请表", "述职", "工作总结", "测评", "检查", "督查", "整改",
    "说明会", "发布会", "报告发布", "导读",
)
# What a report's title says it is about; the agency a title names comes before it.
DISCLOSURE_NAME = r"(?:政府|政务)?信息公开|政务公开"
# What a 年报 calls itself in a title, and what a report column's ColumnType meta says.
REPORT_KINDS = ("年度报告", "年报")
# A line naming neither is no report's title.
REPORT_TITLE_WORDS = ("报告", "年报")
# What follows the year a title names: 2021年度, 2021年 (not 2021年1月), 2022度 (sic), 2021年报,
# 2021政府信息公开….
TITLE_YEAR_WORDS = rf"年度|年(?!\d{{1,2}}月)|度|年报|{DISCLOSURE_NAME}"
# How a report states the period it covers (searched without whitespace, Chinese-numeral years
# in digits; the group is the year).
PERIOD_PHRASES = (
    r"((?:19|20)\d\d)年0?1月0?1日起?(?:至|到|—|-|~)",
    r"截[止至]\D{0,10}?((?:19|20)\d\d)年12月31日",
    r"((?:19|20)\d\d)-0?1-0?1(?:至|到|—|~)",
)
# Labels of a publication date, on a page's metadata line or in a report's opening lines.
PUBLISHED_LABELS = ("发布日期", "发布时间", "发表日期", "发表时间", "公开日期", "日期")
# The label of the publishing unit on a metadata line, and the page chrome that may follow it.
SOURCE_LABEL = r"(?:信息|文章)?来源"
METADATA_LINE_CHROME = ("访问量", "点击", "字号", "打印", "浏览")
# How an agency's name ends (人民政府, 教育局, 街道办事处…).
AGENCY_SUFFIX = (
    r"(?:人民政府办公室|人民政府|政府办公室|政府办|政府|办公室|街道办事处|办事处|委员会|管理委员会|"
    r"局|委|办|中心|街道|镇|乡|厅|署|院|所|队|站|馆|会|处|公司)"
)
# Words that introduce the agency in an opening sentence: 现将鹤岗市工农区人民政府2021年….
AGENCY_LEAD_INS = ("现将", "现予", "公布", "发布", "编制", "印发", "关于", "根据", "按照", "特将",
                   "现就", "本报告是")


def all_labels() -> list[dict[str, str]]:
    """Every key the project stores, with its Chinese label, for the ``labels`` table."""
    labels: list[dict[str, str]] = []
    for section, label in SECTION_LABELS.items():
        labels.append({"kind": "section", "key": section, "template": "", "label": label})
    for template, rows in ACTIVE_ROWS.items():
        field_labels = ACTIVE_FIELD_LABELS_2019 if template == "2019" else ACTIVE_FIELD_LABELS
        for row in rows:
            labels.append({"kind": "active_row", "key": row.key, "template": template,
                           "label": row.label})
            for field in row.fields:
                labels.append({"kind": "active_field", "key": f"{row.key}.{field}",
                               "template": template, "label": field_labels[field]})
    for template, rows in APPLICATION_ROWS.items():
        for row in rows:
            labels.append({"kind": "application_row", "key": row.key, "template": template,
                           "label": row.label})
    for column in APPLICANT_COLUMNS:
        labels.append({"kind": "applicant_column", "key": column, "template": "",
                       "label": APPLICANT_COLUMN_LABELS[column]})
    for group in REVIEW_GROUPS:
        labels.append({"kind": "review_group", "key": group, "template": "",
                       "label": REVIEW_GROUP_LABELS[group]})
    for field in REVIEW_FIELDS:
        labels.append({"kind": "review_field", "key": field, "template": "",
                       "label": REVIEW_FIELD_LABELS[field]})
    return labels


# ---- Narrative figures: the counts the prose states (docs/report-format.md section 8) --------
# Read by harvester/parse/narrative.py. Every pattern is searched in a compacted stretch of one
# clause (whitespace removed; full-width brackets, commas, semicolons and colons half-width):
# the words between the previous figure (or the clause's start) and the number. A phrase's
# pattern must END right before the number, but for a few connecting words
# (NARRATIVE_FILLER). The phrases are tried in order and the first that matches wins, so the
# more specific come first. A phrase is tried only when one of its trigger words is there.


@dataclass(frozen=True)
class NarrativePhrase:
    """How the prose states one figure: ``pattern`` ends where the number begins; ``units`` are
    the units the figure may carry; ``triggers`` are words one of which the clause must hold
    (a cheap test before the pattern); ``needs`` is a word the whole sentence must hold."""

    key: str
    label: str
    pattern: str
    units: tuple[str, ...]
    triggers: tuple[str, ...]
    needs: str = ""


# Units a stated count carries (万元 before 元, 人次 before 次); 万 before a unit multiplies.
NARRATIVE_UNITS = ("人次", "万元", "件", "条", "次", "元", "宗", "起", "例", "份", "个", "通")
_CASES = ("件", "宗", "起", "例", "份", "个", "条")  # applications
_PROCEEDINGS = (*_CASES, "次")  # reviews, lawsuits, complaints
_MONEY = ("元", "万元")
# Words that may stand between a phrase and its number: 数, 共, 为, 达, 有, 的, 计, 合计….
NARRATIVE_FILLER = (r"(?:\([^()]{0,24}\))?(?:总数|数量|件数|数)?(?:共计|总计|合计|累计|共|计|"
                    r"为|达到|达|有|是|的|了|:)*")
# The verbs of receiving an application.
_RECEIVED = r"(?:新收到|新收|收到|受理|接收|接到|收悉)"

NARRATIVE_PHRASES = (
    # Section 四: lawsuits after review and direct before lawsuits in general, reviews after.
    NarrativePhrase("review_litigation.litigation_after_review.total", "复议后起诉",
                    r"复议后(?:提起)?(?:行政)?(?:诉讼|起诉)(?:案件|案)?", _PROCEEDINGS,
                    ("复议后",)),
    NarrativePhrase("review_litigation.litigation_direct.total", "直接起诉",
                    r"直接(?:提起)?(?:行政)?(?:诉讼|起诉)(?:案件|案)?", _PROCEEDINGS, ("直接",)),
    NarrativePhrase("review_litigation.litigation.total", "行政诉讼",
                    r"(?:行政)?诉讼(?:案件|案)?", _PROCEEDINGS, ("诉讼",)),
    NarrativePhrase("review_litigation.review.total", "行政复议",
                    r"(?:行政)?复议(?:申请|案件|案)?", _PROCEEDINGS, ("复议",)),
    NarrativePhrase("review_litigation.complaint.total", "申诉",
                    r"申诉(?:案件|案)?", _PROCEEDINGS, ("申诉",)),
    # Section 三: carried over and forward, then the outcomes, then what was received.
    NarrativePhrase("applications.carried_over.total", "上年结转",
                    r"(?:上一?年度?结转|结转上一?年度?)[^,;]{0,16}?", _CASES, ("结转",)),
    NarrativePhrase("applications.carried_forward.total", "结转下年度",
                    r"(?:结转|转入|转)(?:至|到)?下一?年度?[^,;]{0,12}?", _CASES, ("下",)),
    NarrativePhrase("applications.granted_incl_partially.total", "予以公开及部分公开",
                    r"(?:予以公开|同意公开)(?:及|和|与|或|、)部分公开(?:答复)?", _CASES,
                    ("部分公开",)),
    NarrativePhrase("applications.partially_granted.total", "部分公开",
                    r"部分公开(?:答复|的)?", _CASES, ("部分公开",)),
    NarrativePhrase("applications.withheld.total", "不予公开",
                    r"不予(?:以)?公开(?:答复|的)?", _CASES, ("不予",)),
    NarrativePhrase("applications.granted.total", "予以公开, 同意公开",
                    r"(?<!不)(?:予以公开|同意公开|全部公开|同意提供)(?:答复|的)?", _CASES,
                    ("公开", "提供")),
    NarrativePhrase("applications.unavailable.total", "无法提供",
                    r"无法提供(?:的)?", _CASES, ("无法提供",)),
    NarrativePhrase("applications.not_processed.total", "不予处理",
                    r"不予处理(?:的)?", _CASES, ("不予处理",)),
    NarrativePhrase("applications.other.total", "其他处理",
                    r"其他处理(?:的)?", _CASES, ("其他处理",)),
    NarrativePhrase("applications.new.total", "本年新收 / 收到 / 受理…申请",
                    rf"{_RECEIVED}[^,;]{{0,30}}?(?:申请|依申请公开)(?:件|事项)?", _CASES,
                    ("申请",)),
    NarrativePhrase("applications.answered.total", "办结 / 答复 / 办理…申请",
                    r"(?:办结|答复|办理完毕|办理)[^,;]{0,24}?(?:申请|依申请公开)(?:件|事项)?",
                    _CASES, ("申请",)),
    NarrativePhrase("applications.answered.total", "办结, 答复, 办理 (in a sentence on 申请)",
                    r"(?:办结|答复|办理)(?:完毕|完成|了)?", _CASES, ("办", "答复"),
                    needs="申请"),
    # Active disclosure: 主动公开(政府)信息; 共公开政府信息.
    NarrativePhrase("active_disclosure.items", "主动公开政府信息",
                    r"(?:主动公开(?:的)?(?:政府)?信息|(?:共|全年)公开政府信息)", ("条", "件"),
                    ("公开",)),
    # Fees for disclosure on application (not 行政事业性收费, a row of section 二).
    NarrativePhrase("applications.fees", "收取…费用",
                    r"(?:收取[^,;]{0,16}?费用?|收费(?:金额|总额)?)", _MONEY, ("收",)),
    # Hotline and consultations.
    NarrativePhrase("hotline.calls", "热线…受理 / 接听",
                    r"热线[^,;]{0,16}?(?:受理|接听|接到|接收|处理|办理)[^,;]{0,12}?",
                    ("件", "次", "个", "人次", "通", "条"), ("热线",)),
    NarrativePhrase("consultations.visits", "接待…来访 / 现场 / 查阅",
                    r"接待[^,;]{0,12}?(?:来访|现场|查阅)[^,;]{0,8}?", ("人次", "次"),
                    ("接待",)),
    NarrativePhrase("consultations.total", "接受 / 受理 / 解答…咨询",
                    r"(?:接受|受理|接待|解答|处理|答复|办理)[^,;]{0,20}?咨询(?:服务)?",
                    ("人次", "次", "件", "个", "条"), ("咨询",)),
)
# A number stated before its proceeding, in a clause ending with it: 有1件涉及…的行政复议.
NARRATIVE_TRAILING = (
    ("review_litigation.review.total", r"^[^,;]{0,24}?(?:行政)?复议(?:案件|案)?$"),
    ("review_litigation.litigation.total", r"^[^,;]{0,24}?行政诉讼(?:案件|案)?$"),
)
# Applications received, when the sentence says the carried-over ones are among them:
# 共收到申请12件（含上年结转2件）.
NARRATIVE_INCLUDES_CARRIED_OVER = r"^\((?:含|包括|其中)上一?年度?结转"
NARRATIVE_RECEIVED_INCL_CARRIED_OVER = "applications.received_incl_carried_over.total"
# What a figure is not: words just before the number that make it a change, a share, an
# ordinal, a bound, an approximation or the end of a range (3至5件); words just after it that
# make it an approximation or part of a word (一次性).
NARRATIVE_NOT_A_COUNT_BEFORE = (r"(?:增长|增加|减少|下降|上升|提高|降低|增幅|减幅|多出|少于|多于|"
                                r"超过|不少于|不低于|近|约|逾|大约|将近|第|占|每|平均|"
                                r"(?:\d|[一二两三四五六七八九十百千])(?:至|到|-|~|—|－|～))$")
NARRATIVE_NOT_A_COUNT_AFTER = r"^(?:余|多|左右|以上|以下|以内|之多|性)"
# Words that make a clause about received or answered applications about something else, and
# words that make any figure not this year's.
NARRATIVE_NOT_APPLICATIONS = r"留言|信箱|来信|建议|提案|咨询|投诉|举报"
NARRATIVE_NOT_THIS_YEAR = r"历年|累计至今"
NARRATIVE_APPLICATION_KEYS = ("applications.new.total", "applications.answered.total")
# Statements of none, searched in one compacted clause. A review or lawsuit that was not lost
# or corrected is not one that did not happen (未发生…被行政复议纠错或行政诉讼败诉).
# The words a statement of none starts with; each is searched on its own (a single literal is
# the fastest search Python's engine has).
NARRATIVE_NONE_TRIGGERS = ("未", "没有", "无收", "不收", "免费提供", "零收费")
# The template's own labels that hold one of those words: a trigger inside them is a table's.
NARRATIVE_NONE_LABELS = ("尚未审结", "未经复议", "逾期未按", "没有现成")
NARRATIVE_NEGATION = (r"(?:未|没有|尚未|均未|暂未|无|未曾)(?:发生|收到|接到|出现|产生|涉及|受理)"
                      r"|没有")
NARRATIVE_NONE_OF = (
    ("review_litigation.review.total", "复议"),
    ("review_litigation.litigation.total", "诉讼"),
    ("review_litigation.complaint.total", "申诉"),
)
NARRATIVE_NONE_NOT_MEANT = r"纠错|纠正|败诉|撤销|确认违法|被告|应诉"
NARRATIVE_NONE_RECEIVED = rf"(?:未|没有|尚未|均未|暂未|未曾){_RECEIVED}[^,;]{{0,30}}?申请"
NARRATIVE_NO_FEES = r"(?:未|没有|无|暂未|均未|尚未|不)[^,;]{0,30}?(?:收取|收费)|免费提供|零收费"
NARRATIVE_NOT_DISCLOSURE_FEES = r"行政事业性|收费标准|收费项目|收费通知"
