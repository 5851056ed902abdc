"""``python -m harvester parse PATH...``: one JSON object per file, one per line.

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
from collections.abc import Iterator
from typing import TextIO

from harvester.parse.report import parse_path


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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m harvester parse",
        description="Parse annual reports (text, HTML, PDF, Word, Excel, images) into the "
                    "docs/report-format.md JSON shape, one line per file.")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args(argv)
    with json_lines_only() as lines:
        for path in args.paths:
            lines.write(json.dumps(parse_path(path), ensure_ascii=False) + "\n")
            lines.flush()
    return 0
