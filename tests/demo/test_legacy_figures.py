"""The demo web's reports before 2019 state figures in prose, written from the catalog: read
back, they are the catalog's truth (``ReportEntry.figures``, which the manifest lists), never the
parser's own reading."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from harvester.demo.catalog import ReportEntry
from harvester.demo.content import report_body
from harvester.demo.render import legacy_paragraphs
from harvester.demo.sites import build_demo_web
from harvester.parse.narrative import read_figures
from harvester.parse.report import parse_bytes
from tests.support.harvest import Harvest, make_item

WUJIANG = "guangdong_shaoguan_wujiang"


@pytest.fixture(scope="module")
def demo():
    return build_demo_web(slow_delay=0.1)


def legacy_entries(demo) -> list[ReportEntry]:
    return [entry for built in demo.regions.values() for entry in built.entries
            if entry.template == "legacy"]


def stated(figures: list[dict]) -> dict:
    """The first statement of each key (a later one restates it)."""
    first: dict = {}
    for figure in figures:
        first.setdefault(figure["key"], figure["value"])
    return first


# Typed by hand: a busy year and a year without applications or proceedings.
BUSY = {"active_disclosure.items": 1234, "applications.new.total": 23,
        "applications.answered.total": 21, "applications.granted.total": 17,
        "review_litigation.review.total": 2, "review_litigation.litigation.total": 1,
        "applications.fees": 0}
QUIET = {"active_disclosure.items": 87, "applications.new.total": 0,
         "review_litigation.review.total": 0, "review_litigation.litigation.total": 0,
         "applications.fees": 0}


@pytest.mark.parametrize("figures", [BUSY, QUIET], ids=["busy", "quiet"])
def test_every_form_of_the_legacy_prose_states_its_figures(figures):
    texts = set()
    for seed in range(40):
        paragraphs = legacy_paragraphs("西河镇人民政府", 2014, figures, random.Random(seed))
        text = "\n".join(paragraphs)
        texts.add(text)
        assert stated(read_figures(text)) == figures, text
    assert len(texts) >= 8  # the sentences vary from report to report


def test_the_catalog_dates_a_district_back_to_2010(demo):
    years = {entry.year: entry for entry in demo.regions[WUJIANG].entries
             if entry.agency == "韶关市武江区人民政府"}
    assert sorted(years) == list(range(2010, 2025))
    assert {year for year, entry in years.items() if entry.template == "legacy"} == \
        set(range(2010, 2019))
    assert all(entry.figures is None for year, entry in years.items() if year >= 2019)


def test_every_legacy_report_of_the_demo_reads_back_as_its_catalog_figures(demo):
    entries = legacy_entries(demo)
    assert len(entries) >= 50
    forms = Counter()
    for entry in entries:
        truth = entry.figures
        assert truth["active_disclosure.items"] > 0 and "applications.new.total" in truth
        html = (f"<html><head><title>{entry.title}</title></head><body>"
                f"<h1>{entry.title}</h1>{report_body(entry)}</body></html>")
        report = parse_bytes(html.encode(), "report.html")
        assert (report["template"], report["year"]) == ("legacy", entry.year), entry.title
        assert stated(report.get("narrative", [])) == truth, entry.title
        assert not [c for c in report["checks"] if c["severity"] != "info"], entry.title
        forms[next(f["sentence"][:4] for f in report["narrative"]
                   if f["key"] == "applications.new.total")] += 1
    assert len(forms) >= 3
    # The same entry renders the same prose: the truth does not move between builds.
    again = build_demo_web(slow_delay=0.1)
    assert [e.figures for e in legacy_entries(again)] == [e.figures for e in entries]
    assert report_body(legacy_entries(again)[0]) == report_body(entries[0])


def test_the_served_legacy_pages_carry_their_figures_through_the_pipelines(demo_web, tmp_path):
    """The district's reports of 2010 to 2018 as the demo web serves them, cleaned and parsed
    as a crawl does."""
    harvest = Harvest(tmp_path)
    reports = [entry for entry in demo_web.manifest[WUJIANG]["reports"]
               if entry["agency"] == "韶关市武江区人民政府" and entry["template"] == "legacy"]
    assert sorted(entry["year"] for entry in reports) == list(range(2010, 2019))
    for entry in reports:
        url = next(u["url"] for u in entry["urls"] if u["role"] == "article")
        fetched = demo_web.fetch(url)
        assert fetched.status == 200, url
        item = harvest(make_item(url, fetched.body, region=WUJIANG,
                                 content_type=fetched.headers.get("content-type")))
        assert item.identity is not None and item.identity.year == entry["year"], url
        assert stated(item.parsed.get("narrative", [])) == entry["figures"], url
