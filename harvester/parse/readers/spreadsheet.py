"""Spreadsheet reports (XLSX through openpyxl, XLS through xlrd): the statistical tables as
statistics offices publish them.

Every visible sheet is read row by row, one cell stream row per sheet row; a merged range is
read once and repeated as a copy over the positions it covers. Numbers come as the text they
show (``1151``, ``28204.5``), a line break inside a cell joins like a label broken over lines.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from io import BytesIO

import openpyxl
import xlrd

from harvester.checks import check
from harvester.parse.document import Cell, Document
from harvester.parse.readers import limits
from harvester.parse.readers.layout import join_broken

# A sheet as (row, column) -> cell text, and its merged ranges as (top, left, bottom, right),
# inclusive, all from 0.
SheetGrid = tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int]]]


def read(data: bytes, name: str | None = None) -> Document:
    fmt = "xlsx" if data.startswith(b"PK\x03\x04") else "xls"
    refused = limits.too_large(data, fmt)
    if not refused and fmt == "xlsx":
        refused = limits.zip_bomb(data, fmt)
    return refused or limits.read_isolated("spreadsheet", data, name, fmt)


def extract(data: bytes, name: str | None = None) -> Document:
    """Read every visible sheet; runs in the child process of
    :func:`~harvester.parse.readers.limits.read_isolated`."""
    fmt = "xlsx" if data.startswith(b"PK\x03\x04") else "xls"
    try:
        sheets = list(_xlsx_sheets(data) if fmt == "xlsx" else _xls_sheets(data))
    except MemoryError:  # the memory limit: the child's check, not a broken file
        raise
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            return limits.failed(fmt, "encrypted", "the workbook is encrypted with a password")
        return limits.failed(fmt, "unreadable", f"broken XLS file: {exc}")
    except Exception as exc:  # openpyxl and xlrd raise what their zip, XML and BIFF layers raise
        return limits.failed(fmt, "unreadable", f"broken {fmt.upper()} file: "
                                                f"{type(exc).__name__}: {str(exc)[:200]}")
    cells: list[Cell] = []
    checks: list[dict] = []
    row = 0
    for values, merges in sheets:
        if len(cells) + len(values) > limits.MAX_SHEET_CELLS:
            checks.append(check("cell_cap", "warning", "document",
                                f"only the first {limits.MAX_SHEET_CELLS:,} cells were read"))
            break
        sheet_cells, row = _sheet_cells(values, merges, row)
        cells += sheet_cells
    return Document(cells=cells, format=fmt, checks=checks)


def _sheet_cells(values: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]],
                 first_row: int) -> tuple[list[Cell], int]:
    """The cells of one sheet from ``first_row`` on, and the row after its last."""
    grid = {position: (text, False) for position, text in values.items() if text}
    for top, left, bottom, right in merges:
        text = values.get((top, left), "")
        if not text:
            continue
        for r in range(top, min(bottom, top + limits.MAX_SPAN) + 1):
            for c in range(left, min(right, left + limits.MAX_SPAN) + 1):
                grid[(r, c)] = (text, (r, c) != (top, left))
    rows: dict[int, list[int]] = {}
    for r, c in sorted(grid):
        rows.setdefault(r, []).append(c)
    cells: list[Cell] = []
    for number, (sheet_row, columns) in enumerate(rows.items()):
        in_table = len(columns) > 1
        for c in range(columns[0], columns[-1] + 1):
            # An empty cell between filled ones is a blank cell: it holds its column.
            text, copy = grid.get((sheet_row, c), ("", False))
            cells.append(Cell(text, first_row + number, in_table=in_table, copy=copy))
    return cells, first_row + len(rows)


def _xlsx_sheets(data: bytes) -> Iterator[SheetGrid]:
    workbook = openpyxl.load_workbook(BytesIO(data), data_only=True)
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        values = {(cell.row - 1, cell.column - 1): _text(cell.value)
                  for row in sheet.iter_rows() for cell in row if cell.value is not None}
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
                  for m in sheet.merged_cells.ranges]
        yield values, merges


def _xls_sheets(data: bytes) -> Iterator[SheetGrid]:
    # xlrd writes its warnings about a broken file (``file size not 512 + multiple of sector
    # size``) to stdout unless told otherwise, where they would break `parse`'s JSON lines.
    workbook = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=sys.stderr, verbosity=0)
    for index in range(workbook.nsheets):
        sheet = workbook.sheet_by_index(index)
        if sheet.visibility != 0:
            continue
        values = {}
        for r in range(sheet.nrows):
            for c, cell in enumerate(sheet.row(r)):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values[(r, c)] = _text(xlrd.xldate_as_datetime(cell.value, workbook.datemode))
                elif cell.ctype in (xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER):
                    values[(r, c)] = _text(cell.value)
        merges = [(top, left, bottom - 1, right - 1)
                  for top, bottom, left, right in sheet.merged_cells]
        yield values, merges


def _text(value: object) -> str:
    """A cell value as the sheet shows it: whole numbers without ``.0``, dates as ISO dates."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, str):
        return join_broken(value.splitlines())
    return str(value)
