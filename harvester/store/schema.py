"""The harvest database: its schema, the connection, and the one way to write it.

One SQLite file (``HARVEST_DB``, ``data/harvest.db`` by default) that Datasette publishes as it
is. One row per agency-year in ``reports``; every fetched copy in ``documents``; the numbers in
long form (one number a row, keys of ``docs/report-format.md``), so an absent value is an absent
row, never a zero; the figures the prose states beside them (``narrative_figures``, all a report
before 2019 has); every check kept; earlier versions of a corrected report in
``report_history``; one ``harvest_runs`` row per crawl. The views (labels beside the numbers,
the applications table as the template prints it, each region's health, every figure by source
and each agency's series across the years) are part of the schema, so any harvest database has
them.

The connection is in WAL mode, so Datasette can read while a crawl writes, and every write
happens inside one transaction (:func:`write_transaction`): a killed crawl leaves no half
report, and crawls of several regions can write one file at once. Filing documents and looking
them up is :mod:`harvester.store.filing`.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import sqlite_utils

from harvester.parse.vocabulary import APPLICANT_COLUMNS, all_labels

SCHEMA = """
CREATE TABLE IF NOT EXISTS regions (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT,
    level TEXT,
    parent TEXT,
    parent_name TEXT,
    home TEXT,
    hosts TEXT,
    province TEXT,
    province_name TEXT,
    until INTEGER,
    successor TEXT,
    home_source TEXT,
    probe TEXT
);
CREATE TABLE IF NOT EXISTS agencies (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL REFERENCES regions(slug),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    spellings TEXT NOT NULL DEFAULT '[]',
    UNIQUE (region, key)
);
CREATE TABLE IF NOT EXISTS harvest_runs (
    id INTEGER PRIMARY KEY,
    spider TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT,
    found INTEGER,
    new INTEGER,
    changed INTEGER,
    unchanged INTEGER,
    failed INTEGER,
    not_reports INTEGER,
    checks INTEGER,
    stats TEXT
);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    year INTEGER NOT NULL,
    region TEXT NOT NULL REFERENCES regions(slug),
    agency TEXT NOT NULL,
    title TEXT,
    template TEXT,
    published TEXT,
    canonical_url TEXT,
    document_id INTEGER REFERENCES documents(id),
    value_count INTEGER NOT NULL DEFAULT 0,
    error_count INTEGER NOT NULL DEFAULT 0,
    ocr INTEGER NOT NULL DEFAULT 0,
    clean_text TEXT,
    first_run INTEGER REFERENCES harvest_runs(id),
    updated_run INTEGER REFERENCES harvest_runs(id),
    UNIQUE (agency_id, year)
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    report_id INTEGER REFERENCES reports(id),
    region TEXT NOT NULL,
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    outcome TEXT NOT NULL,
    fetched_at TEXT,
    status INTEGER,
    content_type TEXT,
    headers TEXT,
    found_via TEXT,
    referer TEXT,
    parent_url TEXT,
    file_name TEXT,
    listed_title TEXT,
    listed_year INTEGER,
    listed_agency TEXT,
    published TEXT,
    parsed TEXT,
    clean_text TEXT,
    run_id INTEGER REFERENCES harvest_runs(id),
    UNIQUE (url, sha256)
);
CREATE INDEX IF NOT EXISTS documents_report ON documents(report_id);
CREATE INDEX IF NOT EXISTS documents_run ON documents(run_id);
CREATE TABLE IF NOT EXISTS active_disclosure (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    item TEXT NOT NULL,
    field TEXT NOT NULL,
    value NUMERIC NOT NULL,
    PRIMARY KEY (report_id, item, field)
);
CREATE TABLE IF NOT EXISTS applications (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    item TEXT NOT NULL,
    applicant TEXT NOT NULL,
    value NUMERIC NOT NULL,
    PRIMARY KEY (report_id, item, applicant)
);
CREATE TABLE IF NOT EXISTS review_litigation (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    proceeding TEXT NOT NULL,
    outcome TEXT NOT NULL,
    value NUMERIC NOT NULL,
    PRIMARY KEY (report_id, proceeding, outcome)
);
-- The figures the prose of the kept copy states (docs/report-format.md section 8), in the
-- order it states them: key, value, unit, and the sentence with its offsets in the text.
CREATE TABLE IF NOT EXISTS narrative_figures (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    position INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    key TEXT NOT NULL,
    value NUMERIC NOT NULL,
    unit TEXT,
    sentence TEXT,
    start INTEGER,
    "end" INTEGER,
    PRIMARY KEY (report_id, position)
);
CREATE INDEX IF NOT EXISTS narrative_figures_key ON narrative_figures(key);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    report_id INTEGER REFERENCES reports(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    source TEXT NOT NULL,
    "check" TEXT NOT NULL,
    severity TEXT NOT NULL,
    "where" TEXT,
    message TEXT
);
CREATE INDEX IF NOT EXISTS checks_report ON checks(report_id);
CREATE INDEX IF NOT EXISTS checks_document ON checks(document_id);
CREATE TABLE IF NOT EXISTS report_history (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    values_digest TEXT NOT NULL,
    url TEXT,
    published TEXT,
    title TEXT,
    report TEXT NOT NULL,
    superseded_by INTEGER REFERENCES documents(id),
    run_id INTEGER REFERENCES harvest_runs(id),
    UNIQUE (report_id, values_digest)
);
-- Full-text search over title and text. The default tokenizer keeps a run of Chinese
-- characters as one token, so no word inside a sentence could be found; trigram indexes every
-- three characters (shorter words: the search_any_word canned query).
CREATE VIRTUAL TABLE IF NOT EXISTS "reports_fts" USING FTS5 (
    "title", "clean_text",
    tokenize='trigram',
    content="reports"
);
CREATE TRIGGER IF NOT EXISTS "reports_ai" AFTER INSERT ON "reports" BEGIN
  INSERT INTO "reports_fts" (rowid, "title", "clean_text")
  VALUES (new.rowid, new."title", new."clean_text");
