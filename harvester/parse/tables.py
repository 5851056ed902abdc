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
from difflib import SequenceMatcher
from functools import lru_cache

from harvester.checks import check
from harvester.parse import identities
from harvester.parse.document import Cell
from harvester.parse.numbers import Yuan, in_yuan, parse_number
from harvester.parse.vocabulary import (
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    DECIMAL_FIELDS,
    OTHER_2019,
    OTHER_ROWS_2021,
    PROVINCIAL_ROWS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    TEMPLATE_MARKERS,
    Row,
    compact,
)

Number = int | float
# The rows a label is matched against: the template's, and on the 2021 form the 2019 single
# （六）其他处理 row that some reports still print.
ROWS = {"active_disclosure": ACTIVE_ROWS,
        "applications": {**APPLICATION_ROWS,
                         "2021": (*APPLICATION_ROWS["2021"], OTHER_2019)}}
REVIEW_SIZE = len(REVIEW_GROUPS) * len(REVIEW_FIELDS)
_PROVINCIAL = re.compile("|".join(PROVINCIAL_ROWS))
# How alike a misspelt row label must be to the template's (difflib ratio), and how much more
# alike than to any other row.
VARIANT_SIMILARITY = 0.8
VARIANT_MARGIN = 0.15
# A table's labels are short (the longest, 2021's 其他处理 rows, is some 35 characters); a longer
# cell is prose.
MAX_LABEL_LENGTH = 60
# What a cell prints for "no value": a dash or a slash, read as a blank cell (absent).
# A note in brackets (four characters or more: 第二十条第(一)项 keeps its enumerator).
_NOTE = re.compile(r"\([^()]{4,}\)")
NO_VALUE = frozenset({"-", "--", "—", "——", "－", "/", "／", "\\", "－－"})
YUAN_PER_WAN = 10_000


Slot = Number | None  # a value cell; None is a blank cell, which keeps its column


@dataclass
class RowGroup:
    label: str  # compacted label cells since the last number, in order
    numbers: list[Slot] = field(default_factory=list)
    # The label cells printed on the table row of the first number, when it has any: a row's
    # own label, which decides its row whatever context the cells before it hold.
    own_label: str = ""
    last_label: str = ""  # the label cell printed just before the numbers




def _row_of_numbers(cells: list[Cell], index: int) -> bool:
    """Whether the row of ``cells[index]`` holds only numbers (and blanks), two at least."""
    row = cells[index].row
    first = index
    while first > 0 and cells[first - 1].row == row:
        first -= 1
    filled = 0
    for cell in cells[first:]:
        if cell.row != row:
            break
        if cell.text and not cell.text.isspace():
            if parse_number(cell.text) is None:
                return False
            filled += 1
    return filled > 1


def row_groups(cells: Iterable[Cell]) -> list[RowGroup]:
    """Label-then-numbers groups, in document order.

    Copies made by merged-cell expansion count as labels (they give context, such as
    ``（三）不予公开`` before ``1.属于国家秘密``) but never as numbers. A blank cell after a
    row's last label is a value slot (None): it keeps its column, so a row whose legal-person
    cells are blank still gives 自然人 and 总计 in their places; blanks among labels, or after
    a label no number follows, are layout. A table row of several numbers and no label, after
    a row of numbers, is a row of its own whose label is lost (a page-to-text tool moved it):
    it starts an unlabelled group rather than running on the row before.

    The hot loop of the parser (every cell of every table): one flat pass, blanks counted as
    they come and placed when a number (or the row's end) says what they were.
    """
    cells = cells if isinstance(cells, list) else list(cells)
    groups: list[RowGroup] = []
    labels: list[str] = []
    own: list[str] = []
    group: RowGroup | None = None
    row = None
    row_label = number_after_label = False
    blanks = 0  # blank cells since the last label or number of this row
    for index, cell in enumerate(cells):
        if cell.row != row:
            if blanks and number_after_label:
                group.numbers.extend([None] * blanks)  # trailing blanks of a row of values
            row, own, blanks = cell.row, [], 0
            row_label = number_after_label = False
        text = cell.text
        if not text or text.isspace() or text.strip() in NO_VALUE:
            if not cell.copy:
                blanks += 1
            continue
        number = parse_number(text)
        if number is None:
            compacted = compact(text)
            if len(compacted) > MAX_LABEL_LENGTH and not cell.in_table:
                labels, own = [], []  # prose between tables: whatever it names, no label
            else:
                labels.append(compacted)
                own.append(compacted)
            row_label, number_after_label, blanks = True, False, 0
            continue
        if cell.copy:
            continue
        if "元" in text and in_yuan(text):
            number = Yuan(number)
        orphan = (not row_label and not number_after_label and not labels and cell.in_table
                  and group is not None and bool(group.numbers)
                  and _row_of_numbers(cells, index))
        if labels or orphan or group is None:
            group = RowGroup("".join(labels), own_label="".join(own),
                             last_label=labels[-1] if labels else "")
            groups.append(group)
            labels, own = [], []
        if blanks:
            group.numbers.extend([None] * blanks)
            blanks = 0
        group.numbers.append(number)
        number_after_label = True
    if blanks and number_after_label:
        group.numbers.extend([None] * blanks)
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
    matches = _row_matches(label, section, template)
    return max(matches)[2] if matches else None


