"""Hostile files: broken, oversized, encrypted, zip and stream bombs, too many pages or cells,
too slow, too hungry. Each ends in a check on an empty (or partial) document, within the time
and memory limits, and never raises. The large inputs are generated here, compressed where
they can be, never stored."""

from __future__ import annotations

import io
import struct
import subprocess
import time
import zipfile
import zlib

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from harvester.demo import docformats
from harvester.demo.hostile import deflated_zeros, pdf_with_content
from harvester.parse.readers import image, limits, office, read_document
from harvester.parse.report import parse_bytes
from tests.support.harvest import article_page, make_report
from tests.support.parsing import values_of

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Seconds a hostile file may take, reader start-up included: far below TIME_LIMIT, since none
# of these should come near it.
QUICK = 30
needs_libreoffice = pytest.mark.skipif(
    office.converter() is None,
    reason="LibreOffice is not installed (scripts/install-system-deps.sh installs it)")


def _checks(data: bytes, name: str, fmt: str) -> list[str]:
    started = time.monotonic()
    document = read_document(data, name)
    assert time.monotonic() - started < QUICK
    assert document.format == fmt
    assert not document.cells
    assert all(c["severity"] == "error" for c in document.checks)
    return [c["check"] for c in document.checks]


def _png(width: int, height: int, mode: str = "L") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), 255 if mode == "L" else 1).save(out, format="PNG")
    return out.getvalue()


BROKEN = {
    "pdf": (b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>>\nendobj\n" + bytes(range(256)) * 8,
            "report.pdf"),
    "docx": (b"PK\x03\x04" + b"\x14\x00" * 40 + b"not a zip", "report.docx"),
    "xls": (OLE + bytes(range(256)) * 8, "report.xls"),
    "doc": (OLE + bytes(range(256)) * 8, "report.doc"),
    "image": (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40), "scan.png"),
}


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xls", "image"])
def test_a_broken_file_is_an_unreadable_check(fmt):
    data, name = BROKEN[fmt]
    assert _checks(data, name, fmt) == ["unreadable"]


def test_a_broken_xlsx_is_an_unreadable_check():
    container = io.BytesIO()
    with zipfile.ZipFile(container, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")  # cut off
    assert _checks(container.getvalue(), "report.xlsx", "xlsx") == ["unreadable"]


@needs_libreoffice
def test_a_broken_doc_is_an_unreadable_check():
    data, name = BROKEN["doc"]
    assert _checks(data, name, "doc") == ["unreadable"]


def test_the_parser_carries_a_reader_check_into_its_output():
    data, name = BROKEN["pdf"]
    report = parse_bytes(data, name)
    assert [c["check"] for c in report["checks"]] == ["unreadable"]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "xls", "image"])
def test_an_oversized_file_is_refused_before_reading(monkeypatch, fmt):
    report = {"agency": "某区人民政府", "year": 2021, "template": "2021"}
    data = _png(400, 400) if fmt == "image" else getattr(docformats, f"to_{fmt}")(report)
    monkeypatch.setattr(limits, "MAX_BYTES", len(data) - 1)
    assert _checks(data, f"report.{'png' if fmt == 'image' else fmt}", fmt) == ["too_large"]


@needs_libreoffice
def test_an_oversized_doc_is_refused_before_conversion(monkeypatch):
    data = OLE + bytes(2048)
    monkeypatch.setattr(limits, "MAX_BYTES", 1024)
    assert _checks(data, "report.doc", "doc") == ["too_large"]


