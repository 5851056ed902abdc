"""Reading the three statistical tables out of a section's cells.

Real reports lose their table structure in every possible way (one cell per line, tabs, pipes,
merged cells, labels broken over lines), but they keep the *order*: a row label, then that
row's numbers. So a section is read as a sequence of :class:`RowGroup` — the label cells seen
since the last number, then the numbers that follow — and each group's label is matched
against the template's rows. Numbers are never assigned to a row by guessing: a group whose
count does not fit its row is left out with a check, except the two recoveries
``docs/report-format.md`` allows (a stray extra cell, and a review/litigation block whose header was
lost), which are resolved by the template's own identities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from harvester.checks import check
from harvester.parse import identities
from harvester.parse.document import Cell
from harvester.parse.numbers import parse_number
from harvester.parse.vocabulary import (
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    DECIMAL_FIELDS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    TEMPLATE_MARKERS,
    Row,
    compact,
)

Number = int | float
ROWS = {"active_disclosure": ACTIVE_ROWS, "applications": APPLICATION_ROWS}
REVIEW_SIZE = len(REVIEW_GROUPS) * len(REVIEW_FIELDS)


@dataclass
class RowGroup:
    label: str  # compacted label cells, in order
    numbers: list[Number] = field(default_factory=list)


def row_groups(cells: Iterable[Cell]) -> list[RowGroup]:
    """Label-then-numbers groups, in document order.

    Copies made by merged-cell expansion count as labels (they give context, such as
    ``（三）不予公开`` before ``1.属于国家秘密``) but never as numbers.
    """
    groups: list[RowGroup] = []
    labels: list[str] = []
    for cell in cells:
        number = parse_number(cell.text)
        if number is None:
            labels.append(compact(cell.text))
            continue
        if cell.copy:
            continue
        if labels or not groups:
            groups.append(RowGroup("".join(labels)))
            labels = []
        groups[-1].numbers.append(number)
    return groups


def detect_template(labels: str) -> str | None:
    """``"2021"`` or ``"2019"`` from the table headers in ``labels`` (compacted text), or None
    if it has none."""
    scores = {template: sum(bool(re.search(marker, labels)) for marker in markers)
              for template, markers in TEMPLATE_MARKERS.items()}
    best = max(scores, key=lambda template: scores[template])
    return best if scores[best] else None


@lru_cache(maxsize=8192)
def match_row(label: str, section: str, template: str) -> Row | None:
    """The row whose label is printed last in ``label``.

    A group's label run also holds the header and merged-cell context printed before the row's
    own label, so the match that starts latest is the row's own. Cached: reports of one shape
    repeat the same label runs.
    """
    rows = ROWS[section][template]
    best: tuple[int, int] | None = None
    best_row = None
    for row in rows:
        for match in re.finditer(row.pattern, label):
            rank = (match.start(), match.end() - match.start())
            if best is None or rank > best:
                best, best_row = rank, row
    return best_row


@dataclass
class SectionResult:
    values: dict = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)
    leftover: list[Number] = field(default_factory=list)  # unlabelled numbers at the end


def _as_field_value(field_name: str, number: Number) -> Number:
    return float(number) if field_name in DECIMAL_FIELDS else number


def _labelled_rows(section: str, groups: list[RowGroup], template: str,
                   result: SectionResult) -> list[tuple[Row, list[Number]]]:
    found: list[tuple[Row, list[Number]]] = []
    seen: set[str] = set()
    for index, group in enumerate(groups):
        row = match_row(group.label, section, template)
        if row is None:
            if group.numbers and index == len(groups) - 1 and not group.label:
                result.leftover = group.numbers
            elif group.numbers:
                result.checks.append(check(
                    "unrecognised_row", "warning", section,
                    f"{len(group.numbers)} numbers under an unrecognised label "
                    f"{group.label[-40:]!r} were not read"))
            continue
        if row.key in seen:
            result.checks.append(check(
                "duplicate_row", "warning", f"{section}.{row.key}",
                "the row is printed twice; the first one was kept"))
            continue
        seen.add(row.key)
        numbers = group.numbers
        extra = len(numbers) - len(row.fields)
        if index == len(groups) - 1 and extra >= REVIEW_SIZE:
            # Numbers running on past the last row: a following table lost its header.
            numbers, result.leftover = numbers[:len(row.fields)], numbers[len(row.fields):]
        found.append((row, numbers))
    return found


def parse_active_disclosure(cells: list[Cell], template: str) -> SectionResult:
    """Section 二. Accepts both templates' tables in any of the layouts ``row_groups`` reads."""
    result = SectionResult()
    for row, numbers in _labelled_rows("active_disclosure", row_groups(cells), template,
                                       result):
        if len(numbers) != len(row.fields):
            result.checks.append(_count_check("active_disclosure", row, numbers))
            continue
        result.values[row.key] = {name: _as_field_value(name, number)
                                  for name, number in zip(row.fields, numbers, strict=True)}
    for row in ACTIVE_ROWS[template]:
        if row.key not in result.values and not _already_flagged(result, row.key):
            result.checks.append(check("missing_row", "warning", f"active_disclosure.{row.key}",
                                       f"the row {row.label} is not in the document"))
    return result