END;
CREATE TRIGGER IF NOT EXISTS "reports_ad" AFTER DELETE ON "reports" BEGIN
  INSERT INTO "reports_fts" ("reports_fts", rowid, "title", "clean_text")
  VALUES ('delete', old.rowid, old."title", old."clean_text");
END;
CREATE TRIGGER IF NOT EXISTS "reports_au" AFTER UPDATE ON "reports" BEGIN
  INSERT INTO "reports_fts" ("reports_fts", rowid, "title", "clean_text")
  VALUES ('delete', old.rowid, old."title", old."clean_text");
  INSERT INTO "reports_fts" (rowid, "title", "clean_text")
  VALUES (new.rowid, new."title", new."clean_text");
END;
CREATE TABLE IF NOT EXISTS labels (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    template TEXT NOT NULL,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (kind, key, template)
);
"""

# The section tables in long form: table, the two key columns, and the report's section key.
VALUE_TABLES = (
    ("active_disclosure", "item", "field"),
    ("applications", "item", "applicant"),
    ("review_litigation", "proceeding", "outcome"),
)


# The two views researchers facet most (section 三, a hundred rows a report) are tables the
# store keeps: filled from their query once, then kept by the store's write of a report's
# values (publish_applications) and by triggers on reports, regions and labels, so any harvest
# database has them up to date and
# Datasette reads them through indexes (a view over a national database took seconds a page,
# its facets timed out). Each row carries the region's name and the labels beside the keys.
_REPORT_COLUMNS = ("report_id", "region", "region_name", "agency", "year", "template")
_APPLICATION_VALUE_COLUMNS = (*_REPORT_COLUMNS, "item", "item_label", "applicant",
                              "applicant_label", "value")
# applications_wide is kept in the order the template prints its rows (the key leads with the
# label's position): a row no label places comes last.
UNLABELLED_POSITION = 999999
_WIDE_COLUMNS = (*_REPORT_COLUMNS, "item", "label", "position", *APPLICANT_COLUMNS)

_ROW_LABEL = ("(SELECT {what} FROM labels WHERE kind = 'application_row' AND key = {item} "
              "AND template = {template})")
_COLUMN_LABEL = ("(SELECT label FROM labels WHERE kind = 'applicant_column' "
                 "AND key = {applicant} AND template = '')")
_REGION_NAME = "(SELECT name FROM regions WHERE slug = {region})"


def _application_values_select(source: str, where: str) -> str:
    """The rows of ``application_values`` for the applications rows ``source`` (``a``)."""
    return f"""SELECT a.report_id, r.region, {_REGION_NAME.format(region="r.region")}, r.agency,
    r.year, r.template, a.item,
    {_ROW_LABEL.format(what="label", item="a.item", template="r.template")}, a.applicant,
    {_COLUMN_LABEL.format(applicant="a.applicant")}, a.value
FROM {source} a JOIN reports r ON r.id = a.report_id
WHERE {where}"""


def _applications_wide_select(source: str, where: str, group: str) -> str:
    """The rows of ``applications_wide`` for the applications rows ``source`` (``a``)."""
    columns = ",\n    ".join(
        f"max(CASE WHEN a.applicant = '{column}' THEN a.value END)" for column in APPLICANT_COLUMNS)
    return f"""SELECT a.report_id, r.region, {_REGION_NAME.format(region="r.region")}, r.agency,
    r.year, r.template, a.item,
    {_ROW_LABEL.format(what="label", item="a.item", template="r.template")},
    coalesce({_ROW_LABEL.format(what="position", item="a.item", template="r.template")},
        {UNLABELLED_POSITION}),
    {columns}
