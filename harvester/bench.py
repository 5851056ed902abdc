"""``make bench``: the project's speed and memory figures, printed, never asserted.

Parsing: at least 1,000 generated HTML reports of the seeds' size (Word-exported tables, GBK
and UTF-8 pages), parsed one after another on one core. Target: 300 reports/s or more.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time

from harvester.render import random_report, render_html
from harvester.report import parse_bytes

# Seed reports carry 5-10 KB of prose besides their tables; generated ones get as much.
PROSE = ("按照《中华人民共和国政府信息公开条例》要求，本机关坚持以公开为常态、不公开为例外，"
         "围绕中心工作，规范政府信息公开申请处理流程，拓展政府信息公开形式。") * 4
TARGET_REPORTS_PER_SECOND = 300


def generated_pages(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    pages = []
    for index in range(count):
        template = rng.choice(("2019", "2021"))
        year = rng.randint(2019, 2020) if template == "2019" else rng.randint(2021, 2025)
        report = random_report(rng, template, year, f"某区第{index}局")
        body = render_html(report, rng.choice(("word", "plain")))
        prose = "".join(f"<p class=MsoNormal>{PROSE}</p>" for _ in range(rng.randint(8, 14)))
        charset = rng.choice(("utf-8", "gbk"))
        html = (f'<html><head><meta charset="{charset}"><meta name="ArticleTitle" '
                f'content="某区第{index}局{year}年政府信息公开工作年度报告"></head><body>'
                f'<div class="TRS_Editor">{body.replace("</p>", "</p>" + prose, 2)}</div>'
                "</body></html>")
        pages.append(html.encode(charset))
    return pages


def bench_parse(count: int, seed: int) -> None:
    pages = generated_pages(count, seed)
    size = sum(len(page) for page in pages) / len(pages)
    started, started_cpu = time.perf_counter(), time.process_time()
    failures = 0
    for page in pages:
        report = parse_bytes(page, "bench.html")
        failures += any(c["severity"] != "info" for c in report["checks"])
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - started_cpu
    rate = count / elapsed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"parse: {count} HTML reports (mean {size / 1024:.1f} KB) in {elapsed:.2f} s on one "
          f"core: {rate:.0f} reports/s (target {TARGET_REPORTS_PER_SECOND}; "
          f"{count / cpu:.0f}/s of CPU time, for a busy machine), "
          f"peak memory {peak_mb:.0f} MB, {failures} reports with warnings or errors")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harvester.bench")
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    bench_parse(args.reports, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