def parse_applications(cells: list[Cell], template: str) -> SectionResult:
    """Section 三: rows of seven numbers (six applicant columns and the total).

    A row with one number too many is resolved by the identities when exactly one reading
    satisfies them (seed 003's stray cell); that recovery is recorded.
    """
    result = SectionResult()
    rows = APPLICATION_ROWS[template]
    with_stray: list[tuple[Row, list[Number]]] = []
    for row, numbers in _labelled_rows("applications", row_groups(cells), template, result):
        if len(numbers) == len(APPLICANT_COLUMNS):
            result.values[row.key] = dict(zip(APPLICANT_COLUMNS, numbers, strict=True))
        elif len(numbers) == len(APPLICANT_COLUMNS) + 1:
            with_stray.append((row, numbers))
        else:
            result.checks.append(_count_check("applications", row, numbers))
    for row, numbers in with_stray:
        _recover_stray_cell(row, numbers, template, result)
    for row in rows:
        if row.key not in result.values and not _already_flagged(result, row.key):
            result.checks.append(check("missing_row", "warning", f"applications.{row.key}",
                                       f"the row {row.label} is not in the document"))
    return result


def _recover_stray_cell(row: Row, numbers: list[Number], template: str,
                        result: SectionResult) -> None:
    """Drop the one extra cell of a row if exactly one reading satisfies the identities."""
    readings = {tuple(numbers[:i] + numbers[i + 1:]) for i in range(len(numbers))}
    # Identities already broken without this row are not this row's doing.
    broken_before = identities.application_checks(result.values, template)
    fitting = []
    for reading in readings:
        trial = {**result.values, row.key: dict(zip(APPLICANT_COLUMNS, reading, strict=True))}
        if all(c in broken_before for c in identities.application_checks(trial, template)):
            fitting.append(reading)
    if len(fitting) == 1:
        result.values[row.key] = dict(zip(APPLICANT_COLUMNS, fitting[0], strict=True))
        result.checks.append(check(
            "recovered_extra_cell", "info", f"applications.{row.key}",
            f"the row has {len(numbers)} numbers {numbers}; dropping one stray cell is the only "
            f"reading that satisfies the identities: {list(fitting[0])}"))
    else:
        result.checks.append(check(
            "ambiguous_extra_cell", "warning", f"applications.{row.key}",
            f"the row has {len(numbers)} numbers {numbers} and {len(fitting)} readings "
            "satisfy the identities; the row was not read"))


def parse_review_litigation(numbers: list[Number]) -> SectionResult:
    """Section 四: fifteen numbers, three groups of five, in template order."""
    result = SectionResult()
    if len(numbers) == REVIEW_SIZE + 1:
        readings = {tuple(numbers[:i] + numbers[i + 1:]) for i in range(len(numbers))}
        fitting = [r for r in readings if not identities.review_checks(review_values(list(r)))]
        if len(fitting) == 1:
            result.checks.append(check(
                "recovered_extra_cell", "info", "review_litigation",
                f"16 numbers {numbers}; dropping one stray cell is the only reading that "
                "satisfies the identities"))
            numbers = list(fitting[0])
    if len(numbers) != REVIEW_SIZE:
        result.checks.append(check(
            "value_count", "warning", "review_litigation",
            f"expected {REVIEW_SIZE} numbers, found {len(numbers)}: {numbers}; not read"))
        return result
    result.values = review_values(numbers)
    return result


def review_values(numbers: list[Number]) -> dict[str, dict[str, Number]]:
    size = len(REVIEW_FIELDS)
    return {group: dict(zip(REVIEW_FIELDS, numbers[i * size:(i + 1) * size], strict=True))
            for i, group in enumerate(REVIEW_GROUPS)}


def section_numbers(cells: list[Cell]) -> list[Number]:
    """Every number of a section in order, merged-cell copies left out."""
    numbers = []
    for cell in cells:
        number = parse_number(cell.text)
        if number is not None and not cell.copy:
            numbers.append(number)
    return numbers


def _count_check(section: str, row: Row, numbers: list[Number]) -> dict:
    return check("value_count", "warning", f"{section}.{row.key}",
                 f"the row {row.label} should have {len(row.fields)} numbers, "
                 f"found {len(numbers)}: {numbers}; not read")


def _already_flagged(result: SectionResult, key: str) -> bool:
    return any(c["where"].endswith(f".{key}") for c in result.checks)
