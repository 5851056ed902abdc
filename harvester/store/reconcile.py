"""Copies of one agency-year: which one the database row keeps, and what the others are.

The same report reaches the harvester many times (district column and agency column, HTML and
PDF, two domains, next month's crawl), and reports get re-published with corrections. Among the
copies of one agency-year:

- two copies *conflict* when both state a value for the same key and the values differ (a value
  one copy lacks, a table printed as an image, is not a conflict);
- a copy is *superseded* when a conflicting copy is a later publication of it: a later
  published date, or the same URL fetched again later with other content. An attachment that
  states no date of its own (a PDF) is dated by the article page that links it;
- the row keeps the most complete copy that nobody supersedes; superseded versions go to the
  history; conflicting copies that nothing orders are a disagreement, recorded as a check.

A copy's numbers are its tables'; a report without tables (every report before 2019) is
compared by the figures its prose states.

Everything is decided from the whole set of copies, so the result does not depend on the order
in which a crawl found them; so are the checks that relate copies and neighbouring years
(:func:`relation_checks`, :func:`carried_checks`), which the database recomputes whenever an
agency-year changes. Pure functions, no database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

from harvester.checks import check
from harvester.parse.vocabulary import APPLICANT_COLUMNS, STATISTICAL_SECTIONS

ValueKey = tuple[str, str, str]


@dataclass(frozen=True)
class Copy:
    """One fetched document of an agency-year, with what its parse says."""

    document_id: int
    url: str
    fetched_at: str
    published: str | None
    report: dict = field(compare=False, hash=False)  # the report object of docs/report-format.md
    parent_url: str | None = None  # for an attachment: the article page that links it


@dataclass
class Reconciliation:
    chosen: Copy
    superseded: list[Copy]  # one copy per earlier version, the most complete of it
    disagreements: list[tuple[Copy, Copy, list[ValueKey]]]


def table_values(report: dict) -> dict[ValueKey, int | float]:
    """Every number of a report's tables, keyed (section, row or group, column or field)."""
    values: dict[ValueKey, int | float] = {}
    for section in STATISTICAL_SECTIONS:
        for row, fields in (report.get(section) or {}).items():
            for name, value in (fields or {}).items():
                if _is_number(value):
                    values[(section, row, name)] = value
    return values


def values_of(report: dict) -> dict[ValueKey, int | float]:
    """The numbers that make a report what it is: its tables' (:func:`table_values`); for a
    report without any (every report before 2019, a report whose tables are pictures) the
    figures its prose states, keyed ("narrative", key up to its last dot, last part), the first
    statement of each key. So copies of a legacy report that state other figures conflict, and
    a corrected re-publication of one supersedes the first."""
    values = table_values(report)
    if values:
        return values
    for figure in report.get("narrative") or ():
        key = figure.get("key") if isinstance(figure, dict) else None
        if isinstance(key, str) and "." in key and _is_number(figure.get("value")):
            row, _, name = key.rpartition(".")
            values.setdefault(("narrative", row, name), figure["value"])
    return values


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def values_digest(report: dict) -> str:
    """A short fingerprint of a report's numbers: equal numbers, equal digest."""
    ordered = sorted((list(key), value) for key, value in values_of(report).items())
    return hashlib.sha256(json.dumps(ordered).encode()).hexdigest()[:16]


def conflicts(a: dict, b: dict) -> list[ValueKey]:
    """The keys for which both reports state a value and the values differ."""
    va, vb = values_of(a), values_of(b)
    return sorted(key for key in va.keys() & vb.keys() if va[key] != vb[key])


def is_later_publication(a: Copy, b: Copy) -> bool:
    """Whether ``a`` was published after ``b``: a later date, or the same URL fetched later."""
    if a.published and b.published and a.published != b.published:
        return a.published > b.published
    return a.url == b.url and a.fetched_at > b.fetched_at


def error_count(report: dict) -> int:
    return sum(1 for c in report.get("checks", ()) if c.get("severity") == "error")


def completeness(copy: Copy) -> tuple:
    """How good a copy is for the row: more numbers, fewer errors, then a stable order."""
    return (len(values_of(copy.report)), -error_count(copy.report), copy.published or "",
            copy.url)


def dated_by_parents(copies: list[Copy]) -> list[Copy]:
    """The copies, an undated attachment taking the date of its article page among them."""
    dates = {copy.url: copy.published for copy in copies if copy.published}
    return [replace(copy, published=dates.get(copy.parent_url or ""))
            if not copy.published and copy.parent_url in dates else copy for copy in copies]


def reconcile(copies: list[Copy]) -> Reconciliation:
    """Choose the row's copy among the copies of one agency-year (at least one)."""
    copies = dated_by_parents(copies)
    superseded = [copy for copy in copies
                  if any(is_later_publication(other, copy) and conflicts(other.report, copy.report)
                         for other in copies if other is not copy)]
    current = [copy for copy in copies if copy not in superseded]
    chosen = max(current, key=completeness)
    versions: dict[str, Copy] = {}
    for copy in superseded:
        digest = values_digest(copy.report)
        if digest not in versions or completeness(copy) > completeness(versions[digest]):
            versions[digest] = copy
    disagreements = []
    for index, a in enumerate(current):
        for b in current[index + 1:]:
            keys = conflicts(a.report, b.report)
            if keys:
                disagreements.append((a, b, keys))
    return Reconciliation(chosen, sorted(versions.values(), key=lambda c: c.published or ""),
                          disagreements)


def relation_checks(result: Reconciliation) -> list[tuple[int, dict]]:
    """The checks that relate the copies of one agency-year, each with the id of the document
    it belongs to: a re-publication on the copy the row keeps, a disagreement on the second of
    the two copies in URL order, naming the first."""
    checks = []
    chosen = result.chosen
    for earlier in result.superseded:
        keys = conflicts(chosen.report, earlier.report)
        checks.append((chosen.document_id, check(
            "republished", "info", "document",
            f"re-publishes {earlier.url} ({earlier.published or 'undated'}) with {len(keys)} "
            f"changed numbers: {_where(keys)}")))
    for a, b, keys in result.disagreements:
        first, second = sorted((a, b), key=lambda copy: copy.url)
        checks.append((second.document_id, check(
            "copies_disagree", "warning", _where(keys),
            f"{first.url} is a copy of the same agency-year stating other numbers for "
            f"{len(keys)} values")))
    return checks


def carried_checks(earlier: dict, later: dict, year: int) -> list[dict]:
    """carried_forward of report ``year`` against carried_over of report ``year + 1``."""
    forward = (earlier.get("applications") or {}).get("carried_forward") or {}
    over = (later.get("applications") or {}).get("carried_over") or {}
    differ = [column for column in APPLICANT_COLUMNS
              if column in forward and column in over and forward[column] != over[column]]
    if not differ:
        return []
    detail = ", ".join(f"{c} {forward[c]}→{over[c]}" for c in differ)
    return [check("carried_over_mismatch", "warning", "applications.carried_over",
                  f"{year} carried forward is not {year + 1} carried over: {detail}")]


def _where(keys: list[ValueKey]) -> str:
    return ", ".join(".".join(key) for key in keys[:5]) + (" …" if len(keys) > 5 else "")
