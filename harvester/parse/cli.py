"""``python -m harvester parse PATH...``: one JSON object per file, one per line."""

from __future__ import annotations

import argparse
import json

from harvester.parse.report import parse_path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m harvester parse",
        description="Parse annual reports (text, HTML, PDF, Word, Excel, images) into the "
                    "docs/report-format.md JSON shape, one line per file.")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args(argv)
    for path in args.paths:
        print(json.dumps(parse_path(path), ensure_ascii=False), flush=True)
    return 0