FROM {source} a JOIN reports r ON r.id = a.report_id
WHERE {where}
GROUP BY {group}"""


def _names(columns: Iterable[str]) -> str:
    return ", ".join(columns)


_APPLICANT_SQL_COLUMNS = ",\n    ".join(f"{column} NUMERIC" for column in APPLICANT_COLUMNS)
_REPORT_SET = ("region = new.region, region_name = {region_name}, agency = new.agency, "
               "year = new.year, template = new.template").format(
                   region_name=_REGION_NAME.format(region="new.region"))

PUBLICATION_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS application_values (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    region TEXT NOT NULL REFERENCES regions(slug),
    region_name TEXT,
    agency TEXT NOT NULL,
    year INTEGER NOT NULL,
    template TEXT,
    item TEXT NOT NULL,
    item_label TEXT,
    applicant TEXT NOT NULL,
    applicant_label TEXT,
    value NUMERIC NOT NULL,
    PRIMARY KEY (report_id, item, applicant)
);
-- Indexes whose entries of one report sit side by side (one region, one year), so that a
-- report's hundred values touch a few pages of each, however large the database.
CREATE INDEX IF NOT EXISTS application_values_region ON application_values(region, year);
CREATE INDEX IF NOT EXISTS application_values_totals
    ON application_values(applicant, year, region, item, value);
CREATE TABLE IF NOT EXISTS applications_wide (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    region TEXT NOT NULL REFERENCES regions(slug),
    region_name TEXT,
    agency TEXT NOT NULL,
    year INTEGER NOT NULL,
    template TEXT,
    item TEXT NOT NULL,
    label TEXT,
    position INTEGER NOT NULL,
    {_APPLICANT_SQL_COLUMNS},
    PRIMARY KEY (report_id, position, item),
    UNIQUE (report_id, item)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS applications_wide_region ON applications_wide(region, year);
-- The 总计 column summed per region, year and row, with how many reports state it: the
-- dashboard and the by-year questions read this instead of every report's rows.
CREATE TABLE IF NOT EXISTS application_totals (
    region TEXT NOT NULL,
    year INTEGER NOT NULL,
    item TEXT NOT NULL,
    applications NUMERIC NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (region, year, item)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reports_year ON reports(year);
CREATE INDEX IF NOT EXISTS reports_region ON reports(region, year);
CREATE INDEX IF NOT EXISTS reports_template ON reports(template);
CREATE INDEX IF NOT EXISTS documents_outcome ON documents(outcome);
CREATE INDEX IF NOT EXISTS documents_region ON documents(region);
CREATE INDEX IF NOT EXISTS checks_kind ON checks("check", severity);
CREATE INDEX IF NOT EXISTS checks_severity ON checks(severity);
DROP TRIGGER IF EXISTS applications_publication_ai;
DROP TRIGGER IF EXISTS applications_publication_ad;
DROP TRIGGER IF EXISTS applications_publication_au;
CREATE TRIGGER IF NOT EXISTS reports_publication_moved
AFTER UPDATE OF region, year ON reports BEGIN
  UPDATE application_totals SET
    applications = applications - (SELECT value FROM applications WHERE report_id = old.id
      AND applicant = 'total' AND item = application_totals.item),
    reports = reports - 1
  WHERE region = old.region AND year = old.year AND item IN
    (SELECT item FROM applications WHERE report_id = old.id AND applicant = 'total');
  INSERT INTO application_totals (region, year, item, applications, reports)
    SELECT new.region, new.year, item, value, 1 FROM applications
    WHERE report_id = new.id AND applicant = 'total'
    ON CONFLICT (region, year, item) DO UPDATE SET
      applications = applications + excluded.applications, reports = reports + 1;
  DELETE FROM application_totals WHERE reports = 0;
END;
CREATE TRIGGER IF NOT EXISTS reports_publication_au
AFTER UPDATE OF region, agency, year, template ON reports BEGIN
  UPDATE application_values SET {_REPORT_SET},
    item_label = {_ROW_LABEL.format(what="label", item="item", template="new.template")}
  WHERE report_id = new.id;
  UPDATE applications_wide SET {_REPORT_SET},
    label = {_ROW_LABEL.format(what="label", item="item", template="new.template")},
    position = coalesce({_ROW_LABEL.format(what="position", item="item", template="new.template")},
        {UNLABELLED_POSITION})
  WHERE report_id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS regions_publication_ai AFTER INSERT ON regions BEGIN
  UPDATE application_values SET region_name = new.name WHERE region = new.slug;
  UPDATE applications_wide SET region_name = new.name WHERE region = new.slug;
END;
CREATE TRIGGER IF NOT EXISTS regions_publication_au AFTER UPDATE OF name ON regions BEGIN
  UPDATE application_values SET region_name = new.name WHERE region = new.slug;
  UPDATE applications_wide SET region_name = new.name WHERE region = new.slug;
END;
CREATE TRIGGER IF NOT EXISTS labels_publication_ai AFTER INSERT ON labels BEGIN
  {{labels}}
END;
CREATE TRIGGER IF NOT EXISTS labels_publication_au AFTER UPDATE ON labels BEGIN
  {{labels}}
END;
""".replace("{labels}", '''UPDATE application_values SET item_label = new.label
    WHERE new.kind = 'application_row' AND item = new.key AND template = new.template;
  UPDATE application_values SET applicant_label = new.label
    WHERE new.kind = 'applicant_column' AND applicant = new.key;
  UPDATE applications_wide SET label = new.label, position = new.position
    WHERE new.kind = 'application_row' AND item = new.key AND template = new.template;''')

