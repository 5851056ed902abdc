"""Filing a fetched document under its agency-year, and looking stored documents up.

A document joins the ``documents`` table with its checks (:func:`file_document`, the one way the
crawl's store and ``merge`` write one); when it belongs to an agency-year it brings that
report's row up to date (:func:`reconcile_report`): which copy the row keeps
(:mod:`harvester.store.reconcile`), its numbers and the figures its prose states (a report
before 2019 has only those), its history, and the checks that relate copies and neighbouring
years, recomputed from the whole set of copies. The schema and the transaction every write
happens in are :mod:`harvester.store.schema`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from harvester.store import schema
from harvester.store.agencies import Agency, Identity
from harvester.store.reconcile import (
    Copy,
    Reconciliation,
    carried_checks,
    reconcile,
    relation_checks,
    table_values,
    values_digest,
)
from harvester.store.schema import VALUE_TABLES, dumps

# The source of checks that relate documents to each other; they are recomputed, not appended.
RELATION_SOURCE = "relation"


# ---- reading --------------------------------------------------------------------------------


def stored_copy(db: sqlite_utils.Database, url: str,
                sha256: str) -> tuple[dict, dict] | None:
    """The document stored with this very URL and these very bytes, if the harvest has it: its
    row (id and report id) and its parse, with its text under ``text`` as the parser gives it
    (the inverse of splitting them into ``parsed`` and ``clean_text``)."""
    row = db.execute("SELECT id, report_id, parsed, clean_text FROM documents "
                     "WHERE url = ? AND sha256 = ?", [url, sha256]).fetchone()
    if row is None:
        return None
    document_id, report_id, parsed, text = row
    return ({"id": document_id, "report_id": report_id},
            {**json.loads(parsed or "{}"), "text": text})


def known_document(db: sqlite_utils.Database, url: str, sha256: str) -> dict | None:
    """The row (id and report id) of :func:`stored_copy`, for callers that only need to know
    the harvest has the document."""
    stored = stored_copy(db, url, sha256)
    return stored[0] if stored else None


def find_report(db: sqlite_utils.Database, region: str, agency_key: str,
                year: int) -> dict | None:
    """The stored row of an agency-year, if any."""
    rows = list(db.query(
        "SELECT r.* FROM reports r JOIN agencies a ON a.id = r.agency_id "
        "WHERE a.region = ? AND a.key = ? AND r.year = ?", [region, agency_key, year]))
    return rows[0] if rows else None


def copies_of(db: sqlite_utils.Database, report_id: int) -> list[Copy]:
    """Every fetched copy of a report, with its parse."""
    return [Copy(row["id"], row["url"], row["fetched_at"] or "", row["published"],
                 json.loads(row["parsed"] or "{}"), row["parent_url"])
            for row in db.query("SELECT id, url, fetched_at, published, parsed, parent_url "
                                "FROM documents WHERE report_id = ? ORDER BY id", [report_id])]


def report_values(db: sqlite_utils.Database, report_id: int) -> dict:
    """A report's numbers from the long tables, in the nested shape of docs/report-format.md."""
    sections: dict = {}
    for table, first, second in VALUE_TABLES:
        for row, name, value in db.execute(f"SELECT {first}, {second}, value FROM {table} "
                                           "WHERE report_id = ? ORDER BY rowid", [report_id]):
            sections.setdefault(table, {}).setdefault(row, {})[name] = value
    return sections


FIGURE_KEYS = ("key", "value", "unit", "sentence", "start", "end")


def report_figures(db: sqlite_utils.Database, report_id: int) -> list[dict]:
    """The narrative figures of a report's kept copy, in the order its text states them, in the
    shape of docs/report-format.md section 8."""
    return [dict(zip(FIGURE_KEYS, row, strict=True)) for row in db.execute(
        'SELECT key, value, unit, sentence, start, "end" FROM narrative_figures '
        "WHERE report_id = ? ORDER BY position", [report_id])]


def document_parse(db: sqlite_utils.Database, document_id: int | None) -> dict:
    """The parse stored with one document (empty when there is none)."""
    if document_id is None:
        return {}
    row = db["documents"].get(document_id)
    return json.loads(row["parsed"] or "{}")


# ---- writing --------------------------------------------------------------------------------


