"""Recognise a government information disclosure annual report from what a crawl sees of it,
and from what the parser reads of a document (:func:`is_annual_report`).

Plain functions over plain strings: a link text, a page title, the standard ``<meta>`` block
(the title and date metas the cleaner reads too, :mod:`harvester.parse.article`;
``ContentSource``, ``ColumnType``), the breadcrumb and the first sentences of the body (where a
report states the period it covers). Nothing here reads a report's tables; that is the
pipelines' job.

Titles are compared *compacted* (:func:`harvester.parse.vocabulary.compact`: NFKC, no whitespace),
so ``２０２１年度`` and ``2021 年度`` read the same, and a title split over two lines is whole.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from harvester.parse.article import TITLE_METAS, first_meta, meta_published
from harvester.parse.dates import (
    TITLE_YEAR,
    digit_years,
    half_width,
    iso_date,
    period_year,
    published_in,
    title_year,
)
from harvester.parse.vocabulary import (
    DISCLOSURE_NAME,
    LOOK_ALIKE_WORDS,
    METADATA_LINE_CHROME,
    REPORT_KINDS,
    REPORT_NAME,
    SOURCE_LABEL,
    compact,
)

_REPORT = re.compile(REPORT_NAME)
_LOOK_ALIKE = re.compile("|".join(LOOK_ALIKE_WORDS))
_DISCLOSURE = re.compile(DISCLOSURE_NAME)
_ARTICLE_50 = re.compile(r"第五十条")
_DISCLOSURE_OR_KIND = re.compile("|".join((DISCLOSURE_NAME, *REPORT_KINDS)))

# Where a document names itself: its title and first paragraphs.
OPENING_TEXT_CHARS = 3000
_AGENCY_TAIL = re.compile(r"(?:关于|的|:|：|-|—|_)+$")
_AGENCY_HEAD = re.compile(r"^(?:关于)+")
_BRACKETED = re.compile(r"^\((.+)\)$")
# What a portal or a converter adds to a title: Markdown marks, (转载), 【转发】.
_TITLE_DECORATION = re.compile(r"^[#*]+|\((?:转载|转发|转|原创|来源[^)]*)\)")
_SOURCE_LABEL = re.compile(rf"{SOURCE_LABEL}\s*[:：]\s*([^\s:：]{{2,40}})")
_LINE_CHROME = re.compile("|".join(METADATA_LINE_CHROME))


@dataclass
class Recognition:
    """What the crawl could tell about one page or link.

    ``is_report`` is the verdict; ``reason`` says why a page is not one. ``year`` is the year
    the report covers; when the title and the body disagree the body's stated period wins and
    the disagreement is in ``checks`` (shape of the project's checks).
    """

    is_report: bool
    title: str | None = None
    year: int | None = None
    agency: str | None = None
    published: str | None = None
    reason: str | None = None
    checks: list[dict] = field(default_factory=list)


def is_report_title(text: str) -> bool:
    """Whether a title or link text reads as a disclosure annual report, look-alikes
    (notices, guides, catalogues, 解读, other annual reports) excluded."""
    plain = compact(text or "")
    return bool(_REPORT.search(plain)) and not _LOOK_ALIKE.search(plain)


def is_annual_report(title: str | None, text: str) -> bool:
    """Whether a document the parser reads is a disclosure annual report at all (not a 统计年报,
    a 政务公开工作要点 or a 信息公开指南).

    A title is judged as the crawl judges one (:func:`is_report_title`), and a look-alike
    title settles it. The parser cannot
    rely on a title alone: a scan, a table-only page or a Word file may have none, or only a
    first line that is not one. So a document is also a report when its opening text names one
    (the same phrases, whitespace ignored); look-alike words do not count against the text, where
    a report's own sentences cite the 通知 and 意见 it answers. Without the name, the opening
    may still say what only a report says: 《条例》第五十条, which requires it, or the statistics
    period of its figures, beside 政府信息公开.
    """
    if is_report_title(title or ""):
        return True
    if is_look_alike(title or ""):
        return False  # a notice about the reports, a news item: its text names them too
    opening = "".join(half_width(text[:OPENING_TEXT_CHARS]).split())
    if _REPORT.search(opening):
        return True
    # What only a report says of itself: the article of the regulation that requires it, or
    # the statistics period of its disclosure figures.
    return bool(_DISCLOSURE.search(opening)) and bool(
        _ARTICLE_50.search(opening) or period_year(opening))


def is_look_alike(text: str) -> bool:
    """Whether a title names something that only resembles a report (a notice about the
    reports, a guide, a 解读…), so a crawl need not even fetch it."""
    return bool(_LOOK_ALIKE.search(compact(text or "")))


def agency_in_title(text: str) -> str | None:
    """The agency a title names, as written: the words before the year
    (``区教育局2022年…`` → ``区教育局``) or between the year and the report phrase
    (``2021年度东昌区教育局政府信息公开…`` → ``东昌区教育局``). None when the title names none
    (``2021年度政府信息公开工作报告``)."""
    plain = _TITLE_DECORATION.sub("", compact(digit_years(text or "")))
    match = TITLE_YEAR.search(plain)
    if match and match.group(1):
        head = _AGENCY_TAIL.sub("", _AGENCY_HEAD.sub("", plain[: match.start()]))
        head = _BRACKETED.sub(r"\1", head)
        if len(head) >= 2:
            return head
        rest = re.sub(r"^(?:年度|年|度)", "", plain[match.end():])
        phrase = _DISCLOSURE_OR_KIND.search(rest)
        if phrase:
            middle = _AGENCY_TAIL.sub("", rest[: phrase.start()])
            if len(middle) >= 2:
                return middle
        return None
    phrase = _DISCLOSURE.search(plain)
    if phrase:
        head = _AGENCY_TAIL.sub("", _AGENCY_HEAD.sub("", plain[: phrase.start()]))
        return head if len(head) >= 2 else None
    return None


def source_in(line: str) -> str | None:
    """The publishing unit of a visible metadata line (``来源:五常市人民政府``)."""
    match = _SOURCE_LABEL.search(compact(line or ""))
    if not match:
        return None
    source = _LINE_CHROME.split(match.group(1))[0]
    return source or None


def recognize(
    title: str | None = None,
    *,
    link_text: str | None = None,
    metas: Mapping[str, str] | None = None,
    breadcrumb: str | None = None,
    lead: str | None = None,
    listing_date: str | None = None,
    today: datetime.date | None = None,
) -> Recognition:
    """Decide whether a page is an annual report and read its year, agency and date.

    ``title`` is the page's visible title (or ``<title>``), ``link_text`` what the listing
    showed (its ``title=`` attribute when it has one), ``metas`` the page's standard meta
    block, ``breadcrumb`` the 当前位置 line, ``lead`` the first few hundred characters of the
    body text and the visible metadata line, ``listing_date`` the date the list showed.
    """
    metas = metas or {}
    candidates = [t for t in (first_meta(metas, TITLE_METAS), title, link_text)
                  if t and t.strip()]
    report_titles = [t for t in candidates if is_report_title(t)]
    column_says_report = any(kind in (metas.get("ColumnType") or "") for kind in REPORT_KINDS)
    if not report_titles:
        if any(is_look_alike(t) for t in candidates):
            return Recognition(False, candidates[0] if candidates else None,
                               reason="look-alike")
        if not (column_says_report and candidates and title_year(candidates[0], today)):
            return Recognition(False, candidates[0] if candidates else None,
                               reason="not a report title")
        report_titles = candidates
    chosen = report_titles[0]
    checks: list[dict] = []
    years = [y for y in (title_year(t, today) for t in report_titles) if y]
    year = years[0] if years else None
    if year is None and breadcrumb:
        year = title_year(breadcrumb, today)
    covered = period_year(lead or "", today)
    if covered and year and covered != year:
        checks.append({"check": "year_conflict", "severity": "warning", "where": "year",
                       "message": f"title says {year}, body covers {covered}"})
        year = covered
    year = year or covered
    if year is None:
        return Recognition(False, chosen, reason="no year")
    agency = next((a for a in (agency_in_title(t) for t in report_titles) if a), None)
    if agency is None:
        agency = metas.get("ContentSource") or source_in(lead or "") or None
    published = (meta_published(metas) or published_in(lead or "")
                 or iso_date(listing_date or ""))
    return Recognition(True, chosen.strip(), year, agency, published, checks=checks)