@lru_cache(maxsize=8192)
def _row_matches(label: str, section: str, template: str) -> list[tuple[int, int, Row]]:
    """Every (start, length, row) where a row's pattern matches in ``label``, outside the
    notes in brackets a label may carry (其他对外管理服务事项（…含行政确认、行政强制…）names
    other rows in its note)."""
    label = _NOTE.sub(_blanked, label)
    return [(match.start(), match.end() - match.start(), row)
            for row in ROWS[section][template] for match in re.finditer(row.pattern, label)]


def _blanked(note: re.Match) -> str:
    """A note blanked out, its length kept (match positions rank the rows)."""
    return "\0" * len(note.group(0))


def _rows_named(label: str, section: str, template: str) -> list[Row]:
    """The distinct rows a label run names in separate places: more than one means the run
    holds the labels of several rows (a page-to-text tool printed them away from their
    numbers), and which one the numbers belong to is a guess."""
    spans: list[tuple[int, int, Row]] = []
    for start, length, row in sorted(_row_matches(label, section, template),
                                     key=lambda m: (m[0], -m[1])):
        if spans and start < spans[-1][0] + spans[-1][1]:
            continue  # inside a longer match: one row's label, spelled with another's words
        spans.append((start, length, row))
    return list(dict.fromkeys(row for _, _, row in spans))


@lru_cache(maxsize=4096)
def _variant_row(label: str, section: str, template: str) -> Row | None:
    """The row a misspelt label stands for (行政事业型收费, 其他法律行政止公开), when exactly one
    row's label is close to it: the enumerators and brackets left out, at least
    :data:`VARIANT_SIMILARITY` alike, and clearly closer than any other row."""
    words = _label_words(label)
    if len(words) < 3:
        return None
    scored = sorted(((SequenceMatcher(None, words, _label_words(row.label)).ratio(), row.key)
                     for row in ROWS[section][template]), reverse=True)
    (best, key), runner_up = scored[0], scored[1][0] if len(scored) > 1 else 0.0
    if best < VARIANT_SIMILARITY or best - runner_up < VARIANT_MARGIN:
        return None
    return next(row for row in ROWS[section][template] if row.key == key)


def _label_words(label: str) -> str:
    """A label without its enumerators, brackets and the parenthesised notes of the template
    (（区分处理的，只计这一情形…）), its last line for a row under a group heading."""
    text = re.sub(r"\([^)]*\)", "", compact(label))
    text = re.sub(r"^.*?(?:\d+\.|[一二三四五六七八九十]+、)(?=[^\d.、]*$)", "", text)
    return re.sub(r"[\d.、:：“”\"]", "", text)


@dataclass
class SectionResult:
    section: str = ""
    values: dict = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)
    leftover: list[Number] = field(default_factory=list)  # unlabelled numbers at the end
    slots: int = 0  # value cells of the rows read
    blanks: int = 0  # of which blank


def _as_field_value(field_name: str, number: Number) -> Number:
    if field_name not in DECIMAL_FIELDS:
        return int(number) if isinstance(number, Yuan) else number
    if isinstance(number, Yuan):
        return round(number / YUAN_PER_WAN, 6)
    return float(number)


def _fit(numbers: list[Slot], size: int) -> list[Slot]:
    """A row's value cells without the blank ones beyond its size: an empty trailing column,
    colspan padding (``| 0 | ||``), an empty spacer cell before the values."""
    while len(numbers) > size and numbers[-1] is None:
        numbers = numbers[:-1]
    while len(numbers) > size and numbers[0] is None:
        numbers = numbers[1:]
    return numbers