# The script ensure_schema runs: the harvest's tables, then the publication's.
SCHEMA += PUBLICATION_SCHEMA

# Tables the store fills from their query when they are new (an older database had them as
# views) or when asked (:func:`rebuild_publication`).
MATERIALISED = {
    "application_values": (_APPLICATION_VALUE_COLUMNS,
                           _application_values_select("applications", "true")),
    "applications_wide": (_WIDE_COLUMNS, _applications_wide_select(
        "applications", "true", "a.report_id, a.item")),
    "application_totals": (("region", "year", "item", "applications", "reports"), """SELECT
    r.region, r.year, a.item, sum(a.value), count(*)
FROM applications a JOIN reports r ON r.id = a.report_id
WHERE a.applicant = 'total'
GROUP BY r.region, r.year, a.item"""),
}


# The long tables with the Chinese label of every key beside it.
LABELLED_VIEWS = {
    "active_disclosure_values": """
SELECT r.id AS report_id, r.region, r.agency, r.year, r.template,
    d.item, row_label.label AS item_label, d.field, field_label.label AS field_label, d.value
FROM active_disclosure d
JOIN reports r ON r.id = d.report_id
LEFT JOIN labels row_label ON row_label.kind = 'active_row' AND row_label.key = d.item
    AND row_label.template = r.template
LEFT JOIN labels field_label ON field_label.kind = 'active_field'
    AND field_label.key = d.item || '.' || d.field AND field_label.template = r.template
""",
    "review_litigation_values": """
SELECT r.id AS report_id, r.region, r.agency, r.year, r.template,
    v.proceeding, group_label.label AS proceeding_label,
    v.outcome, field_label.label AS outcome_label, v.value
FROM review_litigation v
JOIN reports r ON r.id = v.report_id
LEFT JOIN labels group_label ON group_label.kind = 'review_group' AND group_label.key = v.proceeding
LEFT JOIN labels field_label ON field_label.kind = 'review_field' AND field_label.key = v.outcome
""",
}


# Each region's latest crawl and its verdict (the classification of :mod:`harvester.store.health`):
# part of the schema, so Datasette finds it in any harvest database, one no summary has read.
REGION_HEALTH_SQL = """
WITH runs AS (
    SELECT spider AS region, id, started_at, finished_at, finish_reason, found, new, changed,
        failed, checks,
        coalesce(json_extract(stats, '$."harvester/outcome/blocked"'), 0) AS blocked,
        coalesce(json_extract(stats,
            '$."downloader/exception_type_count/twisted.internet.error.TimeoutError"'), 0)
            AS timeouts,
        (SELECT count(*) FROM json_each(coalesce(stats, '{}'))
         WHERE key LIKE 'harvest/trap/%' OR key LIKE 'harvest/budget/%') AS bounds_met,
        row_number() OVER (PARTITION BY spider ORDER BY id DESC) AS age
    FROM harvest_runs
),
latest AS (SELECT * FROM runs WHERE age = 1),
previous AS (SELECT * FROM runs WHERE age = 2)
SELECT latest.region, latest.id AS run_id, latest.started_at, latest.finished_at,
    latest.found, previous.found AS previous_found, latest.new, latest.changed, latest.failed,
    latest.checks, latest.blocked, latest.timeouts, latest.finish_reason,
    CASE
        WHEN latest.finished_at IS NULL
            OR latest.finish_reason IN ('shutdown', 'unclean_shutdown') THEN 'unfinished'
        WHEN latest.finish_reason = 'storage_error' THEN 'storage_error'
        WHEN latest.finish_reason = 'closespider_timeout' THEN 'timeout'
        WHEN latest.finish_reason = 'request_budget' OR latest.bounds_met > 0 THEN 'trap'
        WHEN latest.found > 0 AND latest.found >= coalesce(previous.found, 0) THEN 'ok'
        WHEN latest.blocked > 0 THEN 'blocked'
        WHEN latest.timeouts > 0 THEN 'timeout'
        WHEN coalesce(previous.found, 0) > 0 THEN 'layout changed'
        ELSE 'no reports yet'
    END AS health
FROM latest LEFT JOIN previous ON previous.region = latest.region
ORDER BY health = 'ok', latest.region
"""