def _zip_bomb(member: str, other: dict[str, str], size: int) -> bytes:
    """A container whose ``member`` inflates to ``size`` bytes of zeros, compressed by hand
    in chunks so the test never holds the inflated bytes."""
    container = io.BytesIO()
    with zipfile.ZipFile(container, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in other.items():
            archive.writestr(name, text)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as stream:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                stream.write(chunk)
    return container.getvalue()


@pytest.mark.parametrize(("fmt", "member"), [("docx", "word/document.xml"),
                                             ("xlsx", "xl/worksheets/sheet1.xml")])
def test_a_zip_bomb_is_refused(fmt, member):
    data = _zip_bomb(member, {"[Content_Types].xml": "<Types/>"},
                     limits.MAX_UNZIPPED_BYTES + (16 << 20))
    assert len(data) < 2 << 20  # megabytes that would inflate past the cap
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(member).file_size > limits.MAX_UNZIPPED_BYTES
    assert _checks(data, f"report.{fmt}", fmt) == ["zip_bomb"]


def test_a_decompression_bomb_image_is_refused():
    side = int(limits.MAX_PIXELS ** 0.5) + 100  # over the pixel cap, a few kilobytes as PNG
    data = _png(side, side, mode="1")
    assert len(data) < 1 << 20
    assert _checks(data, "scan.png", "image") == ["too_large"]


def test_an_encrypted_pdf_is_an_encrypted_check():
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "2021")
    assert _checks(bytes(pdf.output()), "report.pdf", "pdf") == ["encrypted"]


def test_an_encrypted_workbook_is_an_encrypted_check(monkeypatch):
    # An encrypted XLSX is an OLE container holding an EncryptedPackage stream; LibreOffice
    # cannot open it without the password.
    data = OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(4096)

    def refuse(*args, **kwargs):
        raise office.ConversionError("password required")
    monkeypatch.setattr(office, "convert", refuse)
    assert _checks(data, "report.docx", "doc") == ["encrypted"]


def test_pages_past_the_cap_are_left_with_a_warning():
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(limits.MAX_PAGES + 3):
        pdf.add_page()
        pdf.cell(0, 10, f"page {number}")
    started = time.monotonic()
    document = read_document(bytes(pdf.output()), "long.pdf")
    assert time.monotonic() - started < QUICK
    assert [c["check"] for c in document.checks] == ["page_cap"]
    texts = [c.text for c in document.cells]
    assert f"page {limits.MAX_PAGES - 1}" in texts and f"page {limits.MAX_PAGES}" not in texts


def test_a_document_over_the_time_limit_ends_in_a_check(monkeypatch):
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(limits.MAX_PAGES):
        pdf.add_page()
        pdf.cell(0, 10, f"page {number}")
    data = bytes(pdf.output())
    monkeypatch.setattr(limits, "TIME_LIMIT", 0.05)  # a hundred pages take longer to read
    started = time.monotonic()
    document = read_document(data, "slow.pdf")
    assert time.monotonic() - started < 5
    assert [c["check"] for c in document.checks] == ["time_limit"]
    assert document.cells == []


def test_a_reader_that_dies_ends_in_a_check():
    # The child reads the module named on its command line; one without ``extract`` fails
    # the way a crashing library would, with a traceback and a non-zero exit.
    document = limits.read_isolated("layout", b"%PDF-1.4", "x.pdf", "pdf")
    assert [c["check"] for c in document.checks] == ["reader_crashed"]
    assert "AttributeError" in document.checks[0]["message"]


# HTML and text: size caps, and the time and memory limit of a child for the longer ones.

