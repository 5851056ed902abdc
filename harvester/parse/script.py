"""Reports in traditional script: pages a mirror site converted (政府資訊公開, 規範性檔案).

The template's words are matched in simplified script, so such a document is read through a
simplified copy of its cells: OpenCC's ``tw2sp`` converts the characters and the phrases the
conversion swapped as well (資訊 back to 信息, 檔案 back to 文件), which a table of characters
would not. The title and the agency stay as printed; only the reading is converted.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from harvester.parse.document import Document

# Characters frequent in reports that exist only in traditional script.
TRADITIONAL_MARKS = "開資訊報體區縣條規務關處許範檔遞與會議號應數據為時們這說過還際導"
# How many of them the opening must show: a simplified report shows none.
MIN_TRADITIONAL_MARKS = 5
SAMPLE_CHARS = 3000


def is_traditional(text: str) -> bool:
    sample = text[:SAMPLE_CHARS]
    return sum(sample.count(mark) for mark in TRADITIONAL_MARKS) >= MIN_TRADITIONAL_MARKS


@cache
def _converter():
    import opencc  # only a document in traditional script needs it

    return opencc.OpenCC("tw2sp")


def simplified(document: Document) -> Document | None:
    """A copy of ``document`` whose cells read in simplified script, or None when it is
    written in simplified script already."""
    if not is_traditional(document.text):
        return None
    convert = _converter().convert
    return replace(document, cells=[cell._replace(text=convert(cell.text))
                                    for cell in document.cells])


def printed(value: str | None, document: Document, reading: Document) -> str | None:
    """``value``, read from the simplified ``reading``, as ``document`` prints it: the same
    place of the cell it was read from, when the conversion kept that cell's length (it
    converts character for character but for a few phrases); else as read."""
    if not value:
        return value
    for original, converted in zip(document.cells, reading.cells, strict=True):
        at = converted.text.find(value)
        if at >= 0 and len(original.text) == len(converted.text):
            return original.text[at:at + len(value)]
    return value
