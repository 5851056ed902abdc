"""The report parser: a document in, the ``docs/report-format.md`` object out.

Entry points: :func:`parse_bytes` (any format, recognised from the bytes), :func:`parse_path`,
and :func:`parse_document` for a cell stream from any reader (:func:`read` gives one that never
raises). None of them raises for bad input: what cannot be read becomes a check.
"""

from __future__ import annotations

import re
from pathlib import Path

from harvester.checks import check
from harvester.parse import identities, metadata, narrative, script, tables
from harvester.parse.dates import iso_date
from harvester.parse.document import Document
from harvester.parse.readers import read_document
from harvester.parse.readers.limits import MAX_BYTES
from harvester.parse.recognize import is_annual_report, is_look_alike
from harvester.parse.sections import split_sections
from harvester.parse.vocabulary import (
    AGENCY_SUFFIX,
    SECTION_LABELS,
    STATISTICAL_SECTIONS,
    compact,
)

# A report about a year before the 2019 revision follows no national template.
FIRST_TEMPLATE_YEAR = 2019
# Table header cells are short; longer cells are prose and name no template.
MAX_LABEL_LENGTH = 60
# Section headings that make a document a report by its build alone.
MIN_TEMPLATE_SECTIONS = 3
_NOTHING = re.compile(r"(?:暂)?无(?:其他需要报告的事项|相关情况|此类情况)?")
_SIGNATURE = re.compile(f"{AGENCY_SUFFIX}$")
MAX_SIGNATURE_LENGTH = 40
BLANK_SHARE = 3  # more than one value cell in three blank: a warning


def parse_path(path: str | Path) -> dict:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # its bytes alone would be past the memory a parse may use
            return failed_report(str(path), [check(
                "too_large", "error", "document",
                f"{size:,} bytes is over the {MAX_BYTES:,}-byte cap for one report")])
        data = path.read_bytes()
    except OSError as exc:
        return failed_report(str(path), [check("unreadable", "error", "document",
                                               f"cannot read the file: {exc.strerror or exc}")])
    return parse_bytes(data, name=path.name, source=str(path))


def parse_bytes(data: bytes, name: str | None = None, source: str | None = None) -> dict:
    return parse_document(read(data, name), source=source or name)


def read(data: bytes, name: str | None = None) -> Document:
    """The document's cells, whatever the format; a reader that fails gives a document without
    cells whose ``unreadable`` check says why (it parses to the empty report of
    :func:`failed_report`)."""
    try:
        return read_document(data, name)
    except Exception as exc:  # a reader bug must not stop a harvest; it becomes a check
        return Document(cells=[], checks=[check(
            "unreadable", "error", "document",
            f"the reader failed: {type(exc).__name__}: {exc}")])


def failed_report(source: str | None, checks: list[dict]) -> dict:
    """The report of a document nothing was read from (a file that cannot be opened, a reader
    or the parser failing): every value empty, the checks saying why."""
    return {"source": source, "title": None, "agency": None, "year": None, "template": None,
            "published": None, "checks": checks}


def parse_document(document: Document, source: str | None = None) -> dict:
    """Parse a cell stream into the ``docs/report-format.md`` object."""
    checks = list(document.checks)
    printed = document
    if (reading := script.simplified(document)) is not None:
        checks.append(check("traditional_script", "info", "document",
                            "the document is in traditional script: it was read through a "
                            "simplified copy; title and agency are given as printed"))
        document = reading
    title = metadata.find_title(document)
    year, year_checks = metadata.find_year(title, document)
    checks += year_checks
    report: dict = {
        "source": source,
        "title": script.printed(title, printed, document),
        "agency": script.printed(metadata.find_agency(title, document), printed, document),
        "year": year,
        "template": None,
        "published": metadata.find_published(document),
    }
    if document.ocr:
        report["ocr"] = True
        checks.append(check("ocr", "info", "document",
                            "the text was read by OCR; every value is OCR-derived"))
    if not document.cells:
        if not any(c["severity"] == "error" for c in checks):
            checks.append(check("empty_document", "error", "document", "the document has no text"))
            if not document.images:
                # Read, and nothing in it, not even the pictures of a scanned report: whatever
                # its title or listing says, no agency-year.
                checks.append(check("not_annual_report", "error", "document",
                                    "a document without text does not read as an annual report"))
        report["checks"] = checks
        return report
    sections = split_sections(document.cells)
    if not (is_annual_report(title, document.text) or _has_template_sections(sections)):
        checks.append(check("not_annual_report", "error", "document",
                            "the document does not read as a government information "
                            f"disclosure annual report: {_not_a_report_because(title)}"))
        report["checks"] = checks
        return report
    template, template_checks = _template(sections, year)
    report["template"] = template
    checks += template_checks
    if template != "legacy":
        checks += _parse_tables(sections, template, report)
        checks += _prose_checks(sections, report)
    figures = narrative.read_figures(document.text)
    if figures:
        report["narrative"] = figures
    checks += narrative.table_checks(report, figures)
    report["checks"] = checks
    return report


