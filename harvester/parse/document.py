"""The document model every reader produces and the parser consumes: an ordered stream of cells.

A reader (plain text, HTML, and later PDF, Word, spreadsheets, OCR) turns a file into a
:class:`Document`: its cells in reading order, plus whatever metadata the format carries. The
parser never looks at the original bytes, so a new format needs only a reader.

A *cell* is one piece of text that the document lays out as a unit: a table cell, one
tab-separated field of a text line, or a whole paragraph. Cells that share a ``row`` number were
laid out on one table row or text line. Table readers expand ``rowspan``/``colspan`` so every
grid row is complete; the cells they repeat carry ``copy=True``, so the parser can use a repeated
label for context without counting a repeated number twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class Cell(NamedTuple):
    """A tuple, not a dataclass: a report has hundreds of cells and a harvest millions."""

    text: str
    row: int
    in_table: bool = False
    copy: bool = False
    ocr: bool = False  # read by optical character recognition, so less certain


@dataclass
class Document:
    cells: list[Cell]
    title: str | None = None  # from format metadata (HTML <meta name="ArticleTitle">), if any
    published: str | None = None  # raw publication date from format metadata, if any
    source: str | None = None  # the publishing unit a page's metadata names (ContentSource)
    format: str = "text"
    # Checks raised while reading (wrong charset, converter missing...), same shape as the
    # parser's checks.
    checks: list[dict] = field(default_factory=list)
    # Pictures in the body of an HTML page: a page of a scanned report shows nothing else (the
    # pictures are read on their own, as the attachments a crawl finds them to be).
    images: int = 0

    def lines(self) -> list[str]:
        """The text as lines: the cells of one row joined by tabs, copies left out."""
        rows: dict[int, list[str]] = {}
        for cell in self.cells:
            if not cell.copy:
                rows.setdefault(cell.row, []).append(cell.text)
        return ["\t".join(texts) for _, texts in sorted(rows.items())]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.lines())

    @property
    def ocr(self) -> bool:
        return any(cell.ocr for cell in self.cells)
