"""``python -m harvester parse PATH...``: one JSON object per file, one per line, then a
summary on standard error.

Standard output carries those lines and nothing else, whatever a reader library prints
(xlrd's warnings, a converter's messages): while files are read, the process's standard
output, file descriptor 1 that child processes inherit too, points at standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from harvester.parse.report import parse_path
from harvester.parse.vocabulary import STATISTICAL_SECTIONS

SEVERITIES = ("error", "warning", "info")


@contextlib.contextmanager
def json_lines_only() -> Iterator[TextIO]:
    """The real standard output, for the JSON lines; while open, anything else written to
    standard output goes to standard error."""
    sys.stdout.flush()
    lines = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    try:
        yield lines
    finally:
        sys.stdout.flush()
        lines.flush()
        os.dup2(lines.fileno(), 1)
        lines.close()


def expand(paths: list[str]) -> Iterator[str]:
    """The files to parse: each path given, the files under a folder (sorted, hidden ones
    left out)."""
    for path in paths:
        if os.path.isdir(path):
            folder = Path(path)
            yield from sorted(str(found) for found in folder.rglob("*") if found.is_file()
                              and not any(part.startswith(".")
                                          for part in found.relative_to(folder).parts))
        else:
            yield path


class Summary:
    """What a run of ``parse`` read: files, reports, values, and checks by severity."""

    def __init__(self) -> None:
        self.files = self.reports = self.fields = 0
        self.checks: Counter[str] = Counter()

    def add(self, report: dict) -> None:
        self.files += 1
        checks = report.get("checks", [])
        self.checks.update(c["severity"] for c in checks)
        if is_report(report):
            self.reports += 1
        self.fields += fields_read(report)

    def __str__(self) -> str:
        severities = ", ".join(f"{s} {self.checks[s]}" for s in SEVERITIES)
        return (f"parse: files {self.files}, reports read {self.reports}, fields read "
                f"{self.fields}, checks {severities}")


def is_report(report: dict) -> bool:
    """Whether ``report`` was read as an annual report: no ``not_annual_report`` check and no
    error about the document as a whole (unreadable, too large...)."""
    return not any(c["check"] == "not_annual_report"
                   or (c["where"] == "document" and c["severity"] == "error")
                   for c in report.get("checks", []))


def fields_read(report: dict) -> int:
    """The values read: every number of the statistical sections, the agency and the year."""
    return (sum(_leaves(report.get(key)) for key in STATISTICAL_SECTIONS)
            + (report.get("agency") is not None) + (report.get("year") is not None))


def _leaves(value) -> int:
    if isinstance(value, dict):
        return sum(_leaves(inner) for inner in value.values())
    return value is not None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m harvester parse",
        description="Parse annual reports (text, HTML, PDF, Word, Excel, images) into the "
                    "docs/report-format.md JSON shape, one line per file; a summary of what "
                    "was read goes to standard error.")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args(argv)
    summary = Summary()
    with json_lines_only() as lines:
        for path in expand(args.paths):
            report = parse_path(path)
            summary.add(report)
            lines.write(json.dumps(report, ensure_ascii=False) + "\n")
            lines.flush()
    print(summary, file=sys.stderr)
    return 0