# Every figure of every report in one long list, by where it was read: ``source = 'table'`` for
# a number of the template tables, keyed ``section.row.column`` (the dotted keys of
# docs/report-format.md), ``'text'`` for a figure the prose states (narrative_figures, the
# keys of section 8), with its sentence. Reports before 2019 have text figures only, so a series
# from 2008 to today is one query on this view.
FIGURES_SQL = """
SELECT r.id AS report_id, r.region, r.agency, r.year, r.template, 'table' AS source,
    'applications.' || a.item || '.' || a.applicant AS key, a.value, '件' AS unit,
    NULL AS sentence, NULL AS position
FROM applications a JOIN reports r ON r.id = a.report_id
UNION ALL
SELECT r.id, r.region, r.agency, r.year, r.template, 'table',
    'active_disclosure.' || d.item || '.' || d.field, d.value,
    CASE WHEN d.field = 'amount_wan_yuan' THEN '万元' ELSE '件' END, NULL, NULL
FROM active_disclosure d JOIN reports r ON r.id = d.report_id
UNION ALL
SELECT r.id, r.region, r.agency, r.year, r.template, 'table',
    'review_litigation.' || v.proceeding || '.' || v.outcome, v.value, '件', NULL, NULL
FROM review_litigation v JOIN reports r ON r.id = v.report_id
UNION ALL
SELECT r.id, r.region, r.agency, r.year, r.template, 'text', n.key, n.value, n.unit,
    n.sentence, n.position
FROM narrative_figures n JOIN reports r ON r.id = n.report_id
"""


def _text_figure(key: str) -> str:
    """The first statement of a key in a report's prose (a later one restates or breaks down)."""
    return (f"(SELECT n.value FROM narrative_figures n WHERE n.report_id = r.id "
            f"AND n.key = '{key}' ORDER BY n.position LIMIT 1)")


# The main figures of each agency-year, each from the tables where they state it, else from the
# text (reports before 2019 have no tables): applications new (row new), handled (row total;
# the text's 办结/答复), granted, administrative reviews, lawsuits (direct plus after review), and
# the active disclosure count, which no template table holds (text only). ``source`` says where
# the first five came from: 'table', 'text', or 'table+text' when some came from each.
SERIES_FIGURES = (
    # (column, the table's value, the text's value)
    ("applications_new",
     "(SELECT value FROM applications WHERE report_id = r.id AND item = 'new' "
     "AND applicant = 'total')", _text_figure("applications.new.total")),
    ("applications_handled",
     "(SELECT value FROM applications WHERE report_id = r.id AND item = 'total' "
     "AND applicant = 'total')", _text_figure("applications.answered.total")),
    ("granted",
     "(SELECT value FROM applications WHERE report_id = r.id AND item = 'granted' "
     "AND applicant = 'total')", _text_figure("applications.granted.total")),
    ("reviews",
     "(SELECT value FROM review_litigation WHERE report_id = r.id AND proceeding = 'review' "
     "AND outcome = 'total')", _text_figure("review_litigation.review.total")),
    ("lawsuits",
     "(SELECT CASE WHEN count(*) = 2 THEN sum(value) END FROM review_litigation "
     "WHERE report_id = r.id AND outcome = 'total' "
     "AND proceeding IN ('litigation_direct', 'litigation_after_review'))",
     f"coalesce({_text_figure('review_litigation.litigation.total')}, "
     f"{_text_figure('review_litigation.litigation_direct.total')} + "
     f"{_text_figure('review_litigation.litigation_after_review.total')})"),
)


