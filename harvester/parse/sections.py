"""Splitting a report's cell stream into its six sections.

A section starts at its header: an enumerator (``二、``, ``6、``, ``四.``) followed by the
section's key words, in a short cell, or a table caption (``表二：主动公开政府信息情况``); a
Markdown heading's ``#`` marks are no part of it. Row labels inside the tables also start with
enumerators (``三、本年度办理结果``, ``四、结转下年度继续办理``) but never carry a section's key
words. A section follows the ones before it, so a stray enumerated line in the prose of a later
section does not reopen an earlier one that holds its table. A section met again before it
holds any number may start over: Shanghai's reports tell their six parts in prose, then
append the tables under headings of their own (``一、主动公开政府信息情况`` after 六).
"""

from __future__ import annotations

import re
from functools import lru_cache

from harvester.parse.document import Cell
from harvester.parse.numbers import is_number
from harvester.parse.vocabulary import SECTION_HEADING_WORDS, SECTION_LABELS, compact

SECTION_ORDER = tuple(SECTION_LABELS)  # overview ... other_matters
_NUMERAL = r"[一二三四五六七八九十]{1,2}"
_ENUMERATOR = rf"(?:{_NUMERAL}|\d{{1,2}}|\({_NUMERAL}\))[、.．,，:：]?"
_HEADERS = {
    key: re.compile(rf"^(?:{_ENUMERATOR})(?:.{{0,12}}?)(?:{words})")
    for key, words in SECTION_HEADING_WORDS.items()
}
_UNNUMBERED_TITLES = {compact(label).split("、", 1)[-1]: key
                      for key, label in SECTION_LABELS.items()}
MAX_HEADER_LENGTH = 40
# Markdown heading marks and emphasis, a table caption's 表N.
_DECORATED_STARTS = frozenset("#*>表")
_DECORATION = re.compile(r"^[#*>\s]+|^表[一二三四五六1-6][:：、.]?|[*]+$")


_ENUMERATOR_STARTS = frozenset("一二三四五六七八九十0123456789０１２３４５６７８９(")


@lru_cache(maxsize=16384)
def section_of_header(text: str) -> str | None:
    """The section a cell opens, if it is a section header. Cached: every report repeats the
    template's row labels, which start with enumerators too."""
    # Most cells are numbers or prose: spare them the patterns.
    if not 4 <= len(text) <= 2 * MAX_HEADER_LENGTH:
        return None
    compacted = compact(text)
    if compacted[:1] in _DECORATED_STARTS or compacted[-1:] == "*":
        compacted = _DECORATION.sub("", compacted)
    if len(compacted) > MAX_HEADER_LENGTH:
        return None
    if compacted[:1] not in _ENUMERATOR_STARTS:
        return _UNNUMBERED_TITLES.get(compacted)
    for key, pattern in _HEADERS.items():
        if pattern.match(compacted):
            return key
    return _UNNUMBERED_TITLES.get(compacted)


def split_sections(cells: list[Cell]) -> dict[str, list[Cell]]:
    """Cells grouped by section; cells before the first header go under ``preamble``.

    A section whose header is missing is absent from the result; its cells stay in the section
    before it, where the parser may still recover them (a lost review/litigation header).
    """
    sections: dict[str, list[Cell]] = {"preamble": []}
    current = "preamble"
    for cell in cells:
        if not cell.copy:
            key = section_of_header(cell.text)
            if key and (_comes_after(key, current) or _holds_no_number(sections.get(key))):
                current = key
                sections[current] = []
                continue
        sections[current].append(cell)
    return sections


def _holds_no_number(cells: list[Cell] | None) -> bool:
    """Whether a section met before holds prose only (or was never opened)."""
    return cells is None or not any(is_number(cell.text) for cell in cells)


def _comes_after(key: str, current: str) -> bool:
    if current == "preamble":
        return True
    return SECTION_ORDER.index(key) > SECTION_ORDER.index(current)
