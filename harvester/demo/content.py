"""The text of every document the demo web publishes: report bodies, look-alikes, files.

Generated reports are rendered by ``harvester.demo.render``; seed reports are the seed text turned
into the HTML a CMS editor produces when Word content is pasted (MsoNormal paragraphs and
tables, ``<o:p>``), keeping every flaw of the text; attachments come from
``harvester.demo.docformats``. Both modules are imported only when a page needs them, so the sites
build (and the manifest is written) without them.
"""

from __future__ import annotations

import html
import importlib
import random
import re

from harvester.demo.catalog import LookAlike, ReportEntry, render_module, seed_text

CONVERTERS = {"pdf": "to_pdf", "docx": "to_docx", "doc": "to_doc", "xls": "to_xls",
              "xlsx": "to_xlsx", "png": "to_scan_png"}
MIME_TYPES = {"pdf": "application/pdf",
              "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "doc": "application/msword", "xls": "application/vnd.ms-excel",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "png": "image/png"}


class ConverterMissing(RuntimeError):
    """The module that writes a file format is not installed yet; the server says so (503)
    rather than serving bytes that are not the document."""


def document_bytes(entry: ReportEntry, fmt: str) -> bytes:
    """The report as a file of format ``fmt``, written by ``harvester.demo.docformats``."""
    name = CONVERTERS[fmt]
    try:
        module = importlib.import_module("harvester.demo.docformats")
    except ImportError as error:
        raise ConverterMissing(f"harvester.demo.docformats is not available ({error})") from error
    converter = getattr(module, name, None)
    if converter is None:
        raise ConverterMissing(f"harvester.demo.docformats.{name} is not available")
    if entry.report is None:
        raise ValueError(f"{entry.agency} {entry.year}: a legacy report has no file form")
    return converter(entry.report)


def report_body(entry: ReportEntry) -> str:
    """The article body HTML of a report, as its CMS shows it."""
    if entry.is_seed:
        return seed_word_html(without_page_chrome(seed_text(entry.seed)))
    if entry.template == "legacy":
        return legacy_html(entry)
    return render_module().render_html(entry.report, entry.shape)


_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL | re.IGNORECASE)


def body_with_table_images(entry: ReportEntry, image_url: str) -> str:
    """The body with every table replaced by a picture of it, as Harbin sites publish: the
    text jumps from a section heading to the next with no numbers in between."""
    image = f'<p style="text-align:center"><img src="{image_url}" border="0"></p>'
    return _TABLE.sub(image, report_body(entry))


def legacy_html(entry: ReportEntry) -> str:
    """A pre-2019 report: free prose under the old headings, no template tables; the prose
    states the entry's figures (:attr:`ReportEntry.figures`), in sentences that vary from
    report to report."""
    paragraphs = render_module().legacy_paragraphs(entry.agency, entry.year, entry.figures,
                                                   random.Random(f"{entry.seed}:prose"))
    return "\n".join(word_paragraph(text) for text in paragraphs)


LOOKALIKE_BODIES = {
    "企业年报": ("各有关企业：根据《企业信息公示暂行条例》规定，请于6月30日前通过国家企业信用"
             "信息公示系统报送{year}年度年度报告并向社会公示。逾期未报送的，将被列入经营异常名录。"),
    "统计年报": ("{year}年统计年报工作已全面启动。各统计调查对象应按时报送年报数据，"
             "确保数据真实、准确、完整。"),
    "工作要点": ("为深入贯彻落实国务院办公厅关于政务公开工作的部署，现将{year}年政务公开工作要点"
             "印发给你们。一、加强政策解读。二、推进基层政务公开标准化规范化。三、做好政府信息"
             "公开工作年度报告编制发布。"),
    "工作计划": ("{year}年，我单位将重点做好以下工作：一、深化改革；二、强化服务；"
             "三、加强队伍建设。"),
    "公开指南": ("为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》，"
             "编制本指南。一、主动公开。二、依申请公开。三、监督和救济。每年1月31日前公布上一年度"
             "政府信息公开工作年度报告。"),
}


def lookalike_body(item: LookAlike) -> str:
    return word_paragraph(LOOKALIKE_BODIES[item.kind].format(year=item.year))


# ---- seed text as pasted Word content --------------------------------------------------


def word_paragraph(text: str) -> str:
    """One paragraph as Word's HTML export writes it."""
    return (f'<p class="MsoNormal" style="text-indent:32.0pt;mso-char-indent-count:2.0">'
            f'<span style="font-family:仿宋_GB2312;mso-hansi-font-family:宋体">'
            f"{html.escape(text)}</span><o:p></o:p></p>")


def word_cell(text: str) -> str:
    inner = "<br>".join(html.escape(part) for part in text.split("\n"))
    return (f'<td valign="top" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt">'
            f'<p class="MsoNormal" align="center" style="text-align:center"><span lang="EN-US">'
            f"{inner}</span><o:p></o:p></p></td>")


def word_table(rows: list[list[str]]) -> str:
    """A table as pasted from Word; rows keep the cell counts the text has, however ragged."""
    body = "".join("<tr>" + "".join(word_cell(c) for c in row) + "</tr>" for row in rows)
    return (f'<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
            f'style="border-collapse:collapse;mso-table-layout-alt:fixed">'
            f"<tbody>{body}</tbody></table>")


def is_tab_row(line: str) -> bool:
    """A table row of tab-separated cells (its first cell may be empty: ``\t自然人\t法人…``)."""
    return "\t" in line.strip("\t") or ("\t" in line and not line.startswith("\t"))


def is_cell_line(line: str) -> bool:
    """One cell of a one-cell-per-line table: a tab, then the cell's text (or nothing)."""
    return line.startswith("\t") and not is_tab_row(line)


def seed_blocks(text: str) -> list[str | list[list[str]]]:
    """Split seed text into paragraphs (str) and tables (rows of cells).

    Seeds lay tables out two ways: one row per line with tab-separated cells, or one cell per
    line (each starting with a tab, continued by untabbed lines) with blank lines between
    rows. Lines without tabs are paragraphs.
    """
    lines = text.splitlines()
    blocks: list[str | list[list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_cell_line(line):
            rows, i = _cell_per_line_table(lines, i)
            blocks.append(rows)
        elif is_tab_row(line):
            rows = []
            while i < len(lines) and is_tab_row(lines[i]):
                rows.append(lines[i].split("\t"))
                i += 1
            blocks.append(rows)
        else:
            if line.strip():
                blocks.append(line.strip())
            i += 1
    return blocks


def _cell_per_line_table(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    row: list[str] = []
    previous_blank = False
    while i < len(lines):
        line = lines[i]
        if is_cell_line(line):
            row.append(line[1:])
            previous_blank = False
        elif not line.strip():
            if row:
                rows.append(row)
                row = []
            previous_blank = True
        elif row and not previous_blank and not is_tab_row(line):
            row[-1] += "\n" + line
        else:
            break
        i += 1
    if row:
        rows.append(row)
    return rows, i


def without_page_chrome(text: str) -> str:
    """A seed copied from a whole page (seed 002 starts with the Jilin platform's
    ``登录 注册``, title and ``发布日期:`` line) without that chrome: the site that serves it
    prints its own."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "登录 注册":
        return text
    dated = next((i for i, line in enumerate(lines) if line.startswith("发布日期")), -1)
    return "\n".join(lines[dated + 1:])


def seed_word_html(text: str) -> str:
    """A seed report as its CMS shows it after an editor pasted the Word file."""
    parts = []
    for block in seed_blocks(text):
        parts.append(word_paragraph(block) if isinstance(block, str) else word_table(block))
    return "\n".join(parts)
