"""Old binary Word (DOC), Kingsoft WPS and RTF reports, read by converting them to DOCX with
LibreOffice headless and reading that with the DOCX reader.

LibreOffice keeps the tables of these formats as tables (merged cells included), which is what
the parser needs; text-only converters (antiword, catdoc) flatten them. Where LibreOffice is not
installed (``scripts/install-system-deps.sh`` installs it), the document carries an error
check saying so, and the harvest goes on with the other documents.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from harvester.checks import check
from harvester.parse.document import Document
from harvester.parse.readers import docx, limits

# Every LibreOffice program name Debian installs.
SOFFICE_NAMES = ("soffice", "libreoffice")
# The import filter for each input extension: named, so LibreOffice never falls back on
# reading a broken file as plain text.
IMPORT_FILTERS = {"doc": "MS Word 97", "rtf": "Rich Text Format", "docx": "MS Word 2007 XML"}
# Kingsoft WPS Writer files are Word 97 documents inside; LibreOffice picks its import filter
# from the extension first, so they are handed over as .doc.
_INPUT_SUFFIX = {"doc": "doc", "wps": "doc", "rtf": "rtf"}


class ConversionError(Exception):
    """LibreOffice could not convert the document (broken, encrypted, or too slow)."""


def converter() -> str | None:
    """The path of the LibreOffice program, or None when it is not installed."""
    return next(filter(None, map(shutil.which, SOFFICE_NAMES)), None)


def convert(data: bytes, suffix: str, target: str, time_limit: float) -> bytes:
    """Convert ``data`` (a file whose extension would be ``suffix``) with LibreOffice headless
    to ``target`` (an extension LibreOffice writes: ``docx``, ``doc``, ``rtf``...).

    Raises :class:`ConversionError`; FileNotFoundError when LibreOffice is not installed.
    """
    return convert_all([data], suffix, target, time_limit)[0]


def convert_all(documents: list[bytes], suffix: str, target: str,
                time_limit: float) -> list[bytes]:
    """:func:`convert` for several documents in one LibreOffice run, which saves its start-up
    (seconds) for every document after the first. ``time_limit`` is for the whole run.

    Each run has a profile of its own in a fresh directory, so runs in parallel never hand
    their work to one another's LibreOffice process.
    """
    program = converter()
    if program is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="harvester-lo-") as work:
        sources = [Path(work) / f"input{number}.{suffix}" for number in range(len(documents))]
        for source, data in zip(sources, documents, strict=True):
            source.write_bytes(data)
        # Under the memory limit: a document that blows LibreOffice up ends its run, and in
        # a check, instead of taking gigabytes.
        process = subprocess.Popen(limits.limited(
            [program, f"-env:UserInstallation=file://{work}/profile", "--headless",
             "--norestore", "--nologo", "--nodefault", "--nolockcheck",
             f"--infilter={IMPORT_FILTERS[suffix]}", "--convert-to", target,
             "--outdir", f"{work}/out", *map(str, sources)]),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = process.communicate(timeout=time_limit)
        except subprocess.TimeoutExpired as exc:
            limits.kill_group(process)
            raise ConversionError(
                f"LibreOffice took longer than {time_limit:g} seconds") from exc
        results = [Path(work) / "out" / f"{source.stem}.{target.split(':')[0]}"
                   for source in sources]
        if not all(result.exists() for result in results):
            detail = err.decode("utf-8", "replace").strip() or f"exit status {process.returncode}"
            raise ConversionError(f"LibreOffice could not convert it: {detail[:300]}")
        return [result.read_bytes() for result in results]


def read(data: bytes, name: str | None = None) -> Document:
    """Read a DOC, WPS or RTF report: ``name``'s extension (or the bytes) tells which."""
    fmt = _format(data, name)
    refused = limits.too_large(data, fmt)
    if refused:
        return refused
    started = time.monotonic()
    try:
        converted = convert(data, _INPUT_SUFFIX[fmt], "docx", limits.TIME_LIMIT)
    except FileNotFoundError:
        return Document(cells=[], format=fmt, checks=[check(
            "converter_missing", "error", "document",
            f"reading {fmt.upper()} documents needs LibreOffice (Debian libreoffice-writer-nogui, "
            "installed by scripts/install-system-deps.sh), which is not installed here")])
    except ConversionError as exc:
        encrypted = _ENCRYPTED_MARK in data[:1 << 20]
        return limits.failed(fmt, "encrypted" if encrypted else "unreadable",
                             f"{'encrypted' if encrypted else 'broken'} {fmt.upper()} file: {exc}")
    # Conversion and reading share the one time limit of the document.
    remaining = max(0.0, limits.TIME_LIMIT - (time.monotonic() - started))
    document = docx.read(converted, "converted.docx", time_limit=remaining)
    document.format = fmt
    return document


# An encrypted Office file stores its content in an OLE stream of this name.
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def _format(data: bytes, name: str | None) -> str:
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return "wps" if (name or "").lower().endswith(".wps") else "doc"
