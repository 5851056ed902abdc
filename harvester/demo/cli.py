"""``python -m harvester demo``: serve the demo web, print its manifest, or harvest it.

- ``demo serve [--port N]``: serve the seven demo portals (or ``--large PORTALS REPORTS``)
  until interrupted. The server is an HTTP proxy: ``curl -x http://127.0.0.1:N URL``.
- ``demo manifest [-o FILE]``: the manifest as JSON.
- ``demo score [--portals N --seed S]``: build and serve the discovery web (portals of CMS
  families the spiders were never told about), harvest it from a registry that names only
  their home pages, and print column and report recall and precision per family
  (``harvester/demo/score.py``).
- ``demo`` alone (``make demo``): serve the demo web in the background and harvest every demo
  region into ``--db`` (``data/harvest.db``) with ``python -m harvester harvest``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from harvester.demo.large import build_large_web
from harvester.demo.manifest import dump_json
from harvester.demo.server import DemoServer, running
from harvester.demo.sites import DemoWeb, build_demo_web
from harvester.run import harvest as harvest_command

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m harvester demo",
                                  description="the demo web of simulated portals")
    commands = top.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the demo web until interrupted")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    manifest = commands.add_parser("manifest", help="print the manifest as JSON")
    manifest.add_argument("-o", "--output", type=Path, help="write to a file instead")
    manifest.add_argument("--compact", action="store_true", help="no indentation")
    scoring = commands.add_parser(
        "score", help="harvest the discovery web from its home pages; print recall and precision")
    scoring.add_argument("--portals", type=int, default=10, help="portals (default 10)")
    scoring.add_argument("--seed", default="0", help="random seed of the discovery web")
    scoring.add_argument("--db", type=Path, help="keep the harvest in this database "
                         "(default: a temporary one)")
    scoring.add_argument("--parallel", type=int, default=2, help="crawl processes at once")
    scoring.add_argument("--json", action="store_true", help="print the score as JSON")
    top.add_argument("--db", type=Path, default=Path("data/harvest.db"),
                     help="where the demo harvest goes (default data/harvest.db)")
    top.add_argument("--parallel", type=int, default=2, help="regions crawled at once")
    top.set_defaults(seed="demo", slow_delay=20.0)
    for command in (serve, manifest):
        command.add_argument("--seed", default="demo", help="random seed of the generated web")
        command.add_argument("--slow-delay", type=float, default=20.0,
                             help="seconds the slow page waits (default 20)")
        command.add_argument("--large", type=int, nargs=2, metavar=("PORTALS", "REPORTS"),
                             help="the large benchmark web instead of the seven demo sites")
    return top


def build(args: argparse.Namespace) -> DemoWeb:
    if args.large:
        portals, reports = args.large
        return build_large_web(portals, reports, args.seed, slow_delay=args.slow_delay)
    return build_demo_web(args.seed, slow_delay=args.slow_delay)


def serve(args: argparse.Namespace) -> int:
    started = time.monotonic()
    demo = build(args)
    try:
        server = DemoServer(demo, args.host, args.port)
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    print(f"demo web: {len(demo.regions)} regions, {len(demo.web.by_host)} hosts, built in "
          f"{time.monotonic() - started:.1f} s; proxy at http://{server.address}/")
    print(f"  try: curl -x http://{server.address} http://www.hunjiang.gov.cn/")
    print(f"  crawl: DEMO_WEB={server.address} scrapy crawl <region>")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def write_manifest(args: argparse.Namespace) -> int:
    text = dump_json(build(args), indent=None if args.compact else 1)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
        return 0
    try:
        print(text)
    except BrokenPipeError:  # `| head` has read what it wanted; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def harvest(args: argparse.Namespace) -> int:
    """Harvest every demo region into the database through a demo web served meanwhile, with
    the same command a scheduled harvest runs (progress, then a summary per region)."""
    demo = build_demo_web(args.seed, slow_delay=args.slow_delay)
    with running(demo) as web:
        print(f"demo web of {len(demo.regions)} regions at {web.address}", flush=True)
        code = harvest_command.main(["--regions", ",".join(demo.regions), "--demo-web",
                                     web.address, "--parallel", str(args.parallel),
                                     "--db", str(args.db)])
    print(f"\nThe harvest is in {args.db}. Open it in Datasette with `make serve` "
          f"(datasette {args.db} -m datasette/metadata.yml).")
    return code


def score(args: argparse.Namespace) -> int:
    """Harvest the discovery web from its home pages and print how much it found."""
    from harvester.demo import score as scoring

    if args.portals < 1:
        print("--portals must be at least 1", file=sys.stderr)
        return 2
    if args.db is not None and args.db.exists():
        print(f"{args.db} exists: the score needs a fresh database", file=sys.stderr)
        return 2
    print(f"discovery web of {args.portals} portals (seed {args.seed}), harvested from its "
          "home pages…", flush=True)
    result, offsite = scoring.run(args.portals, args.seed, database=args.db,
                                  parallel=args.parallel)
    if args.json:
        print(json.dumps({"score": result, "offsite": offsite}, ensure_ascii=False,
                         indent=1, default=sorted))
    else:
        print("\n".join(scoring.report_lines(result, offsite)))
    return 0


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.command == "score":
        return score(args)
    if args.command == "serve":
        return serve(args)
    if args.command == "manifest":
        return write_manifest(args)
    return harvest(args)
