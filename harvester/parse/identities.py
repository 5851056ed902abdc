"""The identities a correct report satisfies (``docs/report-format.md``), as checks.

Each function returns one error check per broken identity, and nothing for an identity it
cannot evaluate because a row or value it needs is absent: absence is reported elsewhere, and
an absent value is never taken as zero.
"""

from __future__ import annotations

from harvester.checks import check
from harvester.parse.vocabulary import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    OTHER_ROWS_2021,
    OUTCOME_ROWS,
    REVIEW_OUTCOMES,
)

Number = int | float


def _cell(values: dict, row: str, column: str) -> Number | None:
    return values.get(row, {}).get(column)


def application_checks(values: dict, template: str) -> list[dict]:
    """Identities 1-3 over section 三: balance, outcomes and row totals."""
    checks = []
    outcome_rows = OUTCOME_ROWS[template]
    if template == "2021" and "other" in values and not any(k in values for k in OTHER_ROWS_2021):
        outcome_rows = OUTCOME_ROWS["2019"]  # the old single 其他处理 row, printed on the 2021 form
    for column in APPLICANT_COLUMNS:
        new, carried_over, total, carried_forward = (
            _cell(values, row, column)
            for row in ("new", "carried_over", "total", "carried_forward"))
        if None not in (new, carried_over, total, carried_forward) and \
                new + carried_over != total + carried_forward:
            checks.append(check(
                "balance", "error", f"applications.{column}",
                f"new + carried_over = {new} + {carried_over} = {new + carried_over}, but "
                f"total + carried_forward = {total} + {carried_forward} = "
                f"{total + carried_forward}"))
        outcomes = [_cell(values, row, column) for row in outcome_rows]
        if total is not None and None not in outcomes and sum(outcomes) != total:
            checks.append(check(
                "outcomes", "error", f"applications.{column}",
                f"the outcome rows add up to {sum(outcomes)}, but total is {total}"))
    for row, cells in values.items():
        parts = [cells.get(column) for column in APPLICANT_PARTS]
        total = cells.get("total")
        if total is not None and None not in parts and sum(parts) != total:
            checks.append(check(
                "row_total", "error", f"applications.{row}",
                f"the six applicant columns add up to {sum(parts)}, but total is {total}"))
    return checks


def review_checks(values: dict) -> list[dict]:
    """Identity 4: in each review/litigation group, total = the four outcomes."""
    checks = []
    for group, fields in values.items():
        outcomes = [fields.get(name) for name in REVIEW_OUTCOMES]
        total = fields.get("total")
        if total is not None and None not in outcomes and sum(outcomes) != total:
            checks.append(check(
                "review_total", "error", f"review_litigation.{group}",
                f"upheld + corrected + other + pending = {sum(outcomes)}, but total is {total}"))
    return checks
