"""DOCX reports: paragraphs and tables of the document body, in order, read with python-docx.

A table becomes a grid: a cell merged across columns (``gridSpan``) or down rows (``vMerge``)
is read once, and repeated as a copy in the positions it covers, the way the HTML reader
expands ``colspan``/``rowspan``. Rows that start late (``gridBefore``) keep their columns. A
cell's paragraphs are joined like a label broken over lines (``商业`` / ``企业``). Inside a body
paragraph, tabs separate cells and line breaks separate rows, as in plain text.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from harvester.parse.document import Cell, Document
from harvester.parse.readers import limits
from harvester.parse.readers.layout import join_broken

_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_VAL = qn("w:val")


def read(data: bytes, name: str | None = None, time_limit: float | None = None) -> Document:
    """Read a DOCX file within the caps; ``time_limit`` is what remains of the document's time
    when it was converted from another format first."""
    return (limits.too_large(data, "docx") or limits.zip_bomb(data, "docx")
            or limits.read_isolated("docx", data, name, "docx", time_limit))


def extract(data: bytes, name: str | None = None) -> Document:
    """Read the body of a DOCX file; runs in the child process of
    :func:`~harvester.parse.readers.limits.read_isolated`."""
    try:
        body = open_docx(BytesIO(data)).element.body
    except MemoryError:  # the memory limit: the child's check, not a broken file
        raise
    except Exception as exc:  # python-docx raises whatever its zip and XML layers raise
        return limits.failed("docx", "unreadable", f"broken DOCX file: {type(exc).__name__}: "
                                                   f"{str(exc)[:200]}")
    builder = _Builder()
    builder.walk(body)
    return Document(cells=builder.cells, format="docx")


class _Builder:
    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.row = 0

    def walk(self, container: etree._Element) -> None:
        for element in container.iterchildren(_P, _TBL, _SDT):
            if element.tag == _P:
                self.paragraph(element)
            elif element.tag == _TBL:
                self.table(element)
            else:
                for content in element.iterchildren(qn("w:sdtContent")):
                    self.walk(content)

    def paragraph(self, p: etree._Element) -> None:
        for line in paragraph_text(p).split("\n"):
            fields = [f.strip() for f in line.split("\t") if f.strip()]
            self.cells.extend(Cell(f, self.row, in_table=len(fields) > 1) for f in fields)
            if fields:
                self.row += 1

    def table(self, tbl: etree._Element) -> None:
        for grid_row in table_grid(tbl):
            # A blank cell holds its column (an absent value); a copy of a blank span does not.
            self.cells.extend(Cell(text, self.row, in_table=True, copy=copy)
                              for text, copy in grid_row if text or not copy)
            self.row += 1


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's text, tabs as ``\\t`` and line breaks as ``\\n``."""
    pieces = []
    for node in p.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            pieces.append(node.text or "")
        else:
            pieces.append("\t" if node.tag == _TAB else "\n")
    return "".join(pieces)


def table_grid(tbl: etree._Element) -> list[list[tuple[str, bool]]]:
    """The rows of a table as ``(text, copy)`` per grid column, merged cells expanded."""
    rows: list[list[tuple[str, bool]]] = []
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(_TR):
        row: list[tuple[str, bool]] = []
        column = min(_int_property(tr, "w:trPr", "w:gridBefore", 0), limits.MAX_SPAN)
        covering: dict[int, str] = {}
        for tc in tr.iterchildren(_TC):
            span = max(1, min(_int_property(tc, "w:tcPr", "w:gridSpan", 1), limits.MAX_SPAN))
            if _continues_merge(tc):
                text, copy = above.get(column, ""), True
            else:
                text, copy = cell_text(tc), False
            for offset in range(span):
                row.append((text, copy or offset > 0))
                covering[column + offset] = text
            column += span
        above = covering
        rows.append(row)
    return rows


def cell_text(tc: etree._Element) -> str:
    """A table cell's paragraphs, joined as one label broken over lines."""
    return join_broken([" ".join(paragraph_text(p).split()) for p in tc.iter(_P)])


def _continues_merge(tc: etree._Element) -> bool:
    properties = tc.find(qn("w:tcPr"))
    merge = properties.find(qn("w:vMerge")) if properties is not None else None
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _int_property(element: etree._Element, properties_tag: str, tag: str, default: int) -> int:
    properties = element.find(qn(properties_tag))
    node = properties.find(qn(tag)) if properties is not None else None
    try:
        return int(node.get(_VAL)) if node is not None else default
    except (TypeError, ValueError):
        return default