def _agency_series_sql() -> str:
    pairs = ",\n        ".join(f"{table} AS table_{name}, {text} AS text_{name}"
                              for name, table, text in SERIES_FIGURES)
    chosen = ",\n    ".join(f"coalesce(table_{name}, text_{name}) AS {name}"
                            for name, _, _ in SERIES_FIGURES)
    from_table = " OR ".join(f"table_{name} IS NOT NULL" for name, _, _ in SERIES_FIGURES)
    from_text = " OR ".join(f"(table_{name} IS NULL AND text_{name} IS NOT NULL)"
                            for name, _, _ in SERIES_FIGURES)
    return f"""
SELECT report_id, region, agency_id, agency, year, template,
    {chosen},
    active_disclosure_items,
    CASE
        WHEN ({from_table}) AND ({from_text}) THEN 'table+text'
        WHEN {from_table} THEN 'table'
        WHEN ({from_text}) OR active_disclosure_items IS NOT NULL THEN 'text'
    END AS source
FROM (
    SELECT r.id AS report_id, r.region, r.agency_id, r.agency, r.year, r.template,
        {pairs},
        {_text_figure("active_disclosure.items")} AS active_disclosure_items
    FROM reports r
)
ORDER BY agency_id, year
"""


# Each region's latest crawl, its health and its coverage verdict (the view region_coverage):
# why a region gave no report, for a national harvest's map of what is missing.
REGION_COVERAGE_SQL = """
SELECT h.region,
    CASE WHEN instr(h.region, '_') > 0 THEN substr(h.region, 1, instr(h.region, '_') - 1)
        ELSE h.region END AS province,
    h.run_id, h.health, h.found, h.blocked,
    json_extract(r.stats, '$."harvest/home/status"') AS home_status,
    json_extract(r.stats, '$."harvest/home/failed"') AS home_failed,
    json_extract(r.stats, '$."harvest/discovery/column"') AS column_found,
    json_extract(r.stats, '$."harvest/discovery/family"') AS family_found,
    json_extract(r.stats, '$."harvest/home/cms"') AS home_cms,
    CASE
        WHEN h.health IN ('unfinished', 'storage_error') THEN 'unfinished'
        WHEN json_extract(r.stats, '$."harvest/home/none"') IS NOT NULL THEN 'no portal'
        WHEN h.found > 0 THEN 'reports'
        WHEN h.blocked > 0 THEN 'blocked'
        WHEN json_extract(r.stats, '$."harvest/home/failed"') IS NOT NULL
            OR json_extract(r.stats, '$."harvest/home/status"') >= 400
            OR coalesce(json_extract(r.stats, '$."downloader/response_count"'), 0) = 0
            THEN 'unreachable'
        WHEN json_extract(r.stats, '$."harvest/home/status"') IS NOT NULL
            AND json_extract(r.stats, '$."harvest/discovery/column"') IS NULL THEN 'no column'
        ELSE 'empty column'
    END AS coverage
FROM region_health h JOIN harvest_runs r ON r.id = h.run_id
"""

# The coverage of the harvested regions by province (the view province_health).
PROVINCE_HEALTH_SQL = """
SELECT province, count(*) AS harvested,
    sum(coverage NOT IN ('unreachable', 'no portal', 'unfinished')) AS reachable,
    sum(coverage IN ('reports', 'empty column')) AS with_column,
    sum(coverage = 'reports') AS with_reports,
    sum(coverage = 'unreachable') AS unreachable, sum(coverage = 'blocked') AS blocked,
    sum(coverage = 'no column') AS no_column, sum(coverage = 'empty column') AS empty_column,
    sum(coverage = 'no portal') AS no_portal, sum(coverage = 'unfinished') AS unfinished
FROM region_coverage GROUP BY province ORDER BY province
"""


VIEWS = {**LABELLED_VIEWS,
         "region_health": REGION_HEALTH_SQL, "region_coverage": REGION_COVERAGE_SQL,
         "province_health": PROVINCE_HEALTH_SQL, "figures": FIGURES_SQL,
         "agency_series": _agency_series_sql()}
SCHEMA_NAMES = {*re.findall(r'CREATE (?:VIRTUAL TABLE|TABLE|INDEX|TRIGGER) IF NOT EXISTS "?(\w+)',
                            SCHEMA), *VIEWS}


# The narrative figures of every report's kept copy, read from the parse stored with it (the
# parse holds them since the parser reads them): fills the table in a database made before it.
BACKFILL_NARRATIVE = """
INSERT OR IGNORE INTO narrative_figures (report_id, position, document_id, key, value, unit,
    sentence, start, "end")
SELECT r.id, f.key, d.id, json_extract(f.value, '$.key'), json_extract(f.value, '$.value'),
    json_extract(f.value, '$.unit'), json_extract(f.value, '$.sentence'),
    json_extract(f.value, '$.start'), json_extract(f.value, '$.end')
FROM reports r JOIN documents d ON d.id = r.document_id,
    json_each(CASE WHEN json_valid(d.parsed) THEN d.parsed END, '$.narrative') f
WHERE json_extract(f.value, '$.key') IS NOT NULL AND json_extract(f.value, '$.value') IS NOT NULL
"""


