"""Write ``datasette/metadata.yml``: the publication's title, source, licence, table and column
descriptions, facets and canned queries.

The canned queries live as ``.sql`` files in ``datasette/queries/`` (a ``-- title:`` and a
``-- description:`` line on top), and the Chinese labels of the keys come from
:mod:`harvester.parse.vocabulary`, so neither is typed twice. ``make serve`` reads the
generated file; a test fails when it is out of date. Run:
``.venv/bin/python datasette/build_metadata.py``.
"""

from __future__ import annotations

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
)

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries"
METADATA = HERE / "metadata.yml"
_HEADER = re.compile(r"^--\s*(title|description):\s*(.+)$")


def load_query(path: Path) -> dict:
    """A canned query from its file: the SQL, with the title and description of its header."""
    text = path.read_text(encoding="utf-8")
    query: dict = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            query[match.group(1)] = match.group(2).strip()
    query["sql"] = "\n".join(line for line in text.splitlines() if not _HEADER.match(line))
    return query


def _keys(labels: dict[str, str]) -> str:
    return ", ".join(f"{key} {label}" for key, label in labels.items())


def metadata() -> dict:
    applicants = {column: f"{APPLICANT_COLUMN_LABELS[column]}（申请人：{column}）"
                  for column in APPLICANT_COLUMNS}
    return {
        "title": "政府信息公开工作年度报告 · China's government transparency reports",
        "description": (
            "The annual reports (政府信息公开工作年度报告) that Chinese government bodies "
            "publish under Article 50 of the 政府信息公开条例, harvested from their portals. One "
            "row per agency-year in reports; every number as the report states it, in long "
            "form (one number a row) under the keys of docs/report-format.md, whose Chinese labels "
            "are in labels; a value a report does not state is absent, never zero. Every "
            "copy fetched is in documents, every broken identity and every disagreement "
            "between copies in checks, earlier versions of corrected reports in "
            "report_history, every crawl in harvest_runs."),
        "source": "Government portals of the regions in regions (政府信息公开专栏)",
        "source_url": "https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm",
        "license": "CC0 1.0 (the compilation); the reports are official documents of state "
                   "organs",
        "license_url": "https://creativecommons.org/publicdomain/zero/1.0/",
        "databases": {"harvest": {
            "tables": {
                "reports": {
                    "description": "One row per agency-year: the most complete copy found, "
                                   "or the latest publication when a report was corrected.",
                    "facets": ["year", "region", "template"],
                    "sort_desc": "year",
                    "label_column": "agency",
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
                        "clean_text": "the report's text, page chrome removed",
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
                    "facets": ["check", "severity", "source"],
                },
                "applications": {
                    "description": "Section 三, one number a row. item: "
                                   "the template row; applicant: " + _keys(applicants),
                    "facets": ["item", "applicant"],
                },
                "active_disclosure": {
                    "description": "Section 二, one number a row (item, field).",
                    "facets": ["item", "field"],
                },
                "review_litigation": {
                    "description": "Section 四, one number a row. proceeding: "
                                   + _keys(REVIEW_GROUP_LABELS) + "; outcome: "
                                   + _keys(REVIEW_FIELD_LABELS),
                    "facets": ["proceeding", "outcome"],
                },
                "applications_wide": {
                    "description": "Section 三 as the template prints it: one row per "
                                   "report and template row, one column per applicant type.",
                    "facets": ["year", "region", "template"],
                    "columns": applicants,
                },
                "application_values": {"facets": ["year", "item_label", "applicant_label"]},
                "labels": {"description": "Every key with its Chinese label, per template."},
                "report_history": {"description": "Earlier versions of corrected reports: the "
                                                  "values the row held before."},
                "harvest_runs": {"description": "One row per crawl: counts and Scrapy's stats."},
                "agencies": {"description": "One row per body, with the spellings seen.",
                             "facets": ["region", "kind"], "label_column": "name"},
                "regions": {"label_column": "name"},
            },
            "queries": {path.stem: load_query(path) for path in sorted(QUERIES.glob("*.sql"))},
        }},
    }


def render() -> str:
    header = "# Generated by datasette/build_metadata.py from queries/*.sql: edit those, re-run.\n"
    return header + yaml.safe_dump(metadata(), allow_unicode=True, sort_keys=False, width=100)


if __name__ == "__main__":
    METADATA.write_text(render(), encoding="utf-8")
