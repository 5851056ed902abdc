"""Reports rendered as the attachments portals publish: PDF, DOCX, DOC, XLSX, XLS, and a scan.

Every function takes a report dict in the ``docs/report-format.md`` shape (a seed's ``.json``, or
:func:`harvester.demo.render.random_report`) and returns the file's bytes. The content is the one
:func:`harvester.demo.render.render_html` lays out in its ``word`` shape (title, prose, the three
statistical tables with the template's merged label cells, labels broken over two lines), so
every format says the same thing as the HTML the demo web serves:

- PDF through fpdf2 with an embedded CJK font: ruled tables, headings repeated when a table
  continues on the next page, page numbers in the footer;
- DOCX through python-docx, merged cells as Word merges them; DOC by LibreOffice from that;
- XLSX through openpyxl and XLS through xlwt: one sheet, numbers as numeric cells, merged
  ranges as the template's;
- a scan: the PDF's pages as one grey PNG, as a photocopied report is published.

Needs the Debian packages of ``scripts/install-system-deps.sh`` for the font (PDF, scan) and
for LibreOffice (DOC).
"""

from __future__ import annotations

import datetime
import logging
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import docx
import lxml.html
import pypdfium2
import xlwt
from docx.enum.text import WD_ALIGN_PARAGRAPH
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment
from PIL import Image

from harvester.demo.render import render_html
from harvester.parse.numbers import parse_number
from harvester.parse.readers import office

# CJK fonts fpdf2 can embed (TrueType outlines), as Debian installs them.
FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
SCAN_DPI = 200
DOC_TIME_LIMIT = 120.0
_PAGE_WIDTH_MM = 180.0
# The time every generated file says it was made. The same report always gives the same bytes,
# as a file on a portal does: a demo web restarted between two harvests has changed nothing.
FILE_TIME = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
# fontTools reports each font table it leaves out of an embedded subset, on every PDF.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Paragraph:
    text: str
    centered: bool = False


@dataclass(frozen=True)
class Table:
    """A table as HTML lays it out: rows of ``(text, colspan, rowspan)``; a text's ``\\n`` is a
    line break inside the cell."""

    rows: list[list[tuple[str, int, int]]]

    def placed(self) -> list[tuple[int, int, str, int, int]]:
        """Every cell with its grid position: ``(row, column, text, colspan, rowspan)``."""
        taken: set[tuple[int, int]] = set()
        cells = []
        for r, row in enumerate(self.rows):
            c = 0
            for text, colspan, rowspan in row:
                while (r, c) in taken:
                    c += 1
                cells.append((r, c, text, colspan, rowspan))
                taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
                c += colspan
        return cells

    @property
    def width(self) -> int:
        return max(c + colspan for _, c, _, colspan, _ in self.placed())

    @property
    def heading_rows(self) -> int:
        """The rows above the first row holding a number: repeated on each page."""
        for r, row in enumerate(self.rows):
            if any(_PLAIN_NUMBER.match(text) for text, _, _ in row):
                return r
        return 0


Block = Paragraph | Table


def report_blocks(report: dict) -> list[Block]:
    """The report's paragraphs and tables, in order, from its Word-shaped HTML."""
    root = lxml.html.fragment_fromstring(render_html(report, "word"), create_parent="div")
    blocks: list[Block] = []
    for element in root:
        if element.tag == "table":
            blocks.append(Table([
                [(_cell_text(td), int(td.get("colspan", 1)), int(td.get("rowspan", 1)))
                 for td in tr.iter("td", "th")]
                for tr in element.iter("tr")]))
        elif (text := _cell_text(element)):
            blocks.append(Paragraph(text, centered=element.get("align") == "center"))
    return blocks


def _cell_text(element: lxml.html.HtmlElement) -> str:
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = "".join(element.itertext()).replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _value(text: str) -> int | float | str:
    """A spreadsheet cell's value: numbers as numbers, the way statistics offices type them."""
    return parse_number(text) if _PLAIN_NUMBER.match(text) else text


# ---- PDF and scan ---------------------------------------------------------------------------

def font_path() -> str:
    for path in FONT_PATHS:
        if Path(path).exists():
            return path
    raise FileNotFoundError("no CJK font for PDF rendering: install fonts-wqy-zenhei "
                            "(scripts/install-system-deps.sh)")


def to_pdf(report: dict) -> bytes:
    return pdf_from_blocks(report_blocks(report))


class _ReportPdf(FPDF):
    def footer(self) -> None:
        """The page number, centred at the foot, as Word prints it."""
        self.set_y(-12)
        self.set_font("cjk", size=9)
        self.cell(0, 6, f"- {self.page_no()} -", align="C")


