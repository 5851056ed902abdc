"""Readers: one per document format, each turning bytes into a `Document`.

:func:`read_document` recognises the format from the bytes themselves (a portal's file name and
Content-Type lie often enough), falling back on the name's extension where the bytes cannot
tell (an OLE container may be .doc, .wps or .xls).

Every reader module exposes ``read(data: bytes, name: str | None) -> Document``. A reader never
raises for bad input; it returns a document carrying an error check.

HTML and text readers work in-process; their limits are applied here (:func:`read_document`):
a size cap, a child process under the time and memory limit for the longer ones, and the cap
on cells (see :mod:`harvester.parse.readers.limits`). The readers of binary formats apply them
themselves.
"""

from __future__ import annotations

import importlib
import zipfile
from io import BytesIO
from pathlib import PurePosixPath

from harvester.checks import check
from harvester.parse.document import Document
from harvester.parse.readers import limits

# format -> module under harvester.parse.readers
READER_MODULES = {
    "text": "text",
    "html": "html",
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "spreadsheet",
    "xls": "spreadsheet",
    "doc": "office",
    "wps": "office",
    "rtf": "office",
    "image": "image",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def sniff_format(data: bytes, name: str | None = None) -> str:
    """The document format of ``data``: one of the keys of :data:`READER_MODULES`."""
    suffix = PurePosixPath(name or "").suffix.lower().lstrip(".")
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF") or head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "docx" if suffix != "xlsx" else "xlsx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return "docx"
    if head.startswith(_OLE_MAGIC):
        if suffix in ("xls", "wps", "doc"):
            return suffix
        return "xls" if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data[:65536] else "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGICS) or data[8:12] == b"WEBP":
        return "image"
    probe = data[:4096].lower()
    if any(tag in probe for tag in (b"<html", b"<!doctype", b"<table", b"<body", b"<p", b"<div")):
        return "html"
    return "text"


def read_document(data: bytes, name: str | None = None) -> Document:
    """Read ``data`` into a document, whatever its format."""
    fmt = sniff_format(data, name)
    module_name = READER_MODULES[fmt]
    if fmt in MARKUP_CAPS:
        return _read_markup(data, name, fmt)
    try:
        module = importlib.import_module(f"harvester.parse.readers.{module_name}")
    except ImportError as exc:
        return Document(cells=[], format=fmt, checks=[check(
            "unsupported_format", "error", "document",
            f"no reader for {fmt} documents is available here ({exc})")])
    return module.read(data, name)


# The size cap of each format read in-process, by the name of its limit.
MARKUP_CAPS = {"html": "MAX_HTML_BYTES", "text": "MAX_TEXT_BYTES"}


def _read_markup(data: bytes, name: str | None, fmt: str) -> Document:
    """An HTML or text document within its size cap: in-process when short, else in a child
    process under the time and memory limit; at most :data:`~limits.MAX_CELLS` cells."""
    refused = limits.too_large(data, fmt, getattr(limits, MARKUP_CAPS[fmt]))
    if refused:
        return refused
    if len(data) > limits.ISOLATE_ABOVE:
        return limits.read_isolated(READER_MODULES[fmt], data, name, fmt, function="read")
    module = importlib.import_module(f"harvester.parse.readers.{READER_MODULES[fmt]}")
    return limits.too_many_cells(module.read(data, name))