def _group_row(group: RowGroup, section: str, template: str,
               result: SectionResult) -> Row | None:
    """The template row a group's numbers belong to, or None (with a check when the labels
    name several rows).

    The label cells on the numbers' own table row decide. When they name no row (a label
    wrapped over two lines, the numbers printed between them), the label run before the
    numbers does, unless it names several rows. A label that matches no row may be a typo
    of one (:func:`_variant_row`); that reading is recorded.
    """
    if group.own_label:
        row = match_row(group.own_label, section, template) or _variant(
            group.own_label, section, template, result)
        if row is not None:
            return row
    named = _rows_named(group.label, section, template)
    if len(named) > 1:
        result.checks.append(check(
            "ambiguous_row", "warning", section,
            f"{len(group.numbers)} numbers follow the labels of {len(named)} rows "
            f"({', '.join(row.label for row in named)}), printed apart from their numbers; "
            "not read"))
        return None
    if named:
        return named[0]
    return _variant(group.last_label, section, template, result) if group.last_label else None


def _variant(label: str, section: str, template: str, result: SectionResult) -> Row | None:
    row = _variant_row(label, section, template)
    if row is not None:
        result.checks.append(check(
            "label_variant", "info", f"{section}.{row.key}",
            f"the label {label[-40:]!r} is read as the template's {row.label}"))
    return row


def _labelled_rows(section: str, groups: list[RowGroup], template: str,
                   result: SectionResult) -> list[tuple[Row, list[Slot]]]:
    found: list[tuple[Row, list[Slot]]] = []
    seen: set[str] = set()
    for index, group in enumerate(groups):
        checks_before = len(result.checks)
        row = _group_row(group, section, template, result)
        if row is None:
            if len(result.checks) > checks_before:
                continue
            if group.numbers and index == len(groups) - 1 and not group.label:
                result.leftover = [n for n in group.numbers if n is not None]
            elif section == "active_disclosure" and _PROVINCIAL.search(
                    group.own_label or group.last_label):
                result.checks.append(check(
                    "provincial_row", "info", section,
                    f"a row the province adds to the template, "
                    f"{(group.own_label or group.last_label)[-30:]!r}, prints "
                    f"{[n for n in group.numbers if n is not None]}; no template key holds it"))
            elif any(n is not None for n in group.numbers):
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
            numbers = group.numbers[:len(row.fields)]
            result.leftover = [n for n in group.numbers[len(row.fields):] if n is not None]
        numbers = _fit(numbers, len(row.fields))
        if len(numbers) == len(row.fields):
            result.slots += len(numbers)
            result.blanks += numbers.count(None)
        found.append((row, numbers))
    return found


def _row_values(row: Row, numbers: list[Slot]) -> dict[str, Number]:
    """A row's values by field, blank cells left out: absent, not zero."""
    if row.fields is APPLICANT_COLUMNS and None not in numbers \
            and Yuan not in map(type, numbers):
        return dict(zip(row.fields, numbers, strict=True))  # the common row: seven counts
    return {name: _as_field_value(name, number)
            for name, number in zip(row.fields, numbers, strict=True) if number is not None}


def parse_active_disclosure(cells: list[Cell], template: str) -> SectionResult:
    """Section 二. Accepts both templates' tables in any of the layouts ``row_groups`` reads."""
    result = SectionResult("active_disclosure")
    for row, numbers in _labelled_rows("active_disclosure", row_groups(cells), template,
                                       result):
        if len(numbers) != len(row.fields):
            result.checks.append(_count_check("active_disclosure", row, numbers))
            continue
        _store_row(result, row, numbers)
    _missing_rows(result, ACTIVE_ROWS[template])
    return result


def parse_applications(cells: list[Cell], template: str) -> SectionResult:
    """Section 三: rows of seven numbers (six applicant columns and the total).

    A row with one number too many is resolved by the identities when exactly one reading
    satisfies them (seed 003's stray cell); that recovery is recorded.
    """
    result = SectionResult("applications")
    rows = APPLICATION_ROWS[template]
    with_stray: list[tuple[Row, list[Number]]] = []
    for row, numbers in _labelled_rows("applications", row_groups(cells), template, result):
        if len(numbers) == len(APPLICANT_COLUMNS):
            _store_row(result, row, numbers)
        elif len(numbers) == len(APPLICANT_COLUMNS) + 1 and None not in numbers:
            with_stray.append((row, numbers))
        else:
            result.checks.append(_count_check("applications", row, numbers))
    for row, numbers in with_stray:
        _recover_stray_cell(row, numbers, template, result)
    if template == "2021" and OTHER_2019.key in result.values:
        rows = _old_other_row(result)
    _missing_rows(result, rows)
    return result


