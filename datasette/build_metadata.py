"""Write ``datasette/metadata.yml``: the publication's title, source, licence, table and column
descriptions, facets and canned queries.

The canned queries live as ``.sql`` files in ``datasette/queries/`` (a ``-- title:`` and a
``-- description:`` line on top), and the Chinese labels of the keys come from
:mod:`harvester.parse.vocabulary`, so neither is typed twice. ``make serve`` reads the
generated file; a test fails when it is out of date. Run:
``.venv/bin/python datasette/build_metadata.py``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harvester.parse.vocabulary import (
    APPLICANT_COLUMN_LABELS,
    APPLICANT_COLUMNS,
    REVIEW_FIELD_LABELS,
    REVIEW_GROUP_LABELS,
    SECTION_LABELS,
)

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries"
METADATA = HERE / "metadata.yml"
_HEADER = re.compile(r"^--\s*(title|description|chart):\s*(.+)$")

# The headings a researcher reads above the publication's columns. The words of the reports
# (applicant types, review outcomes, section names) come from harvester.parse.vocabulary; these
# are the publication's own words, typed here once. The plugin (plugins/publication.py) shows
# them through the "zh" filter of the templates.
COLUMN_LABELS = {
    "id": "编号", "report_id": "报告", "region": "地区", "region_name": "地区名称",
    "agency": "机关", "agency_id": "机关编号", "year": "年度", "template": "年报格式",
    "title": "标题", "published": "发布日期", "canonical_url": "原文链接",
    "document_id": "保留的副本", "value_count": "数字个数", "error_count": "错误数",
    "ocr": "OCR 识别", "clean_text": "全文", "first_run": "首次抓取", "updated_run": "最近更新",
    "item": "行（键）", "item_label": "行", "label": "行", "position": "行序",
    "applicant": "申请人（键）", "applicant_label": "申请人", "value": "数值",
    "field": "栏目（键）", "field_label": "栏目", "proceeding": "类别（键）",
    "proceeding_label": "类别", "outcome": "结果", "outcome_label": "结果",
    "check": "校验", "severity": "级别", "where": "位置", "message": "说明", "source": "来源",
    "url": "网址", "sha256": "SHA-256", "fetched_at": "抓取时间", "status": "HTTP 状态",
    "content_type": "文件类型", "found_via": "发现途径", "listed_title": "列表标题",
    "listed_year": "列表年度", "listed_agency": "列表机关", "file_name": "文件名",
    "name": "名称", "kind": "类型", "slug": "地区代码", "code": "行政区划代码",
    "level": "级别", "parent": "上级", "parent_name": "上级名称", "home": "网站首页",
    "reports": "报告数", "applications": "申请数", "granted": "予以公开", "decided": "办结总数",
    "granted_percent": "予以公开比例（%）", "new_applications": "新收申请",
    "reports_stating_new": "载明新收申请的报告数", "withheld": "不予公开",
    "withheld_percent": "不予公开比例（%）", "health": "状态", "spider": "地区（抓取）",
    "started_at": "开始", "finished_at": "结束", "found": "找到", "new": "新增",
    "changed": "更改", "failed": "失败", "regions": "地区数", "agencies": "机关数",
    "province": "省份", "province_name": "省份名称", "until": "最后年度",
    "successor": "继承地区", "home_source": "首页来源", "probe": "首页探测",
    **APPLICANT_COLUMN_LABELS,
}
TABLE_LABELS = {
    **{table: SECTION_LABELS[table] + "（每行一个数字）" for table in
       ("active_disclosure", "applications", "review_litigation")},
    "reports": "年度报告（每个机关每年一份）", "documents": "抓取的文件", "checks": "校验记录",
    "regions": "地区", "agencies": "机关", "labels": "键与中文标签",
    "harvest_runs": "抓取记录", "report_history": "更正前的版本",
    "application_values": "申请情况（带中文标签，每行一个数字）",
    "application_totals": "申请情况总计栏（按地区、年度、行汇总）",
    "applications_wide": "申请情况（按年报表格排列）",
    "active_disclosure_values": "主动公开情况（带中文标签）",
    "review_litigation_values": "行政复议、行政诉讼情况（带中文标签）",
    "region_health": "各地区最近一次抓取",
    "region_coverage": "各地区覆盖情况（有无年报及原因）",
    "province_health": "各省覆盖情况",
    "narrative_figures": "正文所述数字",
    "figures": "全部数字（表格与正文）",
    "agency_series": "各机关历年主要数字",
}


def load_query(path: Path) -> dict:
    """A canned query from its file: the SQL, with the title and description of its header."""
    text = path.read_text(encoding="utf-8")
    query: dict = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            name, value = match.group(1), match.group(2).strip()
            query[name] = json.loads(value) if name == "chart" else value
    query["sql"] = "\n".join(line for line in text.splitlines() if not _HEADER.match(line))
    # The answer first: the SQL is one click away ("show"), not a screen above the results.
    query["hide_sql"] = True
    return query


# The tables of a hundred rows a report carry no default facets: counting a national table's
# hundred million rows by year takes seconds whatever the index. Filtered first, they are fast.
LARGE_TABLE_HINT = ("先按地区或年度筛选，再分面 · Filter by region or year first, then facet "
                    "(_facet=year, _facet=item_label…): a facet over every row of the national "
                    "database takes seconds.")


def _keys(labels: dict[str, str]) -> str:
    return ", ".join(f"{key} {label}" for key, label in labels.items())


DESCRIPTION = (
    "The annual reports (政府信息公开工作年度报告) that Chinese government bodies "
    "publish under Article 50 of the 政府信息公开条例, harvested from their portals. One "
    "row per agency-year in reports; every number as the report states it, in long "
    "form (one number a row) under the keys of docs/report-format.md, whose Chinese labels "
    "are in labels; a value a report does not state is absent, never zero. Every "
    "copy fetched is in documents, every broken identity and every disagreement "
    "between copies in checks, earlier versions of corrected reports in "
    "report_history, every crawl in harvest_runs.")


def metadata() -> dict:
    applicants = {column: f"{APPLICANT_COLUMN_LABELS[column]}（申请人：{column}）"
                  for column in APPLICANT_COLUMNS}
    return {
        "title": "政府信息公开工作年度报告 · China's government transparency reports",
        "description_html": (
            '<p><a href="/dashboard">概览 · Dashboard</a>: 历年申请、办理结果、不予公开的理由、'
            f"报告覆盖.</p><p>{DESCRIPTION}</p>"),
        "description": DESCRIPTION,
        "source": "Government portals of the regions in regions (政府信息公开专栏)",
        "source_url": "https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm",
        "license": "CC0 1.0 (the compilation); the reports are official documents of state "
                   "organs",
        "license_url": "https://creativecommons.org/publicdomain/zero/1.0/",
        "databases": {"harvest": {
            "tables": {
                "reports": {
                    "description": "每个机关每年一份报告 · One row per agency-year: the most "
                                   "complete copy found, or the latest publication when a "
                                   "report was corrected. Click a report for its page: its "
                                   "values, checks and links first, the full text last. "
                                   "搜索：三个字以上的词用搜索框（trigram 索引）；一两个字的词"
                                   "（如 教育、复议）会转到「全文检索（任意长度）」，"
                                   "逐篇扫描全文。 "
                                   "Search: the box finds words of three characters or more "
                                   "through the index; a one- or two-character word goes to "
                                   "the search_any_word query, which scans the texts.",
                    "facets": ["year", "region", "template"],
                    "sort_desc": "year",
                    "label_column": "title",
                    "columns": {
                        "agency": "机关 (normalised: one name per body)",
                        "template": "年报格式: 2021 (国办公开办函〔2021〕30号), 2019 (试行), "
                                    "legacy (before 2019)",
                        "published": "发布日期 as the page or listing states it",
                        "canonical_url": "the copy the row keeps",
                        "value_count": "numbers the kept copy states",
                        "error_count": "error checks of the kept copy",
                        "ocr": "1: the kept copy was read by OCR, so every number of the "
                               "report is OCR-derived",
                        "clean_text": "the report's text, page chrome removed (an excerpt in "
                                      "the table; whole on the report's page)",
                    },
                },
                "documents": {
                    "description": "Every copy fetched (HTML, PDF, mirrors, re-publications); "
                                   "the bytes are kept under sha256 in data/documents.",
                    "facets": ["outcome", "region", "content_type"],
                },
                "checks": {
                    "description": "What the harvester found wrong or assumed, per document: "
                                   "parser checks (identities of the template, missing "
                                   "sections) and harvest checks (identity, copies that "
                                   "disagree, carried-over mismatches).",
                    "facets": ["severity", "check", "source"],
                },
                "applications": {
                    "description": "Section 三, one number a row. item: "
                                   "the template row; applicant: " + _keys(applicants)
                                   + ". " + LARGE_TABLE_HINT,
                },
                "active_disclosure": {
                    "description": "Section 二, one number a row (item, field). "
                                   + LARGE_TABLE_HINT,
                },
                "review_litigation": {
                    "description": "Section 四, one number a row. proceeding: "
                                   + _keys(REVIEW_GROUP_LABELS) + "; outcome: "
                                   + _keys(REVIEW_FIELD_LABELS) + ". " + LARGE_TABLE_HINT,
                },
                "applications_wide": {
                    "description": "Section 三 as the template prints it: one row per "
                                   "report and template row, one column per applicant type. "
                                   "A table the store keeps up to date (indexed: facets and "
                                   "filters by year, region and row answer at once). "
                                   + LARGE_TABLE_HINT,
                    "columns": applicants,
                },
                "application_values": {
                    "description": "Section 三 in long form with the Chinese label of every "
                                   "key and the region's name: one number a row. A table the "
                                   "store keeps up to date (indexed). "
                                   + LARGE_TABLE_HINT,
                },
                "application_totals": {
                    "description": "Section 三's 总计 column summed per region, year and "
                                   "row, with how many reports state it (reports). Kept by "
                                   "the store; the dashboard and the by-year questions read it.",
                    "facets": ["year", "item"],
                },
                "narrative_figures": {
                    "description": "The figures each report's prose states (本年新收…312件, "
                                   "行政复议2件), with the sentence and its place in the text; "
                                   "reports before 2019 have only these.",
                    "facets": ["key", "unit"],
                },
                "figures": {
                    "description": "Every figure of every report by where it was read: "
                                   "source 'table' (the template tables) or 'text' (the "
                                   "prose). " + LARGE_TABLE_HINT,
                },
                "agency_series": {
                    "description": "One row per agency-year with its main figures, from the "
                                   "tables where the report has them, else from its prose "
                                   "(source says which): a series from 2008 to today.",
                },
                "region_coverage": {
                    "description": "Why each region's latest crawl gave reports or none: "
                                   "reports, empty column, no column, blocked, unreachable, no "
                                   "portal, unfinished.",
                    "facets": ["coverage", "province"],
                },
                "province_health": {
                    "description": "The harvested regions of each province counted by "
                                   "coverage: where reports are missing, and why.",
                },
                "labels": {"description": "Every key with its Chinese label, per template."},
                "report_history": {"description": "Earlier versions of corrected reports: the "
                                                  "values the row held before."},
                "harvest_runs": {"description": "One row per crawl: counts and Scrapy's stats."},
                "agencies": {"description": "One row per body, with the spellings seen.",
                             "facets": ["region", "kind"], "label_column": "name"},
                "regions": {"description": "Every division of the registry: its code, level, "
                                           "parent and province, the portal home page, where "
                                           "that URL came from and what a probe of April 2026 "
                                           "met there; a division abolished or renamed has its "
                                           "last year (until) and its successor.",
                            "facets": ["province_name", "level", "probe"],
                            "label_column": "name"},
            },
            "queries": {path.stem: load_query(path) for path in sorted(QUERIES.glob("*.sql"))},
        }},
        "plugins": {"harvest-publication": {
            "column_labels": COLUMN_LABELS,
            "table_labels": TABLE_LABELS,
            "applicant_columns": list(APPLICANT_COLUMNS),
        }},
    }


def _titled(data: dict) -> dict:
    """Every table with its Chinese title (shown as the table page's heading)."""
    tables = data["databases"]["harvest"]["tables"]
    for table, label in TABLE_LABELS.items():
        tables.setdefault(table, {})["title"] = f"{label} · {table}"
    return data


def render() -> str:
    header = "# Generated by datasette/build_metadata.py from queries/*.sql: edit those, re-run.\n"
    return header + yaml.safe_dump(_titled(metadata()), allow_unicode=True, sort_keys=False,
                                   width=100)


if __name__ == "__main__":
    METADATA.write_text(render(), encoding="utf-8")
