"""Limits that hold against hostile files: size and page caps, zip bombs, a time and memory
limit per document.

Binary formats are read in a child process (:func:`read_isolated`), so a file that makes a
library loop, eat memory or crash ends in a check after at most :data:`TIME_LIMIT` seconds
and the harvest goes on. Children are forked from a multiprocessing *forkserver* that has the
readers imported already: starting a fresh interpreter and importing pdfplumber, NumPy and
the rest cost three times the reading of a report's PDF. Each child takes its own session
(so the converters and OCR it starts die with it) and the memory limit, runs the reader
module's ``extract(data, name) -> Document`` and sends the document back as JSON.
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

from harvester.checks import check
from harvester.parse.document import Cell, Document

MAX_BYTES = 50 * 1024 * 1024  # a real annual report, even scanned, is far smaller
MAX_PAGES = 100  # PDF pages read; the tables of a report are on its first pages
MAX_OCR_PAGES = 20  # scanned pages recognised, at several seconds each
MAX_PIXELS = 60_000_000  # per image: a 300 dpi A4 page is 8.7 million
MAX_SHEET_CELLS = 200_000  # spreadsheet cells read, over all sheets
MAX_SPAN = 64  # columns or rows one merged table cell may cover
# Zip containers (DOCX, XLSX): the uncompressed total and the number of members.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
TIME_LIMIT = 120.0  # seconds per document, conversion and recognition included
MEMORY_LIMIT = 3 * 1024 * 1024 * 1024  # address space of the reading child process


def too_large(data: bytes, fmt: str) -> Document | None:
    """A document carrying an error check when ``data`` exceeds :data:`MAX_BYTES`, else None."""
    if len(data) <= MAX_BYTES:
        return None
    return failed(fmt, "too_large",
                  f"{len(data):,} bytes is over the {MAX_BYTES:,}-byte cap for one report")


def zip_bomb(data: bytes, fmt: str) -> Document | None:
    """A document carrying an error check when the zip container ``data`` would unpack to more
    than the caps allow, or is no zip at all; else None.

    Python's ``zipfile`` never inflates a member past its declared size, so the declared sizes
    bound what reading the container can cost.
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
READER_MODULES = ("pdf", "docx", "spreadsheet", "image", "office")
_FORKSERVER = multiprocessing.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(
    ["__main__"] * os.path.isfile(getattr(sys.modules["__main__"], "__file__", None) or "")
    + [f"harvester.parse.readers.{name}" for name in READER_MODULES])
_CRASH = b"\0crashed\0"  # what a child sends before the message of the error that stopped it


def read_isolated(module: str, data: bytes, name: str | None, fmt: str,
                  time_limit: float | None = None) -> Document:
    """Run ``harvester.parse.readers.<module>.extract(data, name)`` in a child process under the
    memory limit and ``time_limit`` seconds (:data:`TIME_LIMIT` unless given); a hang, a crash
    or a memory blow-up becomes an error check."""
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    receiver, sender = _FORKSERVER.Pipe(duplex=False)
    process = _FORKSERVER.Process(target=_child, args=(sender, module, fmt, name, data),
                                  daemon=True)
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
        "format": document.format, "checks": document.checks,
    }, ensure_ascii=False).encode("utf-8")


def document_from_json(payload: bytes) -> Document:
    fields = json.loads(payload)
    cells = [Cell(text, row, in_table, copy, ocr)
             for text, row, in_table, copy, ocr in fields["cells"]]
    return Document(cells=cells, title=fields["title"], published=fields["published"],
                    format=fields["format"], checks=fields["checks"])


def _child(connection, module_name: str, fmt: str, name: str | None, data: bytes) -> None:
    """The child side of :func:`read_isolated`."""
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    try:
        module = importlib.import_module(f"harvester.parse.readers.{module_name}")
        try:
            document = module.extract(data, name)
        except MemoryError:
            document = failed(fmt, "memory_limit",
                              f"reading needed more than {MEMORY_LIMIT // 2**20:,} MiB of memory")
        connection.send_bytes(document_to_json(document))
    except BaseException as error:  # any failure of a reader is its crash
        connection.send_bytes(_CRASH + f"{type(error).__name__}: {error}".encode())
        raise SystemExit(1) from None
