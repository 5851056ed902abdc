"""The figures the prose states, in the database: ``narrative_figures`` beside the template
tables, the ``figures`` view of every figure by source, the ``agency_series`` view (tables win,
text fills), export, merge, and a database made before the table.

Every expected figure is typed by hand from the prose written below; table values are the
report's own (the input the page was rendered from)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

from harvester.demo.render import render_html
from harvester.store import filing, schema
from harvester.store.export import report_objects
from harvester.store.merge import merge
from pipelines.store import store_item
from tests.support.harvest import make_item, make_report

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://www.hunjiang.gov.cn/zwgk/zfxxgknb/"
GOVERNMENT = "白山市浑江区人民政府"

# A report before 2019: no table, its figures in prose only.
LEGACY_2012 = [
    "白山市浑江区人民政府2012年政府信息公开工作年度报告",
    "一、概述",
    "2012年，我区全年主动公开政府信息356条，均通过政府网站公开。",
    "二、依申请公开政府信息情况",
    "全年共受理政府信息公开申请7件，办结7件，其中予以公开5件。",
    "三、政府信息公开的收费及减免情况",
    "未收取任何费用。",
    "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "因政府信息公开申请提起行政复议1件、行政诉讼0件。",
]
# key, value, unit and sentence, as the prose above states them.
_ACTIVE = "2012年，我区全年主动公开政府信息356条，均通过政府网站公开。"
_APPLICATIONS = "全年共受理政府信息公开申请7件，办结7件，其中予以公开5件。"
_PROCEEDINGS = "因政府信息公开申请提起行政复议1件、行政诉讼0件。"
LEGACY_2012_FIGURES = [
    ("active_disclosure.items", 356, "条", _ACTIVE),
    ("applications.new.total", 7, "件", _APPLICATIONS),
    ("applications.answered.total", 7, "件", _APPLICATIONS),
    ("applications.granted.total", 5, "件", _APPLICATIONS),
    ("applications.fees", 0, "元", "未收取任何费用。"),
    ("review_litigation.review.total", 1, "件", _PROCEEDINGS),
    ("review_litigation.litigation.total", 0, "件", _PROCEEDINGS),
]
# The same year re-published later with other figures (the copy the row keeps then).
LEGACY_2012_LATER = [
    "白山市浑江区人民政府2012年政府信息公开工作年度报告",
    "一、概述",
    "本年度通过政府门户网站主动公开信息360条。",
    "二、依申请公开政府信息情况",
    "本年度未收到政府信息公开申请。",
]


def page(paragraphs: list[str], published: str) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (f'<html><head><meta charset="utf-8"><title>{paragraphs[0]}</title>'
            f'<meta name="PubDate" content="{published} 09:30"></head>'
            f'<body><div class="nav">首页 登录 注册</div><div class="TRS_Editor">{body}</div>'
            "</body></html>").encode()


def page_with_prose(report: dict, published: str, prose: str) -> bytes:
    """A report rendered as its portal shows it, with ``prose`` stating figures in its
    overview."""
    html = render_html(report, "plain")
    overview = "<p>一、总体情况</p>"
    assert overview in html
    html = html.replace(overview, f"{overview}<p>{prose}</p>")
    return (f'<html><head><meta charset="utf-8"><meta name="PubDate" content="{published} '
            f'09:30"></head><body><div class="TRS_Editor">{html}</div></body></html>').encode()


def store(harvest, database, url, body):
    return store_item(database, harvest(make_item(url, body)), run_id=None)


def figure_rows(database, report_id) -> list[tuple]:
    return [(f["key"], f["value"], f["unit"], f["sentence"])
            for f in filing.report_figures(database, report_id)]


def series(database, agency) -> dict[int, dict]:
    return {row["year"]: row for row in database.query(
        "SELECT * FROM agency_series WHERE agency = ?", [agency])}


def test_a_legacy_report_is_an_agency_year_with_its_figures(harvest, database):
    outcome, report_id = store(harvest, database, BASE + "2012.html",
                               page(LEGACY_2012, "2013-02-20"))
    assert outcome == "new"
    report = database["reports"].get(report_id)
    assert (report["agency"], report["year"], report["template"]) == (GOVERNMENT, 2012, "legacy")
    assert filing.report_values(database, report_id) == {}
    assert figure_rows(database, report_id) == LEGACY_2012_FIGURES
    # Each sentence is where its offsets say, in the text kept with the copy.
    for figure in filing.report_figures(database, report_id):
        assert report["clean_text"][figure["start"]:figure["end"]] == figure["sentence"]
    (document,) = database["documents"].rows
    assert {row["document_id"] for row in database["narrative_figures"].rows} == \
        {document["id"]}


def test_the_figures_follow_the_copy_the_row_keeps(harvest, database):
    _, report_id = store(harvest, database, BASE + "2012.html", page(LEGACY_2012, "2013-02-20"))
    later = store(harvest, database, BASE + "2012b.html", page(LEGACY_2012_LATER, "2013-05-06"))
    # No table: the figures are the report's numbers, and a later publication stating others
    # is a new version; the first goes to the history.
    assert later == ("changed", report_id)
    assert database["reports"].get(report_id)["canonical_url"] == BASE + "2012b.html"
    assert database["reports"].get(report_id)["value_count"] == 0  # table values only
    (history,) = database["report_history"].rows
    assert (history["url"], history["published"]) == (BASE + "2012.html", "2013-02-20")
    (republished,) = [c for c in database["checks"].rows if c["check"] == "republished"]
    assert "narrative.active_disclosure.items" in republished["message"]
    assert figure_rows(database, report_id) == [
        ("active_disclosure.items", 360, "条", "本年度通过政府门户网站主动公开信息360条。"),
        ("applications.new.total", 0, "件", "本年度未收到政府信息公开申请。"),
    ]
    before = {table: list(database[table].rows) for table in ("narrative_figures", "reports")}
    for url, paragraphs, published in ((BASE + "2012.html", LEGACY_2012, "2013-02-20"),
                                       (BASE + "2012b.html", LEGACY_2012_LATER, "2013-05-06")):
        assert store(harvest, database, url, page(paragraphs, published))[0] == "unchanged"
    assert {table: list(database[table].rows) for table in before} == before


def test_undated_legacy_copies_stating_other_figures_disagree(harvest, database):
    first = page(LEGACY_2012, "2013-02-20").replace(b'<meta name="PubDate"', b'<meta name="x"')
    second = page(LEGACY_2012_LATER, "2013-05-06").replace(b'<meta name="PubDate"',
                                                           b'<meta name="x"')
    store(harvest, database, BASE + "a.html", first)
    assert store(harvest, database, BASE + "b.html", second)[0] == "copy"
    (disagree,) = [c for c in database["checks"].rows if c["check"] == "copies_disagree"]
    assert disagree["where"] == ("narrative.active_disclosure.items, "
                                 "narrative.applications.new.total")
    # The copy stating more figures is kept.
    (report,) = database["reports"].rows
    assert report["canonical_url"] == BASE + "a.html"
    assert figure_rows(database, report["id"]) == LEGACY_2012_FIGURES


def test_the_series_takes_the_tables_and_fills_from_the_text(harvest, database):
    government = make_report(GOVERNMENT, 2021, seed=11)
    review = government["review_litigation"]["review"]["total"]
    assert review != 9
    # The prose states reviews otherwise than the table (the table wins) and the active
    # disclosure count, which no table holds.
    store(harvest, database, BASE + "2021.html", page_with_prose(
        government, "2022-01-15", "本年度主动公开政府信息4945条。全年发生行政复议9件。"))
    store(harvest, database, BASE + "2012.html", page(LEGACY_2012, "2013-02-20"))
    # A report whose section 四 is lost: the text fills reviews and lawsuits.
    bureau = make_report("浑江区教育局", 2022, seed=12)
    del bureau["review_litigation"]
    store(harvest, database, BASE + "jyj2022.html", page_with_prose(
        bureau, "2023-01-20", "全年收到行政复议申请2件，行政诉讼1件。"))

    rows = series(database, GOVERNMENT)
    assert sorted(rows) == [2012, 2021]
    legacy, modern = rows[2012], rows[2021]
    assert (legacy["applications_new"], legacy["applications_handled"], legacy["granted"],
            legacy["reviews"], legacy["lawsuits"], legacy["active_disclosure_items"],
            legacy["source"]) == (7, 7, 5, 1, 0, 356, "text")
    tables = government["applications"]
    litigation = government["review_litigation"]
    assert (modern["applications_new"], modern["applications_handled"], modern["granted"],
            modern["reviews"], modern["lawsuits"]) == (
        tables["new"]["total"], tables["total"]["total"], tables["granted"]["total"], review,
        litigation["litigation_direct"]["total"] + litigation["litigation_after_review"]["total"])
    assert (modern["active_disclosure_items"], modern["source"]) == (4945, "table")
    (filled,) = series(database, "白山市浑江区教育局").values()
    assert (filled["applications_new"], filled["reviews"], filled["lawsuits"],
            filled["source"]) == (bureau["applications"]["new"]["total"], 2, 1, "table+text")

    # The long view holds both: the table's reviews and the text's.
    stated = {(row["source"], row["value"]) for row in database.query(
        "SELECT * FROM figures WHERE agency = ? AND year = 2021 "
        "AND key = 'review_litigation.review.total'", [GOVERNMENT])}
    assert stated == {("table", review), ("text", 9)}
    text = list(database.query("SELECT * FROM figures WHERE source = 'text' AND year = 2012"))
    assert [(r["key"], r["value"], r["unit"], r["sentence"]) for r in text] == \
        LEGACY_2012_FIGURES
    amount = database.execute("SELECT unit FROM figures WHERE source = 'table' "
                              "AND key = 'active_disclosure.fees.amount_wan_yuan'").fetchone()
    assert amount == ("万元",)


def test_export_gives_each_report_its_narrative(harvest, database):
    store(harvest, database, BASE + "2012.html", page(LEGACY_2012, "2013-02-20"))
    store(harvest, database, BASE + "2013.html", page(
        ["白山市浑江区人民政府2013年政府信息公开工作年度报告", "一、概述",
         "我区认真贯彻落实政府信息公开条例，公开工作稳步推进。"], "2014-02-20"))
    store(harvest, database, BASE + "2021.html",
          page_with_prose(make_report(GOVERNMENT, 2021, seed=11), "2022-01-15", "无。"))
    by_year = {report["year"]: report for report in report_objects(database)}
    legacy = by_year[2012]
    assert [(f["key"], f["value"], f["unit"], f["sentence"]) for f in legacy["narrative"]] == \
        LEGACY_2012_FIGURES
    assert set(legacy["narrative"][0]) == {"key", "value", "unit", "sentence", "start", "end"}
    assert "applications" not in legacy
    assert "narrative" not in by_year[2013]  # its prose states no figure
    # The rendered report's section 六 says 本年度未收取信息处理费。
    assert [(f["key"], f["value"], f["unit"], f["sentence"])
            for f in by_year[2021]["narrative"]] == [
        ("applications.fees", 0, "元", "本年度未收取信息处理费。")]
    assert by_year[2021]["applications"]


def test_merge_and_an_older_database_keep_the_figures(harvest, database, tmp_path):
    _, report_id = store(harvest, database, BASE + "2012.html", page(LEGACY_2012, "2013-02-20"))
    database.close()
    merged = tmp_path / "merged.db"
    merge([harvest.database_path], merged)
    target = schema.connect(merged)
    (row,) = target["reports"].rows
    assert figure_rows(target, row["id"]) == LEGACY_2012_FIGURES
    target.close()

    # A database made before the table: connecting fills it from the parses stored.
    older = schema.connect(harvest.database_path)
    older.execute("DROP TABLE narrative_figures")
    older.conn.commit()
    older.close()
    again = schema.connect(harvest.database_path)
    assert figure_rows(again, report_id) == LEGACY_2012_FIGURES
    again.close()


def test_the_export_command_prints_the_narrative(harvest, database):
    store(harvest, database, BASE + "2012.html", page(LEGACY_2012, "2013-02-20"))
    database.close()
    result = subprocess.run([sys.executable, "-m", "harvester", "export", "--db",
                             str(harvest.database_path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)
    (line,) = result.stdout.splitlines()
    exported = json.loads(line)
    assert [f["value"] for f in exported["narrative"]] == [356, 7, 7, 5, 0, 1, 0]


def test_a_figure_without_a_number_is_not_stored():
    report = {"narrative": [{"key": "applications.new.total", "value": 3, "unit": "件"},
                            {"key": "applications.fees", "value": None},
                            {"key": "", "value": 2}, "garbage"]}
    assert filing.figures_of(copy.deepcopy(report)) == [report["narrative"][0]]