def pdf_from_blocks(blocks: list[Block], page_height_mm: float = 297.0,
                    ruled: bool = True) -> bytes:
    """A PDF of ``blocks``; a shorter ``page_height_mm`` makes tables break across pages, and
    ``ruled=False`` prints tables without ruling lines, as some portals' PDFs do."""
    pdf = _ReportPdf(format=(210.0, page_height_mm))
    pdf.set_creation_date(FILE_TIME)
    pdf.add_font("cjk", fname=font_path())
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    for block in blocks:
        if isinstance(block, Paragraph):
            pdf.set_font("cjk", size=14 if block.centered else 11)
            pdf.multi_cell(0, 7, block.text, align="C" if block.centered else "L",
                           new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("cjk", size=9)
        with pdf.table(col_widths=_column_widths(block), text_align="CENTER",
                       borders_layout="ALL" if ruled else "NONE",
                       headings_style=FontFace(emphasis=""),
                       num_heading_rows=block.heading_rows, line_height=5) as table:
            for row in block.rows:
                pdf_row = table.row()
                for text, colspan, rowspan in row:
                    pdf_row.cell(text, colspan=colspan, rowspan=rowspan)
        pdf.ln(3)
    return bytes(pdf.output())


def _column_widths(table: Table) -> list[float]:
    """Widths (mm) in proportion to each column's longest line, numbers kept narrow."""
    natural = [4.0] * table.width
    for _, c, text, colspan, _ in table.placed():
        if colspan == 1:
            longest = max(len(line) for line in text.split("\n")) if text else 1
            natural[c] = max(natural[c], min(longest, 14))
    total = sum(natural)
    return [_PAGE_WIDTH_MM * width / total for width in natural]


def to_scan_png(report: dict) -> bytes:
    """The PDF's pages printed and scanned: one grey PNG, the pages stacked top to bottom."""
    return scan_from_pdf(to_pdf(report))


def scan_from_pdf(pdf_bytes: bytes, dpi: int = SCAN_DPI) -> bytes:
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        pages = [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()
    sheet = Image.new("L", (max(p.width for p in pages), sum(p.height for p in pages)), 255)
    top = 0
    for page in pages:
        sheet.paste(page, (0, top))
        top += page.height
    out = BytesIO()
    sheet.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


# ---- Word -----------------------------------------------------------------------------------

def to_docx(report: dict) -> bytes:
    document = docx.Document()
    for block in report_blocks(report):
        if isinstance(block, Paragraph):
            paragraph = document.add_paragraph(block.text)
            if block.centered:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        table = document.add_table(rows=len(block.rows), cols=block.width)
        table.style = "Table Grid"
        for r, c, text, colspan, rowspan in block.placed():
            cell = table.cell(r, c)
            if colspan > 1 or rowspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
            first, *more = text.split("\n")
            cell.paragraphs[0].text = first
            for line in more:  # a label broken over lines, one paragraph a line as Word keeps it
                cell.add_paragraph(line)
    out = BytesIO()
    document.save(out)
    return steady_zip(out.getvalue())


def to_doc(report: dict) -> bytes:
    """Old binary Word, converted from :func:`to_docx` by LibreOffice."""
    return to_doc_many([report])[0]


def to_doc_many(reports: list[dict]) -> list[bytes]:
    """:func:`to_doc` for many reports in one LibreOffice run: seconds saved per report."""
    return office.convert_all([to_docx(report) for report in reports], "docx", "doc",
                              DOC_TIME_LIMIT * max(1, len(reports)))


# ---- spreadsheets ---------------------------------------------------------------------------

def _sheet_cells(blocks: list[Block]):
    """``(row, column, value, colspan, rowspan)`` of every block laid down one sheet."""
    row = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            yield row, 0, block.text, 1, 1
            row += 1
            continue
        for r, c, text, colspan, rowspan in block.placed():
            yield row + r, c, _value(text), colspan, rowspan
        row += len(block.rows) + 1


def to_xlsx(report: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "年度报告"
    for row, column, value, colspan, rowspan in _sheet_cells(report_blocks(report)):
        cell = sheet.cell(row + 1, column + 1, value)
        if isinstance(value, str) and "\n" in value:
            cell.alignment = Alignment(wrap_text=True)
        if colspan > 1 or rowspan > 1:
            sheet.merge_cells(start_row=row + 1, start_column=column + 1,
                              end_row=row + rowspan, end_column=column + colspan)
    out = BytesIO()
    workbook.save(out)
    return steady_zip(out.getvalue())


def steady_zip(data: bytes) -> bytes:
    """An Office (zip) file with the clock taken out: every entry dated :data:`FILE_TIME`,
    and the creation and modification times of its properties set to it too."""
    stamp = FILE_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>" + stamp.encode(), content)
            steady = zipfile.ZipInfo(entry.filename, FILE_TIME.timetuple()[:6])
            steady.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(steady, content)
    return out.getvalue()


def to_xls(report: dict) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("年度报告")
    for row, column, value, colspan, rowspan in _sheet_cells(report_blocks(report)):
        if colspan > 1 or rowspan > 1:
            sheet.write_merge(row, row + rowspan - 1, column, column + colspan - 1, value)
        else:
            sheet.write(row, column, value)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
