"""PDF reports, read with pdfplumber.

Pages with a text layer: tables are found by their ruling lines and read as grids, merged cells
repeated as copies; text outside them is read line by line, a line split into cells where its
words stand far apart (tables printed without ruling lines), wrapped paragraphs joined. A table
that runs on from the foot of one page to the head of the next, with the same columns, is read
as one table: its repeated heading rows become copies and a merged label cut by the page break
is carried over. Page numbers in the margins are left out.

Pages without a text layer (a scan wrapped in a PDF), and pages whose text layer holds glyph
codes instead of text (a font embedded without a Unicode map), are rendered and recognised by
OCR, as images are (see :mod:`harvester.parse.readers.image`); so are large pictures on a page with
text (a table pasted as an image), read in their place among the page's text.

A stream that would inflate past :data:`~harvester.parse.readers.limits.MAX_STREAM_BYTES` (a
"stream bomb": a few KB of FlateDecode making gigabytes) stops the reading with a check.
"""

from __future__ import annotations

import re
import types
import unicodedata
import zlib
from collections.abc import Iterator
from io import BytesIO

import pdfminer.pdftypes
import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from harvester.checks import check
from harvester.parse.document import Cell, Document
from harvester.parse.readers import image, limits
from harvester.parse.readers.layout import (
    Block,
    Box,
    Recognised,
    Rect,
    Table,
    boxes_outside,
    build_table,
    continues,
    emit,
    join_continued,
    page_blocks,
)

# A page with fewer characters than this, and an image on it, is a scan.
SCAN_MAX_CHARS = 10
# A picture covering this share of a page with text is read by OCR: a table pasted as an image
# (a seal or a letterhead is smaller).
PICTURE_SHARE = 0.2
# A page with at least this many characters is judged on whether they are real text.
GARBLED_MIN_CHARS = 50
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TOLERANCE = 3.0  # points: ruling lines and cell edges this close are one
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                   "snap_tolerance": TOLERANCE, "join_tolerance": TOLERANCE}


class StreamTooLarge(Exception):
    """A stream of the PDF inflates past the cap."""


def _inflate(data: bytes) -> bytes:
    """``zlib.decompress`` for pdfminer, stopping at the stream cap: pdfminer inflates every
    FlateDecode stream whole, however large it makes it."""
    inflater = zlib.decompressobj()
    inflated = inflater.decompress(data, limits.MAX_STREAM_BYTES + 1)
    if len(inflated) > limits.MAX_STREAM_BYTES:
        raise StreamTooLarge(f"a stream of {len(data):,} bytes inflates to more than "
                             f"{limits.MAX_STREAM_BYTES:,}")
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")
    return inflated


