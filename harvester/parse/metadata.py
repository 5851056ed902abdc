"""A report's metadata: title, agency, year and publication date.

Titles omit the agency (seed 001: ``2021年度政府信息公开工作报告``), break over two lines
(seed 004), put the year first (seed 002) or carry the wrong year. So each value is looked for in
several places, in order of trust, and a disagreement between them is recorded.
"""

from __future__ import annotations

import re
from collections import Counter

from harvester.checks import check
from harvester.parse.dates import (
    YEAR,
    parse_date,
    period_year,
    plausible_year,
    published_in,
    title_year,
    year_value,
)
from harvester.parse.document import Document
from harvester.parse.recognize import agency_in_title, is_report_title, source_in
from harvester.parse.vocabulary import AGENCY_LEAD_INS, AGENCY_SUFFIX, REPORT_TITLE_WORDS

_NAME_CHARS = r"[\u4e00-\u9fff（）()]"
_YEAR_WORD = re.compile(rf"{YEAR}\s*年")
# Matched against the text just before a year: the agency ends where the year begins.
_AGENCY_ENDING = re.compile(rf"(?P<agency>{_NAME_CHARS}{{2,40}}?{AGENCY_SUFFIX})\s*$")
_AGENCY_REACH = 48
# A body named with its place in prose: 会昌县文化广电新闻出版旅游局. Only endings of two
# characters or more, and 局: a one-character ending (乡, 会, 所) also ends words inside names
# (住房和城乡建设局).
_PLACE_AGENCY = re.compile(
    r"(?P<agency>[\u4e00-\u9fff]{1,8}?(?:省|市|县|区|旗|州|盟)[\u4e00-\u9fff]{1,16}?"
    r"(?:人民政府办公室|人民政府|办公室|委员会|街道办事处|局|中心))")
OPENING_PROSE_CHARS = 1500
# The subject of a report's first sentence: 2022年，抚远市自然资源局不断强化…
_SUBJECT_AFTER_YEAR = re.compile(rf"{YEAR}\s*年度?\s*[,，]\s*{_PLACE_AGENCY.pattern}")
_UNIT_LINE = re.compile(
    rf"(?:填报|报送|编制|发布|制表)单位(?:名称)?\s*[:：]\s*"
    rf"(?P<unit>{_NAME_CHARS}{{2,40}}?{AGENCY_SUFFIX})(?!{_NAME_CHARS})")
_AGENCY_ALONE = re.compile(rf"^{_NAME_CHARS}{{2,40}}{AGENCY_SUFFIX}$")
_LEAD_IN = re.compile(rf"^.*(?:{'|'.join(AGENCY_LEAD_INS)})")
_TITLE_WORDS = re.compile("|".join(REPORT_TITLE_WORDS))
_MARKDOWN_HEADING = re.compile(r"^\s*#+\s*")
_YEAR_IN_TEXT = re.compile(rf"({YEAR})\s*年")
OPENING_CELLS = 8
TITLE_CELLS = 24  # a saved page may open with a dozen lines of chrome before the title
_BREADCRUMB = re.compile(r">|＞|»|当前位置|所在位置")
SIGNATURE_CELLS = 6
OPENING_SENTENCE_CHARS = 160
OPENING_TEXT_CHARS = 4000


def find_title(document: Document) -> str | None:
    """The title from format metadata, else the short line of the opening that names a report,
    one that names its year first (a portal's chrome names its report column too).

    A title broken over two lines (``…2021年度政府`` / ``信息公开工作报告``) is joined, and so is
    an agency printed on the line above it. A breadcrumb (首页 > … > 年报) is no title.
    """
    if document.title and _TITLE_WORDS.search(document.title):
        return document.title
    opening = [_MARKDOWN_HEADING.sub("", c.text).strip() for c in document.cells[:TITLE_CELLS]
               if not c.in_table and not c.copy]
    candidates = []
    for index, text in enumerate(opening):
        if len(text) > 80 or not _TITLE_WORDS.search(text) or _BREADCRUMB.search(text):
            continue
        before = opening[index - 1] if index else ""
        if len(before + text) <= 80 and (
                (_YEAR_IN_TEXT.search(before) and not _YEAR_IN_TEXT.search(text))
                or _AGENCY_ALONE.match(re.sub(r"\s+", "", before))):
            # The title's first line ended early, or named the agency on a line of its own.
            text = before + text
        candidates.append(text)
    named = [text for text in candidates if is_report_title(text)]
    dated = [text for text in named if title_year(text)]
    return (dated or named or candidates or [document.title])[0]


