"""HTML reports: article pages of every CMS family, and Word content pasted into them.

The reader finds the article body (the CMS body containers of docs/portals.md, else ``<body>``),
turns paragraphs into cells of their own row and tables into a grid: ``rowspan`` and
``colspan`` are expanded so every grid row is complete, the repeated cells marked as copies.
Inline markup inside a cell (``<span>`` splitting digits, ``<o:p>``, ``<st1:chsdate>``,
``<br>`` breaking a label) is joined without spaces, so ``结果<br>纠正`` reads ``结果纠正``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import lxml.etree

from harvester.checks import check
from harvester.parse import article
from harvester.parse.article import normalise_space
from harvester.parse.document import Cell, Document
from harvester.parse.markup import affordable
from harvester.parse.readers.encoding import declared_charset, decode

_PARSER = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "blockquote", "pre", "center", "title",
    "address", "form", "nav", "aside", "hr", "body", "html",
})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "head", "iframe", "object", "template",
                           "select", "button"})
_GKMLPT_DETAIL = re.compile(r"_CONFIG\.DETAIL\s*=\s*")
_IMAGES = lxml.etree.XPath("descendant-or-self::img[@src]")
# A hostile colspan="100000" must not blow the grid up.
MAX_SPAN = 64


def read(data: bytes, name: str | None = None) -> Document:
    text, _, checks = decode(data, declared_charset(data))
    return read_text(text, checks)


def read_text(text: str, checks: list[dict] | None = None) -> Document:
    text, capped = affordable(text)
    checks = [*(checks or []), *capped]
    # Bytes with a fixed encoding: the text is already decoded, whatever the page declares.
    root = lxml.etree.fromstring(text.encode("utf-8", errors="replace") or b"<html/>", _PARSER)
    if root is None:
        return Document(cells=[], format="html", checks=[*checks, check(
            "unreadable", "error", "document", "not parseable as HTML")])
    title, published = article.article_title(root), article.article_published(root)
    detail = gkmlpt_detail(text)
    body = None
    if detail:
        detail, capped = affordable(detail)
        checks += capped
        body = lxml.etree.fromstring(detail.encode("utf-8"), _PARSER)
    content = _article_body(root) if body is None else body
    builder = _CellBuilder()
    builder.walk(content)
    builder.flush()
    return Document(cells=builder.cells, title=title, published=published, format="html",
                    checks=checks, images=len(_IMAGES(content)),
                    source=(article.metas(root).get("ContentSource") or "").strip() or None)


def gkmlpt_detail(markup: str) -> str | None:
    """The body HTML a Guangdong gkmlpt page carries in ``window._CONFIG.DETAIL = {"content":
    …}`` (escaped JSON, rendered by the browser; docs/portals.md section 3), if any."""
    found = _GKMLPT_DETAIL.search(markup)
    if not found:
        return None
    try:
        detail, _ = json.JSONDecoder().raw_decode(markup, found.end())
    except json.JSONDecodeError:
        return None
    content = detail.get("content") if isinstance(detail, dict) else None
    return content if isinstance(content, str) and content.strip() else None


def _article_body(root: lxml.etree._Element) -> lxml.etree._Element:
    found = article.body_container(root)
    if found:
        return found[1]
    body = root.find("body")
    return body if body is not None else root


def cell_text(element: lxml.etree._Element) -> str:
    """The text of a table cell: inline pieces joined without spaces, whitespace collapsed."""
    return normalise_space(lxml.etree.tostring(element, method="text", encoding="unicode",
                                               with_tail=False))


class _CellBuilder:
    """Walks an element tree, emitting paragraph cells and table grid cells in reading order."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.row = 0
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = normalise_space("".join(self.buffer))
        self.buffer = []
        if text:
            self.cells.append(Cell(text, self.row))
            self.row += 1

    def walk(self, element: lxml.etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED_TAGS:
            self._tail(element)
            return
        if tag == "table":
            self.flush()
            self.table(element)
            self._tail(element)
            return
        if tag == "br":
            self.flush()
            self._tail(element)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        if tag and element.text:
            self.buffer.append(element.text)
        for child in element:
            self.walk(child)
        if block:
            self.flush()
        self._tail(element)

    def _tail(self, element: lxml.etree._Element) -> None:
        if element.tail:
            self.buffer.append(element.tail)

    def table(self, table: lxml.etree._Element) -> None:
        carried: dict[int, tuple[int, str]] = {}
        for tr in table.iter("tr"):
            parent = tr.getparent()
            if parent is not table and parent.getparent() is not table:
                continue  # a row of a table nested in a cell: read with that cell's text
            self.cells += expand_row(tr.iterchildren("td", "th"), carried, self.row)
            self.row += 1


def expand_row(cells: Iterable[lxml.etree._Element], carried: dict[int, tuple[int, str]],
               row: int) -> list[Cell]:
    """The cells of one complete grid row, spanned copies included.

    A blank cell is kept (its text empty): it holds a column, and an absent value. Copies of a
    blank span are left out.

    ``carried`` maps a column to the (rows still covered, text) of a cell spanning down from an
    earlier row; it is updated for the rows below.
    """
    grid_row: list[Cell] = []
    column = 0
    for cell in cells:
        while carried and column in carried:
            grid_row.append(_carry(carried, column, row))
            column += 1
        text = cell_text(cell)
        colspan, rowspan = cell.get("colspan"), cell.get("rowspan")
        if colspan is None and rowspan is None:  # the common case
            grid_row.append(Cell(text, row, True))
            column += 1
            continue
        colspan, rowspan = _span(colspan), _span(rowspan)
        for offset in range(colspan):
            grid_row.append(Cell(text, row, True, offset > 0))
            if rowspan > 1:
                carried[column + offset] = (rowspan - 1, text)
        column += colspan
    for trailing in sorted(c for c in carried if c >= column):
        grid_row.append(_carry(carried, trailing, row))
    return [cell for cell in grid_row if cell.text or not cell.copy]


def _carry(carried: dict[int, tuple[int, str]], column: int, row: int) -> Cell:
    """The copy of a cell spanning down into this row at ``column``."""
    left, text = carried.pop(column)
    if left > 1:
        carried[column] = (left - 1, text)
    return Cell(text, row, True, True)


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return min(max(int(value or 1), 1), MAX_SPAN)
    except ValueError:
        return 1