def _old_other_row(result: SectionResult) -> tuple[Row, ...]:
    """The rows to expect of a 2021-form table that printed the 2019 single （六）其他处理 row:
    that row instead of the three, when it stands alone; beside them it is one row too many."""
    if any(key in result.values for key in OTHER_ROWS_2021):
        del result.values[OTHER_2019.key]
        result.checks.append(check(
            "duplicate_row", "warning", f"applications.{OTHER_2019.key}",
            "the 2019 template's single row （六）其他处理 is printed beside the 2021 template's "
            "three; it was not read"))
        return APPLICATION_ROWS["2021"]
    result.checks.append(check(
        "old_other_row", "info", f"applications.{OTHER_2019.key}",
        "the table prints the 2019 template's single row （六）其他处理 instead of the 2021 "
        "template's three; it was read as `other`, and the outcomes add up over it"))
    return (*(row for row in APPLICATION_ROWS["2021"] if row.key not in OTHER_ROWS_2021),
            OTHER_2019)


def _store_row(result: SectionResult, row: Row, numbers: list[Slot]) -> None:
    values = _row_values(row, numbers)
    if not values:
        result.checks.append(check("blank_row", "warning", f"{result.section}.{row.key}",
                                   f"every cell of the row {row.label} is blank: its values "
                                   "are absent"))
        return
    result.values[row.key] = values
    if Yuan not in map(type, numbers):
        return
    for name, number in zip(row.fields, numbers, strict=True):
        if isinstance(number, Yuan) and name in DECIMAL_FIELDS:
            result.checks.append(check(
                "converted_unit", "info", f"{result.section}.{row.key}.{name}",
                f"the cell prints {number:g} 元; the template counts 万元, so it was read as "
                f"{values[name]:g}"))


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


def parse_review_litigation(cells: list[Cell]) -> SectionResult:
    """Section 四: fifteen numbers, three groups of five, in template order.

    Blank cells count as cells when the numbers alone fall short of fifteen and the row's
    cells, blanks included, make fifteen: a blank is then an absent value in its place.
    """
    result = SectionResult("review_litigation")
    numbers: list[Slot] = section_numbers(cells)
    if len(numbers) < REVIEW_SIZE:
        slots = _fit([n for group in row_groups(cells) for n in group.numbers], REVIEW_SIZE)
        if len(slots) == REVIEW_SIZE:
            numbers = slots
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
    result.slots, result.blanks = len(numbers), numbers.count(None)
    result.values = review_values(numbers)
    return result


def review_values(numbers: list[Slot]) -> dict[str, dict[str, Number]]:
    """The fifteen cells by group and field; a blank cell is left out."""
    size = len(REVIEW_FIELDS)
    values = {group: {name: number for name, number
                      in zip(REVIEW_FIELDS, numbers[i * size:(i + 1) * size], strict=True)
                      if number is not None}
              for i, group in enumerate(REVIEW_GROUPS)}
    return {group: fields for group, fields in values.items() if fields}


def section_numbers(cells: list[Cell]) -> list[Number]:
    """Every number of a section in order, merged-cell copies left out."""
    numbers = []
    for cell in cells:
        number = parse_number(cell.text)
        if number is not None and not cell.copy:
            numbers.append(number)
    return numbers


def _count_check(section: str, row: Row, numbers: list[Slot]) -> dict:
    if _glued(numbers, len(row.fields)):
        return check("glued_cells", "error", f"{section}.{row.key}",
                     f"the row {row.label} should have {len(row.fields)} numbers, found "
                     f"{len(numbers)}: {numbers}; the digits of several cells look glued "
                     "together by the text extractor, and splitting them would be a guess; "
                     "not read")
    return check("value_count", "warning", f"{section}.{row.key}",
                 f"the row {row.label} should have {len(row.fields)} numbers, "
                 f"found {len(numbers)}: {numbers}; not read")


def _glued(numbers: list[Slot], size: int) -> bool:
    """Whether a short row's digits add up to at least its cells: ``801000081`` where 8, 0,
    1, 0, 0, 0, 0, 8, 1 were separate cells (an extractor that lost the spaces)."""
    digits = [len(str(abs(n))) for n in numbers if isinstance(n, int)]
    return len(numbers) < size and bool(digits) and max(digits) > 3 \
        and sum(digits) >= size


def _missing_rows(result: SectionResult, rows: tuple[Row, ...]) -> None:
    """A warning for each template row the section did not give, unless a check on the row
    already says why."""
    unread = any(c["check"] in ("ambiguous_row", "unrecognised_row") for c in result.checks)
    for row in rows:
        if row.key not in result.values and not _already_flagged(result, row.key):
            result.checks.append(check(
                "missing_row", "warning", f"{result.section}.{row.key}",
                f"the row {row.label} is not in the document"
                + (", or is among the rows that could not be read" if unread else "")))


def _already_flagged(result: SectionResult, key: str) -> bool:
    return any(c["where"].endswith(f".{key}") for c in result.checks)
