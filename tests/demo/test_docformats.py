"""Reports rendered as attachment files: each file is what its format says, and holds the
report's content in the layout the template prints (merged label cells, numbers as numbers)."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx
import openpyxl
import pdfplumber
import pytest
import xlrd
from PIL import Image

from harvester.demo import docformats
from tests.support.parsing import seed_truth


@pytest.fixture(scope="module")
def report() -> dict:
    return seed_truth("001")


def test_report_blocks_follow_the_word_shaped_html(report):
    blocks = docformats.report_blocks(report)
    tables = [b for b in blocks if isinstance(b, docformats.Table)]
    assert len(tables) == 3  # sections 二, 三, 四
    assert blocks[0] == docformats.Paragraph("鹤岗市工农区人民政府2021年政府信息公开工作年度报告",
                                             centered=True)
    applications = tables[1]
    assert applications.width == 10  # three label columns and seven applicant columns
    assert applications.heading_rows == 3
    # 行政许可 is broken over two lines, as Word wraps a narrow label cell.
    assert any(("行政\n许可", 1, 1) in row for row in tables[0].rows)


def test_pdf_has_a_text_layer_with_the_report_and_ruled_tables(report):
    with pdfplumber.open(BytesIO(docformats.to_pdf(report))) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
        tables = sum(len(page.find_tables()) for page in pdf.pages)
    assert "鹤岗市工农区人民政府2021年政府信息公开工作年度报告" in text
    assert "1151" in text and "371" in text  # 行政许可 and 行政处罚 of seed 001
    assert tables >= 3


def test_docx_merges_label_cells(report):
    document = docx.Document(BytesIO(docformats.to_docx(report)))
    applications = document.tables[1]
    # 三、本年度办理结果 spans the outcome rows in its column: one cell, many grid rows.
    column = [cell._tc for cell in applications.column_cells(0)]
    assert len(column) > 20 and len(set(column)) < 10


def test_xlsx_holds_numbers_as_numbers_and_merged_ranges(report):
    sheet = openpyxl.load_workbook(BytesIO(docformats.to_xlsx(report))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert 1151 in values and "1151" not in values
    assert len(sheet.merged_cells.ranges) > 10


def test_xls_is_a_biff_workbook_with_merges(report):
    data = docformats.to_xls(report)
    workbook = xlrd.open_workbook(file_contents=data, formatting_info=True)
    sheet = workbook.sheet_by_index(0)
    values = [sheet.cell_value(r, c) for r in range(sheet.nrows) for c in range(sheet.ncols)]
    assert 1151.0 in values
    assert len(sheet.merged_cells) > 10


def test_scan_is_a_grey_png_of_every_page(report):
    with pdfplumber.open(BytesIO(docformats.to_pdf(report))) as pdf:
        pages = len(pdf.pages)
    scan = Image.open(BytesIO(docformats.to_scan_png(report)))
    assert scan.format == "PNG" and scan.mode == "L"
    a4_height = round(297 / 25.4 * docformats.SCAN_DPI)
    assert abs(scan.height - pages * a4_height) <= pages


def test_generated_files_carry_no_clock(report):
    """A file on a portal keeps its bytes: a demo web restarted between two harvests must not
    look changed, so no generated file may record the time it was made."""
    with pdfplumber.open(BytesIO(docformats.to_pdf(report))) as pdf:
        assert pdf.metadata["CreationDate"].startswith("D:20200101")
    for data in (docformats.to_docx(report), docformats.to_xlsx(report)):
        with zipfile.ZipFile(BytesIO(data)) as office_file:
            assert {entry.date_time for entry in office_file.infolist()} == {
                (2020, 1, 1, 0, 0, 0)}
            core = office_file.read("docProps/core.xml").decode()
        stamps = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
        assert stamps and all(value == "2020-01-01T00:00:00Z" for _, value in stamps)
