"""Document readers: every seed report, rendered by the project into each attachment format,
parses to the values of its text form; scans parse with OCR marks; tables cut by page breaks,
merged cells and broken labels read as one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest
from fpdf import FPDF
from PIL import Image, ImageOps

from harvester.demo import docformats
from harvester.parse.readers import image, layout, office, read_document
from harvester.parse.readers import pdf as pdf_reader
from harvester.parse.report import parse_bytes
from harvester.parse.vocabulary import SECTION_LABELS
from tests.support.parsing import SEED_NAMES, seed_text, seed_truth, values_of

FAST_FORMATS = ("pdf", "docx", "xlsx", "xls")
needs_libreoffice = pytest.mark.skipif(
    office.converter() is None,
    reason="LibreOffice is not installed (scripts/install-system-deps.sh installs it)")
needs_tesseract = pytest.mark.skipif(
    image.ocr_missing() is not None,
    reason="Tesseract with chi_sim is not installed (scripts/install-system-deps.sh installs it)")


@pytest.fixture(scope="module")
def text_values() -> dict[str, dict]:
    return {name: values_of(parse_bytes(seed_text(name), f"{name}.txt")) for name in SEED_NAMES}


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    """Each seed's truth rendered once into each fast format."""
    return {(name, fmt): getattr(docformats, f"to_{fmt}")(seed_truth(name))
            for name in SEED_NAMES for fmt in FAST_FORMATS}


@pytest.mark.parametrize("fmt", FAST_FORMATS)
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_in_each_format_parses_to_its_text_values(rendered, text_values, name, fmt):
    data = rendered[(name, fmt)]
    assert read_document(data, f"{name}.{fmt}").format == fmt
    report = parse_bytes(data, f"{name}.{fmt}")
    assert values_of(report) == text_values[name]
    assert values_of(report) == values_of(seed_truth(name))
    assert not [c for c in report["checks"] if c["where"] == "document"]


@pytest.fixture(scope="module")
def rendered_doc() -> dict[str, bytes]:
    """Each seed's truth as old binary Word, from one LibreOffice run."""
    return dict(zip(SEED_NAMES, docformats.to_doc_many([seed_truth(n) for n in SEED_NAMES]),
                    strict=True))


def test_the_parse_command_reads_every_format(rendered, tmp_path):
    paths = []
    for fmt in FAST_FORMATS:
        path = tmp_path / f"004.{fmt}"
        path.write_bytes(rendered[("004", fmt)])
        paths.append(str(path))
    done = subprocess.run([sys.executable, "-m", "harvester", "parse", *paths],
                          cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, timeout=120, check=True)
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert [report["source"] for report in reports] == paths
    assert all(values_of(report) == values_of(seed_truth("004")) for report in reports)


@needs_libreoffice
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_as_old_binary_word_parses_to_its_text_values(rendered_doc, text_values, name):
    data = rendered_doc[name]
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # an OLE container, as Word 97 writes
    document = read_document(data, f"{name}.doc")
    assert document.format == "doc"
    assert values_of(parse_bytes(data, f"{name}.doc")) == text_values[name]


@needs_libreoffice
def test_wps_and_rtf_go_through_the_converter(rendered_doc):
    truth = seed_truth("004")
    word97 = rendered_doc["004"]
    # Kingsoft WPS Writer files are Word 97 documents with another extension.
    assert read_document(word97, "report.wps").format == "wps"
    assert values_of(parse_bytes(word97, "report.wps")) == values_of(truth)
    rtf = office.convert(docformats.to_docx(truth), "docx", "rtf", 120)
    assert rtf.startswith(b"{\\rtf")
    assert values_of(parse_bytes(rtf, "report.rtf")) == values_of(truth)


def test_a_missing_converter_is_a_clear_check(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    document = office.read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "report.doc")
    assert document.cells == []
    assert [c["check"] for c in document.checks] == ["converter_missing"]
    assert "LibreOffice" in document.checks[0]["message"]


@pytest.mark.parametrize("fmt", ("pdf", "docx", "xlsx", "xls"))
def test_merged_cells_are_read_once_and_labels_broken_over_lines_joined(rendered, fmt):
    document = read_document(rendered[("001", fmt)], f"001.{fmt}")
    # The template's 三、本年度办理结果 spans every outcome row: once as itself, then as copies.
    outcome = [c for c in document.cells if c.text == "三、本年度办理结果"]
    assert len([c for c in outcome if not c.copy]) == 1
    assert len(outcome) > 10
    # Four-character labels are rendered as two lines (行政 / 许可, 结果 / 纠正).
    texts = {c.text for c in document.cells}
    assert {"行政许可", "结果纠正", "商业企业"} <= texts
    assert not any(t in texts for t in ("行政 许可", "行政", "许可", "纠正"))


