"""``python -m harvester merge A.db B.db ... -o harvest.db``: one database from many shards.

Each machine of a sharded harvest fills its own database. Merging replays every fetched
document of every input into the output through the function that files a crawl's documents
(:func:`harvester.store.filing.file_document`): a document already there (same URL, same bytes)
is skipped, every other one joins the agency-year its shard gave it, and the report rows and
their history are decided again from the whole set of copies. So shards that overlap, or that
saw different versions of a re-published report, merge into the database a single harvest of
everything would have built.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import sqlite_utils

from harvester.store import filing, schema
from harvester.store.agencies import Agency, Identity

# Columns of a documents row that are the output's own, not copied from an input.
_LOCAL_COLUMNS = ("id", "report_id", "run_id", "outcome")


def merge(inputs: list[Path], output: Path) -> dict[str, int]:
    """Merge ``inputs`` into ``output`` (created or extended); returns counts of what moved."""
    target = schema.connect(output)
    counts = {"runs": 0, "documents": 0, "already_there": 0}
    for path in inputs:
        source = sqlite_utils.Database(path)
        if not source["documents"].exists():
            raise SystemExit(f"{path}: not a harvest database (no documents table)")
        schema.sync_regions(target, source["regions"].rows)
        runs = _copy_runs(source, target)
        counts["runs"] += len(set(runs.values()))
        for document in source.query("SELECT * FROM documents ORDER BY id"):
            if filing.known_document(target, document["url"], document["sha256"]):
                counts["already_there"] += 1
                continue
            with schema.write_transaction(target):
                _replay(source, target, document, runs.get(document["run_id"]))
            counts["documents"] += 1
    target.close()
    return counts


def _copy_runs(source: sqlite_utils.Database, target: sqlite_utils.Database) -> dict[int, int]:
    """Every harvest run of the input under a new id, once (merging twice adds nothing);
    returns old id → new id."""
    mapping = {}
    with target.atomic():
        for run in source.query("SELECT * FROM harvest_runs ORDER BY id"):
            old = run.pop("id")
            same = list(target.query("SELECT id FROM harvest_runs WHERE spider = ? AND "
                                     "started_at = ?", [run["spider"], run["started_at"]]))
            mapping[old] = same[0]["id"] if same else target["harvest_runs"].insert(run).last_pk
    return mapping


def _replay(source: sqlite_utils.Database, target: sqlite_utils.Database, document: dict,
            run_id: int | None) -> None:
    """File one document of a shard in the output, under the agency-year the shard's crawl
    gave it, with the agency's spellings the shard saw."""
    checks = [dict(row) for row in source.query(
        'SELECT source, "check", severity, "where", message FROM checks WHERE document_id = ?',
        [document["id"]])]
    row = {key: value for key, value in document.items() if key not in _LOCAL_COLUMNS}
    row.update(run_id=run_id, outcome=document["outcome"])
    report = source["reports"].get(document["report_id"]) if document["report_id"] else None
    agency = source["agencies"].get(report["agency_id"]) if report else None
    identity = Identity(agency["region"], Agency(agency["key"], agency["name"], agency["kind"]),
                        report["year"], None) if agency else None
    filing.file_document(target, row, checks, identity, run_id)
    if identity is not None:
        _merge_spellings(target, identity, json.loads(agency["spellings"]))


def _merge_spellings(target: sqlite_utils.Database, identity: Identity,
                     spellings: list[str]) -> None:
    agency_id = filing.agency_id(target, identity.region, identity.agency, None)
    known = json.loads(target["agencies"].get(agency_id)["spellings"])
    merged = known + [s for s in spellings if s not in known]
    if merged != known:
        target["agencies"].update(agency_id, {"spellings": schema.dumps(merged)})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m harvester merge",
                                     description="Merge shard databases into one.")
    parser.add_argument("inputs", nargs="+", type=Path, metavar="SHARD.db")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.inputs if not path.exists()]
    if missing:
        print(f"no such database: {', '.join(missing)}", file=sys.stderr)
        return 2
    if any(path.resolve() == args.output.resolve() for path in args.inputs if
           args.output.exists()):
        print("the output must not be one of the inputs", file=sys.stderr)
        return 2
    counts = merge(args.inputs, args.output)
    print(f"merged {len(args.inputs)} databases into {args.output}: {counts['documents']} "
          f"documents added, {counts['already_there']} already there, {counts['runs']} runs")
    return 0
