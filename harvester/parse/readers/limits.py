"""Limits that hold against hostile files: size, page and cell caps, zip and stream bombs, a
time and memory limit per document.

Binary formats are read in a child process (:func:`read_isolated`), so a file that makes a
library loop, eat memory or crash ends in a check after at most :data:`TIME_LIMIT` seconds
and the harvest goes on; so are HTML and text documents over :data:`ISOLATE_ABOVE` bytes.
Children are forked from a multiprocessing *forkserver* that has the readers imported
already: starting a fresh interpreter and importing pdfplumber, NumPy and the rest cost three
times the reading of a report's PDF. Each child takes its own session (so the converters and
OCR it starts die with it) and the memory limit, runs the reader module's ``extract(data,
name) -> Document`` (``read`` for HTML and text) and sends the document back as JSON. The
programs the readers start (LibreOffice, Tesseract) run under the same memory limit
(:func:`limited`).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import multiprocessing
import os
import resource
import signal
import sys
import zipfile
from io import BytesIO
from operator import attrgetter

from harvester.checks import check
from harvester.parse.document import Cell, Document

_TEXT = attrgetter("text")

MAX_BYTES = 50 * 1024 * 1024  # a real annual report, even scanned, is far smaller
MAX_PAGES = 100  # PDF pages read; the tables of a report are on its first pages
MAX_OCR_PAGES = 20  # scanned pages recognised, at several seconds each
MAX_PIXELS = 60_000_000  # per image: a 300 dpi A4 page is 8.7 million
MAX_SHEET_CELLS = 200_000  # spreadsheet cells read, over all sheets
MAX_SPAN = 64  # columns or rows one merged table cell may cover
# Zip containers (DOCX, XLSX): the uncompressed total and the number of members.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
# HTML and plain text, read from the bytes as they came. The real pages measured are far
# smaller: a real UCAP article page as saved (沭阳县发改局 2023) is 111 KB, a demo Word-pasted
# report page 73 KB, real reports converted to text 9-15 KB; a page with a few pictures pasted
# inline as data: URIs stays under a few MB. Parsing costs far more than the bytes: a page of
# 8 MB of bare <p> elements took the parse to 1.2 GB, 8 MB of text cells to 0.5 GB.
MAX_HTML_BYTES = 5 * 1024 * 1024
MAX_TEXT_BYTES = 2 * 1024 * 1024
# HTML and text at most this long are read in-process (even the densest markup costs tens of
# MB and a few hundred milliseconds); longer ones in a child, under the time and memory limit.
ISOLATE_ABOVE = 256 * 1024
# Cells a document may hand to the parser. A report has a few hundred to a few thousand; a
# hundred pages of report tables read 20,651. The parse costs about 130 bytes a cell, so a
# document of millions of cells (a hostile page, 8 MB of "1<tab>") would take it past 500 MB.
MAX_CELLS = 200_000
# Characters of those cells, the copies of merged cells included (a child sends each): those
# hundred pages read 114,623, a real report page 3,137. A cell spanning 64 columns and 64 rows
# is copied 4,095 times, so a page of a few such cells could send gigabytes.
MAX_CELL_TEXT = 20_000_000
# What one PDF stream may inflate to. The largest stream of the real reports measured is an
# embedded font subset of 297 KB, a page's content 21 KB; a whole CJK font embedded is
# 10-20 MB. pdfminer inflates a stream whole, then parses page content at about a second a
# MB: a "stream bomb" of a few KB inflating to gigabytes ran the reading past 120 s.
MAX_STREAM_BYTES = 32 * 1024 * 1024
TIME_LIMIT = 120.0  # seconds per document, conversion and recognition included
# Memory of the reading child: its address space (RLIMIT_AS), so its resident memory stays
# under 470 MB, below the 500 MB any process of a harvest may take. The programs the readers
# start, LibreOffice and Tesseract, get it on their data segment (see limited()). Measured:
# the children reading the tests' and the real reports peaked at 259 MB of address space and
# 112 MB resident (OCR of a scanned page), a hundred-page PDF of tables at 208 MB and 58 MB;
# LibreOffice converting a report needs 150-200 MB of data segment, 209 MB resident.
MEMORY_LIMIT = 448 * 1024 * 1024


def too_large(data: bytes, fmt: str, cap: int | None = None) -> Document | None:
    """A document carrying an error check when ``data`` exceeds ``cap`` bytes
    (:data:`MAX_BYTES` unless given), else None."""
    cap = MAX_BYTES if cap is None else cap
    if len(data) <= cap:
        return None
    return failed(fmt, "too_large",
                  f"{len(data):,} bytes is over the {cap:,}-byte cap for one {fmt.upper()} report")


def too_many_cells(document: Document) -> Document:
    """``document``, or when it has more than :data:`MAX_CELLS` cells or
    :data:`MAX_CELL_TEXT` characters in them, an empty document carrying an error check: no
    report has that many, and parsing them would cost more memory than a document may take."""
    if len(document.cells) > MAX_CELLS:
        return failed(document.format, "too_large",
                      f"{len(document.cells):,} cells read, over the cap of {MAX_CELLS:,} for "
                      "one report")
    characters = sum(map(len, map(_TEXT, document.cells)))
    if characters > MAX_CELL_TEXT:
        return failed(document.format, "too_large",
                      f"{characters:,} characters read, over the cap of {MAX_CELL_TEXT:,} for "
                      "one report")
    return document


def limited(command: list[str]) -> list[str]:
    """``command`` run with its data segment (heap and private memory) under
    :data:`MEMORY_LIMIT`, through ``/bin/sh``'s ``ulimit``: safe in a threaded program, where
    ``preexec_fn`` is not. Not its address space: LibreOffice maps more than the limit of it
    before it reads anything."""
    return ["/bin/sh", "-c", f'ulimit -d {MEMORY_LIMIT // 1024} && exec "$0" "$@"', *command]


def zip_bomb(data: bytes, fmt: str) -> Document | None:
    """A document carrying an error check when the zip container ``data`` would unpack to more
    than the caps allow, or is no zip at all; else None.

    The declared sizes are what the container says: a member may inflate to far more (or
    less). Python's ``zipfile`` cuts a member at its declared size, but only once it has
    inflated a whole read's worth, so a lying member can cost the reading child gigabytes:
    the child's memory limit ends that one with a check.
    """
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return failed(fmt, "unreadable", f"broken {fmt.upper()} container: {exc}")
    if len(members) > MAX_ZIP_MEMBERS:
        return failed(fmt, "zip_bomb", f"{len(members):,} members in the {fmt.upper()} container, "
                                       f"over the cap of {MAX_ZIP_MEMBERS:,}")
    unzipped = sum(member.file_size for member in members)
    if unzipped > MAX_UNZIPPED_BYTES:
        return failed(fmt, "zip_bomb", f"the {fmt.upper()} container unpacks to {unzipped:,} "
                                       f"bytes, over the cap of {MAX_UNZIPPED_BYTES:,}")
    return None


def failed(fmt: str, name: str, message: str) -> Document:
    """An empty document of format ``fmt`` carrying one error check."""
    return Document(cells=[], format=fmt, checks=[check(name, "error", "document", message)])


# The reader modules the forkserver imports before it forks any child. "__main__" too, when
# the program is a file (the scrapy script, say): a child would import it once more otherwise.
READER_MODULES = ("pdf", "docx", "spreadsheet", "image", "office", "html", "text")
_FORKSERVER = multiprocessing.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(
    ["__main__"] * os.path.isfile(getattr(sys.modules["__main__"], "__file__", None) or "")
    + [f"harvester.parse.readers.{name}" for name in READER_MODULES])
_CRASH = b"\0crashed\0"  # what a child sends before the message of the error that stopped it


def read_isolated(module: str, data: bytes, name: str | None, fmt: str,
                  time_limit: float | None = None, function: str = "extract") -> Document:
    """Run ``harvester.parse.readers.<module>.<function>(data, name)`` in a child process under
    the memory limit and ``time_limit`` seconds (:data:`TIME_LIMIT` unless given); a hang, a
    crash, a memory blow-up or more than :data:`MAX_CELLS` cells becomes an error check."""
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    receiver, sender = _FORKSERVER.Pipe(duplex=False)
    process = _FORKSERVER.Process(
        target=_child, args=(sender, module, function, fmt, name, data, MEMORY_LIMIT,
                             MAX_CELLS, MAX_CELL_TEXT), daemon=True)
    process.start()
    sender.close()
    try:
        payload = receiver.recv_bytes() if receiver.poll(time_limit) else None
    except EOFError:  # the child died before it could answer
        payload = b""
    finally:
        receiver.close()
    if payload is None:
        kill_group(process)
        return failed(fmt, "time_limit",
                      f"reading took longer than the {TIME_LIMIT:g}-second limit per document")
    process.join()
    if payload.startswith(_CRASH) or not payload:
        detail = payload[len(_CRASH):].decode("utf-8", "replace") or "no output"
        return failed(fmt, "reader_crashed",
                      f"the {fmt.upper()} reader stopped with exit status {process.exitcode}: "
                      f"{detail[:300]}")
    return document_from_json(payload)


def kill_group(process: multiprocessing.process.BaseProcess) -> None:
    """Kill ``process`` and every process it started in its session, then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    process.join()