def _has_template_sections(sections: dict) -> bool:
    """Whether a document is built as the template builds a report, whatever its title (a page
    whose title sits in the portal's chrome, a text that starts at 一、总体情况): at least
    :data:`MIN_TEMPLATE_SECTIONS` of the six section headings, a statistical one holding numbers
    among them."""
    found = [key for key in SECTION_LABELS if key in sections]
    return len(found) >= MIN_TEMPLATE_SECTIONS and any(
        tables.section_numbers(sections[key]) for key in STATISTICAL_SECTIONS if key in sections)


def _not_a_report_because(title: str | None) -> str:
    if title and is_look_alike(title):
        return f"its title {title.strip()[:60]!r} names something else (a notice, a guide, " \
               "another kind of annual report)"
    return "neither its title nor its opening names one, and it lacks the template's sections"


def _template(sections: dict, year: int | None) -> tuple[str | None, list[dict]]:
    if year is not None and year < FIRST_TEMPLATE_YEAR:
        return "legacy", []
    labels = [compact(cell.text) for key in ("active_disclosure", "applications")
              for cell in sections.get(key, ()) if len(cell.text) < MAX_LABEL_LENGTH]
    detected = tables.detect_template("\n".join(labels))
    if detected:
        expected = _template_of_year(year)
        if expected and expected != detected:
            return detected, [check(
                "template_drift", "info", "template",
                f"the tables follow the {detected} template, though a {year} report should "
                f"use the {expected} one; read as printed")]
        return detected, []
    if year is None:
        return None, [check("template_unknown", "warning", "template",
                            "neither the table headers nor the year tell the template")]
    guessed = _template_of_year(year)
    return guessed, [check("template_from_year", "info", "template",
                           f"no table header names the template; {guessed} assumed from the "
                           f"year {year}")]


def _template_of_year(year: int | None) -> str | None:
    """The template a report on ``year`` is due to follow (the 2021 one from the 2021 reports
    on, published early in 2022)."""
    if year is None or year < FIRST_TEMPLATE_YEAR:
        return None
    return "2019" if year < 2021 else "2021"


def _parse_tables(sections: dict, template: str | None, report: dict) -> list[dict]:
    checks: list[dict] = []
    if template is None:
        return checks
    # A section whose header is there but whose table holds no number (printed as an image,
    # or left out) is one check, not one per missing row.
    empty = [key for key in STATISTICAL_SECTIONS
             if key in sections and not tables.section_numbers(sections[key])]
    for key in empty:
        checks.append(check("empty_section", "warning", key,
                            f"the section {SECTION_LABELS[key]} holds no numbers: its table is "
                            "missing or printed as an image"))
    checks += _headingless_tables(sections)
    leftover: list = []
    if "active_disclosure" in sections and "active_disclosure" not in empty:
        active = tables.parse_active_disclosure(sections["active_disclosure"], template)
        _store(report, "active_disclosure", active.values)
        checks += active.checks + _blank_cells(active)
    if "applications" in sections and "applications" not in empty:
        applications = tables.parse_applications(sections["applications"], template)
        _store(report, "applications", applications.values)
        checks += applications.checks + _blank_cells(applications)
        checks += identities.application_checks(applications.values, template)
        leftover = applications.leftover
    if "review_litigation" in sections and "review_litigation" not in empty:
        review = tables.parse_review_litigation(sections["review_litigation"])
        _store(report, "review_litigation", review.values)
        checks += review.checks + _blank_cells(review)
    elif "review_litigation" not in sections and len(leftover) == tables.REVIEW_SIZE:
        checks += _recover_review(leftover, report)
    if "review_litigation" in report:
        checks += identities.review_checks(report["review_litigation"])
    for key in STATISTICAL_SECTIONS:
        if key not in sections and key not in report:
            checks.append(check("missing_section", "warning", key,
                                f"the document has no section {SECTION_LABELS[key]}"))
    return checks