def file_document(db: sqlite_utils.Database, document: dict, checks: Iterable[dict],
                  identity: Identity | None, run_id: int | None) -> tuple[str, int | None]:
    """File one fetched copy (a ``documents`` row) and its checks under its agency-year, and
    bring that report's row up to date; returns what the copy was and its report's id.

    A copy with an agency-year is ``new``, ``changed``, ``copy`` or ``earlier_version``
    (:func:`reconcile_report`); one without (``identity`` None) is kept with the outcome its
    row gives (``failed``, ``not_report``) and no report. The crawl's store and ``merge`` both
    file through here, inside one :func:`harvester.store.schema.write_transaction` each: a
    copy and its report are written whole or not at all.
    """
    ensure_region(db, document["region"])
    if identity is None:
        insert_document(db, document, checks)
        return document["outcome"], None
    agency = agency_id(db, identity.region, identity.agency, identity.spelling)
    stored = find_report(db, identity.region, identity.agency.key, identity.year)
    report_id = stored["id"] if stored else None
    document_id = insert_document(db, {**document, "report_id": report_id, "outcome": "pending"},
                                  checks)
    report_id, outcome = reconcile_report(
        db, report_id, {"agency_id": agency, "agency": identity.agency.name,
                        "year": identity.year, "region": identity.region}, document_id, run_id)
    return outcome, report_id


def ensure_region(db: sqlite_utils.Database, slug: str) -> None:
    """A region the registry does not list (a discovery crawl) still gets its row, named by
    its slug, so its documents are kept."""
    db.execute("INSERT OR IGNORE INTO regions (slug, name) VALUES (?, ?)", [slug, slug])


def agency_id(db: sqlite_utils.Database, region: str, agency: Agency,
              spelling: str | None) -> int:
    """The id of an agency of a region, created on first sight; a new spelling is added."""
    rows = list(db.query("SELECT id, spellings FROM agencies WHERE region = ? AND key = ?",
                         [region, agency.key]))
    if not rows:
        return db["agencies"].insert({
            "region": region, "key": agency.key, "name": agency.name, "kind": agency.kind,
            "spellings": dumps([spelling] if spelling else [])}).last_pk
    spellings = json.loads(rows[0]["spellings"])
    if spelling and spelling not in spellings:
        db["agencies"].update(rows[0]["id"], {"spellings": dumps([*spellings, spelling])})
    return rows[0]["id"]


def insert_document(db: sqlite_utils.Database, document: dict, checks: Iterable[dict]) -> int:
    """One fetched copy and its checks (each carrying its ``source``)."""
    document_id = db["documents"].insert(document).last_pk
    _insert_checks(db, document.get("report_id"), document_id, checks)
    return document_id


def _insert_checks(db: sqlite_utils.Database, report_id: int | None, document_id: int,
                   checks: Iterable[dict]) -> None:
    db["checks"].insert_all(
        {"report_id": report_id, "document_id": document_id,
         "source": c["source"], "check": c["check"], "severity": c["severity"],
         "where": c.get("where"), "message": c.get("message")} for c in checks)


def _refresh_relation_checks(db: sqlite_utils.Database, report_id: int,
                             result: Reconciliation) -> None:
    """The checks among the copies of one agency-year, from the whole set of copies."""
    db.execute('DELETE FROM checks WHERE report_id = ? AND source = ? AND "check" IN '
               "('republished', 'copies_disagree')", [report_id, RELATION_SOURCE])
    for document_id, found in relation_checks(result):
        _insert_checks(db, report_id, document_id, [{**found, "source": RELATION_SOURCE}])


def _refresh_carried_checks(db: sqlite_utils.Database, later: dict) -> None:
    """carried_forward of the year before against ``later``'s carried_over, kept on ``later``
    (the report that should have carried the number over)."""
    db.execute('DELETE FROM checks WHERE report_id = ? AND source = ? AND "check" = '
               "'carried_over_mismatch'", [later["id"], RELATION_SOURCE])
    earlier = _neighbour(db, later, -1)
    if earlier is None:
        return
    found = carried_checks(_applications_row(db, earlier["id"], "carried_forward"),
                           _applications_row(db, later["id"], "carried_over"), earlier["year"])
    _insert_checks(db, later["id"], later["document_id"],
                   [{**c, "source": RELATION_SOURCE} for c in found])


def _applications_row(db: sqlite_utils.Database, report_id: int, item: str) -> dict:
    """One row of a report's applications table, in the shape :func:`report_values` gives:
    all that :func:`carried_checks` reads, without reading the report's other numbers."""
    cells = dict(db.execute("SELECT applicant, value FROM applications WHERE report_id = ? "
                            "AND item = ? ORDER BY rowid", [report_id, item]).fetchall())
    return {"applications": {item: cells}} if cells else {}


def _neighbour(db: sqlite_utils.Database, report: dict, offset: int) -> dict | None:
    rows = list(db.query("SELECT * FROM reports WHERE agency_id = ? AND year = ?",
                         [report["agency_id"], report["year"] + offset]))
    return rows[0] if rows else None