def document_to_json(document: Document) -> bytes:
    return json.dumps({
        "cells": [[c.text, c.row, c.in_table, c.copy, c.ocr] for c in document.cells],
        "title": document.title, "published": document.published,
        "format": document.format, "checks": document.checks, "images": document.images,
    }, ensure_ascii=False).encode("utf-8")


def document_from_json(payload: bytes) -> Document:
    fields = json.loads(payload)
    cells = [Cell(text, row, in_table, copy, ocr)
             for text, row, in_table, copy, ocr in fields["cells"]]
    return Document(cells=cells, title=fields["title"], published=fields["published"],
                    format=fields["format"], checks=fields["checks"], images=fields["images"])


def _child(connection, module_name: str, function: str, fmt: str, name: str | None,
           data: bytes, memory_limit: int, max_cells: int, max_cell_text: int) -> None:
    """The child side of :func:`read_isolated`. The limits come from the parent: the
    forkserver imported this module before any caller could change them."""
    global MEMORY_LIMIT, MAX_CELLS, MAX_CELL_TEXT
    MEMORY_LIMIT, MAX_CELLS, MAX_CELL_TEXT = memory_limit, max_cells, max_cell_text
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        module = importlib.import_module(f"harvester.parse.readers.{module_name}")
        try:
            document = too_many_cells(getattr(module, function)(data, name))
        except MemoryError:
            document = None  # let go of what the reader held before building the check
        except Exception:
            if not _at_memory_limit(memory_limit):
                raise
            document = None
        if document is None or (any(c["check"] == "unreadable" for c in document.checks)
                                and _at_memory_limit(memory_limit)):
            # Out of memory, whatever the library made of it: lxml says "unknown error",
            # openpyxl "broken file".
            document = failed(fmt, "memory_limit",
                              f"reading needed more than {memory_limit // 2**20:,} MiB of memory")
        connection.send_bytes(document_to_json(document))
    except BaseException as error:  # any failure of a reader is its crash
        connection.send_bytes(_CRASH + f"{type(error).__name__}: {error}".encode())
        raise SystemExit(1) from None


def _at_memory_limit(memory_limit: int) -> bool:
    """Whether this process's address space has come within a tenth of ``memory_limit``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next((line.split()[1] for line in status if line.startswith("VmPeak:")), "0")
    except OSError:  # no /proc: only MemoryError tells
        return False
    return int(peak) * 1024 >= 0.9 * memory_limit
