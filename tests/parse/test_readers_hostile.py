"""Hostile files: broken, oversized, encrypted, zip bombs, too many pages, too slow. Each ends
in a check on an empty (or partial) document, within the time limit, and never raises."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from fpdf import FPDF
from PIL import Image

from harvester.demo import docformats
from harvester.parse.readers import limits, office, read_document
from harvester.parse.report import parse_bytes

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
