"""Years and dates as reports and portals print them: the year a title names, the period a
report covers, the date a page was published.

Years are printed in digits (``2021``, full-width ``２０２１``) or in Chinese numerals
(``二〇二一``, ``二○二一``, and ``二Ｏ二一`` with a full-width letter O for the zero). A report
can only be about a year from the regulation's first (:data:`FIRST_YEAR`) to this one.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from harvester.parse.vocabulary import PERIOD_PHRASES, PUBLISHED_LABELS, TITLE_YEAR_WORDS, compact

FIRST_YEAR = 2008  # the 政府信息公开条例 took effect on 2008-05-01

_CJK_DIGITS = str.maketrans("〇○零Ｏ一二三四五六七八九", "0000123456789")
_CJK_YEAR = r"[〇○零Ｏ一二三四五六七八九]{4}"
# A year in digits or in Chinese numerals, for patterns that read it with year_value().
YEAR = rf"(?:(?:19|20)\d{{2}}|{_CJK_YEAR})"
_CJK_YEAR_WORD = re.compile(rf"{_CJK_YEAR}(?=年)")
# The full-width forms of what a date or a year is written with: digits and separators. NFKC
# maps them to ASCII too, but it also rewrites every full-width comma and bracket of a page, at
# ten times the cost; of all it changes, dates read only these.
_FULL_WIDTH_DATE = re.compile("[\uff10-\uff19\uff0d\uff0e\uff0f\uff5e]")

# A year as a report title states it: 2021年度, 2021年报, ``…年度报告（2021年）``. Not a date:
# 2021年1月, 2021-01-06, 2021.01. Read in compacted text, Chinese numerals turned to digits.
TITLE_YEAR = re.compile(
    rf"(?<![\d(])((?:19|20)\d\d)(?!\d)(?={TITLE_YEAR_WORDS})"
    r"|(?<=\()((?:19|20)\d\d)(?=(?:年度?)?\))")
# The period a report covers, as its first sentences state it; read in text without
# whitespace, where a Word paste's <span>20</span><span>23</span> reads 2023.
_PERIOD = tuple(re.compile(phrase) for phrase in PERIOD_PHRASES)
_YEAR_MONTH_DAY = r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_DATE = re.compile(_YEAR_MONTH_DAY)
_PUBLISHED_LINE = re.compile(
    rf"(?:{'|'.join(PUBLISHED_LABELS)})\s*[:：]\s*{_YEAR_MONTH_DAY}")


def year_value(text: str) -> int:
    """The year a match of :data:`YEAR` stands for."""
    return int(text.translate(_CJK_DIGITS))


def plausible_year(year: int, today: datetime.date | None = None) -> bool:
    """Whether a report can be about ``year``: not before the regulation, not in the future."""
    return FIRST_YEAR <= year <= (today or datetime.date.today()).year


def half_width(text: str) -> str:
    """Text with its full-width digits and date separators (２０２１－０１－０６) in ASCII."""
    if not _FULL_WIDTH_DATE.search(text):
        return text
    return _FULL_WIDTH_DATE.sub(lambda match: chr(ord(match.group(0)) - 0xFEE0), text)


def digit_years(text: str) -> str:
    """Text with each year in Chinese numerals (``二〇二一年``) in digits (``2021年``)."""
    return _CJK_YEAR_WORD.sub(lambda match: match.group(0).translate(_CJK_DIGITS), text)


def title_year(text: str, today: datetime.date | None = None) -> int | None:
    """The report year a title states: ``2021年度``, ``2021年``, ``二〇二一年``, full-width
    digits, the typo ``2022度``, ``2021 政府信息公开…``, ``…年度报告（2021年）``; a date
    (``2021年1月``, ``2023-01-06``) is not a year. Years a report cannot be about are
    ignored."""
    if not text:
        return None
    for match in TITLE_YEAR.finditer(compact(digit_years(text))):
        year = int(match.group(1) or match.group(2))
        if plausible_year(year, today):
            return year
    return None


def period_year(text: str, today: datetime.date | None = None) -> int | None:
    """The year a report says it covers, from its first sentences: ``统计期限为2023年1月1日至…``,
    ``自2009年1月1日起至…``, ``截止日期为2021年12月31日``, ``2022-01-01至…``. Seed damage such
    as ``截止日期为20211月31日`` (digits lost) yields nothing rather than a guess."""
    plain = "".join(half_width(digit_years(text or "")).split())
    for pattern in _PERIOD:
        match = pattern.search(plain)
        if match and plausible_year(int(match.group(1)), today):
            return int(match.group(1))
    return None


def _iso(match: re.Match[str]) -> str | None:
    try:
        return datetime.date(*(int(part) for part in match.groups()[-3:])).isoformat()
    except ValueError:
        return None


def iso_date(text: str) -> str | None:
    """The first date in text as ISO ``YYYY-MM-DD`` (``2021-02-25 10:00``, ``2021年2月25日``,
    ``2021.2.25``), or None, also when that date does not exist (``2021-02-30``)."""
    match = _DATE.search(unicodedata.normalize("NFKC", text or ""))
    return _iso(match) if match else None


def parse_date(text: str) -> str | None:
    """An ISO date from the date forms portals print; dateparser for the less regular ones."""
    match = _DATE.search(unicodedata.normalize("NFKC", text))
    if match:
        return _iso(match)
    import dateparser  # slow to import, and rarely needed

    parsed = dateparser.parse(text, languages=["zh", "en"],
                              settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


def published_in(text: str) -> str | None:
    """The publication date a visible metadata line states: ``发布日期:2021-02-25 点击数:``,
    ``日期:2023-01-11 来源:…``, ``发表日期：2026年1月26日 文章来源:…``."""
    match = _PUBLISHED_LINE.search(half_width(text or ""))
    return _iso(match) if match else None