@pytest.mark.parametrize("filler", [10, 16, 28])
def test_a_table_broken_across_pages_reads_as_one(text_values, filler):
    truth = seed_truth("002")
    # Prose pushed in before section 二 moves the page breaks through the tables; fpdf2
    # repeats a table's heading rows on each page, as Word does.
    blocks = docformats.report_blocks(truth)
    at = blocks.index(docformats.Paragraph(SECTION_LABELS["active_disclosure"]))
    prose = docformats.Paragraph("本年度继续加强政务公开工作，完善制度，规范流程，提升质量。" * 2)
    blocks[at:at] = [prose] * filler
    data = docformats.pdf_from_blocks(blocks)
    headings = ("第二十条第（一）项", "申请人情况")  # first heading rows of sections 二 and 三
    with pdfplumber.open(BytesIO(data)) as pdf:
        continued = [page.page_number for page in pdf.pages[1:]
                     if any(table.bbox[1] < 50 for table in page.find_tables())]
        text = "".join(page.extract_text() for page in pdf.pages)
    assert continued  # a table runs on from the page before
    assert sum(text.count(heading) for heading in headings) >= 3  # a heading printed again
    document = read_document(data, "002.pdf")
    assert [document.text.count(heading) for heading in headings] == [1, 1]
    assert "- 2 -" not in document.text  # page numbers left out
    assert values_of(parse_bytes(data, "002.pdf")) == text_values["002"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_pdf_without_ruling_lines_reads_its_tables_from_the_text(text_values, name):
    data = docformats.pdf_from_blocks(docformats.report_blocks(seed_truth(name)), ruled=False)
    with pdfplumber.open(BytesIO(data)) as pdf:
        assert not any(page.find_tables() for page in pdf.pages)
    # Wrapped labels with their numbers centred between the two lines (行政 / 1151 / 许可)
    # are rejoined into one row.
    assert values_of(parse_bytes(data, f"{name}.pdf")) == text_values[name]


def _table(rows: list[list[str]], columns: list[float]) -> layout.Table:
    return layout.Table(grid=[[(text, False) for text in row] for row in rows],
                        columns=columns, top=0, bottom=100)


def test_continued_table_repeats_its_heading_as_copies_and_carries_a_cut_merged_label():
    columns = [0, 100, 200, 300]
    before = _table([["项目", "自然人", "总计"], ["（三）不予公开", "1.属于国家秘密", "0"]],
                    columns)
    after = _table([["项目", "自然人", "总计"], ["", "2.其他法律行政法规禁止公开", "3"]],
                   [0.5, 100.4, 199.8, 300.2])
    assert layout.continues(before, after, tolerance=3)
    layout.join_continued(before, after)
    assert after.grid[0] == [("项目", True), ("自然人", True), ("总计", True)]
    assert after.grid[1] == [("（三）不予公开", True), ("2.其他法律行政法规禁止公开", False),
                             ("3", False)]
    other = _table([["a", "b"]], [0, 150, 300])
    assert layout.continues(before, other, tolerance=3) is False


def test_wrapped_prose_lines_join_and_headings_stay_apart():
    def line(text: str, x0: float, top: float, x1: float) -> layout.Box:
        return layout.Box(text, x0, top, x1, top + 10)
    boxes = [line("根据条例规定，现公布本机关政府信息公", 20, 100, 300),
             line("开工作年度报告。", 20, 112, 120),
             line("一、总体情况", 20, 124, 100),
             line("规章", 20, 136, 50), line("0", 150, 136, 156), line("3", 250, 136, 256),
             line("- 2 -", 140, 590, 160)]
    blocks = layout.page_blocks(boxes, [], page_height=600)
    assert blocks[0].rows == [["根据条例规定，现公布本机关政府信息公开工作年度报告。"],
                              ["一、总体情况"], ["规章", "0", "3"]]


@needs_tesseract
def test_a_scan_is_read_by_ocr_and_marked():
    truth = seed_truth("004")
    report = parse_bytes(docformats.to_scan_png(truth), "004.png")
    assert report["ocr"] is True
    assert any(c["check"] == "ocr" for c in report["checks"])
    assert report["year"] == truth["year"]
    # Recognition is not exact in general; on these renderings (every seed, when this was
    # written) it gets every value, and must get nearly all.
    pairs = [(report.get(section, {}).get(row, {}).get(field), value)
             for section in ("active_disclosure", "applications", "review_litigation")
             for row, fields in truth[section].items() for field, value in fields.items()]
    assert sum(got == value for got, value in pairs) >= 0.95 * len(pairs)


@needs_tesseract
def test_a_pdf_without_text_layer_is_recognised_as_a_scan():
    scan = Image.open(BytesIO(docformats.to_scan_png(seed_truth("001"))))
    first_page = scan.crop((0, 0, scan.width, scan.width * 297 // 210))
    wrapped = BytesIO()
    first_page.save(wrapped, format="PDF", resolution=docformats.SCAN_DPI)
    document = read_document(wrapped.getvalue(), "scan.pdf")
    assert document.format == "pdf"
    assert document.cells and all(c.ocr for c in document.cells)
    assert {"行政许可", "规章", "行政强制", "三、收到和处理政府信息公开申请情况"} <= {
        c.text for c in document.cells}


def test_a_text_layer_of_glyph_codes_is_told_from_text():
    def chars(texts: list[str]) -> list[dict]:
        return [{"text": text} for text in texts]
    assert pdf_reader._garbled(chars([f"(cid:{n})" for n in range(60)]))
    assert pdf_reader._garbled(chars(["\x03", "\x11", "-", "."] * 20))  # glyphs as code points
    assert not pdf_reader._garbled(chars(list("本年新收政府信息公开申请数量") * 4 + list("0123")))
    assert not pdf_reader._garbled(chars(["(cid:3)"] * 10))  # too few characters to judge


@needs_tesseract
def test_a_pdf_whose_text_layer_is_glyph_codes_is_read_by_ocr(monkeypatch):
    # In-process (the reading child's own function), with every page judged glyph codes.
    monkeypatch.setattr(pdf_reader, "_garbled", lambda chars: True)
    blocks = docformats.report_blocks(seed_truth("001"))
    first_table = next(i for i, b in enumerate(blocks) if isinstance(b, docformats.Table))
    one_page = docformats.pdf_from_blocks(blocks[:first_table + 1])  # title to section 二
    document = pdf_reader.extract(one_page, "001.pdf")
    assert "text_layer_unreadable" in [c["check"] for c in document.checks]
    assert document.cells and all(c.ocr for c in document.cells)
    assert {"行政许可", "1151", "二、主动公开政府信息情况"} <= {c.text for c in document.cells}


@needs_tesseract
def test_a_table_pasted_as_a_picture_in_a_pdf_is_read_in_place():
    blocks = docformats.report_blocks(seed_truth("001"))
    active = next(b for b in blocks if isinstance(b, docformats.Table))
    picture = Image.open(BytesIO(docformats.scan_from_pdf(docformats.pdf_from_blocks([active]))))
    picture = picture.crop(ImageOps.invert(picture).getbbox())  # the table, without margins
    png = BytesIO()
    picture.save(png, format="PNG")
    pdf = FPDF()
    pdf.add_font("cjk", fname=docformats.font_path())
    pdf.set_font("cjk", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, "二、主动公开政府信息情况", new_x="LMARGIN", new_y="NEXT")
    pdf.image(BytesIO(png.getvalue()), w=180)
    pdf.multi_cell(0, 8, "三、收到和处理政府信息公开申请情况", new_x="LMARGIN", new_y="NEXT")
    document = read_document(bytes(pdf.output()), "mixed.pdf")
    texts = [(c.text, c.ocr) for c in document.cells]
    assert texts[0] == ("二、主动公开政府信息情况", False)
    assert texts[-1] == ("三、收到和处理政府信息公开申请情况", False)
    assert {("行政许可", True), ("1151", True), ("行政处罚", True), ("371", True)} <= set(texts)


def test_without_tesseract_a_scan_carries_a_check_saying_it_needs_ocr(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    image.installed_languages.cache_clear()
    try:
        png = BytesIO()
        Image.new("L", (200, 100), 255).save(png, format="PNG")
        document = image.extract(png.getvalue(), "scan.png")
    finally:
        image.installed_languages.cache_clear()
    assert document.cells == []
    assert [c["check"] for c in document.checks] == ["ocr_unavailable"]
    assert "tesseract-ocr-chi-sim" in document.checks[0]["message"]
