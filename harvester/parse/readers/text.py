"""Plain-text reports: the shapes copied out of portals, as in ``harvester/demo/seeds``.

Accepted shapes: one cell per line (with or without a leading tab), tab-separated rows,
pipe-separated rows (Markdown tables, their ``---`` rules ignored), and lines where a label is
followed by space-separated numbers (``规章 0 0 0``, as PDF text extraction gives).
"""

from __future__ import annotations

import re

from harvester.parse.document import Cell, Document
from harvester.parse.numbers import is_number
from harvester.parse.readers.encoding import decode

_SEPARATORS = re.compile(r"\t|\|")
_RULE = re.compile(r"^[\s|:\-–—=+]*$")
_NUMBER_WORD = r"[+\-−]?\d[\d,.]*"
_TRAILING_NUMBERS = re.compile(
    rf"^(?P<label>.*?\S)\s+(?P<numbers>{_NUMBER_WORD}(?:\s+{_NUMBER_WORD})*)$")


def read(data: bytes, name: str | None = None) -> Document:
    text, _, checks = decode(data)
    return Document(cells=cells_from_text(text), format="text", checks=checks)


def cells_from_text(text: str) -> list[Cell]:
    lines = text.splitlines()
    join = _join_cell_lines if _one_cell_per_line(lines) else _join_continued_rows
    lines = join(lines)
    cells: list[Cell] = []
    for row, line in enumerate(lines):
        if not line.strip() or (_RULE.match(line) and "-" in line):
            continue
        segments = row_segments(line)
        in_table = len(segments) > 1 or "|" in line
        for segment in segments:
            parts = split_segment(segment)
            cells.extend(Cell(part, row, in_table) for part in parts or [""])
    return cells


def row_segments(line: str) -> list[str]:
    """The cells of one line between its separators (tabs, pipes), blank ones kept: a blank
    cell holds its column. The pipes that open and close a Markdown row are no separators."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    if not body.strip():
        return []
    return _SEPARATORS.split(body)


_LONE_PIPE = re.compile(r"^\s*\|\s*$")
_CELL_LINE = re.compile(r"^[^|]*\|[\s|]*$")  # linear: no nested quantifiers over one class
# One cell per line ends only where a page-to-text tool writes tables that way: many lines of
# one cell and a closing pipe, rows between lone pipes.
MIN_CELL_LINES = 12
MAX_LABELLED_ROW = 300  # characters of a "label number number…" line


def _is_cell_line(line: str) -> bool:
    """``规章 |``, ``0 | ||``: one cell, then its closing pipe (and colspan padding)."""
    return bool(_CELL_LINE.match(line)) and bool(line.split("|", 1)[0].strip())


def _one_cell_per_line(lines: list[str]) -> bool:
    lone = sum(1 for line in lines if _LONE_PIPE.match(line))
    single = sum(1 for line in lines if _is_cell_line(line))
    return lone >= 3 and single >= MIN_CELL_LINES


def _join_continued_rows(lines: list[str]) -> list[str]:
    """A row broken after each empty cell (``label | 25 |``, ``|``, ``|``, ``| 25 |``) joined
    back on one line: lone pipes after a line ending with one are its blank cells, and a line
    opening with a pipe after them ends the row."""
    joined: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.rstrip().endswith("|") or index >= len(lines) \
                or not _LONE_PIPE.match(lines[index]):
            joined.append(line)
            continue
        parts = [line.rstrip()]
        while index < len(lines) and _LONE_PIPE.match(lines[index]):
            parts.append("|")
            index += 1
        if index < len(lines) and lines[index].lstrip().startswith("|"):
            parts.append(lines[index].strip())
            index += 1
        joined.append("".join(parts))
    return joined


def _join_cell_lines(lines: list[str]) -> list[str]:
    """Rows of a table written one cell per line (``规章 |`` / ``0 |`` / ``|``) back on one
    line each (``规章|0``). A lone ``|`` opens a row; two in a row mean a blank cell of the row
    before. Colspan padding after a cell (``8 | |||``) is dropped."""
    joined: list[str] = []
    row: list[str] | None = None
    previous_lone = False
    for line in lines:
        if _LONE_PIPE.match(line):
            if previous_lone and joined and joined[-1] != "":
                joined[-1] += "|"  # an empty row: the blank cell of the row before
            elif row:
                joined.append("|".join(row) + "|")
            row, previous_lone = [], True
            continue
        previous_lone = False
        if row is not None and _is_cell_line(line):
            row.append(line.split("|", 1)[0].strip())
            continue
        if row:
            joined.append("|".join(row) + "|")
        row = None
        joined.append(line)
    if row:
        joined.append("|".join(row) + "|")
    return joined


def split_segment(segment: str) -> list[str]:
    """Split one separator-delimited segment into cells.

    ``0 0 1`` is three numbers and ``行政许可 8270`` a label and a number; anything else stays
    one cell, since spaces inside labels and prose are common.
    """
    segment = segment.strip()
    if not segment:
        return []
    parts = segment.split()
    if len(parts) > 1 and all(is_number(part) for part in parts):
        return parts
    # A label and its numbers make a short line; the pattern is quadratic on a long one.
    match = _TRAILING_NUMBERS.match(segment) if len(segment) <= MAX_LABELLED_ROW else None
    if match and not is_number(match["label"]) and _looks_like_label(match["label"]):
        return [match["label"], *match["numbers"].split()]
    return [segment]


def _looks_like_label(text: str) -> bool:
    """A short label, not a sentence of prose that happens to end with a number."""
    return len(text) <= 60 and not re.search(r"[，。；：,;:]", text[-3:])