def _clean_agency(candidate: str) -> str | None:
    candidate = _LEAD_IN.sub("", candidate)
    candidate = re.sub(r"^(?:本|我)", "", candidate)
    if len(candidate) < 2 or not re.search(f"{AGENCY_SUFFIX}$", candidate) \
            or re.fullmatch(AGENCY_SUFFIX, candidate):
        return None
    return candidate


def find_agency(title: str | None, document: Document) -> str | None:
    """The agency: named in the title (as :func:`~harvester.parse.recognize.agency_in_title`
    reads a title for the crawl, before or after the year), before the year in an opening
    sentence, else the signature line at the end; None when the document never names it."""
    # An agency named in an opening sentence is named near its start.
    titled = agency_in_title(title) if title else None
    if titled and _clean_agency(titled):
        return titled
    opening = [c.text[:OPENING_SENTENCE_CHARS] for c in document.cells[:OPENING_CELLS]
               if not c.copy]
    for text in ([title] if title else []) + opening:
        for year in _YEAR_WORD.finditer(text):
            match = _AGENCY_ENDING.search(text, max(0, year.start() - _AGENCY_REACH),
                                          year.start())
            agency = _clean_agency(match["agency"]) if match else None
            if agency:
                return agency
    edges = document.cells[:TITLE_CELLS] + document.cells[-SIGNATURE_CELLS:]
    sources = [document.source] + [source_in(c.text) or _unit_in(c.text) for c in edges]
    for source in sources:
        if source and _AGENCY_ALONE.match(source):
            return source
    closing = [c.text.strip() for c in document.cells[-SIGNATURE_CELLS:] if not c.copy]
    for text in reversed(closing):
        compacted = re.sub(r"\s+", "", text)
        if _AGENCY_ALONE.match(compacted):
            return compacted
    opening_prose = document.text[:OPENING_PROSE_CHARS]
    subject = _SUBJECT_AFTER_YEAR.search(opening_prose)
    return subject["agency"] if subject else _named_most(opening_prose)


def _unit_in(text: str) -> str | None:
    """The body a form's unit line names: 填报单位：沭阳县发展和改革局."""
    match = _UNIT_LINE.search(text)
    return match["unit"] if match else None


def _named_most(text: str) -> str | None:
    """The body a report's opening prose names most, when it names one place's body at least
    twice and more often than any other (会昌县文化广电新闻出版旅游局结合…,
    会昌县文化广电新闻出版旅游局通过…): the reporting agency of a report whose title, first
    lines and signature do not name it."""
    counts = Counter(match["agency"] for match in _PLACE_AGENCY.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def find_year(title: str | None, document: Document) -> tuple[int | None, list[dict]]:
    """The report year: from the statistics period, the title, or the body, in that order of
    trust. When period and title disagree, the period wins and the conflict is a check."""
    text = document.text[:OPENING_TEXT_CHARS]  # the period is stated before the tables
    covered = period_year(text)
    titled = title_year(title) if title else None
    checks = []
    if covered and titled and covered != titled:
        checks.append(check(
            "year_conflict", "warning", "year",
            f"the title says {titled} but the statistics period is {covered}; "
            f"{covered} was taken"))
    year = covered or titled
    if year is None:
        for match in _YEAR_IN_TEXT.finditer(text[:OPENING_TEXT_CHARS // 2]):
            if plausible_year(year_value(match.group(1))):
                year = year_value(match.group(1))
                break
    return year, checks


def find_published(document: Document) -> str | None:
    """The publication date as an ISO date, from format metadata or a 发布日期 line."""
    if document.published and (published := parse_date(document.published)):
        return published
    for cell in document.cells[:OPENING_CELLS * 2]:
        if published := published_in(cell.text):
            return published
    return None