def _says_nothing(cells: list) -> bool:
    """Whether a prose section is empty or says only 无 (无。, 暂无, 无其他需要报告的事项…),
    the signature and date that close a report left aside."""
    said = [cell.text for cell in cells
            if not (len(cell.text) <= MAX_SIGNATURE_LENGTH
                    and (_SIGNATURE.search(compact(cell.text)) or iso_date(cell.text)))]
    text = re.sub(r"[\s。.;；:：]", "", "".join(said))
    return not text or bool(_NOTHING.fullmatch(text))


def _prose_checks(sections: dict, report: dict) -> list[dict]:
    """What the prose sections fail to say: section 五 empty or only 无; fee notices sent
    (section 三's 逾期未按收费通知 row above zero) while section 六 says only 无."""
    checks = []
    if "problems" in sections and _says_nothing(sections["problems"]):
        checks.append(check("empty_problems", "warning", "problems",
                            f"the section {SECTION_LABELS['problems']} is empty or says only 无"))
    fee_notices = report.get("applications", {}).get("other_no_fee", {}).get("total")
    if fee_notices and "other_matters" in sections and _says_nothing(sections["other_matters"]):
        checks.append(check(
            "fees_unreported", "warning", "other_matters",
            f"{fee_notices} applications ended at an unpaid fee notice, but the section "
            f"{SECTION_LABELS['other_matters']}, where fees are reported, says only 无"))
    return checks


def _headingless_tables(sections: dict) -> list[dict]:
    """Section 二's or 三's table printed without its heading (a page cut from a longer
    document, a report that numbers no sections): its rows, found among the cells before the
    next heading, open the section. Only rows the template's labels name are read."""
    checks: list[dict] = []
    loose = [cell for key in ("preamble", "overview") for cell in sections.get(key, ())]
    if not loose:
        return checks
    for key, parse in (("active_disclosure", tables.parse_active_disclosure),
                       ("applications", tables.parse_applications)):
        if key in sections:
            continue
        if parse(loose, "2021").values or parse(loose, "2019").values:
            sections[key] = loose
            checks.append(check("table_without_heading", "info", key,
                                f"rows of section {SECTION_LABELS[key]} stand where no heading "
                                "opened it; they were read by their labels"))
    return checks


def _blank_cells(result: tables.SectionResult) -> list[dict]:
    """A warning when more than a third of a table's value cells are blank: absent values, but
    so many that a reader should look at the document."""
    if not result.slots or result.blanks * BLANK_SHARE <= result.slots:
        return []
    return [check("blank_cells", "warning", result.section,
                  f"{result.blanks} of the table's {result.slots} value cells are blank; they "
                  "were read as absent, not as zero")]


def _recover_review(numbers: list, report: dict) -> list[dict]:
    """Fifteen unlabelled numbers after section 三, where section 四 is missing (seed 000)."""
    values = tables.review_values(numbers)
    if identities.review_checks(values):
        return [check("unlabelled_numbers", "warning", "applications",
                      f"{len(numbers)} unlabelled numbers {numbers} follow the last row and do "
                      "not satisfy the review/litigation identities; not read")]
    report["review_litigation"] = values
    return [check("recovered_review_litigation", "info", "review_litigation",
                  f"the section header is missing; {len(numbers)} unlabelled numbers after "
                  "section 三 satisfy the review/litigation identities and were read as "
                  "section 四")]


def _store(report: dict, key: str, values: dict) -> None:
    if values:
        report[key] = values