# How long a connection waits for another's write lock before SQLite says it is busy.
BUSY_TIMEOUT_MS = 30000


class WriteLockBusy(Exception):
    """Another connection holds the database's write lock (``write_transaction(wait=False)``)."""


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the harvest database in WAL mode, with the schema in place."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        _enable_wal(db)
        # In WAL mode NORMAL still commits every transaction whole (a killed crawl leaves no
        # half report) but skips an fsync per commit; only a power cut could lose the last
        # few reports, which the next crawl fetches again.
        db.execute("PRAGMA synchronous = NORMAL")
    ensure_schema(db)
    sync_labels(db)
    return db


def _enable_wal(db: sqlite_utils.Database, attempts: int = 50) -> None:
    """WAL mode, which the first connection to a new file switches it to. Crawls that start
    together on a new database race for the switch, and SQLite answers "database is locked"
    at once to the loser, whatever the busy timeout: it tries again a moment later (by then
    the file is in WAL mode, and nothing is left to switch); the last try's error is raised."""
    for _ in range(attempts - 1):
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as error:
            if not (getattr(error, "sqlite_errorname", "") or "").startswith("SQLITE_BUSY"):
                raise
            time.sleep(0.1)
    db.enable_wal()


def _statements(script: str) -> Iterator[str]:
    """The statements of a script, one by one (``executescript`` would commit first)."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                yield buffer
            buffer = ""


def _view_statement(name: str) -> str:
    return f'CREATE VIEW "{name}" AS {VIEWS[name].rstrip()}'  # as SQLite keeps it


# Columns added to a table after databases were made with it: (table, column, type).
ADDED_COLUMNS = (("regions", "province", "TEXT"), ("regions", "province_name", "TEXT"),
                 ("regions", "until", "INTEGER"), ("regions", "successor", "TEXT"),
                 ("regions", "home_source", "TEXT"), ("regions", "probe", "TEXT"))


def _schema_present(db: sqlite_utils.Database) -> tuple[dict[str, str], list[str]]:
    """What the database holds (name to SQL), and which of its views differ from :data:`VIEWS`."""
    present = dict(db.execute("SELECT name, sql FROM sqlite_master"))
    return present, [name for name in VIEWS
                     if name in present and present[name] != _view_statement(name)]


def _missing_columns(db: sqlite_utils.Database, present: dict[str, str]) -> list[tuple]:
    """The :data:`ADDED_COLUMNS` an older database's tables lack."""
    return [(table, column, kind) for table, column, kind in ADDED_COLUMNS
            if table in present and not re.search(rf"\b{column}\b", present[table])]


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create what is missing (on a new file everything, on an older database what was added
    since, an index say) and replace a view whose definition changed (a new health verdict), in
    one transaction, so that crawls starting together on a new file do not race; on an
    up-to-date database this writes nothing."""
    present, stale = _schema_present(db)
    if present.keys() >= SCHEMA_NAMES and not stale and not _missing_columns(db, present):
        return
    with write_transaction(db):
        present, stale = _schema_present(db)  # another crawl may have been first
        for table, column, kind in _missing_columns(db, present):
            db.conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {kind}')
        for name in stale:
            db.conn.execute(f'DROP VIEW "{name}"')
        new_tables = [name for name in MATERIALISED if name not in present
                      or present[name].startswith("CREATE VIEW")]
        for name in new_tables:  # a view in a database older than the tables
            db.conn.execute(f'DROP VIEW IF EXISTS "{name}"')
        for statement in _statements(SCHEMA):
            db.conn.execute(statement)
        if "narrative_figures" not in present:
            # A database older than the table: the figures of every kept copy, from its parse.
            db.conn.execute(BACKFILL_NARRATIVE)
        for name in VIEWS:
            if name not in present or name in stale:
                db.conn.execute(_view_statement(name))
        for name in new_tables:
            _fill(db, name)


def _fill(db: sqlite_utils.Database, name: str) -> None:
    columns, select = MATERIALISED[name]
    db.conn.execute(f'DELETE FROM "{name}"')
    db.conn.execute(f'INSERT INTO "{name}" ({_names(columns)}) {select}')


def rebuild_publication(db: sqlite_utils.Database) -> None:
    """Fill the tables the store keeps for the publication (:data:`MATERIALISED`) anew from
    their query: after a bulk load that bypassed the store (the national benchmark), or to
    check that the store kept them right. Then ``ANALYZE``, so SQLite picks the indexes."""
    with write_transaction(db):
        for name in MATERIALISED:
            _fill(db, name)
    db.execute("ANALYZE")


# A report's applications in the publication's tables: written by the store for each report
# whose values it writes (:func:`unpublish_applications` before, :func:`publish_applications`
# after), a few statements a report rather than triggers on each of its 175 values.
_PUBLISH = (
    f"INSERT INTO application_values ({_names(_APPLICATION_VALUE_COLUMNS)})\n"
    + _application_values_select("applications", "a.report_id = :id"),
    f"INSERT INTO applications_wide ({_names(_WIDE_COLUMNS)})\n"
    + _applications_wide_select("applications", "a.report_id = :id", "a.report_id, a.item"),
    """INSERT INTO application_totals (region, year, item, applications, reports)
