"""The five pipelines on items built from rendered reports, without Scrapy.

Items come from :mod:`tests.support.harvest`: reports rendered in the chrome of a TRS article
page, run through pipelines 1 to 4 the way Scrapy would. The expected numbers are the report
dicts the pages were rendered from.
"""

from __future__ import annotations

import copy
import itertools
import json

import pytest

from harvester.store.agencies import Agency, Identity
from harvester.store.reconcile import Copy, carried_checks, reconcile, relation_checks, values_of
from pipelines.keep_original import KeepOriginalPipeline, blob_path
from tests.support.harvest import Harvest, article_page, make_item, make_report


@pytest.fixture
def harvest(tmp_path):
    return Harvest(tmp_path)


# ---- 1. keep the original -------------------------------------------------------------------

def test_the_original_is_stored_once_with_every_url(tmp_path):
    keep = KeepOriginalPipeline(str(tmp_path))
    body = "浑江区 2021 年报".encode("gbk")
    item = keep.process_item(make_item("http://www.hunjiang.gov.cn/a.html", body, status=200,
                                       headers={"Content-Type": "text/html; charset=gbk"}))
    path = blob_path(tmp_path, item.sha256)
    assert path.read_bytes() == body
    sidecar = path.with_suffix(".json")
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    assert meta["fetches"] == [{"url": "http://www.hunjiang.gov.cn/a.html",
                                "fetched_at": "2026-11-01T08:00:00+00:00", "status": 200,
                                "content_type": "text/html",
                                "headers": {"Content-Type": "text/html; charset=gbk"}}]
    written = (path.stat().st_mtime_ns, sidecar.stat().st_mtime_ns)
    keep.process_item(make_item("http://www.hunjiang.gov.cn/a.html", body,
                                fetched_at="2026-12-01T08:00:00+00:00"))
    assert (path.stat().st_mtime_ns, sidecar.stat().st_mtime_ns) == written
    keep.process_item(make_item("http://www.hgds.gov.cn/a.html", body))
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    assert [f["url"] for f in meta["fetches"]] == ["http://www.hunjiang.gov.cn/a.html",
                                                   "http://www.hgds.gov.cn/a.html"]
    assert len(list(tmp_path.rglob("*.bin"))) == 1


# ---- 2.–3. clean and parse ------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_rendered_page_parses_to_the_numbers_it_was_rendered_from(harvest, encoding):
    report = make_report()
    item = harvest(make_item("http://www.hunjiang.gov.cn/zwgk/1.html",
                             article_page(report, "2023-01-28", encoding)))
    assert item.content_type == "text/html; charset=utf-8"
    assert b"ICP" not in item.body and "登录".encode() not in item.body
    assert item.parsed["agency"] == "浑江区教育局"
    assert item.parsed["year"] == 2022
    assert item.parsed["published"] == "2023-01-28"
    assert values_of(item.parsed) == values_of(report)
    assert "本年新收" in item.parsed["text"]
    assert item.checks == []


def test_a_pdf_passes_clean_untouched_and_bad_bytes_become_checks(harvest):
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\nnot really a pdf"
    item = harvest(make_item("http://www.hunjiang.gov.cn/P0201.pdf", body,
                             content_type="application/pdf", year=2021))
    assert item.body == body
    assert any(c["severity"] == "error" for c in item.parsed["checks"])


def test_a_listing_year_that_contradicts_the_document_is_recorded(harvest):
    item = harvest(make_item("http://www.hunjiang.gov.cn/zwgk/1.html",
                             article_page(make_report(year=2022), "2023-01-28"), year=2021))
    assert [c["check"] for c in item.checks] == ["year_conflict"]


def test_identify_puts_the_agency_year_on_the_item(harvest):
    """The district's education bureau as the page spells it (浑江区教育局), under its
    canonical name and its key within 白山市浑江区."""
    item = harvest(make_item("http://www.hunjiang.gov.cn/zwgk/2.html",
                             article_page(make_report("浑江区教育局", 2022), "2023-01-28")))
    assert item.kind == "report"
    assert item.identity == Identity("jilin_baishan_hunjiang",
                                     Agency("教育局", "白山市浑江区教育局", "department"), 2022,
                                     "浑江区教育局")
    blocked = harvest(make_item("http://www.hunjiang.gov.cn/zwgk/3.html", b"<html></html>",
                                status=412))
    assert (blocked.kind, blocked.identity) == ("failed", None)
    assert "http_error" in [c["check"] for c in blocked.checks]