def _padded_page(report: dict, size: int) -> bytes:
    """The article page of ``report`` with prose after it, ``size`` bytes or a little more."""
    page = article_page(report, "2023-01-20")
    prose = "<p>本机关依法公开政府信息，依申请公开政府信息，均在法定期限内予以答复。</p>".encode()
    head, tail = page.split(b"</body>")
    return head + prose * max(0, (size - len(page)) // len(prose) + 1) + b"</body>" + tail


def test_html_over_its_cap_is_refused_before_reading():
    data = _padded_page(make_report(), limits.MAX_HTML_BYTES + 1)
    assert _checks(data, "report.html", "html") == ["too_large"]


def test_text_over_its_cap_is_refused_before_reading():
    line = "行政许可\t8270\t0\t0\n".encode()
    data = line * (limits.MAX_TEXT_BYTES // len(line) + 1)
    assert _checks(data, "report.txt", "text") == ["too_large"]


def test_a_long_html_report_under_its_cap_is_read_in_a_child_like_a_short_one():
    report = make_report("浑江区教育局", 2022)
    data = _padded_page(report, 3 * limits.ISOLATE_ABOVE)
    assert limits.ISOLATE_ABOVE < len(data) < limits.MAX_HTML_BYTES
    parsed = parse_bytes(data, "report.html")
    assert [c for c in parsed["checks"] if c["severity"] == "error"] == []
    assert values_of(parsed) == values_of(report)
    assert parsed["published"] == "2023-01-20"  # the page's PubDate, 2023-01-20 09:30


def test_pictures_of_a_long_page_are_counted_in_the_child():
    # A page showing the scans of a report: what keeps it from being not_annual_report.
    pictures = "".join(f'<p><img src="/scan/{n}.png"></p>' for n in range(3))
    filler = "<p>附件</p>" * (limits.ISOLATE_ABOVE // 10)
    data = f"<html><body>{pictures}{filler}</body></html>".encode()
    assert len(data) > limits.ISOLATE_ABOVE
    assert read_document(data, "scan.html").images == 3


def test_markup_that_needs_more_than_the_memory_limit_ends_in_a_check():
    # Under the size cap, but bare <p> elements: 8 MB of them took a parse to 1.2 GB.
    data = b"<html><body>" + b"<p>1" * ((limits.MAX_HTML_BYTES - 100) // 4)
    assert _checks(data, "report.html", "html") == ["memory_limit"]


def test_a_document_of_too_many_cells_ends_in_a_check():
    data = b"1\t" * (limits.MAX_TEXT_BYTES // 2 - 1)  # a million cells
    assert len(data) // 2 > limits.MAX_CELLS
    assert _checks(data, "report.txt", "text") == ["too_large"]


def test_a_short_document_of_too_many_cells_ends_in_a_check(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    assert _checks(b"1\t" * 101, "report.txt", "text") == ["too_large"]


def test_a_long_html_page_over_the_time_limit_ends_in_a_check(monkeypatch):
    monkeypatch.setattr(limits, "TIME_LIMIT", 0.01)
    data = _padded_page(make_report(), 2 * limits.ISOLATE_ABOVE)
    assert _checks(data, "report.html", "html") == ["time_limit"]


# PDF stream bombs: a few hundred KB of FlateDecode inflating far past the stream cap.

def test_a_pdf_stream_bomb_ends_in_a_check_at_once():
    data = pdf_with_content(deflated_zeros(8 * limits.MAX_STREAM_BYTES))
    assert len(data) < 1 << 20
    assert _checks(data, "report.pdf", "pdf") == ["too_large"]


def test_a_damaged_pdf_stream_bomb_ends_in_a_check_at_once():
    # A broken checksum sends pdfminer to its byte-by-byte inflater: hours on this stream.
    stream = bytearray(deflated_zeros(8 * limits.MAX_STREAM_BYTES))
    stream[-1] ^= 0xFF
    assert _checks(pdf_with_content(bytes(stream)), "report.pdf", "pdf") == ["too_large"]


def test_a_pdf_stream_under_the_cap_is_read():
    content = b"BT /F1 12 Tf 72 720 Td (2021) Tj ET"
    data = pdf_with_content(zlib.compress(content)).replace(
        b"/MediaBox", b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
                      b"/BaseFont /Helvetica >> >> >> /MediaBox")
    document = read_document(data, "report.pdf")
    assert document.checks == []
    assert [c.text for c in document.cells] == ["2021"]


# DOCX containers whose declared sizes lie.

def _declare(data: bytes, member: str, size: int) -> bytes:
    """``data`` with the uncompressed size of ``member`` declared as ``size``, in its local
    header and in the central directory."""
    declared = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    struct.pack_into("<I", declared, info.header_offset + 22, size)
    at = declared.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", declared, at + 28)[0]
        if declared[at + 46:at + 46 + length] == member.encode():
            struct.pack_into("<I", declared, at + 24, size)
        at = declared.find(b"PK\x01\x02", at + 4)
    return bytes(declared)


def test_a_docx_whose_member_inflates_far_past_its_declared_size_ends_in_a_check():
    # A genuine DOCX whose body inflates past the memory limit, though it declares 4 KB:
    # Python's zipfile inflates a whole read before it cuts the member at its declared size.
    genuine = zipfile.ZipFile(io.BytesIO(docformats.to_docx(make_report())))
    others = {name: genuine.read(name).decode("utf-8") for name in genuine.namelist()
              if name != "word/document.xml" and name.endswith((".xml", ".rels"))}
    bomb = _zip_bomb("word/document.xml", others, limits.MEMORY_LIMIT + (64 << 20))
    data = _declare(bomb, "word/document.xml", 4096)
    assert limits.zip_bomb(data, "docx") is None  # the declared sizes pass
    assert _checks(data, "report.docx", "docx") == ["memory_limit"]


def test_a_docx_declaring_more_than_it_holds_is_refused():
    genuine = docformats.to_docx(make_report())
    data = _declare(genuine, "word/document.xml", limits.MAX_UNZIPPED_BYTES + 1)
    assert _checks(data, "report.docx", "docx") == ["zip_bomb"]


# Converters and OCR under the memory limit.

def test_programs_the_readers_start_run_under_the_memory_limit():
    shown = subprocess.run(limits.limited(["/bin/sh", "-c", "ulimit -d"]),
                           capture_output=True, text=True, check=True).stdout
    assert int(shown) * 1024 == limits.MEMORY_LIMIT


@needs_libreoffice
def test_a_conversion_past_the_memory_limit_ends_in_a_check(monkeypatch):
    data = docformats.to_doc(make_report())
    assert read_document(data, "report.doc").cells  # converted and read under the limit
    # LibreOffice needs about 150 MB of data segment (it sometimes starts on 64 MB).
    monkeypatch.setattr(limits, "MEMORY_LIMIT", 16 * 1024 * 1024)
    assert _checks(data, "report.doc", "doc") == ["unreadable"]


@pytest.mark.skipif(image.ocr_missing() is not None, reason="Tesseract with chi_sim is needed")
def test_a_long_scan_is_recognised_frame_by_frame_within_the_memory_limit():
    # Twenty A4 pages scanned at 300 dpi, in colour: 520 MB decoded at once, past the limit.
    pages = [Image.new("RGB", (2480, 3508), "white") for _ in range(limits.MAX_OCR_PAGES)]
    font = ImageFont.load_default(size=80)
    for number, page in enumerate(pages):
        ImageDraw.Draw(page).text((200, 200), f"page {number + 1}", fill="black", font=font)
    scan = io.BytesIO()
    pages[0].save(scan, format="TIFF", save_all=True, append_images=pages[1:],
                  compression="tiff_deflate")
    del pages
    document = read_document(scan.getvalue(), "scan.tif")
    assert [c["check"] for c in document.checks if c["severity"] == "error"] == []
    texts = [c.text for c in document.cells]
    assert texts[0] == "page 1" and texts[-1] == f"page {limits.MAX_OCR_PAGES}"


def test_merged_cells_copied_past_the_text_cap_end_in_a_check():
    # Each cell spanning 64 columns and 64 rows is read once and copied 4,095 times: 5,000
    # characters make 20 million.
    text = "政府信息公开" * 834
    spanned = (f'<tr><td colspan="64" rowspan="64">{text}</td></tr>'
               + "<tr><td></td></tr>" * 63)
    data = f"<html><body><table>{spanned * 2}</table></body></html>".encode()
    assert len(data) < limits.ISOLATE_ABOVE  # read in-process
    assert 2 * 4096 * len(text) > limits.MAX_CELL_TEXT
    assert _checks(data, "report.html", "html") == ["too_large"]
    padded = data.replace(b"</table>",
                          b"</table>" + "<p>附件</p>".encode() * (limits.ISOLATE_ABOVE // 10))
    assert limits.ISOLATE_ABOVE < len(padded) < limits.MAX_HTML_BYTES  # read in a child
    assert _checks(padded, "report.html", "html") == ["too_large"]


@pytest.mark.parametrize("line", ["1\t" * 100_000, "1 " * 100_000 + "x", "a" * 200_000 + " |"])
def test_one_long_line_of_text_is_read_in_linear_time(line):
    # Patterns with nested quantifiers took minutes over such a line (the reader's child then
    # stopped at its time limit): each is one row of cells, or one cell.
    from harvester.parse.readers.text import cells_from_text

    cells = cells_from_text(line)
    assert 1 <= len(cells) <= 100_001 and len({c.row for c in cells}) == 1