SELECT r.region, r.year, a.item, a.value, 1
FROM applications a JOIN reports r ON r.id = a.report_id
WHERE a.report_id = :id AND a.applicant = 'total' AND true
ON CONFLICT (region, year, item) DO UPDATE SET
    applications = applications + excluded.applications, reports = reports + 1""",
)
_UNPUBLISH = (
    "DELETE FROM application_values WHERE report_id = :id",
    "DELETE FROM applications_wide WHERE report_id = :id",
    """UPDATE application_totals SET
    applications = applications - (SELECT value FROM applications
        WHERE report_id = :id AND applicant = 'total' AND item = application_totals.item),
    reports = reports - 1
WHERE (region, year) = (SELECT region, year FROM reports WHERE id = :id)
    AND item IN (SELECT item FROM applications WHERE report_id = :id AND applicant = 'total')""",
    "DELETE FROM application_totals WHERE reports = 0",
)


def unpublish_applications(db: sqlite_utils.Database, report_id: int) -> None:
    """Take a report's applications out of the publication's tables, before they change."""
    for statement in _UNPUBLISH:
        db.execute(statement, {"id": report_id})


def publish_applications(db: sqlite_utils.Database, report_id: int) -> None:
    """Put a report's applications, as written, into the publication's tables."""
    for statement in _PUBLISH:
        db.execute(statement, {"id": report_id})


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database,
                      wait: bool = True) -> Iterator[sqlite_utils.Database]:
    """One transaction that takes the write lock at once (``BEGIN IMMEDIATE``).

    Crawls of several regions write one database in parallel. A plain ``BEGIN`` that reads
    before it writes fails at once with "database is locked" when another crawl committed in
    between (SQLite cannot upgrade a stale read snapshot, and the busy timeout does not apply);
    an immediate transaction waits for its turn instead. sqlite-utils calls inside it nest as
    savepoints.

    ``wait=False``: when another connection holds the write lock, raise :class:`WriteLockBusy`
    at once instead of waiting the busy timeout, so that the caller can wait without blocking
    its thread (the store pipeline: a process crawling a hundred regions waits in its reactor,
    whose other crawls go on meanwhile).
    """
    if wait:
        db.conn.execute("BEGIN IMMEDIATE")
    else:
        db.conn.execute("PRAGMA busy_timeout = 0")
        try:
            db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if (getattr(error, "sqlite_errorname", "") or "").startswith("SQLITE_BUSY"):
                raise WriteLockBusy(str(error)) from error
            raise
        finally:
            db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")


def sync_labels(db: sqlite_utils.Database) -> None:
    """Every key with its Chinese label (:mod:`harvester.parse.vocabulary`), written only when
    it changed."""
    rows = [{**label, "position": position} for position, label in enumerate(all_labels())]
    _sync(db, "labels", rows, ("kind", "key", "template"))


def sync_regions(db: sqlite_utils.Database, regions: Iterable[dict]) -> None:
    """The registry's regions, written only when an entry is new or changed."""
    _sync(db, "regions", list(regions), ("slug",))


def _sync(db: sqlite_utils.Database, table: str, rows: list[dict], pk: tuple[str, ...]) -> None:
    """Upsert the rows that are missing or differ, so that an unchanged source writes nothing
    (a re-crawl must leave the database as it was). Every crawl opens the database and syncs
    a hundred labels: the stored rows are compared as plain tuples, in one read."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{column}"' for column in columns)
    stored = set(db.execute(f'SELECT {names} FROM "{table}"').fetchall())
    changed = [row for row in rows if tuple(row[column] for column in columns) not in stored]
    if changed:
        with write_transaction(db):
            db[table].upsert_all(changed, pk=pk)


def dumps(value: object) -> str:
    """JSON for a text column: Chinese kept readable, dates and the like as strings."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