def _report_fields(db: sqlite_utils.Database, chosen: Copy) -> dict:
    document = db["documents"].get(chosen.document_id)
    report = chosen.report
    return {
        "title": report.get("title") or document["listed_title"],
        "template": report.get("template"),
        "published": chosen.published,
        "canonical_url": chosen.url,
        "document_id": chosen.document_id,
        "value_count": len(table_values(report)),
        "error_count": sum(1 for c in report.get("checks", ()) if c.get("severity") == "error"),
        # Every value of the row comes from the kept copy: read by OCR, all of them are.
        "ocr": 1 if report.get("ocr") else 0,
        "clean_text": document["clean_text"],
    }


def _write_values(db: sqlite_utils.Database, report_id: int, report: dict) -> None:
    # Plain executemany: sqlite-utils' insert_all inspects the table and builds its statement
    # anew for every call, which was a third of storing a new report.
    values = table_values(report)
    schema.unpublish_applications(db, report_id)
    for table, first, second in VALUE_TABLES:
        db.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])
        db.conn.executemany(
            f"INSERT INTO {table} (report_id, {first}, {second}, value) VALUES (?, ?, ?, ?)",
            [(report_id, row, name, value)
             for (section, row, name), value in values.items() if section == table])
    schema.publish_applications(db, report_id)


def _write_figures(db: sqlite_utils.Database, report_id: int, document_id: int,
                   report: dict) -> None:
    """The narrative figures of the kept copy, beside its table values; a figure without a key
    or a number (which the parser never gives) is not kept."""
    db.execute("DELETE FROM narrative_figures WHERE report_id = ?", [report_id])
    db.conn.executemany(
        "INSERT INTO narrative_figures (report_id, position, document_id, key, value, unit, "
        'sentence, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [(report_id, position, document_id, figure.get("key"), figure.get("value"),
          figure.get("unit"), figure.get("sentence"), figure.get("start"), figure.get("end"))
         for position, figure in enumerate(figures_of(report))])


def figures_of(report: dict) -> list[dict]:
    """The narrative figures of a parse that can be stored: a key and a number each."""
    return [figure for figure in report.get("narrative") or ()
            if isinstance(figure, dict) and figure.get("key")
            and isinstance(figure.get("value"), (int, float))
            and not isinstance(figure.get("value"), bool)]


def reconcile_report(db: sqlite_utils.Database, report_id: int | None, identity: dict,
                     new_document_id: int, run_id: int | None) -> tuple[int, str]:
    """Bring an agency-year's row up to date after a new copy arrived; returns the report id
    and what the new copy was: ``new``, ``changed``, ``copy`` or ``earlier_version``.

    ``identity`` holds agency_id, agency (canonical name), year and region.
    """
    if report_id is None:
        report_id = db["reports"].insert({**identity, "first_run": run_id,
                                          "updated_run": run_id}).last_pk
        db.execute("UPDATE documents SET report_id = ? WHERE id = ?", [report_id, new_document_id])
        db.execute("UPDATE checks SET report_id = ? WHERE document_id = ?",
                   [report_id, new_document_id])
        previous = None
    else:
        previous = db["reports"].get(report_id)
    result = reconcile(copies_of(db, report_id))
    fields = _report_fields(db, result.chosen)
    before = document_parse(db, previous["document_id"]) if previous else None
    values_changed = before is None or values_digest(before) != values_digest(
        result.chosen.report) or previous["template"] != fields["template"]
    if previous is None or any(previous[k] != v for k, v in fields.items()):
        db["reports"].update(report_id, {**fields, **(
            {"updated_run": run_id} if values_changed else {})})
    if values_changed:
        _write_values(db, report_id, result.chosen.report)
    if values_changed or previous is None or previous["document_id"] != fields["document_id"]:
        # The figures of the copy the row keeps: a report before 2019 has no table values, so
        # its figures follow the kept copy, not its values.
        _write_figures(db, report_id, fields["document_id"], result.chosen.report)
    # Checks relating this report to its copies and neighbouring years depend on all of them,
    # not on which came last: recomputed, so any crawl order gives the same rows.
    _refresh_relation_checks(db, report_id, result)
    report = db["reports"].get(report_id)
    _refresh_carried_checks(db, report)
    following = _neighbour(db, report, +1)
    if following is not None:
        _refresh_carried_checks(db, following)
    for earlier in result.superseded:
        db.execute(
            "INSERT OR IGNORE INTO report_history (report_id, document_id, values_digest, url, "
            "published, title, report, superseded_by, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [report_id, earlier.document_id, values_digest(earlier.report), earlier.url,
             earlier.published, earlier.report.get("title"), dumps(earlier.report),
             result.chosen.document_id, run_id])
    if previous is None:
        outcome = "new"
    elif any(c.document_id == new_document_id for c in result.superseded):
        outcome = "earlier_version"
    elif values_changed:
        outcome = "changed"
    else:
        outcome = "copy"
    db.execute("UPDATE documents SET outcome = ? WHERE id = ?", [outcome, new_document_id])
    return report_id, outcome