# ---- 4. checks across documents --------------------------------------------------------------

def test_carried_forward_against_next_years_carried_over():
    earlier = {"applications": {"carried_forward": {"natural_person": 3, "commercial": 0,
                                                    "total": 3}}}
    later = {"applications": {"carried_over": {"natural_person": 2, "commercial": 0,
                                               "total": 2}}}
    (found,) = carried_checks(earlier, later, 2021)
    assert found["check"] == "carried_over_mismatch"
    assert "natural_person 3→2" in found["message"] and "total 3→2" in found["message"]
    assert "commercial" not in found["message"]
    assert carried_checks(earlier, {"applications": {"carried_over": {"natural_person": 3}}},
                          2021) == []
    assert carried_checks(earlier, {}, 2021) == []


def _copy(document_id, url, published, report, fetched_at="2026-11-01T08:00:00",
          parent_url=None):
    return Copy(document_id, url, fetched_at, published, report, parent_url)


def test_copies_with_other_numbers_are_a_republication_or_a_disagreement():
    original = make_report()
    corrected = copy.deepcopy(original)
    corrected["applications"]["granted"]["natural_person"] += 2
    first = _copy(1, "http://a/1.html", "2023-01-28", original)
    later = _copy(2, "http://a/2.html", "2023-03-01", corrected)
    [(document, republished)] = relation_checks(reconcile([first, later]))
    assert document == 2 and republished["check"] == "republished"
    assert "http://a/1.html (2023-01-28)" in republished["message"]
    undated = _copy(3, "http://b/1.pdf", None, corrected)
    [(document, disagree)] = relation_checks(reconcile([first, undated]))
    # The second copy in URL order carries it, naming the first.
    assert document == 3 and disagree["check"] == "copies_disagree"
    assert disagree["message"].startswith("http://a/1.html ")
    assert disagree["where"] == "applications.granted.natural_person"
    same = _copy(4, "http://b/1.html", "2023-01-28", copy.deepcopy(original))
    assert relation_checks(reconcile([first, same])) == []
    # Whatever order the copies come in, the checks are the same.
    for order in itertools.permutations([first, later, undated, same]):
        assert relation_checks(reconcile(list(order))) == relation_checks(
            reconcile([first, later, undated, same]))


# ---- deduplication ---------------------------------------------------------------------------

def test_the_row_keeps_the_latest_publication_and_the_most_complete_copy_in_any_order():
    """The correction's page shows its tables as images; its PDF attachment, undated, is
    dated by that page and supersedes the original on two domains."""
    original = make_report()
    corrected = copy.deepcopy(original)
    corrected["applications"]["new"]["natural_person"] += 1
    images_only = {k: v for k, v in corrected.items() if k != "applications"}
    copies = [
        _copy(1, "http://www.hunjiang.gov.cn/1.html", "2023-01-28", original),
        _copy(2, "http://www.hegang.gov.cn/1.html", "2023-01-28", copy.deepcopy(original)),
        _copy(3, "http://www.hunjiang.gov.cn/2.html", "2023-03-01", images_only),
        _copy(4, "http://www.hunjiang.gov.cn/2.pdf", None, corrected,
              parent_url="http://www.hunjiang.gov.cn/2.html"),
    ]
    for order in itertools.permutations(copies):
        result = reconcile(list(order))
        assert result.chosen.document_id == 4
        assert len(result.superseded) == 1
        assert values_of(result.superseded[0].report) == values_of(original)
        assert result.disagreements == []


def test_undated_copies_that_conflict_are_a_disagreement():
    original = make_report()
    other = copy.deepcopy(original)
    other["review_litigation"]["review"]["upheld"] += 1
    result = reconcile([_copy(1, "http://a/1.html", None, original),
                        _copy(2, "http://b/1.html", None, other)])
    assert result.superseded == []
    ((_, _, keys),) = result.disagreements
    assert keys == [("review_litigation", "review", "upheld")]


def test_the_same_url_with_new_content_is_a_republication():
    original = make_report()
    corrected = copy.deepcopy(original)
    corrected["applications"]["new"]["total"] += 1
    result = reconcile([
        _copy(1, "http://a/1.html", "2023-01-28", original, "2026-11-01T08:00:00"),
        _copy(2, "http://a/1.html", "2023-01-28", corrected, "2026-12-01T08:00:00")])
    assert result.chosen.document_id == 2
    assert [c.document_id for c in result.superseded] == [1]
