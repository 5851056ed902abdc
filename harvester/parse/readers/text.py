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
    cells: list[Cell] = []
    for row, line in enumerate(text.splitlines()):
        if not line.strip() or (_RULE.match(line) and "-" in line):
            continue
        in_table = bool(_SEPARATORS.search(line.strip()))
        for segment in _SEPARATORS.split(line):
            cells.extend(Cell(part, row, in_table) for part in split_segment(segment))
    return cells


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
    match = _TRAILING_NUMBERS.match(segment)
    if match and not is_number(match["label"]) and _looks_like_label(match["label"]):
        return [match["label"], *match["numbers"].split()]
    return [segment]


def _looks_like_label(text: str) -> bool:
    """A short label, not a sentence of prose that happens to end with a number."""
    return len(text) <= 60 and not re.search(r"[，。；：,;:]", text[-3:])
