"""Page layout to cells: the geometry shared by the PDF reader and the OCR reader.

Both see a page as positioned pieces of text (:class:`Box`: a PDF word, a recognised word) and,
where the page draws ruling lines, table cell rectangles. This module turns that into the
cell stream: ruled tables become grids whose merged cells are repeated as copies, text outside
tables becomes lines split into cells at wide gaps (tables without ruling lines), and a
paragraph wrapped over several lines becomes one cell again.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from harvester.parse.document import Cell
from harvester.parse.numbers import is_number

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom

# Han characters and CJK punctuation: where two of them meet at a line break, the break was
# only wrapping (商业\n企业 is 商业企业); elsewhere it stood for a space.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Page numbers: "3" and "3/9" in the margins; "- 3 -" and "第 3 页 共 9 页" anywhere, since a
# scan may stack several pages in one image.
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第?\s*\d+\s*页?(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)[-—–\s]*$")
_DECORATED_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页.*)\s*$")
# A line opening a section or item (一、 （二） 3.): never the continuation of a paragraph.
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")
# How far, in line heights, words may stand apart and still be one cell of a line.
CELL_GAP = 1.5


@dataclass(frozen=True)
class Box:
    """A piece of text and where it stands on the page (PDF points or image pixels)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass
class Table:
    """A ruled table: ``grid[row][column]`` is ``(text, copy)`` or None where no cell lies.

    ``columns`` holds the x positions of the column boundaries, so a table continued on the
    next page can be recognised by its columns.
    """

    grid: list[list[tuple[str, bool] | None]]
    columns: list[float]
    top: float
    bottom: float


@dataclass
class Recognised:
    """The cells OCR read from a picture on the page (a table pasted as an image)."""

    cells: list[Cell]
    top: float
    bottom: float


@dataclass
class Lines:
    """Text outside tables: each line a list of cell texts."""

    rows: list[list[str]]
    top: float
    bottom: float
    in_table: list[bool] = field(default_factory=list)


def join_broken(parts: list[str]) -> str:
    """Join the lines of one cell or paragraph: nothing between two CJK characters, since the
    break was wrapping; one space elsewhere."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text and not (_CJK.match(text[-1]) or _CJK.match(part[0])):
            text += " "
        text += part
    return text


def join_words(words: list[Box]) -> str:
    """The text of one line's words, in order: a space only between non-CJK words that stand
    apart (``2021 年`` stays as printed, ``商 业`` recognised as two words becomes ``商业``)."""
    text = ""
    for word in words:
        if text and not (_CJK.match(text[-1]) or _CJK.match(word.text[0])):
            text += " "
        text += word.text
    return text


def group_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into text lines, top to bottom, each line left to right. A box belongs to
    a line when its vertical middle lies within the line's extent."""
    lines: list[list[Box]] = []
    extents: list[list[float]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.x0)):
        middle = box.center[1]
        for line, extent in zip(lines, extents, strict=True):
            if extent[0] <= middle <= extent[1]:
                line.append(box)
                extent[0] = min(extent[0], box.top)
                extent[1] = max(extent[1], box.bottom)
                break
        else:
            lines.append([box])
            extents.append([box.top, box.bottom])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def text_in(boxes: list[Box]) -> str:
    """The text of the boxes inside one table cell, its lines joined."""
    return join_broken([join_words(line) for line in group_lines(boxes)])


def split_cells(line: list[Box]) -> list[list[Box]]:
    """One line's words split where they stand further apart than :data:`CELL_GAP` line
    heights: the columns of a table printed without ruling lines."""
    height = max(box.height for box in line)
    cells = [[line[0]]]
    for previous, box in itertools.pairwise(line):
        if box.x0 - previous.x1 > CELL_GAP * height:
            cells.append([box])
        else:
            cells[-1].append(box)
    return cells


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


Block = Table | Lines | Recognised


def page_blocks(boxes: list[Box], tables: list[Table], page_height: float,
                pictures: list[Recognised] | None = None) -> list[Block]:
    """A page in reading order: its tables, the pictures read by OCR, and the text outside
    them as line blocks (page numbers in the margins left out, wrapped paragraphs joined),
    top to bottom."""
    placed: list[Table | Recognised] = [*tables, *(pictures or [])]
    areas = [(0.0, block.top, float("inf"), block.bottom) for block in placed]
    margin = page_height * 0.08
    items: list[tuple[float, Block | tuple[list[str], Rect]]] = [
        (block.top, block) for block in placed]
    for line in group_lines(boxes_outside(boxes, areas)):
        cells = [join_words(cell) for cell in split_cells(line)]
        top, bottom = min(b.top for b in line), max(b.bottom for b in line)
        in_margin = top < margin or bottom > page_height - margin
        if len(cells) == 1 and (_DECORATED_PAGE_NUMBER.match(cells[0])
                                or (in_margin and is_page_number(cells[0]))):
            continue
        items.append((top, (cells, (line[0].x0, top, line[-1].x1, bottom))))
    blocks: list[Block] = []
    run: list[tuple[list[str], Rect]] = []
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, Table | Recognised):
            blocks.extend(_lines(run))
            run = []
            blocks.append(item)
        else:
            run.append(item)
    blocks.extend(_lines(run))
    return blocks


