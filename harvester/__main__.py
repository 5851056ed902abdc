"""``python -m harvester <command>``: the project's command line.

Each command lives in its own module as ``main(argv) -> int``; this file only dispatches, so a
command's dependencies are imported only when it runs.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "parse": ("harvester.parse.cli", "parse report files and print one JSON object per file"),
    "export": ("harvester.store.export", "write every report of the database as JSON Lines"),
    "demo": ("harvester.demo.cli", "the demo web: 'demo serve', or 'demo' to harvest it"),
    "harvest": ("harvester.run.harvest", "harvest many regions, one Scrapy process each"),
    "crawl": ("harvester.run.crawl_batch", "crawl several regions in one Scrapy process"),
    "merge": ("harvester.store.merge", "merge shard databases into one"),
    "health": ("harvester.store.health", "the health of every harvested region"),
    "registry": ("harvester.registry_build",
                 "'registry build': the national registry from harvester/registry_data/; "
                 "'registry promote': what discovery found, as registry entries"),
}


def usage() -> str:
    lines = ["usage: python -m harvester <command> [options]", "", "commands:"]
    lines += [f"  {name:<8} {summary}" for name, (_, summary) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(usage(), file=sys.stderr if argv and argv[0] not in ("-h", "--help") else sys.stdout)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
