"""The tables the store keeps for the publication (``application_values``,
``applications_wide``, ``application_totals``): the store's writes (a report's values, a
correction, a renamed region, a moved report) keep them equal to their query."""

from __future__ import annotations

import sqlite3

from harvester.store import filing, schema
from tests.support.harvest import build


def _rows(db, name):
    columns, _ = schema.MATERIALISED[name]
    return sorted(db.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall(), key=repr)


def _fresh(db, name):
    _, select = schema.MATERIALISED[name]
    return sorted(db.execute(select).fetchall(), key=repr)


def test_kept_tables_equal_their_query(tmp_path):
    path, truth = build(tmp_path)
    db = schema.connect(path)
    for name in schema.MATERIALISED:
        assert _rows(db, name) == _fresh(db, name) and _rows(db, name), name
    # A number typed from the rendered report: the bureau's new applications of natural persons.
    bureau = truth[1]["applications"]["new"]["natural_person"]
    (row,) = db.execute("SELECT region_name, agency, year, item_label, applicant_label, value "
                        "FROM application_values WHERE year = 2022 AND item = 'new' "
                        "AND applicant = 'natural_person'").fetchall()
    assert row == ("白山市浑江区", "白山市浑江区教育局", 2022, "一、本年新收政府信息公开申请数量",
                   "自然人", bureau)
    (wide,) = db.execute("SELECT natural_person, total, label FROM applications_wide "
                         "WHERE year = 2022 AND item = 'new'").fetchall()
    assert wide == (bureau, truth[1]["applications"]["new"]["total"],
                    "一、本年新收政府信息公开申请数量")


def test_the_tables_follow_corrections_and_renames(tmp_path):
    path, _ = build(tmp_path)
    db = schema.connect(path)
    report_id = db.execute("SELECT id FROM reports WHERE year = 2022").fetchone()[0]
    corrected = filing.report_values(db, report_id)
    corrected["applications"]["new"].update(commercial=999, total=500)
    del corrected["applications"]["total"]
    with schema.write_transaction(db):
        filing._write_values(db, report_id, corrected)  # the store's one write of values
        db.execute("UPDATE regions SET name = '浑江区' WHERE slug = 'jilin_baishan_hunjiang'")
        db.execute("UPDATE reports SET year = 2020 WHERE id = ?", [report_id])
    for name in schema.MATERIALISED:
        assert _rows(db, name) == _fresh(db, name), name
    assert db.execute("SELECT commercial FROM applications_wide WHERE report_id = ? "
                      "AND item = 'new'", [report_id]).fetchone() == (999,)
    assert db.execute("SELECT count(*) FROM applications_wide WHERE report_id = ? "
                      "AND item = 'total'", [report_id]).fetchone() == (0,)
    assert {r[0] for r in db.execute("SELECT DISTINCT region_name FROM application_values")} \
        == {"浑江区"}
    # The moved report's 总计 left 2022 for 2020: 2022 has no report left.
    assert db.execute("SELECT applications, reports FROM application_totals WHERE year = 2020 "
                      "AND item = 'new'").fetchall() == [(500, 1)]
    assert db.execute("SELECT count(*) FROM application_totals WHERE year = 2022").fetchone() \
        == (0,)


def test_an_older_database_with_views_gets_the_tables(tmp_path):
    path, _ = build(tmp_path)
    db = schema.connect(path)
    expected = {name: _rows(db, name) for name in schema.MATERIALISED}
    with schema.write_transaction(db):
        for name in schema.MATERIALISED:
            db.execute(f"DROP TABLE {name}")
            db.execute(f"CREATE VIEW {name} AS SELECT 1 AS one")
    db.close()
    db = schema.connect(path)
    for name in schema.MATERIALISED:
        assert _rows(db, name) == expected[name], name


def test_the_publication_reads_through_indexes(tmp_path):
    path, _ = build(tmp_path)
    db = sqlite3.connect(path)
    for sql in ("SELECT year, count(*) FROM application_values WHERE region = 'x' GROUP BY year",
                "SELECT year, item, sum(value) FROM application_values WHERE applicant = 'total' "
                "GROUP BY year, item",
                "SELECT * FROM applications_wide WHERE region = 'x' AND year = 2022",
                "SELECT year, count(*) FROM reports GROUP BY year"):
        plan = " ".join(r[-1] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "INDEX" in plan, (sql, plan)