def join_tables(blocks: list[Block], tolerance: float) -> None:
    """Join each table that directly follows another with the same columns (a table cut by
    a page break inside one image, or on one page) as :func:`join_continued` does."""
    for previous, block in itertools.pairwise(blocks):
        if (isinstance(previous, Table) and isinstance(block, Table)
                and continues(previous, block, tolerance)):
            join_continued(previous, block)


def _lines(run: list[tuple[list[str], Rect]]) -> list[Lines]:
    rows = _join_paragraphs(_join_centred_values(run))
    if not rows:
        return []
    return [Lines(rows=[cells for cells, _ in rows], top=rows[0][1][1], bottom=rows[-1][1][3],
                  in_table=[len(cells) > 1 for cells, _ in rows])]


def _join_centred_values(rows: list[tuple[list[str], Rect]]) -> list[tuple[list[str], Rect]]:
    """In a table without ruling lines, a label wrapped over two lines with its numbers
    centred between them (``行政`` / ``40355`` / ``许可``) becomes one row again: the two label
    lines, left of the numbers and close above and below them, join into the row's label."""
    def label_at_left(row: tuple[list[str], Rect], numbers: Rect) -> bool:
        cells, rect = row
        return len(cells) == 1 and not is_number(cells[0]) and rect[0] < numbers[0]

    joined: list[tuple[list[str], Rect]] = []
    index = 0
    while index < len(rows):
        cells, rect = rows[index]
        height = rect[3] - rect[1]
        below = rows[index + 1] if index + 1 < len(rows) else None
        if (joined and below and all(is_number(cell) for cell in cells)
                and label_at_left(joined[-1], rect) and label_at_left(below, rect)
                and rect[1] - joined[-1][1][3] < height and below[1][1] - rect[3] < height):
            above = joined.pop()
            label = join_broken([above[0][0], below[0][0]])
            joined.append(([label, *cells], (above[1][0], above[1][1], rect[2], below[1][3])))
            index += 2
            continue
        joined.append((cells, rect))
        index += 1
    return joined


