"""Reading the numbers of a report's table cells.

Cells print numbers in many ways: full-width digits (``１２``), padding (`` 3``, ``0 ``),
thousands separators (``40,355``), signs (``+170``, ``-5``, ``−5``), units (``28204万元``,
``3件``) and decimals (``2019.4359``). An empty cell is not a number: it is absent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NUMBER = re.compile(
    r"""^(?P<sign>[+\-])?
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)
        (?P<frac>\.\d+)?
        (?:万元|元|件|个|项|条|次|宗|人次|人)?$""",
    re.VERBOSE,
)
_MINUS = str.maketrans({"−": "-", "–": "-", "—": "-", "－": "-", "＋": "+"})
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def parse_number(text: str) -> int | float | None:
    """The number a cell states, or None when the cell is not a number (or empty).

    Integers come back as int, numbers with a decimal part as float. Whitespace anywhere in
    the cell is ignored, since Word exports pad digits and split them across spans. Cached:
    the same few cells ("0", "1") make up most of every table.
    """
    cleaned = _SPACES.sub("", unicodedata.normalize("NFKC", text).translate(_MINUS))
    match = _NUMBER.match(cleaned)
    if not match:
        return None
    digits = match["int"].replace(",", "")
    sign = -1 if match["sign"] == "-" else 1
    if match["frac"]:
        return sign * float(digits + match["frac"])
    return sign * int(digits)


class Yuan(float):
    """An amount a cell prints in 元 (``184719元``) where the template counts 万元: the parser
    converts it and says so."""


@lru_cache(maxsize=4096)
def in_yuan(text: str) -> bool:
    """Whether a number cell states its unit as 元, not 万元."""
    cleaned = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    return cleaned.endswith("元") and not cleaned.endswith("万元")


def is_number(text: str) -> bool:
    return parse_number(text) is not None