def _inflate_corrupted(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` (what a stream whose checksum is broken inflates
    to), within the stream cap and in linear time: pdfminer's own joins its output byte by
    byte, which takes hours on a large stream."""
    inflater = zlib.decompressobj()
    inflated = bytearray()
    for at in range(0, len(data), _CHUNK):
        chunk = data[at:at + _CHUNK]
        trial = inflater.copy()
        try:
            inflated += trial.decompress(chunk)
            inflater = trial
        except zlib.error:
            # Find the damage byte by byte, as pdfminer does: before the last three bytes
            # (the checksum) it is an error, in them a loss of data.
            for offset in range(len(chunk)):
                try:
                    inflated += inflater.decompress(chunk[offset:offset + 1])
                except zlib.error:
                    if at + offset < len(data) - 3:
                        raise
                    return bytes(inflated)
        if len(inflated) > limits.MAX_STREAM_BYTES:
            raise StreamTooLarge(f"a damaged stream of {len(data):,} bytes inflates to more "
                                 f"than {limits.MAX_STREAM_BYTES:,}")
    return bytes(inflated)


_CHUNK = 1 << 14  # bytes of a damaged stream inflated at once (to 17 MB at most)


# pdfminer looks up zlib.decompress and decompress_corrupted in its module when it decodes.
pdfminer.pdftypes.zlib = types.SimpleNamespace(decompress=_inflate, error=zlib.error,
                                               decompressobj=zlib.decompressobj)
pdfminer.pdftypes.decompress_corrupted = _inflate_corrupted


def read(data: bytes, name: str | None = None) -> Document:
    return limits.too_large(data, "pdf") or limits.read_isolated("pdf", data, name, "pdf")


def extract(data: bytes, name: str | None = None) -> Document:
    """Read a PDF; runs in the child process of
    :func:`~harvester.parse.readers.limits.read_isolated`."""
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            return _read_pages(pdf)
    except MemoryError:  # the memory limit: the child's check, not a broken file
        raise
    except Exception as exc:  # pdfminer raises many types (and wraps them) for broken files
        bomb = _cause(exc, StreamTooLarge)
        if bomb:
            return limits.failed("pdf", "too_large", f"the PDF is a stream bomb: {bomb}, the "
                                                     "cap for one stream")
        if _cause(exc, PDFPasswordIncorrect | PDFEncryptionError):
            return limits.failed("pdf", "encrypted",
                                 "the PDF is encrypted with a password, so it cannot be read")
        return limits.failed("pdf", "unreadable",
                             f"broken PDF file: {type(exc).__name__}: {str(exc)[:200]}")


def _cause(exc: BaseException | None, kind) -> BaseException | None:
    """``exc``, or the exception it was raised from or while handling, of type ``kind``."""
    while exc is not None:
        if isinstance(exc, kind):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _read_pages(pdf: pdfplumber.PDF) -> Document:
    checks: list[dict] = []
    pages = pdf.pages
    if len(pages) > limits.MAX_PAGES:
        checks.append(check("page_cap", "warning", "document",
                            f"only the first {limits.MAX_PAGES} of {len(pages)} pages were read"))
    blocks: list[Block] = []
    cells: list[Cell] = []
    scanned = 0
    for page in _closing(pages[:limits.MAX_PAGES]):
        garbled = _garbled(page.chars)
        if garbled and not any(c["check"] == "text_layer_unreadable" for c in checks):
            checks.append(check("text_layer_unreadable", "info", "document",
                                "the PDF's text layer has no usable character codes (a font "
                                "without a Unicode map), so its pages were read by OCR"))
        if garbled or (len(page.chars) < SCAN_MAX_CHARS and page.images):
            scanned += 1
            if scanned > limits.MAX_OCR_PAGES:
                continue
            cells += emit(blocks, first_row=_next_row(cells))
            blocks = []
            recognised, ocr_checks = image.recognise_page(
                page.to_image(resolution=image.OCR_DPI).original, first_row=_next_row(cells))
            cells += recognised
            checks += [c for c in ocr_checks if c not in checks]
            continue
        areas = _pictures(page)
        if scanned + len(areas) > limits.MAX_OCR_PAGES:
            areas = []
        pictures = []
        for area in areas:
            scanned += 1
            recognised, ocr_checks = image.recognise_page(
                page.crop(area).to_image(resolution=image.OCR_DPI).original)
            pictures.append(Recognised(recognised, top=area[1], bottom=area[3]))
            checks += [c for c in ocr_checks if c not in checks]
        words = boxes_outside(_words(page), areas)
        page_content = page_blocks(words, _tables(page, words), float(page.height), pictures)
        if (page_content and blocks and isinstance(page_content[0], Table)
                and isinstance(blocks[-1], Table)
                and continues(blocks[-1], page_content[0], TOLERANCE)):
            join_continued(blocks[-1], page_content[0])
        blocks += page_content
    cells += emit(blocks, first_row=_next_row(cells))
    if scanned > limits.MAX_OCR_PAGES:
        checks.append(check("ocr_page_cap", "warning", "document",
                            f"only the first {limits.MAX_OCR_PAGES} of {scanned} scanned pages "
                            "were recognised"))
    return Document(cells=cells, format="pdf", checks=checks)


def _closing(pages: list[pdfplumber.page.Page]) -> Iterator[pdfplumber.page.Page]:
    """The pages, each one's cached characters, words and objects let go once it is read: a
    hundred pages of tables kept cached take the reading child near its memory limit."""
    for page in pages:
        try:
            yield page
        finally:
            page.close()


def _pictures(page: pdfplumber.page.Page) -> list[Rect]:
    """The pictures on a page with text that are large enough to be a table pasted as an
    image, each clipped to the page."""
    least = PICTURE_SHARE * float(page.width) * float(page.height)
    areas = []
    for picture in page.images:
        area = (max(0.0, float(picture["x0"])), max(0.0, float(picture["top"])),
                min(float(page.width), float(picture["x1"])),
                min(float(page.height), float(picture["bottom"])))
        if (area[2] - area[0]) * (area[3] - area[1]) >= least:
            areas.append(area)
    return areas


def _garbled(chars: list[dict]) -> bool:
    """Whether a page's characters are glyph codes rather than text: a font embedded without
    a Unicode map gives ``(cid:123)``, control characters, or Latin letters where a Chinese
    report prints Han characters."""
    if len(chars) < GARBLED_MIN_CHARS:
        return False
    texts = [c["text"] for c in chars]
    unmapped = sum(t.startswith("(cid:") or unicodedata.category(t[0]) in ("Cc", "Co")
                   for t in texts if t)
    han = sum(bool(_HAN.match(t)) for t in texts)
    return unmapped > 0.1 * len(texts) or han < 0.05 * len(texts)


def _next_row(cells: list[Cell]) -> int:
    return cells[-1].row + 1 if cells else 0


def _words(page: pdfplumber.page.Page) -> list[Box]:
    return [Box(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
            for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)]


def _tables(page: pdfplumber.page.Page, words: list[Box]) -> list[Table]:
    """The page's ruled tables, each with the words inside it."""
    tables = []
    for found in page.find_tables(_TABLE_SETTINGS):
        rects = [tuple(cell) for cell in found.cells]
        inside = [w for w in words if _within(w, found.bbox)]
        tables.append(build_table(rects, inside, TOLERANCE))
    return tables


def _within(box: Box, bbox: tuple[float, float, float, float]) -> bool:
    x, y = box.center
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]