def _join_paragraphs(rows: list[tuple[list[str], Rect]]) -> list[tuple[list[str], Rect]]:
    """Join a line of prose that runs to the right edge with the unindented line below it."""
    single = [rect for cells, rect in rows if len(cells) == 1]
    if not single:
        return rows
    left = min(rect[0] for rect in single)
    right = max(rect[2] for rect in single)
    joined: list[tuple[list[str], Rect]] = []
    for cells, rect in rows:
        if joined:
            previous_cells, previous = joined[-1]
            height = previous[3] - previous[1]
            wraps = (len(previous_cells) == 1 and len(cells) == 1
                     and previous[2] >= right - 2 * height
                     and rect[0] <= left + 0.5 * height
                     and rect[1] - previous[3] < height
                     and not _HEADING.match(cells[0]))
            if wraps:
                joined[-1] = ([join_broken([previous_cells[0], cells[0]])],
                              (previous[0], previous[1], rect[2], rect[3]))
                continue
        joined.append((cells, rect))
    return joined


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Sorted positions with those closer than ``tolerance`` merged into their mean."""
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def _nearest(positions: list[float], value: float) -> int:
    return min(range(len(positions)), key=lambda i: abs(positions[i] - value))


def build_table(rects: list[Rect], boxes: list[Box], tolerance: float,
                revise: Callable[[dict[Rect, str]], dict[Rect, str]] | None = None) -> Table:
    """A ruled table from its cell rectangles and the text boxes on the page.

    A rectangle spanning several grid rows or columns is a merged cell: its text goes to its
    top-left position and is repeated, marked as a copy, in the others. Each box goes to the
    cell that holds its middle. ``revise``, given each cell's text, may return better ones
    (OCR reads number cells a second time).
    """
    xs = _cluster([r[0] for r in rects] + [r[2] for r in rects], tolerance)
    ys = _cluster([r[1] for r in rects] + [r[3] for r in rects], tolerance)
    grid: list[list[tuple[str, bool] | None]] = [[None] * (len(xs) - 1) for _ in ys[:-1]]
    contents: dict[Rect, list[Box]] = {rect: [] for rect in rects}
    for box in boxes:
        for piece in _split_across(box, rects, tolerance):
            x, y = piece.center
            for rect in rects:
                if rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]:
                    contents[rect].append(piece)
                    break
    texts = {rect: text_in(contents[rect]) for rect in rects}
    if revise is not None:
        texts = revise(texts)
    for rect in rects:
        c0, c1 = _nearest(xs, rect[0]), _nearest(xs, rect[2])
        r0, r1 = _nearest(ys, rect[1]), _nearest(ys, rect[3])
        text = texts[rect]
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                grid[r][c] = (text, (r, c) != (r0, c0))
    return Table(grid=grid, columns=xs, top=ys[0], bottom=ys[-1])


def _split_across(box: Box, rects: list[Rect], tolerance: float) -> list[Box]:
    """``box`` as one piece, or, where it reaches over a cell's side (OCR joins ``0  0`` of
    two cells into one word), one piece per character, spread evenly over its width."""
    x, y = box.center
    home = next((r for r in rects if r[0] <= x <= r[2] and r[1] <= y <= r[3]), None)
    if home is None or len(box.text) < 2 or (
            box.x0 >= home[0] - tolerance and box.x1 <= home[2] + tolerance):
        return [box]
    step = (box.x1 - box.x0) / len(box.text)
    return [Box(char, box.x0 + i * step, box.top, box.x0 + (i + 1) * step, box.bottom)
            for i, char in enumerate(box.text)]


def boxes_outside(boxes: list[Box], areas: list[Rect]) -> list[Box]:
    """The boxes whose middle lies in none of ``areas``."""
    def inside(box: Box) -> bool:
        x, y = box.center
        return any(a[0] <= x <= a[2] and a[1] <= y <= a[3] for a in areas)
    return [box for box in boxes if not inside(box)]


def continues(previous: Table, table: Table, tolerance: float) -> bool:
    """Whether ``table``, first on its page, carries on ``previous``, last on the page before:
    the same outer edges, and the column boundaries of one among those of the other (a page
    whose rows all merge some columns draws fewer boundaries)."""
    def among(few: list[float], many: list[float]) -> bool:
        return all(any(abs(x - y) <= tolerance for y in many) for x in few)
    return (abs(previous.columns[0] - table.columns[0]) <= tolerance
            and abs(previous.columns[-1] - table.columns[-1]) <= tolerance
            and (among(previous.columns, table.columns) or among(table.columns, previous.columns)))


def join_continued(previous: Table, table: Table) -> None:
    """Prepare a continuation ``table`` for reading after ``previous``: header rows repeated
    from the start of ``previous`` become copies, and a merged label cell cut by the page break
    (left empty at the top of the new page) gets the label again, as a copy."""
    def texts(row: list[tuple[str, bool] | None]) -> list[str]:
        return [cell[0] for cell in row if cell and not cell[1]]

    header = 0
    while (header < min(3, len(table.grid) - 1, len(previous.grid))
           and any(texts(table.grid[header]))
           and texts(table.grid[header]) == texts(previous.grid[header])):
        header += 1
    for r in range(header):
        table.grid[r] = [(cell[0], True) if cell else None for cell in table.grid[r]]
    if header >= len(table.grid) or not previous.grid:
        return
    first, last = table.grid[header], previous.grid[-1]
    for c, cell in enumerate(first):
        middle = (table.columns[c] + table.columns[c + 1]) / 2
        above = next((last[p] for p in range(len(last))
                      if previous.columns[p] <= middle <= previous.columns[p + 1]), None)
        if cell is not None and not cell[0] and above and above[0] and not is_number(above[0]):
            first[c] = (above[0], True)


def emit(blocks: list[Block], ocr: bool = False, first_row: int = 0) -> list[Cell]:
    """The cells of ``blocks`` in order, one row number per grid row or text line (a
    recognised picture's rows renumbered to follow on)."""
    cells: list[Cell] = []
    row = first_row
    for block in blocks:
        if isinstance(block, Recognised):
            rows = {old: row + number for number, old in
                    enumerate(sorted({cell.row for cell in block.cells}))}
            cells += [replace(cell, row=rows[cell.row]) for cell in block.cells]
            row += len(rows)
        elif isinstance(block, Table):
            for grid_row in block.grid:
                cells.extend(Cell(text, row, in_table=True, copy=copy, ocr=ocr)
                             for text, copy in filter(None, grid_row) if text)
                row += 1
        else:
            for texts, in_table in zip(block.rows, block.in_table, strict=True):
                cells.extend(Cell(text, row, in_table=in_table, ocr=ocr) for text in texts if text)
                row += 1
    return cells
